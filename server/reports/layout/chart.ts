// A native Excel line chart, written into the zip beside its sheet while the workbook streams.
// exceljs writes no charts, so the parts are added to its zip by hand: the chart (its series point
// at the data sheet's cells, with the values cached so it draws before any recalculation), a
// drawing that places it, the sheet's relationship to the drawing and the content types. Nothing
// is re-opened afterwards: at a million commitments that re-read held the ~30 MB file three times.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

export interface LineChart {
  title: string;
  /** The data sheet, its category column and the rows of the points. */
  dataSheet: string;
  categoryColumn: string;
  firstRow: number;
  categories: string[];
  series: { name: string; column: string; values: number[] }[];
}

const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const NS_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

// exceljs's streaming internals the chart hooks into (the same version's, pinned in package-lock).
const require = createRequire(import.meta.url);
const ContentTypesXform = require('exceljs/lib/xlsx/xform/core/content-types-xform.js') as new () => { toXml(model: unknown): string };
interface WorkbookInternals {
  zip: { append(source: string, options: { name: string }): void };
  _worksheets: unknown[];
  sharedStrings: unknown;
  commentRefs: unknown;
  media: unknown;
  addContentTypes(): Promise<void>;
}
interface SheetInternals {
  _sheetRelsWriter: { addRelationship(rel: { Target: string; Type: string }): string };
  _writeLegacyData(): void;
  _write(text: string): void;
}

/** Puts the chart on `ws` (not yet committed); one chart per workbook. */
export function drawLineChart(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet, chart: LineChart): void {
  const book = wb as unknown as WorkbookInternals;
  const sheet = ws as unknown as SheetInternals;
  const relId = sheet._sheetRelsWriter.addRelationship({ Target: '../drawings/drawing1.xml', Type: REL_DRAWING });
  // <drawing> goes after the page setup and header/footer, before any <legacyDrawing>.
  const writeLegacyData = sheet._writeLegacyData.bind(sheet);
  sheet._writeLegacyData = () => {
    sheet._write(`<drawing r:id="${relId}"/>`);
    writeLegacyData();
  };
  book.zip.append(chartXml(chart), { name: '/xl/charts/chart1.xml' });
  book.zip.append(DRAWING_XML, { name: '/xl/drawings/drawing1.xml' });
  book.zip.append(rels([['rId1', REL_CHART, '../charts/chart1.xml']]), { name: '/xl/drawings/_rels/drawing1.xml.rels' });
  book.addContentTypes = async () => {
    const types = new ContentTypesXform().toXml({ worksheets: book._worksheets.filter(Boolean), sharedStrings: book.sharedStrings, commentRefs: book.commentRefs, media: book.media });
    book.zip.append(
      types.replace(
        '</Types>',
        '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' +
          '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
      ),
      { name: '[Content_Types].xml' },
    );
  };
}

function rels(list: [id: string, type: string, target: string][]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS_RELS}">${list
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function chartXml(c: LineChart): string {
  const lastRow = c.firstRow + c.categories.length - 1;
  const ref = (col: string) => `'${c.dataSheet.replace(/'/g, "''")}'!$${col}$${c.firstRow}:$${col}$${lastRow}`;
  const cat = `<c:cat><c:strRef><c:f>${esc(ref(c.categoryColumn))}</c:f><c:strCache><c:ptCount val="${c.categories.length}"/>${c.categories
    .map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v)}</c:v></c:pt>`)
    .join('')}</c:strCache></c:strRef></c:cat>`;
  const series = c.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${esc(s.name)}</c:v></c:tx>` +
        `<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>${cat}` +
        `<c:val><c:numRef><c:f>${esc(ref(s.column))}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${s.values.length}"/>${s.values
          .map((v, j) => `<c:pt idx="${j}"><c:v>${v}</c:v></c:pt>`)
          .join('')}</c:numCache></c:numRef></c:val><c:smooth val="0"/></c:ser>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1400" b="1"/><a:t>${esc(c.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/><c:axId val="500000001"/><c:axId val="500000002"/></c:lineChart>` +
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>` +
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>件数</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

// Placed below the sheet's title rows, about A4 landscape in size.
const DRAWING_XML =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
  `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
  `<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>30</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
  `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="月度趋势图"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
  `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
  `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></a:graphicData></a:graphic>` +
  `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;
