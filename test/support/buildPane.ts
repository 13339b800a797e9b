// Vitest global setup: build the task pane (dist/addin) and the compiled server (dist/server)
// once, before any test file runs, and only when their sources changed since the last build —
// the same `node scripts/build.mjs --if-stale` that `npm start` runs first. Browser tests serve
// dist/addin; process tests start dist/server/main.js and the CLI as `npm start` and `npm run cli`
// do. Building here, once, keeps one file from rebuilding what another is serving.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default async function buildOnce(): Promise<void> {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT });
}
