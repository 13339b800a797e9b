// The server as it runs in production: plain Node on the compiled dist/server (scripts/build.mjs).
// Its bare imports are all runtime dependencies (so `npm ci --omit=dev` is enough to run it), and
// its worker threads — the .xls reader and the report builder — start from their compiled files,
// also from a working directory outside the repository, where no TypeScript loader can be found.
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerOn, type ServerOnFile } from './support/serverProcess';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist/server');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** Every bare import of the compiled files, as esbuild reads them (static and dynamic). */
async function bareImports(): Promise<string[]> {
  const entries = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  const result = await build({
    entryPoints: entries.map((f) => join(DIST, f)),
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outdir: join(tmpdir(), 'ledger-import-scan'),
    logLevel: 'silent',
  });
  return [...new Set(Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)))].sort();
}

describe('dist/server needs only the runtime dependencies', () => {
  it('has the four bundles npm start, npm run cli and the workers run', () => {
    expect(readdirSync(DIST).filter((f) => f.endsWith('.js')).sort()).toEqual(['cli.js', 'main.js', 'reportWorker.js', 'xlsWorker.js']);
  });

  it('imports nothing but node builtins and packages listed under dependencies, and uses each of them', async () => {
    const imports = await bareImports();
    const packages = [...new Set(imports.filter((i) => !isBuiltin(i)).map(packageOf))].sort();
    expect(packages.filter((p) => !(p in pkg.dependencies)), 'imported by dist/server but not a runtime dependency').toEqual([]);
    expect(Object.keys(pkg.dependencies).filter((p) => !packages.includes(p)), 'runtime dependencies dist/server never imports').toEqual([]);
    // The pane's UI and the build tools are bundled or only build: never needed at run time.
    for (const tool of ['react', 'react-dom', '@fluentui/react-components', 'vite', '@vitejs/plugin-react', 'tsx', 'typescript', 'esbuild']) {
      expect(pkg.devDependencies, tool).toHaveProperty([tool]);
      expect(pkg.dependencies, tool).not.toHaveProperty([tool]);
    }
  });
});

describe('the compiled server started outside the repository', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ledger-compiled-'));
  let server: ServerOnFile | null = null;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('is plain Node, serves the built pane, and reads an .xls and builds a report in its worker threads', { timeout: 180_000 }, async () => {
    server = await startServerOn(`file:${join(cwd, 'ledger.db')}`, { cwd });
    const args = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(args.slice(1)).toEqual(['--enable-source-maps', join(DIST, 'main.js')]);

    // The pane it serves is the one built beside it in dist/addin.
    for (const [path, file] of [['/', 'web.html'], ['/taskpane.html', 'taskpane.html']]) {
      const page = await fetch(`${server.base}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toBe(readFileSync(join(ROOT, 'dist/addin', file), 'utf8'));
    }

    const county = (await server.call('POST', '/orgs', { name: '青山县委', kind: 'committee' })).body.id as number;
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/workspace/legacy-2011.xls')))]), 'legacy-2011.xls');
    form.set('org', String(county));
    form.set('year', '2011');
    const res = await fetch(`${server.base}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: form });
    const preview = await res.json();
    expect(res.status, JSON.stringify(preview)).toBe(201);
    expect(preview.counts.commitments).toBeGreaterThan(0);
    const committed = await server.call('POST', `/imports/${preview.id}/commit`, {});
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);

    const report = await server.call('GET', `/reports/annual?org=${county}&period=2011`);
    expect(report.status, String(report.body)).toBe(200);
    const book = await new ExcelJS.Workbook().xlsx.load(report.body);
    expect(book.worksheets.length).toBeGreaterThan(0);
    expect(server.output()).not.toMatch(/error/i);
  });
});
