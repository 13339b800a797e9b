import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, applyAttempt, freshRecipient, pendingAddresses, reopenRecipients } from './outcome';
import type { RecipientResult } from './mailer';

const now = new Date('2026-07-01T00:00:00Z');
const three = ['a@x.cn', 'b@x.cn', 'c@x.cn'].map(freshRecipient);
const answer = (address: string, outcome: RecipientResult['outcome'], response = outcome === 'sent' ? '250 OK' : '550 no') =>
  ({ address, outcome, response }) as RecipientResult;

describe('applying an attempt', () => {
  it('is sent when every recipient has it', () => {
    const o = applyAttempt(three, three.map((r) => answer(r.address, 'sent')), 1, now);
    expect(o).toMatchObject({ status: 'sent', nextAttemptAt: null, error: null, sentAt: now.toISOString() });
    expect(o.recipients.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('waits with backoff when refused for now, and gives up after the last attempt', () => {
    const first = applyAttempt(three, three.map((r) => answer(r.address, 'temporary', '451 try later')), 1, now);
    expect(first.status).toBe('pending');
    expect(first.nextAttemptAt).toBe('2026-07-01T00:05:00.000Z');
    expect(first.error).toContain('451 try later');
    const second = applyAttempt(first.recipients, three.map((r) => answer(r.address, 'temporary')), 2, now);
    expect(second.nextAttemptAt).toBe('2026-07-01T00:15:00.000Z');
    const last = applyAttempt(second.recipients, three.map((r) => answer(r.address, 'temporary')), MAX_ATTEMPTS, now);
    expect(last.status).toBe('failed');
    expect(last.error).toContain(`gave up after ${MAX_ATTEMPTS} attempts`);
    expect(last.recipients.every((r) => r.status === 'failed')).toBe(true);
  });

  it('fails one recipient refused for good while the others have it, and retries no one', () => {
    const o = applyAttempt(three, [answer('a@x.cn', 'sent'), answer('b@x.cn', 'permanent', '550 no such user'), answer('c@x.cn', 'sent')], 1, now);
    expect(o.status).toBe('failed');
    expect(o.error).toContain('b@x.cn — 550 no such user');
    expect(pendingAddresses(o.recipients)).toEqual([]);
    expect(o.recipients.map((r) => r.status)).toEqual(['sent', 'failed', 'sent']);
  });

  it('keeps the record of recipients not in this attempt', () => {
    const before = applyAttempt(three, [answer('a@x.cn', 'sent'), answer('b@x.cn', 'temporary'), answer('c@x.cn', 'sent')], 1, now);
    const later = new Date('2026-07-01T00:05:00Z');
    const after = applyAttempt(before.recipients, [answer('b@x.cn', 'sent')], 2, later);
    expect(after.status).toBe('sent');
    expect(after.recipients.map((r) => [r.address, r.attempts, r.sentAt])).toEqual([
      ['a@x.cn', 1, now.toISOString()],
      ['b@x.cn', 2, later.toISOString()],
      ['c@x.cn', 1, now.toISOString()],
    ]);
  });
});

describe('reopening for a manual run', () => {
  const done = applyAttempt(three, [answer('a@x.cn', 'sent'), answer('b@x.cn', 'permanent'), answer('c@x.cn', 'sent')], 1, now).recipients;

  it('sends again to the failed and the new recipients only', () => {
    const r = reopenRecipients(done, ['a@x.cn', 'B@x.cn', 'c@x.cn', 'd@x.cn'], false);
    expect(pendingAddresses(r)).toEqual(['b@x.cn', 'd@x.cn']);
  });

  it('sends to everyone with resend, and drops addresses no longer on the schedule', () => {
    expect(pendingAddresses(reopenRecipients(done, ['a@x.cn', 'c@x.cn'], true))).toEqual(['a@x.cn', 'c@x.cn']);
    expect(pendingAddresses(reopenRecipients(done, ['a@x.cn', 'c@x.cn'], false))).toEqual([]);
  });
});
