// The ledger's columns (DESIGN §5) and header recognition: which row of a sheet is the header
// and which column holds which field. One set of rules for the add-in's Check and the server's
// converter of old ledgers; pure and browser-safe.
import { parseCategory } from './category';
import { cleanText } from './text';
import type { Category, CellValue, LedgerRowInput } from './types';

export type LedgerField = keyof LedgerRowInput;

export interface LedgerColumn {
  field: LedgerField;
  zh: string;
  en: string;
  /** Other headers clerks write for the same column. */
  synonyms: string[];
}

/** The canonical ledger columns, in the order the add-in lays them out. */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { field: 'seq', zh: '序号', en: 'No.', synonyms: ['序', '排序', 'no'] },
  { field: 'year', zh: '承诺年度', en: 'Year', synonyms: ['年度', '年份', '承诺年份'] },
  {
    field: 'org',
    zh: '所在党组织',
    en: 'Party organisation',
    synonyms: ['党组织', '所在支部', '支部', '党支部', '所在党支部', '所在单位', '单位', '单位名称', '党组织名称', '支部名称', '所属支部', '所属党组织', 'organisation', 'organization'],
  },
  {
    field: 'subject',
    zh: '承诺主体',
    en: 'Subject',
    synonyms: ['承诺人', '姓名', '承诺人姓名', '党员姓名', '承诺对象', '承诺党员', '名称'],
  },
  { field: 'subjectType', zh: '主体类型', en: 'Subject type', synonyms: ['主体类别', '承诺主体类型', '对象类型'] },
  {
    field: 'category',
    zh: '承诺类别',
    en: 'Category',
    synonyms: ['类别', '类型', '承诺类型', '承诺种类', '承诺分类', '分类', '种类'],
  },
  {
    field: 'content',
    zh: '承诺内容',
    en: 'Content',
    synonyms: ['承诺事项', '内容', '事项', '承诺', '具体承诺', '承诺项目', '承诺事项内容', '承诺事项及内容', '主要内容'],
  },
  {
    field: 'measures',
    zh: '具体措施',
    en: 'Measures',
    synonyms: ['措施', '保障措施', '落实措施', '践诺措施', '工作措施', '主要措施', '实施措施', '具体举措', '举措'],
  },
  {
    field: 'deadline',
    zh: '完成时限',
    en: 'Deadline',
    synonyms: ['时限', '承诺时限', '完成时间', '完成期限', '期限', '兑现时间', '兑现时限', '完成日期', '践诺时限', '时间'],
  },
  { field: 'responsible', zh: '责任人', en: 'Responsible', synonyms: ['负责人', '责任领导', '具体责任人', '牵头人'] },
  {
    field: 'status',
    zh: '状态',
    en: 'Status',
    synonyms: ['践诺情况', '完成情况', '兑现情况', '承诺状态', '完成状态', '践诺状态', '是否完成', '是否兑现'],
  },
  {
    field: 'progress',
    zh: '进展情况',
    en: 'Progress',
    synonyms: ['进展', '进度', '践诺进展', '落实进展', '落实情况', '工作进展', '践诺记实', '进展记录'],
  },
  { field: 'remarks', zh: '备注', en: 'Remarks', synonyms: ['说明', '附注', 'note', 'notes'] },
  { field: 'id', zh: '编号', en: 'ID', synonyms: ['记录编号', '台账编号'] },
];

/** Columns old ledgers carry beyond the canonical ones; recognised, never laid out. */
const EXTRA_COLUMNS: readonly LedgerColumn[] = [
  { field: 'expected', zh: '预期目标', en: 'Expected result', synonyms: ['预期效果', '预期成效', '预期结果', '目标'] },
  // Tells two members of one name apart, and fills the member's record.
  { field: 'unitPost', zh: '单位及职务', en: 'Unit and post', synonyms: ['工作单位及职务', '单位职务', '所在单位及职务'] },
  // When a finished item was marked off; 完成时间 is this only beside another deadline column.
  { field: 'completedOn', zh: '销号日期', en: 'Completed on', synonyms: ['销号时间', '实际完成时间', '实际完成日期', '兑现日期', '完成销号时间'] },
  // 践诺计划 of an item done in phases: `6月底前完成选址；9月底前完工` (core/plan.ts).
  { field: 'plan', zh: '阶段计划', en: 'Phased plan', synonyms: ['分期计划', '履诺计划', '践诺计划', '分步计划', '分阶段计划', '分期分步计划', '阶段目标', '阶段安排'] },
];

/** Headers that are the deadline alone, but the completion date beside another deadline column (承诺时限 | 完成时间). */
const DONE_WHEN_BESIDE_DEADLINE = new Set(['完成时间', '完成日期', '兑现时间']);

/** Member-form columns that only look like ledger fields (单位及职务 is no 所在党组织). */
const FOREIGN_HEADERS = [
  '性别', '年龄', '出生年月', '民族', '学历', '入党时间', '入党年月', '职务', '职称', '岗位', '工作岗位', '联系电话', '电话', '签名', '承诺人签名', '本人签名', '审核意见', '支部意见',
  // The add-in's own columns beside a ledger: the server's state is never the clerk's 状态.
  '系统状态', '同步键',
];

/** Headers are short; a long cell is a title, a note or data. */
const MAX_HEADER_LENGTH = 12;
/** Words too general to count when merely contained in a longer header. */
const EXACT_ONLY = new Set(['承诺', '事项', '时间', '单位', '支部', '名称', '目标', '说明', '内容', '类型', '分类', '种类', '序', '进度', 'no']);
/** Counts and rates belong to summary sheets, not to a ledger. */
const SUMMARY_HEADER = /(数|率|比例|合计|小计|总计)$/;

export interface HeaderMapping {
  /** 0-based index into each row. */
  column: number;
  field: LedgerField;
  /** Set on the columns of a wide form (共性承诺 | 岗位承诺 | …): each cell is one commitment. */
  category?: Category;
  /** The header as written (two-row headers: group and label joined by " / "). */
  header: string;
  /** 1 for an exact name, less for a guess from part of the header. */
  confidence: number;
}

export interface HeaderRecognition {
  /** 0-based index of the header's first row, null when no row looks like a ledger header. */
  headerRow: number | null;
  /** 1, or 2 for a two-row header with merged group cells; data starts at headerRow + headerRows. */
  headerRows: number;
  mapping: HeaderMapping[];
  /** Columns with a header this recognition did not place. */
  unmapped: { column: number; header: string }[];
  /** 0..1: how sure the whole mapping is. */
  confidence: number;
}

/** A merged area, 0-based and inclusive, in the same coordinates as the rows. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface RecogniseOptions {
  /** Merged areas of the sheet, for exact two-row headers. Without them empty cells are read as merged. */
  merges?: readonly CellRange[];
  /** How many rows from the top may hold the header. */
  maxScan?: number;
}

const NOT_FOUND: HeaderRecognition = { headerRow: null, headerRows: 0, mapping: [], unmapped: [], confidence: 0 };

const exactNames = new Map<string, LedgerField>();
const containedNames: [string, LedgerField][] = [];
for (const column of [...LEDGER_COLUMNS, ...EXTRA_COLUMNS]) {
  for (const name of [column.zh, column.en, ...column.synonyms]) {
    const key = normaliseHeader(name);
    exactNames.set(key, column.field);
    if (!EXACT_ONLY.has(key) && key.length >= 2) containedNames.push([key, column.field]);
  }
}
const foreignNames = FOREIGN_HEADERS.map(normaliseHeader);

/** Header text compared: width-folded, without spaces, bracketed notes, `*` marks or colons. */
export function normaliseHeader(v: CellValue): string {
  // A date is never a header; cleanText reads rich-text cells and never throws on odd objects.
  if (v instanceof Date) return '';
  return (cleanText(v) ?? '')
    .normalize('NFKC')
    .replace(/[(\[【][^)\]】]*[)\]】]/g, '')
    .replace(/[\s*:：]/g, '')
    .toLowerCase();
}

export interface HeaderMatch {
  field: LedgerField;
  category?: Category;
  confidence: number;
}

/** What one header cell names, or null. */
export function matchHeader(text: CellValue): HeaderMatch | null {
  const h = normaliseHeader(text);
  if (!h) return null;
  const exact = exactNames.get(h);
  if (exact) return { field: exact, confidence: 1 };
  if (foreignNames.includes(h) || SUMMARY_HEADER.test(h)) return null;
  const category = categoryColumn(h);
  if (category) return { field: 'content', category, confidence: 1 };
  if (h.length > MAX_HEADER_LENGTH) return null;

  let best: [string, LedgerField] | null = null;
  for (const entry of containedNames) {
    if (h.includes(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  if (!best) return null;
  const foreign = foreignNames.find((f) => h.includes(f) && f.length >= best[0].length);
  if (foreign) return null;
  return { field: best[1], confidence: round(0.5 + (0.4 * best[0].length) / h.length) };
}

/** 共性承诺, 为民办实事承诺, 实事承诺事项 …: the category a wide form's column stands for. */
function categoryColumn(h: string): Category | null {
  return parseCategory(h) ?? parseCategory(h.replace(/(内容|事项)$/, '')) ?? parseCategory(h.replace(/承诺(内容|事项)?$/, ''));
}

/**
 * Under a commitment group (承诺事项 over 共性 | 岗位 | 实事) short labels name categories too;
 * alone, 岗位 is a member's post, not a column of commitments.
 */
function matchUnderGroup(label: CellValue, group: CellValue): HeaderMatch | null {
  const g = normaliseHeader(group);
  if (g.includes('承诺') || exactNames.get(g) === 'content') {
    const h = normaliseHeader(label);
    const category = h ? parseCategory(h) ?? parseCategory(`${h}承诺`) : null;
    if (category) return { field: 'content', category, confidence: 1 };
  }
  return matchHeader(label);
}

/**
 * Finds the header of a ledger sheet: skips title and 填报单位/填报日期 rows, reads one- or
 * two-row headers (merged group cells over their labels), and wide forms where each category
 * is a column. `rows` are the sheet's cell values from its first row, as read.
 */
export function recogniseHeader(rows: readonly (readonly CellValue[])[], opts: RecogniseOptions = {}): HeaderRecognition {
  const scan = Math.min(rows.length, opts.maxScan ?? 30);
  const singles = rows.slice(0, scan + 1).map((row) => mapLabels(singleLabels(row)));
  let best: HeaderRecognition = NOT_FOUND;
  let bestScore = 0;
  for (let r = 0; r < scan; r++) {
    const readings: [Reading | null, number][] = [[singles[r], 1]];
    if (r + 1 < rows.length) {
      // Two rows count as one header only when they say more than either row alone: a title
      // or a 填报单位 row above a header adds nothing.
      const double = mapLabels(doubleLabels(rows, r, opts.merges));
      const alone = Math.max(singles[r]?.score ?? 0, singles[r + 1]?.score ?? 0);
      if (double && double.score > alone + 1e-9) readings.push([double, 2]);
    }
    for (const [reading, headerRows] of readings) {
      if (!reading || reading.score <= bestScore + 1e-9) continue;
      const { score, ...found } = reading;
      best = { ...found, headerRow: r, headerRows };
      bestScore = score;
    }
  }
  return best;
}

interface Label {
  /** The label of this column (the lower cell of a two-row header). */
  text: CellValue;
  /** The merged group cell above it, in a two-row header. */
  group?: CellValue;
}

function singleLabels(row: readonly CellValue[] | undefined): Label[] {
  return (row ?? []).map((text) => ({ text }));
}

function isBlank(v: CellValue): boolean {
  return cleanText(v) === null;
}

/** Labels of rows r and r+1 read as one header: a label under its group, or a cell spanning both rows. */
function doubleLabels(rows: readonly (readonly CellValue[])[], r: number, merges: readonly CellRange[] | undefined): Label[] {
  const top = rows[r] ?? [];
  const bottom = rows[r + 1] ?? [];
  const width = Math.max(top.length, bottom.length);
  const labels: Label[] = [];
  let carried: CellValue = null;
  for (let c = 0; c < width; c++) {
    const own = top[c];
    const below = bottom[c];
    let group: CellValue = null;
    if (!isBlank(own)) group = own;
    else if (merges) {
      const area = merges.find((m) => m.top === r && m.left < c && c <= m.right);
      if (area) group = top[area.left];
    } else if (!isBlank(carried) && !isBlank(bottom[c - 1]) && !isBlank(below)) {
      group = carried; // without merge data, an empty top cell over a label continues its left group
    }
    carried = group;
    const spansBoth = merges?.some((m) => m.top === r && m.bottom > r && m.left <= c && c <= m.right) ?? false;
    if (isBlank(below) || spansBoth) {
      // A cell spanning both rows (序号, 姓名 …) names the column itself; a lone group does not.
      labels.push({ text: isBlank(own) ? null : own });
    } else {
      labels.push({ text: below, group: isBlank(group) ? undefined : group });
    }
  }
  return labels;
}

interface Reading {
  mapping: HeaderMapping[];
  unmapped: HeaderRecognition['unmapped'];
  confidence: number;
  /** Sum of the column confidences: the reading that places more, surer, wins. */
  score: number;
}

function mapLabels(labels: Label[]): Reading | null {
  const byField = new Map<string, HeaderMapping>();
  const unmapped: HeaderRecognition['unmapped'] = [];
  labels.forEach((label, column) => {
    if (isBlank(label.text)) return;
    const header = label.group == null ? cleanText(label.text)! : `${cleanText(label.group)} / ${cleanText(label.text)}`;
    const match = label.group == null ? matchHeader(label.text) : matchUnderGroup(label.text, label.group);
    if (!match) {
      unmapped.push({ column, header });
      return;
    }
    const slot = match.category ? `content:${match.category}` : match.field;
    const held = byField.get(slot);
    if (slot === 'deadline' && held && !byField.has('completedOn')) {
      // 承诺时限 beside 完成时间: one is when it was due, the other when it was done.
      const doneHere = DONE_WHEN_BESIDE_DEADLINE.has(normaliseHeader(label.text));
      if (doneHere !== DONE_WHEN_BESIDE_DEADLINE.has(normaliseHeader(held.header))) {
        const [done, due] = doneHere ? [{ column, header }, held] : [held, { column, header }];
        byField.set('completedOn', { column: done.column, header: done.header, field: 'completedOn', confidence: match.confidence });
        byField.set('deadline', { column: due.column, header: due.header, field: 'deadline', confidence: match.confidence });
        return;
      }
    }
    if (held && held.confidence >= match.confidence) {
      unmapped.push({ column, header });
      return;
    }
    if (held) unmapped.push({ column: held.column, header: held.header });
    byField.set(slot, { column, field: match.field, ...(match.category && { category: match.category }), header, confidence: match.confidence });
  });

  let mapping = [...byField.values()];
  const wide = mapping.some((m) => m.category);
  if (wide) {
    // In a wide form the category columns hold the contents; a general content column is ambiguous.
    const plain = mapping.find((m) => m.field === 'content' && !m.category);
    if (plain) {
      unmapped.push({ column: plain.column, header: plain.header });
      mapping = mapping.filter((m) => m !== plain);
    }
  }
  if (!mapping.some((m) => m.field === 'content') || mapping.length < 2) return null;
  mapping.sort((a, b) => a.column - b.column);
  unmapped.sort((a, b) => a.column - b.column);

  const fields = new Set(mapping.map((m) => m.field));
  const essentials = ['subject', 'content'].filter((f) => fields.has(f as LedgerField)).length + (wide || fields.has('category') ? 1 : 0);
  const mean = mapping.reduce((sum, m) => sum + m.confidence, 0) / mapping.length;
  const score = mapping.reduce((sum, m) => sum + m.confidence, 0);
  return { mapping, unmapped, confidence: round(mean * (0.5 + essentials / 6)), score };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The user's corrections to a recognised mapping: column (0-based, as the rows) → field, or null to ignore it. */
export type MappingChoice = Record<number, LedgerField | null>;

/**
 * The recognised mapping with the user's corrections (the pane's Check and a conversion preview
 * alike); a field chosen twice keeps the user's column.
 */
export function applyMappingChoice(recognition: HeaderRecognition, choice: MappingChoice, headerCells: readonly unknown[]): HeaderMapping[] {
  const chosen = Object.entries(choice).map(([column, field]) => ({ column: Number(column), field }));
  if (chosen.length === 0) return recognition.mapping;
  const chosenColumns = new Set(chosen.map((c) => c.column));
  const chosenFields = new Set(chosen.map((c) => c.field).filter((f) => f !== null));
  const kept = recognition.mapping.filter(
    (m) => !chosenColumns.has(m.column) && (m.category !== undefined || !chosenFields.has(m.field)),
  );
  const added: HeaderMapping[] = chosen
    .filter((c): c is { column: number; field: LedgerField } => c.field !== null)
    .map((c) => ({ column: c.column, field: c.field, header: String(headerCells[c.column] ?? '').trim(), confidence: 1 }));
  return [...kept, ...added].sort((a, b) => a.column - b.column);
}
