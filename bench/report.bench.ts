// Annual report (年终总结) build time and peak memory, beside a bare exceljs streaming write of the
// same number of cells, for the demo county and generated ledgers over 30,000 organisations.
//   npm run bench -- report                                   demo + 100,000 commitments
//   REPORT_BENCH_SIZES=demo,100000,1000000 npm run bench -- report   adds the 1,000,000 case
// Each case runs in a child process of its own, so its peak memory is its own. SQLite only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { openDatabase } from '../server/db/open';
import { appConfig } from '../server/config';
import { loadDemoCounty } from '../server/demo';
import { buildReport } from '../server/reports/build';
import { loadEvaluations, loadFigures, loadMembers, loadRectifications, loadScope } from '../server/reports/load';

const ORGS = 30_000;
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === '--case') {
  await runCase(process.argv[3]);
} else if (process.argv[2] === '--bare') {
  const bare = await measure(() => bareWrite(JSON.parse(process.argv[3])));
  console.log(JSON.stringify({ ms: bare.ms, peakMb: bare.peakMb }));
} else {
  const sizes = (process.env.REPORT_BENCH_SIZES ?? 'demo,100000').split(',').map((s) => s.trim());
  console.log('case'.padEnd(22), 'cells'.padStart(10), 'report s'.padStart(9), 'of it read'.padStart(11), 'peak MB'.padStart(8), 'bare s'.padStart(7), 'peak MB'.padStart(8), 'ratio'.padStart(6), 'ratio w/o read'.padStart(15));
  for (const size of sizes) {
    const run = child(['--case', size]);
    if (!run) continue;
    const bare = child(['--bare', JSON.stringify(run.shapes)]);
    if (!bare) continue;
    const label = size === 'demo' ? 'demo county' : `${Number(size).toLocaleString('en')} commitments`;
    console.log(
      label.padEnd(22),
      String(run.cells).padStart(10),
      (run.ms / 1000).toFixed(2).padStart(9),
      (run.readMs / 1000).toFixed(2).padStart(11),
      run.peakMb.toFixed(0).padStart(8),
      (bare.ms / 1000).toFixed(2).padStart(7),
      bare.peakMb.toFixed(0).padStart(8),
      (run.ms / bare.ms).toFixed(2).padStart(6),
      ((run.ms - run.readMs) / bare.ms).toFixed(2).padStart(15),
    );
  }
  if (!sizes.includes('1000000')) console.log('\n1,000,000 commitments: REPORT_BENCH_SIZES=demo,100000,1000000 npm run bench -- report');
  console.log("peak MB: the process's peak resident memory while building. 'of it read': the database reads the annual report makes, timed alone.");
}

/** Runs this file in a child process (so peak memory is its own) and answers its JSON line. */
function child(args: string[]): any {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096', here, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    console.log(`${args.join(' ').slice(0, 40)}: failed (exit ${run.status}) ${run.stdout.slice(-500)}`);
    return null;
  }
  return JSON.parse(line);
}

async function runCase(size: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  try {
    const opened = await openDatabase(url);
    let orgId: number;
    if (size === 'demo') {
      orgId = (await loadDemoCounty(opened.db, { password: 'bench-password' })).countyId;
      await opened.close();
    } else {
      await opened.close();
      orgId = generate(join(dir, 'bench.db'), Number(size));
    }
    const db = await openDatabase(url);
    const ctx = { db: db.db, dialect: db.dialect, config: appConfig({ databaseUrl: url }), now: () => new Date('2012-01-15T00:00:00Z'), onClose: () => {} };
    const read = await measure(() => readAnnualData(ctx.db, orgId));
    const report = await measure(() => buildReport(ctx, { kind: 'annual', orgId, period: '2011' }));
    await db.close();
    const shapes = await sheetShapes(report.value.buffer);
    const cells = shapes.reduce((s, r) => s + r.rows * r.columns, 0);
    console.log(JSON.stringify({ cells, shapes, ms: report.ms, readMs: read.ms, peakMb: report.peakMb }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The reads the annual report makes, timed on their own to show what is database and what is workbook. */
async function readAnnualData(db: Parameters<typeof loadScope>[0], orgId: number): Promise<number> {
  const scope = (await loadScope(db, orgId))!;
  const figures = await loadFigures(db, scope, 2011, 'Asia/Shanghai');
  await loadEvaluations(db, scope, 'survey', ['2011-H1', '2011-H2', '2011'], 'Asia/Shanghai');
  await loadEvaluations(db, scope, 'annual', ['2011'], 'Asia/Shanghai');
  await loadMembers(db, scope);
  await loadRectifications(db, scope, 2011, 'Asia/Shanghai');
  return figures.length;
}

/** Wall time and peak RSS (sampled every 10 ms) of one async job, after a full GC. */
async function measure<T>(job: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  globalThis.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  const value = await job();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, ms, peakMb: peak / 1024 / 1024 };
}

/** Rows and columns of every sheet of a built workbook (counted from its XML). */
async function sheetShapes(xlsx: Buffer): Promise<{ rows: number; columns: number }[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const out = [];
  for (const name of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))) {
    const xml = await zip.file(name)!.async('string');
    const rows = (xml.match(/<row /g) ?? []).length;
    const cells = (xml.match(/<c /g) ?? []).length;
    out.push({ rows, columns: rows ? Math.round(cells / rows) : 0 });
  }
  return out;
}

/** The same number of cells, numbers and short texts, no styles, through the same streaming writer. */
async function bareWrite(shapes: { rows: number; columns: number }[]): Promise<number> {
  const sink = new PassThrough();
  let bytes = 0;
  sink.on('data', (c: Buffer) => (bytes += c.length));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  shapes.forEach((shape, i) => {
    const ws = wb.addWorksheet(`s${i}`);
    for (let r = 0; r < shape.rows; r++) {
      ws.addRow(Array.from({ length: shape.columns }, (_, c) => (c < 2 ? `支部${r % 997}` : r + c))).commit();
    }
    ws.commit();
  });
  await wb.commit();
  return bytes;
}

/**
 * A ledger of `total` commitments over 30,000 organisations (1 committee, 300 general branches,
 * the rest branches); a quarter as many members as commitments, three commitments each, the rest
 * the organisations' own. Written straight through better-sqlite3 for speed.
 */
function generate(path: string, total: number): number {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = '2011-01-05T02:00:00.000Z';
  const org = db.prepare('INSERT INTO organizations (name, kind, parent_id, sector, created_at) VALUES (?, ?, ?, NULL, ?)');
  const member = db.prepare("INSERT INTO members (org_id, name, gender, birth_year, joined_on, unit_post, role, created_at, updated_at) VALUES (?, ?, 'male', 1970, '1995-07', '单位 职务', 'ordinary', ?, ?)");
  const item = db.prepare(
    `INSERT INTO commitments (key, year, org_id, subject_type, member_id, subject_name, category, content, measures, deadline, status, completed_at, version, created_at, updated_at)
     VALUES (?, 2011, ?, ?, ?, ?, ?, ?, '每月对照检查，发现问题及时整改', ?, ?, ?, 1, ?, ?)`,
  );
  const survey = db.prepare("INSERT INTO evaluations (kind, target_type, target_id, org_id, period, satisfied, basically_satisfied, unsatisfied, user_id, created_at) VALUES ('survey', 'organization', ?, ?, ?, ?, ?, ?, 1, ?)");
  db.prepare("INSERT INTO users (login, password_hash, name, role, org_id, disabled, created_at, updated_at) VALUES ('bench', 'x', 'bench', 'admin', NULL, 0, ?, ?)").run(now, now);
  const categories = ['common', 'post', 'deed', 'discipline'];
  let n = 0;
  let seed = 1;
  const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const add = (orgId: number, memberId: number | null, name: string) => {
    n += 1;
    const month = 3 + Math.floor(rand() * 10);
    const deadline = rand() < 0.2 ? 'ongoing' : `2011-${String(month).padStart(2, '0')}-28`;
    const r = rand();
    const status = r < 0.7 ? 'completed' : r < 0.85 ? 'in_progress' : r < 0.95 ? 'unfulfilled' : 'withdrawn';
    const done = status === 'completed' ? `2011-${String(deadline === 'ongoing' ? 12 : month).padStart(2, '0')}-20T02:00:00.000Z` : null;
    item.run(`bench-${n}`, orgId, memberId ? 'member' : 'organization', memberId, name, categories[n % 4], `第${n}项承诺：为群众办实事`, deadline, status, done, now, now);
  };
  db.transaction(() => {
    const county = Number(org.run('基准县委', 'committee', null, now).lastInsertRowid);
    const generals: number[] = [];
    for (let g = 0; g < 300; g++) generals.push(Number(org.run(`第${g + 1}党总支`, 'general_branch', county, now).lastInsertRowid));
    const branches: number[] = [];
    for (let b = 0; b < ORGS - 301; b++) branches.push(Number(org.run(`第${b + 1}党支部`, 'branch', generals[b % 300], now).lastInsertRowid));
    const members = Math.floor(total / 4);
    for (let m = 0; m < members; m++) {
      const orgId = branches[m % branches.length];
      const id = Number(member.run(orgId, `党员${m + 1}`, now, now).lastInsertRowid);
      for (let k = 0; k < 3; k++) add(orgId, id, `党员${m + 1}`);
    }
    const all = [county, ...generals, ...branches];
    for (let i = 0; n < total; i++) add(all[i % all.length], null, `党组织${all[i % all.length]}`);
    for (const id of all) for (const half of ['2011-H1', '2011-H2']) survey.run(id, id, half, 30, 8, 2, now);
  })();
  db.close();
  return 1;
}
