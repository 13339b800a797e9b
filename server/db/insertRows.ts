// Multi-row INSERTs for large batches, with the statement text built once per chunk size.
// Kysely's builder turns every value into a syntax-tree node; at 100,000 rows that costs more
// than the database's own work. Runs through the caller's Kysely (and so its transaction).
import { CompiledQuery, sql, type Kysely } from 'kysely';

// Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMETERS = 10_000;

export async function insertRows<R = unknown>(
  db: Kysely<any>,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  returning: readonly string[] = [],
): Promise<R[]> {
  const numbered = sql`${1}`.compile(db).sql === '$1'; // PostgreSQL numbers its placeholders
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tail = returning.length ? ` returning ${returning.map((c) => `"${c}"`).join(', ')}` : '';
  const texts = new Map<number, string>();
  const text = (n: number) => {
    if (!texts.has(n)) {
      const tuples = Array.from({ length: n }, (_, r) => {
        const marks = columns.map((_, c) => (numbered ? `$${r * columns.length + c + 1}` : '?'));
        return `(${marks.join(', ')})`;
      });
      texts.set(n, head + tuples.join(', ') + tail);
    }
    return texts.get(n)!;
  };
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const n = Math.min(perStatement, rows.length - i);
    const parameters: unknown[] = [];
    for (let r = i; r < i + n; r++) for (const v of rows[r]) parameters.push(v);
    const result = await db.executeQuery<R>(CompiledQuery.raw(text(n), parameters));
    out.push(...result.rows);
  }
  return out;
}
