// A streaming workbook whose bytes end up in one Buffer.
import { createRequire } from 'node:module';
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface StreamingWorkbook {
  wb: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Commits the workbook and answers its bytes. */
  finish(): Promise<Buffer>;
}

export function streamingWorkbook(meta: { creator: string; created: Date }): StreamingWorkbook {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((ok, fail) => {
    sink.on('end', ok);
    sink.on('error', fail);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  streamSharedStrings(wb);
  wb.creator = meta.creator;
  wb.created = meta.created;
  wb.modified = meta.created;
  return {
    wb,
    async finish() {
      await wb.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

// exceljs's own renderers, for writing its shared-strings part in slices (see streamSharedStrings).
const require = createRequire(import.meta.url);
interface XmlWriter {
  readonly xml: string;
}
const XmlStream = require('exceljs/lib/utils/xml-stream.js') as new () => XmlWriter;
const SharedStringXform = require('exceljs/lib/xlsx/xform/strings/shared-string-xform.js') as new () => { render(xml: XmlWriter, value: unknown): void };

interface WriterInternals {
  sharedStrings: { values: unknown[] };
  zip: { append(source: Readable, options: { name: string }): void };
  addSharedStrings(): Promise<void>;
}

/**
 * exceljs renders the whole shared-strings table as one string when the workbook is committed:
 * at a million commitments (some 280,000 names) that is about 190 MB of heap at once, the
 * report's peak. The same part, each string rendered by exceljs's own xform, goes to the zip as a
 * stream a few thousand strings at a time.
 */
function streamSharedStrings(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const writer = wb as unknown as WriterInternals;
  writer.addSharedStrings = async () => {
    if (writer.sharedStrings.values.length > 0) writer.zip.append(Readable.from(sharedStringsXml(writer.sharedStrings.values)), { name: '/xl/sharedStrings.xml' });
  };
}

const STRINGS_PER_CHUNK = 5000;

function* sharedStringsXml(values: unknown[]): Generator<string> {
  // exceljs writes count and uniqueCount both as the number of distinct strings.
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${values.length}" uniqueCount="${values.length}">`;
  const item = new SharedStringXform();
  for (let i = 0; i < values.length; i += STRINGS_PER_CHUNK) {
    const xml = new XmlStream();
    for (let j = i; j < Math.min(i + STRINGS_PER_CHUNK, values.length); j++) item.render(xml, values[j]);
    yield xml.xml;
  }
  yield '</sst>';
}

/**
 * exceljs's sheet writer keeps the model of every formula cell it has written (by address), in
 * case a later cell shares its formula; reports write no shared formulas, and at a million
 * commitments the two live formulas of each of 250,000 member rows kept some 160 MB alive to the
 * end. Writers call this every few thousand rows.
 */
export function forgetWrittenFormulae(ws: ExcelJS.Worksheet): void {
  (ws as unknown as { _formulae: Record<string, unknown> })._formulae = {};
}

const QUEUED_LIMIT = 4 * 1024 * 1024;

/**
 * Waits while the sheet's XML queued for the zip exceeds a few MB. exceljs pipes each sheet into
 * the zip without heeding backpressure, so a big sheet written in one go would sit in memory
 * uncompressed; writers call this every few thousand rows. Waits at most a second per call, so a
 * sheet the zip is not reading yet cannot stall the writer.
 */
export async function zipCaughtUp(ws: ExcelJS.Worksheet): Promise<void> {
  const pipe = (ws as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  const queued = () => (pipe as unknown as { _writableState?: { length: number } })?._writableState?.length ?? 0;
  if (!pipe || queued() <= QUEUED_LIMIT) return new Promise(setImmediate);
  await new Promise<void>((ok) => {
    const timer = setTimeout(done, 1000);
    pipe.once('drain', done);
    function done() {
      clearTimeout(timer);
      pipe!.off('drain', done);
      ok();
    }
  });
}
