// What the workspace asks of the server beyond the pane's calls: organisations, accounts,
// members and rosters, and the conversion of old ledgers (preview, commit, past imports).
import { callsFor, type Session } from './api';
import type { Lang } from './i18n';

export interface Org {
  id: number;
  name: string;
  kind: 'committee' | 'general_branch' | 'branch';
  parentId: number | null;
  sector: string | null;
}

export interface Account {
  id: number;
  login: string;
  name: string;
  role: string;
  orgId: number | null;
  disabled: boolean;
}

export interface Member {
  id: number;
  orgId: number;
  name: string;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  joinedOn: string | null;
  unitPost: string | null;
  role: string;
}

/** A county's scheme (方案), as `GET, PUT /orgs/:id/scheme` read and write it. */
export interface Scheme {
  memberReview: 'branch' | 'above';
  commentCadence: 'quarter' | 'half';
  surveyCadence: 'half' | 'year';
  categories: string[];
  proposeBy: string | null;
}

/** One comment duty (点评责任) of a user, assigned by an admin or their organisation's default. */
export interface CommentDuty {
  id: number | null;
  userId: number;
  targetType: 'organization' | 'member';
  targetId: number;
  targetName: string;
  orgId: number;
  source: 'assigned' | 'default';
}

export interface ImportPreview {
  id: number;
  format: string;
  org: { id: number; name: string };
  year: number | null;
  sheets: { name: string | null; taken: boolean; code?: string; reason?: string; commitments: number; rejected: number }[];
  mapping: { sheet: string | null; headerRow: number; columns: { column: string; header: string; field: string; category?: string }[]; unmapped: { column: string; header: string }[] }[];
  counts: { commitments: number; byCategory: Record<string, number>; bySubjectType: Record<string, number>; byStatus: Record<string, number>; byOrg: Record<string, number> };
  rejected: { sheet: string | null; row: number; column?: string; code: string; message: string }[];
  warnings: { code: string; message: string; sheet?: string | null; row?: number; org?: string; closest?: string | null }[];
  samples: { org: string | null }[];
  expiresAt: string;
}

/** A roster's preview (`kind=roster`): members by role, and the rows that cannot be read. */
export interface RosterPreview {
  id: number;
  kind: 'roster';
  counts: { members: number; byRole: Record<string, number> };
  rejected: ImportPreview['rejected'];
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  createdOrgs: { id: number; name: string }[];
  warnings: { code: string; message: string }[];
}

/** A commitment as the list shows it to a clerk recording progress. */
export interface LedgerItem {
  id: number;
  orgId: number;
  subjectName: string;
  category: string;
  content: string;
  deadline: string;
  status: string;
  progress: string | null;
}

export interface ImportSummary {
  id: number;
  kind: 'ledger' | 'roster';
  fileName: string | null;
  status: string;
  year: number | null;
  org: { id: number; name: string };
  by: { login: string; name: string };
  createdAt: string;
  expiresAt: string | null;
  counts: { records: number; rejected: number };
  result: { created: number; updated: number; unchanged: number } | null;
}

/** Column choices of a preview to redo: sheet → column letter → field, or null to set it aside. */
export type ColumnChoices = Record<string, Record<string, string | null>>;

function importForm(file: File, fields: { org: number; year?: number; mapping?: ColumnChoices; kind?: 'roster' }): FormData {
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('org', String(fields.org));
  if (fields.kind) form.set('kind', fields.kind);
  if (fields.year) form.set('year', String(fields.year));
  if (fields.mapping) form.set('mapping', JSON.stringify(fields.mapping));
  return form;
}

export function workspaceApi(session: Session, lang: Lang) {
  const { json, send } = callsFor(session, lang);
  return {
    orgs: async () => (await json<{ items: Org[] }>('GET', '/orgs')).items,
    addOrg: (org: Omit<Org, 'id'>) => json<Org>('POST', '/orgs', org),
    changeOrg: (id: number, change: Partial<Omit<Org, 'id'>>) => json<Org>('PATCH', `/orgs/${id}`, change),
    accounts: async () => (await json<{ items: Account[] }>('GET', '/users')).items,
    addAccount: (account: Omit<Account, 'id' | 'disabled'> & { password: string }) => json<Account>('POST', '/users', account),
    changeAccount: (id: number, change: Partial<Omit<Account, 'id' | 'login'>> & { password?: string }) => json<Account>('PATCH', `/users/${id}`, change),
    previewImport: (file: File, fields: { org: number; year?: number; mapping?: ColumnChoices }) =>
      json<ImportPreview>('POST', '/imports', importForm(file, fields)),
    previewRoster: (file: File, org: number) => json<RosterPreview>('POST', '/imports', importForm(file, { org, kind: 'roster' })),
    commitImport: (id: number, createMissingOrgs: boolean) => json<ImportResult>('POST', `/imports/${id}/commit`, { createMissingOrgs }),
    members: async (org: number, name: string) =>
      (await json<{ items: Member[]; total: number }>('GET', `/members?org=${org}&limit=200${name ? `&name=${encodeURIComponent(name)}` : ''}`)),
    changeMember: (id: number, change: Partial<Omit<Member, 'id'>>) => json<Member>('PATCH', `/members/${id}`, change),
    /** One page of an organisation's ledger for a year (its subtree included), with status and progress. */
    commitmentsOf: (org: number, year: number, limit: number, offset: number) =>
      json<{ items: LedgerItem[]; total: number }>('GET', `/commitments?org=${org}&year=${year}&limit=${limit}&offset=${offset}`),
    scheme: (org: number) => json<Scheme & { orgId: number }>('GET', `/orgs/${org}/scheme`),
    saveScheme: (org: number, scheme: Scheme) => json<Scheme & { orgId: number }>('PUT', `/orgs/${org}/scheme`, scheme),
    duties: async (user: number) => (await json<{ items: CommentDuty[] }>('GET', `/comment-duties?user=${user}`)).items,
    addDuty: (duty: { userId: number; targetType: string; targetId: number }) => json<CommentDuty>('POST', '/comment-duties', duty),
    removeDuty: (id: number) => send('DELETE', `/comment-duties/${id}`),
    imports: () => json<{ items: ImportSummary[]; total: number }>('GET', '/imports?limit=50'),
  };
}

export type WorkspaceApi = ReturnType<typeof workspaceApi>;
