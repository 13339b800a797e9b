import { describe, expect, it } from 'vitest';
import { statusPath } from './statusPath';

describe('statusPath', () => {
  it('names every step from a new record to a completed one, and who takes it', () => {
    expect(statusPath('proposed', 'completed')).toEqual([
      { action: 'submit', byReviewer: false },
      { action: 'approve', byReviewer: true },
      { action: 'publish', byReviewer: true },
      { action: 'complete', byReviewer: false },
    ]);
  });

  it('is empty when the record is there, and null when the lifecycle cannot go back', () => {
    expect(statusPath('in_progress', 'in_progress')).toEqual([]);
    expect(statusPath('completed', 'in_progress')).toBeNull();
    expect(statusPath('returned', 'published')?.map((s) => s.action)).toEqual(['submit', 'approve', 'publish']);
  });
});
