// A streaming workbook whose bytes end up in one Buffer.
import { PassThrough, type Writable } from 'node:stream';
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
