// The access log: one JSON line per request (pino-http), with a request id that the response
// echoes in `X-Request-Id`. The line is built from a short list of fields — the route's pattern,
// never the raw URL, and never a header — so passwords, bearer tokens, cookies, ballot codes and
// public-page tokens (which sit in bodies, headers and URLs) cannot reach the log.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pino, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a proxy or client may pass as its own request id: nginx's `$request_id`, a UUID, and the like. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The incoming `X-Request-Id` when it is a plain token, otherwise a new UUID. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const patterns = new WeakMap<IncomingMessage, string>();

/**
 * Remembers the full pattern of the route that answers (`/api/v1/commitments/:id`). Express sets
 * `req.route` while the matching router still has its mount path in `req.baseUrl`, and puts the
 * mount path back when an error leaves the router, so the pattern is taken at that moment.
 */
export const rememberRoute: RequestHandler = (req, _res, next) => {
  let route: Request['route'];
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: Request['route']) {
      route = value;
      if (value?.path) patterns.set(req, `${req.baseUrl}${value.path}`);
    },
  });
  next();
};

/**
 * The route pattern a request was answered by. Without one: `/api/v1/*` for API requests refused
 * before routing (no token) or that no route takes, `static` for files, `unmatched` for the rest.
 */
export function routeOf(req: IncomingMessage, status: number): string {
  const pattern = patterns.get(req);
  if (pattern) return pattern;
  if ((req as Request).originalUrl?.startsWith('/api/v1/')) return '/api/v1/*';
  return status < 400 ? 'static' : 'unmatched';
}

/** JSON lines on stdout with the level's name and an ISO time, as log collectors read them. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });
}

/** 5xx are errors, 4xx warnings (so `LOG_LEVEL=warn` keeps only failed requests), the rest info. */
function levelOf(_req: IncomingMessage, res: ServerResponse, err?: Error): Level {
  if (err || res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'warn' : 'info';
}

function line(req: IncomingMessage, res: ServerResponse, ms: number) {
  const r = req as Request;
  return {
    method: r.method,
    route: routeOf(r, res.statusCode),
    status: res.statusCode,
    ms,
    ...(r.user && { userId: r.user.id }),
    ip: r.ip,
  };
}

export function accessLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdFor(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Only the request id is bound to the request's logger; the rest is the finished line below.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: levelOf,
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...line(req, res, val.responseTime), err }),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req, res.statusCode)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req, res.statusCode)} ${res.statusCode}`,
  }) as RequestHandler;
}
