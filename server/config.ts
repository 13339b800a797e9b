// What the server is configured with. `configFromEnv` reads DESIGN §7's environment.
import type { ImportLimits } from './imports/limits';
import { isKnownZone } from './schedules/zone';
import { LOG_LEVELS, type LogLevel } from './observe/accessLog';
import { fixedClock, parseNow, wallClock } from './clock';

export interface AppConfig {
  /** `file:<path>` (SQLite) or `postgres://…`. */
  databaseUrl: string;
  /** The server's one clock: `NOW` fixes it (clockFromEnv), tests inject one; the wall clock otherwise. */
  clock?: () => Date;
  /** Bearer token lifetime. */
  sessionTtlHours: number;
  /** Largest JSON body accepted from a signed-in user, in bytes. */
  jsonLimitBytes: number;
  /** Largest JSON body accepted before authentication (a login), in bytes. */
  publicJsonLimitBytes: number;
  smtpUrl: string | null;
  mailFrom: string;
  /** IANA zone reports and schedules are computed in. */
  reportTz: string;
  /** false turns the scheduler off in this process. */
  scheduler: boolean;
  /** Limits on converting old ledgers (defaults in server/imports/limits.ts). */
  imports?: Partial<ImportLimits>;
  /**
   * The origin printed in QR codes (`PUBLIC_URL`): where residents' phones reach `/p/<token>` and
   * `/s/<code>`. Unset: the origin a report request came in on.
   */
  publicUrl?: string;
  /**
   * Serve only the public pages (/p/, /s/) and /healthz, for a host on the public network with
   * its own database role (PUBLIC_ONLY=1; README "Public pages"): no API, no add-in, no
   * scheduler, no migrations.
   */
  publicOnly?: boolean;
  /** The access log's level (LOG_LEVEL): `info` logs every request, `warn` failed ones, `error` server errors. */
  logLevel: LogLevel;
  /** Requests per minute one public token, and one ballot code, may make, and how long a rendered public page is reused (server/public/limits.ts). */
  publicLimits?: { perToken?: number; perBallot?: number; pageReuseMs?: number };
  /** Largest attachment (scan, photo, PDF) accepted, in bytes (ATTACHMENT_MAX_MB). */
  attachmentMaxBytes: number;
}

export const DEFAULT_CONFIG: Omit<AppConfig, 'databaseUrl'> = {
  sessionTtlHours: 12,
  jsonLimitBytes: 32 * 1024 * 1024,
  publicJsonLimitBytes: 4 * 1024,
  smtpUrl: null,
  mailFrom: 'ledger@localhost',
  reportTz: 'Asia/Shanghai',
  scheduler: true,
  attachmentMaxBytes: 10 * 1024 * 1024,
  // Tests build apps by the hundred: only server errors are logged unless they ask for more.
  logLevel: 'error',
};

export function appConfig(partial: Partial<AppConfig> & Pick<AppConfig, 'databaseUrl'>): AppConfig {
  return { ...DEFAULT_CONFIG, ...partial };
}

/** Reads DESIGN §7's environment for the app; throws `ConfigError` naming each wrong variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): AppConfig {
  checkEnv(env, APP_VARIABLES);
  return appConfig({
    databaseUrl: env.DATABASE_URL || 'file:./data/ledger.db',
    ...(env.NOW && { clock: fixedClock(env.NOW) }),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || DEFAULT_CONFIG.mailFrom,
    reportTz: env.REPORT_TZ || DEFAULT_CONFIG.reportTz,
    scheduler: env.SCHEDULER !== '0' && env.PUBLIC_ONLY !== '1',
    publicOnly: env.PUBLIC_ONLY === '1',
    logLevel: (env.LOG_LEVEL as LogLevel) || 'info',
    publicUrl: env.PUBLIC_URL ? new URL(env.PUBLIC_URL).href.replace(/\/+$/, '') : `${env.HTTPS === '0' ? 'http' : 'https'}://localhost:${env.PORT || 3000}`,
    ...(env.ATTACHMENT_MAX_MB && { attachmentMaxBytes: Math.round(Number(env.ATTACHMENT_MAX_MB) * 1024 * 1024) }),
    publicLimits: {
      ...(env.PUBLIC_PAGE_LIMIT && { perToken: Number(env.PUBLIC_PAGE_LIMIT) }),
      ...(env.PUBLIC_BALLOT_LIMIT && { perBallot: Number(env.PUBLIC_BALLOT_LIMIT) }),
    },
  });
}

/** The clock `NOW` fixes, or the wall clock; the server and the CLI read time only through it. */
export function clockFromEnv(env: NodeJS.ProcessEnv): () => Date {
  checkEnv(env, ['NOW']);
  return env.NOW ? fixedClock(env.NOW) : wallClock;
}

/** How `npm start` listens. */
export interface ListenConfig {
  port: number;
  https: boolean;
  /** Where GET /metrics answers (METRICS_PORT, METRICS_HOST); null when METRICS_PORT is unset. */
  metrics: { host: string; port: number } | null;
}

/** PORT, HTTPS and the metrics listener, checked like the rest. */
export function listenFromEnv(env: NodeJS.ProcessEnv): ListenConfig {
  checkEnv(env, ['PORT', 'HTTPS', 'METRICS_PORT', 'METRICS_HOST']);
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    https: env.HTTPS !== '0',
    metrics: env.METRICS_PORT ? { host: env.METRICS_HOST || '127.0.0.1', port: Number(env.METRICS_PORT) } : null,
  };
}

/** A start refused for its configuration: one line per wrong variable, each naming it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is wrong; nothing was started:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What is wrong with a set value, or null; an empty value means the default. */
type VariableCheck = (value: string) => string | null;

const SWITCH: VariableCheck = (v) => (v === '0' || v === '1' ? null : `must be 0 or 1, not "${v}"`);
const PER_MINUTE: VariableCheck = (v) => (/^[1-9]\d{0,8}$/.test(v) ? null : `must be a number of requests a minute such as 300, not "${v}"`);

const PORT_NUMBER: VariableCheck = (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? null : `must be a port number 1–65535, not "${v}"`);

const CHECKS = {
  PORT: PORT_NUMBER,
  HTTPS: SWITCH,
  SCHEDULER: SWITCH,
  DATABASE_URL: (v) => {
    if (v.startsWith('file:')) return v.length > 'file:'.length ? null : 'file: names no file (write file:./data/ledger.db)';
    if (!/^postgres(ql)?:\/\//.test(v)) return `must start with file: or postgres://, not "${v.split(':')[0]}:…"`;
    const url = parseUrl(v);
    return url && url.hostname ? null : 'is not a postgres://user:password@host:5432/database address';
  },
  SMTP_URL: (v) => {
    const url = parseUrl(v);
    if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) return 'must be smtp://host:port or smtps://host:port';
    return url.port === '' || Number(url.port) > 0 ? null : 'has no valid port';
  },
  MAIL_FROM: (v) => (/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(v) ? null : `must be an e-mail address (ledger@example.org or 台账 <ledger@example.org>), not "${v}"`),
  REPORT_TZ: (v) => (isKnownZone(v) ? null : `"${v}" is not a time zone this server knows (an IANA name such as Asia/Shanghai)`),
  PUBLIC_URL: (v) => {
    const url = parseUrl(v);
    return url && /^https?:$/.test(url.protocol) && url.hostname && !url.search && !url.hash && !url.username
      ? null
      : `must be an http(s) address such as https://gk.example.gov.cn (a path prefix may follow), not "${v}"`;
  },
  PUBLIC_ONLY: SWITCH,
  NOW: (v) => (parseNow(v) ? null : `must be an ISO date-time with its offset such as 2011-06-30T10:00+08:00, not "${v}"`),
  PUBLIC_PAGE_LIMIT: PER_MINUTE,
  PUBLIC_BALLOT_LIMIT: PER_MINUTE,
  LOG_LEVEL: (v) => ((LOG_LEVELS as readonly string[]).includes(v) ? null : `must be one of ${LOG_LEVELS.join(', ')}, not "${v}"`),
  METRICS_PORT: PORT_NUMBER,
  METRICS_HOST: (v) => (/^[A-Za-z0-9.:-]+$/.test(v) ? null : `must be an address to listen on such as 127.0.0.1, not "${v}"`),
  ATTACHMENT_MAX_MB: (v) => (/^\d{1,3}(\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 200 ? null : `must be a size in MB above 0 and at most 200 such as 10, not "${v}"`),
} satisfies Record<string, VariableCheck>;

type Variable = keyof typeof CHECKS;
const APP_VARIABLES: Variable[] = ['DATABASE_URL', 'SMTP_URL', 'MAIL_FROM', 'REPORT_TZ', 'SCHEDULER', 'PUBLIC_URL', 'PUBLIC_ONLY', 'PUBLIC_PAGE_LIMIT', 'PUBLIC_BALLOT_LIMIT', 'LOG_LEVEL', 'NOW', 'ATTACHMENT_MAX_MB'];

/** Checks the named variables (all by default) and throws one ConfigError listing every wrong one. */
export function checkEnv(env: NodeJS.ProcessEnv, names: Variable[] = Object.keys(CHECKS) as Variable[]): void {
  const problems: string[] = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const problem = CHECKS[name](value);
    if (problem) problems.push(`${name} ${problem}`);
  }
  if (problems.length) throw new ConfigError(problems);
}

function parseUrl(v: string): URL | null {
  try {
    return new URL(v);
  } catch {
    return null;
  }
}
