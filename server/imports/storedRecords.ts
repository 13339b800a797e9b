// A preview's records as stored: each an array in a fixed field order (not an object), the whole
// JSON gzip-compressed and in base64. A 100,000-row preview then holds a few megabytes, not a
// hundred, in memory and in the database. Compressed a slice at a time, so a big preview never
// stalls the server.
import { createGzip, gunzipSync } from 'node:zlib';
import type { ImportRecord } from './convert';

const FIELDS = [
  'sheet', 'row', 'line', 'key', 'year', 'org', 'subjectType', 'subject', 'category', 'content',
  'measures', 'expected', 'responsible', 'deadline', 'status', 'progress', 'remarks', 'unitPost',
  'completedOn', 'plan',
] as const satisfies readonly (keyof ImportRecord)[];

export async function packRecords(records: ImportRecord[]): Promise<string> {
  const gzip = createGzip({ level: 6 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((ok, fail) => gzip.on('end', ok).on('error', fail));
  const write = (text: string) => new Promise<void>((ok) => (gzip.write(text) ? ok() : gzip.once('drain', () => ok())));
  await write('[');
  for (let i = 0; i < records.length; i += 2000) {
    const slice = records.slice(i, i + 2000).map((r) => JSON.stringify(FIELDS.map((f) => r[f] ?? null)));
    await write((i > 0 ? ',' : '') + slice.join(','));
  }
  gzip.end(']');
  await done;
  return Buffer.concat(chunks).toString('base64');
}

export function unpackRecords(packed: string): ImportRecord[] {
  const rows = JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as unknown[][];
  return rows.map((v) => {
    const record = {} as Record<string, unknown>;
    FIELDS.forEach((f, i) => {
      // Previews stored before a field existed have fewer values: null.
      if (v[i] != null || f !== 'line') record[f] = v[i] ?? null;
    });
    return record as unknown as ImportRecord;
  });
}
