import test from "node:test";
import assert from "node:assert/strict";
import { actionState, compareReviews, mergeAnswers, teamView } from "../../docs/javascripts/review/merge.js";

const ITEMS = [{ id: "TK01", title: "One", fingerprint: "aaaaaaaaaaaa" }, { id: "TK02", title: "Two", fingerprint: "bbbbbbbbbbbb" },
  { id: "TK03", title: "Three", fingerprint: "cccccccccccc" }, { id: "TK04", title: "Four", fingerprint: "dddddddddddd" }];
const answers = (obj) => new Map(Object.entries(obj));

test("merging keeps the newer answer and reports only real changes", () => {
  const mine = answers({ TK01: { level: "starting", updated: "2027-01-01T10:00:00Z" },
    TK02: { level: "in-place", updated: "2027-01-01T12:00:00Z" } });
  const theirs = answers({ TK01: { level: "in-place", updated: "2027-01-01T11:00:00Z" },
    TK02: { level: "starting", updated: "2027-01-01T09:00:00Z" }, TK03: { level: "reviewed", updated: "2027-01-01T09:00:00Z" } });
  const { merged, changed } = mergeAnswers(mine, theirs);
  assert.equal(merged.get("TK01").level, "in-place");
  assert.equal(merged.get("TK02").level, "in-place");
  assert.deepEqual(changed, ["TK01", "TK03"]);
  assert.equal(mine.get("TK01").level, "starting");  // inputs are not changed
});

test("action states: overdue, due soon, later, done", () => {
  const today = "2027-03-10";
  assert.equal(actionState({ action: "a", target: "2027-03-09" }, today), "overdue");
  assert.equal(actionState({ action: "a", target: "2027-03-10" }, today), "due-soon");
  assert.equal(actionState({ action: "a", target: "2027-04-07" }, today), "due-soon");
  assert.equal(actionState({ action: "a", target: "2027-04-08" }, today), "later");
  assert.equal(actionState({ action: "a", target: "2027-01-01", done: true }, today), "done");
  assert.equal(actionState({ action: "", target: "2027-01-01" }, today), "");
  assert.equal(actionState({ action: "a" }, today), "");
});

test("comparing with an earlier review: moved up or down, earlier actions, toolkit changes", () => {
  const earlier = answers({
    TK01: { level: "not-in-place", action: "Book rooms", target: "2027-01-31", fingerprint: "aaaaaaaaaaaa" },
    TK02: { level: "in-place", action: "Write a leaflet", target: "2027-01-31", fingerprint: "000000000000" },
    TK03: { level: "starting", action: "Train staff", target: "2027-06-30", done: true } });
  const current = answers({ TK01: { level: "reviewed", action: "Book rooms", done: true }, TK02: { level: "starting" },
    TK03: { level: "starting" }, TK04: { level: "in-place" } });
  const result = compareReviews(ITEMS, earlier, current, "2027-03-01");
  const by = new Map(result.rows.map((r) => [r.id, r]));
  assert.equal(by.get("TK01").movement, "up");
  assert.equal(by.get("TK01").steps, 3);
  assert.equal(by.get("TK01").earlierAction, "done");
  assert.equal(by.get("TK02").movement, "down");
  assert.equal(by.get("TK02").earlierAction, "overdue");
  assert.equal(by.get("TK02").toolkitChanged, true);
  assert.equal(by.get("TK03").movement, "same");
  assert.equal(by.get("TK03").earlierAction, "done");
  assert.equal(by.get("TK04").movement, "new-answer");
  assert.deepEqual([result.up, result.down, result.same, result.done, result.overdue, result.toolkitChanged],
    [1, 1, 1, 2, 1, 1]);
});

test("team view: differences of two levels or more are marked; the draft takes the middle level", () => {
  const reviews = [
    { name: "Ana", answers: answers({ TK01: { level: "not-in-place", notes: "No rooms" }, TK02: { level: "in-place" },
      TK03: { level: "starting", action: "Train", owner: "Ana", target: "2027-05-01" } }) },
    { name: "Ben", answers: answers({ TK01: { level: "in-place", notes: "Rooms booked" }, TK02: { level: "in-place" },
      TK03: { level: "in-place", action: "Audit", owner: "Ben", target: "2027-04-01" } }) },
    { name: "Cy", answers: answers({ TK01: { level: "reviewed" }, TK02: { level: "in-place" } }) },
  ];
  const view = teamView(ITEMS, reviews);
  const by = new Map(view.rows.map((r) => [r.id, r]));
  assert.equal(by.get("TK01").spread, 3);
  assert.equal(by.get("TK01").differ, true);
  assert.equal(by.get("TK01").draft.level, "in-place");
  assert.equal(by.get("TK01").draft.notes, "Ana: No rooms\nBen: Rooms booked");
  assert.equal(by.get("TK02").agree, true);
  assert.equal(by.get("TK02").differ, false);
  assert.equal(by.get("TK03").differ, false);
  assert.equal(by.get("TK03").draft.level, "starting");  // the lower of the two middles
  assert.equal(by.get("TK03").draft.owner, "Ana, Ben");
  assert.equal(by.get("TK03").draft.target, "2027-04-01");
  assert.equal(by.get("TK04").draft.level, "");
  assert.deepEqual([view.differ, view.agree], [1, 1]);
});
