// What the server is configured with. `configFromEnv` reads DESIGN §7's environment.
import type { ImportLimits } from './imports/limits';

export interface AppConfig {
  /** `file:<path>` (SQLite) or `postgres://…`. */
  databaseUrl: string;
  /** Injectable clock for tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Bearer token lifetime. */
  sessionTtlHours: number;
  /** Largest JSON body accepted, in bytes. */
  jsonLimitBytes: number;
  smtpUrl: string | null;
  mailFrom: string;
  /** IANA zone reports and schedules are computed in. */
  reportTz: string;
  /** false turns the scheduler off in this process. */
  scheduler: boolean;
  /** Limits on converting old ledgers (defaults in server/imports/limits.ts). */
  imports?: Partial<ImportLimits>;
}

export const DEFAULT_CONFIG: Omit<AppConfig, 'databaseUrl'> = {
  sessionTtlHours: 12,
  jsonLimitBytes: 32 * 1024 * 1024,
  smtpUrl: null,
  mailFrom: 'ledger@localhost',
  reportTz: 'Asia/Shanghai',
  scheduler: true,
};

export function appConfig(partial: Partial<AppConfig> & Pick<AppConfig, 'databaseUrl'>): AppConfig {
  return { ...DEFAULT_CONFIG, ...partial };
}

export function configFromEnv(env: NodeJS.ProcessEnv): AppConfig {
  return appConfig({
    databaseUrl: env.DATABASE_URL || 'file:./data/ledger.db',
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || DEFAULT_CONFIG.mailFrom,
    reportTz: env.REPORT_TZ || DEFAULT_CONFIG.reportTz,
    scheduler: env.SCHEDULER !== '0',
  });
}
