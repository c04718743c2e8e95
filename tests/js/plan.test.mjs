import test from "node:test";
import assert from "node:assert/strict";
import { groupPlan, planRows, summary } from "../../docs/javascripts/review/plan.js";

const ITEMS = ["TK01", "TK02", "TK03", "TK04", "TK05"].map((id, i) => ({ id, title: `Title ${id}`,
  mechanism: i < 3 ? "insight" : "motivation", mechanismName: i < 3 ? "Insight" : "Motivation" }));
const ANSWERS = new Map([
  ["TK01", { level: "starting", action: "Book rooms", owner: "Lead", target: "2027-02-01" }],
  ["TK02", { level: "in-place" }],
  ["TK03", { level: "not-in-place", owner: "" }],
  ["TK04", { level: "in-place", action: "Write leaflet", owner: "admin", target: "2027-03-20" }],
  ["TK05", { level: "starting", action: "Audit", owner: "Lead", target: "2027-05-01", done: true }],
]);
const TODAY = "2027-03-01";

test("the plan holds gaps and actions only, with their state on the day", () => {
  const rows = planRows(ITEMS, ANSWERS, TODAY);
  assert.deepEqual(rows.map((r) => [r.id, r.state]), [["TK01", "overdue"], ["TK03", ""], ["TK04", "due-soon"],
    ["TK05", "done"]]);
  assert.deepEqual(summary(rows), { total: 4, overdue: 1, dueSoon: 1, done: 1 });
});

test("grouped by mechanism, by owner (no owner last) and by date (overdue first, no date last)", () => {
  const rows = planRows(ITEMS, ANSWERS, TODAY);
  assert.deepEqual(groupPlan(rows, "mechanism").map((g) => [g.label, g.rows.map((r) => r.id)]),
    [["Insight", ["TK01", "TK03"]], ["Motivation", ["TK04", "TK05"]]]);
  assert.deepEqual(groupPlan(rows, "owner").map((g) => [g.label, g.rows.map((r) => r.id)]),
    [["admin", ["TK04"]], ["Lead", ["TK01", "TK05"]], ["No owner yet", ["TK03"]]]);
  assert.deepEqual(groupPlan(rows, "date").map((g) => [g.label, g.rows.map((r) => r.id)]),
    [["Overdue", ["TK01"]], ["March 2027", ["TK04"]], ["May 2027", ["TK05"]], ["No target date", ["TK03"]]]);
});
