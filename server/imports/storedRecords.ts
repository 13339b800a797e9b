// A preview's records as stored: JSON arrays in a fixed field order rather than objects, which
// halves what a 100,000-row preview holds in memory and in the database. Written a slice at a
// time so a big preview never stalls the server.
import type { ImportRecord } from './convert';

const FIELDS = [
  'sheet', 'row', 'line', 'key', 'year', 'org', 'subjectType', 'subject', 'category', 'content',
  'measures', 'expected', 'responsible', 'deadline', 'status', 'progress', 'remarks',
] as const satisfies readonly (keyof ImportRecord)[];

export async function packRecords(records: ImportRecord[]): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < records.length; i += 2000) {
    const slice = records.slice(i, i + 2000).map((r) => JSON.stringify(FIELDS.map((f) => r[f] ?? null)));
    parts.push(slice.join(','));
    await new Promise((ok) => setImmediate(ok));
  }
  return `[${parts.join(',')}]`;
}

export function unpackRecords(json: string): ImportRecord[] {
  return (JSON.parse(json) as unknown[][]).map((values) => {
    const record = Object.fromEntries(FIELDS.map((f, i) => [f, values[i]])) as unknown as ImportRecord;
    if (record.line === null) delete record.line;
    return record;
  });
}
