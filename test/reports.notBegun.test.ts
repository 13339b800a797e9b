// Reports for periods that have not begun (issue 10) answer 400 period.not_begun naming the
// period — on the HTTP route, the CLI and the scheduler's builder and manual run alike — instead
// of a workbook whose cover dates its data before the period.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import { reportBuilderOf } from '../server/reports/offThread';
import { runCli } from './support/serverProcess';

const dbs = await testDatabases();
// 30 November 2026, noon in Shanghai.
const TODAY = new Date('2026-11-30T04:00:00Z');

describe.each(dbs)('reports of periods not begun on $name', ({ url }) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let admin: Api;
  let orgId: number;
  let clock = TODAY;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ databaseUrl: url, clock: () => clock, smtpUrl: smtp.url });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    orgId = (await admin.post('/orgs', { name: '城关镇党委', kind: 'committee' })).body.id;
    const branch = (await admin.post('/orgs', { name: '城关镇第一党支部', kind: 'branch', parentId: orgId })).body.id;
    const rows = [
      { key: 'nb-1', orgId: branch, year: 2026, subjectName: '王芳', subjectType: '党员', category: '实事承诺', content: '为社区老人代购药品每月2次', deadline: '2026年12月底' },
      { key: 'nb-2', orgId: branch, year: 2026, subjectName: '城关镇第一党支部', subjectType: '党组织', category: '岗位承诺', content: '完成党员信息采集', deadline: '2026-06-30' },
    ];
    expect((await admin.post('/commitments/batch', { rows })).body.counts.created).toBe(2);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const report = (kind: string, period: string) => admin.get(`/reports/${kind}?org=${orgId}&period=${period}`);

  it.each([
    ['monthly', '2026-12'],
    ['monthly', '2030-06'],
    ['quarterly', '2027-Q1'],
    ['half-year', '2030-H1'],
    ['annual', '2030'],
    ['annual', '9999'],
    ['notice', '9999'],
    ['pledge-forms', '2028'],
    ['notice', '2027'], // printed ahead only from 1 December
  ])('GET /reports/%s?period=%s answers 400 period.not_begun naming it', async (kind, period) => {
    const res = await report(kind, period);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'period', code: 'period.not_begun', message: expect.stringContaining(period) }]);
    expect(res.body.errors[0].message).toContain('2026-11-30');
  });

  it('makes the periods that have begun, the current one included', async () => {
    for (const [kind, period] of [['monthly', '2026-11'], ['quarterly', '2026-Q4'], ['half-year', '2026-H2'], ['annual', '2026']]) {
      expect((await report(kind, period)).status, `${kind} ${period}`).toBe(200);
    }
    clock = new Date('2026-12-01T04:00:00Z');
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD)); // sessions expire as the clock moves
    try {
      expect((await report('notice', '2027')).status).toBe(200);
      expect((await report('pledge-forms', '2027')).status).toBe(200);
      expect((await report('annual', '2027')).status).toBe(400);
    } finally {
      clock = TODAY;
      admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    }
  });

  it('refuses them in the scheduler: its report builder and a manual run', async () => {
    await expect(reportBuilderOf(server.ctx)({ kind: 'monthly', orgId, period: '2030-06' })).rejects.toMatchObject({ code: 'period.not_begun' });
    const schedule = (await admin.post('/schedules', { kind: 'monthly', orgId, cron: '0 8 1 * *', recipients: ['shuji@town.example'] })).body;
    const run = await admin.post(`/schedules/${schedule.id}/run?period=2030-06`);
    expect(run.status).toBe(400);
    expect(run.body.errors).toEqual([{ field: 'period', code: 'period.not_begun', message: expect.stringContaining('2030-06') }]);
    // A period that has begun but is not finished is still "not due" for a send.
    expect((await admin.post(`/schedules/${schedule.id}/run?period=2026-11`)).body.errors[0].code).toBe('period_not_due');
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('CLI report of a period not begun', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-notbegun-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails naming the period and writes no file', async () => {
    const db = dbs[0].url; // the SQLite file of the tests above; the period is checked before anything is read
    const out = join(dir, 'annual-9999.xlsx');
    const run = await runCli(['report', 'annual', '9999', '--org', '1', '--out', out], { env: { DATABASE_URL: db } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('统计期间 9999 尚未开始');
    expect(existsSync(out)).toBe(false);
  });
});
