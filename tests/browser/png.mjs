// Crops a PNG (8-bit RGB or RGBA, not interlaced: what browsers' screenshots are) to a
// rectangle. WebKitWebDriver's element screenshot leaves the widget's WebGL canvas black
// in places, while its viewport screenshot shows it whole; the engine suites crop that.
import { deflateSync, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// CRC-32 of PNG chunks (ISO 3309), by table: zlib.crc32 needs Node 20.15.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

// The predictor of filter type 4 (the PNG spec's Paeth).
function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// The pixels of an 8-bit RGB(A), non-interlaced PNG: {w, h, bpp, pixels} (rows top down).
export function decodePng(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG");
  let header = null;
  const idat = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") header = { w: data.readUInt32BE(0), h: data.readUInt32BE(4), depth: data[8], color: data[9], interlace: data[12] };
    else if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  if (!header || header.depth !== 8 || ![2, 6].includes(header.color) || header.interlace !== 0)
    throw new Error(`decodePng reads 8-bit RGB(A) PNGs only: ${JSON.stringify(header)}`);
  const bpp = header.color === 6 ? 4 : 3;
  const stride = header.w * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(stride * header.h);
  for (let row = 0; row < header.h; row++) {
    const filter = raw[row * (stride + 1)];
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const out = row * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? pixels[out + i - bpp] : 0;
      const b = row > 0 ? pixels[out - stride + i] : 0;
      const c = i >= bpp && row > 0 ? pixels[out - stride + i - bpp] : 0;
      const predicted = [0, a, b, (a + b) >>> 1, paeth(a, b, c)][filter];
      if (predicted === undefined) throw new Error(`PNG filter ${filter} at row ${row}`);
      pixels[out + i] = (line[i] + predicted) & 0xff;
    }
  }
  return { w: header.w, h: header.h, bpp, color: header.color, pixels };
}

export function cropPng(png, { x, y, width, height }) {
  const { w: imageW, h: imageH, bpp, color, pixels } = decodePng(png);
  const header = { w: imageW, h: imageH, color };
  const stride = imageW * bpp;
  const left = Math.max(0, Math.round(x)), top = Math.max(0, Math.round(y));
  const w = Math.min(header.w - left, Math.round(width)), h = Math.min(header.h - top, Math.round(height));
  if (w <= 0 || h <= 0) throw new Error(`crop ${JSON.stringify({ x, y, width, height })} is outside ${header.w}×${header.h}`);
  const rows = [];
  for (let row = top; row < top + h; row++)
    rows.push(Buffer.from([0]), pixels.subarray(row * stride + left * bpp, row * stride + (left + w) * bpp));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = header.color;
  return Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}
