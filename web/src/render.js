// The renderings of one view (the module's layout after every change, or the plain driver's,
// built by rules.js plainView()): what each element says and shows is applied as the view
// says it, composing no word or state here; the canvas rendering also puts each element over
// its drawn place (CSS px × the font scale, boxes the module sends only then), where the DOM
// rendering lets the page lay it out. Texts, states and visibility: the DOM rendering shows
// them, the canvas rendering keeps them for screen readers (descriptions, names, pressed and
// invalid states).
import { hasOwn } from "./compat.js";

export function applyView(form, layout) {
  const registered = layout.phase === "registered";
  for (const [id, f] of Object.entries(layout.fields)) {
    const r = form.rows.get(id);
    if (!r) continue;
    r.row.hidden = !f.visible; // registered: only the email fields, when reopened
    r.input.disabled = f.disabled;
    r.row.dataset.state = f.state;
    if (f.state === "error") r.input.setAttribute("aria-invalid", "true");
    else r.input.removeAttribute("aria-invalid");
    setText(r.hint, f.hint);
    setText(r.msg, f.state === "untouched" ? "" : f.message);
    r.msg.hidden = f.state === "untouched" || !f.message;
    setText(r.desc, f.description);
    if (r.strength) {
      setText(r.strength, f.strength);
      r.strength.hidden = r.meter.hidden = !f.strength;
      r.meter.dataset.level = f.strength_level;
    }
  }
  // The layout names every control its phase shows; the others are hidden.
  for (const [id, e] of form.elements) {
    if (form.rows.has(id) || e === form.done || hasOwn(layout.controls, id)) continue;
    if (e.type === "checkbox") form.checkRow.hidden = true;
    else e.hidden = true;
  }
  for (const [id, c] of Object.entries(layout.controls)) {
    const e = form.elements.get(id);
    if (!e) continue;
    if (e.type === "checkbox") {
      e.checked = c.pressed;
      form.checkRow.hidden = !c.visible;
      continue;
    }
    e.hidden = !c.visible;
    if (e.tagName === "BUTTON") e.disabled = c.disabled === true;
    if (e.tagName === "A" && typeof c.href === "string" && c.href.startsWith("https://")) {
      if (e.getAttribute("href") !== c.href) e.href = c.href;
    }
    setText(e, c.label);
    if (c.kind === "register") e.dataset.busy = c.busy ? "true" : "false";
    if (c.kind === "reveal") reveal(form, c.field, c.pressed, e);
    if (c.kind === "captcha_listen") form.setAudio(c.visible ? c.href || "" : "");
    if (c.busy) e.setAttribute("aria-disabled", "true");
    else e.removeAttribute("aria-disabled");
  }
  if (form.picture && !registered) {
    const p = layout.picture;
    if (form.picture.tagName === "IMG") form.picture.alt = p.label; // the plain driver's <img>
    else form.picture.setAttribute("aria-label", p.label);
    form.picture.dataset.state = layout.captcha;
    setText(form.pictureStatus, p.status);
    form.pictureStatus.classList.toggle("failed", layout.captcha === "failed");
    form.pictureStatus.hidden = !p.status;
  }
  setText(form.notice, layout.notice);
  form.notice.hidden = !layout.notice || registered;
  form.intro.hidden = registered;
  form.done.hidden = form.advice.hidden = !registered;
  form.changeIntro.hidden = !registered || !layout.done.change_intro;
  if (registered) {
    const d = layout.done;
    setText(form.doneTitle, d.title);
    setText(form.doneLetter, d.letter);
    setText(form.doneNotice, d.notice);
    form.doneNotice.hidden = !d.notice;
    form.doneNotice.dataset.state = d.notice_state;
    setText(form.changeIntro, d.change_intro);
    setText(form.doneAdvice, d.advice);
    setText(form.doneSender, d.sender);
  }
}

// The canvas rendering: every element exactly over its drawn counterpart.
export function placeControls(form, layout, scale) {
  const registered = layout.phase === "registered";
  for (const [id, f] of Object.entries(layout.fields)) {
    const r = form.rows.get(id);
    if (!r) continue;
    place(r.input, f.box, f.visible, scale);
    place(r.label, f.label, f.visible, scale);
  }
  for (const [id, c] of Object.entries(layout.controls)) {
    const e = form.elements.get(id);
    if (e) place(e, c.box, c.visible, scale);
  }
  place(form.done, layout.done.box, registered, scale);
  place(form.changeIntro, layout.done.change_intro_box, registered && !!layout.done.change_intro, scale);
  place(form.advice, layout.done.advice_box, registered, scale);
}

// Back to the page's own layout (the DOM rendering): no element keeps a drawn place.
export function unplaceControls(form) {
  for (const e of form.form.querySelectorAll(".ctl, .done, .done-part")) {
    for (const p of ["left", "top", "width", "height"]) e.style.removeProperty(p);
  }
  for (const r of form.rows.values()) r.input.hidden = r.label.hidden = false; // rows hide now
}

// The CAPTCHA's pixels, decoded by the core, into the DOM rendering's 2D canvas.
export function drawPicture(form, rgba, width, height) {
  const canvas = form.picture;
  if (!canvas) return;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width, height), 0, 0);
}

function reveal(form, id, shown, button) {
  const input = form.elements.get(id);
  const type = shown ? "text" : "password";
  button.setAttribute("aria-pressed", shown ? "true" : "false");
  if (!input || input.type === type) return;
  const [start, end] = [input.selectionStart, input.selectionEnd];
  input.type = type;
  if (form.form.getRootNode().activeElement === input && start !== null) input.setSelectionRange(start, end);
}

function place(e, box, visible, scale) {
  e.hidden = !visible;
  if (!visible) return;
  const [x, y, w, h] = box;
  e.style.left = `${x * scale}px`;
  e.style.top = `${y * scale}px`;
  e.style.width = `${w * scale}px`;
  e.style.height = `${h * scale}px`;
}

function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}
