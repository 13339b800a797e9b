// Attachments (存档备案, 佐证材料) and filing status (备案) on the demo county, over real HTTP, on
// SQLite and PostgreSQL: type by content (renamed programs, archives and pages refused), the size
// limit, retries, scope (404 outside), who deletes, the audit trail, GET /filing and the annual
// report's 承诺书备案 sheet against SQL, and a second server process reading what the first stored.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { startServerProcess } from './support/serverProcess';
import { loadDemoCounty } from '../server/demo';
import { readBook, records, table } from './reportsWorkbook';

const dbs = await testDatabases();
const PASSWORD = 'a-long-password';
const LIMIT = 256 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `npm run cli -- attach …` in its own process, on the test's database. */
function cli(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'attach', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, ATTACHMENT_MAX_MB: '0.25' }, encoding: 'utf8' }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

/** A scanned form as a phone takes it: a real JPEG of some texture, 1200×1600. */
async function photo(seed: number): Promise<Buffer> {
  const noise = Buffer.alloc(120 * 160 * 3, 0).map((_, i) => (i * 37 + seed * 101) % 251);
  return sharp(noise, { raw: { width: 120, height: 160, channels: 3 } }).resize(1200, 1600).jpeg({ quality: 60 }).toBuffer();
}

/** A one-page PDF as a scanner writes one. */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 12 Tf 72 720 Td (${text}) Tj ET\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${body}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

describe.each(dbs)('attachments on $name', ({ url, name }) => {
  let server: TestServer;
  let admin: Api;
  let token: { clerk: string; clerk2: string; other: string; reviewer: string; viewer: string };
  let branch: number;
  let otherBranch: number;
  let town: number;
  let members: { id: number; name: string }[];
  let commitment: { id: number; year: number };

  const upload = async (tok: string, fields: Record<string, string | number>, file: Buffer, fileName: string, declared = 'image/jpeg') => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('file', new Blob([new Uint8Array(file)], { type: declared }), fileName);
    const res = await fetch(`${server.baseUrl}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: form });
    return { status: res.status, body: await res.json() };
  };
  const get = (tok: string, path: string) => fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${tok}` } });
  const user = async (login: string, role: string, orgId: number) => {
    expect((await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
    return server.login(login, PASSWORD);
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, attachmentMaxBytes: LIMIT });
    await loadDemoCounty(server.ctx.db, { password: 'demo-test-password' });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    // A branch whose members made commitments, its parent, and another branch elsewhere.
    const { rows } = await sql<{ org_id: number; parent_id: number }>`
      SELECT c.org_id, o.parent_id FROM commitments c JOIN organizations o ON o.id = c.org_id
      WHERE o.kind = 'branch' AND c.member_id IS NOT NULL GROUP BY c.org_id, o.parent_id ORDER BY c.org_id`.execute(server.ctx.db);
    branch = Number(rows[0].org_id);
    town = Number(rows[0].parent_id);
    otherBranch = Number(rows.find((r) => Number(r.parent_id) !== town)!.org_id);
    members = (
      await sql<{ id: number; name: string }>`SELECT DISTINCT m.id, m.name FROM members m JOIN commitments c ON c.member_id = m.id
        WHERE c.org_id = ${branch} AND c.year = 2011 AND c.status <> 'withdrawn' ORDER BY m.id`.execute(server.ctx.db)
    ).rows.map((m) => ({ id: Number(m.id), name: m.name }));
    const c = await server.ctx.db.selectFrom('commitments').select(['id', 'year']).where('org_id', '=', branch).orderBy('id').executeTakeFirstOrThrow();
    commitment = { id: c.id, year: c.year };
    token = {
      clerk: await user('branch-clerk', 'clerk', branch),
      clerk2: await user('branch-clerk2', 'clerk', branch),
      other: await user('other-clerk', 'clerk', otherBranch),
      reviewer: await user('town-reviewer', 'reviewer', town),
      viewer: await user('branch-viewer', 'viewer', branch),
    };
  });
  afterAll(async () => server?.close());

  it('stores a scanned form by its content, answers a retry with the same record, and serves it back as a download', async () => {
    const scan = await photo(1);
    const sent = await upload(token.clerk, { entityType: 'member', entityId: members[0].id, year: 2011, kind: 'pledge_form' }, scan, `${members[0].name}承诺书.jpg`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ entityType: 'member', entityId: members[0].id, entityName: members[0].name, orgId: branch, year: 2011, kind: 'pledge_form', contentType: 'image/jpeg', size: scan.length, width: 1200, height: 1600, hasThumbnail: true, uploadedByName: 'branch-clerk' });
    const again = await upload(token.clerk, { entityType: 'member', entityId: members[0].id, year: 2011, kind: 'pledge_form' }, scan, 'retry.jpg');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(sent.body.id);
    expect(Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM attachments WHERE entity_id = ${members[0].id} AND entity_type = 'member'`.execute(server.ctx.db)).rows[0].n)).toBe(1);

    const file = await get(token.clerk, `/attachments/${sent.body.id}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(scan)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${members[0].name}承诺书.jpg`)}`);
    const thumb = await get(token.clerk, `/attachments/${sent.body.id}/thumbnail`);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 240, 320]);

    const scanned = pdf('Pledge form, signed');
    const form = await upload(token.clerk, { entityType: 'organization', entityId: branch, year: 2011, kind: 'pledge_form' }, scanned, '支部承诺书.pdf', 'application/pdf');
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({ contentType: 'application/pdf', hasThumbnail: false, width: null });
    const audit = await sql<{ action: string; user_id: number }>`SELECT action, user_id FROM audit WHERE entity = 'attachment' AND entity_id IN (${sent.body.id}, ${form.body.id}) ORDER BY id`.execute(server.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'create']);
  });

  it('refuses renamed programs, archives and web pages by their content, damaged images and files over the limit', async () => {
    const target = { entityType: 'commitment', entityId: commitment.id, year: commitment.year, kind: 'evidence' };
    const zip = new JSZip();
    zip.file('report.txt', '完成情况');
    const refused: [Buffer, string, string][] = [
      [readFileSync('/usr/bin/true'), '照片.jpg', 'attachment.type'], // an ELF program
      [Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]), 'scan.pdf', 'attachment.type'],
      [await zip.generateAsync({ type: 'nodebuffer' }), 'evidence.pdf', 'attachment.type'],
      [Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'photo.jpg', 'attachment.type'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'photo.png', 'attachment.type'],
      [Buffer.concat([(await photo(2)).subarray(0, 200), Buffer.alloc(2000, 7)]), 'cut.jpg', 'attachment.unreadable'],
      [Buffer.concat([pdf('big'), Buffer.alloc(LIMIT)]), 'big.pdf', 'attachment.too_large'],
    ];
    for (const [bytes, fileName, code] of refused) {
      const res = await upload(token.clerk, target, bytes, fileName);
      expect([fileName, res.body.code]).toEqual([fileName, code]);
      expect(res.status).toBe(code === 'attachment.too_large' ? 413 : 415);
      expect(res.body.detail).toMatch(/JPEG|图片|MB/);
    }
    const wrongYear = await upload(token.clerk, { ...target, year: commitment.year + 1 }, pdf('x'), 'x.pdf');
    expect([wrongYear.status, wrongYear.body.code, wrongYear.body.errors[0].field]).toEqual([400, 'attachment.year', 'year']);
    const badKind = await upload(token.clerk, { ...target, kind: 'selfie' }, pdf('x'), 'x.pdf');
    expect([badKind.status, badKind.body.errors[0].field]).toEqual([400, 'kind']);
    const stored = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM attachments WHERE entity_type = 'commitment'`.execute(server.ctx.db);
    expect(Number(stored.rows[0].n)).toBe(0);
  });

  it('scope: the level above sees below, anyone else gets 404; viewers read, clerks delete only their own', async () => {
    const evidence = await upload(token.clerk, { entityType: 'commitment', entityId: commitment.id, year: commitment.year, kind: 'evidence' }, await photo(3), '现场照片.jpg');
    expect(evidence.status).toBe(201);
    const id = evidence.body.id;
    expect((await get(token.other, `/attachments/${id}`)).status).toBe(404);
    expect((await get(token.other, `/attachments/${id}/thumbnail`)).status).toBe(404);
    expect((await server.api(token.other).get(`/attachments?org=${branch}`)).status).toBe(404);
    expect((await server.api(token.other).get('/attachments?year=2011')).body.total).toBe(0);
    expect((await upload(token.other, { entityType: 'member', entityId: members[1].id, year: 2011, kind: 'pledge_form' }, await photo(4), 'x.jpg')).status).toBe(404);
    expect((await server.api(token.other).delete(`/attachments/${id}`)).status).toBe(404);

    expect((await get(token.reviewer, `/attachments/${id}`)).status).toBe(200);
    const listed = await server.api(token.reviewer).get(`/attachments?entityType=commitment&entityId=${commitment.id}`);
    expect(listed.body.items.map((a: { id: number }) => a.id)).toEqual([id]);
    const byKind = await server.api(token.viewer).get(`/attachments?org=${branch}&year=2011&kind=pledge_form`);
    expect(byKind.body.items.map((a: { kind: string }) => a.kind)).toEqual(['pledge_form', 'pledge_form']);
    expect((await upload(token.viewer, { entityType: 'member', entityId: members[1].id, year: 2011, kind: 'pledge_form' }, await photo(5), 'x.jpg')).status).toBe(403);

    const notMine = await server.api(token.clerk2).delete(`/attachments/${id}`);
    expect([notMine.status, notMine.body.code]).toEqual([403, 'attachment.not_uploader']);
    expect((await server.api(token.viewer).delete(`/attachments/${id}`)).status).toBe(403);
    expect((await server.api(token.reviewer).delete(`/attachments/${id}`)).status).toBe(204);
    expect((await get(token.clerk, `/attachments/${id}`)).status).toBe(404);
    const audit = await sql<{ action: string; before_json: string }>`SELECT action, before_json FROM audit WHERE entity = 'attachment' AND entity_id = ${id} ORDER BY id`.execute(server.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(audit.rows[1].before_json)).toMatchObject({ fileName: '现场照片.jpg', kind: 'evidence', sha256: evidence.body.sha256 });
    expect(Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM attachment_contents WHERE attachment_id = ${id}`.execute(server.ctx.db)).rows[0].n)).toBe(0);
  });

  it('filing status and the annual report’s 承诺书备案 sheet equal SQL; a member without a form is listed until filed', async () => {
    /** Who made commitments in the town's tree in 2011 and whether a pledge_form is filed for them, in SQL written here. */
    const want = async () => {
      const { rows } = await sql<{ type: string; id: number; filed: number }>`
        SELECT 'organization' AS type, c.org_id AS id,
          (SELECT COUNT(*) FROM attachments a WHERE a.kind = 'pledge_form' AND a.year = 2011 AND a.entity_type = 'organization' AND a.entity_id = c.org_id) AS filed
        FROM commitments c JOIN organizations o ON o.id = c.org_id
        WHERE c.year = 2011 AND c.status <> 'withdrawn' AND c.subject_type = 'organization' AND (o.id = ${town} OR o.parent_id = ${town})
        GROUP BY c.org_id
        UNION ALL
        SELECT 'member', c.member_id,
          (SELECT COUNT(*) FROM attachments a WHERE a.kind = 'pledge_form' AND a.year = 2011 AND a.entity_type = 'member' AND a.entity_id = c.member_id)
        FROM commitments c JOIN organizations o ON o.id = c.org_id
        WHERE c.year = 2011 AND c.status <> 'withdrawn' AND c.subject_type = 'member' AND c.member_id IS NOT NULL AND (o.id = ${town} OR o.parent_id = ${town})
        GROUP BY c.member_id`.execute(server.ctx.db);
      return rows.map((r) => `${r.type}:${Number(r.id)}:${Number(r.filed) > 0}`).sort();
    };
    expect(Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM organizations WHERE parent_id IN (SELECT id FROM organizations WHERE parent_id = ${town})`.execute(server.ctx.db)).rows[0].n)).toBe(0);
    const filing = await server.api(token.reviewer).get(`/filing?org=${town}&year=2011`);
    expect(filing.status).toBe(200);
    const got = filing.body.items.map((f: { subjectType: string; subjectId: number; filed: boolean }) => `${f.subjectType}:${f.subjectId}:${f.filed}`).sort();
    expect(got).toEqual(await want());
    expect(filing.body.counts).toEqual({ filed: 2, unfiled: got.length - 2 });
    const second = filing.body.items.find((f: { subjectId: number; subjectType: string }) => f.subjectType === 'member' && f.subjectId === members[1].id);
    expect(second).toMatchObject({ name: members[1].name, orgId: branch, filed: false, attachmentId: null });
    expect((await server.api(token.other).get(`/filing?org=${branch}&year=2011`)).status).toBe(404);

    const sheet = async () => {
      const res = await get(token.reviewer, `/reports/annual?org=${town}&period=2011`);
      expect(res.status).toBe(200);
      return records(table(await readBook(Buffer.from(await res.arrayBuffer())), '承诺书备案'));
    };
    const before = await sheet();
    expect(before.map((r) => r['名称'])).toEqual(filing.body.items.map((f: { name: string }) => f.name));
    expect(before.filter((r) => r['备案情况'] === '未备案')).toHaveLength(got.length - 2);
    expect(before.find((r) => r['名称'] === members[1].name)!['备案情况']).toBe('未备案');

    expect((await upload(token.clerk, { entityType: 'member', entityId: members[1].id, year: 2011, kind: 'pledge_form' }, pdf(members[1].name), 'form.pdf')).status).toBe(201);
    const after = await sheet();
    expect(after.find((r) => r['名称'] === members[1].name)).toMatchObject({ 备案情况: '已备案', 所在党组织: second.orgName, 类型: '党员' });
    expect(second.orgName).toBe((await server.ctx.db.selectFrom('organizations').select('name').where('id', '=', branch).executeTakeFirstOrThrow()).name);
    const filedNow = after.filter((r) => r['备案情况'] === '已备案').length;
    expect(filedNow).toBe((await want()).filter((k) => k.endsWith(':true')).length);
  });

  it('the CLI files evidence through the same rule: the commitment’s year by default, a renamed program refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attach-'));
    const scan = join(dir, '验收单.pdf');
    writeFileSync(scan, pdf('accepted'));
    const done = await cli(url, scan, '--entity', `commitment:${commitment.id}`, '--kind', 'evidence', '--as', 'branch-clerk');
    expect(done.code, done.err).toBe(0);
    const { attachment } = JSON.parse(done.out);
    expect(attachment).toMatchObject({ entityType: 'commitment', entityId: commitment.id, year: commitment.year, fileName: '验收单.pdf', contentType: 'application/pdf', uploadedByName: 'branch-clerk' });
    const audit = await sql<{ user_id: number }>`SELECT user_id FROM audit WHERE entity = 'attachment' AND action = 'create' AND entity_id = ${attachment.id}`.execute(server.ctx.db);
    expect(audit.rows).toHaveLength(1);

    const program = join(dir, 'photo.jpg');
    writeFileSync(program, readFileSync('/usr/bin/true'));
    const refused = await cli(url, program, '--entity', `commitment:${commitment.id}`, '--kind', 'evidence', '--as', 'branch-clerk');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).code).toBe('attachment.type');
    const outside = await cli(url, scan, '--entity', `member:${members[0].id}`, '--kind', 'pledge_form', '--year', '2011', '--as', 'other-clerk');
    expect([outside.code, JSON.parse(outside.err).code]).toEqual([1, 'not_found']);
  }, 180_000);

  it(`a second server process on the same ${name} database serves what this one stored`, async () => {
    const scan = await photo(9);
    const sent = await upload(token.clerk, { entityType: 'member', entityId: members[2].id, year: 2011, kind: 'pledge_form' }, scan, '第三份.jpg');
    expect(sent.status).toBe(201);
    const other = await startServerProcess({ env: { DATABASE_URL: url, HTTPS: '0', ADMIN_PASSWORD: 'second-process-password' } });
    try {
      const base = `http://127.0.0.1:${other.port}/api/v1`;
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'branch-clerk', password: PASSWORD }) });
      const { token: there } = (await login.json()) as { token: string };
      const res = await fetch(`${base}/attachments/${sent.body.id}`, { headers: { authorization: `Bearer ${there}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(scan)).toBe(true);
    } finally {
      await other.stop('SIGTERM');
    }
  }, 90_000);
});
