// Reading QR codes back the way a phone does: the PNG pictures inside a workbook, decoded.
import JSZip from 'jszip';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code in a PNG, or throws when none can be read. */
export function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height);
  if (!code) throw new Error('no QR code found in the picture');
  return code.data;
}

/** Every PNG in the workbook's media, decoded, in the order of their names. */
export async function qrCodesIn(xlsx: Buffer | ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const pngs = Object.keys(zip.files)
    .filter((name) => /^xl\/media\/.+\.png$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return Promise.all(pngs.map(async (name) => decodeQr(await zip.file(name)!.async('nodebuffer'))));
}
