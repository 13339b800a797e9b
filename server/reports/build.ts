// Builds a report workbook: checks the period fits the kind, reads the scope, lets the kind's
// builder lay out its sheets after a cover, and adds the pictures when there are some.
import { parsePeriod, periodNotBegun, type Period, type PeriodKind } from '../../core/period';
import { REPORT_KINDS, type IsoDate, type ReportKind } from '../../core/types';
import { completedBy, daysOverdueOn, reportDate } from '../../core/figures';
import type { AppContext } from '../context';
import { addCover } from './layout/cover';
import { addPictures } from './layout/pictures';
import { streamingWorkbook } from './layout/workbook';
import { loadFigures, loadScope, loadTexts, localDay } from './load';
import type { Builder, ReportOptions, ReportRun } from './report';
import { KIND_TITLES, periodLabel } from './words';
import { buildMonthly } from './monthly';
import { buildQuarterly } from './quarterly';
import { buildHalfYear } from './halfYear';
import { buildAnnual } from './annual';
import { buildNotice } from './notice';
import { buildPledgeForms } from './pledgeForms';

const BUILDERS: Record<ReportKind, { period: PeriodKind; build: Builder; example: string }> = {
  monthly: { period: 'month', build: buildMonthly, example: '2011-06' },
  quarterly: { period: 'quarter', build: buildQuarterly, example: '2011-Q2' },
  'half-year': { period: 'half', build: buildHalfYear, example: '2011-H1' },
  annual: { period: 'year', build: buildAnnual, example: '2011' },
  notice: { period: 'year', build: buildNotice, example: '2011' },
  'pledge-forms': { period: 'year', build: buildPledgeForms, example: '2011' },
};

/** A request the report cannot be made for; `code` is stable, `field` names the parameter. */
export class ReportRequestError extends Error {
  constructor(
    readonly code: 'unknown_report_kind' | 'bad_period' | 'period.not_begun' | 'unknown_org' | 'bad_date',
    readonly field: 'kind' | 'period' | 'org' | 'postedOn',
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Kinds that print what was committed rather than figures: a year's may be made from 1 December before it. */
const PRINTED_AHEAD: ReadonlySet<ReportKind> = new Set(['notice', 'pledge-forms']);

/** The kind and period of a request, checked; `today` is the date in the report time zone. */
export function checkReportRequest(kind: string, periodKey: string, today: IsoDate): { kind: ReportKind; period: Period } {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new ReportRequestError('unknown_report_kind', 'kind', `没有「${kind}」这种报表，可选：${REPORT_KINDS.join('、')}`, `No report kind "${kind}"; choose one of ${REPORT_KINDS.join(', ')}`);
  }
  const spec = BUILDERS[kind as ReportKind];
  const period = parsePeriod(periodKey);
  if (!period || period.kind !== spec.period) {
    throw new ReportRequestError('bad_period', 'period', `${KIND_TITLES[kind as ReportKind]}的统计期间应写成 ${spec.example} 这样，收到的是「${periodKey}」`, `The period of the ${kind} report is written like ${spec.example}; got "${periodKey}"`);
  }
  const notBegun = periodNotBegun(period, today, PRINTED_AHEAD.has(kind as ReportKind) ? `${period.year - 1}-12-01` : period.start);
  if (notBegun) throw new ReportRequestError('period.not_begun', 'period', notBegun.zh, notBegun.en);
  return { kind: kind as ReportKind, period };
}

/** The notice's options as a request or the CLI gives them: `orgPerPage` (1/true), `postedOn` (first day of 公示, YYYY-MM-DD). */
export function reportOptions(given: { orgPerPage?: unknown; postedOn?: unknown }): ReportOptions {
  const postedOn = typeof given.postedOn === 'string' && given.postedOn !== '' ? given.postedOn : undefined;
  if (postedOn !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(postedOn) && new Date(`${postedOn}T00:00:00Z`).toISOString().startsWith(postedOn))) {
    throw new ReportRequestError('bad_date', 'postedOn', `公示开始日期应写成 2011-03-01 这样，收到的是「${postedOn}」`, `postedOn is a date like 2011-03-01; got "${postedOn}"`);
  }
  return { orgPerPage: given.orgPerPage === true || given.orgPerPage === '1' || given.orgPerPage === 'true', postedOn };
}

export interface ReportRequest {
  kind: string;
  orgId: number;
  period: string;
  generatedBy?: string;
  /** The public pages' origin when PUBLIC_URL is not configured (the origin the request came in on). */
  publicUrl?: string;
  options?: ReportOptions;
}

export async function buildReport(ctx: AppContext, req: ReportRequest): Promise<{ buffer: Buffer; fileName: string }> {
  const { kind, period } = checkReportRequest(req.kind, req.period, reportToday(ctx));
  const run = await startRun(ctx, req, period);
  const built = await BUILDERS[kind].build(run);

  const now = ctx.now();
  const title = `${run.scope.root.name}${periodLabel(period)}${KIND_TITLES[kind]}`;
  const { wb, finish } = streamingWorkbook({ creator: req.generatedBy ?? '公开承诺台账', created: now });
  if (built.cover !== false) addCover(wb, {
    title,
    organisation: `${run.scope.root.name}（含下级党组织 ${run.scope.orgs.length - 1} 个）`,
    period: `${periodLabel(period)}（${period.start} 至 ${period.end}）`,
    asOf: run.asOf,
    generatedAt: localTime(now, run.tz),
    generatedBy: req.generatedBy ?? '系统',
    highlights: built.highlights,
    sheets: built.sheets.map((s) => ({ name: s.name, holds: s.holds })),
    rules: built.rules,
  });
  const ids = new Map<string, number>();
  // Taken out of the list as they are written, so each sheet's rows can go once it is in the zip.
  for (let sheet = built.sheets.shift(); sheet; sheet = built.sheets.shift()) ids.set(sheet.name, await sheet.write(wb));
  let buffer = await finish();
  if (built.pictures) buffer = await addPictures(buffer, ids.get(built.pictures.sheetName)!, built.pictures.pictures);
  return { buffer, fileName: `${safeFileName(run.scope.root.name)}_${period.key}_${KIND_TITLES[kind]}.xlsx` };
}

async function startRun(ctx: AppContext, req: Pick<ReportRequest, 'orgId' | 'publicUrl' | 'options'>, period: Period): Promise<ReportRun> {
  const scope = await loadScope(ctx.db, req.orgId, period.year);
  if (!scope) throw new ReportRequestError('unknown_org', 'org', `没有编号为 ${req.orgId} 的党组织`, `No organisation ${req.orgId}`);
  const today = reportToday(ctx);
  const publicUrl = ctx.config.publicUrl ?? req.publicUrl ?? 'https://localhost:3000';
  return { ctx, scope, period, today, asOf: reportDate(period, today), tz: ctx.config.reportTz, publicUrl, options: req.options ?? {} };
}

/** Today in the report time zone. */
export function reportToday(ctx: AppContext): IsoDate {
  return localDay(ctx.config.reportTz)(ctx.now().toISOString());
}

export interface Headline {
  items: number;
  completed: number;
  overdue: number;
  mostOverdue: { orgName: string; subjectName: string; content: string; deadline: string; daysOverdue: number }[];
}

/** The few figures an email body carries: the year's items in scope as of the period's report date. */
export async function reportHeadline(ctx: AppContext, req: { orgId: number; period: string }): Promise<Headline> {
  const period = parsePeriod(req.period);
  if (!period) throw new ReportRequestError('bad_period', 'period', `统计期间「${req.period}」无法识别`, `Unrecognised period "${req.period}"`);
  const run = await startRun(ctx, req, period);
  const figures = (await loadFigures(ctx.db, run.scope, period.year, run.tz)).filter((f) => f.status !== 'withdrawn');
  const late = figures
    .map((f) => ({ f, days: daysOverdueOn(f, run.asOf) }))
    .filter((x) => x.days > 0)
    .sort((a, b) => b.days - a.days || a.f.id - b.f.id);
  const worst = late.slice(0, 3);
  const texts = await loadTexts(ctx.db, run.scope, period.year, new Set(worst.map((x) => x.f.id)));
  return {
    items: figures.length,
    completed: figures.filter((f) => completedBy(f, run.asOf)).length,
    overdue: late.length,
    mostOverdue: worst.map(({ f, days }) => ({
      orgName: run.scope.byId.get(f.orgId)!.name,
      subjectName: texts.get(f.id)!.subjectName,
      content: texts.get(f.id)!.content,
      deadline: f.deadline,
      daysOverdue: days,
    })),
  };
}

/** `2011-07-15 12:00（Asia/Shanghai）`: when the workbook was made, in the report's zone. */
function localTime(at: Date, tz: string): string {
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `${localDay(tz)(at.toISOString())} ${time}（${tz}）`;
}

function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_');
}
