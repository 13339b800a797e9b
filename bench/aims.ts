// The aims as one table: each benchmark prints a line `AIM {…}` per figure it measured
// against an aim; bench/run.ts gathers them and prints the table after all have run.
export interface Aim {
  measure: string;
  ours: string;
  bare: string;
  /** ours / bare, as the aim states it (time or rate). */
  ratio: string;
  aim: string;
  /** null: a figure to read, no aim to meet (or the size run was too small to judge). */
  met: boolean | null;
}

const MARK = 'AIM ';

/** `npm run bench -- --quick`: smaller sizes, a minute or two in all; aims are then not judged. */
export const quick = process.env.BENCH_QUICK === '1';

export function reportAim(aim: Aim): void {
  console.log(MARK + JSON.stringify(aim));
}

/** The aim carried by a line a benchmark printed, or null for any other line. */
export function parseAim(line: string): Aim | null {
  return line.startsWith(MARK) ? (JSON.parse(line.slice(MARK.length)) as Aim) : null;
}

export function aimTable(aims: Aim[]): string {
  const head = ['measure', 'ours', 'bare', 'ratio', 'aim', 'met?'];
  const rows = aims.map((a) => [a.measure, a.ours, a.bare, a.ratio, a.aim, a.met === null ? '—' : a.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;
export const times = (ratio: number) => `${ratio.toFixed(2)}×`;
