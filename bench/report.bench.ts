// Annual report (年终总结) build time, CPU time and peak memory, beside a bare exceljs streaming
// write of the same number of cells, for the demo county and generated ledgers over 30,000
// organisations.
//   npm run bench -- report                  demo, 100,000 and 1,000,000 commitments
//   npm run bench -- --quick report          demo and 100,000
//   REPORT_BENCH_SIZES=demo,100000 npm run bench -- report   the sizes named
// The ledger is made in one child process; the report, the bare write and the report's reads
// alone each run in a child of their own, so each peak memory (the kernel's high-water mark of
// that process's resident memory) is its own. SQLite only.
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
import { eachFigure, loadEvaluations, loadMemberNames, loadRectifications, loadScope } from '../server/reports/load';
import { megabytes, quick, reportAim, seconds, times } from './aims';

const ORGS = 30_000;
const here = fileURLToPath(import.meta.url);
const [step, arg, dir] = process.argv.slice(2);

if (step === '--generate') {
  console.log(JSON.stringify({ orgId: await generateCase(arg, dir) }));
} else if (step === '--report') {
  const built = await measure(() => buildAnnual(dir, Number(arg)));
  const shapes = await sheetShapes(built.value);
  console.log(JSON.stringify({ shapes, ...built, value: undefined }));
} else if (step === '--read') {
  console.log(JSON.stringify({ ...(await measure(() => readAnnualData(dir, Number(arg)))), value: undefined }));
} else if (step === '--bare') {
  console.log(JSON.stringify({ ...(await measure(() => bareWrite(JSON.parse(arg)))), value: undefined }));
} else {
  const sizes = (process.env.REPORT_BENCH_SIZES ?? (quick ? 'demo,100000' : 'demo,100000,1000000')).split(',').map((s) => s.trim());
  const head = ['case', 'cells', 'report s', 'cpu s', 'peak MB', 'reads s', 'bare s', 'cpu s', 'peak MB', 'ratio', 'cpu ratio'];
  const widths = [22, 10, 9, 7, 8, 8, 7, 7, 8, 6, 10];
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' '));
  line(head);
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
    try {
      const made = child(['--generate', size, dir]);
      const run = made && child(['--report', String(made.orgId), dir]);
      const read = run && child(['--read', String(made.orgId), dir]);
      const bare = read && child(['--bare', JSON.stringify(run.shapes)]);
      if (!bare) continue;
      const cells = run.shapes.reduce((s: number, r: Shape) => s + r.cells, 0);
      const label = size === 'demo' ? 'demo county' : `${Number(size).toLocaleString('en')} commitments`;
      line([label, String(cells), sec(run.ms), sec(run.cpuMs), run.peakMb.toFixed(0), sec(read.ms), sec(bare.ms), sec(bare.cpuMs), bare.peakMb.toFixed(0), (run.ms / bare.ms).toFixed(2), (run.cpuMs / bare.cpuMs).toFixed(2)]);
      if (size !== sizes[sizes.length - 1] || size === 'demo') continue;
      // The aims are the at a million commitments; a smaller largest size is shown, not judged.
      const judged = (met: boolean) => (size === '1000000' ? met : null);
      reportAim({ measure: `annual report, ${label}: CPU`, ours: seconds(run.cpuMs), bare: seconds(bare.cpuMs), ratio: times(run.cpuMs / bare.cpuMs), aim: '≤ 2×', met: judged(run.cpuMs <= 2 * bare.cpuMs) });
      reportAim({ measure: `annual report, ${label}: peak RSS`, ours: megabytes(run.peakMb), bare: megabytes(bare.peakMb), ratio: times(run.peakMb / bare.peakMb), aim: '< 500 MB', met: judged(run.peakMb < 500) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("report s / cpu s: wall and CPU time (all threads) of buildReport; 'reads s': the database reads it makes, timed alone in a process of its own.");
  console.log('peak MB: the peak resident memory of the process doing only that (node and its modules included in both).');
}

type Shape = { rows: number; cells: number };

function sec(ms: number): string {
  return (ms / 1000).toFixed(2);
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

async function generateCase(size: string, dir: string): Promise<number> {
  const path = join(dir, 'bench.db');
  const opened = await openDatabase(`file:${path}`);
  if (size === 'demo') {
    const orgId = (await loadDemoCounty(opened.db, { password: 'bench-password' })).countyId;
    await opened.close();
    return orgId;
  }
  await opened.close();
  return generate(path, Number(size));
}

async function openCase(dir: string) {
  const url = `file:${join(dir, 'bench.db')}`;
  const db = await openDatabase(url, { migrate: false });
  const ctx = { db: db.db, dialect: db.dialect, config: appConfig({ databaseUrl: url }), now: () => new Date('2012-01-15T00:00:00Z'), onClose: () => {} };
  return { db, ctx };
}

async function buildAnnual(dir: string, orgId: number): Promise<Buffer> {
  const { db, ctx } = await openCase(dir);
  const report = await buildReport(ctx, { kind: 'annual', orgId, period: '2011' });
  await db.close();
  return report.buffer;
}

/** The reads the annual report makes, timed on their own to show what is database and what is workbook. */
async function readAnnualData(dir: string, orgId: number): Promise<number> {
  const { db, ctx } = await openCase(dir);
  const scope = (await loadScope(ctx.db, orgId))!;
  let n = 0;
  const memberIds = new Set<number>();
  await eachFigure(ctx.db, scope, 2011, 'Asia/Shanghai', (f) => {
    n += 1;
    if (f.memberId !== null) memberIds.add(f.memberId);
  });
  await loadEvaluations(ctx.db, scope, 'survey', ['2011-H1', '2011-H2', '2011'], 'Asia/Shanghai');
  await loadEvaluations(ctx.db, scope, 'annual', ['2011'], 'Asia/Shanghai');
  await loadMemberNames(ctx.db, memberIds);
  await loadRectifications(ctx.db, scope, 2011, 'Asia/Shanghai');
  await db.close();
  return n;
}

/** Wall time, CPU time (user + system, all threads) and the process's peak resident memory. */
async function measure<T>(job: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; peakMb: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await job();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  // maxRSS is in kilobytes: the high-water mark, so no phase of the job is missed between samples.
  return { value, ms, cpuMs: (used.user + used.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024 };
}

/** Rows and cells of every sheet of a built workbook (counted from its XML). */
async function sheetShapes(xlsx: Buffer): Promise<Shape[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const out = [];
  for (const name of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))) {
    const xml = await zip.file(name)!.async('string');
    out.push({ rows: (xml.match(/<row /g) ?? []).length, cells: (xml.match(/<c /g) ?? []).length });
  }
  return out;
}

/**
 * Exactly as many cells in as many rows per sheet, numbers and short texts, no styles or
 * formulas, through the same streaming writer with the same shared-strings table as the reports,
 * and its bytes kept in memory as a report's are.
 */
async function bareWrite(shapes: Shape[]): Promise<number> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((ok) => sink.on('end', ok));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  shapes.forEach((shape, i) => {
    const ws = wb.addWorksheet(`s${i}`);
    for (let r = 0; r < shape.rows; r++) {
      // The sheet's cells spread over its rows, the first rows taking one more when they do not divide.
      const columns = Math.floor(shape.cells / shape.rows) + (r < shape.cells % shape.rows ? 1 : 0);
      ws.addRow(Array.from({ length: columns }, (_, c) => (c < 2 ? `支部${r % 997}` : r + c))).commit();
    }
    ws.commit();
  });
  await wb.commit();
  await ended;
  return Buffer.concat(chunks).length;
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
