/* Files in and out of the self-review: printing one part, exports (JSON, CSV, the plan as CSV,
 * Excel and iCalendar), imports, the comparison with an earlier review, the team view, and the copy
 * of unreadable data. `createFiles(page)` wires them to the page. */

import { FORMAT, checkProfile, clip, emptyAnswer, hasContent, listSome, plural, readRecord, sameContent, toRecord }
  from "./model.js";
import { BACKUP_KEY, KEY, clearBackups, readBackups } from "./storage.js";
import { compareReviews, levelLabel, teamView } from "./merge.js";
import { STATE_LABELS } from "./plan.js";
import { planIcs, planTable, planXlsx, toCsv } from "./writers.js";
import { download, el, say } from "./dom.js";
import { renderCompare, renderTeam } from "./views.js";

const MAX_IMPORT_BYTES = 2000000;
const MAX_TEAM_FILES = 30;
const MAX_UNKNOWN = 500;
const CSV_COLUMNS = ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition",
  "Evidence we have", "Action done"];

export function createFiles(ctx) {
  const { root, items, byId, known, edition, messages, storage } = ctx;
  const persist = (...args) => ctx.persist(...args);
  const refreshAll = () => ctx.refreshAll();
  const buildPlan = () => ctx.buildPlan();
  const flagOf = (item) => ctx.flagOf(item);
  const currentPlanRows = () => ctx.currentPlanRows();
  const today = () => ctx.today();
  let compared = null;
  let team = null;

  /* --- Printing ------------------------------------------------------------------------------ */
  function printPart(part) {
    root.dataset.tkPrinting = part;
    if (part === "plan") {
      buildPlan();
    }
    window.print();
  }
  window.addEventListener("beforeprint", () => buildPlan());
  window.addEventListener("afterprint", () => { delete root.dataset.tkPrinting; });

  /* --- Export -------------------------------------------------------------------------------- */
  function fileDate() {
    return today();
  }

  function exportable() {
    const keep = (map) => new Map(Array.from(map).filter(([, answer]) => hasContent(answer)));
    return toRecord({ answers: keep(ctx.state.answers), unknown: keep(ctx.state.unknown), profile: ctx.state.profile,
      seen: ctx.state.seen || known, edition, exported: new Date().toISOString() });
  }

  function exportFile(kind) {
    const stamp = fileDate();
    if (kind === "json") {
      download(`restore-self-review-${stamp}.json`, "application/json", `${JSON.stringify(exportable(), null, 2)}\n`);
      say(messages.get("main"), "Exported your answers as a JSON file. Import it here later to carry on.", false);
    } else if (kind === "csv") {
      const rows = [CSV_COLUMNS, ...items.map((item) => {
        const a = ctx.state.answers.get(item.id) || emptyAnswer();
        return [item.id, item.mechanismName, item.title, a.level ? levelLabel(a.level) : "", a.notes, a.action, a.owner,
          a.target, a.edition || edition.number, a.evidence, a.done ? "Yes" : ""];
      })];
      download(`restore-self-review-${stamp}.csv`, "text/csv;charset=utf-8", toCsv(rows));
      say(messages.get("main"), "Exported your answers as a CSV file.", false);
    } else if (kind === "plan-csv") {
      download(`restore-action-plan-${stamp}.csv`, "text/csv;charset=utf-8", toCsv(planTable(currentPlanRows(), STATE_LABELS)));
      say(messages.get("plan"), "Downloaded the action plan as a CSV file.", false);
    } else if (kind === "plan-xlsx") {
      download(`restore-action-plan-${stamp}.xlsx`,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", planXlsx(currentPlanRows(), STATE_LABELS));
      say(messages.get("plan"), "Downloaded the action plan as an Excel file.", false);
    } else if (kind === "ics") {
      const rows = currentPlanRows().filter((row) => row.target && row.action && !row.done);
      if (!rows.length) {
        say(messages.get("plan"), "No calendar file was made: no open action has a target date yet.", true);
        return;
      }
      download(`restore-action-plan-${stamp}.ics`, "text/calendar;charset=utf-8",
        planIcs(rows, { programme: ctx.state.profile.name, edition: edition.label }));
      say(messages.get("plan"), `Downloaded a calendar file with ${plural(rows.length, "target date", "target dates")}. ` +
        "Open it with your calendar to add them.", false);
    }
  }

  /* --- Reading files ------------------------------------------------------------------------- */
  function readFile(file) {
    if (file.size > MAX_IMPORT_BYTES) {
      return Promise.resolve({ error: `The file ${clip(file.name, 60)} is too large to be a self-review export.` });
    }
    return file.text().then((text) => {
      let data;
      try {
        data = JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch (err) {
        return { error: `The file ${clip(file.name, 60)} is not a JSON file. Choose a file you exported from this page as JSON.` };
      }
      return { data };
    }, () => ({ error: "The file could not be read." }));
  }

  function problemsText(problems) {
    const shown = problems.slice(0, 3).map((p) => clip(p, 160)).join(" ");
    return problems.length > 3 ? `${shown} (and ${problems.length - 3} more)` : shown;
  }

  function importRecord(name, data) {
    const region = messages.get("main");
    const fail = (reason) => say(region, `Nothing was imported and your answers are unchanged. ${reason}`, true);
    const read = readRecord(data, known, { strict: true });
    if (read.error) {
      fail(`The file ${name}: ${read.error}`);
      return;
    }
    if (read.later) {
      fail(`The file ${name} was made by a later edition of the self-review (format ${read.version}). ` +
        "Import it on the latest edition of the toolkit.");
      return;
    }
    const incoming = new Map(Array.from(read.answers).filter(([, a]) => hasContent(a)));
    const profileIn = checkProfile(read.profile).profile;
    const profileHas = Object.values(profileIn).some(Boolean);
    if (!incoming.size && !profileHas) {
      const why = read.unknown.size ? `None of its answers is for a recommendation in this edition: ${listSome(read.unknown.keys())}.` :
        read.problems.length ? `The file ${name} has problems: ${problemsText(read.problems)}` : `The file ${name} has no answers in it.`;
      fail(why);
      return;
    }
    const replaced = [], added = [], same = [];
    for (const [id, answer] of incoming) {
      const current = ctx.state.answers.get(id);
      if (!hasContent(current)) {
        added.push(id);
      } else if (sameContent(current, answer)) {
        same.push(id);
      } else {
        replaced.push(id);
      }
    }
    const profileChanges = profileHas && ["name", "type", "setting", "people", "date", "reviewer"]
      .some((f) => (ctx.state.profile[f] || "") !== (profileIn[f] || ""));
    const profileReplaces = profileChanges && Object.values({ ...ctx.state.profile, updated: "" }).some(Boolean);
    if (replaced.length || profileReplaces) {
      const parts = [];
      if (replaced.length) {
        parts.push(`your answers to ${plural(replaced.length, "recommendation", "recommendations")} (${listSome(replaced)})`);
      }
      if (profileReplaces) {
        parts.push("the programme profile");
      }
      if (!window.confirm(`Importing ${name} replaces ${parts.join(" and ")} with the file's. ` +
          `${added.length ? `It adds answers to ${listSome(added)}. ` : ""}Other answers stay as they are. Continue?`)) {
        say(region, "Import cancelled. Your answers are unchanged.", false);
        return;
      }
    }
    const now = new Date().toISOString();
    for (const [id, answer] of incoming) {
      ctx.state.answers.set(id, { ...answer, updated: now });
    }
    // Answers to recommendations this edition lacks are kept (a later edition may show them), but only
    // those with content and no more than MAX_UNKNOWN, so a huge file cannot fill the browser's storage.
    const unknownKept = Array.from(read.unknown).filter(([, a]) => hasContent(a)).slice(0, MAX_UNKNOWN);
    for (const [id, answer] of unknownKept) {
      ctx.state.unknown.set(id, { ...answer, updated: now });
    }
    if (profileChanges) {
      ctx.state.profile = { ...profileIn, updated: now };
    }
    persist("");
    refreshAll();
    const report = [`Imported ${plural(incoming.size, "answer", "answers")} from ${name}.`];
    if (replaced.length) {
      report.push(`Replaced your answers to ${listSome(replaced)}.`);
    }
    if (added.length) {
      report.push(`Added answers to ${listSome(added)}.`);
    }
    if (same.length) {
      report.push(`${plural(same.length, "answer was", "answers were")} the same already.`);
    }
    if (profileChanges) {
      report.push("The programme profile now comes from the file.");
    }
    if (read.version === 1) {
      report.push("The file is from the first edition: its statuses were carried over onto the levels " +
        "(Partly became Starting, Not yet became Not in place).");
    }
    if (read.unknown.size) {
      const kept = unknownKept.length === read.unknown.size ? "kept with your answers, but not shown" :
        `${unknownKept.length} of them with answers kept, but not shown`;
      report.push(`${plural(read.unknown.size, "answer is", "answers are")} for recommendations this edition does not ` +
        `have (${listSome(read.unknown.keys())}): ${kept}.`);
    }
    if (read.skipped.size) {
      report.push(`${plural(read.skipped.size, "answer", "answers")} could not be read and ${read.skipped.size === 1 ?
        "was" : "were"} left out: ${problemsText(read.problems)}`);
    }
    const changed = items.filter((item) => flagOf(item) === "changed").length;
    if (changed) {
      report.push(`${plural(changed, "recommendation has", "recommendations have")} changed since you answered: ` +
        "look for the items marked \u2018Changed since you answered\u2019.");
    }
    say(region, report.join(" "), Boolean(read.skipped.size));
  }

  root.querySelector("[data-tk-import]").addEventListener("change", (event) => {
    const input = event.target;
    const file = input.files && input.files[0];
    if (!file) {
      return;
    }
    readFile(file).then((got) => {
      if (got.error) {
        say(messages.get("main"), `Nothing was imported and your answers are unchanged. ${got.error}`, true);
      } else {
        importRecord(clip(file.name, 60), got.data);
      }
      input.value = "";  // choosing the same file again still triggers an import
    });
  });

  /* --- Compare with an earlier review -------------------------------------------------------- */
  function current() {
    return new Map(Array.from(ctx.state.answers).filter(([, a]) => hasContent(a)));
  }

  function showCompare() {
    renderCompare(root.querySelector("[data-tk-compare]"), { result: compareReviews(items, compared.read.answers,
      current(), today()), earlier: compared.read, name: compared.name, profile: ctx.state.profile, edition, today: today() });
  }

  root.querySelector("[data-tk-compare-file]").addEventListener("change", (event) => {
    const input = event.target;
    const file = input.files && input.files[0];
    const region = messages.get("compare");
    if (!file) {
      return;
    }
    readFile(file).then((got) => {
      input.value = "";
      if (got.error) {
        say(region, `Nothing to compare. ${got.error}`, true);
        return;
      }
      const read = readRecord(got.data, known, { strict: false });
      if (read.error) {
        say(region, `Nothing to compare. The file ${clip(file.name, 60)}: ${read.error}`, true);
        return;
      }
      compared = { name: clip(file.name, 60), read };
      showCompare();
      const result = compareReviews(items, read.answers, current(), today());
      const extra = read.problems.length ? ` Some of it could not be read: ${problemsText(read.problems)}` : "";
      say(region, `Compared with ${compared.name}. ${result.up} moved up, ${result.down} moved down.${extra}`,
        Boolean(read.problems.length));
    });
  });

  /* --- Review as a team ---------------------------------------------------------------------- */
  function showTeam() {
    renderTeam(root.querySelector("[data-tk-team]"), { view: team.view, reviews: team.reviews, profile: ctx.state.profile,
      edition, today: today() });
  }

  root.querySelector("[data-tk-team-files]").addEventListener("change", (event) => {
    const input = event.target;
    const files = Array.from(input.files || []).slice(0, MAX_TEAM_FILES);
    const region = messages.get("team");
    const more = (input.files || []).length - files.length;
    if (!files.length) {
      return;
    }
    Promise.all(files.map(readFile)).then((results) => {
      input.value = "";
      const reviews = [];
      const problems = [];
      const names = new Set();
      results.forEach((got, i) => {
        const name = clip(files[i].name, 60);
        if (got.error) {
          problems.push(got.error);
          return;
        }
        const read = readRecord(got.data, known, { strict: false });
        if (read.error) {
          problems.push(`${name}: ${read.error}`);
          return;
        }
        let label = read.profile.reviewer ? clip(read.profile.reviewer, 40) : name;
        for (let n = 2; names.has(label); n += 1) {
          label = `${read.profile.reviewer ? clip(read.profile.reviewer, 40) : name} (${n})`;
        }
        names.add(label);
        reviews.push({ name: label, answers: read.answers, profile: read.profile });
      });
      if (more > 0) {
        problems.push(`Only the first ${MAX_TEAM_FILES} files were read; ${more} more were left out.`);
      }
      if (!reviews.length) {
        say(region, `No reviews to show. ${problemsText(problems)}`, true);
        return;
      }
      team = { reviews, view: teamView(items, reviews) };
      showTeam();
      say(region, `Showing ${plural(reviews.length, "review", "reviews")} side by side. ` +
        `${plural(team.view.differ, "recommendation differs", "recommendations differ")} by two levels or more.` +
        (problems.length ? ` Left out: ${problemsText(problems)}` : ""), Boolean(problems.length));
    });
  });

  function useTeamDraft() {
    if (!team) {
      return;
    }
    const drafts = team.view.rows.filter((row) => hasContent(row.draft));
    const replaced = drafts.filter((row) => hasContent(ctx.state.answers.get(row.id)) &&
      !sameContent(ctx.state.answers.get(row.id), row.draft)).map((row) => row.id);
    if (replaced.length && !window.confirm(`Using the merged draft replaces your answers to ` +
        `${plural(replaced.length, "recommendation", "recommendations")} (${listSome(replaced)}). Continue?`)) {
      say(messages.get("team"), "Nothing changed. Your answers are as they were.", false);
      return;
    }
    const now = new Date().toISOString();
    for (const row of drafts) {
      ctx.state.answers.set(row.id, { ...row.draft, fingerprint: byId.get(row.id).fingerprint, edition: edition.number,
        updated: now });
    }
    persist("");
    refreshAll();
    say(messages.get("team"), `The merged draft is now your answers to ${plural(drafts.length, "recommendation",
      "recommendations")}${replaced.length ? `, replacing your answers to ${listSome(replaced)}` : ""}. ` +
      "Edit them in the form above.", false);
  }

  /* --- Unreadable data kept aside ------------------------------------------------------------ */
  function showBackups() {
    const box = root.querySelector("[data-tk-backup]");
    let count = 0;
    try {
      count = readBackups(storage).length;
    } catch (err) { /* storage blocked */ }
    count += ctx.unkept.length;
    box.hidden = count === 0;
    root.querySelector("[data-tk-backup-text]").textContent = count ? "Some data saved on this device could not be " +
      `read whole, so an untouched copy is kept (${plural(count, "copy", "copies")}). Download it to keep it, or to ` +
      "send it to someone who can help." : "";
  }

  function downloadBackups() {
    const list = readBackups(storage).concat(ctx.unkept);
    download(`restore-self-review-saved-copy-${fileDate()}.json`, "application/json",
      `${JSON.stringify({ format: `${FORMAT}-backup`, keys: [KEY, BACKUP_KEY], copies: list }, null, 2)}\n`);
    say(messages.get("main"), "Downloaded the saved copy.", false);
  }

  function showNotices(notices) {
    const box = root.querySelector("[data-tk-notice]");
    box.textContent = "";
    if (!notices.length) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.append(el("p", notices.slice(0, 3).join(" ")));
    const link = el("a", "Go to the saved copy");
    link.href = "#review-tools";
    const line = el("p");
    line.append(link);
    box.append(line);
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) {
      return;
    }
    if (button.dataset.tkExport) {
      exportFile(button.dataset.tkExport);
    } else if (button.dataset.tkReviewPrint) {
      printPart(button.dataset.tkReviewPrint);
    } else if (button.hasAttribute("data-tk-backup-download")) {
      downloadBackups();
    } else if (button.hasAttribute("data-tk-backup-discard")) {
      if (window.confirm("Remove the saved copy of the data that could not be read? Download it first if you may need it.")) {
        clearBackups(storage);
        ctx.unkept = [];
        showBackups();
        say(messages.get("main"), "The saved copy was removed.", false);
      }
    } else if (button.hasAttribute("data-tk-team-use")) {
      useTeamDraft();
    }
  });

  ctx.afterRefresh = () => {
    if (compared) {
      showCompare();
    }
  };
  Object.assign(ctx, { showBackups, showNotices });
}
