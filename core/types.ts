// The records of the practice (DESIGN §4). Shared by the add-in and the server; no I/O here.
import type { PlanInput, PlanPhaseJson, ReadPhase } from './plan';

export const CATEGORIES = ['common', 'post', 'deed', 'discipline'] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = [
  'proposed',
  'under_review',
  'approved',
  'returned',
  'published',
  'in_progress',
  'completed',
  'unfulfilled',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export const TRANSITION_ACTIONS = [
  'submit',
  'approve',
  'return',
  'publish',
  'start',
  'complete',
  'mark-unfulfilled',
  'withdraw',
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export const ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const MEMBER_ROLES = ['leader_cadre', 'ordinary', 'retired', 'no_post'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const USER_ROLES = ['admin', 'reviewer', 'clerk', 'viewer', 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SUBJECT_TYPES = ['member', 'organization'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** self_report: 述诺, a member's quarterly report on their own commitments, recorded by the clerk. */
export const EVALUATION_KINDS = ['leader_comment', 'peer', 'survey', 'annual', 'self_report'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

/** A member's annual rating, stored as codes; labels 优秀/合格/基本合格/不合格. */
export const ANNUAL_RATINGS = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export type AnnualRating = (typeof ANNUAL_RATINGS)[number];

/** An organisation's annual rating, stored as codes; labels 好/较好/一般/差. */
export const ORG_ANNUAL_RATINGS = ['good', 'fairly_good', 'average', 'poor'] as const;
export type OrgAnnualRating = (typeof ORG_ANNUAL_RATINGS)[number];

/** Where a survey's counts come from: typed tallies of paper forms, or the phone ballots. */
export const EVALUATION_SOURCES = ['paper', 'ballots'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];

export const REPORT_KINDS = ['monthly', 'quarterly', 'half-year', 'annual', 'notice', 'pledge-forms'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** `YYYY-MM-DD`, or `ongoing` for 长期 commitments. */
export type Deadline = string;
/** An ISO date `YYYY-MM-DD`. */
export type IsoDate = string;
/** An ISO timestamp (UTC) `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type Timestamp = string;

/** A user-facing message in both UI languages. */
export interface LocalText {
  zh: string;
  en: string;
}

/** One problem with one field of one row or request. `code` is stable; messages are for people. */
export interface FieldError {
  field: string;
  code: string;
  message: LocalText;
}

export interface Organisation {
  id: number;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  sector: string | null;
}

export interface Member {
  id: number;
  orgId: number;
  name: string;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  /** 入党年月, `YYYY-MM`. */
  joinedOn: string | null;
  /** 单位及职务. */
  unitPost: string | null;
  role: MemberRole;
}

export interface Commitment {
  id: number;
  key: string | null;
  year: number;
  orgId: number;
  subjectType: SubjectType;
  memberId: number | null;
  subjectName: string;
  category: Category;
  content: string;
  measures: string | null;
  expected: string | null;
  deadline: Deadline;
  responsible: string | null;
  status: Status;
  progress: string | null;
  remarks: string | null;
  reviewerId: number | null;
  reviewNote: string | null;
  /** The reviewer fixed at submission (core/review.ts), and the organisation that reviews; null before. */
  reviewBy: 'branch' | 'above' | 'committee' | null;
  reviewOrgId: number | null;
  submittedAt: Timestamp | null;
  reviewedAt: Timestamp | null;
  publishedAt: Timestamp | null;
  completedAt: Timestamp | null;
  version: number;
  /** Derived, never stored: deadline passed and not finished. */
  overdue: boolean;
  /** 践诺计划: phases in date order, each with its derived `overdue`; empty when none. */
  plan: PlanPhaseJson[];
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** 践诺记实: one month's note on one commitment. */
export interface ProgressEntry {
  id: number;
  commitmentId: number;
  /** `YYYY-MM`. */
  month: string;
  note: string;
  percent: number | null;
  userId: number;
  createdAt: Timestamp;
}

export interface Evaluation {
  id: number;
  kind: EvaluationKind;
  targetType: SubjectType;
  /** An organisation id or a member id, after targetType. */
  targetId: number;
  /** `2011-Q2`, `2011-H1`, `2011`, or a month `2011-06`. */
  period: string;
  text: string | null;
  rating: AnnualRating | OrgAnnualRating | null;
  satisfied: number | null;
  basicallySatisfied: number | null;
  unsatisfied: number | null;
  userId: number;
  createdAt: Timestamp;
}

/** 整改: a rectification ordered after poor fulfilment or low satisfaction. */
export interface Rectification {
  id: number;
  targetType: SubjectType;
  targetId: number;
  orgId: number;
  issue: string;
  dueOn: IsoDate;
  status: 'open' | 'done';
  createdAt: Timestamp;
}

export interface User {
  id: number;
  login: string;
  name: string;
  role: UserRole;
  /** The user's scope: this organisation and everything below it. */
  orgId: number;
  disabled: boolean;
}

export interface Schedule {
  id: number;
  kind: ReportKind;
  orgId: number;
  cron: string;
  timezone: string;
  recipients: string[];
  enabled: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: number;
  scheduleId: number;
  period: string;
  status: DeliveryStatus;
  attempts: number;
  recipients: string[];
  sentAt: Timestamp | null;
  error: string | null;
}

/**
 * One ledger row as a clerk or a legacy file writes it: the canonical columns of DESIGN §5,
 * each still the raw cell value (text as typed, an Excel date serial, a JS Date, or empty).
 */
export type CellValue = string | number | boolean | Date | null | undefined;

export interface LedgerRowInput {
  seq?: CellValue; // 序号 (the sheet's own numbering; not stored)
  year?: CellValue; // 承诺年度
  org?: CellValue; // 所在党组织
  subject?: CellValue; // 承诺主体
  subjectType?: CellValue; // 主体类型
  category?: CellValue; // 承诺类别
  content?: CellValue; // 承诺内容
  measures?: CellValue; // 具体措施
  expected?: CellValue; // 预期目标
  deadline?: CellValue; // 完成时限
  responsible?: CellValue; // 责任人
  status?: CellValue; // 状态
  progress?: CellValue; // 进展情况
  remarks?: CellValue; // 备注
  id?: CellValue; // 编号
  unitPost?: CellValue; // 单位及职务 (tells two members of one name apart)
  completedOn?: CellValue; // 完成时间/销号日期 of a finished item (legacy ledgers)
  plan?: PlanInput; // 阶段计划 (core/plan.ts): a cell, or phases sent as a list
}

/** A ledger row after validation: canonical codes and clean text, ready to store. */
export interface CommitmentDraft {
  year: number;
  orgName: string | null;
  subjectType: SubjectType;
  subjectName: string;
  category: Category;
  content: string;
  measures: string | null;
  expected: string | null;
  deadline: Deadline;
  responsible: string | null;
  /** null when the row states none (a legacy row then counts as `published`). */
  status: Status | null;
  progress: string | null;
  remarks: string | null;
  /** 单位及职务 of a member subject, when the ledger says it. */
  unitPost: string | null;
  /** The day a finished item was completed, when the ledger says it (`YYYY-MM-DD`). */
  completedOn: IsoDate | null;
  /** 践诺计划: the phases read, in date order; null when the row has none. */
  plan: ReadPhase[] | null;
}
