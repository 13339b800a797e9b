// A QR code of an address as a PNG for print. The `qrcode` library lays out the symbol (error
// correction M survives a creased slip); the PNG is written here as a 1-bit greyscale image,
// which is a few hundred bytes and takes well under a millisecond, where the library's own
// RGBA rendering took ~80 ms a code (2,000 ballot slips would have taken minutes).
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** Quiet zone around the symbol, in modules (the standard asks for 4; 2 prints fine on a slip). */
const MARGIN = 2;

/** The code as a PNG, `pixelsPerModule` pixels for each module. */
export function qrPng(text: string, pixelsPerModule = 8): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size + 2 * MARGIN;
  const side = n * pixelsPerModule;
  const rowBytes = Math.ceil(side / 8);
  const raw = Buffer.alloc((rowBytes + 1) * side, 0); // filter byte 0, then bits: 1 white, 0 black
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / pixelsPerModule) - MARGIN;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / pixelsPerModule) - MARGIN;
      const dark = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx) === 1;
      if (!dark) raw[y * (rowBytes + 1) + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
