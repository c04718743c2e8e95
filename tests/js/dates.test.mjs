import test from "node:test";
import assert from "node:assert/strict";
import { daysBetween, formatNumeric, formatUk, formatUkDateTime, isIsoDate, localIso, parseUkDate }
  from "../../docs/javascripts/review/dates.js";

test("real calendar dates only, within 2000 to 2099", () => {
  for (const good of ["2027-03-31", "2028-02-29", "2000-01-01", "2099-12-31"]) {
    assert.equal(isIsoDate(good), true, good);
  }
  for (const bad of ["2027-13-45", "2027-02-29", "2027-04-31", "120277-03-31", "1999-12-31", "2100-01-01",
    "2027-3-31", "", null, 20270331, "2027-03-31T00:00", " 2027-03-31"]) {
    assert.equal(isIsoDate(bad), false, String(bad));
  }
});

test("day/month/year is read the UK way, with several separators and month names", () => {
  const cases = [["31/03/2027", "2027-03-31"], ["1/4/2027", "2027-04-01"], ["01-04-2027", "2027-04-01"],
    ["1.4.2027", "2027-04-01"], ["1 4 2027", "2027-04-01"], ["2027-04-01", "2027-04-01"],
    ["31 March 2027", "2027-03-31"], ["31 mar 2027", "2027-03-31"], ["  3/12/2027 ", "2027-12-03"], ["", ""]];
  for (const [text, iso] of cases) {
    assert.deepEqual(parseUkDate(text), { iso }, text);
  }
});

test("impossible or ambiguous dates are refused with a plain reason", () => {
  assert.match(parseUkDate("31/02/2027").error, /February 2027 has no day 31/);
  assert.match(parseUkDate("45/13/2027").error, /no month 13/);
  assert.match(parseUkDate("2027-13-45").error, /no month 13/);
  assert.match(parseUkDate("31/03/27").error, /four digits/);
  assert.match(parseUkDate("31/03/120277").error, /four digits/);
  assert.match(parseUkDate("120277-03-31").error, /day\/month\/year/);
  assert.match(parseUkDate("31 Smarch 2027").error, /not a month/);
  assert.match(parseUkDate("1/1/1999").error, /between 1 January 2000 and 31 December 2099/);
  assert.match(parseUkDate("next tuesday").error, /day\/month\/year/);
});

test("dates are shown day month year whatever the locale", () => {
  assert.equal(formatUk("2027-03-31"), "31 March 2027");
  assert.equal(formatUk("2027-13-45"), "");
  assert.equal(formatNumeric("2027-03-01"), "01/03/2027");
  assert.match(formatUkDateTime("2027-03-31T09:05:00"), /^31 March 2027, 09:05$/);
  assert.equal(formatUkDateTime("not a time"), "");
  assert.equal(localIso(new Date(2027, 0, 5, 12)), "2027-01-05");
});

test("days between dates count whole days, across month and year ends", () => {
  assert.equal(daysBetween("2026-12-31", "2027-01-01"), 1);
  assert.equal(daysBetween("2027-03-01", "2027-02-28"), -1);
  assert.equal(daysBetween("2028-02-01", "2028-03-01"), 29);
});
