// What the hostile-input and route-auth tests share: the app's real route list (read from the
// Express router stack, so a new route is covered the day it is mounted), a small seeded world of
// two sibling branches, and for every route a request the owner of branch A may make.
import type express from 'express';
import sharp from 'sharp';
import { expect } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type ApiResponse, type TestServer } from './support/server';

export interface Route {
  method: string;
  /** Full path with Express parameters, e.g. `/api/v1/commitments/:id`. */
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path the app routes, walking mounted routers. */
export function listRoutes(app: express.Express): Route[] {
  const routes: Route[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

export const routeName = (r: Route) => `${r.method} ${r.path}`;

/**
 * The only routes that answer without a logged-in user. Logout needs none: it ends the session it
 * is given. `GET /` is the workspace page: the built app's HTML, no data (it signs in itself).
 */
export const PUBLIC_ROUTES = new Set([
  'GET /',
  'GET /healthz',
  'GET /api/v1/healthz',
  // Readiness for probes: true or false and the database's kind, nothing else (test/observe.process.test.ts).
  'GET /readyz',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  // Residents' pages, reached by an unguessable token or ballot code instead of a login
  // (test/public.*.test.ts).
  'GET /p/:token',
  'GET /s',
  'GET /s/:code',
  'POST /s/:code',
]);

/** Text found in every record of branch A and nowhere in branch B's world. */
export const MARK = 'QX7甲';
export const PASSWORD = 'a-long-password-1';

export interface World {
  admin: Api;
  adminToken: string;
  /** Owner-side users of branch A and the root. */
  clerkA: Api;
  clerkAToken: string;
  /** Users of sibling branch B: an admin scoped to B, a clerk, a viewer. */
  adminB: Api;
  clerkB: Api;
  clerkBToken: string;
  viewerB: Api;
  /** The auditor of the whole tree: the audit trail's only reader. */
  auditor: Api;
  org: { root: number; a: number; b: number };
  user: { clerkA: number; admin: number };
  memberA: number;
  commitmentA: number;
  scheduleA: number;
  evaluationA: number;
  rectificationA: number;
  commentDutyA: number;
  /** A progress entry, the public link and a phone survey of branch A. */
  progressA: number;
  publicLinkA: number;
  surveyA: number;
  /** An import preview of branch A's ledger uploaded by the root admin; 0 while imports are not mounted. */
  importA: number;
  /** A photo of branch A's posted notice (an image, so it has a thumbnail). */
  attachmentA: number;
  /** A draft of 2010 carried over from branch A's closed 2009, waiting for the clerk's decision. */
  carriedA: number;
  baseUrl: string;
}

const ok = <T>(res: ApiResponse<T>, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** The token behind each API client the world hands out (uploads are sent without the JSON client). */
const TOKENS = new WeakMap<Api, string>();
export function apiFor(server: TestServer, token: string): Api {
  const api = server.api(token);
  TOKENS.set(api, token);
  return api;
}

export async function seedWorld(server: TestServer): Promise<World> {
  const adminToken = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const admin = apiFor(server, adminToken);
  const mkOrg = async (name: string, kind: string, parentId?: number) => ok(await admin.post('/orgs', { name, kind, parentId }), name).id as number;
  const root = await mkOrg('某县委', 'committee');
  const a = await mkOrg(`第一支部${MARK}`, 'branch', root);
  const b = await mkOrg('第二支部', 'branch', root);
  const mkUser = async (login: string, role: string, orgId: number) => {
    const name = orgId === a ? `${login}${MARK}` : login;
    const u = ok(await admin.post('/users', { login, password: PASSWORD, name, role, orgId }), login);
    const token = await server.login(login, PASSWORD);
    return { id: u.id as number, token, api: apiFor(server, token) };
  };
  const clerkA = await mkUser('clerk-a', 'clerk', a);
  const adminB = await mkUser('admin-b', 'admin', b);
  const clerkB = await mkUser('clerk-b', 'clerk', b);
  const viewerB = await mkUser('viewer-b', 'viewer', b);
  ok(await admin.post('/users', { login: 'auditor', password: PASSWORD, name: '审计员', role: 'auditor', orgId: null }), 'auditor');
  const auditor = apiFor(server, await server.login('auditor', PASSWORD));

  const memberA = ok(await clerkA.api.post('/members', { orgId: a, name: `张${MARK}`, role: 'ordinary' }), 'member').id as number;
  const batch = ok(await clerkA.api.post('/commitments/batch', { rows: [ledgerRow(`${MARK}-1`, a)] }), 'batch');
  const commitmentA = batch.rows[0].id as number;
  if (!commitmentA) throw new Error(`seed commitment rejected: ${JSON.stringify(batch.rows[0])}`);
  const scheduleA = ok(
    await admin.post('/schedules', { kind: 'monthly', orgId: a, cron: '0 8 1 * *', recipients: ['qx7@example.com'] }),
    'schedule',
  ).id as number;
  const evaluationA = ok(
    await admin.post('/evaluations', { kind: 'leader_comment', targetType: 'organization', targetId: a, period: '2011-Q2', text: `点评${MARK}` }),
    'evaluation',
  ).id as number;

  const rectificationA = ok(
    await admin.post('/rectifications', { targetType: 'organization', targetId: a, year: 2011, issue: `整改${MARK}`, dueOn: '2011-12-31' }),
    'rectification',
  ).id as number;

  const adminId = ok(await admin.get('/me'), 'me').user.id as number;
  const commentDutyA = ok(await admin.post('/comment-duties', { userId: adminId, targetType: 'organization', targetId: a }), 'comment duty').id as number;
  const progressA = ok(await clerkA.api.post(`/commitments/${commitmentA}/progress`, { month: '2011-04', note: `走访${MARK}` }), 'progress').id as number;
  const publicLinkA = ok(await admin.post('/public-links', { orgId: a, year: 2011 }), 'public link').id as number;
  const surveyA = ok(await admin.post('/surveys', { orgId: a, period: '2011-H2', ballots: 3, closesOn: '2099-12-31' }), 'survey').id as number;

  const preview = await upload(server.baseUrl, adminToken, 'ledger.csv', ledgerCsv(), { org: String(a), year: '2011' });
  const importA = preview.status === 404 && preview.body.code === 'no_route' ? 0 : (ok(preview, 'import').id as number);
  const attachmentA = ok(await uploadTo('/attachments', server.baseUrl, adminToken, NOTICE_PHOTO_NAME, await noticePhoto(), noticePhotoFields(a)), 'attachment').id as number;

  // 2009 closed and carried over: its unfinished item is a 2010 draft. The year routes themselves
  // act on 2008 (pathFor), so closing a year in the sweep stops no other route's writes.
  ok(await clerkA.api.post('/commitments/batch', { rows: [ledgerRow(`${MARK}-2009`, a, { year: 2009, deadline: '2009年底' })] }), 'batch 2009');
  ok(await admin.post('/years/2009/close', { orgId: a }), 'close 2009');
  const carriedA = (ok(await admin.post('/years/2009/carry-over', { orgId: a }), 'carry-over 2009') as { created: { id: number }[] }).created[0].id;

  return {
    baseUrl: server.baseUrl,
    importA,
    attachmentA,
    carriedA,
    admin,
    adminToken,
    clerkA: clerkA.api,
    clerkAToken: clerkA.token,
    adminB: adminB.api,
    clerkB: clerkB.api,
    clerkBToken: clerkB.token,
    viewerB: viewerB.api,
    auditor,
    org: { root, a, b },
    user: { clerkA: clerkA.id, admin: adminId },
    memberA,
    commitmentA,
    scheduleA,
    evaluationA,
    rectificationA,
    commentDutyA,
    progressA,
    publicLinkA,
    surveyA,
  };
}

export function ledgerRow(key: string, orgId: number, over: Record<string, unknown> = {}) {
  return {
    key,
    orgId,
    year: 2011,
    subjectName: `李${MARK}`,
    subjectType: '党员',
    category: '实事承诺',
    content: `为群众办实事${MARK}`,
    deadline: '2011年6月底',
    ...over,
  };
}

/** A one-row ledger of branch A as CSV, for uploads. */
export function ledgerCsv(): Buffer {
  return Buffer.from(`所在党组织,承诺主体,主体类型,承诺类别,承诺内容,完成时限\n第一支部${MARK},李${MARK},党员,实事承诺,办实事${MARK},2011年6月底\n`);
}

/**
 * A multipart upload built by hand, so the file name goes on the wire exactly as given
 * (quotes, CR/LF, path separators and all).
 */
export function upload(
  baseUrl: string,
  token: string | null,
  fileName: string,
  content: Buffer,
  fields: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<ApiResponse> {
  return uploadTo('/imports', baseUrl, token, fileName, content, fields, extra);
}

/** The same, to any upload route (`/imports`, `/attachments`). */
export async function uploadTo(
  path: string,
  baseUrl: string,
  token: string | null,
  fileName: string,
  content: Buffer,
  fields: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<ApiResponse> {
  const boundary = `----ledger${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(content, Buffer.from(`\r\n--${boundary}--\r\n`));
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    body: Buffer.concat(parts),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text };
}

/** Path parameters filled with branch A's records; `org=` and the like point at branch A. */
export function pathFor(route: Route, w: World): string {
  const resource = route.path.split('/')[3];
  const ids: Record<string, number> = {
    commitments: w.commitmentA,
    members: w.memberA,
    orgs: w.org.a,
    users: w.user.clerkA,
    schedules: w.scheduleA,
    evaluations: w.evaluationA,
    imports: w.importA,
    rectifications: w.rectificationA,
    'comment-duties': w.commentDutyA,
    'public-links': w.publicLinkA,
    surveys: w.surveyA,
    attachments: w.attachmentA,
  };
  // A scheme is kept by the top-level organisation.
  if (route.path.endsWith('/scheme')) ids.orgs = w.org.root;
  if (route.path.endsWith('/carry')) ids.commitments = w.carriedA;
  const path = route.path
    .replace(':id', String(ids[resource] ?? 1))
    .replace(':kind', 'annual')
    .replace(':entryId', String(w.progressA))
    .replace(':year', route.path.startsWith('/api/v1/years/') ? '2008' : '2011');
  const query = route.method === 'GET' ? `?org=${w.org.a}&period=2011&year=2011&schedule=${w.scheduleA}` : '';
  return path.replace(/^\/api\/v1/, '') + query;
}

let nextMinute = 0;
let nextSurveyYear = 0;
const cronMinute = (n: number) => `${n % 60} ${Math.floor(n / 60) % 24} 5 1 *`;

/** Stands for "a multipart upload of branch A's ledger" in the table below. */
export const UPLOAD = Symbol('upload');
/** Stands for "a photo of branch A's posted notice, uploaded" in the table below. */
export const PHOTO_UPLOAD = Symbol('photo upload');

const NOTICE_PHOTO_NAME = `公示栏${MARK}.jpg`;
/** A photo of the notice board: a real JPEG, the same bytes every time (a second upload is the same file). */
const noticePhoto = () => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 20, b: 20 } } }).jpeg().toBuffer();
const noticePhotoFields = (orgId: number) => ({ entityType: 'organization', entityId: String(orgId), year: '2011', kind: 'notice_photo' });

/**
 * A body the owner of branch A may send to each write route. A write route missing here fails
 * the route test: add it, so the hostile-input and scope tests reach it.
 */
export const WRITE_BODIES: Record<string, (w: World) => unknown> = {
  'POST /api/v1/orgs': (w) => ({ name: `新支部${MARK}`, kind: 'branch', parentId: w.org.a }),
  'PATCH /api/v1/orgs/:id': () => ({ sector: `教育${MARK}` }),
  'POST /api/v1/users': (w) => ({ login: 'new-user', password: PASSWORD, name: `新${MARK}`, role: 'clerk', orgId: w.org.a }),
  'PATCH /api/v1/users/:id': () => ({ name: `改名${MARK}` }),
  'POST /api/v1/members': (w) => ({ orgId: w.org.a, name: `王${MARK}`, role: 'ordinary' }),
  'PATCH /api/v1/members/:id': () => ({ unitPost: `教师${MARK}` }),
  'POST /api/v1/commitments/batch': (w) => ({ rows: [ledgerRow(`${MARK}-batch`, w.org.a)] }),
  'PATCH /api/v1/commitments/:id': () => ({ measures: `每周走访${MARK}` }),
  'POST /api/v1/commitments/:id/transitions': () => ({ action: 'withdraw', note: `撤销${MARK}` }),
  'POST /api/v1/commitments/transitions': (w) => ({ ids: [w.commitmentA], action: 'submit', note: `提交${MARK}` }),
  'POST /api/v1/commitments/:id/progress': () => ({ month: '2011-05', note: `已走访${MARK}`, percent: 40 }),
  'PUT /api/v1/orgs/:id/scheme': () => ({ memberReview: 'above', commentCadence: 'half', surveyCadence: 'year', categories: ['common', 'post', 'deed'], proposeBy: '03-31' }),
  'POST /api/v1/rectifications': (w) => ({ targetType: 'organization', targetId: w.org.a, year: 2011, issue: `整改${MARK}`, dueOn: '2011-12-31' }),
  'PATCH /api/v1/rectifications/:id': () => ({ status: 'done', note: `已整改${MARK}` }),
  // The duty seeded in the world: answered as it stands (200), never made twice.
  'POST /api/v1/comment-duties': (w) => ({ userId: w.user.admin, targetType: 'organization', targetId: w.org.a }),
  'DELETE /api/v1/comment-duties/:id': () => ({}),
  'PATCH /api/v1/evaluations/:id': () => ({ text: `点评修改${MARK}` }),
  'POST /api/v1/evaluations': (w) => ({ kind: 'survey', targetType: 'organization', targetId: w.org.a, period: '2011-H1', satisfied: 30, basicallySatisfied: 5, unsatisfied: 1 }),
  // A new minute each time: the same report at the same time for the same organisation is refused as a duplicate.
  'POST /api/v1/schedules': (w) => ({ kind: 'annual', orgId: w.org.a, cron: cronMinute(nextMinute++), recipients: ['qx7@example.com'] }),
  'PATCH /api/v1/schedules/:id': () => ({ enabled: false }),
  'POST /api/v1/schedules/defaults': (w) => ({ orgId: w.org.a, recipients: ['qx7@example.com'] }),
  'POST /api/v1/schedules/:id/run': () => ({}),
  'POST /api/v1/imports': () => UPLOAD,
  'POST /api/v1/imports/:id/commit': () => ({}),
  'POST /api/v1/attachments': () => PHOTO_UPLOAD,
  'DELETE /api/v1/attachments/:id': () => ({}),
  'PATCH /api/v1/commitments/:id/progress/:entryId': () => ({ public: true }),
  // The same key each time: the owner's first check is stored, later ones answer it again (replayed).
  'POST /api/v1/commitments/progress': (w) => ({ key: 'hostile-monthly-check-a', month: '2011-05', entries: [{ commitmentId: w.commitmentA, note: `已走访${MARK}`, percent: 40 }] }),
  'PUT /api/v1/orgs/:id/years/:year': () => ({ proposeBy: '2011-08-31' }),
  'POST /api/v1/years/:year/close': (w) => ({ orgId: w.org.a }),
  'POST /api/v1/years/:year/reopen': (w) => ({ orgId: w.org.a, reason: '补录考诺材料' }),
  'POST /api/v1/years/:year/carry-over': (w) => ({ orgId: w.org.a }),
  'POST /api/v1/commitments/:id/carry': () => ({ decision: 'confirm' }),
  'PUT /api/v1/orgs/:id/goals/:year': () => ({ goal: `创建服务型党支部${MARK}` }),
  'POST /api/v1/public-links': (w) => ({ orgId: w.org.a, year: 2011 }),
  'POST /api/v1/public-links/:id/revoke': () => ({}),
  // A new year each time: a second survey of the same organisation and period is refused as a duplicate.
  'POST /api/v1/surveys': (w) => ({ orgId: w.org.a, period: `${2012 + nextSurveyYear++}-H1`, ballots: 3, closesOn: '2099-12-31' }),
  'POST /api/v1/surveys/:id/close': () => ({}),
  // A ballot is answered with a form, not JSON; test/public.survey.test.ts drives it.
  'POST /s/:code': () => ({ answer: 'satisfied' }),
  'POST /api/v1/auth/login': () => ({ login: 'clerk-a', password: PASSWORD }),
  'POST /api/v1/auth/logout': () => ({}),
  // Harmless as a probe: the same password again is refused (password.unchanged).
  'POST /api/v1/auth/password': () => ({ login: 'clerk-a', password: PASSWORD, newPassword: PASSWORD }),
};

/**
 * Headers a route needs besides the token: PATCH of a commitment or an evaluation wants its
 * current version (earlier requests, a progress entry for one, move it on). A caller who cannot
 * read the record sends version 1.
 */
async function headersFor(api: Api, route: Route, path: string): Promise<Record<string, string>> {
  if (route.method !== 'PATCH' || !/\/(commitments|evaluations)\/:id$/.test(route.path)) return {};
  const read = await api.get(path);
  return { 'if-match': (read.status === 200 && read.headers.get('etag')) || '"1"' };
}

/** One request as `api` would make it, for any method. */
export async function send(api: Api, route: Route, w: World, body?: unknown, extra: Record<string, string> = {}): Promise<ApiResponse> {
  const path = pathFor(route, w);
  const headers = { ...(await headersFor(api, route, path)), ...extra };
  if (body === undefined && WRITE_BODIES[routeName(route)]?.(w) === UPLOAD) {
    return upload(w.baseUrl, TOKENS.get(api) ?? null, 'ledger.csv', ledgerCsv(), { org: String(w.org.a), year: '2011' }, headers);
  }
  if (body === undefined && WRITE_BODIES[routeName(route)]?.(w) === PHOTO_UPLOAD) {
    return uploadTo('/attachments', w.baseUrl, TOKENS.get(api) ?? null, NOTICE_PHOTO_NAME, await noticePhoto(), noticePhotoFields(w.org.a), headers);
  }
  switch (route.method) {
    case 'GET':
      return api.get(path, headers);
    case 'POST':
      return api.post(path, body ?? WRITE_BODIES[routeName(route)]?.(w) ?? {}, headers);
    case 'PATCH':
      return api.patch(path, body ?? WRITE_BODIES[routeName(route)]?.(w) ?? {}, headers);
    case 'PUT':
      return api.put(path, body ?? WRITE_BODIES[routeName(route)]?.(w) ?? {}, headers);
    case 'DELETE':
      return api.delete(path, headers);
    default:
      throw new Error(`no way to send ${route.method}`);
  }
}

/** A problem document: JSON with a code, a title, and nothing of the server's insides. */
export function expectProblem(res: ApiResponse, status?: number) {
  if (status !== undefined) expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(typeof res.body.code).toBe('string');
  expect(typeof res.body.title).toBe('string');
  expectNoInternals(res);
}

/** No stack trace, file path or SQL text in what the server answered. */
export function expectNoInternals(res: ApiResponse) {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|SQLITE_|syntax error|ZodError|TypeError|stack/);
}
