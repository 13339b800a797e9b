// The typed shape of the database (Kysely). Columns are snake_case; dates are text `YYYY-MM-DD`,
// timestamps ISO text, flags integers 0/1 so SQLite and PostgreSQL read back the same values.
// Feature engineers add their table interfaces here and to `Database` below.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
  kind: string; // OrgKind
  parent_id: number | null;
  sector: string | null;
  /** 监督电话 and 监督邮箱 printed on the public notice. */
  supervision_phone: Generated<string | null>;
  supervision_email: Generated<string | null>;
  created_at: string;
}

export interface MembersTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  gender: string | null; // 'male' | 'female'
  birth_year: number | null;
  joined_on: string | null; // YYYY-MM
  unit_post: string | null;
  role: string; // MemberRole
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  /** The login folded for comparison (server/users/loginKey.ts); unique. */
  login_key: string | null;
  password_hash: string;
  name: string;
  role: string; // UserRole
  /** The scope organisation; null only for an admin of the whole tree. */
  org_id: number | null;
  disabled: number; // 0 | 1
  /** 1 after someone else set the password: the owner chooses a new one before signing in. */
  must_change_password: Generated<number>; // 0 | 1
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 of the bearer token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface CommitmentsTable {
  id: Generated<number>;
  /** Ledger row key for idempotent upserts; unique within its key space. */
  key: string | null;
  /** The top-level organisation of the record's tree, set with a key: keys of other trees never meet. */
  key_space: number | null;
  year: number;
  org_id: number;
  subject_type: string; // SubjectType
  member_id: number | null;
  subject_name: string;
  category: string; // Category
  content: string;
  measures: string | null;
  expected: string | null;
  deadline: string; // YYYY-MM-DD | 'ongoing'
  responsible: string | null;
  status: string; // Status
  progress: string | null;
  remarks: string | null;
  /** 践诺计划: JSON `[{by, target, doneOn}]` (core/plan.ts storePlan); null without phases. */
  plan: string | null;
  reviewer_id: number | null;
  review_note: string | null;
  /** The reviewer fixed at submission (core/review.ts ReviewBy); null before it. */
  review_by: string | null;
  /** The organisation that reviews, fixed at submission; null when none in the tree does (whole-tree admins). */
  review_org_id: number | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  published_at: string | null;
  completed_at: string | null;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The item of an earlier year this draft carries over (server/years/carryOver.ts). */
  carried_from: Generated<number | null>;
  /** 1 while a carried-over draft waits for the clerk to confirm or drop it. */
  carry_pending: Generated<number>;
}

export interface ProgressEntriesTable {
  id: Generated<number>;
  commitment_id: number;
  month: string; // YYYY-MM
  note: string;
  percent: number | null;
  user_id: number;
  created_at: string;
  /** 1: shown on the organisation's public page. Off by default (a note may name a resident). */
  public: Generated<number>;
  /** The monthly check (POST /commitments/progress) that made it; null for one entry at a time. */
  request_key: string | null;
}

export interface EvaluationsTable {
  id: Generated<number>;
  kind: string; // EvaluationKind
  target_type: string; // SubjectType
  target_id: number;
  /** The organisation the target belongs to (itself for an organisation), for scope checks. */
  org_id: number;
  period: string;
  text: string | null;
  rating: string | null; // AnnualRating
  satisfied: number | null;
  basically_satisfied: number | null;
  unsatisfied: number | null;
  /** For surveys: `paper` (typed tallies) or `ballots` (phone answers); '' for other kinds. */
  source: Generated<string>;
  version: Generated<number>;
  user_id: number;
  created_at: string;
  /** 1: a leader comment its author marked for the public page (亮点评). */
  public: Generated<number>;
}

export interface RectificationsTable {
  id: Generated<number>;
  target_type: string;
  target_id: number;
  org_id: number;
  issue: string;
  due_on: string;
  status: string; // 'open' | 'done'
  created_at: string;
  /** The year whose assessment it follows; the target is not eligible for awards that year. */
  year: number | null;
  done_on: string | null;
  note: string | null;
  created_by: number | null;
  updated_at: string | null;
}

/** A top-level organisation's scheme (方案); organisations without a row keep the default. */
export interface SchemesTable {
  org_id: number;
  member_review: string; // MemberReview
  comment_cadence: string; // 'quarter' | 'half'
  survey_cadence: string; // 'half' | 'year'
  categories_json: string; // JSON array of Category
  propose_by: string | null; // MM-DD
  updated_by: number | null;
  updated_at: string;
}

/** 点评责任: a user comments on an organisation or a member, wherever it sits in the county. */
export interface CommentDutiesTable {
  id: Generated<number>;
  user_id: number;
  target_type: string; // SubjectType
  target_id: number;
  org_id: number;
  created_by: number | null;
  created_at: string;
}

export interface AuditTable {
  id: Generated<number>;
  user_id: number | null;
  at: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

export interface SchedulesTable {
  id: Generated<number>;
  kind: string; // ReportKind
  org_id: number;
  cron: string;
  timezone: string;
  recipients_json: string; // JSON array of addresses
  enabled: number; // 0 | 1
  /** Runs at or before this timestamp are never sent by the scheduler (creation or last timing change). */
  active_since: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveriesTable {
  id: Generated<number>;
  schedule_id: number;
  period: string;
  status: string; // DeliveryStatus
  attempts: number;
  next_attempt_at: string | null;
  /** The process holding the claim, and until when; a crashed holder's claim runs out. */
  claimed_by: string | null;
  claimed_until: string | null;
  error: string | null;
  sent_at: string | null;
  /** Per-recipient results, JSON `[{address, status, attempts, response, sentAt}]`. */
  results_json: string;
  created_at: string;
  updated_at: string;
}

export interface ImportsTable {
  id: Generated<number>;
  user_id: number;
  /** The organisation the import is for: rows naming none go here, unknown ones are created below it. */
  org_id: number;
  year: number | null;
  file_name: string | null;
  format: string; // 'xlsx' | 'xls' | 'csv'
  status: string; // 'previewed' | 'committed'
  kind: Generated<string>; // 'ledger' | 'roster'
  /** The preview answer (sheets, mapping, counts, rejected rows, warnings), JSON. */
  preview_json: string;
  /** The converted records: their JSON, gzip-compressed, in base64 (server/imports/storedRecords.ts). */
  records_gz: string;
  /** `{created, updated, unchanged}` once committed. */
  result_json: string | null;
  created_at: string;
  committed_at: string | null;
}

/** An organisation's year: its 提诺 deadline, set by the level above (inherited by those below). */
export interface OrgYearsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  propose_by: string; // YYYY-MM-DD
  updated_by: number | null;
  updated_at: string;
}

export interface OrgGoalsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  /** 创建目标: the organisation's founding goal for the year (seed 003 附件1). */
  goal: string;
  updated_by: number | null;
  updated_at: string;
}

export interface PublicLinksTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  /** The unguessable part of `PUBLIC_URL/p/<token>`. */
  token: string;
  created_by: number | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
}

export interface SurveysTable {
  id: Generated<number>;
  org_id: number;
  period: string; // 2011-H1 | 2011
  /** Last day answers are taken (in REPORT_TZ). */
  closes_on: string;
  /** Closed early by a reviewer. */
  closed_at: string | null;
  created_by: number;
  created_at: string;
}

export interface SurveyTargetsTable {
  id: Generated<number>;
  survey_id: number;
  target_type: string; // SubjectType
  target_id: number;
  name: string;
  /** The `survey` evaluation this target's answers are tallied into. */
  evaluation_id: number;
}

export interface SurveyBallotsTable {
  id: Generated<number>;
  survey_id: number;
  code: string;
  answered_at: string | null;
}

export interface SurveyAnswersTable {
  id: Generated<number>;
  ballot_id: number;
  target_id: number; // survey_targets.id
  answer: string; // SurveyAnswer
  comment: string | null;
  created_at: string;
}

export interface AttachmentsTable {
  id: Generated<number>;
  entity_type: string; // AttachmentEntityType
  entity_id: number;
  /** The organisation the entity belongs to: scope. */
  org_id: number;
  year: number;
  kind: string; // AttachmentKind
  file_name: string;
  /** Recognised from the bytes, never taken from the upload's name or declared type. */
  content_type: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  has_thumbnail: Generated<number>;
  uploaded_by: number | null;
  uploaded_at: string;
}

export interface AttachmentContentsTable {
  attachment_id: number;
  data: Buffer;
  /** A small JPEG of an image, for lists; null for PDF. */
  thumbnail: Buffer | null;
}

/** A counter of rate-limiter-flexible (login throttle, public page limits), shared by every process. */
export interface RateLimitsTable {
  /** The limiter's prefix and the counted key (`login_fail:wang|1.2.3.4`). */
  key: string;
  points: number;
  /** Wall-clock milliseconds when the count lapses; null never. */
  expire: number | null;
}

/** 封账: an organisation's year closed (with its subtree as it stood then); reopening fills the reopened_* columns. */
export interface YearClosuresTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  closed_at: string;
  closed_by: number;
  /** The members the year's records name, as they were at close (JSON of ScopeMember). */
  members_json: string;
  /** Names of the users who wrote the year's evaluations, at close (JSON `{id: name}`). */
  users_json: string;
  reopened_at: string | null;
  reopened_by: number | null;
  reopen_reason: string | null;
}

/** One organisation of a closed subtree, as it stood at close. */
export interface YearClosureOrgsTable {
  closure_id: number;
  org_id: number;
  name: string;
  kind: string;
  parent_id: number | null;
}

/** The workbook a delivery sent, byte for byte. */
export interface DeliveryWorkbooksTable {
  delivery_id: number;
  file_name: string;
  bytes: Buffer;
  sha256: string;
  built_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  members: MembersTable;
  users: UsersTable;
  sessions: SessionsTable;
  commitments: CommitmentsTable;
  progress_entries: ProgressEntriesTable;
  evaluations: EvaluationsTable;
  rectifications: RectificationsTable;
  audit: AuditTable;
  schedules: SchedulesTable;
  deliveries: DeliveriesTable;
  imports: ImportsTable;
  schemes: SchemesTable;
  comment_duties: CommentDutiesTable;
  org_goals: OrgGoalsTable;
  org_years: OrgYearsTable;
  public_links: PublicLinksTable;
  surveys: SurveysTable;
  survey_targets: SurveyTargetsTable;
  survey_ballots: SurveyBallotsTable;
  survey_answers: SurveyAnswersTable;
  attachments: AttachmentsTable;
  attachment_contents: AttachmentContentsTable;
  rate_limits: RateLimitsTable;
  year_closures: YearClosuresTable;
  year_closure_orgs: YearClosureOrgsTable;
  delivery_workbooks: DeliveryWorkbooksTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type MemberRow = Selectable<MembersTable>;
export type UserRow = Selectable<UsersTable>;
export type CommitmentRow = Selectable<CommitmentsTable>;
export type NewCommitment = Insertable<CommitmentsTable>;
export type CommitmentUpdate = Updateable<CommitmentsTable>;
