// The pane's views, in tab order. A feature adds its view with one entry here.
import type { ComponentType } from 'react';
import type { LocalText } from '../../../core/types';
import { AccountView } from './AccountView';
import { LedgerView } from './LedgerView';
import { ProgressView } from './ProgressView';
import { ReportsView } from './ReportsView';
import { DeliveriesView } from './Deliveries';

export interface PaneView {
  id: string;
  label: LocalText;
  Component: ComponentType;
}

export const VIEWS: PaneView[] = [
  { id: 'ledger', label: { zh: '台账', en: 'Ledger' }, Component: LedgerView },
  { id: 'progress', label: { zh: '进展', en: 'Progress' }, Component: ProgressView },
  { id: 'reports', label: { zh: '报表', en: 'Reports' }, Component: ReportsView },
  { id: 'deliveries', label: { zh: '报表邮件', en: 'Emails' }, Component: DeliveriesView },
  { id: 'account', label: { zh: '账户', en: 'Account' }, Component: AccountView },
];
