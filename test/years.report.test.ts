// What was sent stays: the demo county's annual report for 2011 is delivered over real SMTP, the
// delivery keeps its bytes (GET /deliveries/:id/workbook, scoped like /deliveries), the year is
// closed, then everything that must not matter changes — organisations renamed, moved and added,
// members renamed, re-roled and transferred, the next year's records, the clock two years on —
// and the report rebuilt equals the delivered one cell for cell (only the cover's 生成时间 and
// 生成人, which describe the copy, differ). Reopened, the same rebuild shows the changes: the
// freeze is what holds it. SQLite and PostgreSQL.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { parseMail, startSmtp, type TestSmtp } from './support/smtp';
import { loadDemoCounty } from '../server/demo';
import { plain, readBook } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'demo-test-password';
/** Cover lines about the copy itself, not the data. */
const COPY_LINES = new Set(['生成时间', '生成人']);

/** Every non-empty cell of every sheet: `sheet!row:col` → value (formulas with their text). */
function cells(wb: ExcelJS.Workbook): Map<string, string> {
  const out = new Map<string, string>();
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const formula = typeof cell.value === 'object' && cell.value && 'formula' in cell.value ? `=${cell.value.formula}` : '';
        out.set(`${ws.name}!${r}:${c}`, JSON.stringify(plain(cell.value)) + formula);
      });
    });
  });
  return out;
}

/** The cells that differ between two workbooks, with the cover's label of their row. */
function differences(a: ExcelJS.Workbook, b: ExcelJS.Workbook): { at: string; label: string | null }[] {
  const ca = cells(a);
  const cb = cells(b);
  const keys = new Set([...ca.keys(), ...cb.keys()]);
  return [...keys]
    .filter((k) => ca.get(k) !== cb.get(k))
    .map((at) => {
      const [sheet, rc] = at.split('!');
      const row = Number(rc.split(':')[0]);
      return { at, label: sheet === '封面' ? String(plain(a.getWorksheet('封面')!.getRow(row).getCell(1).value) ?? '') : null };
    });
}

describe.each(dbs)('a closed year’s report on $name', ({ url }) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let clock = new Date('2012-01-05T02:00:00Z');
  let county: number;
  const admin = async (): Promise<Api> => server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const download = async (path: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${await server.login(ADMIN_LOGIN, ADMIN_PASSWORD)}` } });
    expect(res.status, path).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ databaseUrl: url, clock: () => clock, smtpUrl: smtp.url });
    county = (await loadDemoCounty(server.ctx.db, { password: PASSWORD })).countyId;
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('keeps the delivered workbook and rebuilds it cell for cell after the world moved on', async () => {
    const api = await admin();
    const schedule = await api.post('/schedules', { kind: 'annual', orgId: county, cron: '0 8 5 1 *', recipients: ['zuzhibu@county.example'] });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const run = await api.post(`/schedules/${schedule.body.id}/run?period=2011`);
    expect(run.body).toMatchObject({ action: 'sent', sentTo: ['zuzhibu@county.example'] });
    const deliveryId = run.body.delivery.id as number;
    expect((await api.get(`/deliveries?schedule=${schedule.body.id}`)).body.items[0]).toMatchObject({ id: deliveryId, hasWorkbook: true });

    // The kept bytes are the attachment's, to the byte.
    const kept = await download(`/deliveries/${deliveryId}/workbook`);
    const mail = await parseMail(smtp.messages[0]);
    expect(Buffer.from(mail.attachments[0].content as ArrayBuffer).equals(kept)).toBe(true);
    // Scoped like /deliveries: a branch clerk does not see the county's.
    const clerk = server.api(await server.login('clerk01', PASSWORD));
    expect((await clerk.get(`/deliveries/${deliveryId}/workbook`)).status).toBe(404);

    clock = new Date('2012-01-10T02:00:00Z');
    expect((await (await admin()).post('/years/2011/close', { orgId: county })).status).toBe(201);

    // Everything that must not matter changes.
    clock = new Date('2013-03-01T02:00:00Z');
    const later = await admin();
    const db = server.ctx.db;
    const branches = await db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'branch').orderBy('id').execute();
    const withItems = await db.selectFrom('commitments').select('org_id').distinct().where('year', '=', 2011).execute();
    const busy = branches.filter((b) => withItems.some((w) => w.org_id === b.id));
    expect((await later.patch(`/orgs/${county}`, { name: '更名后的县委' })).status).toBe(200);
    expect((await later.patch(`/orgs/${busy[0].id}`, { name: `${busy[0].name}（已撤并）` })).status).toBe(200);
    const elsewhere = (await later.post('/orgs', { name: '邻县县委', kind: 'committee' })).body.id;
    expect((await later.patch(`/orgs/${busy[1].id}`, { parentId: elsewhere })).status).toBe(200);
    expect((await later.post('/orgs', { name: '新成立党支部', kind: 'branch', parentId: county })).status).toBe(201);
    const named = await db.selectFrom('members').select(['id', 'org_id']).where('id', 'in', db.selectFrom('commitments').select('member_id').where('year', '=', 2011).where('org_id', '=', busy[2].id)).orderBy('id').limit(2).execute();
    expect((await later.patch(`/members/${named[0].id}`, { name: '改名的党员', role: 'leader_cadre' })).status).toBe(200);
    expect((await later.patch(`/members/${named[1].id}`, { orgId: busy[3].id })).status).toBe(200);
    const next = await later.post('/commitments/batch', {
      orgId: busy[2].id,
      rows: [{ key: 'y2012-1', year: 2012, subjectType: 'member', subjectName: '新党员', category: 'post', content: '2012年的新承诺', deadline: '2012-06-30' }],
    });
    expect(next.body.rows[0].result).toBe('created');

    const delivered = await readBook(kept);
    const rebuilt = await readBook(await download(`/reports/annual?org=${county}&period=2011`));
    const changed = differences(delivered, rebuilt);
    expect(changed.filter((d) => !COPY_LINES.has(d.label ?? ''))).toEqual([]);
    expect(cells(delivered).size).toBeGreaterThan(500);

    // Reopened, the report is read from today's tree again: the freeze is what kept it.
    expect((await later.post('/years/2011/reopen', { orgId: county, reason: '核对报表' })).status).toBe(200);
    const live = await readBook(await download(`/reports/annual?org=${county}&period=2011`));
    const moved = differences(delivered, live).filter((d) => !COPY_LINES.has(d.label ?? ''));
    expect(moved.length).toBeGreaterThan(0);
    expect([...cells(live).values()].some((v) => v.includes('更名后的县委'))).toBe(true);
  }, 120_000);
});
