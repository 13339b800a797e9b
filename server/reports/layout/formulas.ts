// The few formulas reports write, with the values Excel would compute for them, so a reader sees
// the figure before (or without) recalculation.
import type { Value } from './table';

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const NO_RATE = '—';

const sumOf = (cols: number[], row: number) =>
  cols.length === 1 ? `${columnLetter(cols[0] + 1)}${row}` : `(${cols.map((c) => `${columnLetter(c + 1)}${row}`).join('+')})`;

/** SUM(num) ÷ SUM(den) of the same row; a dash when the denominator is 0. */
export function ratioFormula(ratio: { num: number[]; den: number[] }, row: number): string {
  const den = sumOf(ratio.den, row);
  return `IF(${den}=0,"${NO_RATE}",${sumOf(ratio.num, row)}/${den})`;
}

export function ratioValue(ratio: { num: number[]; den: number[] }, values: readonly Value[]): number | string {
  const total = (cols: number[]) => cols.reduce((s, c) => s + (Number(values[c]) || 0), 0);
  const den = total(ratio.den);
  return den === 0 ? NO_RATE : total(ratio.num) / den;
}
