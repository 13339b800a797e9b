// Re-sending a report to every recipient again (`run?resend=true`) mails people who already have
// it; a schedule may do that at most RESEND_LIMIT times in RESEND_WINDOW_HOURS. The count is read
// from the audit trail, where each resend is written before it is sent, so it holds across
// restarts and server processes.
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import { recordAudit } from '../audit';
import { Problem } from '../http/problem';

export const RESEND_LIMIT = 3;
export const RESEND_WINDOW_HOURS = 24;

/**
 * Takes one of the schedule's resends: answers 0 and writes the resend's audit row (what the
 * limit counts, written before anything is sent), or answers the seconds until one is free. The
 * count and the row are one transaction holding the schedule's row, so resends asked of several
 * processes at once are counted one after another and never pass the limit together. (SQLite
 * has one writer at a time; a second process's write meanwhile makes this one fail, not pass.)
 */
export async function takeResend(ctx: AppContext, user: AuthUser, scheduleId: number, period: string | undefined): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres') await trx.selectFrom('schedules').select('id').where('id', '=', scheduleId).forUpdate().execute();
    const now = ctx.now().getTime();
    const since = new Date(now - RESEND_WINDOW_HOURS * 3600_000).toISOString();
    const earlier = await trx
      .selectFrom('audit')
      .select('at')
      .where('entity', '=', 'schedule')
      .where('entity_id', '=', scheduleId)
      .where('action', '=', 'resend')
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    if (earlier.length >= RESEND_LIMIT) {
      const freeAt = new Date(earlier[earlier.length - RESEND_LIMIT].at).getTime() + RESEND_WINDOW_HOURS * 3600_000;
      return Math.max(1, Math.ceil((freeAt - now) / 1000));
    }
    await recordAudit(trx, { userId: user.id, at: new Date(now).toISOString(), action: 'resend', entity: 'schedule', entityId: scheduleId, after: { period: period ?? null } });
    return 0;
  });
}

export const resendLimited = (seconds: number) =>
  new Problem(429, 'schedule.resend_limit', { zh: '重发次数已达上限', en: 'Resend limit reached' }, {
    zh: `同一报表计划 ${RESEND_WINDOW_HOURS} 小时内最多重发 ${RESEND_LIMIT} 次，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
    en: `A schedule may be re-sent at most ${RESEND_LIMIT} times in ${RESEND_WINDOW_HOURS} hours; try again in ${Math.ceil(seconds / 60)} min`,
  });
