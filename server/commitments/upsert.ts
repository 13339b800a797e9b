// Batch upsert of keyed ledger rows: every row validated again with core's rules, organisations
// resolved inside the actor's scope, stated statuses applied only as far as the actor's role
// reaches. Transaction-agnostic: the caller passes the transaction (the batch route and the
// import commit each run it inside their own), so a batch is stored wholly or not at all.
import type { Kysely } from 'kysely';
import { validateRow } from '../../core/validate';
import type { CommitmentDraft, FieldError, LedgerRowInput, MemberRole, Status, TransitionAction, UserRole } from '../../core/types';
import type { CommitmentRow, Database, NewCommitment } from '../db/schema';
import { recordAudits, type AuditEntry } from '../audit';
import { insertRows } from '../db/insertRows';
import { localDate, noonOn } from '../clock';
import { ledgerCompletionDay } from '../../core/stepDates';
import { ambiguousOrg, orgDirectory, type OrgDirectory } from '../orgs/lookup';
import { linkMembers, type MemberClaim } from '../members/link';
import { IN_REVIEW, pathTo, stepColumns } from './steps';
import { approveAudit, loadReviewTree, namesakeRoles, roleForReview, sentBackAudit, type ReviewFix } from './review';
import { rowStatus } from './rowStatus';
import { loadPlan, settlePlan, storePlan } from '../../core/plan';
import type { ReviewedField } from '../../core/review';

export interface UpsertRow {
  /** Idempotency key: the same key always names the same record. */
  key: string;
  /** The ledger cells, as written; validated here. Field names of errors are its keys. */
  input: LedgerRowInput;
  /** The organisation by id, instead of `input.org` (a name looked up from `defaultOrgId` outwards). */
  orgId?: number;
  memberId?: number | null;
}

export interface UpsertActor {
  id: number;
  role: UserRole;
  /** Scope organisation; null for an admin of the whole tree. */
  orgId: number | null;
}

export interface UpsertOptions {
  now: Date;
  /** The report time zone: what day "today" is, and the day a ledger's dates stand for. */
  timeZone: string;
  /** Year for rows without one, and for deadlines written without a year. */
  ledgerYear?: number;
  /**
   * The organisation the caller works on: rows that name none go here (an existing record
   * otherwise keeps its own), and names are looked up inside it first.
   */
  defaultOrgId?: number;
  /**
   * Rows from old ledgers: a row without a status is `published` (it stood in a public ledger),
   * and the dates of review steps, unknown, stay empty (a completion is dated from the ledger).
   * Otherwise a new row starts `proposed`.
   */
  legacy?: boolean;
  /**
   * New records keep the status as written, whatever the actor's role (a reviewer migrating old
   * ledgers). A record already stored still changes only as far as the actor's role reaches.
   */
  newKeepStatus?: boolean;
  /**
   * Stored records may be approved, returned or published by this write (default). An import
   * restates old ledgers and reviews nothing already stored: its 已审核 is not a review.
   */
  reviewsStored?: boolean;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface UpsertResult {
  key: string;
  id: number | null;
  result: UpsertOutcome;
  errors: FieldError[];
  /** Stored, but not all as asked (a status beyond the actor's reach). */
  warnings: FieldError[];
}

/** The columns a ledger row sets; a row is unchanged when all of them already hold its values. */
const ROW_COLUMNS = [
  'year', 'org_id', 'subject_type', 'member_id', 'subject_name', 'category', 'content', 'measures',
  'expected', 'deadline', 'plan', 'responsible', 'status', 'progress', 'remarks',
] as const;
type RowValues = Pick<CommitmentRow, (typeof ROW_COLUMNS)[number]>;
/** Step dates and reviewer a status change records (see steps.ts). */
const STAMP_COLUMNS = ['submitted_at', 'reviewed_at', 'reviewer_id', 'review_note', 'published_at', 'completed_at', 'review_by', 'review_org_id'] as const;

// Rows per IN list, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const CHUNK = 1000;
/** Statuses whose step records the day it was done (completed_at). */
const FINISHED: readonly string[] = ['completed', 'unfulfilled'];

const err = (field: string, code: string, zh: string, en: string): FieldError => ({ field, code, message: { zh, en } });

/**
 * The stored columns a validated row decides by itself (organisation, member and status need the
 * database); the plan's phases keep the days they were done on the stored record.
 */
export function draftColumns(draft: CommitmentDraft, before?: Pick<CommitmentRow, 'plan'>): Omit<RowValues, 'org_id' | 'member_id' | 'status'> {
  return {
    plan: storePlan(settlePlan(draft.plan, loadPlan(before?.plan ?? null))),
    year: draft.year,
    subject_type: draft.subjectType,
    subject_name: draft.subjectName,
    category: draft.category,
    content: draft.content,
    measures: draft.measures,
    expected: draft.expected,
    deadline: draft.deadline,
    responsible: draft.responsible,
    progress: draft.progress,
    remarks: draft.remarks,
  };
}

export async function upsertCommitments(
  trx: Kysely<Database>,
  actor: UpsertActor,
  rows: UpsertRow[],
  opts: UpsertOptions,
): Promise<UpsertResult[]> {
  const at = opts.now.toISOString();
  const today = localDate(opts.now, opts.timeZone);
  const scope = await orgDirectory(trx, actor.orgId);
  const orgs = scope.orgs;

  const results: UpsertResult[] = rows.map((r) => ({ key: r.key, id: null, result: 'rejected', errors: [], warnings: [] }));
  const existing = await loadByKeys(trx, rows.map((r) => r.key));

  // 1. Validate and resolve each row on its own.
  interface Ready {
    index: number;
    values: RowValues;
    stamps: Partial<NewCommitment>;
    before?: CommitmentRow;
    review: { fix: ReviewFix; approved: boolean; sentBack: ReviewedField[] };
  }
  const ready: Ready[] = [];
  const seenKeys = new Set<string>();
  interface Pending { index: number; row: UpsertRow; orgId: number; draft: CommitmentDraft; before?: CommitmentRow; values: Omit<RowValues, 'status' | 'member_id'> }
  const pending: Pending[] = [];
  rows.forEach((row, index) => {
    const errors = results[index].errors;
    if (seenKeys.has(row.key)) {
      errors.push(err('key', 'key.duplicate', `编号键“${row.key}”在本批中重复`, `Key "${row.key}" appears twice in this batch`));
      return;
    }
    seenKeys.add(row.key);
    let { draft, errors: invalid } = validateRow(row.input, { ledgerYear: opts.ledgerYear });
    const named = resolveOrg(row, draft?.orgName ?? null, opts.defaultOrgId, scope, errors);
    const before = sameSpace(existing.get(row.key), named, scope, actor);
    if (row.input.plan === undefined && before?.plan != null) {
      // A row that says nothing of a plan (a ledger without the column) keeps the stored one,
      // checked again against the row's deadline.
      ({ draft, errors: invalid } = validateRow({ ...row.input, plan: loadPlan(before.plan) }, { ledgerYear: opts.ledgerYear }));
    }
    errors.push(...invalid);
    if (before && !orgs.has(before.org_id)) {
      // Says only that the key is used: whose record it is lies outside the caller's scope.
      errors.push(err('key', 'key.taken', `编号键“${row.key}”已被使用，请换一个`, `Key "${row.key}" is already in use; use another`));
    }
    const orgId = named === undefined ? (before?.org_id ?? missingOrg(errors)) : named;
    if (before && orgId !== null && orgId !== before.org_id && IN_REVIEW.includes(before.status)) {
      errors.push(err('org', 'org.in_review', '审核中的承诺不能改到其他党组织', 'A commitment in review cannot move to another organisation'));
    }
    if (!draft || orgId === null || errors.length > 0) return;
    pending.push({ index, row, orgId, draft, before, values: { ...draftColumns(draft, before), org_id: orgId } });
  });

  // 2. Members: by the id given, else joined up by organisation and name (made when new).
  const claims = pending.filter((p) => p.values.subject_type === 'member' && p.row.memberId == null);
  const links = new Map(
    (await linkMembers(trx, claims.map((p) => memberClaim(p.values, p.draft.unitPost, p.before)), actor.id, at)).map((link, i) => [claims[i].index, link]),
  );
  const given = await loadGivenMembers(trx, pending.map((p) => p.row.memberId));
  // Then the status: as far as the actor reaches, with review held to the reviewer fixed at submission
  // (an item unlinked or typed as the organisation's, but named after a leading cadre, is theirs).
  const namesakes = await namesakeRoles(trx, pending.map((p) => ({ orgId: p.orgId, name: p.values.subject_name })));
  const tree = await loadReviewTree(trx, [...pending.map((p) => p.orgId), ...pending.map((p) => p.before?.review_org_id ?? null)]);
  const reach = memoisedReach();
  const stampsByPath = new Map<TransitionAction[], Partial<NewCommitment>>(); // paths are memoised, so identical
  const stampsOf = (path: TransitionAction[]) => {
    if (!stampsByPath.has(path)) stampsByPath.set(path, Object.assign({}, ...path.map((a) => stepColumns(a, actor.id, at))));
    return stampsByPath.get(path)!;
  };
  for (const p of pending) {
    const { index, row, values, before, draft } = p;
    const result = results[index];
    let member: { id: number; role: MemberRole } | undefined;
    if (values.subject_type === 'member') {
      if (row.memberId != null) {
        const m = given.get(row.memberId);
        if (!m || m.orgId !== p.orgId) {
          result.errors.push(err('subject', 'member.unknown', `党员编号 ${row.memberId} 不属于该党组织`, `Member ${row.memberId} does not belong to this organisation`));
          continue;
        }
        member = m;
      } else {
        const link = links.get(index)!;
        if (link.memberId === null) result.warnings.push(link.warning);
        else member = { id: link.memberId, role: link.role };
      }
    }

    const memberId = values.subject_type === 'member' ? (member?.id ?? null) : null;
    const next = { ...values, member_id: memberId };
    const decided = rowStatus({
      actor,
      before,
      next,
      memberRole: roleForReview(values.subject_type, member, namesakes.get(`${p.orgId}|${values.subject_name}`) ?? []),
      stated: draft.status,
      options: opts,
      tree,
      reach,
      stampsOf,
    });
    if (!decided.ok) {
      result.errors.push(decided.error);
      continue;
    }
    result.warnings.push(...decided.warnings);
    let stamps = decided.stamps;
    if (FINISHED.includes(decided.status) && decided.status !== before?.status) {
      // A finished item of a past ledger year was finished then, not on the day it was sent.
      const day = ledgerCompletionDay({ year: values.year, deadline: values.deadline, completedOn: draft.completedOn }, today);
      stamps = { ...stamps, completed_at: day === null ? at : noonOn(day, opts.timeZone) };
    }
    ready.push({ index, values: { ...next, status: decided.status }, stamps, before, review: decided.review });
  }

  // 3. Write: new rows in multi-row INSERTs, changed rows one UPDATE each, unchanged rows not at all.
  const audits: AuditEntry[] = [];
  const inserts = ready.filter((r) => !r.before);
  const created = await insertRows<{ id: number; key: string }>(
    trx,
    'commitments',
    [...ROW_COLUMNS, ...STAMP_COLUMNS, 'key', 'key_space', 'version', 'created_by', 'created_at', 'updated_at'],
    inserts.map((r) => [
      ...ROW_COLUMNS.map((c) => r.values[c]),
      ...STAMP_COLUMNS.map((c) => r.stamps[c] ?? null),
      rows[r.index].key, scope.rootOf(r.values.org_id), 1, actor.id, at, at,
    ]),
    ['id', 'key'],
  );
  const ids = new Map(created.map((c) => [c.key, Number(c.id)]));
  for (const r of inserts) {
    const result = results[r.index];
    result.id = ids.get(result.key)!;
    result.result = 'created';
    const after = { key: result.key, ...Object.fromEntries(ROW_COLUMNS.map((c) => [c, r.values[c]])), ...r.stamps };
    audits.push({ userId: actor.id, at, action: 'batch:create', entity: 'commitment', entityId: result.id, after });
    if (r.review.approved) audits.push(approveAudit(actor.id, at, { ...r.values, id: result.id }, r.review.fix, opts.legacy ? 'import' : 'batch'));
  }
  for (const r of ready.filter((r) => r.before)) {
    const before = r.before!;
    const result = results[r.index];
    result.id = before.id;
    const changed = ROW_COLUMNS.filter((c) => before[c] !== r.values[c]);
    if (changed.length === 0) {
      result.result = 'unchanged';
      continue;
    }
    await trx
      .updateTable('commitments')
      .set({ ...r.values, ...(before.status !== r.values.status ? r.stamps : {}), version: before.version + 1, updated_at: at })
      .where('id', '=', before.id)
      .execute();
    result.result = 'updated';
    audits.push({
      userId: actor.id,
      at,
      action: 'batch:update',
      entity: 'commitment',
      entityId: before.id,
      before: Object.fromEntries(changed.map((c) => [c, before[c]])),
      after: Object.fromEntries(changed.map((c) => [c, r.values[c]])),
    });
    if (r.review.sentBack.length > 0) audits.push(sentBackAudit(actor.id, at, before, r.values, r.review.sentBack));
    if (r.review.approved) audits.push(approveAudit(actor.id, at, { ...r.values, id: before.id }, r.review.fix, opts.legacy ? 'import' : 'batch'));
  }
  await recordAudits(trx, audits);
  return results;
}

/** Every stored record holding one of the keys, in any key space. */
async function loadByKeys(trx: Kysely<Database>, keys: string[]): Promise<Map<string, CommitmentRow[]>> {
  const found = new Map<string, CommitmentRow[]>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx.selectFrom('commitments').selectAll().where('key', 'in', unique.slice(i, i + CHUNK)).execute();
    for (const r of rows) found.set(r.key!, [...(found.get(r.key!) ?? []), r]);
  }
  return found;
}

/**
 * The record a row's key names: the one in the row's key space (the tree of its organisation, or
 * of the caller's scope). An admin of the whole tree sending a row that names no organisation
 * means the one record holding the key, wherever it is.
 */
function sameSpace(holders: CommitmentRow[] | undefined, orgId: number | null | undefined, scope: OrgDirectory, actor: UpsertActor): CommitmentRow | undefined {
  if (!holders) return undefined;
  const known = orgId ?? actor.orgId;
  if (known === null || known === undefined) return holders.length === 1 ? holders[0] : undefined;
  const space = scope.rootOf(known);
  return holders.find((r) => r.key_space === space);
}

/** What a member row asks of the member records: the record's link is kept while its subject stays. */
function memberClaim(values: Omit<RowValues, 'status' | 'member_id'>, unitPost: string | null, before: CommitmentRow | undefined): MemberClaim {
  const kept = before && before.org_id === values.org_id && before.subject_name === values.subject_name ? before.member_id : null;
  return { orgId: values.org_id, name: values.subject_name, unitPost, linkedId: kept };
}

/** Members named by id in the rows. */
async function loadGivenMembers(trx: Kysely<Database>, ids: (number | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id != null))];
  const out = new Map<number, { id: number; orgId: number; role: MemberRole }>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await trx.selectFrom('members').select(['id', 'org_id', 'role']).where('id', 'in', wanted.slice(i, i + CHUNK)).execute();
    for (const m of rows) out.set(m.id, { id: m.id, orgId: m.org_id, role: m.role as MemberRole });
  }
  return out;
}

/**
 * The row's organisation: by id, or by name from the working organisation outwards (DESIGN §4);
 * undefined when the row names none (the working organisation, or the stored record's, applies);
 * null when what it names cannot be used (the error says why).
 */
function resolveOrg(row: UpsertRow, orgName: string | null, workingOrgId: number | undefined, scope: OrgDirectory, errors: FieldError[]): number | null | undefined {
  if (row.orgId !== undefined) {
    if (scope.orgs.has(row.orgId)) return row.orgId;
    errors.push(err('org', 'org.unknown', `党组织编号 ${row.orgId} 不存在或不在您的管理范围内`, `Organisation ${row.orgId} does not exist or is outside your scope`));
    return null;
  }
  if (orgName !== null) {
    const match = scope.find(orgName, workingOrgId);
    if ('org' in match) return match.org.id;
    if ('ambiguous' in match) errors.push(ambiguousOrg(orgName, match.ambiguous, scope.orgs));
    else errors.push(err('org', 'org.unknown', `党组织“${orgName}”不存在或不在您的管理范围内`, `Organisation "${orgName}" does not exist or is outside your scope`));
    return null;
  }
  return workingOrgId !== undefined && scope.orgs.has(workingOrgId) ? workingOrgId : undefined;
}

function missingOrg(errors: FieldError[]): null {
  errors.push(err('org', 'org.missing', '未填写所在党组织', 'The organisation is missing'));
  return null;
}

/** pathTo, remembered per distinct question (a batch asks the same few thousands of times). */
function memoisedReach(): typeof pathTo {
  const memo = new Map<string, ReturnType<typeof pathTo>>();
  return (actor, target, to) => {
    const k = [actor.relation, target.status, target.reviewBy, target.mayReview, to].join('|');
    if (!memo.has(k)) memo.set(k, pathTo(actor, target, to));
    return memo.get(k)!;
  };
}
