/* Files the self-review writes: CSV, iCalendar (.ics), Excel (.xlsx) and JSON. No DOM; each
 * function returns the file's text or bytes, and the page hands them to the browser to download. */

import { formatUk } from "./dates.js";

/* --- CSV (RFC 4180: quoted cells, CRLF line ends, a byte order mark so spreadsheets read UTF-8) --- */
export function spreadsheetSafe(value) {
  const text = String(value === undefined || value === null ? "" : value);
  // A spreadsheet must never read the text as a formula (OWASP CSV injection advice).
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value) {
  return `"${spreadsheetSafe(value).replace(/"/g, "\"\"")}"`;
}

export function toCsv(rows) {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/* --- iCalendar (RFC 5545) ------------------------------------------------------------------ */
function icsText(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/* Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const parts = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74;  // continuation lines start with a space
    if (size + bytes > limit) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function icsDate(iso) {
  return iso.replace(/-/g, "");
}

function nextDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function icsStamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/* One all-day event per action with a target date. `rows`: plan rows; `programme`: its name. */
export function planIcs(rows, { programme = "", now = new Date(), edition = "" } = {}) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//RESTORE professional support toolkit//Self-review//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  const name = programme ? `Action plan: ${programme}` : "Self-review action plan";
  lines.push(`X-WR-CALNAME:${icsText(name)}`);
  for (const row of rows) {
    if (!row.target || !row.action) {
      continue;
    }
    const what = row.action.split(/\r\n|\r|\n/)[0].slice(0, 120);
    const details = [`${row.id}: ${row.title}`, `Action: ${row.action}`];
    if (row.owner) {
      details.push(`Owner: ${row.owner}`);
    }
    details.push(`Target date: ${formatUk(row.target)}`);
    if (programme) {
      details.push(`Programme: ${programme}`);
    }
    if (edition) {
      details.push(`From the self-review of the RESTORE professional support toolkit, ${edition}.`);
    }
    lines.push("BEGIN:VEVENT",
      `UID:${icsText(`restore-review-${row.id}-${icsDate(row.target)}`)}@restore-toolkit.invalid`,
      `DTSTAMP:${icsStamp(now)}`,
      `DTSTART;VALUE=DATE:${icsDate(row.target)}`,
      `DTEND;VALUE=DATE:${icsDate(nextDay(row.target))}`,
      `SUMMARY:${icsText(`${row.id} action due: ${what}`)}`,
      `DESCRIPTION:${icsText(details.join("\n"))}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

/* --- XLSX: one sheet of text cells, in a zip written without compression --------------------- */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/* A zip archive of `files` ([{ name, text }]), stored (no compression), with a fixed date. */
export function zip(files) {
  const encoder = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  const u16 = (v) => [v & 0xff, (v >>> 8) & 0xff];
  const u32 = (v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  const time = 0, date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const data = encoder.encode(file.text);
    const crc = crc32(data);
    const common = [...u16(20), ...u16(0x0800), ...u16(0), ...u16(time), ...u16(date), ...u32(crc),
      ...u32(data.length), ...u32(data.length), ...u16(name.length), ...u16(0)];
    const local = Uint8Array.from([...u32(0x04034b50), ...common]);
    chunks.push(local, name, data);
    central.push(Uint8Array.from([...u32(0x02014b50), ...u16(20), ...common, ...u16(0), ...u16(0), ...u16(0),
      ...u32(0), ...u32(offset)]), name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = Uint8Array.from([...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(files.length), ...u16(files.length),
    ...u32(centralSize), ...u32(offset), ...u16(0)]);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function xml(text) {
  // Characters XML 1.0 cannot hold are dropped; the rest escaped.
  return String(text).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function column(index) {
  let name = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/* A workbook with one sheet: `rows` of text, the first row bold as headings. */
export function xlsx(rows, { sheet = "Action plan", widths = [] } = {}) {
  const body = rows.map((row, r) => `<row r="${r + 1}">${row.map((cell, c) =>
    `<c r="${column(c)}${r + 1}" t="inlineStr"${r === 0 ? " s=\"1\"" : " s=\"2\""}><is><t xml:space="preserve">${
      xml(cell === undefined || cell === null ? "" : cell)}</t></is></c>`).join("")}</row>`).join("");
  const cols = widths.length ? `<cols>${widths.map((w, i) =>
    `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>` : "";
  const ns = "http://schemas.openxmlformats.org";
  return zip([
    { name: "[Content_Types].xml", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>` },
    { name: "_rels/.rels", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: "xl/workbook.xml", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheet.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: "xl/_rels/workbook.xml.rels", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>` },
    { name: "xl/styles.xml", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${ns}/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf/><xf fontId="1" applyFont="1"><alignment wrapText="1" vertical="top"/></xf><xf applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs></styleSheet>` },
    { name: "xl/worksheets/sheet1.xml", text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>${cols}<sheetData>${body}</sheetData></worksheet>` },
  ]);
}

/* --- The plan as rows (shared by CSV and XLSX) ------------------------------------------------ */
export const PLAN_COLUMNS = ["ID", "Recommendation", "Mechanism", "Level", "Action", "Owner", "Target date",
  "Due", "Done", "Evidence we have", "What you do now"];

export function planTable(rows, stateLabels) {
  return [PLAN_COLUMNS, ...rows.map((r) => [r.id, r.title, r.mechanismName, r.levelLabel, r.action, r.owner,
    r.target ? formatUk(r.target) : "", stateLabels.get(r.state) || "", r.done ? "Yes" : "", r.evidence, r.notes])];
}

export function planXlsx(rows, stateLabels) {
  // Text cells: xlsx() writes inline strings, never formulas, so spreadsheetSafe is not needed here.
  return xlsx(planTable(rows, stateLabels), { widths: [7, 40, 16, 16, 40, 18, 16, 10, 8, 40, 40] });
}
