// What one send attempt means for a delivery: who has the report now, who is refused for good,
// who waits for a retry and when. Pure, so the retry policy reads (and is tested) in one place.
import type { DeliveryStatus, Timestamp } from '../../core/types';
import type { RecipientResult } from './mailer';

export type RecipientStatus = 'pending' | 'sent' | 'failed';

export interface RecipientRecord {
  address: string;
  status: RecipientStatus;
  attempts: number;
  /** The mail server's last answer for this address. */
  response: string | null;
  sentAt: Timestamp | null;
}

/** Attempts before a delivery still refused for now is given up as failed. */
export const MAX_ATTEMPTS = 5;
/** Wait before retry n (after attempt n failed for now), in minutes. */
export const RETRY_DELAYS_MINUTES = [5, 15, 45, 120];

export interface AttemptOutcome {
  status: DeliveryStatus;
  recipients: RecipientRecord[];
  nextAttemptAt: Timestamp | null;
  sentAt: Timestamp | null;
  error: string | null;
}

/**
 * Applies the mail server's answers of attempt number `attempt` (1-based) made at `now`.
 * Recipients not in `results` (already sent, or failed for good) keep their record.
 */
export function applyAttempt(
  recipients: RecipientRecord[],
  results: RecipientResult[],
  attempt: number,
  now: Date,
): AttemptOutcome {
  const at = now.toISOString();
  const answered = new Map(results.map((r) => [r.address.toLowerCase(), r]));
  let updated = recipients.map((r): RecipientRecord => {
    const result = answered.get(r.address.toLowerCase());
    if (!result) return r;
    const status: RecipientStatus = result.outcome === 'sent' ? 'sent' : result.outcome === 'permanent' ? 'failed' : 'pending';
    return { ...r, status, attempts: r.attempts + 1, response: result.response, sentAt: status === 'sent' ? at : r.sentAt };
  });

  const waiting = updated.filter((r) => r.status === 'pending');
  const givingUp = waiting.length > 0 && attempt >= MAX_ATTEMPTS;
  if (givingUp) updated = updated.map((r) => (r.status === 'pending' ? { ...r, status: 'failed' } : r));

  const failed = updated.filter((r) => r.status === 'failed');
  const lastSent = updated.map((r) => r.sentAt).filter((s): s is string => s !== null).sort().at(-1) ?? null;
  if (waiting.length > 0 && !givingUp) {
    const delay = RETRY_DELAYS_MINUTES[Math.min(attempt, RETRY_DELAYS_MINUTES.length) - 1];
    return {
      status: 'pending',
      recipients: updated,
      nextAttemptAt: new Date(now.getTime() + delay * 60_000).toISOString(),
      sentAt: lastSent,
      error: describe(waiting, `retry in ${delay} min`),
    };
  }
  return {
    status: failed.length ? 'failed' : 'sent',
    recipients: updated,
    nextAttemptAt: null,
    sentAt: lastSent,
    error: failed.length ? describe(failed, givingUp ? `gave up after ${attempt} attempts` : 'refused') : null,
  };
}

/** A short account of the recipients that did not get the report, with the server's answers. */
function describe(recipients: RecipientRecord[], what: string): string {
  return `${what}: ${recipients.map((r) => `${r.address} — ${r.response ?? 'no answer'}`).join('; ')}`;
}

/** The recipients an attempt goes to. */
export function pendingAddresses(recipients: RecipientRecord[]): string[] {
  return recipients.filter((r) => r.status === 'pending').map((r) => r.address);
}

/**
 * The recipient list of a delivery that is run again by hand: the schedule's current recipients,
 * each keeping what it had, except that failed ones (and with `resend`, sent ones too) wait again.
 */
export function reopenRecipients(previous: RecipientRecord[], current: string[], resend: boolean): RecipientRecord[] {
  const known = new Map(previous.map((r) => [r.address.toLowerCase(), r]));
  return current.map((address) => {
    const before = known.get(address.toLowerCase());
    if (!before) return freshRecipient(address);
    return before.status === 'sent' && !resend ? before : { ...before, status: 'pending' };
  });
}

export function freshRecipient(address: string): RecipientRecord {
  return { address, status: 'pending', attempts: 0, response: null, sentAt: null };
}
