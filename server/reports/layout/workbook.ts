// A streaming workbook whose bytes end up in one Buffer.
import { PassThrough } from 'node:stream';
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
