// The server's API as the pane uses it. Failures come out as two kinds: the server could not be
// reached (Offline), or it answered with a problem document (ApiProblem).
import type { Lang } from './i18n';
import type { BatchOutcome, BatchRow } from './ledger/submission';
import type { ServerCommitment } from './ledger/refresh';
import type { PlanPhaseJson } from '../../core/plan';
import type { Delivery, ReportKind } from '../../core/types';
import type { ProgressBatchAnswer, ProgressBatchRequest } from '../../core/progress';
import type { MissingAnswer, OrgYear } from '../../core/proposeBy';
import type { Attachment, AttachmentEntityType, AttachmentKind, AttachmentList, Filing } from '../../core/attachments';

export type { Attachment, AttachmentList, Filing, FilingEntry } from '../../core/attachments';

/** The record a file is attached to, and as what. */
export interface AttachmentTarget {
  entityType: AttachmentEntityType;
  entityId: number;
  year: number;
  kind: AttachmentKind;
}

export interface SessionUser {
  id: number;
  login: string;
  name: string;
  role: string;
  orgId: number | null;
}

export interface Session {
  server: string;
  token: string;
  user: SessionUser;
}

export interface OrgSummary {
  id: number;
  name: string;
  parentId?: number | null;
}

/** A 群众评议 record (GET /evaluations?kind=survey): typed paper tallies or the phone ballots. */
export interface SurveyItem {
  id: number;
  targetType: 'organization' | 'member';
  targetId: number;
  period: string;
  source: 'paper' | 'ballots' | null;
  satisfied: number | null;
  basicallySatisfied: number | null;
  unsatisfied: number | null;
  version: number;
}

export interface SurveyTally {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export interface ProblemDocument {
  type?: string;
  code?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { sheet?: string; row?: number; column?: string; field?: string; code: string; message: string }[];
  /** The answer's X-Request-Id, by which an operator finds it in the access log. */
  requestId?: string;
}

/** A scheduled report email of the user's scope, with what the mail server said to each recipient. */
export interface DeliveryItem extends Delivery {
  orgId: number;
  kind: ReportKind;
  results: { address: string; status: 'pending' | 'sent' | 'failed'; response: string | null }[];
  nextAttemptAt: string | null;
}

/** What `POST /schedules/:id/run` did. */
export interface RunReport {
  action: 'sent' | 'failed' | 'retrying' | 'nothing-to-send';
  period: string;
  sentTo: string[];
  refused: { address: string; response: string | null }[];
  waiting: { address: string; response: string | null }[];
}

/** An item of the 待审 queue (GET /commitments?reviewable=true). */
export interface QueueItem {
  id: number;
  orgName: string;
  subjectName: string;
  category: string;
  content: string;
  measures: string | null;
  deadline: string;
  status: string;
  submittedAt: string | null;
  reviewDue: string | null;
  reviewLate: boolean;
  hints: { code: string; message: string }[];
  /** 践诺计划, in date order; empty when none. */
  plan: PlanPhaseJson[];
}

/** What the 进展 view needs of one record to show and edit its plan. */
export interface PlannedCommitment {
  id: number;
  year: number;
  subjectName: string;
  content: string;
  deadline: string;
  status: string;
  version: number;
  plan: PlanPhaseJson[];
}

/** One record's answer to a bulk transition. */
export interface TransitionResult {
  id: number;
  ok: boolean;
  status?: string;
  code?: string;
  message?: string;
}

/** A comment duty with whether its user commented in the period. */
export interface DutyItem {
  id: number | null;
  targetType: 'organization' | 'member';
  targetId: number;
  targetName: string | null;
  source: 'assigned' | 'default';
  commentedAt: string | null;
}

/** A row of the 年度评议 grid. */
export interface RatingRow {
  targetType: 'organization' | 'member';
  targetId: number;
  name: string;
  due: number;
  dueCompleted: number;
  satisfactionRate: number | null;
  rating: string | null;
  rectified: boolean;
  candidate: boolean;
  proposeRectification: string[];
}

export interface RectificationItem {
  id: number;
  targetName: string | null;
  issue: string;
  dueOn: string;
  status: 'open' | 'done';
  doneOn: string | null;
  overdue: boolean;
}

export class ApiProblem extends Error {
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
}

export class Offline extends Error {}

interface Call {
  server: string;
  token?: string;
  lang: Lang;
}

async function request(call: Call, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${call.server.replace(/\/+$/, '')}/api/v1${path}`, {
      method,
      headers: {
        'accept-language': call.lang === 'en' ? 'en' : 'zh-CN',
        ...(call.token && { authorization: `Bearer ${call.token}` }),
        ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }),
        ...headers,
      },
      // A form (a file upload) goes as multipart, with the boundary the browser picks.
      body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch (error) {
    throw new Offline(String(error));
  }
  if (!res.ok) {
    const type = res.headers.get('content-type') ?? '';
    const problem: ProblemDocument = type.includes('json')
      ? await res.json()
      : { title: res.statusText || `HTTP ${res.status}`, status: res.status };
    throw new ApiProblem({ ...problem, status: problem.status ?? res.status });
  }
  return res;
}

async function json<T>(call: Call, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return (await request(call, method, path, body, headers)).json() as Promise<T>;
}

export async function signIn(server: string, login: string, password: string, lang: Lang): Promise<Session> {
  const answer = await json<{ token: string; user: SessionUser }>({ server, lang }, 'POST', '/auth/login', { login, password });
  return { server, token: answer.token, user: answer.user };
}

/** Sign in with a new password after a reset (the server answered 403 `password.change_required`). */
export async function changePassword(server: string, login: string, password: string, newPassword: string, lang: Lang): Promise<Session> {
  const answer = await json<{ token: string; user: SessionUser }>({ server, lang }, 'POST', '/auth/password', { login, password, newPassword });
  return { server, token: answer.token, user: answer.user };
}

/** JSON requests as one signed-in user, for API modules beside this one (the workspace's). */
export function callsFor(session: Session, lang: Lang) {
  const call: Call = { server: session.server, token: session.token, lang };
  return {
    json: <T>(method: string, path: string, body?: unknown) => json<T>(call, method, path, body),
    blob: async (path: string) => (await request(call, 'GET', path)).blob(),
    /** A request answered with no body (204), such as a DELETE. */
    send: async (method: string, path: string): Promise<void> => {
      await request(call, method, path);
    },
  };
}

/** What one signed-in pane can ask of the server. */
export function apiFor(session: Session, lang: Lang) {
  const call: Call = { server: session.server, token: session.token, lang };
  return {
    me: () => json<{ user: SessionUser; scope: { org: OrgSummary | null } }>(call, 'GET', '/me'),
    orgs: async (): Promise<OrgSummary[]> => {
      const answer = await json<OrgSummary[] | { items: OrgSummary[] }>(call, 'GET', '/orgs?limit=1000');
      return Array.isArray(answer) ? answer : answer.items;
    },
    submitBatch: async (rows: BatchRow[]): Promise<BatchOutcome[]> =>
      (await json<{ rows: BatchOutcome[] }>(call, 'POST', '/commitments/batch', { rows })).rows,
    /** The commitments with these ids, read page by page from the list of their years. */
    commitments: async (years: number[], ids: ReadonlySet<number>): Promise<Map<number, ServerCommitment>> => {
      const found = new Map<number, ServerCommitment>();
      const limit = 1000; // the API's largest page
      for (const year of years) {
        for (let offset = 0; ; offset += limit) {
          const page = await json<{ items: ServerCommitment[]; total: number }>(call, 'GET', `/commitments?year=${year}&limit=${limit}&offset=${offset}`);
          for (const c of page.items) if (ids.has(c.id)) found.set(c.id, c);
          if (page.items.length < limit || offset + limit >= page.total || found.size === ids.size) break;
        }
      }
      return found;
    },
    /** `public`: the entry goes on the public page (the server keeps it private unless told). */
    addProgress: (id: number, entry: { month: string; note: string; percent?: number; public?: boolean; phase?: number }) =>
      json<unknown>(call, 'POST', `/commitments/${id}/progress`, entry),
    /** A month's check of many records in one request: all stored or none; the same key again stores nothing twice. */
    addProgressBatch: (request: ProgressBatchRequest) => json<ProgressBatchAnswer>(call, 'POST', '/commitments/progress', request),
    /** Who has not committed in the year below `org` (科学提诺); the server's current year when none is given. */
    missing: (org: number, year?: number) => json<MissingAnswer>(call, 'GET', `/commitments/missing?org=${org}${year ? `&year=${year}` : ''}`),
    orgYear: (org: number, year: number) => json<OrgYear>(call, 'GET', `/orgs/${org}/years/${year}`),
    /** Sets (or, with null, takes away) an organisation's 提诺 date for the year. */
    setProposeBy: (org: number, year: number, proposeBy: string | null) => json<OrgYear>(call, 'PUT', `/orgs/${org}/years/${year}`, { proposeBy }),
    /** One record as GET /commitments/:id answers it (its version is the ETag). */
    commitment: (id: number) => json<PlannedCommitment>(call, 'GET', `/commitments/${id}`),
    /** Sets the 阶段计划 from its ledger text (the server reads it with core's parsePlan); If-Match the version read. */
    setPlan: (id: number, version: number, plan: string) =>
      json<PlannedCommitment>(call, 'PATCH', `/commitments/${id}`, { plan }, { 'if-match': `"${version}"` }),
    deliveries: (status?: string) =>
      json<{ items: DeliveryItem[]; total: number }>(call, 'GET', `/deliveries?limit=50${status ? `&status=${encodeURIComponent(status)}` : ''}`),
    /** The workbook a delivery sent, as it was sent. */
    sentWorkbook: async (deliveryId: number): Promise<Blob> => (await request(call, 'GET', `/deliveries/${deliveryId}/workbook`)).blob(),
    runSchedule: (scheduleId: number, period: string) =>
      json<RunReport>(call, 'POST', `/schedules/${scheduleId}/run?period=${encodeURIComponent(period)}`),
    reviewQueue: (filter: { late?: boolean; hint?: string }) =>
      json<{ items: QueueItem[]; total: number }>(
        call,
        'GET',
        `/commitments?reviewable=true&limit=200${filter.late ? '&late=true' : ''}${filter.hint ? `&hint=${encodeURIComponent(filter.hint)}` : ''}`,
      ),
    /** Approved items awaiting 示诺, oldest first by id. */
    approved: () => json<{ items: QueueItem[]; total: number }>(call, 'GET', '/commitments?status=approved&limit=500'),
    transitions: async (ids: number[], action: string, note?: string): Promise<TransitionResult[]> =>
      (await json<{ results: TransitionResult[] }>(call, 'POST', '/commitments/transitions', { ids, action, note })).results,
    commentDuties: () => json<{ period: string; items: DutyItem[] }>(call, 'GET', '/comment-duties'),
    /** `shown`: the comment goes on the public page (亮点评); private unless the author says. */
    comment: (targetType: string, targetId: number, period: string, text: string, shown = false) =>
      json<unknown>(call, 'POST', '/evaluations', { kind: 'leader_comment', targetType, targetId, period, text, public: shown }),
    ratings: (org: number, year: number) =>
      json<{ rules: { commendation: string; rectification: string }; organizations: RatingRow[]; members: RatingRow[] }>(call, 'GET', `/ratings?org=${org}&year=${year}`),
    rate: (targetType: string, targetId: number, year: number, rating: string) =>
      json<unknown>(call, 'POST', '/evaluations', { kind: 'annual', targetType, targetId, period: String(year), rating }),
    /** Every survey of the caller's scope for a period, both sources. */
    surveys: async (period: string): Promise<SurveyItem[]> =>
      (await json<{ items: SurveyItem[] }>(call, 'GET', `/evaluations?kind=survey&period=${encodeURIComponent(period)}&limit=1000`)).items,
    addPaperSurvey: (targetType: string, targetId: number, period: string, tally: SurveyTally) =>
      json<SurveyItem>(call, 'POST', '/evaluations', { kind: 'survey', source: 'paper', targetType, targetId, period, ...tally }),
    /** Corrects a stored survey's counts; `version` is the one the caller read (If-Match). */
    correctSurvey: (id: number, version: number, tally: SurveyTally) =>
      json<SurveyItem>(call, 'PATCH', `/evaluations/${id}`, tally, { 'if-match': `"${version}"` }),
    rectifications: (year: number) => json<{ items: RectificationItem[] }>(call, 'GET', `/rectifications?year=${year}&limit=500`),
    rectify: (r: { targetType: string; targetId: number; year: number; issue: string; dueOn: string }) =>
      json<RectificationItem>(call, 'POST', '/rectifications', r),
    /** Files a scan, photo or PDF on a record (存档备案, 佐证材料); the same file again answers the stored one. */
    attach: (target: AttachmentTarget, file: Blob, fileName: string) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(target)) form.set(k, String(v));
      form.set('file', file, fileName);
      return json<Attachment>(call, 'POST', '/attachments', form);
    },
    attachments: (filter: Partial<AttachmentTarget> & { org?: number }) =>
      json<AttachmentList>(call, 'GET', `/attachments?limit=200&${new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]))}`),
    /** The stored file (or its thumbnail) as a blob: downloads need the bearer token, which a plain link cannot carry. */
    attachmentFile: async (id: number, thumbnail = false): Promise<Blob> => (await request(call, 'GET', `/attachments/${id}${thumbnail ? '/thumbnail' : ''}`)).blob(),
    deleteAttachment: async (id: number): Promise<void> => {
      await request(call, 'DELETE', `/attachments/${id}`);
    },
    filing: (org: number, year: number) => json<Filing>(call, 'GET', `/filing?org=${org}&year=${year}`),
    report: async (kind: string, org: number, period: string): Promise<Blob> =>
      (await request(call, 'GET', `/reports/${encodeURIComponent(kind)}?org=${org}&period=${encodeURIComponent(period)}`)).blob(),
  };
}

export type Api = ReturnType<typeof apiFor>;
