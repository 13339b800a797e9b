// Quality hints (四化三可, DESIGN §4): a commitment should be concrete, detailed, quantified and
// specific — comparable, checkable, assessable. These are hints for clerks and reviewers, never
// errors: they are computed from the text alone and never stop a write.
import type { Category, Deadline, LocalText } from './types';

export const HINT_CODES = ['hint.no_measure', 'hint.no_action', 'hint.copied', 'hint.deadline_beyond_year'] as const;
export type HintCode = (typeof HINT_CODES)[number];

export interface Hint {
  code: HintCode;
  message: LocalText;
}

export interface HintedCommitment {
  content: string;
  measures?: string | null;
  expected?: string | null;
  category?: Category;
  deadline: Deadline;
  year: number;
}

/**
 * The hints of one commitment. `peers` are the texts of other members' commitments (not the
 * subject's own) to compare against for copying; leave it out to skip that hint.
 */
export function commitmentHints(c: HintedCommitment, peers: readonly string[] = []): Hint[] {
  const hints: Hint[] = [];
  const checkable = [c.content, c.measures, c.expected].some((t) => t && isCheckable(t));
  if (!checkable) hints.push(NO_MEASURE);
  if (!namesConcreteAction(c.content)) hints.push(NO_ACTION);
  const copiedFrom = c.category && SHARED_BY_DESIGN.has(c.category) ? null : nearlySame(c.content, peers);
  if (copiedFrom !== null) hints.push(copied(copiedFrom));
  if (c.deadline !== 'ongoing' && Number(c.deadline.slice(0, 4)) > c.year) hints.push(beyondYear(c.deadline, c.year));
  return hints;
}

const NO_MEASURE: Hint = {
  code: 'hint.no_measure',
  message: {
    zh: '没有可衡量的数量或频次（如“每月不少于2次”“全年3件”），年底难以考核',
    en: 'No measurable amount or frequency (such as "at least twice a month" or "3 a year"); hard to assess at year end',
  },
};

const NO_ACTION: Hint = {
  code: 'hint.no_action',
  message: {
    zh: '没有具体的行动或对象，只是笼统的表态（如“加强学习，提高素质”）',
    en: 'No concrete action or object, only a general pledge (such as "study harder, improve oneself")',
  },
};

function copied(peer: string): Hint {
  const quoted = [...peer].length > 30 ? `${[...peer].slice(0, 30).join('')}…` : peer;
  return {
    code: 'hint.copied',
    message: {
      zh: `与其他党员的承诺“${quoted}”几乎相同，请结合本人岗位实际提出`,
      en: `Nearly the same as another member's commitment "${quoted}"; it should come from one's own post`,
    },
  };
}

function beyondYear(deadline: string, year: number): Hint {
  return {
    code: 'hint.deadline_beyond_year',
    message: {
      zh: `完成时限 ${deadline} 超出承诺年度 ${year} 年`,
      en: `The deadline ${deadline} lies beyond the commitment year ${year}`,
    },
  };
}

// ---- quantified or checkable --------------------------------------------------------------

const CN_NUMBER = '[一二两三四五六七八九十百千万半]';
const MEASURE_WORD =
  '(次|个|名|户|件|篇|本|节|堂|课时|小时|天|日|周|元|万元|公里|千米|米|字|人|场|期|项|所|家|批|份|条|处|台|亩|套|间|座|遍|轮|趟|回)';
const CHECKABLE = [
  /[0-9０-９]/, // 3名, 98%, 1万字: any figure fixes an amount
  new RegExp(`${CN_NUMBER}+${MEASURE_WORD}`), // 两次, 一次, 三户
  /每(天|日|周|星期|旬|月|季|学期|半年|年)/, // a frequency
  /[%％]|百分之/,
  // A prohibition is checkable as kept or broken: 不收受红包, 工作日中午不饮酒, 严禁… (but not
  // 不断提高, 不少于: those are words of degree).
  /不(?![断懈停少足够仅但同论管])|严禁|杜绝|拒绝|禁止/,
  // Standards that fix a measure in words.
  /全批全改|日清月结|限时办结|全覆盖|零(投诉|差错|事故|违纪)/,
];

function isCheckable(text: string): boolean {
  return CHECKABLE.some((re) => re.test(text));
}

// ---- concrete action or object --------------------------------------------------------------

// Words of a general pledge: attitude adverbs, all-purpose verbs and abstract nouns. A text made
// only of these (加强学习，提高素质; 积极参加组织活动) says nothing one could do or check.
const GENERAL_WORDS = [
  '进一步', '积极', '认真', '努力', '切实', '不断', '全面', '主动', '自觉', '带头', '坚持', '始终', '大力', '更加', '力争',
  '加强', '提高', '增强', '提升', '强化', '做好', '搞好', '抓好', '参加', '参与', '发挥', '树立', '保持', '落实', '开展',
  '推进', '争当', '争做', '做到', '学习', '素质', '意识', '能力', '水平', '觉悟', '修养', '作风', '观念', '作用', '形象',
  '工作', '活动', '服务', '组织', '党性', '思想', '政治', '理论', '业务', '素养', '本领', '责任', '担当', '精神', '本职',
  '各项', '有关', '相关', '自身', '自己', '个人', '质量', '效率',
];
const GENERAL = new RegExp(GENERAL_WORDS.join('|'), 'g');
const FILLER = /[的了和与及并把好将更我]/g;

function namesConcreteAction(content: string): boolean {
  const left = content.replace(GENERAL, '').replace(FILLER, '');
  return (left.match(/\p{Script=Han}/gu) ?? []).length >= 2;
}

// ---- copied ---------------------------------------------------------------------------------

/** 共性 and 自律 items are shared by design: every member makes the same ones. */
const SHARED_BY_DESIGN: ReadonlySet<Category> = new Set(['common', 'discipline']);
/** Bigram overlap (Dice) from which two texts count as the same wording. */
const SAME_WORDING = 0.85;

/** The first peer text worded nearly the same as `content`, or null. */
function nearlySame(content: string, peers: readonly string[]): string | null {
  const mine = bigrams(content);
  if (mine.size < 3) return null;
  for (const peer of peers) {
    if (dice(mine, bigrams(peer)) >= SAME_WORDING) return peer;
  }
  return null;
}

/**
 * Bigrams of the wording: letters and figures only, every number one placeholder — copying a
 * text and changing 4次 to 8次 is still copying it.
 */
function bigrams(text: string): Set<string> {
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[0-9]+(\.[0-9]+)?|[一二两三四五六七八九十百千万]+/gu, '#')
      .replace(/[^\p{L}\p{N}#]/gu, ''),
  ];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}
