/* The action plan: which answers it holds, their state on a given day, and how they group. No DOM. */

import { actionState, inPlan, levelLabel } from "./merge.js";
import { formatUk, MONTHS } from "./dates.js";

export const GROUPINGS = new Map([["mechanism", "Mechanism"], ["owner", "Owner"], ["date", "Target date"]]);
export const STATE_LABELS = new Map([["overdue", "Overdue"], ["due-soon", "Due soon"], ["done", "Done"],
  ["later", ""], ["", ""]]);

/* One row per item whose answer is a gap or has an action, in page order.
 * `items`: [{ id, title, mechanism, mechanismName, changed }]; `answers`: Map. */
export function planRows(items, answers, today) {
  return items.filter((item) => inPlan(answers.get(item.id))).map((item) => {
    const answer = answers.get(item.id);
    return { id: item.id, title: item.title, mechanism: item.mechanism, mechanismName: item.mechanismName,
      changed: Boolean(item.changed), level: answer.level, levelLabel: levelLabel(answer.level),
      notes: answer.notes || "", evidence: answer.evidence || "", action: answer.action || "",
      owner: answer.owner || "", target: answer.target || "", done: Boolean(answer.done),
      state: actionState(answer, today) };
  });
}

/* Rows in groups: [{ key, label, rows }], in a stable order.
 * mechanism: page order; owner: A to Z, "No owner yet" last; date: overdue first, then by month,
 * "No target date" last. */
export function groupPlan(rows, by) {
  const groups = new Map();
  const add = (key, label, row) => {
    if (!groups.has(key)) {
      groups.set(key, { key, label, rows: [] });
    }
    groups.get(key).rows.push(row);
  };
  for (const row of rows) {
    if (by === "owner") {
      const owner = row.owner.trim();
      add(owner ? `1${owner.toLowerCase()}` : "2", owner || "No owner yet", row);
    } else if (by === "date") {
      if (row.state === "overdue") {
        add("0", "Overdue", row);
      } else if (row.target) {
        const [year, month] = row.target.split("-");
        add(`1${year}-${month}`, `${MONTHS[Number(month) - 1]} ${year}`, row);
      } else {
        add("2", "No target date", row);
      }
    } else {
      add(row.mechanism, row.mechanismName, row);
    }
  }
  const list = Array.from(groups.values());
  if (by === "owner" || by === "date") {
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const group of list) {
      group.rows.sort((a, b) => (a.target || "9999") < (b.target || "9999") ? -1 :
        (a.target || "9999") > (b.target || "9999") ? 1 : 0);
    }
  }
  return list;
}

export function summary(rows) {
  return { total: rows.length, overdue: rows.filter((r) => r.state === "overdue").length,
    dueSoon: rows.filter((r) => r.state === "due-soon").length, done: rows.filter((r) => r.state === "done").length };
}

export function targetText(row) {
  return row.target ? formatUk(row.target) : "";
}
