// Prometheus metrics of one app (prom-client, a registry per app so tests may run several):
// requests and their latency by route pattern, report builds and import previews made by this
// process, and — read at scrape time — deliveries by status, previews awaiting commit, the
// database's readiness and the scheduler's heartbeat. `serveMetrics` adds the process metrics
// and answers GET /metrics on its own port (README "Metrics").
import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import type { AppContext } from '../context';
import { DELIVERY_STATUSES } from '../../core/types';
import { schedulerOf } from '../schedules/scheduler';
import { routeOf } from './accessLog';
import { checkReadiness } from './ready';

/** Work that is counted by kind and outcome and timed. */
interface Measured {
  total: Counter<'kind' | 'outcome'>;
  seconds: Histogram<'kind'>;
}

export interface AppMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  reportBuilds: Measured;
  importPreviews: Measured;
}

const metricsByApp = new WeakMap<AppContext, AppMetrics>();

/** The app's metrics, made on first use. */
export function metricsOf(ctx: AppContext): AppMetrics {
  let metrics = metricsByApp.get(ctx);
  if (!metrics) metricsByApp.set(ctx, (metrics = appMetrics(ctx)));
  return metrics;
}

function appMetrics(ctx: AppContext): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  const measured = (total: string, seconds: string, what: string, buckets: number[]): Measured => ({
    total: new Counter({ name: total, help: `${what}, by kind and outcome (ok or failed)`, labelNames: ['kind', 'outcome'], registers }),
    seconds: new Histogram({ name: seconds, help: `How long ${what.toLowerCase()} took, by kind`, labelNames: ['kind'], buckets, registers }),
  });
  const metrics: AppMetrics = {
    registry,
    requests: new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers }),
    latency: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    reportBuilds: measured('ledger_report_builds_total', 'ledger_report_build_duration_seconds', 'Report workbooks built (downloads and scheduled mails)', [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600]),
    importPreviews: measured('ledger_import_previews_total', 'ledger_import_preview_duration_seconds', 'Import previews of uploaded ledgers and rosters', [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]),
  };
  databaseGauges(ctx, registers);
  schedulerGauges(ctx, registers);
  return metrics;
}

/** Read from the database at scrape time, so every process reports the same shared figures. */
function databaseGauges(ctx: AppContext, registers: Registry[]): void {
  new Gauge({
    name: 'ledger_database_ready',
    help: '1 when the database answers and its schema matches this server (as /readyz), else 0',
    registers,
    async collect() {
      this.set((await checkReadiness(ctx)).ready ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ledger_deliveries',
    help: 'Scheduled report deliveries in the database, by status',
    labelNames: ['status'],
    registers,
    async collect() {
      const rows = await ctx.db.selectFrom('deliveries').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute().catch(() => null);
      this.reset(); // an unreadable database leaves the figures out rather than stale
      if (!rows) return;
      for (const status of DELIVERY_STATUSES) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    },
  });
  new Gauge({
    name: 'ledger_import_previews_waiting',
    help: 'Import previews stored and not yet committed',
    registers,
    async collect() {
      const row = await ctx.db.selectFrom('imports').select(sql<string>`count(*)`.as('n')).where('status', '=', 'previewed').executeTakeFirst().catch(() => null);
      this.reset();
      if (row) this.set(Number(row.n));
    },
  });
}

function schedulerGauges(ctx: AppContext, registers: Registry[]): void {
  // A public-only server has no scheduler.
  const health = () => {
    try {
      return schedulerOf(ctx).health();
    } catch {
      return null;
    }
  };
  new Gauge({
    name: 'ledger_scheduler_enabled',
    help: '1 when the report scheduler ticks in this process (SCHEDULER not 0)',
    registers,
    collect() {
      this.set(health()?.enabled ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ledger_scheduler_heartbeat_age_seconds',
    help: "Seconds since the scheduler's last tick (once a minute when it runs); absent before the first",
    registers,
    collect() {
      const lastTick = health()?.lastTick;
      this.reset();
      if (lastTick) this.set((ctx.now().getTime() - Date.parse(lastTick)) / 1000);
    },
  });
  new Gauge({
    name: 'ledger_scheduler_last_pass_failed',
    help: "1 when the scheduler's last pass failed (the cause is in the log)",
    registers,
    collect() {
      this.set(health()?.lastPassFailed ? 1 : 0);
    },
  });
}

/** Counts and times every request by its route pattern once the answer is sent. */
export function httpMetrics(metrics: AppMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.latency.startTimer();
    res.once('finish', () => {
      const route = routeOf(req, res.statusCode);
      end({ method: req.method, route });
      metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/** Runs `work`, counting it as ok or failed under `kind` and timing it. */
export async function measure<T>(m: Measured, kind: string, work: () => Promise<T>): Promise<T> {
  const end = m.seconds.startTimer({ kind });
  try {
    const result = await work();
    m.total.inc({ kind, outcome: 'ok' });
    return result;
  } catch (err) {
    m.total.inc({ kind, outcome: 'failed' });
    throw err;
  } finally {
    end();
  }
}

/**
 * GET /metrics (Prometheus text format) on its own listener, with the process metrics (CPU,
 * memory, event loop lag, GC). Only `npm start` calls this, once.
 */
export async function serveMetrics(metrics: AppMetrics, host: string, port: number): Promise<Server> {
  collectDefaultMetrics({ register: metrics.registry });
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err instanceof Error ? err.message : err}\n`),
    );
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, ok));
  return server;
}
