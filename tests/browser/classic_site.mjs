// A stand-in for the utility's classic site (not the demo endpoint): a CAPTCHA picture at a
// fixed URL whose answer lives in a session cookie, and a form-encoded registration with
// its own field names, answered by a 303 to a welcome page, or 422 with the JSON errors.
// It re-validates with the core, as such a site would through libabon-core (here through
// abon-validate, which prints the library's very bytes), and serves the widget's built
// files next to its page, so everything is same-origin.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { ROOT, SITE } from "./harness.mjs";

const VALIDATE = process.env.ABON_VALIDATE || path.join(ROOT, "build/native/shared/abon-validate");

// The site's own names for the fields (the widget's config renames to them).
export const FIELD_NAMES = {
  surname: "last_name", given_name: "first_name", patronymic: "middle_name", account: "ls",
  password: "pass", email: "mail", last_payment: "sum", captcha_answer: "captcha_code",
};
export const CONFIG = {
  encoding: "form", amount_format: "decimal", captcha_mode: "image", captcha_length: 5,
  field_names: FIELD_NAMES,
};
export const ANSWER = "ABCDE";

const PAGE = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Реєстрація</title>
<script src="/static/abon-signup/abon-signup.js" defer></script></head>
<body><h1>Реєстрація</h1>
<abon-signup endpoint="/cabinet/register.php" captcha="/cabinet/captcha.php" config="/cabinet/abon-config.json" lang="uk"></abon-signup>
</body></html>`;
const WELCOME = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Вітаємо</title></head>
<body><p>Лист із підтвердженням надіслано.</p></body></html>`;

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html; charset=utf-8" };

// A PNG of the given size (grey stripes: the widget only has to decode and show it).
function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
export function png(width, height, shade) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (x >> 3) % 2 ? shade : 255 - shade;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr),
                        chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

// The core's verdicts on the site's fields (its own names mapped back to the field ids).
function revalidate(fields) {
  const input = {};
  for (const id of ["surname", "given_name", "patronymic", "account", "password", "email", "last_payment"])
    input[id] = fields[FIELD_NAMES[id] || id] ?? "";
  return JSON.parse(execFileSync(VALIDATE, ["--lang", "uk"], { input: JSON.stringify(input) }));
}

// Starts the stand-in on a free port of 127.0.0.1; resolves to
// {url, pictures: [urls fetched], posts: [{contentType, cookie, fields}], missing: [404 urls], stop()}.
export async function startClassicSite({ answer = ANSWER } = {}) {
  const sessions = new Map(); // session id → the answer of the picture last shown
  const pictures = [], posts = [], missing = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const sid = /(?:^|;\s*)SID=([0-9a-f]+)/.exec(req.headers.cookie || "")?.[1];
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      res.end(body);
    };
    if (url.pathname === "/" || url.pathname === "/cabinet/") return send(200, TYPES[".html"], PAGE);
    if (url.pathname === "/cabinet/welcome.html") return send(200, TYPES[".html"], WELCOME);
    if (url.pathname === "/cabinet/abon-config.json") return send(200, "application/json", JSON.stringify(CONFIG));
    if (url.pathname.startsWith("/static/abon-signup/")) {
      const name = path.basename(url.pathname);
      try {
        return send(200, TYPES[path.extname(name)] || "application/octet-stream",
                    readFileSync(path.join(SITE, "static/abon-signup", name)));
      } catch {
        missing.push(req.url);
        return send(404, "text/plain", "not found");
      }
    }
    if (url.pathname === "/cabinet/captcha.php" && req.method === "GET") {
      const id = sid && sessions.has(sid) ? sid : randomBytes(8).toString("hex");
      sessions.set(id, answer);
      pictures.push(req.url);
      return send(200, "image/png", png(150, 50, 40 + (pictures.length % 5) * 30),
                  { "Set-Cookie": `SID=${id}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (url.pathname === "/cabinet/register.php" && req.method === "POST") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c) => { body += c; });
      req.on("end", () => {
        const contentType = req.headers["content-type"] || "";
        const fields = Object.fromEntries(new URLSearchParams(body));
        posts.push({ contentType, cookie: sid || null, fields });
        if (!contentType.startsWith("application/x-www-form-urlencoded"))
          return send(415, "text/html", "<p>Unsupported</p>");
        const expected = sessions.get(sid);
        sessions.delete(sid); // each picture answers once
        if (!expected || fields[FIELD_NAMES.captcha_answer] !== expected)
          return send(422, "application/json", JSON.stringify({ errors: { [FIELD_NAMES.captcha_answer]: "captcha_wrong" } }));
        const verdict = revalidate(fields);
        const errors = Object.fromEntries(Object.entries(verdict.fields).filter(([, v]) => !v.ok)
          .map(([id, v]) => [FIELD_NAMES[id] || id, v.code]));
        if (Object.keys(errors).length) return send(422, "application/json", JSON.stringify({ errors }));
        const value = (id) => verdict.fields[id].value;
        if (value("account") !== "1-234-56-7" || value("last_payment") !== 123456 || value("surname") !== "Шевченко")
          return send(422, "application/json", JSON.stringify({ errors: { [FIELD_NAMES.account]: "account_details_mismatch" } }));
        return send(303, "text/html", "", { Location: "/cabinet/welcome.html" });
      });
      return undefined;
    }
    if (url.pathname === "/favicon.ico") return send(204, "image/x-icon", "");
    missing.push(req.url);
    return send(404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`, pictures, posts, missing,
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
