/* RESTORE toolkit: the self-review page.
 *
 * Answers are kept in this browser's localStorage under one key and never sent anywhere: this
 * script makes no network requests. It fills the form from storage, saves on every change,
 * keeps the progress summary and the printable action plan up to date, and exports or imports
 * the answers as files. Everything it writes into the page goes through textContent or value,
 * so an imported file cannot inject markup.
 */
(function () {
  "use strict";

  const root = document.querySelector("[data-tk-review]");
  if (!root) {
    return;
  }

  const KEY = root.dataset.storageKey;
  const FORMAT = "restore-toolkit-review";
  const VERSION = 1;
  const STATUS = { "in-place": "In place", "partly": "Partly", "not-yet": "Not yet", "not-applicable": "Not applicable" };
  const GAPS = ["partly", "not-yet"];
  const TEXT_LIMITS = { notes: 4000, action: 4000, owner: 200 };
  const FIELDS = ["status", "notes", "action", "owner", "target"];
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  const FINGERPRINT = /^[0-9a-f]{12}$/;
  const MAX_IMPORT_BYTES = 2000000;
  const CSV_COLUMNS = ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition"];

  const edition = { number: root.dataset.edition, label: root.dataset.editionLabel, date: root.dataset.editionDate };
  const items = Array.from(root.querySelectorAll("[data-tk-item]"));
  const byId = {};
  const titles = {};
  items.forEach(function (el) {
    byId[el.dataset.id] = el;
    // The heading reads "TK01: Title"; the title alone goes into exports and the plan.
    const heading = el.querySelector("h3 a");
    titles[el.dataset.id] = heading.textContent.trim().replace(el.dataset.id + ": ", "");
  });
  const mechanismNames = {};
  root.querySelectorAll("[data-tk-progress]").forEach(function (row) {
    mechanismNames[row.dataset.tkProgress] = row.querySelector("th").textContent.trim();
  });
  const message = root.querySelector("[data-tk-message]");
  const plan = root.querySelector("[data-tk-plan]");
  let storageWorks = true;
  let state = null;

  /* --- Storage ------------------------------------------------------------------------------ */
  function emptyState() {
    return { format: FORMAT, version: VERSION, saved: null, seen: null, answers: {} };
  }

  function load() {
    let raw = null;
    try {
      raw = window.localStorage.getItem(KEY);
    } catch (err) {
      storageWorks = false;
      return emptyState();
    }
    if (!raw) {
      return emptyState();
    }
    try {
      const checked = check(JSON.parse(raw));
      if (checked.errors.length === 0) {
        // Answers to items this edition lacks are kept in storage (and in JSON exports), just not shown.
        return { format: FORMAT, version: VERSION, saved: checked.saved, seen: checked.seen,
                 answers: Object.assign({}, checked.unknownAnswers, checked.answers) };
      }
    } catch (err) { /* reported below */ }
    say("Your saved answers could not be read, so the form starts empty. They are overwritten when you next answer.", true);
    return emptyState();
  }

  function save(announcement) {
    const ids = new Set(state.seen || items.map(function (el) { return el.dataset.id; }));
    Object.keys(state.answers).forEach(function (id) { ids.add(id); });
    state.seen = Array.from(ids).sort();
    state.saved = new Date().toISOString();
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      storageWorks = true;
    } catch (err) {
      storageWorks = false;
    }
    if (!storageWorks) {
      say("This browser is not letting the page save your answers. Export them before you leave the page.", true);
    } else if (announcement) {
      say(announcement, false);
    }
  }

  /* --- Checking a stored or imported document ------------------------------------------------ */
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function checkAnswer(id, answer) {
    if (!isObject(answer)) {
      return id + ": the answer is not a group of fields.";
    }
    if (answer.status !== undefined && answer.status !== "" && !Object.prototype.hasOwnProperty.call(STATUS, answer.status)) {
      return id + ": '" + String(answer.status) + "' is not a status. Use " + Object.keys(STATUS).join(", ") + ".";
    }
    for (const field of Object.keys(TEXT_LIMITS)) {
      const value = answer[field];
      if (value !== undefined && typeof value !== "string") {
        return id + ": " + field + " should be text.";
      }
      if (typeof value === "string" && value.length > TEXT_LIMITS[field]) {
        return id + ": " + field + " is longer than " + TEXT_LIMITS[field] + " characters.";
      }
    }
    if (answer.target !== undefined && answer.target !== "" && !(typeof answer.target === "string" && DATE.test(answer.target))) {
      return id + ": the target date should be written YYYY-MM-DD.";
    }
    if (answer.fingerprint !== undefined && !(typeof answer.fingerprint === "string" && FINGERPRINT.test(answer.fingerprint))) {
      return id + ": the fingerprint is not in the right form.";
    }
    return "";
  }

  function clean(answer) {
    const out = {};
    FIELDS.forEach(function (field) { out[field] = typeof answer[field] === "string" ? answer[field] : ""; });
    ["fingerprint", "edition", "updated"].forEach(function (field) {
      if (typeof answer[field] === "string") {
        out[field] = answer[field];
      }
    });
    return out;
  }

  /* Split a document into answers for this page, answers to unknown items, and errors. */
  function check(data) {
    const result = { errors: [], answers: {}, unknownAnswers: {}, unknown: [], seen: null, saved: null };
    if (isObject(data) && data.format === FORMAT && typeof data.version === "number" && data.version > VERSION) {
      result.errors.push("The file was made by a newer version of the self-review. " +
                         "Import it on the latest edition of the toolkit.");
      return result;
    }
    if (!isObject(data) || data.format !== FORMAT || data.version !== VERSION) {
      result.errors.push("The file is JSON, but it is not an export from this self-review.");
      return result;
    }
    if (!isObject(data.answers)) {
      result.errors.push("The file has no answers in it.");
      return result;
    }
    Object.keys(data.answers).forEach(function (id) {
      const problem = checkAnswer(id, data.answers[id]);
      if (problem) {
        result.errors.push(problem);
      } else if (byId[id]) {
        result.answers[id] = clean(data.answers[id]);
      } else {
        result.unknown.push(id);
        result.unknownAnswers[id] = clean(data.answers[id]);
      }
    });
    if (Array.isArray(data.seen) && data.seen.every(function (id) { return typeof id === "string"; })) {
      result.seen = data.seen.slice();
    }
    if (typeof data.saved === "string") {
      result.saved = data.saved;
    }
    return result;
  }

  /* --- Reading and showing answers ----------------------------------------------------------- */
  function hasContent(answer) {
    return Boolean(answer) && FIELDS.some(function (field) { return Boolean(answer[field]); });
  }

  function readRow(el) {
    const answer = {};
    const checked = el.querySelector("[data-tk-field=status]:checked");
    answer.status = checked ? checked.value : "";
    ["notes", "action", "owner", "target"].forEach(function (field) {
      answer[field] = el.querySelector("[data-tk-field=" + field + "]").value;
    });
    return answer;
  }

  function ukDate(iso, withTime) {
    const when = DATE.test(iso) ? new Date(iso + "T12:00:00Z") : new Date(iso);
    if (isNaN(when.getTime())) {
      return "";
    }
    const options = { day: "numeric", month: "long", year: "numeric" };
    if (DATE.test(iso)) {
      options.timeZone = "UTC";
    }
    const day = when.toLocaleDateString("en-GB", options);
    return withTime ? day + ", " + when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : day;
  }

  function flagOf(el) {
    const answer = state.answers[el.dataset.id];
    if (hasContent(answer)) {
      return answer.fingerprint === el.dataset.fingerprint ? "" : "changed";
    }
    return state.seen && state.seen.indexOf(el.dataset.id) === -1 ? "new" : "";
  }

  function showFlag(el) {
    const slot = el.querySelector("[data-tk-flag]");
    const flag = flagOf(el);
    slot.textContent = "";
    slot.hidden = !flag;
    el.classList.toggle("tk-review-item--flagged", Boolean(flag));
    if (!flag) {
      return;
    }
    const badge = document.createElement("strong");
    badge.className = "tk-review-badge";
    if (flag === "new") {
      badge.textContent = "New";
      slot.append(badge, " This recommendation is new since you last saved your answers.");
      return;
    }
    badge.textContent = "Changed since you answered";
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "md-button tk-review-keep";
    keep.dataset.tkKeep = "";
    keep.textContent = "My answer still stands";
    keep.setAttribute("aria-label", "My answer to " + el.dataset.id + " still stands");
    slot.append(badge, " The recommendation has been updated since you answered. Read it again and check your answer. ", keep);
  }

  function fillRow(el) {
    const answer = state.answers[el.dataset.id] || {};
    el.querySelectorAll("[data-tk-field=status]").forEach(function (radio) {
      radio.checked = radio.value === answer.status;
    });
    ["notes", "action", "owner", "target"].forEach(function (field) {
      el.querySelector("[data-tk-field=" + field + "]").value = answer[field] || "";
    });
    showRowState(el);
  }

  function showRowState(el) {
    const answer = state.answers[el.dataset.id];
    showFlag(el);
    el.querySelector("[data-tk-clear-row]").hidden = !hasContent(answer);
    const when = answer && answer.updated ? ukDate(answer.updated, true) : "";
    el.querySelector("[data-tk-saved]").textContent = when ? "Saved on this device: " + when + "." : "";
  }

  /* --- Progress and the action plan ---------------------------------------------------------- */
  function counts(els) {
    const out = { answered: 0, total: els.length };
    Object.keys(STATUS).forEach(function (key) { out[key] = 0; });
    els.forEach(function (el) {
      const answer = state.answers[el.dataset.id];
      if (answer && answer.status) {
        out.answered += 1;
        out[answer.status] += 1;
      }
    });
    return out;
  }

  function updateProgress() {
    root.querySelectorAll("[data-tk-progress-box] [data-tk-progress]").forEach(function (row) {
      const key = row.dataset.tkProgress;
      const c = counts(key === "all" ? items : items.filter(function (el) { return el.dataset.mechanism === key; }));
      row.querySelectorAll("[data-tk-count]").forEach(function (cell) {
        const what = cell.dataset.tkCount;
        cell.textContent = what === "answered" ? c.answered + " of " + c.total : String(c[what]);
      });
    });
    const all = counts(items);
    root.querySelector("[data-tk-overall]").textContent =
      "You have answered " + all.answered + " of " + all.total + " recommendations.";
  }

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text) {
      el.textContent = text;
    }
    if (className) {
      el.className = className;
    }
    return el;
  }

  function buildPlan() {
    plan.textContent = "";
    plan.append(element("h2", "Action plan"));
    const editionText = edition.label + (edition.date ? ", " + ukDate(edition.date, false) : "");
    const meta = element("p", "", "tk-review-plan-meta");
    meta.append("Self-review against the RESTORE professional support toolkit: " + editionText + ".",
                document.createElement("br"), "Printed " + ukDate(new Date().toISOString(), false) + ".");
    plan.append(meta);
    plan.append(element("p", root.querySelector("[data-tk-overall]").textContent));
    const progress = root.querySelector("[data-tk-progress-box] table");
    if (progress) {
      // A copy for print: without the hooks that updateProgress looks for.
      const copy = progress.cloneNode(true);
      copy.querySelectorAll("[data-tk-progress], [data-tk-count]").forEach(function (el) {
        el.removeAttribute("data-tk-progress");
        el.removeAttribute("data-tk-count");
      });
      plan.append(copy);
    }
    const groups = [];
    items.forEach(function (el) {
      const last = groups[groups.length - 1];
      if (!last || last.mechanism !== el.dataset.mechanism) {
        groups.push({ mechanism: el.dataset.mechanism, name: mechanismNames[el.dataset.mechanism], items: [el] });
      } else {
        last.items.push(el);
      }
    });
    let anyRows = false;
    groups.forEach(function (group) {
      plan.append(element("h3", group.name));
      const rows = group.items.filter(function (el) {
        const answer = state.answers[el.dataset.id];
        return answer && (GAPS.indexOf(answer.status) !== -1 || answer.action);
      });
      if (rows.length === 0) {
        plan.append(element("p", "No gaps or actions recorded."));
        return;
      }
      anyRows = true;
      const table = element("table", "", "tk-review-plan-table");
      const head = table.createTHead().insertRow();
      ["Recommendation", "Where you are", "Action", "Owner", "Target date"].forEach(function (text) {
        const th = element("th", text);
        th.scope = "col";
        head.append(th);
      });
      const body = table.createTBody();
      rows.forEach(function (el) {
        const answer = state.answers[el.dataset.id];
        const tr = body.insertRow();
        const what = tr.insertCell();
        what.append(element("strong", el.dataset.id + ": "), titles[el.dataset.id]);
        if (flagOf(el) === "changed") {
          what.append(element("span", " (changed since you answered)", "tk-review-plan-flag"));
        }
        const where = tr.insertCell();
        where.append(element("strong", STATUS[answer.status] || "Not answered"));
        if (answer.notes) {
          where.append(element("span", answer.notes, "tk-review-plan-notes"));
        }
        tr.insertCell().textContent = answer.action || "No action agreed yet";
        tr.insertCell().textContent = answer.owner || "";
        tr.insertCell().textContent = answer.target ? ukDate(answer.target, false) : "";
      });
      plan.append(table);
    });
    if (!anyRows) {
      plan.append(element("p", "You have not recorded any gaps (partly or not yet) or actions yet."));
    }
    const notAnswered = items.filter(function (el) {
      const answer = state.answers[el.dataset.id];
      return !(answer && answer.status);
    }).map(function (el) { return el.dataset.id; });
    if (notAnswered.length) {
      plan.append(element("p", "Not yet reviewed: " + notAnswered.join(", ") + "."));
    }
  }

  function refresh() {
    updateProgress();
    buildPlan();
  }

  function refreshAll() {
    items.forEach(fillRow);
    refresh();
  }

  /* --- Messages ------------------------------------------------------------------------------ */
  function say(text, isError) {
    // Clear first so the same message is announced again when it repeats.
    message.textContent = "";
    message.classList.toggle("tk-review-message--error", Boolean(isError));
    window.setTimeout(function () { message.textContent = text; }, 50);
  }

  /* --- Editing ------------------------------------------------------------------------------- */
  function record(el) {
    const id = el.dataset.id;
    const answer = readRow(el);
    if (hasContent(answer)) {
      answer.fingerprint = el.dataset.fingerprint;
      answer.edition = edition.number;
      answer.updated = new Date().toISOString();
      state.answers[id] = answer;
    } else {
      delete state.answers[id];
    }
  }

  root.addEventListener("input", function (event) {
    const el = event.target.closest("[data-tk-item]");
    if (!el || !event.target.dataset.tkField) {
      return;
    }
    record(el);
    save("");
    showRowState(el);
    refresh();
  });

  root.addEventListener("change", function (event) {
    const el = event.target.closest("[data-tk-item]");
    const field = event.target.dataset.tkField;
    if (!el || !field) {
      return;
    }
    record(el);
    const status = field === "status" ? " (" + STATUS[event.target.value] + ")" : "";
    save("Saved your answer to " + el.dataset.id + status + " on this device.");
    showRowState(el);
    refresh();
  });

  root.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) {
      return;
    }
    const el = button.closest("[data-tk-item]");
    if (button.hasAttribute("data-tk-keep") && el) {
      state.answers[el.dataset.id].fingerprint = el.dataset.fingerprint;
      save("Kept your answer to " + el.dataset.id + " for the updated recommendation.");
      showRowState(el);
      refresh();
      el.querySelector("[data-tk-field=status]").focus();
    } else if (button.hasAttribute("data-tk-clear-row") && el) {
      if (window.confirm("Clear your answer to " + el.dataset.id + "?")) {
        delete state.answers[el.dataset.id];
        save("Cleared your answer to " + el.dataset.id + ".");
        fillRow(el);
        refresh();
        el.querySelector("[data-tk-field=status]").focus();
      }
    } else if (button.hasAttribute("data-tk-clear-all")) {
      clearAll();
    } else if (button.dataset.tkExport === "csv") {
      exportCsv();
    } else if (button.dataset.tkExport === "json") {
      exportJson();
    }
  });

  function clearAll() {
    if (!window.confirm("Clear all your answers from this device? This cannot be undone. " +
                        "Export them first if you want to keep them.")) {
      return;
    }
    try {
      window.localStorage.removeItem(KEY);
    } catch (err) { /* nothing stored */ }
    state = emptyState();
    refreshAll();
    say("Your answers have been cleared from this device.", false);
  }

  /* --- Export -------------------------------------------------------------------------------- */
  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function csvCell(value) {
    let text = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) {
      text = "'" + text;  // a spreadsheet must not read the text as a formula
    }
    return "\"" + text.replace(/"/g, "\"\"") + "\"";
  }

  function exportCsv() {
    const lines = [CSV_COLUMNS.map(csvCell).join(",")];
    items.forEach(function (el) {
      const answer = state.answers[el.dataset.id] || {};
      lines.push([el.dataset.id, mechanismNames[el.dataset.mechanism], titles[el.dataset.id], STATUS[answer.status] || "",
                  answer.notes, answer.action, answer.owner, answer.target, answer.edition || edition.number]
        .map(csvCell).join(","));
    });
    // Byte order mark: spreadsheets then read the file as UTF-8. RFC 4180 lines end CRLF.
    download("restore-self-review-" + today() + ".csv", "text/csv;charset=utf-8", "\uFEFF" + lines.join("\r\n") + "\r\n");
    say("Exported your answers as a CSV file.", false);
  }

  function exportJson() {
    const doc = {
      format: FORMAT,
      version: VERSION,
      exported: new Date().toISOString(),
      edition: edition,
      seen: state.seen || items.map(function (el) { return el.dataset.id; }),
      answers: state.answers
    };
    download("restore-self-review-" + today() + ".json", "application/json", JSON.stringify(doc, null, 2) + "\n");
    say("Exported your answers as a JSON file. Import it here later to carry on.", false);
  }

  /* --- Import -------------------------------------------------------------------------------- */
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function importText(name, text) {
    const fail = function (reason) {
      say("Nothing was imported and your answers are unchanged. " + reason, true);
    };
    let data;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (err) {
      fail("The file " + name + " is not a JSON file. Choose a file you exported from this page as JSON.");
      return;
    }
    const result = check(data);
    if (result.errors.length) {
      const shown = result.errors.slice(0, 3).join(" ");
      fail("The file " + name + " has problems: " + shown + (result.errors.length > 3 ? " (and more)" : ""));
      return;
    }
    const count = Object.keys(result.answers).length;
    if (count === 0 && result.unknown.length) {
      fail("None of its answers is for a recommendation in this edition: " + result.unknown.join(", ") + ".");
      return;
    }
    if (Object.keys(state.answers).length &&
        !window.confirm("Importing replaces the answers saved on this device. Continue?")) {
      say("Import cancelled. Your answers are unchanged.", false);
      return;
    }
    state = { format: FORMAT, version: VERSION, saved: null, seen: result.seen, answers: result.answers };
    save("");
    refreshAll();
    const changed = items.filter(function (el) { return flagOf(el) === "changed"; }).length;
    let report = "Imported " + plural(count, "answer", "answers") + " from " + name + ".";
    if (result.unknown.length) {
      report += " " + plural(result.unknown.length, "answer was", "answers were") +
              " for recommendations this edition does not have (" + result.unknown.join(", ") +
              "), so " + (result.unknown.length === 1 ? "it was" : "they were") + " not imported.";
    }
    if (changed) {
      report += " " + plural(changed, "recommendation has", "recommendations have") +
              " changed since you answered: look for the items marked \u2018Changed since you answered\u2019.";
    }
    say(report, false);
  }

  root.querySelector("[data-tk-import]").addEventListener("change", function (event) {
    const input = event.target;
    const file = input.files && input.files[0];
    if (!file) {
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      say("Nothing was imported and your answers are unchanged. The file " + file.name +
          " is too large to be a self-review export.", true);
      input.value = "";
      return;
    }
    file.text().then(function (text) {
      importText(file.name, text);
    }, function () {
      say("Nothing was imported and your answers are unchanged. The file could not be read.", true);
    }).then(function () {
      input.value = "";  // choosing the same file again still triggers an import
    });
  });

  /* --- Start --------------------------------------------------------------------------------- */
  state = load();
  refreshAll();
  if (!storageWorks) {
    say("This browser is not letting the page save your answers. Export them before you leave the page.", true);
  }
  root.classList.add("tk-review--ready");
  window.addEventListener("beforeprint", buildPlan);
  // Another tab of this page saved: show its answers here too.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      state = load();
      refreshAll();
    }
  });
})();
