// `npm start`: reads the environment (DESIGN §7), opens the database, and serves the API and
// the task pane over HTTPS (a local certificate made once under ./data/) or HTTP with HTTPS=0.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolve } from 'node:path';
import { createApp, type AppContext } from './app';
import { findReviewHolds } from './commitments/holds';
import { checkEnv, configFromEnv, listenFromEnv } from './config';
import { ensureAdminAccess, type AdminAccess } from './users/store';
import { explainError } from './http/problem';
import { assertPasswordAcceptable } from './auth/passwordRules';
import { localCertificate } from './tls';
import { localDate } from './clock';
import { publicUrlWarnings } from './public/reachable';
import { metricsOf, serveMetrics } from './observe/metrics';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  checkEnv(process.env); // every variable at once, before anything is opened or made
  const config = configFromEnv(process.env);
  const { port, https, metrics } = listenFromEnv(process.env);
  // A weak ADMIN_PASSWORD stops the start at once, named, whether or not this start would use it.
  if (process.env.ADMIN_PASSWORD) assertPasswordAcceptable(process.env.ADMIN_PASSWORD, { login: 'admin' }, 'ADMIN_PASSWORD');
  const { app, ctx, close } = await createApp(config);

  // A public-only host makes and lists no accounts: its database role may not even read them.
  const access = config.publicOnly
    ? null
    : await ctx.db.transaction().execute((trx) => ensureAdminAccess(trx, process.env.ADMIN_PASSWORD, ctx.now(), 'startup')).catch(async (err) => {
        await close();
        throw err;
      });

  let server: Server;
  if (https) {
    const tls = await localCertificate(resolve('data', 'tls'));
    if (tls.made === 'created') console.log(`Made a local HTTPS certificate in ${resolve('data', 'tls')} (trust it once in your browser/Office).`);
    tls.notices.forEach((notice) => console.warn(notice));
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, app);
  } else {
    server = createHttpServer(app);
  }
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, ok));
  const metricsServer = metrics && (await serveMetrics(metricsOf(ctx), metrics.host, metrics.port));

  const url = `${https ? 'https' : 'http'}://localhost:${port}`;
  const lines = [
    `公开承诺台账 server listening on ${url}  (API ${url}/api/v1, database ${ctx.dialect})`,
    `Workspace for browsers: ${url}/   Excel add-in: ${url}/taskpane.html`,
  ];
  if (metrics) lines.push(`Metrics for Prometheus: http://${metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host}:${metrics.port}/metrics`);
  if (access) lines.push(...adminAccessLines(access, Boolean(process.env.ADMIN_PASSWORD), url));
  console.log(lines.join('\n'));
  if (process.env.NOW) console.warn(fixedClockWarning(process.env.NOW, ctx.now(), config.reportTz));
  // Checked in the background: the server serves meanwhile (it may be PUBLIC_URL itself).
  if (config.publicUrl) void publicUrlWarnings(config.publicUrl).then((warnings) => warnings.forEach((w) => console.warn(`warning: ${w}`)));

  // Stop taking connections, let in-flight requests finish, then close the database.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    metricsServer?.close();
    server.close(async () => {
      await close();
      process.exit(0);
    });
    // Keep-alive connections turn idle as their last response goes out; close them then rather
    // than after the keep-alive timeout, so shutdown ends with the last request.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Counted while the server already serves: a large ledger takes a moment to check.
  if (!config.publicOnly) warnOfReviewHolds(ctx).catch((err) => console.error(`review holds not checked: ${err instanceof Error ? err.message : err}`));
}

/** Records approved around the review rule (from before it held) are for a reviewer to decide again. */
async function warnOfReviewHolds(ctx: AppContext): Promise<void> {
  const holds = await findReviewHolds(ctx.db);
  if (holds.length === 0) return;
  console.warn(
    `警告：${holds.length} 条承诺未经规定的审核人审核即已通过，请运行 npm run cli -- review-holds 查看并重新审核。\n` +
      `Warning: ${holds.length} commitments were approved by someone other than the reviewer the rule names; list them with npm run cli -- review-holds.`,
  );
}

/** Said at every start while NOW is set: a rehearsal clock left on would date every real record. */
function fixedClockWarning(value: string, now: Date, reportTz: string): string {
  const day = localDate(now, reportTz);
  return (
    `警告：NOW=${value} 固定了服务器时钟，今天是 ${day}：所有时间戳、逾期判断和定时报表都按此时间；登录会话在本次运行中不会过期。正式使用前请去掉 NOW。\n` +
    `Warning: NOW=${value} fixes the server's clock; today is ${day} (${reportTz}). Every timestamp, overdue check and scheduled report reads it, ` +
    'and sessions do not expire while this process runs. Unset NOW for real use.'
  );
}

/** What the operator needs to get in, said at every start. */
function adminAccessLines(access: AdminAccess, fromEnv: boolean, url: string): string[] {
  switch (access.outcome) {
    case 'created':
      return fromEnv
        ? [`Created user "${access.login}" (admin of the whole tree) with the password from ADMIN_PASSWORD.`]
        : [
            `Created user "${access.login}" (admin of the whole tree) with password: ${access.password}`,
            `This password is shown only now. Sign in at ${url}/ (or POST /api/v1/auth/login {"login":"${access.login}","password":"…"}).`,
          ];
    case 'password_set':
      return [`Set the password of "${access.login}" from ADMIN_PASSWORD (it has never signed in).`];
    case 'kept':
      return access.ignoredPassword
        ? [`ADMIN_PASSWORD ignored: "${access.login}" has signed in before and keeps the password its owner chose.`]
        : [];
  }
}

main().catch((err) => {
  console.error(explainError(err));
  process.exit(1);
});
