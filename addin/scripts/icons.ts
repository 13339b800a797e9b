// Draws the add-in's ribbon and manifest icons (a ledger page on Party red, with a tick) as PNGs
// into addin/public/assets/. Run once after changing the drawing: `npx tsx addin/scripts/icons.ts`.
// The PNGs are committed; this script only exists so they can be redrawn.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

type Rgba = [number, number, number, number];
const RED: Rgba = [200, 16, 46, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const GOLD: Rgba = [242, 178, 40, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Shapes in a 1×1 design square; the later shape wins. */
function colourAt(x: number, y: number): Rgba {
  const inRounded = (x0: number, y0: number, x1: number, y1: number, r: number) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const nearSegment = (ax: number, ay: number, bx: number, by: number, w: number) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= w / 2;
  };
  let c = CLEAR;
  if (inRounded(0, 0, 1, 1, 0.18)) c = RED;
  if (inRounded(0.2, 0.14, 0.8, 0.86, 0.05)) c = PAPER;
  for (const ly of [0.3, 0.44, 0.58]) if (inRounded(0.3, ly - 0.035, 0.7, ly + 0.035, 0.02)) c = RED;
  if (nearSegment(0.5, 0.72, 0.6, 0.82, 0.09) || nearSegment(0.6, 0.82, 0.86, 0.56, 0.09)) c = GOLD;
  return c;
}

function drawIcon(size: number): Buffer {
  const samples = 4; // 4×4 supersampling for smooth edges at 16 px
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
          sum[3] += c[3];
        }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      const alpha = sum[3] / samples ** 2;
      for (let i = 0; i < 3; i++) raw[o + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
      raw[o + 3] = Math.round(alpha);
    }
  }
  return png(size, raw);
}

function png(size: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

for (const size of [16, 32, 64, 80]) {
  writeFileSync(fileURLToPath(new URL(`../public/assets/icon-${size}.png`, import.meta.url)), drawIcon(size));
}
