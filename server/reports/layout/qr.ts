// A QR code of an address as a PNG, sized for print (error correction M survives a creased slip).
import QRCode from 'qrcode';

export function qrPng(text: string, sizePx: number): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: sizePx });
}
