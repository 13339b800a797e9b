// One pass of the scheduler at the injected clock's "now": open a delivery row for every period
// whose run time has come since the last pass (on the first pass: within the look-back, which is
// the catch-up after downtime), then claim and attempt every pending delivery that is due.
// Another process may make the same pass at the same moment; the unique (schedule, period) row
// and the compare-and-set claim make each report go out once.
import type { AppContext } from '../context';
import { duePeriods } from './coverage';
import { attemptDelivery } from './deliver';
import type { Mailer } from './mailer';
import {
  claimDelivery,
  claimableDeliveryIds,
  existingDeliveries,
  listSchedules,
  openDelivery,
  type DeliveryRecord,
} from './store';

/**
 * Each pass also looks again at the hour before the last one, for a schedule another process
 * saved while that pass was under way; seeing a run twice is harmless, its row exists once.
 */
const RESCAN_MS = 3600_000;

export async function runDue(
  ctx: AppContext,
  mailer: Mailer,
  owner: string,
  now: Date,
  lastPass: Date | null,
  keepGoing: () => boolean = () => true,
): Promise<DeliveryRecord[]> {
  const since = lastPass && new Date(lastPass.getTime() - RESCAN_MS);
  const due = (await listSchedules(ctx.db, null, true)).flatMap((schedule) =>
    duePeriods({ ...schedule, activeSince: new Date(schedule.activeSince) }, now, since).map((period) => ({ schedule, period })),
  );
  const known = await existingDeliveries(ctx.db, due.map((d) => d.period));
  for (const { schedule, period } of due) {
    if (!known.has(`${schedule.id}/${period}`)) await openDelivery(ctx.db, schedule, period, now);
  }

  const attempted: DeliveryRecord[] = [];
  for (const id of await claimableDeliveryIds(ctx.db, now)) {
    if (!keepGoing()) break;
    if (await claimDelivery(ctx.db, id, owner, now)) attempted.push(await attemptDelivery(ctx, mailer, owner, id));
  }
  return attempted;
}
