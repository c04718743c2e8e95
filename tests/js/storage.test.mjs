import test from "node:test";
import assert from "node:assert/strict";
import { FakeStorage } from "./helpers.mjs";
import { BACKUP_KEY, KEY, LEGACY_KEYS, clearBackups, loadState, pullState, readBackups, saveState }
  from "../../docs/javascripts/review/storage.js";

const KNOWN = new Set(["TK01", "TK02", "TK03"]);
const v2 = (answers, extra = {}) => JSON.stringify({ format: "restore-toolkit-review", version: 2, answers, ...extra });
const at = (minute) => `2027-01-01T10:${String(minute).padStart(2, "0")}:00.000Z`;

test("the key is the same for every edition, and says nothing about the format version", () => {
  assert.equal(KEY, "restore-toolkit-review");
  assert.deepEqual(LEGACY_KEYS, ["restore-toolkit-review-v1"]);
});

test("a typo in one date keeps every other answer, and the stored text is backed up untouched", () => {
  const raw = v2({ TK01: { level: "in-place", notes: "good" }, TK02: { level: "starting", target: "120277-03-31" } });
  const storage = new FakeStorage({ [KEY]: raw });
  const loaded = loadState(storage, KNOWN);
  assert.equal(loaded.state.answers.get("TK01").notes, "good");
  assert.equal(loaded.state.answers.get("TK02").level, "starting");
  assert.equal(loaded.backedUp, true);
  assert.equal(readBackups(storage)[0].raw, raw);
  assert.match(loaded.notices[0], /TK02/);
  // Loading again does not pile up copies of the same text.
  loadState(storage, KNOWN);
  assert.equal(readBackups(storage).length, 1);
});

test("text that is not JSON is kept under the backup key before anything is written", () => {
  const storage = new FakeStorage({ [KEY]: "{not json" });
  const loaded = loadState(storage, KNOWN);
  assert.equal(loaded.state.answers.size, 0);
  assert.equal(readBackups(storage)[0].raw, "{not json");
  saveState(storage, loaded.state, KNOWN);
  assert.equal(readBackups(storage)[0].raw, "{not json");
  assert.equal(JSON.parse(storage.getItem(KEY)).version, 2);
});

test("a record from a later version is kept untouched in the backup, and what can be read is used", () => {
  const raw = v2({ TK01: { level: "reviewed", newField: 1 } }, { version: 3 });
  const storage = new FakeStorage({ [KEY]: raw });
  const loaded = loadState(storage, KNOWN);
  assert.equal(loaded.state.answers.get("TK01").level, "reviewed");
  assert.equal(readBackups(storage)[0].raw, raw);
  assert.match(loaded.notices[0], /later edition/);
});

test("if the backup cannot be written, nothing is written over the damaged data", () => {
  const storage = new FakeStorage({ [KEY]: "{damaged" }, { limit: 12 });
  const loaded = loadState(storage, KNOWN);
  assert.equal(loaded.failedBackup, true);
  assert.equal(loaded.unkept[0].raw, "{damaged");
  const saved = saveState(storage, loaded.state, KNOWN);
  assert.equal(saved.works, false);
  assert.equal(saved.unsafe, true);
  assert.equal(storage.getItem(KEY), "{damaged");
});

test("the first edition's answers are migrated and merged, and its key is left for that edition", () => {
  const legacy = JSON.stringify({ format: "restore-toolkit-review", version: 1, answers: {
    TK01: { status: "partly", notes: "old edition, newer", updated: at(30) },
    TK02: { status: "not-yet", notes: "old edition, older", updated: at(1) } } });
  const storage = new FakeStorage({ [LEGACY_KEYS[0]]: legacy,
    [KEY]: v2({ TK01: { level: "in-place", updated: at(10) }, TK02: { level: "reviewed", updated: at(20) } }) });
  const { state } = loadState(storage, KNOWN);
  assert.equal(state.answers.get("TK01").level, "starting");
  assert.equal(state.answers.get("TK01").notes, "old edition, newer");
  assert.equal(state.answers.get("TK02").level, "reviewed");
  saveState(storage, state, KNOWN);
  assert.equal(storage.getItem(LEGACY_KEYS[0]), legacy);
});

test("two tabs merge answer by answer: neither loses the other's typing", () => {
  const storage = new FakeStorage();
  const a = loadState(storage, KNOWN).state;
  const b = loadState(storage, KNOWN).state;
  a.answers.set("TK01", { level: "starting", notes: "from A", updated: at(1) });
  saveState(storage, a, KNOWN);
  b.answers.set("TK02", { level: "in-place", notes: "from B", updated: at(2) });
  const saved = saveState(storage, b, KNOWN);
  assert.deepEqual(saved.changed, ["TK01"]);
  const stored = JSON.parse(storage.getItem(KEY)).answers;
  assert.equal(stored.TK01.notes, "from A");
  assert.equal(stored.TK02.notes, "from B");
  // Tab A hears of it (the storage event) and shows B's answer, keeping its own.
  const pulled = pullState(storage, a, KNOWN);
  assert.deepEqual(pulled.changed, ["TK02"]);
  assert.equal(pulled.state.answers.get("TK01").notes, "from A");
});

test("the newer answer wins on the same recommendation, and a clear wins over an older answer", () => {
  const storage = new FakeStorage();
  const a = loadState(storage, KNOWN).state;
  const b = loadState(storage, KNOWN).state;
  a.answers.set("TK01", { level: "starting", updated: at(5) });
  saveState(storage, a, KNOWN);
  b.answers.set("TK01", { level: "in-place", updated: at(3) });
  saveState(storage, b, KNOWN);
  assert.equal(JSON.parse(storage.getItem(KEY)).answers.TK01.level, "starting");
  const cleared = { level: "", notes: "", evidence: "", action: "", owner: "", target: "", done: false, updated: at(9) };
  b.answers.set("TK01", cleared);
  saveState(storage, b, KNOWN);
  assert.equal(JSON.parse(storage.getItem(KEY)).answers.TK01.level, "");
});

test("blocked storage is reported, never thrown", () => {
  const storage = new FakeStorage({}, { blocked: true });
  const loaded = loadState(storage, KNOWN);
  assert.equal(loaded.works, false);
  assert.equal(saveState(storage, loaded.state, KNOWN).works, false);
});

test("a damaged backup list is never overwritten", () => {
  const storage = new FakeStorage({ [KEY]: "{x", [BACKUP_KEY]: "{also damaged" });
  loadState(storage, KNOWN, new Date(Date.UTC(2027, 0, 1)));
  assert.equal(storage.getItem(BACKUP_KEY), "{also damaged");
  assert.ok([...storage.map.keys()].some((k) => k.startsWith(`${BACKUP_KEY}-`)));
  // Both are offered for download: the damaged list whole, and the new copy.
  assert.deepEqual(readBackups(storage).map((b) => b.raw), ["{also damaged", "{x"]);
  clearBackups(storage);
  assert.deepEqual([...storage.map.keys()].filter((k) => k.startsWith(BACKUP_KEY)), []);
});

test("a tab of the first edition saving under its own key is merged in too", () => {
  const storage = new FakeStorage();
  const mine = loadState(storage, KNOWN).state;
  mine.answers.set("TK01", { level: "in-place", updated: at(1) });
  saveState(storage, mine, KNOWN);
  storage.setItem(LEGACY_KEYS[0], JSON.stringify({ format: "restore-toolkit-review", version: 1,
    answers: { TK02: { status: "partly", updated: at(5) } } }));
  const pulled = pullState(storage, mine, KNOWN, new Date(), LEGACY_KEYS[0]);
  assert.deepEqual(pulled.changed, ["TK02"]);
  assert.equal(pulled.state.answers.get("TK02").level, "starting");
  assert.equal(pulled.state.answers.get("TK01").level, "in-place");
});
