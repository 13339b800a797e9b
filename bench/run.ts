// `npm run bench [-- --quick] [name ...]`: the benchmarks (import, upsert, report, start)
// or those whose file name contains one of the given words (`all`: every bench/*.bench.ts).
// Each runs in its own process, so peak-memory figures are its own; its output is shown as it
// comes, and the figures it measured against an aim are gathered into one table at the end.
import { readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { aimTable, parseAim, type Aim } from './aims';

const AIMED = ['import', 'upsert', 'report', 'start'];
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const words = args.filter((a) => a !== '--quick');
const wanted = words.length === 0 ? AIMED : words;
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.includes('all') || wanted.some((w) => f.includes(w)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}
const started = performance.now();
const aims: Aim[] = [];
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(quick && { BENCH_QUICK: '1' }) },
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const aim = parseAim(line);
    if (aim) aims.push(aim);
    else console.log(line);
  }
  const code = await new Promise<number | null>((ok) => (child.exitCode !== null ? ok(child.exitCode) : child.once('exit', ok)));
  if (code !== 0) process.exitCode = 1;
}
if (aims.length > 0) {
  console.log(`\n=== aims (${quick ? 'quick: aims that depend on size not judged' : 'full sizes'}; ${((performance.now() - started) / 60000).toFixed(1)} min in all)`);
  console.log(aimTable(aims));
}
