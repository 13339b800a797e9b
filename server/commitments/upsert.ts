// Batch upsert of keyed ledger rows: every row validated again with core's rules, organisations
// resolved inside the actor's scope, stated statuses applied only as far as the actor's role
// reaches. Transaction-agnostic: the caller passes the transaction (the batch route and the
// import commit each run it inside their own), so a batch is stored wholly or not at all.
import type { Kysely } from 'kysely';
import { validateRow } from '../../core/validate';
import { STATUS_LABELS } from '../../core/status';
import type { CommitmentDraft, FieldError, LedgerRowInput, MemberRole, OrgKind, Status, TransitionAction, UserRole } from '../../core/types';
import type { CommitmentRow, Database, NewCommitment } from '../db/schema';
import { scopeOrgIds } from '../scope';
import { recordAudits, type AuditEntry } from '../audit';
import { insertRows } from '../db/insertRows';
import { IN_REVIEW, pathTo, stepColumns } from './steps';

export interface UpsertRow {
  /** Idempotency key: the same key always names the same record. */
  key: string;
  /** The ledger cells, as written; validated here. Field names of errors are its keys. */
  input: LedgerRowInput;
  /** The organisation by id, instead of `input.org` (a name looked up in the actor's scope). */
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
  /** Year for rows without one, and for deadlines written without a year. */
  ledgerYear?: number;
  /** Organisation of rows that name none (an existing record otherwise keeps its own). */
  defaultOrgId?: number;
  /**
   * Rows from old ledgers: a row without a status is `published` (it stood in a public ledger),
   * and the dates of review steps, unknown, stay empty. Otherwise a new row starts `proposed`.
   */
  legacy?: boolean;
  /**
   * New records keep the status as written, whatever the actor's role (a reviewer migrating old
   * ledgers). A record already stored still changes only as far as the actor's role reaches.
   */
  newKeepStatus?: boolean;
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
  'expected', 'deadline', 'responsible', 'status', 'progress', 'remarks',
] as const;
type RowValues = Pick<CommitmentRow, (typeof ROW_COLUMNS)[number]>;
/** Step dates and reviewer a status change records (see steps.ts). */
const STAMP_COLUMNS = ['submitted_at', 'reviewed_at', 'reviewer_id', 'review_note', 'published_at', 'completed_at'] as const;

// Rows per IN list, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const CHUNK = 1000;

interface ScopeOrg {
  id: number;
  name: string;
  kind: string;
}

const err = (field: string, code: string, zh: string, en: string): FieldError => ({ field, code, message: { zh, en } });

/** The stored columns a validated row decides by itself (organisation, member and status need the database). */
export function draftColumns(draft: CommitmentDraft): Omit<RowValues, 'org_id' | 'member_id' | 'status'> {
  return {
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
  const orgs = await loadScope(trx, actor.orgId);
  const byName = new Map<string, ScopeOrg[]>();
  for (const o of orgs.values()) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
  const actorKind = (actor.orgId === null ? 'committee' : orgs.get(actor.orgId)!.kind) as OrgKind;

  const results: UpsertResult[] = rows.map((r) => ({ key: r.key, id: null, result: 'rejected', errors: [], warnings: [] }));
  const existing = await loadByKeys(trx, rows.map((r) => r.key));

  // 1. Validate and resolve each row on its own.
  interface Ready { index: number; values: RowValues; stamps: Partial<NewCommitment>; before?: CommitmentRow }
  const ready: Ready[] = [];
  const seenKeys = new Set<string>();
  const pending: Array<{ index: number; row: UpsertRow; orgId: number; draftStatus: Status | null; values: Omit<RowValues, 'status' | 'member_id'> }> = [];
  rows.forEach((row, index) => {
    const errors = results[index].errors;
    if (seenKeys.has(row.key)) {
      errors.push(err('key', 'key.duplicate', `编号键“${row.key}”在本批中重复`, `Key "${row.key}" appears twice in this batch`));
      return;
    }
    seenKeys.add(row.key);
    const { draft, errors: invalid } = validateRow(row.input, { ledgerYear: opts.ledgerYear });
    errors.push(...invalid);
    const before = existing.get(row.key);
    if (before && !orgs.has(before.org_id)) {
      errors.push(err('key', 'key.taken', `编号键“${row.key}”已被其他党组织的记录使用`, `Key "${row.key}" belongs to a record of another organisation`));
    }
    const orgId = resolveOrg(row, draft?.orgName ?? null, opts.defaultOrgId ?? before?.org_id, orgs, byName, errors);
    if (before && orgId !== null && orgId !== before.org_id && IN_REVIEW.includes(before.status)) {
      errors.push(err('org', 'org.in_review', '审核中的承诺不能改到其他党组织', 'A commitment in review cannot move to another organisation'));
    }
    if (!draft || orgId === null || errors.length > 0) return;
    pending.push({
      index,
      row,
      orgId,
      draftStatus: draft.status,
      values: { ...draftColumns(draft), org_id: orgId },
    });
  });

  // 2. Members: by the id given, or by the subject's name when exactly one member of the org has it.
  const members = await loadMembers(trx, pending.filter((p) => p.values.subject_type === 'member').map((p) => p.orgId));
  const reach = memoisedReach();
  const stampsByPath = new Map<TransitionAction[], Partial<NewCommitment>>(); // paths are memoised, so identical
  const stampsOf = (path: TransitionAction[]) => {
    if (!stampsByPath.has(path)) stampsByPath.set(path, Object.assign({}, ...path.map((a) => stepColumns(a, actor.id, at))));
    return stampsByPath.get(path)!;
  };
  for (const p of pending) {
    const { index, row, values } = p;
    const result = results[index];
    let member: MemberInfo | undefined;
    if (values.subject_type === 'member') {
      if (row.memberId != null) {
        member = members.byId.get(row.memberId);
        if (!member || member.orgId !== p.orgId) {
          result.errors.push(err('subject', 'member.unknown', `党员编号 ${row.memberId} 不属于该党组织`, `Member ${row.memberId} does not belong to this organisation`));
          continue;
        }
      } else {
        const named = members.byName.get(`${p.orgId}|${values.subject_name}`);
        member = named?.length === 1 ? named[0] : undefined;
      }
    }

    const before = existing.get(row.key);
    const from = (before?.status ?? 'proposed') as Status;
    const wanted: Status = p.draftStatus ?? (before ? from : opts.legacy ? 'published' : 'proposed');
    const stepActor = { id: actor.id, role: actor.role, scopeOrgKind: actorKind, relation: p.orgId === actor.orgId ? 'same' : 'above' } as const;
    const path = reach(stepActor, { status: from, subjectType: values.subject_type as 'member' | 'organization', memberRole: member?.role }, wanted);
    let status = wanted;
    let stamps: Partial<NewCommitment> = {};
    if (path) {
      if (!opts.legacy) stamps = stampsOf(path);
    } else if (actor.role !== 'admin' && !(opts.newKeepStatus && !before)) {
      status = from;
      if (p.draftStatus !== null) {
        const [w, f] = [STATUS_LABELS[wanted], STATUS_LABELS[from]];
        result.warnings.push(err('status', 'status.not_allowed', `无权将状态改为“${w.zh}”，仍为“${f.zh}”`, `Not allowed to set the status to ${w.en}; it stays ${f.en}`));
      }
    }
    // A link to a member made earlier (by id) survives re-syncs of the same subject.
    const kept = before && before.org_id === p.orgId && before.subject_name === values.subject_name ? before.member_id : null;
    const memberId = values.subject_type === 'member' ? (member?.id ?? kept) : null;
    // A leading cadre's commitment is reviewed by a committee: its subject is not changed during review.
    if (before && IN_REVIEW.includes(before.status) && (memberId !== before.member_id || values.subject_type !== before.subject_type)) {
      result.errors.push(err('subject', 'subject.in_review', '审核中的承诺不能改变承诺主体', 'A commitment in review keeps its subject'));
      continue;
    }
    ready.push({ index, values: { ...values, member_id: memberId, status }, stamps, before });
  }

  // 3. Write: new rows in multi-row INSERTs, changed rows one UPDATE each, unchanged rows not at all.
  const audits: AuditEntry[] = [];
  const inserts = ready.filter((r) => !r.before);
  const created = await insertRows<{ id: number; key: string }>(
    trx,
    'commitments',
    [...ROW_COLUMNS, ...STAMP_COLUMNS, 'key', 'version', 'created_by', 'created_at', 'updated_at'],
    inserts.map((r) => [
      ...ROW_COLUMNS.map((c) => r.values[c]),
      ...STAMP_COLUMNS.map((c) => r.stamps[c] ?? null),
      rows[r.index].key, 1, actor.id, at, at,
    ]),
    ['id', 'key'],
  );
  const ids = new Map(created.map((c) => [c.key, Number(c.id)]));
  for (const r of inserts) {
    const result = results[r.index];
    result.id = ids.get(result.key)!;
    result.result = 'created';
    // The record as created is not copied: it is the stored row with each later update's
    // `before` values put back.
    audits.push({ userId: actor.id, at, action: 'batch:create', entity: 'commitment', entityId: result.id });
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
  }
  await recordAudits(trx, audits);
  return results;
}

async function loadScope(trx: Kysely<Database>, orgId: number | null): Promise<Map<number, ScopeOrg>> {
  const ids = orgId === null ? null : await scopeOrgIds(trx, orgId);
  const rows: ScopeOrg[] = [];
  if (ids === null) rows.push(...(await trx.selectFrom('organizations').select(['id', 'name', 'kind']).execute()));
  else for (let i = 0; i < ids.length; i += CHUNK) {
    rows.push(...(await trx.selectFrom('organizations').select(['id', 'name', 'kind']).where('id', 'in', ids.slice(i, i + CHUNK)).execute()));
  }
  return new Map(rows.map((o) => [o.id, o]));
}

async function loadByKeys(trx: Kysely<Database>, keys: string[]): Promise<Map<string, CommitmentRow>> {
  const found = new Map<string, CommitmentRow>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx.selectFrom('commitments').selectAll().where('key', 'in', unique.slice(i, i + CHUNK)).execute();
    for (const r of rows) found.set(r.key!, r);
  }
  return found;
}

interface MemberInfo {
  id: number;
  orgId: number;
  role: MemberRole;
}

async function loadMembers(trx: Kysely<Database>, orgIds: number[]) {
  const byId = new Map<number, MemberInfo>();
  const byName = new Map<string, MemberInfo[]>();
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await trx.selectFrom('members').select(['id', 'org_id', 'name', 'role']).where('org_id', 'in', unique.slice(i, i + CHUNK)).execute();
    for (const m of rows) {
      const info = { id: m.id, orgId: m.org_id, role: m.role as MemberRole };
      byId.set(m.id, info);
      const k = `${m.org_id}|${m.name}`;
      byName.set(k, [...(byName.get(k) ?? []), info]);
    }
  }
  return { byId, byName };
}

function resolveOrg(
  row: UpsertRow,
  orgName: string | null,
  defaultOrgId: number | undefined,
  orgs: Map<number, ScopeOrg>,
  byName: Map<string, ScopeOrg[]>,
  errors: FieldError[],
): number | null {
  if (row.orgId !== undefined) {
    if (orgs.has(row.orgId)) return row.orgId;
    errors.push(err('org', 'org.unknown', `党组织编号 ${row.orgId} 不存在或不在您的管理范围内`, `Organisation ${row.orgId} does not exist or is outside your scope`));
    return null;
  }
  if (orgName !== null) {
    const named = byName.get(orgName) ?? [];
    if (named.length === 1) return named[0].id;
    if (named.length > 1) {
      errors.push(err('org', 'org.ambiguous', `您的管理范围内有 ${named.length} 个名为“${orgName}”的党组织，请改用编号`, `${named.length} organisations in your scope are called "${orgName}"; give its id`));
    } else {
      errors.push(err('org', 'org.unknown', `党组织“${orgName}”不存在或不在您的管理范围内`, `Organisation "${orgName}" does not exist or is outside your scope`));
    }
    return null;
  }
  if (defaultOrgId !== undefined && orgs.has(defaultOrgId)) return defaultOrgId;
  errors.push(err('org', 'org.missing', '未填写所在党组织', 'The organisation is missing'));
  return null;
}

/** pathTo, remembered per distinct question (a batch asks the same few thousands of times). */
function memoisedReach(): typeof pathTo {
  const memo = new Map<string, ReturnType<typeof pathTo>>();
  return (actor, target, to) => {
    const k = [actor.relation, target.status, target.subjectType, target.memberRole ?? '', to].join('|');
    if (!memo.has(k)) memo.set(k, pathTo(actor, target, to));
    return memo.get(k)!;
  };
}
