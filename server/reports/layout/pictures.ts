// PNG pictures (the QR codes of the notice and the ballot slips) put into a finished workbook.
// exceljs's streaming writer places no images, so, as for the chart, the parts go into the zip
// afterwards: the images, one drawing per sheet anchoring each at a cell, and the relationships
// and content types that tie them together.
import JSZip from 'jszip';

export interface Picture {
  png: Buffer;
  /** Top-left cell, 0-based, and an offset into it in pixels. */
  col: number;
  row: number;
  offsetPx?: { x: number; y: number };
  /** Square size in pixels (96 dpi). */
  sizePx: number;
  /** Shown to screen readers and in Excel's selection pane. */
  name: string;
}

const EMU_PER_PX = 9525;
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_IMAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
const NS_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export async function addPictures(xlsx: Buffer, sheetId: number, pictures: Picture[]): Promise<Buffer> {
  if (pictures.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const sheetPath = `xl/worksheets/sheet${sheetId}.xml`;
  const sheet = await zip.file(sheetPath)?.async('string');
  if (!sheet) throw new Error(`picture sheet ${sheetPath} is missing`);
  const drawing = `pictures${sheetId}`;

  pictures.forEach((p, i) => zip.file(`xl/media/${drawing}_${i + 1}.png`, p.png));
  zip.file(`xl/drawings/${drawing}.xml`, drawingXml(pictures));
  zip.file(`xl/drawings/_rels/${drawing}.xml.rels`, rels(pictures.map((_, i) => [`rId${i + 1}`, REL_IMAGE, `../media/${drawing}_${i + 1}.png`])));

  const sheetRelsPath = `xl/worksheets/_rels/sheet${sheetId}.xml.rels`;
  const existing = await zip.file(sheetRelsPath)?.async('string');
  const rel: [string, string, string] = ['rIdPictures', REL_DRAWING, `../drawings/${drawing}.xml`];
  zip.file(sheetRelsPath, existing ? existing.replace('</Relationships>', `${relXml(rel)}</Relationships>`) : rels([rel]));
  zip.file(sheetPath, withDrawing(sheet, 'rIdPictures'));

  let types = await zip.file('[Content_Types].xml')!.async('string');
  if (!/Extension="png"/i.test(types)) types = types.replace('</Types>', '<Default Extension="png" ContentType="image/png"/></Types>');
  types = types.replace('</Types>', `<Override PartName="/xl/drawings/${drawing}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`);
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** `<drawing>` goes after the page setup elements and before any table parts or extensions. */
export function withDrawing(sheet: string, relId: string): string {
  const withNs = sheet.includes('xmlns:r=')
    ? sheet
    : sheet.replace('<worksheet ', '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ');
  const before = ['<legacyDrawing', '<tableParts', '<extLst', '</worksheet>'].map((t) => withNs.indexOf(t)).find((i) => i >= 0)!;
  return `${withNs.slice(0, before)}<drawing r:id="${relId}"/>${withNs.slice(before)}`;
}

const relXml = ([id, type, target]: [string, string, string]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;

function rels(list: [id: string, type: string, target: string][]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS_RELS}">${list.map(relXml).join('')}</Relationships>`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function drawingXml(pictures: Picture[]): string {
  const anchors = pictures.map((p, i) => {
    const size = p.sizePx * EMU_PER_PX;
    const x = (p.offsetPx?.x ?? 0) * EMU_PER_PX;
    const y = (p.offsetPx?.y ?? 0) * EMU_PER_PX;
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${p.col}</xdr:col><xdr:colOff>${x}</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>${y}</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${size}" cy="${size}"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="${esc(p.name)}" descr="${esc(p.name)}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
      `<xdr:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${size}" cy="${size}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join('')}</xdr:wsDr>`
  );
}
