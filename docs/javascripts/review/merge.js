/* Merging and comparing reviews. No DOM.
 *
 * Answers carry `updated` (an ISO timestamp, set when the reader last changed them). Two copies
 * of a review (two tabs, or storage and an older edition's storage) merge answer by answer: the
 * newer answer wins, so nobody's typing is lost. A cleared answer is kept as an empty answer with
 * its own `updated`, so that clearing also wins over an older copy.
 */

import { GAP_LEVELS, LEVEL, LEVELS, hasContent, sameContent } from "./model.js";
import { daysBetween } from "./dates.js";

function stamp(answer) {
  return answer && typeof answer.updated === "string" ? Date.parse(answer.updated) || 0 : 0;
}

/* Merge `theirs` into `mine` (Maps of id -> answer). Returns { merged, changed } where `changed`
 * lists the IDs whose answer now comes from `theirs` and differs from what `mine` had. */
export function mergeAnswers(mine, theirs) {
  const merged = new Map(mine);
  const changed = [];
  for (const [id, answer] of theirs) {
    const current = merged.get(id);
    if (!current || stamp(answer) > stamp(current)) {
      merged.set(id, answer);
      if (!sameContent(current, answer)) {
        changed.push(id);
      }
    }
  }
  return { merged, changed };
}

/* The newer of two profiles (by `updated`); mine on a tie. */
export function newerProfile(mine, theirs) {
  if (!theirs) {
    return mine;
  }
  return stamp(theirs) > stamp(mine) ? theirs : mine;
}

export function rank(level) {
  const found = LEVEL.get(level);
  return found ? found.rank : null;
}

export function levelLabel(level) {
  return LEVEL.has(level) ? LEVEL.get(level).label : "Not answered";
}

/* Where an action stands on `today`: "done", "overdue", "due-soon" (within `soonDays`), "later" or "". */
export function actionState(answer, today, soonDays = 28) {
  if (!answer || !answer.action) {
    return "";
  }
  if (answer.done) {
    return "done";
  }
  if (!answer.target) {
    return "";
  }
  const days = daysBetween(today, answer.target);
  if (days < 0) {
    return "overdue";
  }
  return days <= soonDays ? "due-soon" : "later";
}

/* An earlier review beside the current one, recommendation by recommendation.
 * `items`: [{ id, title, mechanism, fingerprint }]; `earlier`, `current`: Maps of id -> answer. */
export function compareReviews(items, earlier, current, today) {
  const rows = items.map((item) => {
    const before = earlier.get(item.id);
    const now = current.get(item.id);
    const a = rank(before && before.level), b = rank(now && now.level);
    let movement = "same";
    if (!before || !before.level) {
      movement = now && now.level ? "new-answer" : "unanswered";
    } else if (!now || !now.level) {
      movement = "not-answered-now";
    } else if (a === null || b === null) {
      movement = before.level === now.level ? "same" : "changed";
    } else if (b > a) {
      movement = "up";
    } else if (b < a) {
      movement = "down";
    }
    let earlierAction = "";
    if (before && before.action) {
      const state = actionState(before, today);
      const doneNow = Boolean(now && now.done && now.action === before.action);
      earlierAction = before.done || doneNow ? "done" : state === "overdue" ? "overdue" : "open";
    }
    const toolkitChanged = Boolean(before && before.fingerprint && before.fingerprint !== item.fingerprint);
    return { id: item.id, title: item.title, mechanism: item.mechanism, before: before || null, now: now || null,
      movement, steps: a !== null && b !== null ? b - a : 0, earlierAction, toolkitChanged };
  });
  const count = (what) => rows.filter((r) => r.movement === what).length;
  return { rows, up: count("up"), down: count("down"), same: count("same"),
    done: rows.filter((r) => r.earlierAction === "done").length,
    overdue: rows.filter((r) => r.earlierAction === "overdue").length,
    toolkitChanged: rows.filter((r) => r.toolkitChanged).length };
}

/* Several people's reviews side by side. `reviews`: [{ name, answers: Map }].
 * Each row: the levels, the spread (highest rank minus lowest), `differ` when the spread is two
 * levels or more, and a merged draft answer: the middle level (the lower of the two middles),
 * and everybody's notes, evidence and actions, each line headed by who wrote it. */
export function teamView(items, reviews) {
  const rows = items.map((item) => {
    const answers = reviews.map((review) => review.answers.get(item.id) || null);
    const ranks = answers.map((a) => rank(a && a.level)).filter((r) => r !== null);
    const spread = ranks.length ? Math.max(...ranks) - Math.min(...ranks) : 0;
    const levels = new Set(answers.filter((a) => a && a.level).map((a) => a.level));
    return { id: item.id, title: item.title, answers, spread, differ: spread >= 2,
      agree: levels.size === 1 && answers.every((a) => a && a.level), draft: draftAnswer(answers, reviews) };
  });
  return { rows, differ: rows.filter((r) => r.differ).length, agree: rows.filter((r) => r.agree).length };
}

function draftAnswer(answers, reviews) {
  const ranked = answers.map((a) => rank(a && a.level)).filter((r) => r !== null).sort((x, y) => x - y);
  const draft = { level: "", notes: "", evidence: "", action: "", owner: "", target: "", done: false };
  if (ranked.length) {
    const middle = ranked[Math.floor((ranked.length - 1) / 2)];
    draft.level = LEVELS.find((l) => l.rank === middle).value;
  } else if (answers.some((a) => a && a.level === "not-applicable")) {
    draft.level = "not-applicable";
  }
  for (const field of ["notes", "evidence", "action"]) {
    const lines = [];
    answers.forEach((a, i) => {
      if (a && a[field]) {
        lines.push(reviews.length > 1 ? `${reviews[i].name}: ${a[field]}` : a[field]);
      }
    });
    draft[field] = lines.join("\n").slice(0, 4000);
  }
  const owners = [...new Set(answers.filter((a) => a && a.owner).map((a) => a.owner))];
  draft.owner = owners.join(", ").slice(0, 200);
  const targets = answers.filter((a) => a && a.target && a.action).map((a) => a.target).sort();
  draft.target = targets.length ? targets[0] : "";
  return draft;
}

/* True when an answer belongs in the action plan: a gap, or an action agreed. */
export function inPlan(answer) {
  return hasContent(answer) && (GAP_LEVELS.has(answer.level) || Boolean(answer.action));
}
