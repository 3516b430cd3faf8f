// What a person typed survives leaving the page (spec §6a). Back/Forward: the browser's
// back/forward cache keeps the whole page, and nothing here stops it (no unload handler, no
// listener on window or document); where the cache does not apply, and after a reload in the
// same tab (a phone reloads a discarded tab), the form comes back from the tab's
// sessionStorage. What is kept is decided in the core: the schema's items marked "remember"
// (every field but the passwords and the CAPTCHA answer, and «no patronymic»), under
// TABLES.remember.key + ":" + the page's path, for TABLES.remember.minutes after the last
// change (abon/form.hpp). They go back into the inputs as the form is built, before the core
// or the plain driver starts, which then take them as typed text. A success and reset() clear
// them; remember="off" keeps nothing. Written as ES2018.
import { microtask } from "./compat.js";

// host: the element; dom: its DomForm; schema: TABLES.schema[lang]; settings: TABLES.remember.
export class KeptTyping {
  constructor(host, dom, schema, settings) {
    this.dom = dom;
    this.ids = schema.filter((item) => item.remember === true && dom.elements.has(item.id)).map((item) => item.id);
    this.key = `${settings.key}:${location.pathname}${host.id ? `#${host.id}` : ""}`;
    this.limitMs = settings.minutes * 60000;
    this.paused = false; // from a success until reset(): the success screen's fields are not the form's
    this.queued = false;
    this.timer = 0;
    this.store = sessionStore();
    if (host.getAttribute("remember") === "off") {
      this.drop(); // nothing from before either
      this.store = null;
      return;
    }
    this.restore();
    const changed = () => this.queue();
    for (const type of ["input", "change", "click"]) dom.form.addEventListener(type, changed); // click: a fix, a box
    host.addEventListener("abon-signup:success", () => { this.drop(); this.paused = true; });
  }

  // The form's own clear (the element's reset()): nothing kept, and keeping again from here.
  forget() {
    this.drop();
    this.paused = false;
  }

  restore() {
    const kept = readKept(storeGet(this.store, this.key), Date.now(), this.ids, this.limitMs);
    if (!kept) { this.drop(); return; }
    for (const id of Object.keys(kept.values)) {
      const e = this.dom.elements.get(id);
      const value = kept.values[id];
      if (e.type === "checkbox") {
        e.checked = value === true;
      } else if (typeof value === "string" && value.length <= e.maxLength && e.value === "") {
        e.value = value;
      }
    }
    this.dropIn(kept.leftMs);
  }

  // After the event's own handlers (the core's mask is in the input by then), once per task.
  queue() {
    if (this.queued || this.paused || !this.store) return;
    this.queued = true;
    microtask(() => { this.queued = false; this.save(); });
  }

  save() {
    if (this.paused) return;
    const values = {};
    let any = false;
    for (const id of this.ids) {
      const e = this.dom.elements.get(id);
      if (e.type === "checkbox" ? !e.checked : e.value === "") continue;
      values[id] = e.type === "checkbox" ? true : e.value;
      any = true;
    }
    if (!any) { this.drop(); return; }
    const now = Date.now();
    if (storeSet(this.store, this.key, writeKept(values, now))) this.dropIn(this.limitMs);
  }

  // Gone at the stated time even if the page stays open.
  dropIn(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drop(), ms);
  }

  drop() {
    clearTimeout(this.timer);
    if (this.store) storeRemove(this.store, this.key);
  }
}

// [SECTION] The record: {"at": ms since 1970, "values": {id: text, or true for a ticked box}}
export function writeKept(values, nowMs) {
  return JSON.stringify({ at: nowMs, values });
}

// {values, leftMs} for the ids given, or null: nothing, unreadable, older than limitMs or
// dated in the future (the clock went back: its age is unknown).
export function readKept(text, nowMs, ids, limitMs) {
  if (typeof text !== "string") return null;
  let record = null;
  try { record = JSON.parse(text); } catch (e) { return null; }
  if (!record || typeof record !== "object" || typeof record.at !== "number") return null;
  const age = nowMs - record.at;
  if (!(age >= 0 && age < limitMs)) return null;
  const given = record.values && typeof record.values === "object" ? record.values : {};
  const values = {};
  for (const id of ids) {
    const v = Object.prototype.hasOwnProperty.call(given, id) ? given[id] : undefined;
    if (typeof v === "string" || v === true) values[id] = v;
  }
  return { values, leftMs: limitMs - age };
}

// Storage may be refused (a sandboxed frame, a blocked site, a full quota): then nothing is kept.
function sessionStore() {
  try { return window.sessionStorage || null; } catch (e) { return null; }
}

function storeGet(store, key) {
  try { return store ? store.getItem(key) : null; } catch (e) { return null; }
}

function storeSet(store, key, text) {
  try { store.setItem(key, text); return true; } catch (e) { return false; }
}

function storeRemove(store, key) {
  try { store.removeItem(key); } catch (e) { /* nothing was kept */ }
}
