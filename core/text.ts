// Cell text as clerks typed it, minus the whitespace around it (DESIGN §5).
import type { LocalText } from './types';

// Whitespace that Excel users leave around text: ASCII, newlines, NBSP, the ideographic
// space U+3000, and the invisible BOM / zero-width space that pasted text often carries.
const EDGE = '[\\s\\u00a0\\u3000\\ufeff\\u200b]+';
const EDGES = new RegExp(`^${EDGE}|${EDGE}$`, 'g');
const EDGE_CHAR = new RegExp(`^${EDGE}$`);

// What a workbook cannot hold (XML 1.0 refuses it, so exceljs and Excel fail on the whole file):
// control characters other than tab, newline and carriage return (C0, DEL, C1), lone surrogate
// halves, and the non-characters U+FFFE/U+FFFF. Such text never enters the database (DESIGN §4).
const UNHOLDABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// The same characters plus every surrogate, without look-arounds: a cheap first test, since
// nearly all cells have none of these and the look-arounds make the full test several times slower.
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/** `text` without the characters a workbook cannot hold; the same string when it has none. */
export function holdableText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  UNHOLDABLE.lastIndex = 0;
  return UNHOLDABLE.test(text) ? text.replace(UNHOLDABLE, '') : text;
}

/** True when a cell value's text holds characters holdableText removes. */
export function hasUnholdable(v: unknown): boolean {
  const text = rawText(v);
  return text !== null && holdableText(text) !== text;
}

/** The warning that says such characters were removed from a field. */
export function textRemovedMessage(field: LocalText): LocalText {
  return {
    zh: `${field.zh}中有表格无法保存的字符（控制字符、U+FFFE 等），已删除`,
    en: `Characters a workbook cannot hold (control characters, U+FFFE, …) were removed from ${field.en}`,
  };
}

/**
 * The text of a cell value, trimmed, with CRLF/CR turned into LF, without what a workbook cannot
 * hold (see holdableText); inner text is otherwise kept as typed.
 * Understands exceljs cell objects (rich text, hyperlinks, formula results); numbers give their
 * text and dates their UTC day `YYYY-MM-DD`. Empty → null.
 */
export function cleanText(v: unknown): string | null {
  const text = rawText(v);
  if (text === null) return null;
  let kept = holdableText(text);
  if (kept.includes('\r')) kept = kept.replace(/\r\n?/g, '\n');
  // Most cells have nothing around them: look at both ends before running the global pattern.
  if (kept !== '' && (EDGE_CHAR.test(kept[0]) || EDGE_CHAR.test(kept[kept.length - 1]))) kept = kept.replace(EDGES, '');
  return kept === '' ? null : kept;
}

function rawText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const cell = v as { richText?: unknown; text?: unknown; result?: unknown };
    if (Array.isArray(cell.richText)) {
      return cell.richText.map(runText).join('');
    }
    if ('text' in cell) return rawText(cell.text); // hyperlink cell
    if ('result' in cell) return rawText(cell.result); // formula cell: its cached value
  }
  return null;
}

/** One rich-text run: exceljs writes `{font, text}`; plain strings are taken as they are. */
function runText(run: unknown): string {
  if (typeof run === 'string') return run;
  const text = (run as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

/** A value as it may be quoted back in an error message: its text, cut short when long. */
export function excerpt(v: unknown, max = 40): string {
  const text = cleanText(v) ?? '';
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
