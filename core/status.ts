// Commitment statuses: the words ledgers use for them (DESIGN §5).
import { STATUSES, type LocalText, type Status } from './types';
import { cleanText } from './text';

export const STATUS_LABELS: Record<Status, LocalText> = {
  proposed: { zh: '已提出', en: 'Proposed' },
  under_review: { zh: '待审核', en: 'Under review' },
  approved: { zh: '已审核', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  published: { zh: '已公示', en: 'Published' },
  in_progress: { zh: '进行中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  unfulfilled: { zh: '未完成', en: 'Unfulfilled' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
};

const WORDS = new Map<string, Status>(Object.entries({
  // DESIGN §5
  进行中: 'in_progress',
  正在落实: 'in_progress',
  落实中: 'in_progress',
  践诺中: 'in_progress',
  已完成: 'completed',
  完成: 'completed',
  已兑现: 'completed',
  已销号: 'completed',
  未完成: 'unfulfilled',
  未兑现: 'unfulfilled',
  已公示: 'published',
  已承诺: 'published',
  已撤销: 'withdrawn',
  // Added here: the words of the review steps, so a ledger kept before publishing reads too.
  已提出: 'proposed',
  拟承诺: 'proposed',
  待审核: 'under_review',
  审核中: 'under_review',
  已退回: 'returned',
  已审核: 'approved',
  审核通过: 'approved',
}) as [string, Status][]);

/** A status code from a code or a ledger word; blank or unknown → null. */
export function parseStatus(v: unknown): Status | null {
  const text = cleanText(v)?.replace(/\s+/g, '');
  if (!text) return null;
  const code = text.toLowerCase().replace(/-/g, '_');
  if ((STATUSES as readonly string[]).includes(code)) return code as Status;
  return WORDS.get(text) ?? null;
}
