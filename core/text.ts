// Cell text as clerks typed it, minus the whitespace around it (DESIGN §5).

// Whitespace that Excel users leave around text: ASCII, newlines, NBSP, the ideographic
// space U+3000, and the invisible BOM / zero-width space that pasted text often carries.
const EDGE = '[\\s\\u00a0\\u3000\\ufeff\\u200b]+';
const EDGES = new RegExp(`^${EDGE}|${EDGE}$`, 'g');

/**
 * The text of a cell value, trimmed, with CRLF/CR turned into LF; inner text is kept as typed.
 * Understands exceljs cell objects (rich text, hyperlinks, formula results); numbers give their
 * text and dates their UTC day `YYYY-MM-DD`. Empty → null.
 */
export function cleanText(v: unknown): string | null {
  const text = rawText(v);
  if (text === null) return null;
  const trimmed = text.replace(/\r\n?/g, '\n').replace(EDGES, '');
  return trimmed === '' ? null : trimmed;
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
