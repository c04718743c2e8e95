/* RESTORE toolkit: the self-review page. Entry point, loaded as an ES module on review.md only.
 *
 * Answers are kept in this browser's localStorage and never sent anywhere: no module makes a
 * network request. This file wires the page together: it fills the form from storage, saves on
 * every change (merging what other tabs saved), and runs the plan, exports, imports, comparison
 * and team view. The pure logic is in the other modules, unit-tested with `node --test tests/js/`.
 */

import { formatNumeric, formatUk, formatUkDateTime, localIso, parseUkDate } from "./dates.js";
import { FORMAT, LEVEL, PROGRAMME_TYPES, SETTINGS, fitsProfile, checkProfile, emptyAnswer, emptyProfile, hasContent, listSome, plural, readRecord,
  sameContent, toRecord, clip } from "./model.js";
import { BACKUP_KEY, KEY, LEGACY_KEYS, clearBackups, loadState, pullState, readBackups, saveState } from "./storage.js";
import { compareReviews, levelLabel, teamView } from "./merge.js";
import { planRows, STATE_LABELS } from "./plan.js";
import { planIcs, planTable, planXlsx, toCsv } from "./writers.js";
import { download, el, say } from "./dom.js";
import { renderCompare, renderPlan, renderTeam, planSummaryText } from "./views.js";

const MAX_IMPORT_BYTES = 2000000;
const MAX_TEAM_FILES = 30;
const MAX_UNKNOWN = 500;
const CSV_COLUMNS = ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition",
  "Evidence we have", "Action done"];

const root = document.querySelector("[data-tk-review]");
const dataBlock = document.getElementById("tk-review-data");
if (root && dataBlock) {
  start(JSON.parse(dataBlock.textContent));
}

function start(config) {
  const edition = config.edition;
  const mechanismNames = new Map(config.mechanisms.map((m) => [m.id, m.name]));
  const items = config.items.map((item) => ({ ...item, mechanismName: mechanismNames.get(item.mechanism),
    el: root.querySelector(`[data-tk-item][data-id="${CSS.escape(item.id)}"]`) })).filter((item) => item.el);
  const byId = new Map(items.map((item) => [item.id, item]));
  const known = new Set(items.map((item) => item.id));
  // One live region per part of the page: the main one (saving, exports, imports), then the plan's,
  // the comparison's and the team view's.
  const messages = new Map([["main", root.querySelector("[data-tk-message]")],
    ...Array.from(root.querySelectorAll("[data-tk-note]"), (m) => [m.dataset.tkNote, m])]);
  const storage = openStorage();
  let storageWorks = true;
  let state;
  let unkept = [];
  let compared = null;
  let team = null;

  /* --- Storage ------------------------------------------------------------------------------ */
  function openStorage() {
    try {
      const s = window.localStorage;
      s.getItem(KEY);
      return s;
    } catch (err) {
      return { getItem() { throw err; }, setItem() { throw err; }, removeItem() { throw err; } };
    }
  }

  function persist(announcement, region = "main") {
    const result = saveState(storage, state, known, { edition });
    state = result.state;
    storageWorks = result.works;
    if (!storageWorks) {
      say(messages.get(region), result.unsafe ?
        "Your answers were not saved: the data saved before could not be read or copied. Download it below first." :
        "This browser is not letting the page save your answers. Export them before you leave the page.", true);
    } else if (announcement) {
      say(messages.get(region), announcement, false);
    }
    if (result.changed.length) {
      showOthers(result.changed);
    }
    showBackups();
  }

  function showOthers(changed) {
    const ids = changed.filter((id) => byId.has(id));
    ids.forEach((id) => fillRow(byId.get(id), true));
    if (changed.includes("profile")) {
      fillProfile(true);
      applyNarrow();
    }
    refresh();
    if (ids.length || changed.includes("profile")) {
      const what = ids.length ? `your answers to ${listSome(ids)}` : "";
      const profile = changed.includes("profile") ? "the programme profile" : "";
      say(messages.get("main"), `Changed in another tab or window, and shown here too: ${[what, profile]
        .filter(Boolean).join(" and ")}.`, false);
    }
  }

  /* --- Rows ---------------------------------------------------------------------------------- */
  function field(item, name) {
    return item.el.querySelector(`[data-tk-field=${name}]`);
  }

  function readRow(item) {
    const answer = emptyAnswer();
    const checked = item.el.querySelector("[data-tk-field=level]:checked");
    answer.level = checked ? checked.value : "";
    for (const name of ["notes", "evidence", "action", "owner"]) {
      answer[name] = field(item, name).value;
    }
    const parsed = parseUkDate(field(item, "target").value);
    const before = state.answers.get(item.id);
    answer.target = parsed.error ? (before ? before.target : "") : parsed.iso;
    answer.done = field(item, "done").checked;
    return answer;
  }

  function flagOf(item) {
    const answer = state.answers.get(item.id);
    if (hasContent(answer)) {
      return answer.fingerprint === item.fingerprint ? "" : "changed";
    }
    return state.seen && !state.seen.has(item.id) ? "new" : "";
  }

  function showFlag(item) {
    const slot = item.el.querySelector("[data-tk-flag]");
    const flag = flagOf(item);
    slot.textContent = "";
    slot.hidden = !flag;
    item.el.classList.toggle("tk-review-item--flagged", Boolean(flag));
    if (flag === "new") {
      slot.append(el("strong", "New", "tk-review-badge"), " This recommendation is new since you last saved your answers.");
    } else if (flag === "changed") {
      const keep = el("button", "My answer still stands", "md-button tk-review-keep");
      keep.type = "button";
      keep.dataset.tkKeep = "";
      keep.setAttribute("aria-label", `My answer to ${item.id} still stands`);
      slot.append(el("strong", "Changed since you answered", "tk-review-badge"),
        " The recommendation has been updated since you answered. Read it again and check your answer. ", keep);
    }
  }

  function showDate(input) {
    const shown = input.parentElement.querySelector("[data-tk-date-shown]");
    const parsed = parseUkDate(input.value);
    input.toggleAttribute("aria-invalid", Boolean(parsed.error));
    if (parsed.error) {
      input.setAttribute("aria-invalid", "true");
    }
    shown.classList.toggle("tk-review-date-error", Boolean(parsed.error));
    shown.textContent = parsed.error ? `Not saved. ${parsed.error}` : parsed.iso ? formatUk(parsed.iso) : "";
    return parsed;
  }

  function fillRow(item, fromElsewhere) {
    const answer = state.answers.get(item.id) || emptyAnswer();
    const active = document.activeElement;
    item.el.querySelectorAll("[data-tk-field=level]").forEach((radio) => { radio.checked = radio.value === answer.level; });
    for (const name of ["notes", "evidence", "action", "owner"]) {
      const input = field(item, name);
      if (!(fromElsewhere && input === active && input.value === answer[name])) {
        input.value = answer[name] || "";
      }
    }
    const target = field(item, "target");
    if (!(fromElsewhere && target === active && parseUkDate(target.value).iso === answer.target)) {
      target.value = formatNumeric(answer.target);
    }
    showDate(target);
    field(item, "done").checked = Boolean(answer.done);
    showRowState(item);
  }

  function showRowState(item) {
    const answer = state.answers.get(item.id);
    showFlag(item);
    const level = answer && LEVEL.get(answer.level);
    item.el.querySelector("[data-tk-meaning]").textContent = level ? level.description : "";
    item.el.querySelector("[data-tk-clear-row]").hidden = !hasContent(answer);
    const when = hasContent(answer) && answer.updated ? formatUkDateTime(answer.updated) : "";
    item.el.querySelector("[data-tk-saved]").textContent = when ? `Saved on this device: ${when}.` : "";
  }

  function record(item) {
    const answer = readRow(item);
    const before = state.answers.get(item.id);
    if (sameContent(before, answer)) {
      return false;
    }
    answer.fingerprint = item.fingerprint;
    answer.edition = edition.number;
    answer.updated = new Date().toISOString();
    state.answers.set(item.id, answer);
    return true;
  }

  /* --- Profile ------------------------------------------------------------------------------- */
  const profileInputs = Array.from(root.querySelectorAll("[data-tk-profile]"));

  function fillProfile(fromElsewhere) {
    for (const input of profileInputs) {
      const name = input.dataset.tkProfile;
      if (fromElsewhere && input === document.activeElement) {
        continue;
      }
      input.value = name === "date" ? formatNumeric(state.profile.date) : state.profile[name] || "";
      if (name === "date") {
        showDate(input);
      }
    }
  }

  function recordProfile(input) {
    const name = input.dataset.tkProfile;
    let value = input.value;
    if (name === "date") {
      const parsed = showDate(input);
      if (parsed.error) {
        return;
      }
      value = parsed.iso;
    }
    if ((state.profile[name] || "") === value) {
      return;
    }
    state.profile = { ...state.profile, [name]: value, updated: new Date().toISOString() };
    persist("");
    applyNarrow();
    buildPlan();
  }

  /* --- Narrowing the list to the recommendations that fit the programme ----------------------- */
  const narrowBox = root.querySelector("[data-tk-narrow-box]");
  const narrowInput = root.querySelector("[data-tk-narrow]");
  const anyFits = items.some((item) => item.fits);

  function applyNarrow() {
    const profile = state.profile;
    const chosen = (profile.type && profile.type !== "other") || (profile.setting && profile.setting !== "other");
    narrowBox.hidden = !anyFits || !chosen;
    narrowInput.checked = Boolean(profile.narrow);
    const narrow = !narrowBox.hidden && narrowInput.checked;
    const left = [];
    for (const item of items) {
      const hide = narrow && !fitsProfile(item, profile);
      item.el.hidden = hide;
      if (hide) {
        left.push(item.id);
      }
    }
    for (const group of root.querySelectorAll(".tk-review-group")) {
      const empty = !group.querySelector("[data-tk-item]:not([hidden])");
      group.hidden = empty;
      const heading = document.getElementById(`review-${group.dataset.mechanism}`);
      if (heading) {
        heading.hidden = empty;
        if (heading.nextElementSibling && heading.nextElementSibling.matches(".tk-review-intro")) {
          heading.nextElementSibling.hidden = empty;
        }
      }
    }
    const status = root.querySelector("[data-tk-narrow-status]");
    const what = [PROGRAMME_TYPES.get(profile.type), SETTINGS.get(profile.setting)].filter(Boolean)
      .filter((text) => !/^Another/.test(text)).join(", ");
    status.textContent = !narrow ? "" : left.length ?
      `Showing ${items.length - left.length} of ${items.length} recommendations: those that fit ${what}. ` +
      `Hidden: ${listSome(left)}. Untick the box to see every one.` :
      `Every recommendation fits ${what}.`;
  }

  /* --- Progress, plan ------------------------------------------------------------------------ */
  function answered(item) {
    const answer = state.answers.get(item.id);
    return Boolean(answer && answer.level);
  }

  function countsText() {
    const n = items.filter(answered).length;
    return n === items.length ? `You have answered all ${items.length} recommendations.` :
      `You have answered ${n} of ${items.length} recommendations.`;
  }

  function updateProgress() {
    root.querySelectorAll("[data-tk-progress]").forEach((row) => {
      const key = row.dataset.tkProgress;
      const group = key === "all" ? items : items.filter((item) => item.mechanism === key);
      row.querySelectorAll("[data-tk-count]").forEach((cell) => {
        const what = cell.dataset.tkCount;
        const n = what === "answered" ? group.filter(answered).length :
          group.filter((item) => (state.answers.get(item.id) || {}).level === what).length;
        cell.textContent = what === "answered" ? `${n} of ${group.length}` : String(n);
      });
    });
    root.querySelector("[data-tk-overall]").textContent = countsText();
    root.querySelector("[data-tk-bar-count]").textContent = `Answered ${items.filter(answered).length} of ${items.length}`;
    root.querySelector("[data-tk-progress-bar]").value = items.filter(answered).length;
  }

  function today() {
    return localIso(new Date());
  }

  function currentPlanRows() {
    const list = items.map((item) => ({ ...item, changed: flagOf(item) === "changed" }));
    return planRows(list, state.answers, today());
  }

  function buildPlan() {
    const rows = currentPlanRows();
    renderPlan(root.querySelector("[data-tk-plan-head]"), root.querySelector("[data-tk-plan-body]"), {
      rows, by: root.querySelector("[data-tk-plan-group]").value, profile: state.profile, edition, today: today(),
      notAnswered: items.filter((item) => !answered(item)).map((item) => item.id), counts: countsText() });
    root.querySelector("[data-tk-plan-summary]").textContent = planSummaryText(rows);
  }

  function refresh() {
    updateProgress();
    buildPlan();
    if (compared) {
      showCompare();
    }
  }

  function refreshAll() {
    items.forEach((item) => fillRow(item, false));
    fillProfile(false);
    applyNarrow();
    refresh();
  }

  /* --- Moving through the form --------------------------------------------------------------- */
  function goTo(item) {
    item.el.scrollIntoView({ block: "start" });
    const checked = item.el.querySelector("[data-tk-field=level]:checked");
    (checked || item.el.querySelector("[data-tk-field=level]")).focus({ preventScroll: true });
  }

  function nextUnanswered(fromTop) {
    let from = -1;
    if (!fromTop) {
      const here = document.activeElement && document.activeElement.closest("[data-tk-item]");
      if (here) {
        from = items.findIndex((item) => item.el === here);
      } else {
        // The item nearest the top of the window.
        from = items.findIndex((item) => item.el.getBoundingClientRect().bottom > 120) - 1;
      }
    }
    const order = [...items.slice(from + 1), ...items.slice(0, from + 1)];
    const next = order.find((item) => !answered(item) && !item.el.hidden);
    if (next) {
      goTo(next);
      return;
    }
    const plan = document.getElementById("review-plan");
    plan.tabIndex = -1;
    plan.scrollIntoView({ block: "start" });
    plan.focus({ preventScroll: true });
    say(messages.get("plan"), "Every recommendation has an answer. This is your action plan.", false);
  }

  /* --- Events -------------------------------------------------------------------------------- */
  root.addEventListener("input", (event) => {
    const target = event.target;
    if (target.dataset.tkProfile !== undefined) {
      recordProfile(target);
      return;
    }
    const itemEl = target.closest("[data-tk-item]");
    if (!itemEl || !target.dataset.tkField) {
      return;
    }
    const item = byId.get(itemEl.dataset.id);
    if (target.dataset.tkField === "target") {
      showDate(target);
    }
    if (record(item)) {
      persist("");
      showRowState(item);
      refresh();
    }
  });

  root.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches("[data-tk-plan-group]")) {
      buildPlan();
      return;
    }
    if (target.matches("[data-tk-narrow]")) {
      state.profile = { ...state.profile, narrow: target.checked, updated: new Date().toISOString() };
      persist("");
      applyNarrow();
      return;
    }
    if (target.dataset.tkProfile === "date" && !parseUkDate(target.value).error) {
      target.value = formatNumeric(state.profile.date);
      return;
    }
    const itemEl = target.closest("[data-tk-item]");
    const name = target.dataset.tkField;
    if (!itemEl || !name) {
      return;
    }
    const item = byId.get(itemEl.dataset.id);
    const changed = record(item);
    if (name === "target") {
      const parsed = showDate(target);
      if (!parsed.error) {
        target.value = formatNumeric(parsed.iso);
      }
    }
    if (changed) {
      persist("");
    }
    if (name === "level") {
      say(messages.get("main"), `Saved your answer to ${item.id} (${levelLabel(target.value)}) on this device.`, false);
    }
    showRowState(item);
    refresh();
  });

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) {
      return;
    }
    const itemEl = button.closest("[data-tk-item]");
    const item = itemEl && byId.get(itemEl.dataset.id);
    if (button.hasAttribute("data-tk-keep") && item) {
      state.answers.set(item.id, { ...state.answers.get(item.id), fingerprint: item.fingerprint,
        updated: new Date().toISOString() });
      persist(`Kept your answer to ${item.id} for the updated recommendation.`);
      showRowState(item);
      refresh();
      item.el.querySelector("[data-tk-field=level]").focus();
    } else if (button.hasAttribute("data-tk-clear-row") && item) {
      if (window.confirm(`Clear your answer to ${item.id}?`)) {
        state.answers.set(item.id, { ...emptyAnswer(), updated: new Date().toISOString() });
        persist(`Cleared your answer to ${item.id}.`);
        fillRow(item, false);
        refresh();
        item.el.querySelector("[data-tk-field=level]").focus();
      }
    } else if (button.hasAttribute("data-tk-start")) {
      nextUnanswered(true);
    } else if (button.hasAttribute("data-tk-next")) {
      nextUnanswered(false);
    } else if (button.hasAttribute("data-tk-clear-all")) {
      clearAll();
    } else if (button.dataset.tkExport) {
      exportFile(button.dataset.tkExport);
    } else if (button.dataset.tkReviewPrint) {
      printPart(button.dataset.tkReviewPrint);
    } else if (button.hasAttribute("data-tk-backup-download")) {
      downloadBackups();
    } else if (button.hasAttribute("data-tk-backup-discard")) {
      if (window.confirm("Remove the saved copy of the data that could not be read? Download it first if you may need it.")) {
        clearBackups(storage);
        unkept = [];
        showBackups();
        say(messages.get("main"), "The saved copy was removed.", false);
      }
    } else if (button.hasAttribute("data-tk-team-use")) {
      useTeamDraft();
    }
  });

  function clearAll() {
    if (!window.confirm("Clear all your answers and the programme profile from this browser, in every edition " +
        "of the toolkit? This cannot be undone. Export them first if you want to keep them.")) {
      return;
    }
    const now = new Date().toISOString();
    for (const map of [state.answers, state.unknown]) {
      for (const id of map.keys()) {
        map.set(id, { ...emptyAnswer(), updated: now });
      }
    }
    state.profile = { ...emptyProfile(), updated: now };
    persist("");
    try {
      LEGACY_KEYS.forEach((key) => storage.removeItem(key));
    } catch (err) { /* nothing stored */ }
    clearBackups(storage);
    unkept = [];
    refreshAll();
    showBackups();
    say(messages.get("main"), "Your answers have been cleared from this device.", false);
  }

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
    return toRecord({ answers: keep(state.answers), unknown: keep(state.unknown), profile: state.profile,
      seen: state.seen || known, edition, exported: new Date().toISOString() });
  }

  function exportFile(kind) {
    const stamp = fileDate();
    if (kind === "json") {
      download(`restore-self-review-${stamp}.json`, "application/json", `${JSON.stringify(exportable(), null, 2)}\n`);
      say(messages.get("main"), "Exported your answers as a JSON file. Import it here later to carry on.", false);
    } else if (kind === "csv") {
      const rows = [CSV_COLUMNS, ...items.map((item) => {
        const a = state.answers.get(item.id) || emptyAnswer();
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
        planIcs(rows, { programme: state.profile.name, edition: edition.label }));
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
      const current = state.answers.get(id);
      if (!hasContent(current)) {
        added.push(id);
      } else if (sameContent(current, answer)) {
        same.push(id);
      } else {
        replaced.push(id);
      }
    }
    const profileChanges = profileHas && ["name", "type", "setting", "people", "date", "reviewer"]
      .some((f) => (state.profile[f] || "") !== (profileIn[f] || ""));
    const profileReplaces = profileChanges && Object.values({ ...state.profile, updated: "" }).some(Boolean);
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
      state.answers.set(id, { ...answer, updated: now });
    }
    // Answers to recommendations this edition lacks are kept (a later edition may show them), but only
    // those with content and no more than MAX_UNKNOWN, so a huge file cannot fill the browser's storage.
    const unknownKept = Array.from(read.unknown).filter(([, a]) => hasContent(a)).slice(0, MAX_UNKNOWN);
    for (const [id, answer] of unknownKept) {
      state.unknown.set(id, { ...answer, updated: now });
    }
    if (profileChanges) {
      state.profile = { ...profileIn, updated: now };
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
    return new Map(Array.from(state.answers).filter(([, a]) => hasContent(a)));
  }

  function showCompare() {
    renderCompare(root.querySelector("[data-tk-compare]"), { result: compareReviews(items, compared.read.answers,
      current(), today()), earlier: compared.read, name: compared.name, profile: state.profile, edition, today: today() });
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
    renderTeam(root.querySelector("[data-tk-team]"), { view: team.view, reviews: team.reviews, profile: state.profile,
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
    const replaced = drafts.filter((row) => hasContent(state.answers.get(row.id)) &&
      !sameContent(state.answers.get(row.id), row.draft)).map((row) => row.id);
    if (replaced.length && !window.confirm(`Using the merged draft replaces your answers to ` +
        `${plural(replaced.length, "recommendation", "recommendations")} (${listSome(replaced)}). Continue?`)) {
      say(messages.get("team"), "Nothing changed. Your answers are as they were.", false);
      return;
    }
    const now = new Date().toISOString();
    for (const row of drafts) {
      state.answers.set(row.id, { ...row.draft, fingerprint: byId.get(row.id).fingerprint, edition: edition.number,
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
    count += unkept.length;
    box.hidden = count === 0;
    root.querySelector("[data-tk-backup-text]").textContent = count ? "Some data saved on this device could not be " +
      `read whole, so an untouched copy is kept (${plural(count, "copy", "copies")}). Download it to keep it, or to ` +
      "send it to someone who can help." : "";
  }

  function downloadBackups() {
    const list = readBackups(storage).concat(unkept);
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

  /* --- Start --------------------------------------------------------------------------------- */
  const loaded = loadState(storage, known);
  state = loaded.state;
  storageWorks = loaded.works;
  unkept = loaded.unkept || [];
  refreshAll();
  showBackups();
  showNotices(loaded.notices);
  if (!storageWorks) {
    say(messages.get("main"), "This browser is not letting the page save your answers. Export them before you leave the page.", true);
  }
  root.classList.add("tk-review--ready");
  // Another tab or window of any edition saved: merge its answers here, answer by answer.
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY && event.key !== null) {
      return;
    }
    const pulled = pullState(storage, state, known);
    state = pulled.state;
    if (pulled.changed.length) {
      showOthers(pulled.changed);
    }
    showBackups();
  });
}
