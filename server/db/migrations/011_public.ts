// Public supervision (上墙公示 and 群众评议 by phone): the links printed as QR codes on the wall
// notice, an organisation's 创建目标 per year and its supervision contact, the "public" flags on
// progress notes and leader comments (off by default: a note may name a welfare recipient), and
// phone surveys with their one-time ballots and answers.
import { sql, type Kysely } from 'kysely';
import { addIdColumn, type SqlDialect } from '../dialect';

export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('supervision_phone', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('supervision_email', 'text').execute();
  await db.schema.alterTable('progress_entries').addColumn('public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('evaluations').addColumn('public', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await addIdColumn(db.schema.createTable('org_goals'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('org_goals_org_year', ['org_id', 'year'])
    .execute();

  // The token is kept as issued: it is printed on paper for anyone to read, and the same notice
  // printed again must carry the same QR code.
  await addIdColumn(db.schema.createTable('public_links'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'integer', (c) => c.references('users.id'))
    .execute();
  // One live link per organisation and year: two notices printed at once get the same address.
  await db.schema.createIndex('public_links_live').on('public_links').columns(['org_id', 'year']).unique().where(sql.ref('revoked_at'), 'is', null).execute();

  await addIdColumn(db.schema.createTable('surveys'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('closes_on', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Who a survey asks about: the organisation, and its members when the ballot covers them. Each
  // holds the survey evaluation its answers are tallied into.
  await addIdColumn(db.schema.createTable('survey_targets'), dialect)
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('evaluation_id', 'integer', (c) => c.notNull().references('evaluations.id'))
    .addUniqueConstraint('survey_targets_once', ['survey_id', 'target_type', 'target_id'])
    .execute();

  await addIdColumn(db.schema.createTable('survey_ballots'), dialect)
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('surveys.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('survey_ballots_survey').on('survey_ballots').columns(['survey_id', 'answered_at']).execute();

  await addIdColumn(db.schema.createTable('survey_answers'), dialect)
    .addColumn('ballot_id', 'integer', (c) => c.notNull().references('survey_ballots.id'))
    .addColumn('target_id', 'integer', (c) => c.notNull().references('survey_targets.id'))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_answers_once', ['ballot_id', 'target_id'])
    .execute();
}
