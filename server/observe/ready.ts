// Readiness (`/readyz`): this process can serve requests now — the database answers a query, in
// time, and its schema is the one this code was written for. A load balancer or an operator's
// probe takes a process out while it says 503; `/healthz` (liveness) stays 200 meanwhile.
import type { RequestHandler } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../context';
import { MIGRATIONS } from '../db/migrations/index';
import { Problem } from '../http/problem';

const CHECK_TIMEOUT_MS = 3000;

export type Readiness = { ready: true } | { ready: false; reason: 'database' | 'schema'; error?: unknown };

/**
 * Reads the migrations the database has run. A schema with migrations this code does not know
 * was upgraded by newer code (README "Upgrades"): this process must not write to it.
 */
export async function checkReadiness(ctx: AppContext): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_ok, fail) => {
    timer = setTimeout(() => fail(new Error(`the database did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const ran = await Promise.race([sql<{ name: string }>`select name from kysely_migration`.execute(ctx.db), late]);
    const known = new Set(MIGRATIONS.map(([name]) => name));
    const names = ran.rows.map((r) => r.name);
    const current = names.length === known.size && names.every((n) => known.has(n));
    return current ? { ready: true } : { ready: false, reason: 'schema' };
  } catch (error) {
    return { ready: false, reason: 'database', error };
  } finally {
    clearTimeout(timer);
  }
}

const NOT_READY = {
  database: () =>
    new Problem(503, 'not_ready.database', { zh: '数据库无法访问，本服务暂不可用', en: 'The database cannot be reached; this server is not ready' }),
  schema: () =>
    new Problem(503, 'not_ready.schema', { zh: '数据库结构与本程序版本不一致，本服务暂不可用', en: 'The database schema does not match this version of the server; it is not ready' }, {
      zh: '请按升级步骤重启所有服务进程。',
      en: 'Restart every server process as the upgrade steps say.',
    }),
};

export function readyz(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const state = await checkReadiness(ctx);
    if (state.ready) return void res.json({ ok: true, database: ctx.dialect });
    // The cause goes to the log with the 503 (problemHandler), not into this unauthenticated answer.
    throw Object.assign(NOT_READY[state.reason](), { cause: state.error });
  };
}
