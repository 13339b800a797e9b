// Every view of the app, in menu order. A feature adds its view with one entry here, saying
// which hosts show it (the Excel task pane, the web workspace at `/`) and, when not everyone,
// which roles. A view without `roles` is for everyone, in the pane even signed out (Check needs
// no server); the workspace shows nothing but its sign-in page until someone signs in.
import type { ComponentType } from 'react';
import type { LocalText, UserRole } from '../../../core/types';
import { AccountView } from './AccountView';
import { LedgerView } from './LedgerView';
import { ProgressView } from './ProgressView';
import { ReportsView } from './ReportsView';
import { DeliveriesView } from './Deliveries';
import { WorkbookView } from './web/WorkbookView';
import { MonthlyProgressView } from './web/MonthlyProgressView';
import { ConvertView } from './web/ConvertView';
import { OrgsView } from './web/OrgsView';
import { AccountsView } from './web/AccountsView';
import { MembersView } from './web/MembersView';
import { PublicView } from './web/PublicView';
import { ReviewQueue } from './desk/ReviewQueue';
import { AssessView } from './desk/AssessView';
import { SurveysView } from './desk/SurveysView';
import { MemberReportsView } from './desk/MemberReportsView';
import { SchemeView } from './web/SchemeView';
import { SchedulesView } from './web/SchedulesView';
import { YearView } from './YearView';
import { AttachView } from './AttachView';
import { AttachmentsView } from './web/AttachmentsView';
import { FilingView } from './desk/FilingView';

/** Where the app runs: inside Excel, or as a plain web page with no Office.js. */
export type Host = 'excel' | 'web';

export interface PaneView {
  id: string;
  label: LocalText;
  Component: ComponentType;
  hosts: readonly Host[];
  roles?: readonly UserRole[];
}

const BOTH: readonly Host[] = ['excel', 'web'];
const EXCEL: readonly Host[] = ['excel'];
const WEB: readonly Host[] = ['web'];
const WRITERS: readonly UserRole[] = ['admin', 'reviewer', 'clerk'];
const MANAGERS: readonly UserRole[] = ['admin', 'reviewer'];

export const VIEWS: PaneView[] = [
  { id: 'ledger', label: { zh: '台账', en: 'Ledger' }, Component: LedgerView, hosts: EXCEL },
  { id: 'progress', label: { zh: '进展', en: 'Progress' }, Component: ProgressView, hosts: EXCEL },
  { id: 'attach', label: { zh: '佐证材料', en: 'Evidence' }, Component: AttachView, hosts: EXCEL, roles: WRITERS },
  { id: 'workbook', label: { zh: '台账检查与提交', en: 'Check and submit a ledger' }, Component: WorkbookView, hosts: WEB, roles: WRITERS },
  { id: 'web-progress', label: { zh: '践诺记实', en: 'Monthly progress' }, Component: MonthlyProgressView, hosts: WEB, roles: WRITERS },
  { id: 'convert', label: { zh: '导入旧台账', en: 'Convert old ledgers' }, Component: ConvertView, hosts: WEB, roles: WRITERS },
  { id: 'orgs', label: { zh: '党组织', en: 'Organisations' }, Component: OrgsView, hosts: WEB, roles: MANAGERS },
  { id: 'accounts', label: { zh: '账号管理', en: 'Accounts' }, Component: AccountsView, hosts: WEB, roles: MANAGERS },
  { id: 'members', label: { zh: '党员与花名册', en: 'Members and rosters' }, Component: MembersView, hosts: WEB, roles: WRITERS },
  { id: 'attachments', label: { zh: '存档备案与佐证', en: 'Filed forms and evidence' }, Component: AttachmentsView, hosts: WEB, roles: [...WRITERS, 'viewer'] },
  { id: 'review', label: { zh: '审核', en: 'Review' }, Component: ReviewQueue, hosts: BOTH, roles: MANAGERS },
  { id: 'assess', label: { zh: '考评', en: 'Assess' }, Component: AssessView, hosts: BOTH, roles: MANAGERS },
  { id: 'surveys', label: { zh: '群众评议', en: 'Public survey' }, Component: SurveysView, hosts: BOTH, roles: MANAGERS },
  { id: 'filing', label: { zh: '承诺书备案', en: 'Pledge-form filing' }, Component: FilingView, hosts: BOTH, roles: MANAGERS },
  { id: 'member-reports', label: { zh: '述诺与互评', en: 'Member reports' }, Component: MemberReportsView, hosts: BOTH, roles: WRITERS },
  { id: 'scheme', label: { zh: '方案与点评责任', en: 'Scheme and comment duties' }, Component: SchemeView, hosts: WEB, roles: ['admin'] },
  { id: 'public', label: { zh: '公示与监督', en: 'Public notice' }, Component: PublicView, hosts: BOTH, roles: WRITERS },
  { id: 'year', label: { zh: '封账与结转', en: 'Close the year' }, Component: YearView, hosts: BOTH, roles: WRITERS },
  { id: 'reports', label: { zh: '报表', en: 'Reports' }, Component: ReportsView, hosts: BOTH },
  { id: 'schedules', label: { zh: '报表计划', en: 'Report schedules' }, Component: SchedulesView, hosts: WEB, roles: MANAGERS },
  { id: 'deliveries', label: { zh: '报表邮件', en: 'Emails' }, Component: DeliveriesView, hosts: BOTH },
  { id: 'account', label: { zh: '账户', en: 'Account' }, Component: AccountView, hosts: BOTH },
];

/** The views one user sees on one host; signed out (role null), those that need no role. */
export function viewsFor(host: Host, role: string | null): PaneView[] {
  return VIEWS.filter((v) => v.hosts.includes(host) && (!v.roles || (role !== null && (v.roles as readonly string[]).includes(role))));
}
