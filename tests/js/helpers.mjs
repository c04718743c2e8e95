/* Shared by the unit tests: the browser modules live in docs/javascripts/review/. */
export const MODULES = new URL("../../docs/javascripts/review/", import.meta.url);

/* localStorage as a Map, with an optional size limit (a full or blocked storage throws, as browsers do). */
export class FakeStorage {
  constructor(entries = {}, { limit = Infinity, blocked = false } = {}) {
    this.map = new Map(Object.entries(entries));
    this.limit = limit;
    this.blocked = blocked;
  }
  getItem(key) {
    if (this.blocked) throw new Error("SecurityError");
    return this.map.has(key) ? this.map.get(key) : null;
  }
  setItem(key, value) {
    if (this.blocked) throw new Error("SecurityError");
    const size = [...this.map].reduce((n, [k, v]) => n + (k === key ? 0 : v.length), 0) + String(value).length;
    if (size > this.limit) throw new Error("QuotaExceededError");
    this.map.set(key, String(value));
  }
  get length() {
    return this.map.size;
  }
  key(i) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(key) {
    if (this.blocked) throw new Error("SecurityError");
    this.map.delete(key);
  }
}
