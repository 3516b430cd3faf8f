// The canvas draws exactly what the input under it lays out (spec §6a): one font (the
// widget's own, declared from the files the canvas rasterises), sized by the em in both, the
// same advances, left edge and scroll — so every gesture lands on the glyph the person sees.
// Each check runs in the canvas rendering and, where it is a gesture, the same gesture in
// the DOM rendering (mode="dom") must give the same result; on this machine's fonts and on a
// fontconfig without DejaVu Sans (Liberation only, as Windows, macOS and phones have).
// Screenshots, canvas beside dom: build/screenshots/parity/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as h from "./harness.mjs";
import { decodePng } from "./png.mjs";

const SHOTS = path.join(h.SCREENSHOTS, "parity");
const LONG = { surname: "Шевченко-Стельмах", email: "oleksandra.shevchenko-stelmakh@ukr.net", last_payment: "12 345,67" };

let server, browser, noDejaVu;
before(async () => {
  server = await h.startServer({ env: { ABON_RATE_PER_MINUTE: "1000" } });
  browser = await h.launchBrowser();
  noDejaVu = await h.launchBrowser({ env: { FONTCONFIG_FILE: h.liberationOnlyFonts() } });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await noDejaVu?.close();
  await browser?.close();
  await server?.stop();
});

// A page with the widget (mode="dom" for the DOM rendering, mode="canvas" for the canvas,
// which a touch screen would otherwise not get; remember="off": a reload starts empty) and
// room below it to scroll.
// clock: Playwright's fake clock, installed before the page loads.
async function open(b, { rendering = "canvas", dpr = 1, width = 1024, lang = "uk", media, clock = false } = {}) {
  const context = await b.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: dpr, ...media });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route(`${server.url}/parity.html`, (r) => r.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
      <body style="margin: 8px"><script src="/static/abon-signup/abon-signup.js"></script>
      <abon-signup remember="off" mode="${rendering}" endpoint="/api/register" captcha="/api/captcha" lang="${lang}"></abon-signup>
      <div style="height: 3000px"></div></body>`,
  }));
  await page.goto(`${server.url}/parity.html`);
  await h.waitReady(page);
  if (rendering === "canvas") await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
  await page.evaluate(() => document.fonts.ready);
  return { context, page, errors };
}

const blur = (page) => page.evaluate(() => {
  const active = document.querySelector("abon-signup").shadowRoot.activeElement;
  if (active) active.blur();
});

async function fill(page, values = LONG) {
  for (const [id, text] of Object.entries(values)) await h.typeInto(page, id, text);
  await blur(page);
  await h.settle(page, 150);
}

// What the input lays out: its text box and the width it gives its text (canvas 2D
// measureText with the input's computed font), in CSS px.
function measure(page, id) {
  return h.input(page, id).evaluate((input) => {
    input.scrollIntoView({ block: "nearest" }); // the screen shows it: clicks and screenshots reach it
    const s = getComputedStyle(input);
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const r = input.getBoundingClientRect();
    const pad = parseFloat(s.paddingLeft);
    const widths = [];
    for (let i = 0; i <= input.value.length; i++) widths.push(ctx.measureText(input.value.slice(0, i)).width);
    return { x: r.x, y: r.y, w: r.width, h: r.height, pad, text: widths[widths.length - 1], widths,
      scroll: input.scrollLeft, fontSize: parseFloat(s.fontSize), length: input.value.length };
  });
}

// Where the screen shows ink (dark pixels) inside the input's text box, in CSS px of the page.
async function ink(page, id) {
  const m = await measure(page, id);
  const found = await columns(page, m, (r, g, b) => 0.299 * r + 0.587 * g + 0.114 * b < 140, { inset: 4, empty: true });
  return { ...found, width: found.right - found.left || 0, m };
}

// The drawn selection's colour (theme.hpp colour::selection), where no glyph covers it.
const SELECTION = (r, g, b) => Math.abs(r - 173) < 12 && Math.abs(g - 206) < 12 && Math.abs(b - 245) < 12;

const near = (a, b, tolerance, what) =>
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a.toFixed(2)} against ${b.toFixed(2)} (±${tolerance})`);

// [SECTION] Widths: the ink the canvas draws is as wide as the input's text, and where the DOM's is
for (const [fonts, which] of [["this machine's fonts", () => browser], ["no DejaVu Sans", () => noDejaVu]]) {
  test(`the canvas draws each value as wide as the input lays it out, at DPR 1, 2 and 3 (${fonts})`, { timeout: 240000 }, async () => {
    for (const dpr of [1, 2, 3]) {
      const canvas = await open(which(), { dpr });
      const dom = await open(which(), { dpr, rendering: "dom" });
      try {
        await fill(canvas.page);
        await fill(dom.page);
        for (const id of Object.keys(LONG)) {
          const drawn = await ink(canvas.page, id), seen = await ink(dom.page, id);
          const laid = drawn.m.text;
          near(drawn.width, laid, Math.max(4, laid * 0.02), `${id} at DPR ${dpr}: canvas ink against measureText`);
          near(drawn.width, seen.width, 1.5, `${id} at DPR ${dpr}: canvas ink against the DOM rendering's`);
          near(drawn.left - drawn.m.x, seen.left - seen.m.x, 1, `${id} at DPR ${dpr}: the text's left edge`);
        }
        if (dpr !== 3) {
          const tag = `${fonts === "no DejaVu Sans" ? "liberation" : "dejavu"}-dpr${dpr}`;
          await canvas.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-canvas.png`) });
          await dom.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-dom.png`) });
        }
        assert.deepEqual(canvas.errors, []);
      } finally {
        await canvas.context.close();
        await dom.context.close();
      }
    }
  });

  test(`on a 360 px phone, canvas beside dom: the same text at the same size (${fonts})`, { timeout: 240000 }, async () => {
    for (const dpr of [1, 2]) {
      const canvas = await open(which(), { dpr, width: 360 });
      const dom = await open(which(), { dpr, width: 360, rendering: "dom" });
      try {
        await fill(canvas.page, { surname: LONG.surname, last_payment: LONG.last_payment });
        await fill(dom.page, { surname: LONG.surname, last_payment: LONG.last_payment });
        for (const id of ["surname", "last_payment"]) {
          const drawn = await ink(canvas.page, id), seen = await ink(dom.page, id);
          near(drawn.width, seen.width, 1.5, `${id} at 360 px, DPR ${dpr}: canvas ink against the DOM rendering's`);
        }
        const tag = `${fonts === "no DejaVu Sans" ? "liberation" : "dejavu"}-360-dpr${dpr}`;
        await canvas.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-canvas.png`) });
        await dom.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-dom.png`) });
      } finally {
        await canvas.context.close();
        await dom.context.close();
      }
    }
  });

  test(`a click just after the last drawn glyph puts the caret at the end; a click at every glyph boundary puts it there (${fonts})`, { timeout: 240000 }, async () => {
    const { context, page } = await open(which(), { dpr: 2 });
    try {
      await fill(page);
      for (const id of ["email", "surname"]) {
        const drawn = await ink(page, id);
        await page.mouse.click(drawn.right + 1, drawn.m.y + drawn.m.h / 2);
        assert.equal(await h.input(page, id).evaluate((e) => e.selectionStart), LONG[id].length, `${id}: after the last glyph`);
        const m = await measure(page, id);
        for (let i = 0; i <= m.length; i++) {
          await page.mouse.click(m.x + m.pad + m.widths[i] - m.scroll + 0.25, m.y + m.h / 2);
          assert.equal(await h.input(page, id).evaluate((e) => e.selectionStart), i, `${id}: boundary ${i}`);
        }
      }
    } finally {
      await context.close();
    }
  });
}

// [SECTION] Gestures: the same gesture in both renderings gives the same selection
async function gestures(page) {
  const out = {};
  const sel = (id) => h.input(page, id).evaluate((e) => [e.selectionStart, e.selectionEnd, e.value]);
  const m = await measure(page, "email");
  const y = m.y + m.h / 2, x = (i) => m.x + m.pad + m.widths[i] - m.scroll + 0.25;
  await page.mouse.dblclick(x(3), y);
  out.doubleClick = await sel("email");
  await page.mouse.click(x(5), y, { clickCount: 3 });
  out.tripleClick = await sel("email");
  await page.mouse.click(x(4), y);
  await page.keyboard.down("Shift");
  await page.mouse.click(x(20), y);
  await page.keyboard.up("Shift");
  out.shiftClick = await sel("email");
  await page.mouse.move(x(2), y);
  await page.mouse.down();
  await page.mouse.move(x(12), y, { steps: 4 });
  await page.mouse.move(m.x + m.w + 400, y + 500, { steps: 4 }); // out of the canvas and the widget
  await page.mouse.up();
  out.dragOut = await sel("email");
  // Then keys, each row's in turn: the selection after them.
  const keys = [["home", "Home"], ["wordRight", "Control+ArrowRight"], ["end", "End"],
    ["wordLeftSelect", "Control+Shift+ArrowLeft"], ["deleted", "End", "Backspace", "Backspace"],
    ["undo", "Control+z"], ["redo", "Control+Shift+z"]];
  for (const [name, ...presses] of keys) {
    for (const key of presses) await page.keyboard.press(key);
    out[name] = await sel("email");
  }
  return out;
}

test("double-, triple- and shift-click, a drag released outside, Home/End, word moves, undo and redo: the same in canvas and dom", { timeout: 240000 }, async () => {
  const canvas = await open(browser);
  const dom = await open(browser, { rendering: "dom" });
  try {
    await fill(canvas.page);
    await fill(dom.page);
    const n = LONG.email.length;
    const a = await gestures(canvas.page), b = await gestures(dom.page);
    // How many key presses one undo step takes back is the browser's timing, not the rendering's.
    const { undo: undoA, ...restA } = a, { undo: undoB, ...restB } = b;
    assert.deepEqual(restA, restB);
    for (const undo of [undoA, undoB]) assert.ok(LONG.email.startsWith(undo[2]) && undo[2].length > n - 2, `undo: ${undo[2]}`);
    assert.deepEqual(a.tripleClick.slice(0, 2), [0, n], "triple-click selects all");
    assert.ok(a.doubleClick[1] - a.doubleClick[0] > 1, "double-click selects a word");
    assert.deepEqual(a.shiftClick.slice(0, 2), [4, 20], "shift+click extends");
    assert.equal(a.dragOut[0], 2, "the drag starts where pressed");
    assert.ok(a.dragOut[1] > 12, "a drag released outside keeps selecting");
    assert.deepEqual(a.home.slice(0, 2), [0, 0]);
    assert.deepEqual(a.end.slice(0, 2), [n, n]);
    assert.equal(a.deleted[2].length, n - 2);
    assert.equal(a.redo[2].length, n - 2, "and Ctrl+Shift+Z takes them again");
  } finally {
    await canvas.context.close();
    await dom.context.close();
  }
});

// [SECTION] What the canvas draws follows the input: selection, IME, autofill, scroll
test("the drawn selection, the IME's underline and an autofilled value sit where the input has them", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { dpr: 2 });
  try {
    await fill(page);
    // The selection: its highlight spans the selected glyphs.
    const m = await measure(page, "email");
    await h.input(page, "email").focus();
    await h.input(page, "email").evaluate((e) => e.setSelectionRange(5, 15));
    await h.settle(page, 150);
    const highlight = await columns(page, m, SELECTION);
    near(highlight.left, m.x + m.pad + m.widths[5] - m.scroll, 1.5, "the selection's left edge");
    near(highlight.right, m.x + m.pad + m.widths[15] - m.scroll, 1.5, "the selection's right edge");
    // An IME composition, drawn with its underline under the composed text.
    await h.input(page, "surname").click();
    await page.keyboard.press("End");
    const cdp = await context.newCDPSession(page);
    await cdp.send("Input.imeSetComposition", { text: "шев", selectionStart: 3, selectionEnd: 3 });
    await h.settle(page, 150);
    const s = await measure(page, "surname");
    const underline = await underlineOf(page, s);
    near(underline.left, s.x + s.pad + s.widths[LONG.surname.length] - s.scroll, 1.5, "the underline starts at the composition");
    near(underline.right, s.x + s.pad + s.widths[s.length] - s.scroll, 1.5, "and ends with it");
    await cdp.send("Input.insertText", { text: "шев" });
    // A password manager's value on a field without focus is drawn.
    await blur(page);
    await h.input(page, "given_name").evaluate((e) => {
      e.value = "Олександра";
      e.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await h.settle(page, 150);
    const filled = await ink(page, "given_name");
    near(filled.width, filled.m.text, Math.max(4, filled.m.text * 0.02), "the autofilled value is drawn");
  } finally {
    await context.close();
  }
});

// Columns of the input's box where some pixel matches `is`, in CSS px; inset: px left out
// at the box's top and bottom; empty: NaN edges where nothing matches (else a failure).
async function columns(page, m, is, { inset = 2, empty = false } = {}) {
  const clip = { x: m.x + 2, y: m.y + inset, width: m.w - 4, height: m.h - 2 * inset };
  const png = decodePng(await page.screenshot({ clip }));
  const scale = png.w / clip.width;
  let left = -1, right = -1;
  for (let x = 0; x < png.w; x++) {
    for (let y = 0; y < png.h; y++) {
      const at = (y * png.w + x) * png.bpp;
      if (is(png.pixels[at], png.pixels[at + 1], png.pixels[at + 2])) { if (left < 0) left = x; right = x; break; }
    }
  }
  if (left < 0 && empty) return { left: NaN, right: NaN };
  assert.ok(left >= 0, "something drawn");
  return { left: clip.x + left / scale, right: clip.x + (right + 1) / scale };
}

// The longest dark horizontal run below the text's baseline (the composition's underline).
async function underlineOf(page, m) {
  const clip = { x: m.x + 1, y: m.y + m.h / 2 + 4, width: m.w - 2, height: m.h / 2 - 6 };
  const png = decodePng(await page.screenshot({ clip }));
  const scale = png.w / clip.width;
  let best = { length: 0 };
  for (let y = 0; y < png.h; y++) {
    let start = -1;
    for (let x = 0; x <= png.w; x++) {
      const at = (y * png.w + x) * png.bpp;
      const dark = x < png.w && png.pixels[at] + png.pixels[at + 1] + png.pixels[at + 2] < 3 * 120;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        if (x - start > best.length) best = { length: x - start, start, end: x };
        start = -1;
      }
    }
  }
  assert.ok(best.length > 0, "an underline is drawn");
  return { left: clip.x + best.start / scale, right: clip.x + best.end / scale };
}

test("a long value scrolls in the canvas exactly as in its input", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { dpr: 1, width: 400 });
  try {
    const long = "oleksandra.shevchenko-stelmakh.the-second@ukrainian-heating-customers.example.net";
    await h.typeInto(page, "email", long);
    await h.settle(page, 150);
    const m = await measure(page, "email");
    assert.ok(m.scroll > 50, `the input scrolled its text (${m.scroll})`);
    await page.mouse.click(m.x + m.pad + m.widths[60] - m.scroll + 0.25, m.y + m.h / 2);
    assert.equal(await h.input(page, "email").evaluate((e) => e.selectionStart), 60);
    await page.keyboard.press("End");
    await h.input(page, "email").evaluate((e) => e.setSelectionRange(30, 50));
    await h.settle(page, 150);
    const n = await measure(page, "email");
    const highlight = await columns(page, n, SELECTION);
    near(highlight.left, Math.max(n.x + n.pad, n.x + n.pad + n.widths[30] - n.scroll), 1.5, "the drawn selection follows the input's scroll");
  } finally {
    await context.close();
  }
});

// [SECTION] The input's box is the drawn field; the page keeps its gestures
test("each input's rectangle is the drawn field's, so extension icons sit in the field", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { dpr: 2 });
  try {
    for (const id of ["surname", "email", "email_confirm"]) {
      const m = await measure(page, id);
      const png = decodePng(await page.screenshot({ clip: { x: m.x - 6, y: m.y - 6, width: m.w + 12, height: m.h + 12 } }));
      const scale = png.w / (m.w + 12);
      const row = Math.round(png.h / 2), col = Math.round(png.w / 2);
      const dark = (x, y) => {
        const at = (y * png.w + x) * png.bpp;
        return png.pixels[at] + png.pixels[at + 1] + png.pixels[at + 2] < 3 * 215;
      };
      let left = 0; while (left < png.w && !dark(left, row)) left++;
      let right = png.w - 1; while (right > 0 && !dark(right, row)) right--;
      let top = 0; while (top < png.h && !dark(col, top)) top++;
      let bottom = png.h - 1; while (bottom > 0 && !dark(col, bottom)) bottom--;
      near(left / scale - 6, 0, 1, `${id}: left border`);
      near((right + 1) / scale - 6, m.w, 1, `${id}: right border`);
      near(top / scale - 6, 0, 1, `${id}: top border`);
      near((bottom + 1) / scale - 6, m.h, 1, `${id}: bottom border`);
    }
  } finally {
    await context.close();
  }
});

// The CAPTCHA's row: «Інша картинка» (its ↻ included), «Прослухати літери» and the answer's
// box under the picture, each from the element's top left corner. The DOM rendering's field
// box is the input's .box (the canvas lays the input over the whole drawn box).
async function pictureControls(page) {
  return page.evaluate(() => {
    const el = document.querySelector("abon-signup"), origin = el.getBoundingClientRect();
    const out = {};
    for (const id of ["captcha_refresh", "captcha_listen", "captcha"]) {
      const e = el.shadowRoot.getElementById(`abon-${id}`), box = e.closest(".box");
      const r = (box && getComputedStyle(box).display !== "contents" ? box : e).getBoundingClientRect();
      out[id] = { x: r.x - origin.x, y: r.y - origin.y, w: r.width, h: r.height };
    }
    return out;
  });
}

test("the CAPTCHA picture's controls: the same boxes in canvas and dom, in both languages, wide and on a phone", { timeout: 240000 }, async () => {
  for (const lang of ["uk", "en"]) {
    for (const width of [1024, 360]) {
      const canvas = await open(browser, { lang, width });
      const dom = await open(browser, { lang, width, rendering: "dom" });
      try {
        const drawn = await pictureControls(canvas.page), laid = await pictureControls(dom.page);
        for (const [id, box] of Object.entries(laid)) {
          assert.ok(box.w > 0 && drawn[id].w > 0, `${id} is shown (${lang}, ${width} px)`);
          // A width holds its words: the two renderings' text widths differ as the fields' do.
          for (const k of ["x", "y", "w", "h"]) near(drawn[id][k], box[k], k === "w" ? 1.5 : 1, `${lang}, ${width} px: ${id}'s ${k}`);
        }
        const tag = `captcha-${lang}-${width}`;
        await canvas.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-canvas.png`) });
        await dom.page.locator("abon-signup").screenshot({ path: path.join(SHOTS, `${tag}-dom.png`) });
      } finally {
        await canvas.context.close();
        await dom.context.close();
      }
    }
  }
});

test("the context menu and Ctrl+V reach the input; the wheel over the canvas scrolls the page", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser);
  try {
    const m = await measure(page, "surname");
    // The listener is in place before the click (an evaluate not awaited could come after it).
    await page.evaluate(() => {
      window.contextTarget = new Promise((resolve) => {
        document.addEventListener("contextmenu", (e) => { e.preventDefault(); resolve(e.composedPath()[0].id); }, { once: true });
      });
    });
    await page.mouse.click(m.x + 30, m.y + m.h / 2, { button: "right" });
    assert.equal(await page.evaluate(() => window.contextTarget), "abon-surname");
    await h.typeInto(page, "given_name", "Коваленко");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+c");
    await h.input(page, "surname").click();
    await page.keyboard.press("Control+v");
    assert.equal(await h.input(page, "surname").inputValue(), "Коваленко");
    await page.evaluate(() => window.scrollTo(0, 0));
    const canvasBox = await page.locator("abon-signup canvas.draw").boundingBox();
    await page.mouse.move(canvasBox.x + 100, Math.min(canvasBox.y + 300, 700));
    await page.mouse.wheel(0, 400);
    await page.waitForFunction(() => window.scrollY > 100, null, { timeout: 5000 });
  } finally {
    await context.close();
  }
});

// [SECTION] Settings: zoom, pinch, font size, reduced motion, phones
test("zoom (the pixel ratio changing) and a larger default font size stay aligned", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { dpr: 1 });
  try {
    await fill(page);
    const cdp = await context.newCDPSession(page);
    for (const ratio of [0.5, 1.5, 3]) {
      await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1024, height: 800, deviceScaleFactor: ratio, mobile: false });
      await page.waitForFunction((r) => window.devicePixelRatio === r, ratio);
      await h.settle(page, 200);
      const drawn = await ink(page, "email");
      near(drawn.width, drawn.m.text, Math.max(4, drawn.m.text * 0.02), `email at zoom ${ratio * 100} %`);
    }
    await cdp.send("Emulation.clearDeviceMetricsOverride");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 24 } });
    await page.reload();
    await h.waitReady(page);
    await page.waitForFunction(() => document.querySelector("abon-signup").dataset.mode === "canvas");
    await fill(page);
    const big = await ink(page, "email");
    assert.ok(big.m.fontSize > 24, `the font follows the setting (${big.m.fontSize} px)`);
    near(big.width, big.m.text, Math.max(4, big.m.text * 0.02), "email at a 24 px default font size");
    await page.mouse.click(big.right + 1, big.m.y + big.m.h / 2);
    assert.equal(await h.input(page, "email").evaluate((e) => e.selectionStart), LONG.email.length);
  } finally {
    await context.close();
  }
});

test("pinch-zoom to 2×: a click after the last glyph still lands at the end", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { dpr: 1, width: 412, media: { isMobile: true, hasTouch: true } });
  try {
    const email = "taras.shevchenko@ukr.net"; // the whole of it in a phone's field
    await fill(page, { email });
    const cdp = await context.newCDPSession(page);
    const m = await measure(page, "email");
    await cdp.send("Input.synthesizePinchGesture", { x: m.x + 20, y: m.y + m.h / 2, scaleFactor: 2, relativeSpeed: 800 });
    await page.waitForFunction(() => window.visualViewport.scale > 1.9, null, { timeout: 10000 });
    const drawn = await ink(page, "email");
    assert.ok(drawn.width > 0, "the value is drawn");
    // Page coordinates to the zoomed screen's: what the finger touches.
    const vv = await page.evaluate(() => ({ x: visualViewport.offsetLeft, y: visualViewport.offsetTop, s: visualViewport.scale }));
    const end = m.x + m.pad + m.text + 1;
    await page.mouse.click((end - vv.x) * vv.s, (m.y + m.h / 2 - vv.y) * vv.s);
    assert.equal(await h.input(page, "email").evaluate((e) => e.selectionStart), email.length);
  } finally {
    await context.close();
  }
});

test("with prefers-reduced-motion the caret does not blink", { timeout: 240000 }, async () => {
  // On the fake clock: the page's 1.6 s (three blink periods) run at once.
  const frames = (page) => page.evaluate(() => document.querySelector("abon-signup").framesDrawn);
  const blinks = async (media) => {
    const { context, page } = await open(browser, { media, clock: true });
    try {
      await h.input(page, "surname").click();
      await h.settle(page);
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
      const before = await frames(page);
      await page.clock.runFor(1600);
      return (await frames(page)) - before;
    } finally {
      await context.close();
    }
  };
  assert.ok(await blinks({ reducedMotion: "no-preference" }) > 0, "without the preference the caret blinks (the count sees frames)");
  assert.equal(await blinks({ reducedMotion: "reduce" }), 0, "no frame drawn while the focused field waits");
});

test("inputs keep at least 16 CSS px and text-size-adjust 100 %; Edge's own reveal is hidden", { timeout: 240000 }, async () => {
  const { context, page } = await open(browser, { width: 412, media: { isMobile: true, hasTouch: true } });
  try {
    const sizes = await page.locator("abon-signup input").evaluateAll((all) => all
      .filter((e) => e.type !== "checkbox" && !e.classList.contains("mask-probe"))
      .map((e) => [e.id, parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).webkitTextSizeAdjust || getComputedStyle(e).textSizeAdjust]));
    assert.ok(sizes.length >= 10);
    for (const [id, size, adjust] of sizes) {
      assert.ok(size >= 16, `${id}: ${size} px`);
      assert.equal(adjust, "100%", `${id}: text-size-adjust`);
    }
  } finally {
    await context.close();
  }
  const loader = readFileSync(path.join(h.SITE, "static/abon-signup/abon-signup.js"), "utf8");
  assert.match(loader, /::-ms-reveal/, "the loader's sheet hides ::-ms-reveal where the widget has its own show/hide");
});

test("the DOM form uses the widget's own font, from the same file the canvas rasterises", { timeout: 240000 }, async () => {
  const { context, page } = await open(noDejaVu, { rendering: "dom" });
  try {
    const family = await h.input(page, "surname").evaluate((e) => getComputedStyle(e).fontFamily);
    assert.match(family, /^"?abon-signup"?,/);
    const faces = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "abon-signup")
      .map((f) => `${f.weight} ${f.status}`).sort());
    assert.deepEqual(faces, ["400 loaded", "700 loaded"]);
    assert.ok(await page.evaluate(() => document.fonts.check('17px "abon-signup"', "Шевченко")));
  } finally {
    await context.close();
  }
});
