// Builds what `npm start` runs: the task pane (vite → dist/addin) and the server, CLI and worker
// threads (esbuild → dist/server/*.js, plain Node). Plain JavaScript, so it runs before anything
// is compiled and on a production install that has no TypeScript tools.
//
//   node scripts/build.mjs              build both
//   node scripts/build.mjs --if-stale   build only what its sources changed since (prepare, prestart)
//
// Each output keeps a stamp: a hash of the files it is built from. A start compares hashes, not
// modification times, so a fresh checkout or a copied tree with the same sources builds nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = '.build-stamp';

/** Entry points of dist/server: the file names the server and tests start (server/runtime.ts). */
const SERVER_ENTRIES = {
  main: 'server/main.ts',
  cli: 'server/cli.ts',
  xlsWorker: 'server/imports/xlsWorker.ts',
  reportWorker: 'server/reports/reportWorker.ts',
};

const TARGETS = [
  {
    name: 'task pane',
    out: 'dist/addin',
    inputs: ['addin', 'core', 'package-lock.json'],
    // The deployment manifest written beside the pane depends on it.
    extra: () => `ADDIN_ORIGIN=${process.env.ADDIN_ORIGIN ?? ''}`,
    build: buildPane,
  },
  {
    name: 'server',
    out: 'dist/server',
    inputs: ['server', 'core', 'package-lock.json', 'scripts/build.mjs'],
    extra: () => '',
    build: buildServer,
  },
];

async function buildPane() {
  const { build } = await buildTool('vite', 'dist/addin');
  await build({ configFile: join(ROOT, 'addin/vite.config.ts'), logLevel: 'warn' });
}

async function buildServer() {
  const { build } = await buildTool('esbuild', 'dist/server');
  await build({
    absWorkingDir: ROOT,
    entryPoints: SERVER_ENTRIES,
    outdir: 'dist/server',
    bundle: true,
    // Packages stay in node_modules (native better-sqlite3, pg …); only our own modules are bundled.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19', // package.json engines
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** A devDependency; a production install (--omit=dev) has none, so a stale output cannot be rebuilt there. */
function buildTool(name, out) {
  return import(name).catch(() => {
    throw new Error(
      `${out} is missing or older than its sources, and the build tool ${name} is not installed (an install with --omit=dev?). ` +
        'Build on a full install first (npm ci, then npm run build), then npm ci --omit=dev.',
    );
  });
}

/** sha256 over every source file (path and content) of the inputs; tests do not count. */
function sourceHash(target) {
  const hash = createHash('sha256');
  const files = target.inputs.flatMap((input) => listFiles(join(ROOT, input))).sort();
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.update(target.extra()).digest('hex');
}

function listFiles(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function stampOf(target) {
  const file = join(ROOT, target.out, STAMP);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

export async function buildAll({ ifStale }) {
  for (const target of TARGETS) {
    const hash = sourceHash(target);
    if (ifStale && stampOf(target) === hash) continue;
    const started = performance.now();
    await target.build();
    writeFileSync(join(ROOT, target.out, STAMP), `${hash}\n`);
    console.error(`built the ${target.name} into ${target.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
