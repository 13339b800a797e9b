import { describe, expect, it } from 'vitest';
import type { DeliveryItem } from '../api';
import { describeDelivery, describeRun } from './Deliveries';

const delivery: DeliveryItem = {
  id: 3,
  scheduleId: 1,
  orgId: 9,
  kind: 'monthly',
  period: '2026-06',
  status: 'failed',
  attempts: 1,
  recipients: ['a@x.cn', 'b@x.cn', 'c@x.cn'],
  results: [
    { address: 'a@x.cn', status: 'sent', response: '250 OK' },
    { address: 'b@x.cn', status: 'failed', response: '550 No such user here' },
    { address: 'c@x.cn', status: 'sent', response: '250 OK' },
  ],
  sentAt: '2026-07-01T00:00:00.000Z',
  error: 'refused: b@x.cn — 550 No such user here',
  hasWorkbook: true,
  nextAttemptAt: null,
};

describe('the deliveries view', () => {
  it('shows a delivery with its report, period, organisation, reach and refusals', () => {
    expect(describeDelivery(delivery, 'zh', '城关镇党委')).toEqual({
      title: '每月自查 · 2026-06 · 城关镇党委',
      status: '发送失败',
      facts: '已送达 2/3 · 尝试 1 次',
      refusals: ['b@x.cn: 550 No such user here'],
    });
  });

  it('says when a pending one is tried next, in English too', () => {
    const pending = { ...delivery, status: 'pending' as const, nextAttemptAt: '2026-07-01T00:05:00.000Z' };
    expect(describeDelivery(pending, 'en', undefined)).toMatchObject({
      title: 'Monthly self-check · 2026-06',
      status: 'Pending',
      facts: 'Delivered 2/3 · attempts: 1 · Next attempt 2026-07-01 00:05 UTC',
    });
  });

  it('tells what a manual run did', () => {
    expect(describeRun({ action: 'sent', period: '2026-06', sentTo: ['b@x.cn', 'd@x.cn'], refused: [], waiting: [] }, 'zh')).toBe('已发送给 b@x.cn、d@x.cn');
    expect(describeRun({ action: 'nothing-to-send', period: '2026-06', sentTo: [], refused: [], waiting: [] }, 'en')).toBe('Everyone has it already; nothing was sent again');
  });
});
