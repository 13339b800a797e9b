// "One character breaks the county's workbooks" (issue 10): text a workbook cannot hold (U+FFFE,
// U+FFFF, lone surrogates, control characters other than tab and newline) is removed on the
// way in, with a warning saying where, and never reaches the database — so every report loads.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdableText } from '../core/text';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';
import { upload } from './fixtures/upload';

const dbs = await testDatabases();
const NASTY = ['\ufffe', '\uffff', '\ud800', '\udfff', '\u0000', '\u0007', '\u000b', '\u001b', '\u007f', '\u0085'];
/** Any code points, lone surrogate halves included, with the worst ones mixed in for sure. */
const anyText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...NASTY)), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));
const REPORTS = [
  ['monthly', '2011-06'],
  ['quarterly', '2011-Q2'],
  ['half-year', '2011-H1'],
  ['annual', '2011'],
  ['notice', '2011'],
  ['pledge-forms', '2011'],
] as const;
const TEXT_TABLES = ['commitments', 'members', 'organizations', 'progress_entries', 'evaluations'] as const;

describe.each(dbs)('text a workbook cannot hold, on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  let token: string;
  let county: number;
  let branch: number;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2012-01-10T02:00:00Z') });
    token = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    admin = server.api(token);
    county = (await admin.post('/orgs', { name: '青山县委\ufffe', kind: 'committee' })).body.id;
    branch = (await admin.post('/orgs', { name: '城关第一党支部\u0007', kind: 'branch', parentId: county })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Every string of every row of the tables reports read from. */
  const storedStrings = async () => {
    const all: string[] = [];
    for (const t of TEXT_TABLES) {
      for (const row of await server.ctx.db.selectFrom(t).selectAll().execute()) {
        all.push(...Object.values(row).filter((v): v is string => typeof v === 'string'));
      }
    }
    return all;
  };

  let run = 0;
  it('random text through the batch, progress and comments: every report kind loads in exceljs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(anyText, anyText, anyText, anyText), { minLength: 1, maxLength: 4 }), async (texts) => {
        run++;
        const member = await admin.post('/members', { orgId: branch, name: `王${texts[0][0].slice(0, 20)}`, role: 'ordinary', unitPost: texts[0][1] });
        expect(member.status, JSON.stringify(member.body)).toBe(201);
        const rows = texts.map(([subject, content, measures, remarks], i) => ({
          key: `prop-${run}-${i}`,
          orgId: branch,
          year: 2011,
          subjectType: '党员',
          subjectName: `李${subject.slice(0, 30)}`,
          category: '实事承诺',
          content: `为群众办实事${content}`,
          measures,
          expected: content,
          responsible: subject.slice(0, 20),
          deadline: '2011年6月底',
          status: '进行中',
          progress: measures,
          remarks,
        }));
        const batch = await admin.post('/commitments/batch', { rows });
        expect(batch.status, JSON.stringify(batch.body).slice(0, 300)).toBe(200);
        expect(batch.body.rows.map((r: any) => r.result), JSON.stringify(batch.body.rows[0].errors)).not.toContain('rejected');
        for (const [i, r] of batch.body.rows.entries()) {
          const progress = await admin.post(`/commitments/${r.id}/progress`, { month: '2011-06', note: `已走访${texts[i][2]}`, percent: 50 });
          expect(progress.status, JSON.stringify(progress.body)).toBe(201);
        }
        const comment = await admin.post('/evaluations', { kind: 'leader_comment', targetType: 'member', targetId: member.body.id, period: '2011-Q2', text: `表现突出${texts[0][3]}` });
        expect(comment.status, JSON.stringify(comment.body)).toBe(201);

        for (const [kind, period] of REPORTS) {
          const res = await fetch(`${server.baseUrl}/api/v1/reports/${kind}?org=${county}&period=${period}`, { headers: { authorization: `Bearer ${token}` } });
          expect(res.status, `${kind} ${period}`).toBe(200);
          await new ExcelJS.Workbook().xlsx.load(await res.arrayBuffer()); // throws on text an XML parser refuses
        }
        for (const s of await storedStrings()) expect(holdableText(s), JSON.stringify(s)).toBe(s);
      }),
      { numRuns: 5 },
    );
  });

  it('says where it removed characters: batch row warnings, a Text-Removed header, import preview warnings', async () => {
    const batch = await admin.post('/commitments/batch', {
      rows: [
        { key: 'warn-1', orgId: branch, year: 2011, subjectName: '张\u0007伟', category: '岗位承诺', content: '按时\ufffe交纳党费', deadline: '年底前' },
        { key: 'warn-2', orgId: branch, year: 2011, subjectName: '刘洋', category: '岗位承诺', content: '带头学习', deadline: '年底前' },
      ],
    });
    expect(batch.body.rows[0]).toMatchObject({ result: 'created', warnings: [
      { field: 'subject', code: 'text.removed', message: expect.stringContaining('承诺主体') },
      { field: 'content', code: 'text.removed', message: expect.stringContaining('承诺内容') },
    ] });
    expect(batch.body.rows[1].warnings).toEqual([]);
    const stored = await admin.get(`/commitments/${batch.body.rows[0].id}`);
    expect(stored.body).toMatchObject({ subjectName: '张伟', content: '按时交纳党费' });

    const member = await admin.post('/members', { orgId: branch, name: '赵\ud800敏', role: 'ordinary' });
    expect(member.headers.get('text-removed')).toBe('name');
    expect(member.body.name).toBe('赵敏');

    // Passwords are only hashed: kept as typed, so the same keys log in.
    const password = 'ledger\u0007-pass-2011';
    expect((await admin.post('/users', { login: 'clerk-bell', password, name: '钱\u0007进', role: 'clerk', orgId: branch })).body.name).toBe('钱进');
    expect((await server.api().post('/auth/login', { login: 'clerk-bell', password })).status).toBe(200);
    expect((await server.api().post('/auth/login', { login: 'clerk-bell', password: 'ledger-pass-2011' })).status).toBe(401);

    const csv = Buffer.from('承诺主体,承诺类别,承诺内容,完成时限\n孙丽,实事承诺,帮扶困难户\ufffe2户,2011年6月底\n', 'utf8');
    const preview = await upload(server, token, csv, '台账.csv', { org: branch, year: 2011 });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body.warnings).toContainEqual(expect.objectContaining({ code: 'text.removed', row: 2, column: 'C' }));
    expect(preview.body.samples[0].content).toBe('帮扶困难户2户');
  });
});
