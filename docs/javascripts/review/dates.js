/* Dates for the self-review: ISO "YYYY-MM-DD" inside, day month year for people.
 *
 * No DOM here. Every date is checked as a real calendar date (30 February is refused) within
 * DATE_MIN..DATE_MAX, whatever the browser's locale. Formatting never relies on the browser's
 * own date display: month names are spelt out here, so a US-English browser still shows
 * "31 March 2027".
 */

export const DATE_MIN = "2000-01-01";
export const DATE_MAX = "2099-12-31";
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysIn(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n, width) {
  return String(n).padStart(width, "0");
}

/* True for a real calendar date written YYYY-MM-DD inside the allowed range. */
export function isIsoDate(value) {
  if (typeof value !== "string") {
    return false;
  }
  const m = ISO.exec(value);
  if (!m) {
    return false;
  }
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return false;
  }
  return value >= DATE_MIN && value <= DATE_MAX;
}

/* What a person typed, read as day/month/year (or an ISO date). Returns {iso} or {error}.
 * Separators may be "/", "-", "." or spaces; month names ("31 March 2027") work too. */
export function parseUkDate(text) {
  const raw = String(text === undefined || text === null ? "" : text).trim();
  if (raw === "") {
    return { iso: "" };
  }
  let day, month, year;
  let m = ISO.exec(raw);
  if (m) {
    year = Number(m[1]); month = Number(m[2]); day = Number(m[3]);
  } else if ((m = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)$/.exec(raw))) {
    day = Number(m[1]); month = Number(m[2]);
    if (m[3].length !== 4) {
      return { error: "Write the year in full, with four digits, for example 31/03/2027." };
    }
    year = Number(m[3]);
  } else if ((m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(raw))) {
    day = Number(m[1]);
    const name = m[2].toLowerCase();
    const found = name.length >= 3 ? MONTHS.findIndex((month) => month.toLowerCase().startsWith(name)) : -1;
    if (found === -1) {
      return { error: `'${m[2].slice(0, 20)}' is not a month. Write the date as day/month/year, for example 31/03/2027.` };
    }
    month = found + 1;
    year = Number(m[3]);
  } else {
    return { error: "Write the date as day/month/year, for example 31/03/2027." };
  }
  if (month < 1 || month > 12) {
    return { error: `There is no month ${month}. Write the date as day/month/year, for example 31/03/2027.` };
  }
  if (day < 1 || day > daysIn(year, month)) {
    return { error: `${MONTHS[month - 1]} ${year} has no day ${day}.` };
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (iso < DATE_MIN || iso > DATE_MAX) {
    return { error: `Choose a date between ${formatUk(DATE_MIN)} and ${formatUk(DATE_MAX)}.` };
  }
  return { iso };
}

/* "31 March 2027" (or "" for anything that is not a valid date). */
export function formatUk(iso) {
  if (!isIsoDate(iso)) {
    return "";
  }
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/* "31/03/2027": how the date is shown in the text box. */
export function formatNumeric(iso) {
  if (!isIsoDate(iso)) {
    return "";
  }
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/* A timestamp (ISO 8601 with time) as "31 March 2027, 14:05" in the reader's own time zone. */
export function formatUkDateTime(stamp) {
  const when = new Date(stamp);
  if (typeof stamp !== "string" || isNaN(when.getTime())) {
    return "";
  }
  const day = `${when.getDate()} ${MONTHS[when.getMonth()]} ${when.getFullYear()}`;
  return `${day}, ${pad(when.getHours(), 2)}:${pad(when.getMinutes(), 2)}`;
}

/* Today's date in the reader's own time zone, as YYYY-MM-DD. */
export function localIso(now) {
  const when = now instanceof Date ? now : new Date();
  return `${pad(when.getFullYear(), 4)}-${pad(when.getMonth() + 1, 2)}-${pad(when.getDate(), 2)}`;
}

/* Whole days from ``from`` to ``to`` (both YYYY-MM-DD); negative when ``to`` is earlier. */
export function daysBetween(from, to) {
  const a = Date.UTC(...from.split("-").map((n, i) => Number(n) - (i === 1 ? 1 : 0)));
  const b = Date.UTC(...to.split("-").map((n, i) => Number(n) - (i === 1 ? 1 : 0)));
  return Math.round((b - a) / 86400000);
}
