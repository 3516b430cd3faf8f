// Network, on behalf of the module: it says what to send and decides what every answer
// means; this only fetches, caps and hands the answer back.

// r: {id, method, url, body, contentType, timeoutMs, binary, maxBytes}, as host_request().
export function sendRequest(widget, { id, method, url, body, contentType, timeoutMs, binary, maxBytes }) {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  const headers = { Accept: binary ? "image/png" : "application/json" };
  if (method !== "GET") headers["Content-Type"] = contentType || "application/json";
  const sent = fetch(url, {
    method, headers, body: method === "GET" ? undefined : body, signal: abort.signal,
    credentials: "same-origin", cache: "no-store",
  });
  body = null; // fetch has its copy: the password is not kept alive by these closures
  sent
    .then(async (response) => {
      const read = await readCapped(response, maxBytes);
      clearTimeout(timer);
      if (binary) {
        deliverBytes(widget.module, id, response.status, read.bytes, maxBytes, read.length);
      } else {
        // Past the cap the answer is cut off, which the module reads as unusable.
        const text = read.over ? "" : new TextDecoder().decode(read.bytes);
        widget.call("abon_on_text", id, response.status, text, response.headers.get("Retry-After") || "",
          response.redirected ? 1 : 0);
      }
    })
    .catch(() => {
      clearTimeout(timer);
      if (binary) deliverBytes(widget.module, id, timedOut ? -1 : 0, new Uint8Array(0), maxBytes);
      else widget.call("abon_on_text", id, timedOut ? -1 : 0, "", "", 0);
    });
}

function deliverBytes(m, id, status, bytes, maxBytes, length = bytes.length) {
  if (!m) return; // the plain form took over
  if (length > maxBytes) { m._abon_on_bytes(id, status, 0, length); return; }
  const ptr = m._malloc(Math.max(1, bytes.length));
  m.HEAPU8.set(bytes, ptr);
  m._abon_on_bytes(id, status, ptr, bytes.length);
  m._free(ptr);
}

// The body, read chunk by chunk: past maxBytes the download is cancelled there, so a
// hostile or broken endpoint cannot make the page hold more.
// { bytes, length: bytes seen, over: past the cap (bytes then empty) }.
async function readCapped(response, maxBytes) {
  if (!response.body || !response.body.getReader) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > maxBytes ? { bytes: new Uint8Array(0), length: bytes.length, over: true }
                                   : { bytes, length: bytes.length, over: false };
  }
  const reader = response.body.getReader();
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      reader.cancel().catch(() => {});
      return { bytes: new Uint8Array(0), length, over: true };
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) { bytes.set(part, at); at += part.length; }
  return { bytes, length, over: false };
}
