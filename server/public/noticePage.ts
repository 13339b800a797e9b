// The public page of one organisation's year (`/p/<token>`), as HTML.
import { CATEGORY_LABELS } from '../../core/category';
import { STATUS_LABELS } from '../../core/status';
import { esc, page } from './html';
import type { PublicItem, PublicView } from './view';
import { chineseDate } from '../reports/words';

export function noticePage(v: PublicView): string {
  const title = `${v.orgName}${v.year}年度公开承诺`;
  const parts = [
    `<h1>${esc(title)}</h1>`,
    `<p class="muted">公开承诺 接受群众监督${v.changedOn ? ` · 最近更新 ${esc(chineseDate(v.changedOn))}` : ''}</p>`,
  ];
  if (v.goal) parts.push(`<h2>创建目标</h2><p>${esc(v.goal)}</p>`);
  parts.push(`<h2>承诺事项（${v.items.length} 项）</h2>`);
  parts.push(v.items.length ? v.items.map(itemHtml).join('') : '<p class="muted">本年度尚无公示的承诺。</p>');
  if (v.comments.length) {
    parts.push('<h2>领导点评</h2>');
    parts.push(v.comments.map((c) => `<div class="item"><p class="muted">${esc(c.period)} · ${esc(c.about)}</p><p>${esc(c.text)}</p></div>`).join(''));
  }
  if (v.survey) {
    const s = v.survey;
    const rate = s.rate === null ? '—' : `${(s.rate * 100).toFixed(1)}%`;
    parts.push(
      `<h2>群众评议（${esc(s.period)}）</h2><p>满意 ${s.satisfied} 票，基本满意 ${s.basicallySatisfied} 票，不满意 ${s.unsatisfied} 票；满意率 ${rate}</p>`,
    );
  }
  return page(title, parts.join(''));
}

function itemHtml(i: PublicItem): string {
  const done = i.status === 'completed';
  const status = `<span class="tag${done ? ' done' : ''}">${esc(STATUS_LABELS[i.status].zh)}</span>`;
  const late = i.overdue ? '<span class="tag late">已逾期</span>' : '';
  const notes = i.notes.length
    ? `<ul>${i.notes.map((n) => `<li>${esc(monthLabel(n.month))}：${esc(n.note)}${n.percent === null ? '' : `（${n.percent}%）`}</li>`).join('')}</ul>`
    : '';
  return (
    `<div class="item" data-item="${i.id}"><h3>${esc(i.content)}</h3>` +
    `<p>${status}${late}<span class="muted">${esc(i.subject)} · ${esc(CATEGORY_LABELS[i.category].zh)} · 完成时限 ${esc(i.deadline === 'ongoing' ? '长期' : chineseDate(i.deadline))}</span></p>` +
    `${notes}<p class="muted">更新于 ${esc(chineseDate(i.changedOn))}</p></div>`
  );
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}
