// The schedules offered to a new top organisation, following the practice's rhythm (DESIGN §1):
// 每月自查 on the 1st for the month before, 一季一讲评 on a quarter's first day, 半年通报 on 1 July
// and 1 January, 年终总结 on 5 January. All at 08:00 in the reporting zone.
import type { ReportKind } from '../../core/types';

export interface ScheduleDraft {
  kind: ReportKind;
  cron: string;
  timezone: string;
}

export function defaultSchedules(timezone: string): ScheduleDraft[] {
  return [
    { kind: 'monthly', cron: '0 8 1 * *', timezone },
    { kind: 'quarterly', cron: '0 8 1 1,4,7,10 *', timezone },
    { kind: 'half-year', cron: '0 8 1 1,7 *', timezone },
    { kind: 'annual', cron: '0 8 5 1 *', timezone },
  ];
}
