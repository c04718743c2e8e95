/* Where the answers live in the browser, and how they survive damage, other tabs and other editions.
 *
 * One key for every edition: "restore-toolkit-review". All editions of the toolkit (/1.0/, /1.1/,
 * /latest/, /dev/) share one origin and so one localStorage; the record itself carries its format
 * version, and each edition reads older versions through `migrate`. The first edition's key,
 * "restore-toolkit-review-v1", is read too and merged answer by answer (newest wins); it is never
 * written or removed, so that edition keeps working with its own copy.
 *
 * Nothing readable is thrown away: stored data that cannot be read whole (not JSON, damaged
 * answers, a record from a later version) is copied untouched under "restore-toolkit-review-backup"
 * before anything is written, and the page offers it for download.
 *
 * No DOM: `storage` is anything with getItem/setItem (window.localStorage in the page, a Map-backed
 * stand-in in the unit tests).
 */

import { emptyProfile, listSome, plural, readRecord, toRecord } from "./model.js";
import { mergeAnswers, newerProfile } from "./merge.js";

export const KEY = "restore-toolkit-review";
export const LEGACY_KEYS = ["restore-toolkit-review-v1"];
export const BACKUP_KEY = "restore-toolkit-review-backup";
const MAX_BACKUPS = 5;

export function emptyState() {
  return { answers: new Map(), unknown: new Map(), profile: emptyProfile(), seen: null, saved: null };
}

/* Every key that holds kept copies: the backup key, and any fallback key made when it was damaged. */
function backupKeys(storage) {
  const keys = [BACKUP_KEY];
  if (typeof storage.length === "number" && typeof storage.key === "function") {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key && key.startsWith(`${BACKUP_KEY}-`)) {
        keys.push(key);
      }
    }
  }
  return keys;
}

/* The kept copies: [{ kept, key, reason, raw }], oldest first. A damaged backup list is itself offered whole. */
export function readBackups(storage) {
  const out = [];
  for (const key of backupKeys(storage)) {
    let text;
    try {
      text = storage.getItem(key);
    } catch (err) {
      return out;
    }
    if (!text) {
      continue;
    }
    try {
      const list = JSON.parse(text);
      out.push(...(Array.isArray(list) ? list.filter((b) => b && typeof b.raw === "string") : []));
    } catch (err) {
      out.push({ kept: "", key, reason: "The list of kept copies could not be read.", raw: text });
    }
  }
  return out;
}

/* Keep `raw` (stored text) under the backup key, once. Returns true when it is safely kept. */
export function keepBackup(storage, key, raw, reason, now = new Date()) {
  let list;
  try {
    const stored = storage.getItem(BACKUP_KEY);
    list = stored ? JSON.parse(stored) : [];
  } catch (err) {
    list = null;
  }
  if (!Array.isArray(list)) {
    // The backup itself is damaged: never overwrite it; keep this copy under a key of its own.
    try {
      storage.setItem(`${BACKUP_KEY}-${now.getTime()}`, JSON.stringify([{ kept: now.toISOString(), key, reason, raw }]));
      return true;
    } catch (err) {
      return false;
    }
  }
  if (list.some((b) => b && b.raw === raw)) {
    return true;
  }
  list.push({ kept: now.toISOString(), key, reason, raw });
  while (list.length > MAX_BACKUPS) {
    list.shift();
  }
  try {
    storage.setItem(BACKUP_KEY, JSON.stringify(list));
    return true;
  } catch (err) {
    return false;
  }
}

export function clearBackups(storage) {
  try {
    backupKeys(storage).forEach((key) => storage.removeItem(key));
    return true;
  } catch (err) {
    return false;
  }
}

/* Read one stored key. Returns { record, problems, damaged, reason } (record null if unusable). */
function readKey(storage, key, known) {
  let raw;
  try {
    raw = storage.getItem(key);
  } catch (err) {
    return { raw: null, record: null, blocked: true };
  }
  if (raw === null || raw === undefined || raw === "") {
    return { raw: null, record: null };
  }
  let data;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    return { raw, record: null, damaged: true, reason: "The saved answers are not readable data." };
  }
  const record = readRecord(data, known, { strict: false });
  if (record.error) {
    return { raw, record: null, damaged: true, reason: `The saved answers could not be read. ${record.error}` };
  }
  if (record.later) {
    return { raw, record, damaged: true,
      reason: `The saved answers were made by a later edition of the toolkit (format ${record.version}).` };
  }
  if (record.problems.length) {
    const ids = new Set(record.skipped.keys());
    record.problems.forEach((p) => ids.add(p.split(":")[0]));
    return { raw, record, damaged: true,
      reason: `${plural(record.problems.length, "part", "parts")} of the saved answers could not be read ` +
        `(${listSome(ids, 6)}).` };
  }
  return { raw, record };
}

function fromRecord(record) {
  return { answers: record.answers, unknown: record.unknown, profile: record.profile,
    seen: record.seen ? new Set(record.seen) : null, saved: record.saved };
}

/* Everything this device has saved, merged. Returns { state, works, notices, backedUp, failedBackup }. */
export function loadState(storage, known, now = new Date()) {
  const out = { state: emptyState(), works: true, notices: [], backedUp: false, failedBackup: false, changed: [] };
  const keys = [KEY, ...LEGACY_KEYS];
  let first = true;
  for (const key of keys) {
    const read = readKey(storage, key, known);
    if (read.blocked) {
      out.works = false;
      return out;
    }
    if (read.damaged) {
      if (keepBackup(storage, key, read.raw, read.reason, now)) {
        out.backedUp = true;
        out.notices.push(`${read.reason} Everything that could be read is on the form; ` +
          "an untouched copy of what was saved is kept on this device, and you can download it below.");
      } else {
        out.failedBackup = true;
        out.notices.push(`${read.reason} This browser could not keep a copy, so download it below before you ` +
          "change anything.");
        out.unkept = (out.unkept || []).concat([{ key, reason: read.reason, raw: read.raw }]);
      }
    }
    if (!read.record) {
      first = false;
      continue;
    }
    const state = fromRecord(read.record);
    if (first) {
      out.state = state;
    } else {
      const { merged } = mergeAnswers(out.state.answers, state.answers);
      out.state.answers = merged;
      out.state.unknown = mergeAnswers(out.state.unknown, state.unknown).merged;
      out.state.profile = newerProfile(out.state.profile, state.profile);
      if (state.seen) {
        out.state.seen = new Set([...(out.state.seen || []), ...state.seen]);
      }
    }
    first = false;
  }
  return out;
}

/* Merge into `state` whatever is stored now under `key` (another tab's answers, or with a legacy key
 * another edition's), answer by answer, newest wins.
 * Returns { state, changed, blocked, unsafe } — `changed`: IDs whose answer now comes from storage
 * ("profile" when the profile does). Unreadable stored data is backed up first; `unsafe` when it
 * could not be, so the caller must not write over it. */
export function pullState(storage, state, known, now = new Date(), key = KEY) {
  const read = readKey(storage, key, known);
  if (read.blocked) {
    return { state, changed: [], blocked: true };
  }
  if (read.damaged && !keepBackup(storage, key, read.raw, read.reason, now)) {
    return { state, changed: [], unsafe: true };
  }
  if (!read.record || read.record.later) {
    return { state, changed: [], backedUp: Boolean(read.damaged) };
  }
  const theirs = fromRecord(read.record);
  const answers = mergeAnswers(state.answers, theirs.answers);
  const changed = answers.changed;
  const profile = newerProfile(state.profile, theirs.profile);
  if (profile !== state.profile) {
    changed.push("profile");
  }
  const seen = state.seen || theirs.seen ? new Set([...(state.seen || []), ...(theirs.seen || [])]) : null;
  return { state: { answers: answers.merged, unknown: mergeAnswers(state.unknown, theirs.unknown).merged, profile,
    seen, saved: state.saved }, changed, backedUp: Boolean(read.damaged) };
}

/* Save `state`, first merging in whatever another tab saved since. Returns { works, state, changed }.
 * Items on the page that were never saved before count as seen from now on only once answered or
 * once a first save is made, so "new since you last saved" keeps its meaning. */
export function saveState(storage, state, known, { now = new Date(), edition = null } = {}) {
  const pulled = pullState(storage, state, known, now);
  if (pulled.blocked || pulled.unsafe) {
    return { works: false, state, changed: [], unsafe: Boolean(pulled.unsafe) };
  }
  const merged = pulled.state;
  merged.seen = new Set([...(merged.seen || known), ...merged.answers.keys()]);
  merged.saved = now.toISOString();
  try {
    storage.setItem(KEY, JSON.stringify(toRecord({ ...merged, edition })));
  } catch (err) {
    return { works: false, state: merged, changed: pulled.changed };
  }
  return { works: true, state: merged, changed: pulled.changed };
}

