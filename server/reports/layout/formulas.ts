// The few formulas reports write, with the values Excel would compute for them, so a reader sees
// the figure before (or without) recalculation.
import type { Value } from './table';

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const NO_RATE = '—';

/** `D7` or `(D7+E7)`: the sum of a row's cells in the columns of the given letters. */
const sumOf = (letters: string[], row: number) => (letters.length === 1 ? `${letters[0]}${row}` : `(${letters.map((l) => `${l}${row}`).join('+')})`);

/** SUM(num) ÷ SUM(den) of a row; a dash when the denominator is 0. Letters are worked out once, rows vary. */
export function ratioFormulaFor(ratio: { num: number[]; den: number[] }): (row: number) => string {
  const num = ratio.num.map((c) => columnLetter(c + 1));
  const den = ratio.den.map((c) => columnLetter(c + 1));
  return (row) => {
    const d = sumOf(den, row);
    return `IF(${d}=0,"${NO_RATE}",${sumOf(num, row)}/${d})`;
  };
}

export function ratioFormula(ratio: { num: number[]; den: number[] }, row: number): string {
  return ratioFormulaFor(ratio)(row);
}

function total(cols: number[], values: readonly Value[]): number {
  let sum = 0;
  for (const c of cols) sum += Number(values[c]) || 0;
  return sum;
}

export function ratioValue(ratio: { num: number[]; den: number[] }, values: readonly Value[]): number | string {
  const den = total(ratio.den, values);
  return den === 0 ? NO_RATE : total(ratio.num, values) / den;
}
