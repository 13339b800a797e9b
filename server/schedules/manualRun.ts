// `POST /schedules/:id/run?period=`: sends one period's report now, by hand — a first send, a
// re-send of a failed delivery, or a past period's report — and says what it did. Recipients who
// already have the report are skipped unless `resend` asks for everyone again, so repeating the
// request never sends twice by accident.
import type { LocalText } from '../../core/types';
import { parsePeriod, periodNotBegun, type Period } from '../../core/period';
import { reportToday } from '../reports/build';
import type { AppContext } from '../context';
import { Problem } from '../http/problem';
import { latestPeriod, periodKindOf } from './coverage';
import { attemptDelivery } from './deliver';
import { pendingAddresses, reopenRecipients } from './outcome';
import type { Scheduler } from './scheduler';
import { claimDelivery, findDelivery, openDelivery, reopenDelivery, type DeliveryRecord, type ScheduleRecord } from './store';

export interface RunReport {
  /** sent: everyone has it; failed: someone was refused for good; retrying: someone waits for a retry; nothing-to-send: everyone had it already. */
  action: 'sent' | 'failed' | 'retrying' | 'nothing-to-send';
  period: string;
  /** Got the report in this run. */
  sentTo: string[];
  /** Refused for good in this run, with the mail server's answer. */
  refused: { address: string; response: string | null }[];
  /** Refused for now; the scheduler tries again at `delivery.nextAttemptAt`. */
  waiting: { address: string; response: string | null }[];
  delivery: DeliveryRecord;
}

const busy = () =>
  new Problem(409, 'delivery_busy', { zh: '该报表正在发送中', en: 'This report is being sent right now' }, {
    zh: '另一个进程正在发送这一期的报表，请稍后查看发送记录',
    en: 'Another process is sending this period right now; look at the deliveries shortly',
  });

export async function runScheduleNow(
  ctx: AppContext,
  scheduler: Scheduler,
  schedule: ScheduleRecord,
  periodParam: string | undefined,
  resend: boolean,
): Promise<RunReport> {
  if (!scheduler.mailer) {
    throw new Problem(503, 'smtp_not_configured', { zh: '未配置邮件服务器', en: 'No mail server configured' }, {
      zh: '请设置环境变量 SMTP_URL（如 smtp://mail.example.org:25）后重启服务',
      en: 'Set SMTP_URL (e.g. smtp://mail.example.org:25) and restart the server',
    });
  }
  const now = ctx.now();
  const period = periodParam === undefined ? latestPeriod(schedule, now) : checkedPeriod(schedule, periodParam, now, reportToday(ctx));

  await openDelivery(ctx.db, schedule, period.key, now);
  const before = await findDelivery(ctx.db, schedule.id, period.key);
  if (!before) throw new Error(`delivery of schedule ${schedule.id} for ${period.key} was not opened`);
  const recipients = reopenRecipients(before.results, schedule.recipients, resend);
  const to = pendingAddresses(recipients);
  if (to.length === 0) return { action: 'nothing-to-send', period: period.key, sentTo: [], refused: [], waiting: [], delivery: before };

  if (!(await reopenDelivery(ctx.db, before, recipients, now))) throw busy();
  if (!(await claimDelivery(ctx.db, before.id, scheduler.owner, now))) throw busy();
  const after = await attemptDelivery(ctx, scheduler.mailer, scheduler.owner, before.id);

  const mine = after.results.filter((r) => to.includes(r.address));
  const sentTo = mine.filter((r) => r.status === 'sent').map((r) => r.address);
  const refused = mine.filter((r) => r.status === 'failed').map(({ address, response }) => ({ address, response }));
  const waiting = mine.filter((r) => r.status === 'pending').map(({ address, response }) => ({ address, response }));
  const action = after.status === 'pending' ? 'retrying' : after.status;
  return { action, period: period.key, sentTo, refused, waiting, delivery: after };
}

function checkedPeriod(schedule: ScheduleRecord, key: string, now: Date, today: string): Period {
  const period = parsePeriod(key);
  const wanted = periodKindOf(schedule.kind);
  const invalid = (code: string, message: LocalText) =>
    new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, [{ field: 'period', code, message }]);
  if (!period || period.kind !== wanted) {
    throw invalid('invalid_period', {
      zh: `期间“${key}”不适用于${schedule.kind}报表，应写作 ${EXAMPLE[wanted]}`,
      en: `Period "${key}" does not fit a ${schedule.kind} report; write it like ${EXAMPLE[wanted]}`,
    });
  }
  const notBegun = periodNotBegun(period, today);
  if (notBegun) throw invalid('period.not_begun', notBegun);
  // Only periods a run could already have covered: an early send would take the period's one
  // delivery row, and the scheduler would then never send the finished report.
  const latest = latestPeriod(schedule, now);
  if (period.start > latest.start) {
    throw invalid('period_not_due', {
      zh: `期间 ${period.key} 的报表还没到发送的时候，目前最近一期是 ${latest.key}；当期报表可在“报表”中直接生成`,
      en: `The report for ${period.key} is not due yet; the latest due period is ${latest.key}. Build the current one under Reports instead`,
    });
  }
  return period;
}

const EXAMPLE = { month: '2011-06', quarter: '2011-Q2', half: '2011-H1', year: '2011' } as const;
