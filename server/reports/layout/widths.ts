// Column widths that fit Chinese text: Excel measures in widths of "0", and a full-width
// character (汉字, full-width punctuation) takes about two of them.

/** Display width of a text in half-width character cells. */
export function displayWidth(text: string): number {
  // An index loop, not for…of: this runs over every text cell of a report.
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

/** Display widths of a text's lines. */
export function lineWidths(text: string): number[] {
  return text.includes('\n') ? text.split('\n').map(displayWidth) : [displayWidth(text)];
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) || // CJK radicals … Yi, incl. ideographs and CJK punctuation
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** The width of the widest line of any of the texts, padded, within [min, max]. */
export function fitWidth(texts: Iterable<string>, min: number, max: number): number {
  let widest = 0;
  for (const text of texts) for (const width of lineWidths(text)) widest = Math.max(widest, width);
  return Math.min(max, Math.max(min, widest + 2));
}
