/* The self-review form: each recommendation's row, the programme profile, narrowing the list,
 * progress, moving through the form, and saving every change (merged with other tabs' changes).
 * `createForm(page)` wires it to the page and adds its functions to `page` for the other parts. */

import { formatNumeric, formatUk, formatUkDateTime, localIso, parseUkDate } from "./dates.js";
import { LEVEL, PROGRAMME_TYPES, SETTINGS, emptyAnswer, emptyProfile, fitsProfile, hasContent, listSome,
  sameContent } from "./model.js";
import { LEGACY_KEYS, clearBackups, saveState } from "./storage.js";
import { levelLabel } from "./merge.js";
import { planRows } from "./plan.js";
import { el, say } from "./dom.js";
import { planSummaryText, renderPlan } from "./views.js";

export function createForm(ctx) {
  const { root, items, byId, known, edition, messages, storage } = ctx;
  const showBackups = () => ctx.showBackups();

  function persist(announcement, region = "main") {
    const result = saveState(storage, ctx.state, known, { edition });
    ctx.state = result.state;
    ctx.storageWorks = result.works;
    if (!ctx.storageWorks) {
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
    const before = ctx.state.answers.get(item.id);
    answer.target = parsed.error ? (before ? before.target : "") : parsed.iso;
    answer.done = field(item, "done").checked;
    return answer;
  }

  function flagOf(item) {
    const answer = ctx.state.answers.get(item.id);
    if (hasContent(answer)) {
      return answer.fingerprint === item.fingerprint ? "" : "changed";
    }
    return ctx.state.seen && !ctx.state.seen.has(item.id) ? "new" : "";
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
    const answer = ctx.state.answers.get(item.id) || emptyAnswer();
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
    const answer = ctx.state.answers.get(item.id);
    showFlag(item);
    const level = answer && LEVEL.get(answer.level);
    item.el.querySelector("[data-tk-meaning]").textContent = level ? level.description : "";
    item.el.querySelector("[data-tk-clear-row]").hidden = !hasContent(answer);
    const when = hasContent(answer) && answer.updated ? formatUkDateTime(answer.updated) : "";
    item.el.querySelector("[data-tk-saved]").textContent = when ? `Saved on this device: ${when}.` : "";
  }

  function record(item) {
    const answer = readRow(item);
    const before = ctx.state.answers.get(item.id);
    if (sameContent(before, answer)) {
      return false;
    }
    answer.fingerprint = item.fingerprint;
    answer.edition = edition.number;
    answer.updated = new Date().toISOString();
    ctx.state.answers.set(item.id, answer);
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
      input.value = name === "date" ? formatNumeric(ctx.state.profile.date) : ctx.state.profile[name] || "";
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
    if ((ctx.state.profile[name] || "") === value) {
      return;
    }
    ctx.state.profile = { ...ctx.state.profile, [name]: value, updated: new Date().toISOString() };
    persist("");
    applyNarrow();
    buildPlan();
  }

  /* --- Narrowing the list to the recommendations that fit the programme ----------------------- */
  const narrowBox = root.querySelector("[data-tk-narrow-box]");
  const narrowInput = root.querySelector("[data-tk-narrow]");
  const anyFits = items.some((item) => item.fits);

  function applyNarrow() {
    const profile = ctx.state.profile;
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
    const answer = ctx.state.answers.get(item.id);
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
          group.filter((item) => (ctx.state.answers.get(item.id) || {}).level === what).length;
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
    return planRows(list, ctx.state.answers, today());
  }

  function buildPlan() {
    const rows = currentPlanRows();
    renderPlan(root.querySelector("[data-tk-plan-head]"), root.querySelector("[data-tk-plan-body]"), {
      rows, by: root.querySelector("[data-tk-plan-group]").value, profile: ctx.state.profile, edition, today: today(),
      notAnswered: items.filter((item) => !answered(item)).map((item) => item.id), counts: countsText() });
    root.querySelector("[data-tk-plan-summary]").textContent = planSummaryText(rows);
  }

  function refresh() {
    updateProgress();
    buildPlan();
    ctx.afterRefresh();
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
      ctx.state.profile = { ...ctx.state.profile, narrow: target.checked, updated: new Date().toISOString() };
      persist("");
      applyNarrow();
      return;
    }
    if (target.dataset.tkProfile === "date" && !parseUkDate(target.value).error) {
      target.value = formatNumeric(ctx.state.profile.date);
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
  function clearAll() {
    if (!window.confirm("Clear all your answers and the programme profile from this browser, in every edition " +
        "of the toolkit? This cannot be undone. Export them first if you want to keep them.")) {
      return;
    }
    const now = new Date().toISOString();
    for (const map of [ctx.state.answers, ctx.state.unknown]) {
      for (const id of map.keys()) {
        map.set(id, { ...emptyAnswer(), updated: now });
      }
    }
    ctx.state.profile = { ...emptyProfile(), updated: now };
    persist("");
    try {
      LEGACY_KEYS.forEach((key) => storage.removeItem(key));
    } catch (err) { /* nothing stored */ }
    clearBackups(storage);
    ctx.unkept = [];
    refreshAll();
    showBackups();
    say(messages.get("main"), "Your answers have been cleared from this device.", false);
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) {
      return;
    }
    const itemEl = button.closest("[data-tk-item]");
    const item = itemEl && byId.get(itemEl.dataset.id);
    if (button.hasAttribute("data-tk-keep") && item) {
      ctx.state.answers.set(item.id, { ...ctx.state.answers.get(item.id), fingerprint: item.fingerprint,
        updated: new Date().toISOString() });
      persist(`Kept your answer to ${item.id} for the updated recommendation.`);
      showRowState(item);
      refresh();
      item.el.querySelector("[data-tk-field=level]").focus();
    } else if (button.hasAttribute("data-tk-clear-row") && item) {
      if (window.confirm(`Clear your answer to ${item.id}?`)) {
        ctx.state.answers.set(item.id, { ...emptyAnswer(), updated: new Date().toISOString() });
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
    }
  });

  Object.assign(ctx, { persist, showOthers, fillRow, fillProfile, flagOf, answered, countsText, currentPlanRows, buildPlan, today, refresh, refreshAll, applyNarrow });
}
