import test from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";
import { crc32, csvCell, foldLine, planIcs, planXlsx, toCsv } from "../../docs/javascripts/review/writers.js";

test("CSV: quoted cells, doubled quotes, CRLF, byte order mark, no formulas", () => {
  assert.equal(csvCell('say "hi", ok'), '"say ""hi"", ok"');
  for (const lead of ["=", "+", "-", "@", "\t", "\r"]) {
    assert.equal(csvCell(`${lead}1+1`), `"'${lead}1+1"`);
  }
  const text = toCsv([["a", "b"], ["line\nbreak", ""]]);
  assert.ok(text.startsWith("\uFEFF"));
  assert.equal(text, '\uFEFF"a","b"\r\n"line\nbreak",""\r\n');
});

const ROW = { id: "TK01", title: "Make early conversations feel safe", action: "Book a private room, at last; then\nreview",
  owner: "Programme lead", target: "2027-03-31", state: "later" };

test("iCalendar: one all-day event per action, escaped, lines folded at 75 octets", () => {
  const ics = planIcs([ROW, { ...ROW, id: "TK02", target: "" }], { programme: "North PSU", now: new Date(Date.UTC(2027, 0, 2, 3, 4, 5)) });
  const lines = ics.split("\r\n");
  assert.equal(lines[0], "BEGIN:VCALENDAR");
  assert.ok(ics.endsWith("END:VCALENDAR\r\n"));
  assert.equal((ics.match(/BEGIN:VEVENT/g) || []).length, 1);
  assert.ok(lines.includes("DTSTART;VALUE=DATE:20270331"));
  assert.ok(lines.includes("DTEND;VALUE=DATE:20270401"));
  assert.ok(lines.includes("DTSTAMP:20270102T030405Z"));
  const unfolded = ics.replace(/\r\n /g, "");
  assert.match(unfolded, /SUMMARY:TK01 action due: Book a private room\\, at last\\; then\r\n/);
  assert.match(unfolded, /DESCRIPTION:.*\\nOwner: Programme lead\\nTarget date: 31 March 2027\\nProgramme: North PSU/);
  for (const line of lines) {
    assert.ok(new TextEncoder().encode(line).length <= 75, line);
  }
});

test("folding never splits a character", () => {
  const line = `DESCRIPTION:${"é".repeat(100)}`;
  const folded = foldLine(line);
  assert.equal(folded.replace(/\r\n /g, ""), line);
  assert.ok(!folded.includes("\uFFFD"));
});

test("CRC-32 of the standard check string", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

/* A small zip reader: enough to check the workbook the page writes. */
function unzip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end -= 1;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(view.getUint32(at, true), 0x02014b50);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.slice(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    let data = bytes.slice(start, start + view.getUint32(at + 20, true));
    if (method === 8) data = inflateRawSync(data);
    assert.equal(data.length, size);
    assert.equal(crc32(data), crc, name);
    files.set(name, new TextDecoder().decode(data));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return files;
}

test("XLSX: a valid zip with a workbook, a sheet and text cells escaped", () => {
  const labels = new Map([["later", ""], ["overdue", "Overdue"]]);
  const bytes = planXlsx([{ ...ROW, title: "<b>&</b>", mechanismName: "Insight", levelLabel: "Starting", evidence: "=1+1",
    notes: "", done: false }], labels);
  const files = unzip(bytes);
  assert.deepEqual([...files.keys()], ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    "xl/styles.xml", "xl/worksheets/sheet1.xml"]);
  const sheet = files.get("xl/worksheets/sheet1.xml");
  assert.match(sheet, /<t xml:space="preserve">ID<\/t>/);
  assert.match(sheet, /&lt;b&gt;&amp;&lt;\/b&gt;/);
  assert.match(sheet, /31 March 2027/);
  assert.ok(!sheet.includes("<f>"), "no formulas");
  assert.match(files.get("xl/workbook.xml"), /<sheet name="Action plan"/);
});
