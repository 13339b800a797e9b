// Worker thread entry of the report builder (offThread.ts): opens its own connection to the
// app's database and builds each report it is sent, one at a time, answering the workbook bytes.
import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../config';
import type { AppContext } from '../context';
import { openDatabase } from '../db/open';
import { Problem } from '../http/problem';
import { buildReport } from './build';
import type { WorkerAnswer, WorkerJob } from './offThread';

const config = workerData as AppConfig;
// The app has brought the schema up to date already.
const database = await openDatabase(config.databaseUrl, { migrate: false });

let queue = Promise.resolve();
parentPort!.on('message', (job: WorkerJob) => {
  queue = queue.then(() => build(job));
});

async function build(job: WorkerJob): Promise<void> {
  const ctx: AppContext = { db: database.db, dialect: database.dialect, config, now: () => new Date(job.now), onClose: () => {} };
  let answer: WorkerAnswer;
  try {
    const { buffer, fileName } = await buildReport(ctx, job.request);
    answer = { id: job.id, ok: true, buffer, fileName };
    parentPort!.postMessage(answer, [buffer.buffer as ArrayBuffer].filter((b) => b.byteLength === buffer.byteLength));
    return;
  } catch (err) {
    answer = {
      id: job.id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      code: typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined,
      ...(err instanceof Problem && { problem: { status: err.status, code: err.code, title: err.title, detail: err.detail } }),
    };
  }
  parentPort!.postMessage(answer);
}
