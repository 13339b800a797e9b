// The report email: a subject naming organisation, period and report, and a short Chinese body
// with the headline counts and the three most overdue items; the workbook rides along.
import type { ReportKind } from '../../core/types';
import { parsePeriod } from '../../core/period';
import type { Headline } from '../reports/build';
import { KIND_TITLES, periodLabel } from '../reports/words';
import type { ReportEmail } from './mailer';

export function reportEmail(args: {
  schedule: { id: number; kind: ReportKind };
  orgName: string;
  period: string;
  headline: Headline;
  report: { buffer: Buffer; fileName: string };
}): Omit<ReportEmail, 'to'> {
  const { schedule, orgName, headline, report } = args;
  const period = parsePeriod(args.period);
  const title = `${orgName} ${period ? periodLabel(period) : args.period}${KIND_TITLES[schedule.kind]}`;
  const worst = headline.mostOverdue.slice(0, 3);
  const lines = [
    `${orgName}：`,
    '',
    `附件是${title}报表（${report.fileName}），请查收。`,
    '',
    `承诺事项 ${headline.items} 项，已完成 ${headline.completed} 项，逾期 ${headline.overdue} 项。`,
    ...(worst.length
      ? [
          '',
          '逾期最久的事项：',
          ...worst.map((c, i) => `${i + 1}. ${c.orgName} ${c.subjectName}：${c.content}（完成时限 ${c.deadline}，已逾期 ${c.daysOverdue} 天）`),
        ]
      : []),
    '',
    `此邮件由公开承诺台账按发送计划（编号 ${schedule.id}）自动发送，请勿直接回复。`,
  ];
  return {
    subject: `【公开承诺台账】${title}`,
    text: lines.join('\n'),
    attachment: { fileName: report.fileName, content: report.buffer },
  };
}
