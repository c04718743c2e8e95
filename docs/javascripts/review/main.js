/* RESTORE toolkit: the self-review page. Entry point, loaded as an ES module on review.md only.
 *
 * Answers are kept in this browser's localStorage and never sent anywhere: no module makes a
 * network request. This file starts the page: it reads the page's data block, loads what this device
 * saved and listens for other tabs. form.js runs the form and the plan; files.js the exports, imports,
 * comparison and team view; views.js builds their tables. The pure logic (dates, model, storage,
 * merge, plan, writers) has no DOM and is unit-tested with `node --test tests/js/`.
 */

import { KEY, LEGACY_KEYS, loadState, pullState } from "./storage.js";
import { say } from "./dom.js";
import { createForm } from "./form.js";
import { createFiles } from "./files.js";

const root = document.querySelector("[data-tk-review]");
const dataBlock = document.getElementById("tk-review-data");
if (root && dataBlock) {
  start(JSON.parse(dataBlock.textContent));
}

function openStorage() {
  try {
    const s = window.localStorage;
    s.getItem(KEY);
    return s;
  } catch (err) {
    return { getItem() { throw err; }, setItem() { throw err; }, removeItem() { throw err; } };
  }
}

function start(config) {
  const mechanismNames = new Map(config.mechanisms.map((m) => [m.id, m.name]));
  const items = config.items.map((item) => ({ ...item, mechanismName: mechanismNames.get(item.mechanism),
    el: root.querySelector(`[data-tk-item][data-id="${CSS.escape(item.id)}"]`) })).filter((item) => item.el);
  // What every part of the page shares. `state` is the reader's review: answers (a Map), answers to
  // items this edition lacks, the profile, which items were seen; the parts add their functions.
  const ctx = {
    root, items, edition: config.edition,
    byId: new Map(items.map((item) => [item.id, item])),
    known: new Set(items.map((item) => item.id)),
    // One live region per part: the main one (saving, exports, imports), then the plan's, the comparison's, the team's.
    messages: new Map([["main", root.querySelector("[data-tk-message]")],
      ...Array.from(root.querySelectorAll("[data-tk-note]"), (m) => [m.dataset.tkNote, m])]),
    storage: openStorage(), storageWorks: true, state: null, unkept: [], afterRefresh() {},
  };
  createForm(ctx);
  createFiles(ctx);
  const loaded = loadState(ctx.storage, ctx.known);
  ctx.state = loaded.state;
  ctx.storageWorks = loaded.works;
  ctx.unkept = loaded.unkept || [];
  ctx.refreshAll();
  ctx.showBackups();
  ctx.showNotices(loaded.notices);
  if (!ctx.storageWorks) {
    say(ctx.messages.get("main"), "This browser is not letting the page save your answers. Export them before you leave the page.", true);
  }
  root.classList.add("tk-review--ready");
  // Another tab or window of any edition saved: merge its answers here, answer by answer.
  // A tab of the first edition writes its own key: merge that too, then save the result under ours.
  window.addEventListener("storage", (event) => {
    const keys = event.key === null ? [KEY, ...LEGACY_KEYS] : [KEY, ...LEGACY_KEYS].filter((k) => k === event.key);
    for (const key of keys) {
      const pulled = pullState(ctx.storage, ctx.state, ctx.known, new Date(), key);
      ctx.state = pulled.state;
      if (pulled.changed.length) {
        if (key !== KEY) {
          ctx.persist("");
        }
        ctx.showOthers(pulled.changed);
      }
    }
    ctx.showBackups();
  });
}

