// Every migration, in order. Add a feature's migration with one line; never reorder or rename.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import * as foundation from './001_foundation';
import * as imports from './002_imports';
import * as schedules from './003_schedules';
import * as commitmentPages from './004_commitment_pages';
import * as joinup from './005_joinup';
import * as reviewHolds from './006_review_holds';
import * as reviewDesk from './007_review_desk';
import * as edges from './009_edges';
import * as accounts from './010_accounts';
import * as publicSupervision from './011_public';
import * as phases from './012_phases';
import * as proposeBy from './013_propose_by';
import * as attachments from './014_attachments';
import * as yearClose from './015_year_close';
import * as sharedState from './016_shared_state';

export interface LedgerMigration {
  up(db: Kysely<any>, dialect: SqlDialect): Promise<void>;
}

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: LedgerMigration]> = [
  ['001_foundation', foundation],
  ['002_imports', imports],
  ['003_schedules', schedules],
  ['004_commitment_pages', commitmentPages],
  ['005_joinup', joinup],
  ['006_review_holds', reviewHolds],
  ['007_review_desk', reviewDesk],
  ['009_edges', edges],
  ['010_accounts', accounts],
  ['011_public', publicSupervision],
  ['012_phases', phases],
  ['013_propose_by', proposeBy],
  ['014_attachments', attachments],
  ['015_year_close', yearClose],
  ['016_shared_state', sharedState],
];
