// GET /api/v1/openapi.json (for logged-in users): a brief OpenAPI 3.1 description of the public API (DESIGN §7).
// Hand-written and short: paths, what each does, and the shapes clients rely on most.
import { Router } from 'express';
import { z } from 'zod';
import { MissingAnswerSchema, OrgYearBody, OrgYearSchema } from '../core/proposeBy';
import { ProgressBatchAnswerSchema, ProgressBatchBody, ProgressBody } from '../core/progress';
import { ATTACHMENT_ENTITY_TYPES, ATTACHMENT_KINDS, Attachment, Filing } from '../core/attachments';
import { CATEGORIES, EVALUATION_KINDS, EVALUATION_SOURCES, ORG_KINDS, REPORT_KINDS, STATUSES, SUBJECT_TYPES, TRANSITION_ACTIONS, USER_ROLES } from '../core/types';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const problem = { description: 'problem', content: { 'application/problem+json': { schema: ref('Problem') } } };
const text = { type: 'string' };
const int = { type: 'integer' };
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const list = (item: string) => ({ type: 'object', properties: { items: { type: 'array', items: ref(item) }, total: int } });
const paging = [
  { name: 'limit', in: 'query', schema: { ...int, minimum: 1, maximum: 1000, default: 100 } },
  { name: 'offset', in: 'query', schema: { ...int, minimum: 0, default: 0 } },
];
const yearParam = { name: 'year', in: 'path', required: true, schema: int };
const idParam = [{ name: 'id', in: 'path', required: true, schema: int }];
/** A shape defined once in core (zod), as JSON Schema: what a request may send, or what an answer holds. */
const sent = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const answered = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
const op = (summary: string, extra: object = {}) => ({ summary, responses: { 200: { description: 'OK' }, default: problem }, ...extra });

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: '公开承诺台账 API', version: '1' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/healthz': { get: op('Liveness', { security: [] }) },
    '/auth/login': {
      post: op('Log in: an opaque bearer token (12 h) and the user', {
        security: [],
        requestBody: json({ type: 'object', required: ['login', 'password'], properties: { login: text, password: text } }),
      }),
    },
    '/auth/password': {
      post: op("Choose one's own new password (also after a reset: login answers 403 password.change_required); answers as login", {
        security: [],
        requestBody: json({ type: 'object', required: ['login', 'password', 'newPassword'], properties: { login: text, password: text, newPassword: text } }),
      }),
    },
    '/auth/logout': { post: op('End this token') },
    '/audit': { get: op('The audit trail, newest first (auditors only): user, entity, entityId, action, from, to, limit, offset') },
    '/audit/export': { get: op('The filtered audit trail as CSV (auditors only)') },
    '/me': { get: op('The user and their scope organisation') },
    '/users': {
      get: op('Accounts in scope (admins, reviewers)', { responses: { 200: json(list('User')), default: problem } }),
      post: op('Create an account', { requestBody: json(ref('NewUser')) }),
    },
    '/users/{id}': { patch: op('Change name, password, role, organisation or disabled', { parameters: idParam }) },
    '/orgs': {
      get: op('Organisations in scope (a flat tree: parentId)'),
      post: op('Create an organisation (admins)', { requestBody: json(ref('NewOrganisation')) }),
    },
    '/orgs/{id}': { get: op('One organisation', { parameters: idParam }), patch: op('Rename, re-kind or move (admins)', { parameters: idParam }) },
    '/members': {
      get: op('Members of an organisation and below', { parameters: [{ name: 'org', in: 'query', schema: int }, ...paging] }),
      post: op('Add a member'),
    },
    '/members/{id}': { get: op('One member', { parameters: idParam }), patch: op('Change a member; orgId moves (transfers) them, their commitments stay where made', { parameters: idParam }) },
    '/commitments': {
      get: op('List, filtered and paged; org= means that organisation and everything below', {
        parameters: [
          { name: 'org', in: 'query', schema: int },
          { name: 'year', in: 'query', schema: int },
          { name: 'status', in: 'query', description: 'comma list', schema: text },
          { name: 'category', in: 'query', description: 'comma list', schema: text },
          { name: 'overdue', in: 'query', schema: { type: 'boolean' } },
          { name: 'member', in: 'query', schema: int },
          { name: 'key', in: 'query', schema: text },
          { name: 'reviewable', in: 'query', description: '待审 queue: what the caller may approve or return now, oldest submission first', schema: { type: 'boolean' } },
          { name: 'late', in: 'query', description: 'with reviewable: late reviews only (false: in time)', schema: { type: 'boolean' } },
          { name: 'hint', in: 'query', description: 'with reviewable: comma list of hint codes (no_measure, no_action, copied, deadline_beyond_year)', schema: text },
          ...paging,
        ],
        responses: { 200: json(list('Commitment')), default: problem },
      }),
    },
    '/commitments/batch': {
      post: op('Upsert ledger rows by key, in one transaction', {
        requestBody: json({ type: 'object', required: ['rows'], properties: { rows: { type: 'array', maxItems: 50000, items: ref('BatchRow') }, orgId: int, ledgerYear: int } }),
        responses: { 200: json(ref('BatchResult')), default: problem },
      }),
    },
    '/commitments/{id}': {
      get: op('One commitment; ETag is its version', { parameters: idParam, responses: { 200: json(ref('Commitment')), default: problem } }),
      patch: op('Change fields; If-Match with the version is required (428), a stale one answers 409', {
        parameters: [...idParam, { name: 'If-Match', in: 'header', required: true, schema: text }],
      }),
    },
    '/commitments/{id}/transitions': {
      post: op('One lifecycle step; 403 with the reason when not allowed', {
        parameters: idParam,
        requestBody: json({ type: 'object', required: ['action'], properties: { action: { enum: TRANSITION_ACTIONS }, note: text } }),
      }),
    },
    '/commitments/transitions': {
      post: op('One lifecycle step on many records, each on its own: {results: [{id, ok, status?, code?, message?}]}', {
        requestBody: json({ type: 'object', required: ['ids', 'action'], properties: { ids: { type: 'array', maxItems: 500, items: int }, action: { enum: TRANSITION_ACTIONS }, note: text } }),
      }),
    },
    '/commitments/{id}/progress': {
      get: op('Progress entries', { parameters: idParam }),
      post: op('Add a progress entry', { parameters: idParam, requestBody: json(sent(ProgressBody)) }),
    },
    '/commitments/progress': {
      post: op('A monthly check (跟踪问诺): one month’s entries for up to 500 records, all stored or none (a record outside the scope answers 404, one named twice 400 progress.duplicate, each naming its entry); the same key again stores nothing and answers replayed: true', {
        requestBody: json(sent(ProgressBatchBody)),
        responses: { 201: json(answered(ProgressBatchAnswerSchema)), 200: json(answered(ProgressBatchAnswerSchema)), default: problem },
      }),
    },
    '/commitments/missing': {
      get: op('Who has not committed in the year (科学提诺): members with no commitment, organisations below the top with no organisation commitment, each with the 提诺 date in force and late', {
        parameters: [{ name: 'org', in: 'query', schema: int, description: 'default: the caller’s organisation' }, { name: 'year', in: 'query', schema: int, description: 'default: this year' }],
        responses: { 200: json(answered(MissingAnswerSchema)), default: problem },
      }),
    },
    '/orgs/{id}/years/{year}': {
      get: op('An organisation’s year: the 提诺 date in force (own, from above, from the county scheme, or none) and its own setting', {
        parameters: [...idParam, { name: 'year', in: 'path', required: true, schema: int }],
        responses: { 200: json(answered(OrgYearSchema)), default: problem },
      }),
      put: op('Set (or with null remove) the organisation’s own 提诺 date: an admin of it, or a reviewer above it; the date falls in the year', {
        parameters: [...idParam, { name: 'year', in: 'path', required: true, schema: int }],
        requestBody: json(sent(OrgYearBody)),
        responses: { 200: json(answered(OrgYearSchema)), default: problem },
      }),
    },
    '/evaluations': {
      get: op('Evaluations in scope', { parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'period', in: 'query', schema: text }, { name: 'kind', in: 'query', schema: { enum: EVALUATION_KINDS } }, ...paging] }),
      post: op('Leader comment, peer review, survey counts or annual rating; a second annual rating, or survey of the same source, for the target and period answers 409 evaluation.exists with its id', { requestBody: json(ref('NewEvaluation')) }),
    },
    '/evaluations/{id}': {
      patch: op('Correct an evaluation (If-Match: its version): text, rating, survey counts', { parameters: idParam }),
    },
    '/orgs/{id}/scheme': {
      get: op("The county's scheme (方案) this organisation follows", { parameters: idParam }),
      put: op("Set a top-level organisation's scheme (admins)", {
        parameters: idParam,
        requestBody: json({ type: 'object', required: ['memberReview', 'commentCadence', 'surveyCadence', 'categories', 'proposeBy'], properties: { memberReview: { enum: ['branch', 'above'] }, commentCadence: { enum: ['quarter', 'half'] }, surveyCadence: { enum: ['half', 'year'] }, categories: { type: 'array', items: { enum: CATEGORIES } }, proposeBy: nullable(text) } }),
      }),
    },
    '/rectifications': {
      get: op('整改 in scope, with derived overdue', { parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'year', in: 'query', schema: int }, { name: 'status', in: 'query', schema: { enum: ['open', 'done'] } }, { name: 'overdue', in: 'query', schema: { type: 'boolean' } }, ...paging] }),
      post: op('Open a rectification (whoever assesses the target)', { requestBody: json({ type: 'object', required: ['targetType', 'targetId', 'year', 'issue', 'dueOn'], properties: { targetType: { enum: SUBJECT_TYPES }, targetId: int, year: int, issue: text, dueOn: text, note: text } }) }),
    },
    '/rectifications/{id}': {
      patch: op('Report done, reschedule or correct', { parameters: idParam, requestBody: json({ type: 'object', properties: { issue: text, dueOn: text, status: { enum: ['open', 'done'] }, doneOn: nullable(text), note: nullable(text) } }) }),
    },
    '/comment-duties': {
      get: op("A user's comment duties and whether each is commented in the period", { parameters: [{ name: 'user', in: 'query', schema: int }, { name: 'period', in: 'query', schema: text }, { name: 'pending', in: 'query', schema: { type: 'boolean' } }] }),
      post: op('Assign a comment duty (admins)', { requestBody: json({ type: 'object', required: ['userId', 'targetType', 'targetId'], properties: { userId: int, targetType: { enum: SUBJECT_TYPES }, targetId: int } }) }),
    },
    '/comment-duties/{id}': { delete: op('Remove an assigned comment duty (admins)', { parameters: idParam }) },
    '/ratings': {
      get: op('年度评议 grid: organisations below and members in scope with figures, rating, candidate and proposed rectification', { parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'year', in: 'query', required: true, schema: int }] }),
    },
    '/imports': {
      get: op('Past imports, newest first: who, when, file, counts, result (a clerk sees their own)'),
      post: op('Conversion preview of an old ledger, or with kind=roster of a member roster (multipart: file, kind, org, year, mapping?); kept 24 hours unless committed'),
    },
    '/imports/{id}/commit': { post: op('Import a previewed ledger or roster in one transaction', { parameters: idParam }) },
    '/attachments': {
      get: op('Attachments in scope, newest first', {
        parameters: [
          { name: 'entityType', in: 'query', schema: { enum: ATTACHMENT_ENTITY_TYPES } },
          { name: 'entityId', in: 'query', schema: int },
          { name: 'year', in: 'query', schema: int },
          { name: 'kind', in: 'query', schema: { enum: ATTACHMENT_KINDS } },
          { name: 'org', in: 'query', description: 'that organisation and below', schema: int },
          ...paging,
        ],
        responses: { 200: json(list('Attachment')), default: problem },
      }),
      post: op('File a scan, photo or PDF on a record (JPEG, PNG, WebP, PDF recognised by content; ATTACHMENT_MAX_MB); the same file again for the same record answers 200 with the stored one', {
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: { type: 'object', required: ['file', 'entityType', 'entityId', 'year', 'kind'], properties: { file: { type: 'string', format: 'binary' }, entityType: { enum: ATTACHMENT_ENTITY_TYPES }, entityId: int, year: int, kind: { enum: ATTACHMENT_KINDS } } },
            },
          },
        },
        responses: { 201: json(ref('Attachment')), default: problem },
      }),
    },
    '/attachments/{id}': {
      get: op('The stored file, as a download (Content-Disposition: attachment, nosniff)', { parameters: idParam }),
      delete: op('Delete (its uploader; reviewers and admins of its organisation or above); audited', { parameters: idParam }),
    },
    '/attachments/{id}/thumbnail': { get: op('A JPEG of at most 320 px of an image attachment', { parameters: idParam }) },
    '/filing': {
      get: op('备案: who made commitments in the organisation’s year (and below) and whether their signed 承诺书 is filed', {
        parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'year', in: 'query', required: true, schema: int }],
        responses: { 200: json(ref('Filing')), default: problem },
      }),
    },
    '/reports/{kind}': {
      get: op('A report workbook (.xlsx)', {
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { enum: REPORT_KINDS } },
          { name: 'org', in: 'query', schema: int },
          { name: 'period', in: 'query', schema: text },
          { name: 'orgPerPage', in: 'query', description: 'notice: one organisation per printed page', schema: { type: 'boolean' } },
          { name: 'postedOn', in: 'query', description: 'notice: first day of 公示 (default today)', schema: { ...text, format: 'date' } },
        ],
      }),
    },
    '/schedules': { get: op('Report schedules'), post: op('Create a schedule') },
    '/schedules/{id}': { patch: op('Change a schedule', { parameters: idParam }) },
    '/schedules/{id}/run': { post: op('Send a schedule now for a period', { parameters: idParam }) },
    '/deliveries': { get: op('Deliveries of scheduled reports') },
    '/deliveries/{id}/workbook': {
      get: op('The workbook a delivery sent, byte for byte (404 before it was built)', {
        parameters: idParam,
        responses: { 200: { description: 'xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } }, default: problem },
      }),
    },
    '/years': { get: op('Year closures (封账) covering an organisation (made for it, below it or above it), reopened ones too: org, year', { responses: { 200: json({ type: 'object', properties: { items: { type: 'array', items: ref('YearClosure') } } }), default: problem } }) },
    '/years/{year}/state': { get: op('Whether an organisation\'s year is closed, and by which closure: org', { parameters: [yearParam, { name: 'org', in: 'query', required: true, schema: int }] }) },
    '/years/{year}/close': {
      post: op('Close the year of an organisation and everything below it (the level above or an admin, from 1 December); later writes answer 409 year.closed', {
        parameters: [yearParam],
        requestBody: json({ type: 'object', required: ['orgId'], properties: { orgId: int } }),
        responses: { 201: json(ref('YearClosure')), default: problem },
      }),
    },
    '/years/{year}/reopen': {
      post: op('Reopen a closed year (audited; reason required)', {
        parameters: [yearParam],
        requestBody: json({ type: 'object', required: ['orgId', 'reason'], properties: { orgId: int, reason: text } }),
        responses: { 200: json(ref('YearClosure')), default: problem },
      }),
    },
    '/years/{year}/carry-over': {
      post: op('Unfinished items become drafts of the next year linked by carriedFrom; again carries nothing twice', {
        parameters: [yearParam],
        requestBody: json({ type: 'object', required: ['orgId'], properties: { orgId: int } }),
      }),
    },
    '/commitments/{id}/carry': {
      post: op('The clerk confirms or drops a carried-over draft', { parameters: idParam, requestBody: json({ type: 'object', required: ['decision'], properties: { decision: { enum: ['confirm', 'drop'] } } }) }),
    },
    '/orgs/{id}/goals': { get: op('The organisation’s 创建目标, year by year', { parameters: idParam }) },
    '/orgs/{id}/goals/{year}': {
      put: op('Set the 创建目标 of a year', {
        parameters: [...idParam, { name: 'year', in: 'path', required: true, schema: int }],
        requestBody: json({ type: 'object', required: ['goal'], properties: { goal: text } }),
      }),
    },
    '/commitments/{id}/progress/{entryId}': {
      patch: op('Show a progress entry on the public page, or not', {
        parameters: [...idParam, { name: 'entryId', in: 'path', required: true, schema: int }],
        requestBody: json({ type: 'object', required: ['public'], properties: { public: { type: 'boolean' } } }),
      }),
    },
    '/public-links': {
      get: op('The addresses of public pages (PUBLIC_URL/p/<token>) in scope', { parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'year', in: 'query', schema: int }] }),
      post: op('The organisation’s live public link for a year, made when there is none', {
        requestBody: json({ type: 'object', required: ['orgId', 'year'], properties: { orgId: int, year: int } }),
      }),
    },
    '/public-links/{id}/revoke': { post: op('Take a public page offline (the next notice prints a new address)', { parameters: idParam }) },
    '/surveys': {
      get: op('Phone surveys in scope', { parameters: [{ name: 'org', in: 'query', schema: int }, { name: 'period', in: 'query', schema: text }, ...paging] }),
      post: op('Open a survey: one-time ballot codes (from the level above)', {
        requestBody: json({
          type: 'object',
          required: ['orgId', 'period', 'ballots', 'closesOn'],
          properties: { orgId: int, period: text, ballots: { ...int, minimum: 1, maximum: 2000 }, closesOn: { ...text, format: 'date' }, members: { type: 'boolean' } },
        }),
      }),
    },
    '/surveys/{id}': { get: op('Answered and unused ballots and the counts, live', { parameters: idParam }) },
    '/surveys/{id}/close': { post: op('Stop taking answers now', { parameters: idParam }) },
    '/surveys/{id}/ballots': { get: op('Printable ballot slips (.xlsx), each with its code and QR', { parameters: idParam }) },
    '/surveys/{id}/comments': { get: op('The comments residents left', { parameters: idParam }) },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Attachment: z.toJSONSchema(Attachment),
      Filing: z.toJSONSchema(Filing),
      Problem: {
        type: 'object',
        properties: {
          type: text, code: text, title: text, status: int, detail: text, requestId: { ...text, description: 'the X-Request-Id of the answer, as the access log has it' },
          errors: { type: 'array', items: { type: 'object', properties: { sheet: text, row: int, column: text, field: text, code: text, message: text } } },
        },
      },
      User: { type: 'object', properties: { id: int, login: text, name: text, role: { enum: USER_ROLES }, orgId: nullable(int), disabled: { type: 'boolean' } } },
      NewUser: { type: 'object', required: ['login', 'password', 'name', 'role', 'orgId'], properties: { login: text, password: { ...text, minLength: 8 }, name: text, role: { enum: USER_ROLES }, orgId: nullable(int) } },
      NewOrganisation: { type: 'object', required: ['name', 'kind'], properties: { name: text, kind: { enum: ORG_KINDS }, parentId: int, sector: text, supervisionPhone: text, supervisionEmail: text } },
      NewEvaluation: {
        type: 'object',
        required: ['kind', 'targetType', 'targetId', 'period'],
        properties: {
          kind: { enum: EVALUATION_KINDS }, targetType: { enum: SUBJECT_TYPES }, targetId: int, period: text, text, source: { enum: EVALUATION_SOURCES },
          rating: { ...text, description: 'members: excellent|qualified|basically_qualified|unqualified (优秀…不合格); organisations: good|fairly_good|average|poor (好/较好/一般/差)' },
          satisfied: int, basicallySatisfied: int, unsatisfied: int,
          public: { type: 'boolean', description: 'leader comments only: shown on the public page' },
        },
      },
      YearClosure: {
        type: 'object',
        properties: {
          id: int, orgId: int, orgName: text, year: int, closedAt: text, closedBy: int, closedByName: nullable(text), orgCount: int,
          reopenedAt: nullable(text), reopenedBy: nullable(int), reopenedByName: nullable(text), reopenReason: nullable(text),
        },
      },
      Commitment: {
        type: 'object',
        properties: {
          id: int, key: nullable(text), year: int, orgId: int, subjectType: { enum: SUBJECT_TYPES }, memberId: nullable(int),
          subjectName: text, category: { enum: CATEGORIES }, content: text, measures: nullable(text), expected: nullable(text),
          deadline: { ...text, description: 'YYYY-MM-DD or ongoing' }, responsible: nullable(text), status: { enum: STATUSES },
          progress: nullable(text), remarks: nullable(text), version: int, overdue: { type: 'boolean' },
          carriedFrom: { ...nullable(int), description: 'the item of the year before this draft carries over (结转)' },
          carryPending: { type: 'boolean', description: 'a carried-over draft not yet confirmed or dropped by the clerk' },
          reviewBy: { ...nullable({ enum: ['branch', 'above', 'committee'] }), description: 'the reviewer fixed at submission' }, reviewOrgId: nullable(int),
          submittedAt: nullable(text), reviewedAt: nullable(text), publishedAt: nullable(text), completedAt: nullable(text),
          reviewDue: { ...nullable(text), description: 'while under review: 7 Chinese working days after submission' },
          reviewLate: { type: 'boolean' },
          hints: { type: 'array', items: { type: 'object', properties: { code: text, message: text } } },
          plan: { type: 'array', items: ref('Phase'), description: '践诺计划: phases in date order; empty when none' },
        },
      },
      Phase: {
        type: 'object',
        required: ['by', 'target', 'doneOn', 'overdue'],
        properties: {
          by: { ...text, format: 'date' }, target: text, doneOn: { ...nullable(text), description: 'the day it was done (a progress entry with phase, or PATCH)' },
          overdue: { type: 'boolean', description: 'by has passed in REPORT_TZ, not done, commitment unfinished' },
        },
      },
      BatchRow: {
        type: 'object',
        required: ['key'],
        description: 'Ledger cells as written (2011年6月底, 实事承诺, 进行中); validated with the same rules as the add-in',
        properties: {
          key: text, orgId: int, orgName: text, memberId: int, year: {}, subjectType: {}, subjectName: {}, category: {}, content: {},
          measures: {}, expected: {}, deadline: {}, responsible: {}, status: {}, progress: {}, remarks: {},
          plan: { description: '阶段计划 as the ledger cell (6月底前完成选址；9月底前完工) or [{by, target, doneOn?}]; left out keeps the stored plan, null or empty clears it' },
        },
      },
      BatchResult: {
        type: 'object',
        properties: {
          rows: {
            type: 'array',
            items: { type: 'object', properties: { key: text, id: nullable(int), result: { enum: ['created', 'updated', 'unchanged', 'rejected'] }, errors: { type: 'array' }, warnings: { type: 'array' } } },
          },
          counts: { type: 'object', properties: { created: int, updated: int, unchanged: int, rejected: int } },
        },
      },
    },
  },
};

export function openApiRoutes(): Router {
  return Router().get('/openapi.json', (_req, res) => void res.json(OPENAPI));
}
