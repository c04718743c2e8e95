/* The parts of the page built from answers: the action plan, the comparison and the team view.
 * Each function empties its container and fills it with elements made from text only. */

import { el, table } from "./dom.js";
import { formatUk, formatUkDateTime } from "./dates.js";
import { groupPlan, STATE_LABELS, summary } from "./plan.js";
import { levelLabel } from "./merge.js";
import { PROGRAMME_TYPES, SETTINGS, listSome, plural } from "./model.js";

const PROFILE_LINES = [["name", "Programme"], ["type", "Type of programme"], ["setting", "Setting"],
  ["people", "Who took part"], ["date", "Date of the review"], ["reviewer", "Lead reviewer"]];

/* Programme details and edition, printed at the top of every output. */
export function profileBlock(profile, edition, today, what) {
  const box = el("div", "", "tk-review-print-head tk-review-print-only");  // the form above shows it on screen
  const dl = el("dl", "", "tk-review-profile-lines");
  for (const [field, label] of PROFILE_LINES) {
    const value = field === "date" ? formatUk(profile.date) : field === "type" ? PROGRAMME_TYPES.get(profile.type) :
      field === "setting" ? SETTINGS.get(profile.setting) : profile[field];
    dl.append(el("dt", label), el("dd", value || "Not given"));
  }
  box.append(dl);
  const editionText = edition.label + (edition.date ? `, ${formatUk(edition.date)}` : "");
  box.append(el("p", `${what} from the self-review of the RESTORE professional support toolkit, ${editionText}. ` +
    `Printed ${formatUk(today)}.`, "tk-review-plan-meta"));
  return box;
}

function stateBadge(row) {
  const label = STATE_LABELS.get(row.state);
  return label ? el("strong", label, `tk-review-due tk-review-due--${row.state}`) : "";
}

export function planSummaryText(rows) {
  const s = summary(rows);
  if (!s.total) {
    return "Your plan is empty: it lists recommendations you mark Not in place or Starting, and every action you agree.";
  }
  const parts = [];
  if (s.overdue) {
    parts.push(`${s.overdue} overdue`);
  }
  if (s.dueSoon) {
    parts.push(`${s.dueSoon} due in the next 4 weeks`);
  }
  if (s.done) {
    parts.push(`${s.done} done`);
  }
  return `Your plan has ${plural(s.total, "item", "items")}${parts.length ? `: ${parts.join(", ")}` : ""}.`;
}

/* The plan, grouped by `by` (mechanism, owner or date). */
export function renderPlan(head, body, { rows, by, profile, edition, today, notAnswered, counts }) {
  head.textContent = "";
  body.textContent = "";
  head.append(profileBlock(profile, edition, today, "Action plan"));
  head.append(el("p", `${counts} ${planSummaryText(rows)}`, "tk-review-print-only"));
  if (!rows.length) {
    body.append(el("p", "No gaps (Not in place or Starting) or actions recorded yet."));
  }
  for (const group of groupPlan(rows, by)) {
    body.append(el("h3", group.label));
    const t = table(["Recommendation", "Where you are", "Action", "Owner", "Target date"], group.rows.map((row) => {
      const what = [el("strong", `${row.id}: `), row.title];
      if (row.changed) {
        what.push(el("span", " (changed since you answered)", "tk-review-plan-flag"));
      }
      if (by !== "mechanism") {
        what.push(el("span", row.mechanismName, "tk-review-plan-notes"));
      }
      const where = [el("strong", row.levelLabel)];
      if (row.evidence) {
        where.push(el("span", `Evidence: ${row.evidence}`, "tk-review-plan-notes"));
      }
      if (row.notes) {
        where.push(el("span", row.notes, "tk-review-plan-notes"));
      }
      const date = row.target ? [formatUk(row.target)] : ["No target date"];
      const badge = stateBadge(row);
      if (badge) {
        date.push(" ", badge);
      }
      return { cells: [what, where, row.action || "No action agreed yet", row.owner || "No owner yet", date],
        className: row.state ? `tk-review-row--${row.state}` : "" };
    }), "tk-review-plan-table");
    const wrap = el("div", "", "tk-review-scroll");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", `Plan: ${group.label}`);
    wrap.append(t);
    body.append(wrap);
  }
  if (notAnswered.length) {
    body.append(el("p", `Not yet reviewed: ${listSome(notAnswered, 40)}.`));
  }
}

const MOVES = new Map([["up", "Up"], ["down", "Down"], ["same", "Same"], ["changed", "Changed"],
  ["new-answer", "Answered now only"], ["not-answered-now", "Not answered now"], ["unanswered", "Not answered"]]);
const EARLIER_ACTIONS = new Map([["done", "Done"], ["overdue", "Overdue"], ["open", "Still open"]]);

export function compareSummaryText(result) {
  return `Since then: ${result.up} moved up, ${result.down} moved down, ${result.same} stayed the same. ` +
    `Earlier actions: ${result.done} done, ${result.overdue} overdue. ` +
    `${plural(result.toolkitChanged, "recommendation has", "recommendations have")} changed in the toolkit since.`;
}

export function renderCompare(box, { result, earlier, name, profile, edition, today }) {
  box.textContent = "";
  box.hidden = false;
  const when = earlier.profile.date ? formatUk(earlier.profile.date) :
    earlier.exported ? formatUkDateTime(earlier.exported) : earlier.saved ? formatUkDateTime(earlier.saved) : "";
  box.append(el("h3", `Compared with the review of ${when || "an unknown date"}`, "tk-review-compare-title"));
  box.append(profileBlock(profile, edition, today, "Comparison"));
  const from = earlier.edition ? ` (made with ${earlier.edition.label || `edition ${earlier.edition.number}`})` : "";
  box.append(el("p", `Earlier review: ${name}${from}.`));
  box.append(el("p", compareSummaryText(result), "tk-review-compare-summary"));
  const t = table(["Recommendation", "Earlier", "Now", "Change", "Earlier action"], result.rows.map((row) => {
    const what = [el("strong", `${row.id}: `), row.title];
    if (row.toolkitChanged) {
      what.push(el("span", " (changed in the toolkit since)", "tk-review-plan-flag"));
    }
    let move = MOVES.get(row.movement);
    if (row.movement === "up" || row.movement === "down") {
      move = `${move} ${plural(Math.abs(row.steps), "level", "levels")}`;
    }
    const action = row.before && row.before.action ?
      [el("strong", EARLIER_ACTIONS.get(row.earlierAction)), el("span", row.before.action, "tk-review-plan-notes")] :
      "None";
    return { cells: [what, levelLabel(row.before && row.before.level), levelLabel(row.now && row.now.level),
      el("span", move, `tk-review-move tk-review-move--${row.movement}`), action] };
  }), "tk-review-plan-table");
  const wrap = el("div", "", "tk-review-scroll");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", "Comparison, recommendation by recommendation");
  wrap.append(t);
  box.append(wrap);
  const buttons = el("p", "", "tk-review-buttons tk-review-screen-only");
  const print = el("button", "Print the comparison", "md-button md-button--primary");
  print.type = "button";
  print.dataset.tkReviewPrint = "compare";
  buttons.append(print);
  box.append(buttons);
}

export function renderTeam(box, { view, reviews, profile, edition, today }) {
  box.textContent = "";
  box.hidden = false;
  box.append(el("h3", `${plural(reviews.length, "review", "reviews")} side by side`));
  box.append(profileBlock(profile, edition, today, "Team view"));
  box.append(el("p", `They agree on ${plural(view.agree, "recommendation", "recommendations")}. ` +
    `${plural(view.differ, "recommendation is", "recommendations are")} two levels or more apart: ` +
    "talk those through first.", "tk-review-team-summary"));
  const head = ["Recommendation", ...reviews.map((r) => r.name), "Merged draft"];
  const t = table(head, view.rows.map((row) => {
    const what = [el("strong", `${row.id}: `), row.title];
    if (row.differ) {
      what.push(el("strong", ` Differ by ${row.spread} levels`, "tk-review-differ"));
    }
    return { cells: [what, ...row.answers.map((a) => levelLabel(a && a.level)), levelLabel(row.draft.level)],
      className: row.differ ? "tk-review-row--differ" : "" };
  }), "tk-review-plan-table tk-review-team-table");
  const wrap = el("div", "", "tk-review-scroll");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", "Team reviews, recommendation by recommendation");
  wrap.append(t);
  box.append(wrap);
  box.append(el("p", "The merged draft takes the middle level (the lower one when two are in the middle) and " +
    "everybody's notes, evidence and actions, each headed with who wrote it.", "tk-review-screen-only"));
  const buttons = el("p", "", "tk-review-buttons tk-review-screen-only");
  const use = el("button", "Use the merged draft as my answers", "md-button md-button--primary");
  use.type = "button";
  use.dataset.tkTeamUse = "";
  const print = el("button", "Print the team view", "md-button");
  print.type = "button";
  print.dataset.tkReviewPrint = "team";
  buttons.append(use, print);
  box.append(buttons);
}
