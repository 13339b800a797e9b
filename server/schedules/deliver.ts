// One attempt at a claimed delivery: build the workbook, mail it to the recipients still waiting,
// record what the mail server said. Runs only while holding the delivery's claim.
import type { AppContext } from '../context';
import { reportHeadline } from '../reports/build';
import { reportBuilderOf } from '../reports/offThread';
import type { Mailer, RecipientResult } from './mailer';
import { reportEmail } from './message';
import { keptWorkbook } from './sentWorkbooks';
import { applyAttempt, pendingAddresses } from './outcome';
import { findDeliveryById, findSchedule, finishAttempt, type DeliveryRecord } from './store';

export async function attemptDelivery(
  ctx: AppContext,
  mailer: Mailer,
  owner: string,
  deliveryId: number,
): Promise<DeliveryRecord> {
  const delivery = await findDeliveryById(ctx.db, deliveryId);
  const schedule = delivery && (await findSchedule(ctx.db, delivery.scheduleId));
  if (!delivery || !schedule) throw new Error(`delivery ${deliveryId} has vanished`);

  const to = pendingAddresses(delivery.results);
  let results: RecipientResult[];
  try {
    const org = await ctx.db.selectFrom('organizations').select('name').where('id', '=', schedule.orgId).executeTakeFirstOrThrow();
    // Built in the app's report worker, so a big scheduled report does not hold up the API.
    // Built once per delivery and kept: a retry mails the bytes the first recipients got.
    const report = await keptWorkbook(
      ctx.db,
      delivery.id,
      () => reportBuilderOf(ctx)({ kind: schedule.kind, orgId: schedule.orgId, period: delivery.period, generatedBy: '报表发送计划' }),
      ctx.now(),
    );
    const headline = await reportHeadline(ctx, { orgId: schedule.orgId, period: delivery.period });
    const email = reportEmail({ schedule, orgName: org.name, period: delivery.period, headline, report });
    results = to.length ? await mailer.send({ ...email, to }) : [];
  } catch (err) {
    // The workbook could not be made (a database hiccup, most likely): nothing was sent, try later.
    const response = `report not built: ${err instanceof Error ? err.message : String(err)}`;
    results = to.map((address) => ({ address, outcome: 'temporary', response }));
  }

  const now = ctx.now();
  const outcome = applyAttempt(delivery.results, results, delivery.attempts + 1, now);
  await finishAttempt(ctx.db, delivery, owner, outcome, now);
  return (await findDeliveryById(ctx.db, deliveryId)) ?? delivery;
}
