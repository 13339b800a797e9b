// Builds report workbooks in a worker thread, so a big report (reading 100,000 commitments and
// writing their sheets) never holds up the API's other requests. One worker per app, started on
// first use, builds one report at a time (bounding memory); it has its own database connection.
// (The CLI builds in its own process and calls buildReport directly.)
import { Worker } from 'node:worker_threads';
import type { AppContext } from '../context';
import { Problem } from '../http/problem';
import type { ReportRequest } from './build';
import { measure, metricsOf } from '../observe/metrics';

export interface WorkerJob {
  id: number;
  request: ReportRequest;
  /** The app's clock at the request, so injected clocks hold in the worker too. */
  now: string;
}

export type WorkerAnswer =
  | { id: number; ok: true; buffer: Uint8Array; fileName: string }
  | { id: number; ok: false; problem?: { status: number; code: string; title: Problem['title']; detail?: Problem['detail'] }; message: string; code?: string };

type Pending = { ok: (v: { buffer: Buffer; fileName: string }) => void; fail: (e: unknown) => void };

export type ReportBuilder = (request: ReportRequest) => Promise<{ buffer: Buffer; fileName: string }>;

const builders = new WeakMap<AppContext, ReportBuilder>();

/** The app's report builder (the API's downloads and the scheduled mails share its worker). */
export function reportBuilderOf(ctx: AppContext): ReportBuilder {
  let builder = builders.get(ctx);
  if (!builder) builders.set(ctx, (builder = counted(ctx, reportBuilder(ctx))));
  return builder;
}

/** Every build counted and timed by kind (GET /metrics). */
function counted(ctx: AppContext, build: ReportBuilder): ReportBuilder {
  const { reportBuilds } = metricsOf(ctx);
  return (request) => measure(reportBuilds, request.kind, () => build(request));
}

function reportBuilder(ctx: AppContext): ReportBuilder {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = () => {
    // The worker is TypeScript; tsx's loader is registered inside it before it is imported.
    const entry = new URL('./reportWorker.ts', import.meta.url).href;
    const { clock: _clock, ...config } = ctx.config; // functions do not cross threads
    const w = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, {
      eval: true,
      workerData: config,
    });
    w.on('message', (a: WorkerAnswer) => {
      const p = pending.get(a.id);
      pending.delete(a.id);
      if (pending.size === 0) w.unref(); // an idle worker does not keep the process alive
      if (!p) return;
      if (a.ok) p.ok({ buffer: Buffer.from(a.buffer.buffer, a.buffer.byteOffset, a.buffer.byteLength), fileName: a.fileName });
      // A driver error keeps its code, so storage faults still answer 503.
      else p.fail(a.problem ? new Problem(a.problem.status, a.problem.code, a.problem.title, a.problem.detail) : Object.assign(new Error(a.message), { code: a.code }));
    });
    // A crashed worker (out of memory, say) fails what it held; the next report starts a new one.
    const lost = (err: unknown) => {
      if (worker === w) worker = null;
      for (const p of pending.values()) p.fail(err instanceof Error ? err : new Error(`report worker exited (${String(err)})`));
      pending.clear();
    };
    w.on('error', lost);
    w.on('exit', lost);
    return w;
  };

  ctx.onClose(async () => {
    const w = worker;
    worker = null;
    await w?.terminate();
  });

  return (request) =>
    new Promise((ok, fail) => {
      worker ??= start();
      worker.ref();
      const id = nextId++;
      pending.set(id, { ok, fail });
      worker.postMessage({ id, request, now: ctx.now().toISOString() } satisfies WorkerJob);
    });
}
