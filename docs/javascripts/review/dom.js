/* Small DOM helpers for the self-review. Everything the page writes goes through textContent or
 * value, never innerHTML, so text from an imported file can never become markup. */

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null && text !== "") {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

/* A table from a header row and body rows; each cell is text or a Node (or an array of them). */
export function table(head, rows, className) {
  const t = el("table", "", className);
  const tr = t.createTHead().insertRow();
  for (const text of head) {
    const th = el("th", text);
    th.scope = "col";
    tr.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    row.cells.forEach((cell, i) => {
      const c = i === 0 ? el("th") : r.insertCell();
      if (i === 0) {
        c.scope = "row";
        r.append(c);
      }
      for (const part of [].concat(cell)) {
        if (part !== undefined && part !== null && part !== "") {
          c.append(part);
        }
      }
    });
    if (row.className) {
      r.className = row.className;
    }
  }
  return t;
}

export function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* Put `text` in a live region, cleared first so that a repeated message is announced again. */
const timers = new WeakMap();
export function say(region, text, isError) {
  if (!region) {
    return;
  }
  region.textContent = "";
  region.classList.toggle("tk-review-message--error", Boolean(isError));
  window.clearTimeout(timers.get(region));
  timers.set(region, window.setTimeout(() => { region.textContent = text; }, 50));
}
