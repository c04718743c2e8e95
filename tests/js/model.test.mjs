import test from "node:test";
import assert from "node:assert/strict";
import { FORMAT, LEVELS, VERSION, checkAnswer, listSome, readRecord, toRecord }
  from "../../docs/javascripts/review/model.js";

const KNOWN = new Set(["TK01", "TK02", "TK03"]);
const record = (answers, extra = {}) => ({ format: FORMAT, version: VERSION, answers, ...extra });

test("four levels, lowest first, then not applicable", () => {
  assert.deepEqual(LEVELS.map((l) => l.value), ["not-in-place", "starting", "in-place", "reviewed", "not-applicable"]);
  assert.deepEqual(LEVELS.map((l) => l.rank), [0, 1, 2, 3, null]);
  assert.ok(LEVELS.every((l) => l.label && l.description));
});

test("one bad field costs only that field; the rest of the answer is kept", () => {
  const { answer, problems } = checkAnswer("TK01", { level: "starting", notes: "Kept", target: "120277-03-31" });
  assert.equal(answer.level, "starting");
  assert.equal(answer.notes, "Kept");
  assert.equal(answer.target, "");
  assert.equal(problems.length, 1);
  assert.match(problems[0], /TK01: '120277-03-31' is not a real date/);
});

test("impossible dates, unknown levels, wrong types and long text are each refused", () => {
  const cases = [[{ target: "2027-13-45" }, /not a real date/], [{ level: "maybe" }, /'maybe' is not a level/],
    [{ notes: 5 }, /should be text/], [{ owner: "x".repeat(201) }, /longer than 200/], [{ done: "yes" }, /true or false/],
    [{ fingerprint: "zz" }, /fingerprint/]];
  for (const [raw, words] of cases) {
    const { problems } = checkAnswer("TK01", raw);
    assert.equal(problems.length, 1, JSON.stringify(raw));
    assert.match(problems[0], words);
  }
  assert.equal(checkAnswer("TK01", "text").answer, null);
  assert.equal(checkAnswer("TK01", ["a"]).answer, null);
});

test("a store with one damaged answer keeps every good one", () => {
  const read = readRecord(record({ TK01: { level: "in-place" }, TK02: { level: "starting", target: "120277-03-31" },
    TK03: "garbage" }), KNOWN);
  assert.equal(read.error, "");
  assert.deepEqual([...read.answers.keys()], ["TK01", "TK02"]);
  assert.equal(read.answers.get("TK02").level, "starting");
  assert.equal(read.problems.length, 2);
  assert.deepEqual([...read.skipped.keys()], ["TK03"]);
});

test("strict reading (imports) skips an answer with any problem, whole", () => {
  const read = readRecord(record({ TK01: { level: "in-place" }, TK02: { level: "maybe", notes: "x" } }), KNOWN,
    { strict: true });
  assert.deepEqual([...read.answers.keys()], ["TK01"]);
  assert.ok(read.skipped.has("TK02"));
});

test("keys such as __proto__, constructor and toString are data, never IDs", () => {
  const text = '{"format":"restore-toolkit-review","version":2,"answers":{"__proto__":{"level":"in-place"},' +
    '"constructor":{"level":"in-place"},"toString":{"level":"in-place"},"TK01":{"level":"starting"}}}';
  const read = readRecord(JSON.parse(text), KNOWN);
  assert.deepEqual([...read.answers.keys()], ["TK01"]);
  assert.equal(read.unknown.size, 0);
  assert.deepEqual([...read.skipped.keys()].sort(), ["__proto__", "constructor", "toString"]);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.getPrototypeOf(read.answers.get("TK01")), Object.prototype);
  const only = readRecord(JSON.parse('{"format":"restore-toolkit-review","version":2,"answers":{"__proto__":{}}}'), KNOWN);
  assert.equal(only.answers.size, 0);
  assert.equal(only.skipped.size, 1);
});

test("version 1 records are carried over: statuses become levels", () => {
  const read = readRecord({ format: FORMAT, version: 1, answers: {
    TK01: { status: "partly", notes: "n" }, TK02: { status: "not-yet" }, TK03: { status: "in-place" } } }, KNOWN);
  assert.equal(read.error, "");
  assert.equal(read.later, false);
  assert.deepEqual([...read.answers.values()].map((a) => a.level), ["starting", "not-in-place", "in-place"]);
  assert.equal(read.answers.get("TK01").notes, "n");
});

test("a record from a later version is flagged, not refused or destroyed", () => {
  const read = readRecord({ format: FORMAT, version: VERSION + 1, answers: { TK01: { level: "starting" } } }, KNOWN);
  assert.equal(read.error, "");
  assert.equal(read.later, true);
  assert.equal(read.version, VERSION + 1);
});

test("not a record at all", () => {
  for (const data of [null, [], "x", { hello: 1 }, { format: FORMAT }, { format: FORMAT, version: "2" }]) {
    assert.notEqual(readRecord(data, KNOWN).error, "", JSON.stringify(data));
  }
  assert.match(readRecord({ format: FORMAT, version: 2 }, KNOWN).error, /no answers/);
});

test("150,000 unknown IDs are read, and any list of them stays short", () => {
  const answers = {};
  for (let i = 0; i < 150000; i += 1) {
    answers[`ZZ${String(i).padStart(3, "0")}${i}`] = { level: "in-place" };
  }
  const read = readRecord(record(answers), KNOWN);
  const text = listSome([...read.skipped.keys(), ...read.unknown.keys()]);
  assert.ok(text.length < 200, text.length);
  assert.match(text, /and 149992 more$/);
});

test("toRecord writes the current format with every answer, unknown ones included", () => {
  const out = toRecord({ answers: new Map([["TK01", { level: "in-place" }]]), unknown: new Map([["TK99", { level: "starting" }]]),
    profile: { name: "P" }, seen: new Set(["TK02", "TK01"]) });
  assert.equal(out.format, FORMAT);
  assert.equal(out.version, VERSION);
  assert.deepEqual(Object.keys(out.answers), ["TK99", "TK01"]);
  assert.deepEqual(out.seen, ["TK01", "TK02"]);
});

test("the profile narrows the list by the recommendations' circumstance lists", async () => {
  const { fitsProfile, checkProfile } = await import("../../docs/javascripts/review/model.js");
  const item = { fits: { programme_type: ["remediation", "coaching"], setting: ["trust"] } };
  assert.equal(fitsProfile(item, { type: "coaching", setting: "trust" }), true);
  assert.equal(fitsProfile(item, { type: "mentoring", setting: "trust" }), false);
  assert.equal(fitsProfile(item, { type: "coaching", setting: "national-body" }), false);
  assert.equal(fitsProfile(item, { type: "other", setting: "other" }), true);
  assert.equal(fitsProfile(item, { type: "", setting: "" }), true);
  assert.equal(fitsProfile({}, { type: "mentoring", setting: "trust" }), true);  // no lists: always shown
  const { profile, problems } = checkProfile({ name: "North", type: "coaching", setting: "somewhere", narrow: true,
    date: "2026-02-30" });
  assert.deepEqual([profile.name, profile.type, profile.setting, profile.narrow, profile.date], ["North", "coaching", "", true, ""]);
  assert.equal(problems.length, 2);
});
