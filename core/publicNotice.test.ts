import { describe, expect, it } from 'vitest';
import { noticeEndsOn } from './publicNotice';

describe('noticeEndsOn', () => {
  it('counts the posting day when it is a working day', () => {
    // Monday 2011-03-07 → Friday 2011-03-11.
    expect(noticeEndsOn('2011-03-07')).toBe('2011-03-11');
  });
  it('starts counting on the next working day after a weekend posting', () => {
    // Saturday 2011-03-05 → Monday 7th … Friday 11th.
    expect(noticeEndsOn('2011-03-05')).toBe('2011-03-11');
  });
  it('skips the National Day holiday and works the adjusted weekend', () => {
    // Thursday 2011-09-29: 29th, 30th, (1–7 October off), 8th and 9th (adjusted Saturday and Sunday), 10th.
    expect(noticeEndsOn('2011-09-29')).toBe('2011-10-10');
  });
});
