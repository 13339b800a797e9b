// Cold start: from spawning to the first 200 from /healthz, and the resident memory of the whole
// process tree once it answers (npm, tsx and node processes, summed from /proc), on a fresh
// SQLite file over plain HTTP. Two ways, in the same run: `npm start` as package.json says today,
// and the server run through tsx from its TypeScript sources (how `npm start` ran it before
// issue #17's compiled runtime), so the figures stay comparable after that change.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/serverProcess';
import { megabytes, quick, reportAim, seconds, times } from './aims';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = quick ? 1 : 3;
const TIMEOUT_MS = 120_000;

interface Start {
  ms: number;
  rssMb: number;
}

const WAYS: Record<string, [string, string[]]> = {
  'npm start': ['npm', ['start']],
  'tsx (before)': [join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts']],
};

/** One cold start of `command` on a fresh database: time to /healthz, then the tree's RSS. */
async function coldStart(command: string, args: string[]): Promise<Start> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true, // its own process group, so the whole tree is stopped together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HTTPS: '0', SCHEDULER: '0', DATABASE_URL: `file:${join(dir, 'ledger.db')}`, ADMIN_PASSWORD: 'bench-start-Password-1' },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    while (!(await healthy(port))) {
      if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`${command}: no /healthz within ${TIMEOUT_MS / 1000} s:\n${output}`);
      await new Promise((ok) => setTimeout(ok, 20));
    }
    const ms = performance.now() - started;
    await new Promise((ok) => setTimeout(ok, 500)); // what it holds once settled, not mid-start
    return { ms, rssMb: treeRssKb(child.pid!) / 1024 };
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

/** Resident memory of `pid` and every process below it. */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the name in brackets may hold spaces.
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const rss = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  const walk = (p: number): number => rss(p) + (children.get(p) ?? []).reduce((sum, c) => sum + walk(c), 0);
  return walk(pid);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  process.kill(-child.pid!, 'SIGTERM');
  const force = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

/** The median start of a few rounds (the first may find a cold disk cache). */
async function median(command: string, args: string[]): Promise<Start> {
  const runs: Start[] = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await coldStart(command, args));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

const figures: Record<string, Start> = {};
for (const [name, [command, args]] of Object.entries(WAYS)) {
  figures[name] = await median(command, args);
  console.log(`${name.padEnd(14)} /healthz after ${seconds(figures[name].ms).padStart(8)}  RSS of its processes ${megabytes(figures[name].rssMb).padStart(7)}  (median of ${ROUNDS})`);
}
const now = figures['npm start'];
const before = figures['tsx (before)'];
// "bare" here is the way it ran before: the figure to improve on.
reportAim({ measure: 'cold start to /healthz (npm start vs tsx)', ours: seconds(now.ms), bare: seconds(before.ms), ratio: times(now.ms / before.ms), aim: '< 2 s', met: now.ms < 2000 });
reportAim({ measure: 'RSS after start (npm start vs tsx)', ours: megabytes(now.rssMb), bare: megabytes(before.rssMb), ratio: times(now.rssMb / before.rssMb), aim: 'shown', met: null });
