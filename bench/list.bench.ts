// List latency over HTTP at 100,000 commitments in a county-shaped tree (1 committee,
// 5 general branches, 50 branches): the queries the add-in and reports make, p50/p95 of 30 runs.
// SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
import { upsertCommitments, type UpsertRow } from '../server/commitments/upsert';
import { createUser } from '../server/users/store';
import { startTestServer, ADMIN_LOGIN, ADMIN_PASSWORD } from '../test/support/server';
import type { TestDatabase } from '../test/support/freshDatabases';
import { forEachDatabase } from './databases';

const RECORDS = 100_000;
const RUNS = 30;
const STATUSES = ['published', 'in_progress', 'completed', 'unfulfilled'];

async function measure(db: TestDatabase): Promise<void> {
  const server = await startTestServer({ databaseUrl: db.url, clock: () => new Date('2011-09-15T02:00:00Z') });
  try {
    const { ctx } = server;
    const at = ctx.now().toISOString();
    const org = (name: string, kind: string, parent: number | null) =>
      ctx.db.insertInto('organizations').values({ name, kind, parent_id: parent, sector: null, created_at: at }).returning('id').executeTakeFirstOrThrow().then((r) => r.id);
    const county = await org('某县委', 'committee', null);
    const branches: number[] = [];
    for (let g = 0; g < 5; g++) {
      const gb = await org(`第${g + 1}党总支`, 'general_branch', county);
      for (let b = 0; b < 10; b++) branches.push(await org(`第${g + 1}-${b + 1}党支部`, 'branch', gb));
    }
    const rows: UpsertRow[] = Array.from({ length: RECORDS }, (_, i) => ({
      key: `list-${i}`,
      orgId: branches[i % branches.length],
      input: {
        year: 2010 + (i % 2),
        subject: `党员${i % 3000}`,
        category: ['共性承诺', '岗位承诺', '实事承诺'][i % 3],
        content: `第 ${i} 条承诺：为群众办好一件实事`,
        deadline: `${2010 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-20`,
        status: STATUSES[i % STATUSES.length],
      },
    }));
    await ctx.db.transaction().execute((trx) => upsertCommitments(trx, { id: 1, role: 'admin', orgId: null }, rows, { now: ctx.now(), timeZone: ctx.config.reportTz }));
    await createUser(ctx.db, { login: 'clerk', password: ADMIN_PASSWORD, name: 'clerk', role: 'clerk', orgId: branches[7] }, ctx.now());
    const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    const clerk = server.api(await server.login('clerk', ADMIN_PASSWORD));

    const cases: Array<[string, () => Promise<unknown>]> = [
      ['whole tree, first page', () => admin.get('/commitments?limit=100')],
      ['whole tree, page 500', () => admin.get('/commitments?limit=100&offset=50000')],
      ['one branch (clerk scope)', () => clerk.get('/commitments?limit=100')],
      ['general branch, year+status', () => admin.get(`/commitments?org=${branches[0] - 1}&year=2011&status=in_progress&limit=100`)],
      ['overdue in tree', () => admin.get('/commitments?overdue=true&limit=100')],
      ['overdue below the committee', () => admin.get(`/commitments?org=${county}&overdue=true&limit=100`)],
    ];
    for (const [name, run] of cases) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const res = (await run()) as { status: number };
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
      }
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
      console.log(`${db.name.padEnd(8)} ${name.padEnd(30)} p50 ${p(0.5).padStart(6)} ms  p95 ${p(0.95).padStart(6)} ms`);
    }
  } finally {
    await server.close();
  }
}

await forEachDatabase(measure);
