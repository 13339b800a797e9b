// Text stored before core's holdableText rule (U+FFFE, U+FFFF, lone surrogates, control
// characters) is cleaned once, so a county whose workbooks one such character broke gets them
// back. Only the text reports print; keys and logins are left as they are (they are unique, and
// cleaning could make two equal). A repair, not an edit: no audit rows.
import type { Kysely } from 'kysely';
import { holdableText } from '../../../core/text';

const PRINTED: Record<string, string[]> = {
  organizations: ['name', 'sector'],
  members: ['name', 'unit_post'],
  users: ['name'],
  commitments: ['subject_name', 'content', 'measures', 'expected', 'responsible', 'progress', 'remarks', 'review_note'],
  progress_entries: ['note'],
  evaluations: ['text'],
  rectifications: ['issue'],
};
const CHUNK = 1000;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(PRINTED)) {
    for (let after = 0; ; ) {
      const rows = await db.selectFrom(table).select(['id', ...columns]).where('id', '>', after).orderBy('id').limit(CHUNK).execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const changed = Object.fromEntries(columns.filter((c) => typeof row[c] === 'string' && holdableText(row[c]) !== row[c]).map((c) => [c, holdableText(row[c])]));
        if (Object.keys(changed).length) await db.updateTable(table).set(changed).where('id', '=', row.id).execute();
      }
      after = rows[rows.length - 1].id;
    }
  }
}
