// Preview of a generated 10,000- and 100,000-row .xlsx ledger (read, convert, store the preview in
// a SQLite file) next to a bare exceljs streaming read of the same file: wall and CPU time, rows/s,
// peak memory. Each measurement runs in a fresh process of its own, so its peak is its own: the
// kernel's high-water mark of that process's resident memory (node and its modules included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { megabytes, quick, reportAim, seconds, times } from './aims';

const SIZES = quick ? [10_000] : [10_000, 100_000];
const here = fileURLToPath(import.meta.url);

interface Figures {
  ms: number;
  /** User and system time of every thread of the process (GC, zlib's pool) while it ran. */
  cpuMs: number;
  rows: number;
  peakRssMb: number;
}

/** A ledger as a branch keeps it: title, 填报单位, header, then the rows. */
async function writeLedger(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('2011年承诺台账');
  ws.addRow(['胡川学区党支部2011年党员公开承诺台账']).commit();
  ws.addRow(['填报单位：胡川学区党支部    填报日期：2011年8月30日']).commit();
  ws.addRow(['序号', '承诺人', '所在支部', '承诺类型', '承诺事项', '保障措施', '完成时间', '完成情况', '进展情况', '备注']).commit();
  const categories = ['共性承诺', '岗位承诺', '为民办实事', '自律承诺'];
  const statuses = ['进行中', '已完成', null, '未完成', '已销号'];
  const deadlines: ExcelJS.CellValue[] = [new Date(Date.UTC(2011, 5, 30)), '2011年12月底', '长期坚持', '下半年', '2011.9'];
  for (let i = 0; i < rows; i++) {
    const row = ws.addRow([
      i + 1,
      `党员${i % 997}`,
      `胡川学区第${(i % 12) + 1}党支部`,
      categories[i % 4],
      `每月走访困难群众不少于${(i % 5) + 1}户，帮助解决实际问题（第${i + 1}条）`,
      '结对帮扶，建立台账',
      deadlines[i % deadlines.length],
      statuses[i % statuses.length],
      i % 3 === 0 ? '已制定计划，正在实施' : null,
      null,
    ]);
    row.getCell(7).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** Wall and CPU time of `work`, and the process's peak resident memory by then. */
async function measured(work: () => Promise<number>): Promise<Figures> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rows = await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // maxRSS (kilobytes) is the high-water mark: no moment of the work is missed between samples.
  return { ms, cpuMs: (used.user + used.system) / 1000, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function bareRead(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([readFileSync(file)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

/** Preview as POST /imports runs it, on a fresh SQLite file; setting up is not measured. */
async function measurePreview(file: string): Promise<Figures> {
  const { openDatabase } = await import('../server/db/open');
  const { appConfig } = await import('../server/config');
  const { createUser } = await import('../server/users/store');
  const { previewImport } = await import('../server/imports/preview');
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const database = await openDatabase(url);
  try {
    const now = new Date();
    const admin = await createUser(database.db, { login: 'admin', password: 'bench-password-1', name: 'admin', role: 'admin', orgId: null }, now);
    const org = await database.db.insertInto('organizations').values({ name: '胡川学区党支部', kind: 'branch', parent_id: null, sector: null, created_at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    const ctx = { db: database.db, dialect: database.dialect, config: appConfig({ databaseUrl: url, imports: { maxUploadBytes: Infinity } }), now: () => new Date(), onClose: () => {} };
    const user = { id: admin.id, login: 'admin', name: 'admin', role: 'admin' as const, orgId: null };
    const buffer = readFileSync(file);
    return await measured(async () => {
      const answer = await previewImport(ctx, user, { buffer, fileName: 'bench.xlsx', org: org.id });
      return answer.counts.commitments + answer.rejected.length;
    });
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runPhase(phase: string, file: string): Figures {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', here, phase, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${phase} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const line = (label: string, f: Figures) =>
  `  ${label.padEnd(22)} ${(f.ms / 1000).toFixed(2).padStart(7)} s (cpu ${(f.cpuMs / 1000).toFixed(2)} s)  ${Math.round(f.rows / (f.ms / 1000)).toLocaleString('en').padStart(9)} rows/s  peak RSS ${f.peakRssMb.toFixed(0).padStart(4)} MB`;

const [phase, file] = process.argv.slice(2);
if (phase === 'bare') console.log(JSON.stringify(await measured(() => bareRead(file))));
else if (phase === 'preview') console.log(JSON.stringify(await measurePreview(file)));
else {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    for (const size of SIZES) {
      const xlsx = join(dir, `ledger-${size}.xlsx`);
      await writeLedger(xlsx, size);
      const bytes = readFileSync(xlsx).length;
      console.log(`${size.toLocaleString('en')} rows (${(bytes / 2 ** 20).toFixed(1)} MB .xlsx):`);
      const bare = runPhase('bare', xlsx);
      const ours = runPhase('preview', xlsx);
      console.log(line('bare exceljs stream', bare));
      console.log(line('preview (ours)', ours));
      console.log(`  preview / bare read: ${(ours.ms / bare.ms).toFixed(2)}× time, ${(ours.cpuMs / bare.cpuMs).toFixed(2)}× CPU`);
      if (size !== SIZES[SIZES.length - 1]) continue;
      const judged = (met: boolean) => (quick ? null : met);
      const what = `import preview, ${size.toLocaleString('en')} rows`;
      reportAim({ measure: `${what}: wall`, ours: seconds(ours.ms), bare: seconds(bare.ms), ratio: times(ours.ms / bare.ms), aim: '≤ 1.5×', met: judged(ours.ms <= 1.5 * bare.ms) });
      reportAim({ measure: `${what}: CPU`, ours: seconds(ours.cpuMs), bare: seconds(bare.cpuMs), ratio: times(ours.cpuMs / bare.cpuMs), aim: '≤ 1.5×', met: judged(ours.cpuMs <= 1.5 * bare.cpuMs) });
      reportAim({ measure: `${what}: peak RSS`, ours: megabytes(ours.peakRssMb), bare: megabytes(bare.peakRssMb), ratio: times(ours.peakRssMb / bare.peakRssMb), aim: '< 300 MB', met: judged(ours.peakRssMb < 300) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
