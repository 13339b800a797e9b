// The HTTP application as a factory: tests start it on a random port with their own database;
// server/main.ts only reads the environment and listens.
import express, { Router } from 'express';
import helmet from 'helmet';
import { openDatabase } from './db/open';
import type { AppConfig } from './config';
import type { AppContext } from './context';
import { problemHandler, routeNotFound } from './http/problem';
import { jsonBody, noStore } from './http/json';
import { requireUser } from './http/auth';
import { loginRoutes, meRoutes } from './auth/routes';
import { openApiRoutes } from './openapi';
import { auditRoutes, auditorsStopHere } from './auditing/routes';
import { orgRoutes } from './orgs/routes';
import { userRoutes } from './users/routes';
import { memberRoutes } from './members/routes';
import { commitmentRoutes } from './commitments/routes';
import { transitionRoutes } from './commitments/transitions';
import { progressRoutes } from './commitments/progress';
import { evaluationRoutes } from './evaluations/routes';
import { reportRoutes } from './reports/routes';
import { importRoutes } from './imports/routes';
import { scheduleRoutes } from './schedules/routes';
import { schemeRoutes } from './scheme/routes';
import { rectificationRoutes } from './rectifications/routes';
import { commentDutyRoutes } from './comments/routes';
import { ratingRoutes } from './ratings/routes';
import { startScheduler } from './schedules/scheduler';
import { startHousekeeping } from './housekeeping';
import { publicRoutes } from './public/routes';
import { surveyRoutes } from './surveys/routes';
import { publicLinkRoutes } from './public/linkRoutes';
import { orgGoalRoutes } from './orgs/goals';
import { proposeByRoutes } from './proposeBy/routes';
import { accessLog, createLogger, rememberRoute } from './observe/accessLog';
import { httpMetrics, metricsOf } from './observe/metrics';
import { readyz } from './observe/ready';
import { yearRoutes } from './years/routes';
import { paneDir } from './runtime';
import { wallClock } from './clock';
import { attachmentRoutes } from './attachments/routes';

export type { AppConfig } from './config';
export type { AppContext } from './context';

export interface App {
  app: express.Express;
  ctx: AppContext;
  /** Stops what features started (onClose hooks, last registered first), then closes the database. */
  close(): Promise<void>;
}

export async function createApp(config: AppConfig): Promise<App> {
  // A public-only server's role may not change the schema; the internal server keeps it current.
  const database = await openDatabase(config.databaseUrl, { migrate: !config.publicOnly });
  const closers: Array<() => Promise<void> | void> = [];
  const ctx: AppContext = {
    db: database.db,
    dialect: database.dialect,
    config,
    now: config.clock ?? wallClock,
    onClose: (fn) => void closers.push(fn),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // First, so every answer — errors and refusals included — is logged and counted.
  app.use(rememberRoute, accessLog(createLogger(config.logLevel)), httpMetrics(metricsOf(ctx)));
  app.use(
    helmet({
      // The task pane runs inside Office (desktop webviews and Office on the web) and loads office.js.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", 'https://appsforoffice.microsoft.com'],
          'frame-ancestors': ["'self'", 'https://*.office.com', 'https://*.officeapps.live.com', 'https://*.office365.com', 'https://*.sharepoint.com'],
        },
      },
      frameguard: false,
    }),
  );
  if (config.publicOnly) return publicOnlyApp(app, ctx, closers, database.close);
  const api = Router();
  // Liveness, and the scheduler's heartbeat so a silently stopped scheduler shows.
  const scheduler = startScheduler(ctx);
  if (config.scheduler) startHousekeeping(ctx);
  const healthz: express.RequestHandler = (_req, res) => void res.json({ ok: true, scheduler: scheduler.health() });
  api.get('/healthz', healthz);
  // Before authentication a body is a login (a few hundred bytes): nobody unknown gets to make
  // the server read megabytes. Bodies of signed-in users are parsed only once the token is known.
  api.use('/auth', jsonBody(config.publicJsonLimitBytes));
  api.use(loginRoutes(ctx));
  api.use(requireUser(ctx)); // everything below needs a logged-in user
  api.use(jsonBody(config.jsonLimitBytes));
  api.use(meRoutes(ctx));
  api.use(openApiRoutes());
  api.use(auditRoutes(ctx));
  api.use(auditorsStopHere); // an auditor reads the trail above and reaches nothing below
  // ---- feature routers: one line each, `api.use(xxxRoutes(ctx));` ----
  api.use(orgRoutes(ctx));
  api.use(userRoutes(ctx));
  api.use(memberRoutes(ctx));
  // Before commitmentRoutes: its GET /commitments/:id would take /commitments/missing.
  api.use(proposeByRoutes(ctx));
  api.use(commitmentRoutes(ctx));
  api.use(transitionRoutes(ctx));
  api.use(progressRoutes(ctx));
  api.use(evaluationRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(importRoutes(ctx));
  api.use(scheduleRoutes(ctx));
  api.use(schemeRoutes(ctx));
  api.use(rectificationRoutes(ctx));
  api.use(commentDutyRoutes(ctx));
  api.use(ratingRoutes(ctx));
  api.use(surveyRoutes(ctx));
  api.use(publicLinkRoutes(ctx));
  api.use(orgGoalRoutes(ctx));
  api.use(yearRoutes(ctx));
  api.use(attachmentRoutes(ctx));
  // ---- end of feature routers ----
  api.use(routeNotFound);
  app.get('/healthz', noStore, healthz);
  app.get('/readyz', noStore, readyz(ctx));
  app.use('/api/v1', noStore, api);
  // The public pages residents reach by QR code: no login, outside the API.
  app.use(publicRoutes(ctx));

  // ---- static task pane (add-in) goes here ----
  // The built app (npm run build:addin): the task pane /taskpane.html, the workspace page at /
  // (web.html), and their /assets/*.
  const noCache = (res: express.Response, file: string) => file.endsWith('.html') && res.setHeader('Cache-Control', 'no-cache');
  app.get('/', (_req, res) => res.sendFile('web.html', { root: paneDir, headers: { 'Cache-Control': 'no-cache' } }));
  app.use(express.static(paneDir, { index: false, setHeaders: noCache }));

  app.use(problemHandler);

  return { app, ctx, close: closing(closers, database.close) };
}

/** The public host: the residents' pages and liveness, nothing else. */
function publicOnlyApp(app: express.Express, ctx: AppContext, closers: Array<() => Promise<void> | void>, closeDatabase: () => Promise<void>): App {
  app.get('/healthz', (_req, res) => void res.json({ ok: true, publicOnly: true }));
  app.get('/readyz', noStore, readyz(ctx));
  app.use(publicRoutes(ctx));
  app.use(routeNotFound);
  app.use(problemHandler);
  return { app, ctx, close: closing(closers, closeDatabase) };
}

/** Stops what features started (last registered first), then closes the database. */
function closing(closers: Array<() => Promise<void> | void>, closeDatabase: () => Promise<void>): () => Promise<void> {
  return async () => {
    for (const fn of closers.reverse()) await fn();
    await closeDatabase();
  };
}
