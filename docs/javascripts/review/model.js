/* The self-review's record format: levels, fields, limits, checking and migration. No DOM.
 *
 * A record (in storage or in a JSON export) looks like
 *   { format: "restore-toolkit-review", version: 2, saved, edition, seen: [ids], profile: {...},
 *     answers: { TK01: { level, notes, evidence, action, owner, target, done, fingerprint, edition, updated } } }
 * Version 1 (the first edition's) had `status` (in-place, partly, not-yet, not-applicable) instead
 * of `level`, and no evidence, done or profile; `migrate` carries it over. Records are checked
 * answer by answer: one bad answer or field never costs the others. Every map keyed by an ID is a
 * Map, so keys such as "__proto__" or "constructor" are only ever data.
 */

import { isIsoDate } from "./dates.js";

export const FORMAT = "restore-toolkit-review";
export const VERSION = 2;

/* The four levels, lowest first, then "not applicable" (which has no rank). Stored values are part
 * of the export format: never change them. */
export const LEVELS = [
  { value: "not-in-place", label: "Not in place", rank: 0, description: "We do not do this yet." },
  { value: "starting", label: "Starting", rank: 1,
    description: "We have begun: we do this for some doctors or some of the time, or we are trying it out." },
  { value: "in-place", label: "In place", rank: 2,
    description: "We do this routinely, for every doctor it applies to." },
  { value: "reviewed", label: "Working well", rank: 3,
    description: "It is in place, and we have checked with evidence that it works as we intend." },
  { value: "not-applicable", label: "Not applicable", rank: null,
    description: "This does not apply to our programme." },
];
export const LEVEL = new Map(LEVELS.map((level) => [level.value, level]));
/* Version 1 statuses and the level each becomes. */
export const LEGACY_STATUS = new Map([
  ["not-yet", "not-in-place"], ["partly", "starting"], ["in-place", "in-place"], ["not-applicable", "not-applicable"],
]);
export const GAP_LEVELS = new Set(["not-in-place", "starting"]);

export const TEXT_FIELDS = ["notes", "evidence", "action", "owner"];
export const TEXT_LIMITS = new Map([["notes", 4000], ["evidence", 4000], ["action", 4000], ["owner", 200]]);
export const FIELD_NAMES = new Map([["level", "level"], ["notes", "what you do now"], ["evidence", "evidence"],
  ["action", "action"], ["owner", "owner"], ["target", "target date"], ["done", "action done"]]);

/* The profile's type and setting: the values of the recommendations' circumstance lists ("fits"),
 * plus "other", which every recommendation fits. */
export const PROGRAMME_TYPES = new Map([["remediation", "Remediation"], ["coaching", "Coaching"],
  ["mentoring", "Mentoring"], ["health-related", "Health-related support"],
  ["return-to-practice", "Return to practice or training"], ["other", "Another kind, or several of these"]]);
export const SETTINGS = new Map([["trust", "An NHS trust, health board or practice"],
  ["regional-unit", "A regional professional support unit"], ["national-body", "A national body"],
  ["other", "Another setting"]]);
export const PROFILE_LIMITS = new Map([["name", 200], ["people", 1000], ["reviewer", 200]]);
const PROFILE_CHOICES = new Map([["type", PROGRAMME_TYPES], ["setting", SETTINGS]]);

export const ID = /^[A-Z]{2}[0-9]{2,3}$/;
const FINGERPRINT = /^[0-9a-f]{12}$/;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export function isStamp(value) {
  return typeof value === "string" && STAMP.test(value) && !isNaN(new Date(value).getTime());
}

/* Shorten a piece of untrusted text for a message. */
export function clip(value, max = 40) {
  const text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function emptyAnswer() {
  return { level: "", notes: "", evidence: "", action: "", owner: "", target: "", done: false };
}

export function hasContent(answer) {
  return Boolean(answer) && (Boolean(answer.level) || TEXT_FIELDS.some((f) => Boolean(answer[f])) ||
    Boolean(answer.target) || answer.done === true);
}

export function sameContent(a, b) {
  const x = a || emptyAnswer(), y = b || emptyAnswer();
  return ["level", ...TEXT_FIELDS, "target"].every((f) => (x[f] || "") === (y[f] || "")) &&
    Boolean(x.done) === Boolean(y.done);
}

/* One answer, checked field by field. Returns { answer, problems }: fields that fail are left out
 * of `answer` (empty), each with a plain problem; `answer` is null when nothing could be read. */
export function checkAnswer(id, raw) {
  const problems = [];
  if (!isObject(raw)) {
    return { answer: null, problems: [`${id}: the answer is not a group of fields.`] };
  }
  const answer = emptyAnswer();
  let level = own(raw, "level") ? raw.level : undefined;
  if (level === undefined && own(raw, "status")) {
    level = LEGACY_STATUS.has(raw.status) ? LEGACY_STATUS.get(raw.status) : raw.status;
  }
  if (level !== undefined && level !== "" && level !== null) {
    if (typeof level === "string" && LEVEL.has(level)) {
      answer.level = level;
    } else {
      problems.push(`${id}: '${clip(level)}' is not a level. Use ${LEVELS.map((l) => l.value).join(", ")}.`);
    }
  }
  for (const field of TEXT_FIELDS) {
    const value = own(raw, field) ? raw[field] : undefined;
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== "string") {
      problems.push(`${id}: ${FIELD_NAMES.get(field)} should be text.`);
    } else if (value.length > TEXT_LIMITS.get(field)) {
      problems.push(`${id}: ${FIELD_NAMES.get(field)} is longer than ${TEXT_LIMITS.get(field)} characters.`);
    } else {
      answer[field] = value;
    }
  }
  const target = own(raw, "target") ? raw.target : undefined;
  if (target !== undefined && target !== null && target !== "") {
    if (isIsoDate(target)) {
      answer.target = target;
    } else {
      problems.push(`${id}: '${clip(target, 20)}' is not a real date between 2000 and 2099 (written YYYY-MM-DD).`);
    }
  }
  if (own(raw, "done") && raw.done !== undefined) {
    if (typeof raw.done === "boolean") {
      answer.done = raw.done;
    } else {
      problems.push(`${id}: 'action done' should be true or false.`);
    }
  }
  if (own(raw, "fingerprint") && raw.fingerprint !== undefined) {
    if (typeof raw.fingerprint === "string" && FINGERPRINT.test(raw.fingerprint)) {
      answer.fingerprint = raw.fingerprint;
    } else {
      problems.push(`${id}: the fingerprint is not in the right form.`);
    }
  }
  if (typeof raw.edition === "string" && raw.edition.length <= 20) {
    answer.edition = raw.edition;
  }
  if (isStamp(raw.updated)) {
    answer.updated = raw.updated;
  }
  return { answer, problems };
}

export function emptyProfile() {
  return { name: "", type: "", setting: "", people: "", date: "", reviewer: "", narrow: false };
}

/* Does a recommendation fit the programme? Yes unless its circumstance lists leave out the profile's
 * type or setting. Items without lists, and a profile without a type or setting, always fit. */
export function fitsProfile(item, profile) {
  const fits = item.fits;
  if (!fits) {
    return true;
  }
  const ok = (value, list) => !value || value === "other" || !Array.isArray(list) || list.includes(value);
  return ok(profile.type, fits.programme_type) && ok(profile.setting, fits.setting);
}

export function checkProfile(raw) {
  const profile = emptyProfile();
  const problems = [];
  if (raw === undefined || raw === null) {
    return { profile, problems };
  }
  if (!isObject(raw)) {
    return { profile, problems: ["The programme profile is not a group of fields."] };
  }
  for (const [field, max] of PROFILE_LIMITS) {
    const value = own(raw, field) ? raw[field] : undefined;
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== "string" || value.length > max) {
      problems.push(`Programme profile: ${field} should be text of at most ${max} characters.`);
    } else {
      profile[field] = value;
    }
  }
  for (const [field, choices] of PROFILE_CHOICES) {
    const value = own(raw, field) ? raw[field] : undefined;
    if (value === undefined || value === null || value === "") {
      continue;
    }
    if (typeof value === "string" && choices.has(value)) {
      profile[field] = value;
    } else {
      problems.push(`Programme profile: '${clip(value)}' is not a ${field === "type" ? "type of programme" : "setting"} ` +
        "this edition knows.");
    }
  }
  if (own(raw, "narrow") && typeof raw.narrow === "boolean") {
    profile.narrow = raw.narrow;
  }
  if (own(raw, "date") && raw.date) {
    if (isIsoDate(raw.date)) {
      profile.date = raw.date;
    } else {
      problems.push(`Programme profile: '${clip(raw.date, 20)}' is not a real date (written YYYY-MM-DD).`);
    }
  }
  if (isStamp(raw.updated)) {
    profile.updated = raw.updated;
  }
  return { profile, problems };
}

/* Bring a record of an earlier format version up to this one. Returns a new plain object; the
 * answers keep their fields, with `status` read as a level by checkAnswer. */
export function migrate(data) {
  const out = { ...data };  // spread, not Object.assign: a "__proto__" key stays a plain key
  if (data.version === 1) {
    out.version = VERSION;
    out.migratedFrom = 1;
  }
  return out;
}

/* Read a whole record. `known` is the set of IDs on this page.
 * Returns { error, later, version, answers: Map, unknown: Map, problems: [], skipped: Map id->problem,
 *           profile, seen, saved, edition }.
 * `error` is set when the document as a whole is not a self-review record; then nothing else counts.
 * `strict`: an answer with any problem is skipped whole (imports); otherwise its good fields are kept. */
export function readRecord(data, known, { strict = false } = {}) {
  const result = { error: "", later: false, version: null, answers: new Map(), unknown: new Map(), problems: [],
    skipped: new Map(), profile: emptyProfile(), seen: null, saved: null, edition: null, exported: null };
  if (!isObject(data) || data.format !== FORMAT) {
    result.error = "It is JSON, but it is not an export from this self-review.";
    return result;
  }
  if (typeof data.version !== "number" || !Number.isInteger(data.version) || data.version < 1) {
    result.error = "It has no format version this self-review knows.";
    return result;
  }
  result.version = data.version;
  result.later = data.version > VERSION;
  const record = migrate(data);
  if (!isObject(record.answers)) {
    result.error = "It has no answers in it.";
    return result;
  }
  for (const id of Object.keys(record.answers)) {
    if (!ID.test(id)) {
      result.problems.push(`'${clip(id, 20)}' is not a recommendation ID.`);
      result.skipped.set(id, "not a recommendation ID");
      continue;
    }
    const { answer, problems } = checkAnswer(id, record.answers[id]);
    result.problems.push(...problems);
    if (!answer || (strict && problems.length)) {
      result.skipped.set(id, problems.join(" "));
      continue;
    }
    (known.has(id) ? result.answers : result.unknown).set(id, answer);
  }
  const { profile, problems } = checkProfile(record.profile);
  result.profile = profile;
  result.problems.push(...problems);
  if (Array.isArray(record.seen)) {
    result.seen = record.seen.filter((id) => typeof id === "string" && ID.test(id));
  }
  if (isStamp(record.saved)) {
    result.saved = record.saved;
  }
  if (isStamp(record.exported)) {
    result.exported = record.exported;
  }
  if (isObject(record.edition) && typeof record.edition.number === "string") {
    result.edition = { number: clip(record.edition.number, 20),
      label: typeof record.edition.label === "string" ? clip(record.edition.label, 60) : "" };
  }
  return result;
}

/* A record to store or export. `answers` and `unknown` are Maps. */
export function toRecord({ answers, unknown, profile, seen, saved, edition, exported }) {
  const all = {};
  for (const map of [unknown || new Map(), answers]) {
    for (const [id, answer] of map) {
      all[id] = answer;
    }
  }
  const record = { format: FORMAT, version: VERSION };
  if (saved) {
    record.saved = saved;
  }
  if (exported) {
    record.exported = exported;
  }
  if (edition) {
    record.edition = edition;
  }
  record.seen = seen ? Array.from(seen).sort() : [];
  record.profile = profile || emptyProfile();
  record.answers = all;
  return record;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/* "TK01, TK02, TK03 and 14 more": a list that stays short whatever its length. */
export function listSome(ids, max = 8) {
  const list = Array.from(ids, (id) => clip(id, 20));
  if (list.length <= max) {
    return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : list.join("");
  }
  return `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}
