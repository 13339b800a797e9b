// Text fields of API bodies, trimmed as ledger cells are (core/text): also of the zero-width
// spaces pasted text carries, which `.trim()` keeps. Shared by the server's parsing and core's schemas.
import { z } from 'zod';
import { cleanText } from './text';

/** A trimmed, non-empty line of text no longer than `max`. */
export const textLine = (max: number) => z.string().overwrite((s) => cleanText(s) ?? '').min(1).max(max);
