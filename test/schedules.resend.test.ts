// The resend limit (3 a day per schedule) under concurrency: resends asked at the same moment —
// as from several app processes behind a proxy — take the day's places one after another and
// never pass the limit together (server/schedules/resendLimit.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESEND_LIMIT } from '../server/schedules/resendLimit';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';

const dbs = await testDatabases();

describe.each(dbs)('resends asked at once on $name', ({ url }) => {
  let server: TestServer;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ databaseUrl: url, smtpUrl: smtp.url, clock: () => new Date('2026-07-02T02:00:00Z') });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('lets exactly the limit through and refuses the rest, counting each place taken once', async () => {
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const org = (await admin.post('/orgs', { name: '城关镇党委', kind: 'committee' })).body.id;
    const schedule = (await admin.post('/schedules', { kind: 'monthly', orgId: org, cron: '0 8 1 * *', recipients: ['shuji@town.example', 'zuzhi@town.example'] })).body.id;
    expect((await admin.post(`/schedules/${schedule}/run`)).status).toBe(200);

    const answers = await Promise.all(Array.from({ length: 8 }, () => admin.post(`/schedules/${schedule}/run?resend=true`)));
    const statuses = answers.map((a) => a.status);
    // A resend that finds another one sending answers 409 (delivery_busy); its place is used all the same.
    expect(statuses.filter((s) => s === 429), JSON.stringify(statuses)).toHaveLength(8 - RESEND_LIMIT);
    expect(statuses.every((s) => [200, 409, 429].includes(s))).toBe(true);
    const taken = await server.ctx.db.selectFrom('audit').select('id').where('action', '=', 'resend').where('entity_id', '=', schedule).execute();
    expect(taken).toHaveLength(RESEND_LIMIT);
  });
});
