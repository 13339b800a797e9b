// A county rehearsing its year with NOW (DESIGN §7): real server processes, restarted at each
// month's end on the same database. What they write carries NOW's time, overdue is judged on its
// day, the scheduler sends the month's report at that "now", sessions follow the clock, and a
// start with NOW set says so. SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/open';
import { testDatabases } from './support/databases';
import { startServerOn, startServerProcess, type ServerOnFile } from './support/serverProcess';
import { parseMail, startSmtp, type TestSmtp } from './support/smtp';

const dbs = await testDatabases();
const JUNE_END = '2011-06-30T10:00+08:00';
const JULY_END = '2011-07-31T10:00+08:00';
const at = (now: string) => new Date(now).toISOString();

let smtp: TestSmtp;
beforeAll(async () => void (smtp = await startSmtp()));
afterAll(() => smtp?.close());

describe.each(dbs)('NOW on $name', ({ url }) => {
  let server: ServerOnFile | null = null;
  const startAt = async (now: string) => {
    server = await startServerOn(url, { env: { NOW: now, SCHEDULER: '1', SMTP_URL: smtp.url, MAIL_FROM: 'ledger@qingshan.example', REPORT_TZ: 'Asia/Shanghai' } });
    return server;
  };
  const stop = async () => {
    await server?.stop('SIGTERM');
    server = null;
  };
  afterAll(stop);

  /** Reads the database the processes wrote, with none running. */
  const stored = async () => {
    const { db, close } = await openDatabase(url, { migrate: false });
    try {
      return {
        audit: await db.selectFrom('audit').select(['action', 'entity', 'at']).orderBy('id').execute(),
        sessions: await db.selectFrom('sessions').select(['created_at', 'expires_at']).orderBy('id').execute(),
        commitments: await db.selectFrom('commitments').select(['key', 'created_at', 'updated_at']).orderBy('id').execute(),
        progress: await db.selectFrom('progress_entries').select(['month', 'created_at']).execute(),
        deliveries: await db.selectFrom('deliveries').select(['period', 'status', 'sent_at', 'created_at']).execute(),
      };
    } finally {
      await close();
    }
  };

  it('rehearses June and July: timestamps, overdue, the monthly mail and sessions all read NOW', { timeout: 300_000 }, async () => {
    smtp.reset();
    // 30 June: the county keeps its ledger and asks for its monthly report on the 1st at 08:00.
    const june = await startAt(JUNE_END);
    expect(june.output()).toContain(`Warning: NOW=${JUNE_END} fixes the server's clock; today is 2011-06-30 (Asia/Shanghai)`);
    expect(june.output()).toContain(`警告：NOW=${JUNE_END} 固定了服务器时钟，今天是 2011-06-30`);
    const county = (await june.call('POST', '/orgs', { name: '青山县委', kind: 'committee' })).body.id as number;
    const rows = [
      { key: 'road', year: 2011, subjectType: '党组织', subjectName: '青山县委', category: '实事承诺', content: '硬化村道三公里', deadline: '2011年6月20日' },
      { key: 'well', year: 2011, subjectType: '党组织', subjectName: '青山县委', category: '实事承诺', content: '打一口深水井', deadline: '2011年7月15日' },
    ];
    const batch = await june.call('POST', '/commitments/batch', { orgId: county, rows });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);
    expect(batch.body.counts.created).toBe(2);
    const [road, well] = batch.body.rows.map((r: { id: number }) => r.id);
    expect((await june.call('POST', `/commitments/${well}/progress`, { month: '2011-06', note: '选址完成' })).status).toBe(201);
    const schedule = await june.call('POST', '/schedules', { kind: 'monthly', orgId: county, cron: '0 8 1 * *', recipients: ['zuzhi@qingshan.example'] });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const overdueIn = async (s: ServerOnFile) => ((await s.call('GET', `/commitments?org=${county}&overdue=true`)).body.items as { id: number }[]).map((c) => c.id);
    expect(await overdueIn(june)).toEqual([road]); // the well is due on 15 July
    const juneToken = june.token;
    await stop();

    const afterJune = await stored();
    const juneAt = at(JUNE_END);
    expect(afterJune.audit.length).toBeGreaterThan(3);
    expect(new Set(afterJune.audit.map((a) => a.at))).toEqual(new Set([juneAt])); // admin made, org, rows, progress, schedule
    expect(afterJune.sessions).toEqual([{ created_at: juneAt, expires_at: at('2011-06-30T22:00+08:00') }]);
    expect(afterJune.commitments.map((c) => [c.key, c.created_at, c.updated_at])).toEqual([
      ['road', juneAt, juneAt],
      ['well', juneAt, juneAt],
    ]);
    expect(afterJune.progress).toEqual([{ month: '2011-06', created_at: juneAt }]);
    expect(afterJune.deliveries).toEqual([]); // June's report goes out on 1 July
    expect(smtp.messages).toHaveLength(0);

    // 31 July, same database: the start's first scheduler pass sends June's report, dated now.
    const july = await startAt(JULY_END);
    const julyAt = at(JULY_END);
    await expect.poll(() => smtp.messages.length, { timeout: 60_000 }).toBe(1);
    const mail = await parseMail(smtp.messages[0]);
    expect(mail.subject).toBe('【公开承诺台账】青山县委 2011年6月每月自查');
    expect(mail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/2011-06.*\.xlsx$/)]);
    const deliveries = (await july.call('GET', `/deliveries?schedule=${schedule.body.id}`)).body.items as Array<{ period: string; status: string; sentAt: string }>;
    expect(deliveries.map((d) => [d.period, d.status, d.sentAt])).toEqual([['2011-06', 'sent', julyAt]]);
    // The June session ran out long ago by this clock; the well's deadline has passed now.
    expect((await fetch(`${july.base}/api/v1/me`, { headers: { authorization: `Bearer ${juneToken}` } })).status).toBe(401);
    expect((await overdueIn(july)).sort()).toEqual([road, well].sort());
    expect((await july.call('POST', `/commitments/${well}/progress`, { month: '2011-07', note: '打井过半' })).status).toBe(201);
    const julyToken = july.token;
    await stop();

    const afterJuly = await stored();
    expect(afterJuly.deliveries).toEqual([{ period: '2011-06', status: 'sent', sent_at: julyAt, created_at: julyAt }]);
    expect(afterJuly.progress.map((p) => [p.month, p.created_at]).sort()).toEqual([
      ['2011-06', juneAt],
      ['2011-07', julyAt],
    ]);
    const newAudit = afterJuly.audit.slice(afterJune.audit.length);
    expect(newAudit.length).toBeGreaterThan(0);
    expect(new Set(newAudit.map((a) => a.at))).toEqual(new Set([julyAt]));
    expect(smtp.messages).toHaveLength(1); // nothing else came due by 31 July

    // Rehearsing June again: a session begun on 31 July is no way in on 30 June.
    const again = await startAt(JUNE_END);
    expect((await fetch(`${again.base}/api/v1/me`, { headers: { authorization: `Bearer ${julyToken}` } })).status).toBe(401);
    expect((await again.call('GET', '/me')).status).toBe(200);
  });
});

describe('NOW checked at start', () => {
  it.each([
    ['2011-06-30 10:00', /NOW must be an ISO date-time with its offset such as 2011-06-30T10:00\+08:00, not "2011-06-30 10:00"/],
    ['2011-06-30T10:00', /NOW must be an ISO date-time with its offset/], // no offset: which day?
    ['2011-02-30T10:00+08:00', /NOW must be an ISO date-time/], // no such day
  ])('refuses NOW=%s by name', async (value, says) => {
    await expect(startServerProcess({ env: { NOW: value, DATABASE_URL: 'file:/nonexistent/never-opened.db', HTTPS: '0' } })).rejects.toThrow(says);
  });
});
