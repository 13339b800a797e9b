// Migration 009_edges: text stored before the holdableText rule is cleaned once, so a county whose
// monthly workbook one U+FFFE broke gets a workbook that opens, on both databases.
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { openDatabase } from '../server/db/open';
import * as edges from '../server/db/migrations/009_edges';
import { appConfig } from '../server/config';
import { buildReport } from '../server/reports/build';

const dbs = await testDatabases();

describe.each(dbs)('migration 009_edges on $name', ({ url }) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  it('cleans the printed text stored before the rule, and the monthly workbook opens again', async () => {
    const before = await openDatabase(url);
    // As an older server stored it: straight past the plugin that now cleans every query.
    const raw = before.db.withoutPlugins();
    const now = '2011-06-01T00:00:00.000Z';
    const org = await raw.insertInto('organizations').values({ name: '城关\ufffe第一党支部', kind: 'branch', parent_id: null, sector: '机关\u0007', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const commitment = await raw
      .insertInto('commitments')
      .values({ key: 'old\ufffe-key', year: 2011, org_id: org.id, subject_type: 'member', subject_name: '王\u001b芳', category: 'deed', content: '为群众办实事\ufffe', measures: '每月走访\u000b', deadline: '2011-06-30', status: 'in_progress', version: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clerk = await raw.insertInto('users').values({ login: 'clerk01', password_hash: 'x', name: '李\u0007强', role: 'clerk', org_id: org.id, disabled: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await raw.insertInto('progress_entries').values({ commitment_id: commitment.id, month: '2011-06', note: '已走访\uffff3户', percent: null, user_id: clerk.id, created_at: now }).execute();
    // 009_edges once more, by itself: later migrations have run, so it cannot be un-recorded and re-run in order.
    await edges.up(raw as Kysely<any>);
    await before.close();

    const after = await openDatabase(url);
    opened.push(after);
    expect(await after.db.selectFrom('organizations').select(['name', 'sector']).where('id', '=', org.id).executeTakeFirstOrThrow()).toEqual({ name: '城关第一党支部', sector: '机关' });
    expect(await after.db.selectFrom('commitments').select(['key', 'subject_name', 'content', 'measures']).where('id', '=', commitment.id).executeTakeFirstOrThrow()).toEqual({
      key: 'old\ufffe-key', // keys are left alone
      subject_name: '王芳',
      content: '为群众办实事',
      measures: '每月走访',
    });
    expect((await after.db.selectFrom('progress_entries').select('note').executeTakeFirstOrThrow()).note).toBe('已走访3户');
    expect((await after.db.selectFrom('users').select('name').where('id', '=', clerk.id).executeTakeFirstOrThrow()).name).toBe('李强');

    const ctx = { db: after.db, dialect: after.dialect, config: appConfig({ databaseUrl: url }), now: () => new Date('2011-07-05T02:00:00Z'), onClose: () => {} };
    const { buffer } = await buildReport(ctx, { kind: 'monthly', orgId: org.id, period: '2011-06' });
    await new ExcelJS.Workbook().xlsx.load(buffer as unknown as ArrayBuffer);
  });
});
