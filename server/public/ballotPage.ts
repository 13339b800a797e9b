// The phone ballot (`/s/<code>`): 满意 / 基本满意 / 不满意 for the organisation (and for each member
// the ballot covers) and an optional comment. A code answers once; a second try is told kindly
// (409), and nothing is taken after the closing date (410). `/s` lets a resident type the code
// printed on the slip. No personal data is asked for or kept.
import express, { Router } from 'express';
import type { AppContext } from '../context';
import { localDay } from '../reports/load';
import { parsePeriod } from '../../core/period';
import { chineseDate, periodLabel } from '../reports/words';
import { normaliseCode, printedCode } from '../surveys/codes';
import { answerBallot, findBallot, isOpen, surveyTargets, type Ballot, type BallotAnswer, type SurveyTarget } from '../surveys/store';
import { SURVEY_ANSWERS, type SurveyAnswer } from '../surveys/tally';
import { esc, messagePage, page } from './html';

export const COMMENT_MAX = 200;
const CHOICES: [SurveyAnswer, string][] = [
  ['satisfied', '满意'],
  ['basically_satisfied', '基本满意'],
  ['unsatisfied', '不满意'],
];

const UNKNOWN = messagePage('评议票无效', '没有找到这张评议票。请核对票面上的票码，或重新扫描二维码。');
const USED = messagePage('这张评议票已经使用过了', '每张评议票只能提交一次，这张票的意见已经收到。感谢您的参与！');
const THANKS = messagePage('提交成功', '您的评议已经收到，感谢您对党组织和党员的监督！');
const TOO_MANY = messagePage('请稍后再试', '操作太频繁，请一分钟后再试。');
const closedPage = (b: Ballot) => messagePage('评议已结束', `本次评议已于${chineseDate(b.survey.closesOn)}截止，不再接收意见。感谢您的关心！`);

export function ballotRoutes(ctx: AppContext, ballotAllowed: (ballotId: string) => Promise<boolean>): Router {
  const router = Router();
  const today = () => localDay(ctx.config.reportTz)(ctx.now().toISOString());
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 200 });

  router.get('/s', (req, res) => {
    const typed = typeof req.query.code === 'string' ? req.query.code : '';
    const code = typed ? normaliseCode(typed) : null;
    if (code) return void res.redirect(303, `s/${code}`);
    res.type('html').status(typed ? 404 : 200).send(enterCodePage(typed ? '票码应为 16 位字母和数字，请核对后重新输入。' : ''));
  });

  /** The ballot of the path's code, or the page that says why there is none to answer. */
  async function ballotOf(req: express.Request, res: express.Response): Promise<Ballot | null> {
    res.type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    const code = normaliseCode(String(req.params.code));
    const ballot = code ? await findBallot(ctx.db, code) : null;
    if (!ballot) return void res.status(404).send(UNKNOWN), null;
    if (!(await ballotAllowed(String(ballot.id)))) return void res.status(429).set('Retry-After', '60').send(TOO_MANY), null;
    if (ballot.answeredAt) return void res.status(409).send(USED), null;
    if (!isOpen({ closed_at: ballot.survey.closedAt, closes_on: ballot.survey.closesOn }, today())) return void res.status(410).send(closedPage(ballot)), null;
    return ballot;
  }

  router.get('/s/:code', async (req, res) => {
    const ballot = await ballotOf(req, res);
    if (ballot) res.send(ballotPage(ballot, await surveyTargets(ctx.db, ballot.survey.id)));
  });

  router.post('/s/:code', form, async (req, res) => {
    const ballot = await ballotOf(req, res);
    if (!ballot) return;
    const targets = await surveyTargets(ctx.db, ballot.survey.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const answers = answersOf(targets, body);
    if (answers.length === 0) return void res.status(400).send(ballotPage(ballot, targets, '请至少选择一项评价后再提交。'));
    const taken = await answerBallot(ctx.db, ballot.id, answers, ctx.now().toISOString());
    res.status(taken ? 200 : 409).send(taken ? THANKS : USED);
  });

  return router;
}

/** The organisation's answer comes as `answer` (DESIGN §7), each member's as `answer_<target id>`; the comment goes with the first answer. */
function answersOf(targets: SurveyTarget[], body: Record<string, unknown>): BallotAnswer[] {
  const comment = commentOf(body.comment);
  const out: BallotAnswer[] = [];
  for (const target of targets) {
    const value = body[fieldOf(target)];
    if (typeof value === 'string' && (SURVEY_ANSWERS as readonly string[]).includes(value)) {
      out.push({ target, answer: value as SurveyAnswer, comment: out.length === 0 ? comment : null });
    }
  }
  return out;
}

/** Plain text, at most COMMENT_MAX characters, without control characters or unpaired surrogates. */
export function commentOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const text = v
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .trim();
  return text ? [...text].slice(0, COMMENT_MAX).join('') : null;
}

const fieldOf = (t: SurveyTarget) => (t.targetType === 'organization' ? 'answer' : `answer_${t.id}`);

function ballotPage(b: Ballot, targets: SurveyTarget[], error = ''): string {
  const period = parsePeriod(b.survey.period);
  const title = `${b.survey.orgName}群众满意度评议`;
  const question = (t: SurveyTarget) =>
    `<fieldset><legend>${t.targetType === 'organization' ? '对党组织' : '对党员'}：${esc(t.name)}</legend>` +
    CHOICES.map(([value, label]) => `<label class="choice"><input type="radio" name="${fieldOf(t)}" value="${value}">${label}</label>`).join('') +
    `</fieldset>`;
  return page(
    title,
    `<h1>${esc(title)}</h1><p class="muted">${esc(period ? periodLabel(period) : b.survey.period)} · 票码 ${esc(printedCode(b.code))} · ${esc(chineseDate(b.survey.closesOn))}截止</p>` +
      `<p>请根据您了解的公开承诺落实情况作出评价。本票不记名，每张票只能提交一次。</p>` +
      (error ? `<div class="box" role="alert">${esc(error)}</div>` : '') +
      `<form method="post">${targets.map(question).join('')}` +
      `<label for="comment">意见和建议（可不填，${COMMENT_MAX} 字以内）</label><textarea id="comment" name="comment" maxlength="${COMMENT_MAX}"></textarea>` +
      `<button type="submit">提交评议</button></form>`,
  );
}

function enterCodePage(error: string): string {
  return page(
    '群众评议',
    `<h1>群众评议</h1><p>请输入评议票上的票码（16 位字母和数字）。</p>` +
      (error ? `<div class="box" role="alert">${esc(error)}</div>` : '') +
      `<form method="get" action="s"><input name="code" autocomplete="off" style="width:100%;font-size:18px;padding:8px;box-sizing:border-box" placeholder="例如 ABCD-EFGH-JKMN-PQRS"><button type="submit">开始评议</button></form>`,
  );
}
