// Where the server's own files are, compiled or not. `npm start` and `npm run cli` run the
// bundles in dist/server (scripts/build.mjs); tests and tsx import the TypeScript sources. The one
// switch is this module's own file name: the bundles carry it inside dist/server/*.js.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

export const compiled = !import.meta.url.endsWith('.ts');

/** Worker thread entries, by their bundle's name in dist/server and their source under server/. */
const WORKERS = {
  xlsWorker: './imports/xlsWorker.ts',
  reportWorker: './reports/reportWorker.ts',
} as const;

/**
 * A worker thread running one of the WORKERS: the compiled bundle next to this one, or, from the
 * sources, the TypeScript file with tsx's loader registered inside the thread before it is imported.
 */
export function startWorker(name: keyof typeof WORKERS, options: WorkerOptions): Worker {
  if (compiled) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  const entry = new URL(WORKERS[name], import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { ...options, eval: true });
}

/** The built task pane and workspace (vite → dist/addin). */
export const paneDir = fileURLToPath(new URL(compiled ? '../addin' : '../dist/addin', import.meta.url));
