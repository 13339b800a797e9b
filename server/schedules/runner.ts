// One pass of the scheduler at the injected clock's "now": open a delivery row for every period
// whose run time has come (catch-up included, bounded by the look-back), then claim and attempt
// every pending delivery that is due. Another process may do the same pass at the same moment;
// the unique (schedule, period) row and the compare-and-set claim make each report go out once.
import type { AppContext } from '../context';
import { duePeriods } from './coverage';
import { attemptDelivery } from './deliver';
import type { Mailer } from './mailer';
import {
  claimDelivery,
  claimableDeliveryIds,
  deliveredPeriods,
  listSchedules,
  openDelivery,
  type DeliveryRecord,
} from './store';

export async function runDue(ctx: AppContext, mailer: Mailer, owner: string): Promise<DeliveryRecord[]> {
  const now = ctx.now();
  for (const schedule of await listSchedules(ctx.db, null, true)) {
    const periods = duePeriods({ ...schedule, activeSince: new Date(schedule.activeSince) }, now);
    const known = await deliveredPeriods(ctx.db, schedule.id, periods);
    for (const period of periods) if (!known.has(period)) await openDelivery(ctx.db, schedule, period, now);
  }

  const attempted: DeliveryRecord[] = [];
  for (const id of await claimableDeliveryIds(ctx.db, now)) {
    if (await claimDelivery(ctx.db, id, owner, now)) attempted.push(await attemptDelivery(ctx, mailer, owner, id));
  }
  return attempted;
}
