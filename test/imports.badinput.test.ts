// Bad input to POST /imports over real HTTP: each gets its problem document with a stable code and
// a Chinese message, nothing is stored, and the server goes on answering.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { freshSqlite } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from './support/server';
import { big5Csv, bigXls, zipBomb } from './fixtures/ledgers';
import { upload } from './fixtures/upload';

const db = freshSqlite();
const UPLOAD_LIMIT = 256 * 1024;

describe('bad input to POST /imports', () => {
  let server: TestServer;
  let admin: string;
  let orgId: number;
  const send = (file: Buffer, name: string, fields: Record<string, string | number> = {}) => upload(server, admin, file, name, { org: orgId, year: 2011, ...fields });

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: db.url, imports: { maxUploadBytes: UPLOAD_LIMIT } });
    admin = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    orgId = (await server.api(admin).post('/orgs', { name: '县委', kind: 'committee' })).body.id;
  });
  afterAll(async () => {
    // Nothing that was refused left anything behind.
    const imports = await server.ctx.db.selectFrom('imports').select('id').execute();
    expect(imports).toHaveLength(0);
    await server.close();
    await db.drop();
  });

  const refused = (res: { status: number; type: string; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(res.body.detail ?? res.body.title).toMatch(/[\u4e00-\u9fff]/);
  };

  it('refuses a file over the upload limit with 413', async () => {
    refused(await send(Buffer.alloc(UPLOAD_LIMIT + 1024, 0x41), 'big.csv'), 413, 'import.too_large');
  });

  it('refuses a zip bomb from its directory, without inflating it', async () => {
    const bomb = await zipBomb(200); // 200 MB of zeros in about 200 kB
    const before = process.memoryUsage().rss;
    refused(await send(bomb, 'bomb.xlsx'), 422, 'import.zip_ratio');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses a zip whose entry inflates beyond what it declares', async () => {
    refused(await send(await zipBomb(32, 4096), 'liar.xlsx'), 422, 'import.zip_ratio');
  });

  it('refuses a damaged workbook as corrupt', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('台账').addRow(['姓名', '承诺内容']);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    refused(await send(good.subarray(0, good.length - 200), 'cut.xlsx'), 422, 'import.corrupt');
  });

  it('refuses what is no spreadsheet', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(500, 7)]);
    refused(await send(png, 'photo.xlsx'), 422, 'import.unsupported_format');
    refused(await send(Buffer.alloc(0), 'empty.csv'), 422, 'import.empty_file');
  });

  it('refuses a CSV whose encoding it cannot be sure of, rather than import mojibake', async () => {
    refused(await send(big5Csv(), 'big5.csv'), 422, 'import.encoding_uncertain');
    const sjis = iconv.encode('氏名,約束内容,期限\nテスト,毎週の学習,長期\n', 'shift_jis');
    refused(await send(sjis, 'sjis.csv'), 422, 'import.encoding_uncertain');
  });

  it('refuses a file with no ledger in it, saying what each sheet was', async () => {
    const res = await send(Buffer.from('日期,金额\n2011-01-01,100\n'), 'money.csv');
    refused(res, 422, 'import.no_ledger');
    expect(res.body.errors[0]).toMatchObject({ code: 'sheet.no_header' });
  });

  it('asks for the file and checks the year', async () => {
    const form = new FormData();
    form.set('year', '2011');
    const res = await fetch(`${server.baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('import.file_missing');
    refused(await send(Buffer.from('姓名,承诺内容\n'), 'a.csv', { year: 'twenty' }), 400, 'invalid_input');
  });

  it('keeps answering other requests while a large file is read', async () => {
    // The server runs in this process: a read that held its event loop would show as a busy loop.
    const big = bigXls(10_000);
    const roomy = await startTestServer({ databaseUrl: freshSqlite().url });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    try {
      const token = await roomy.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      const org = (await roomy.api(token).post('/orgs', { name: '县委', kind: 'committee' })).body.id;
      const started = Date.now();
      const busyBefore = performance.eventLoopUtilization();
      delay.enable();
      const importing = upload(roomy, token, big, 'big.xls', { org, year: 2011 });
      await new Promise((ok) => setTimeout(ok, 300));
      const health = await roomy.api().get('/healthz');
      const res = await importing;
      delay.disable();
      const took = Date.now() - started;
      expect(health.status).toBe(200);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
      expect(res.body.counts.commitments).toBe(10_000);
      const busy = performance.eventLoopUtilization(busyBefore).utilization;
      const longestStallMs = delay.max / 1e6;
      console.log(`import of ${took} ms: event loop busy ${(busy * 100).toFixed(0)}%, longest stall ${longestStallMs.toFixed(0)} ms`);
      // Reading in this thread keeps the loop busy nearly all the time (measured: 98%, with
      // stalls of most of a second); in the worker it idles most of the time.
      expect(busy).toBeLessThan(0.8);
    } finally {
      await roomy.close();
    }
  });

  it('is still up after all of it', async () => {
    expect((await server.api().get('/healthz')).status).toBe(200);
  });
});
