// 践诺记实: a month's progress entry, one record at a time or a clerk's whole monthly check at once
// (跟踪问诺: every item checked monthly). The request shapes, once, for the server and the pane.
import { z } from 'zod';
import { textLine } from './textSchema';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const entryFields = {
  note: textLine(2000),
  percent: z.number().int().min(0).max(100).nullish().transform((p) => p ?? null),
  /** Shown on the public page; off unless the clerk says so (a note may name a resident). */
  public: z.boolean().default(false),
  /** Marks a phase of the plan done on the entry's day: its number (1 is the first) or its date. */
  phase: z.union([z.number().int().min(1).max(100), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).optional(),
};

/** `POST /commitments/:id/progress`. */
export const ProgressBody = z.strictObject({ month: z.string().regex(MONTH), ...entryFields });

/** The most records one monthly check may carry. */
export const PROGRESS_BATCH_MAX = 500;

/**
 * `POST /commitments/progress`: one month's entries for many records, all or nothing. `key` names
 * the request: sent again (a retry after a lost answer), it stores nothing twice.
 */
export const ProgressBatchBody = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/),
  month: z.string().regex(MONTH),
  entries: z
    .array(z.strictObject({ commitmentId: z.number().int().positive().max(2 ** 31 - 1), ...entryFields }))
    .min(1)
    .max(PROGRESS_BATCH_MAX),
});
export type ProgressBatchRequest = z.input<typeof ProgressBatchBody>;

export const ProgressEntrySchema = z.object({
  id: z.number().int(),
  commitmentId: z.number().int(),
  month: z.string(),
  note: z.string(),
  percent: z.number().int().nullable(),
  public: z.boolean(),
  userId: z.number().int(),
  createdAt: z.string(),
});
export type ProgressEntryJson = z.infer<typeof ProgressEntrySchema>;

/** The answer to a monthly check: the entries, and whether this request had stored them before. */
export const ProgressBatchAnswerSchema = z.object({ replayed: z.boolean(), entries: z.array(ProgressEntrySchema) });
export type ProgressBatchAnswer = z.infer<typeof ProgressBatchAnswerSchema>;
