// Scheduled report emails over a real SMTP server, on SQLite and (when configured) PostgreSQL.
// Time comes from an injected clock; each test drives the scheduler with tick(), never by waiting.
process.env.TZ = 'UTC'; // the server's own zone must not decide which period a run covers

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import cron from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App, type AppContext } from '../server/app';
import { appConfig, configFromEnv } from '../server/config';
import { schedulerOf } from '../server/schedules/scheduler';
import { createUser } from '../server/users/store';
import { freshPostgres, freshSqlite, type TestDatabase } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { parseMail, startSmtp, type TestSmtp } from './support/smtp';

const SHANGHAI_1_JULY_0800 = '2026-07-01T00:00:00.000Z';
const kinds = ['sqlite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;
if (!process.env.TEST_DATABASE_URL) console.warn('NOTE: TEST_DATABASE_URL is unset — PostgreSQL variants of the schedule tests are SKIPPED.');

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp?.close());

interface County {
  townId: number;
  otherTownId: number;
}

/** A town committee with a branch below it, four commitments of 2026, and a second town. */
async function seedCounty(ctx: AppContext): Promise<County> {
  const at = '2026-01-05T00:00:00.000Z';
  const org = (name: string, kind: string, parent: number | null) =>
    ctx.db.insertInto('organizations').values({ name, kind, parent_id: parent, sector: null, created_at: at }).returning('id').executeTakeFirstOrThrow();
  const town = await org('城关镇党委', 'committee', null);
  const branch = await org('城关镇第一党支部', 'branch', town.id);
  const other = await org('河西镇党委', 'committee', null);
  const item = (orgId: number, subjectName: string, content: string, deadline: string, status: string, completedAt: string | null = null) => ({
    year: 2026,
    org_id: orgId,
    subject_type: 'member',
    member_id: null,
    subject_name: subjectName,
    category: 'post',
    content,
    deadline,
    status,
    completed_at: completedAt,
    version: 1,
    created_at: at,
    updated_at: at,
  });
  await ctx.db
    .insertInto('commitments')
    .values([
      item(branch.id, '张三', '六月中旬完成村道硬化', '2026-06-15', 'in_progress'),
      item(branch.id, '李四', '帮扶困难户三户', '2026-06-20', 'completed', '2026-06-18T02:00:00.000Z'),
      item(branch.id, '王五', '年底前完成档案整理', '2026-12-31', 'in_progress'),
      item(town.id, '城关镇党委', '每月开展主题党日', 'ongoing', 'in_progress'),
      item(other.id, '赵六', '河西镇的逾期事项', '2026-05-31', 'in_progress'),
    ])
    .execute();
  return { townId: town.id, otherTownId: other.id };
}

function sheetText(wb: ExcelJS.Workbook, name: string): string {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const lines: string[] = [];
  ws.eachRow((row) => lines.push((row.values as unknown[]).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? ''))).join('|')));
  return lines.join('\n');
}

describe.each(kinds)('report emails on %s', (kind) => {
  let database: TestDatabase;
  let clock: Date;
  let server: TestServer;
  let serverRunning = false;
  const stopServer = async () => {
    if (serverRunning) await server.close();
    serverRunning = false;
  };
  let county: County;
  const extraApps: App[] = [];

  const config = () => ({ databaseUrl: database.url, clock: () => clock, smtpUrl: smtp.url, mailFrom: 'ledger@county.example', scheduler: true });
  /** Another server process on the same database (no HTTP needed: it only runs the scheduler). */
  const anotherApp = async () => {
    const app = await createApp(appConfig(config()));
    extraApps.push(app);
    return app;
  };
  const tick = (ctx: AppContext = server.ctx) => schedulerOf(ctx).tick();
  /** The admin's API, logged in at the clock's current time (sessions expire as the clock moves). */
  const admin = async () => server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const createSchedule = async (body: Record<string, unknown> = {}) => {
    const res = await (await admin()).post('/schedules', {
      kind: 'monthly',
      orgId: county.townId,
      cron: '0 8 1 * *',
      recipients: ['shuji@town.example', 'zuzhi@town.example'],
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number };
  };
  const deliveries = async (query = '') => (await (await admin()).get(`/deliveries${query}`)).body.items as any[];

  beforeEach(async () => {
    database = kind === 'sqlite' ? freshSqlite() : (await freshPostgres())!;
    clock = new Date('2026-06-20T02:00:00Z');
    smtp.reset();
    server = await startTestServer(config());
    serverRunning = true;
    county = await seedCounty(server.ctx);
  });
  afterEach(async () => {
    for (const app of extraApps.splice(0)) await app.close();
    await stopServer();
    await database?.drop();
  });

  it('sends a due run once, at 08:00 Shanghai on 1 July for June, with the workbook of June', async () => {
    expect(new Date(2026, 6, 1).getTimezoneOffset()).toBe(0); // the process really runs in UTC
    const schedule = await createSchedule();

    clock = new Date('2026-06-30T23:59:00Z'); // 07:59 in Shanghai: not yet
    await tick();
    expect(smtp.messages).toHaveLength(0);

    clock = new Date(SHANGHAI_1_JULY_0800);
    await tick();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.to.sort()).toEqual(['shuji@town.example', 'zuzhi@town.example']);
    expect(mail.from).toBe('ledger@county.example');

    const parsed = await parseMail(mail);
    expect(parsed.subject).toBe('【公开承诺台账】城关镇党委 2026年6月每月自查');
    expect(parsed.text).toContain('承诺事项 4 项，已完成 1 项，逾期 1 项。');
    expect(parsed.text).toContain('张三：六月中旬完成村道硬化（完成时限 2026-06-15，已逾期 15 天）');
    expect(parsed.attachments).toHaveLength(1);
    const attachment = parsed.attachments[0];
    expect(attachment.filename).toMatch(/2026-06.*\.xlsx$/);
    expect(attachment.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(attachment.content as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('本月到期');
    const due = sheetText(wb, '本月到期');
    expect(due).toContain('六月中旬完成村道硬化');
    expect(due).toContain('帮扶困难户三户');
    expect(due).not.toContain('年底前完成档案整理');
    const overdue = sheetText(wb, '逾期事项');
    expect(overdue).toContain('六月中旬完成村道硬化');
    expect(overdue).not.toContain('河西镇的逾期事项');
    expect(sheetText(wb, '本月销号')).toContain('帮扶困难户三户');

    const [delivery] = await deliveries(`?schedule=${schedule.id}`);
    expect(delivery).toMatchObject({ scheduleId: schedule.id, period: '2026-06', status: 'sent', attempts: 1, error: null, sentAt: SHANGHAI_1_JULY_0800 });
    expect(delivery.recipients.sort()).toEqual(['shuji@town.example', 'zuzhi@town.example']);

    // Later ticks the same day find nothing new to send.
    clock = new Date('2026-07-01T09:30:00Z');
    await tick();
    expect(smtp.messages).toHaveLength(1);
    const health = await server.api().get('/healthz');
    expect(health.body.scheduler).toMatchObject({ enabled: true, mail: true, lastTick: '2026-07-01T09:30:00.000Z', lastPassFailed: false });
  });

  it('sends exactly one message when two server processes fire the same run', async () => {
    await createSchedule();
    const second = await anotherApp();
    const third = await anotherApp();
    clock = new Date(SHANGHAI_1_JULY_0800);
    await Promise.all([tick(), tick(second.ctx), tick(third.ctx), tick(second.ctx)]);
    expect(smtp.messages).toHaveLength(1);
    const items = await deliveries();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ period: '2026-06', status: 'sent', attempts: 1 });
  });

  it('retries after the mail server refused for now, and shows the attempts', async () => {
    const schedule = await createSchedule();
    smtp.refuseMessages(1, 451);
    clock = new Date(SHANGHAI_1_JULY_0800);
    await tick();
    expect(smtp.messages).toHaveLength(0);
    let [delivery] = await deliveries(`?schedule=${schedule.id}`);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-07-01T00:05:00.000Z' });
    expect(delivery.error).toContain('451');

    clock = new Date('2026-07-01T00:04:00Z'); // backoff not over yet
    await tick();
    expect(smtp.messages).toHaveLength(0);

    clock = new Date('2026-07-01T00:05:00Z');
    await tick();
    expect(smtp.messages).toHaveLength(1);
    [delivery] = await deliveries(`?schedule=${schedule.id}`);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, error: null, nextAttemptAt: null });
    expect(delivery.results.map((r: any) => r.attempts)).toEqual([2, 2]);

    clock = new Date('2026-07-02T00:00:00Z');
    await tick();
    expect(smtp.messages).toHaveLength(1);
  });

  it('gives up after the last attempt, visibly, when the server keeps refusing', async () => {
    await createSchedule();
    smtp.refuseMessages(10, 421);
    clock = new Date(SHANGHAI_1_JULY_0800);
    for (let i = 0; i < 8; i++) {
      await tick();
      clock = new Date(clock.getTime() + 3 * 3600_000);
    }
    const [delivery] = await deliveries('?status=failed');
    expect(delivery).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
    expect(delivery.error).toContain('gave up after 5 attempts');
    expect(smtp.messages).toHaveLength(0);
  });

  it('records a recipient refused for good while the others get the report once', async () => {
    const schedule = await createSchedule({ recipients: ['shuji@town.example', 'nobody@town.example', 'zuzhi@town.example'] });
    smtp.refuseRecipient('nobody@town.example', 550);
    clock = new Date(SHANGHAI_1_JULY_0800);
    await tick();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to.sort()).toEqual(['shuji@town.example', 'zuzhi@town.example']);

    const [delivery] = await deliveries(`?schedule=${schedule.id}&status=failed`);
    expect(delivery.period).toBe('2026-06');
    const nobody = delivery.results.find((r: any) => r.address === 'nobody@town.example');
    expect(nobody).toMatchObject({ status: 'failed', attempts: 1 });
    expect(nobody.response).toContain('550');
    expect(delivery.results.filter((r: any) => r.status === 'sent')).toHaveLength(2);

    // Nothing is sent again to anyone, however much later the scheduler looks.
    for (const at of ['2026-07-01T01:00:00Z', '2026-07-02T00:00:00Z']) {
      clock = new Date(at);
      await tick();
    }
    expect(smtp.messages).toHaveLength(1);
  });

  it('re-sends by hand only to whom it did not reach, and reports what it did', async () => {
    const schedule = await createSchedule({ recipients: ['shuji@town.example', 'nobody@town.example'] });
    smtp.refuseRecipient('nobody@town.example', 550);
    clock = new Date(SHANGHAI_1_JULY_0800);
    await tick();
    expect(smtp.messages).toHaveLength(1);

    // The address is corrected, then the failed delivery is run again.
    clock = new Date('2026-07-01T03:00:00Z');
    const patched = await (await admin()).patch(`/schedules/${schedule.id}`, { recipients: ['shuji@town.example', 'fixed@town.example'] });
    expect(patched.status).toBe(200);
    const run = await (await admin()).post(`/schedules/${schedule.id}/run?period=2026-06`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({ action: 'sent', period: '2026-06', sentTo: ['fixed@town.example'], refused: [], waiting: [] });
    expect(run.body.delivery).toMatchObject({ status: 'sent', attempts: 2, recipients: ['shuji@town.example', 'fixed@town.example'] });
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1].to).toEqual(['fixed@town.example']);

    // Asked again: everybody has it, nothing is sent.
    const again = await (await admin()).post(`/schedules/${schedule.id}/run?period=2026-06`);
    expect(again.body).toMatchObject({ action: 'nothing-to-send', sentTo: [] });
    expect(smtp.messages).toHaveLength(2);

    // resend=true sends it to everyone once more; a past period is sent on request.
    const resend = await (await admin()).post(`/schedules/${schedule.id}/run?period=2026-06&resend=true`);
    expect(resend.body.sentTo.sort()).toEqual(['fixed@town.example', 'shuji@town.example']);
    const past = await (await admin()).post(`/schedules/${schedule.id}/run?period=2026-03`);
    expect(past.body).toMatchObject({ action: 'sent', period: '2026-03' });
    expect(smtp.messages).toHaveLength(4);
    expect((await parseMail(smtp.messages[3])).subject).toContain('2026年3月');

    // Without period= it is the latest run's period.
    const latest = await (await admin()).post(`/schedules/${schedule.id}/run`);
    expect(latest.body).toMatchObject({ action: 'nothing-to-send', period: '2026-06' });

    // July is not over: sending it now would take July's delivery and the final report would never go.
    // August has not even begun: the same period.not_begun as GET /reports and the CLI answer.
    for (const [early, code] of [['2026-07', 'period_not_due'], ['2026-08', 'period.not_begun']]) {
      const notYet = await (await admin()).post(`/schedules/${schedule.id}/run?period=${early}`);
      expect(notYet.status).toBe(400);
      expect(notYet.body.errors[0]).toMatchObject({ field: 'period', code });
    }
    const wrongKind = await (await admin()).post(`/schedules/${schedule.id}/run?period=2026-Q2`, undefined, { 'accept-language': 'en' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0]).toMatchObject({ field: 'period', code: 'invalid_period' });
    expect(wrongKind.body.errors[0].message).toContain('2011-06');
    expect(smtp.messages).toHaveLength(4);
  });

  it('catches up a run missed while the server was down once, and not again after a restart', async () => {
    await createSchedule();
    await stopServer(); // down from 20 June …

    clock = new Date('2026-07-03T06:00:00Z'); // … to 3 July
    const restarted = await anotherApp();
    await tick(restarted.ctx); // waits for the pass made at start
    expect(smtp.messages).toHaveLength(1);
    expect((await parseMail(smtp.messages[0])).subject).toContain('2026年6月');
    await restarted.close();
    extraApps.length = 0;

    clock = new Date('2026-07-03T07:00:00Z');
    const again = await anotherApp();
    await tick(again.ctx);
    expect(smtp.messages).toHaveLength(1);
    await again.close();
    extraApps.length = 0;

    // Down for three runs: only the last two periods are caught up.
    clock = new Date('2026-10-15T00:00:00Z');
    const late = await anotherApp();
    await tick(late.ctx);
    const subjects = await Promise.all(smtp.messages.map(async (m) => (await parseMail(m)).subject));
    expect(subjects).toEqual([expect.stringContaining('2026年6月'), expect.stringContaining('2026年8月'), expect.stringContaining('2026年9月')]);
  });

  it('starts the scheduler with the app, with a first pass at once, and stops it on close', async () => {
    const tickers = () => [...cron.getTasks().values()].filter((t) => t.name?.startsWith('report-scheduler-')).length;
    const before = tickers();
    const app = await anotherApp();
    expect(tickers()).toBe(before + 1);
    await tick(app.ctx);
    expect(schedulerOf(app.ctx).health()).toMatchObject({ enabled: true, mail: true, lastTick: clock.toISOString(), lastPassFailed: false });
    await app.close();
    extraApps.length = 0;
    expect(tickers()).toBe(before);
  });

  it('never ticks in a SCHEDULER=0 process, says so in /healthz, and still sends by hand there', async () => {
    const schedule = await createSchedule();
    await stopServer();
    const env = configFromEnv({ DATABASE_URL: database.url, SCHEDULER: '0', SMTP_URL: smtp.url });
    expect(env.scheduler).toBe(false);
    clock = new Date(SHANGHAI_1_JULY_0800); // June's run is due, but this process does not look
    const apiOnly = await createApp({ ...env, clock: () => clock });
    extraApps.push(apiOnly);
    const listener = apiOnly.app.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/api/v1`;
    try {
      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health.scheduler).toEqual({ enabled: false, mail: true, lastTick: null, lastPassFailed: false });
      expect(smtp.messages).toHaveLength(0);

      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: ADMIN_LOGIN, password: ADMIN_PASSWORD }),
      });
      const { token } = await login.json();
      const run = await fetch(`${base}/schedules/${schedule.id}/run?period=2026-06`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(await run.json()).toMatchObject({ action: 'sent', period: '2026-06' });
      expect(smtp.messages).toHaveLength(1);
    } finally {
      listener.close();
    }
  });

  it('validates schedules and keeps others’ schedules and deliveries out of sight', async () => {
    const bad = await (await admin()).post('/schedules', { kind: 'monthly', orgId: county.townId, cron: '0 25 1 * *', timezone: 'Mars/Base', recipients: ['not-an-address'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('recipients.0');
    const badCron = await (await admin()).post('/schedules', { kind: 'monthly', orgId: county.townId, cron: '0 25 1 * *', recipients: ['a@town.example'] });
    expect(badCron.body.errors).toEqual([expect.objectContaining({ field: 'cron', code: 'invalid_cron' })]);

    const schedule = await createSchedule();
    // The same report at the same time again (a retried request, say) would mail everyone twice.
    const twin = await (await admin()).post('/schedules', { kind: 'monthly', orgId: county.townId, cron: ' 0  8 1 * *', recipients: ['x@town.example'] });
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ code: 'schedule_exists' });
    expect(twin.body.detail).toContain(String(schedule.id));
    clock = new Date(SHANGHAI_1_JULY_0800);
    await tick();

    await createUser(server.ctx.db, { login: 'hexi', password: 'hexi-password-1', name: '河西', role: 'reviewer', orgId: county.otherTownId }, clock);
    await createUser(server.ctx.db, { login: 'viewer', password: 'viewer-password-1', name: '城关', role: 'viewer', orgId: county.townId }, clock);
    const hexi = server.api(await server.login('hexi', 'hexi-password-1'));
    expect((await hexi.get(`/schedules/${schedule.id}`)).status).toBe(404);
    expect((await hexi.post(`/schedules/${schedule.id}/run?period=2026-06`)).status).toBe(404);
    expect((await hexi.get(`/deliveries?schedule=${schedule.id}`)).status).toBe(404);
    expect((await hexi.get('/deliveries')).body.items).toEqual([]);
    expect((await hexi.get('/schedules')).body.items).toEqual([]);

    const viewer = server.api(await server.login('viewer', 'viewer-password-1'));
    expect((await viewer.get('/deliveries')).body.items).toHaveLength(1);
    expect((await viewer.post(`/schedules/${schedule.id}/run?period=2026-06`)).status).toBe(403);
    expect((await viewer.patch(`/schedules/${schedule.id}`, { enabled: false })).status).toBe(403);
  });

  it('offers and creates the default schedules for a top organisation', async () => {
    const offered = await (await admin()).get('/schedules/defaults');
    expect(offered.body.items.map((s: any) => [s.kind, s.cron, s.timezone])).toEqual([
      ['monthly', '0 8 1 * *', 'Asia/Shanghai'],
      ['quarterly', '0 8 1 1,4,7,10 *', 'Asia/Shanghai'],
      ['half-year', '0 8 1 1,7 *', 'Asia/Shanghai'],
      ['annual', '0 8 5 1 *', 'Asia/Shanghai'],
    ]);
    await createSchedule(); // a monthly one exists already
    const created = await (await admin()).post('/schedules/defaults', { orgId: county.townId, recipients: ['shuji@town.example'] });
    expect(created.status).toBe(201);
    expect(created.body.items.map((s: any) => s.kind)).toEqual(['quarterly', 'half-year', 'annual']);
    expect(created.body.skipped).toEqual(['monthly']);

    clock = new Date(SHANGHAI_1_JULY_0800); // 1 July: June's self-check, the second quarter's comments, the half-year bulletin
    await tick();
    const subjects = (await Promise.all(smtp.messages.map(parseMail))).map((m) => m.subject).sort();
    expect(subjects).toEqual([
      '【公开承诺台账】城关镇党委 2026年6月每月自查',
      '【公开承诺台账】城关镇党委 2026年上半年半年通报',
      '【公开承诺台账】城关镇党委 2026年第二季度领导点评',
    ]);
  });
});
