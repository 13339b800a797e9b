// 领导点评 (quarterly leader comments): what was said this quarter, who has not been commented on,
// and how far comments reached in each organisation.
import { loadEvaluations, loadFigures, loadMembers, loadUserNames } from './load';
import { orgName, tableSheet, type Builder } from './report';
import type { Column } from './layout/table';
import { ORG_KIND_LABELS, ROLE_LABELS } from './words';

export const buildQuarterly: Builder = async (run) => {
  const { ctx, scope, period, tz } = run;
  const comments = await loadEvaluations(ctx.db, scope, 'leader_comment', [period.key], tz);
  const peerReviews = await loadEvaluations(ctx.db, scope, 'peer', [period.key], tz);
  const selfReports = await loadEvaluations(ctx.db, scope, 'self_report', [period.key], tz);
  const authors = await loadUserNames(ctx.db, comments.map((c) => c.userId), scope);
  const figures = await loadFigures(ctx.db, scope, period.year, tz);
  const members = await loadMembers(ctx.db, figures, comments.filter((c) => c.targetType === 'member').map((c) => c.targetId), scope);

  // Who is to be commented on: every branch and general branch in scope, and every member who
  // made a commitment this year. Committees are commented on by their own superiors.
  const committed = new Set(figures.filter((f) => f.status !== 'withdrawn' && f.memberId !== null).map((f) => f.memberId!));
  const orgs = scope.orgs.filter((o) => o.kind !== 'committee');
  const people = members.filter((m) => committed.has(m.id));
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  people.sort((a, b) => place.get(a.orgId)! - place.get(b.orgId)! || a.id - b.id);

  const commentedOrgs = new Set(comments.filter((c) => c.targetType === 'organization').map((c) => c.targetId));
  const commentedMembers = new Set(comments.filter((c) => c.targetType === 'member').map((c) => c.targetId));
  const peerReviewed = new Set(peerReviews.filter((c) => c.targetType === 'member').map((c) => c.targetId));
  const reported = new Set(selfReports.map((c) => c.targetId));
  const memberList = (list: typeof people) => list.map((m, i) => [i + 1, orgName(run, m.orgId), m.name, ROLE_LABELS[m.role]]);
  const MEMBER_COLUMNS: Column[] = [
    { header: '序号', kind: 'int' },
    { header: '所属党组织', kind: 'text' },
    { header: '姓名', kind: 'text' },
    { header: '党员类别', kind: 'text' },
  ];
  const memberById = new Map(members.map((m) => [m.id, m]));
  const targetName = (type: string, id: number) => (type === 'organization' ? orgName(run, id) : memberById.get(id)?.name ?? '');

  const missing = [
    ...orgs.filter((o) => !commentedOrgs.has(o.id)).map((o) => [orgName(run, o.parentId ?? o.id), o.name, ORG_KIND_LABELS[o.kind]]),
    ...people.filter((m) => !commentedMembers.has(m.id)).map((m) => [orgName(run, m.orgId), m.name, ROLE_LABELS[m.role]]),
  ];
  const reach = scope.orgs
    .map((o) => {
      const own = o.kind === 'committee' ? 0 : 1;
      const ownDone = own && commentedOrgs.has(o.id) ? 1 : 0;
      const mine = people.filter((m) => m.orgId === o.id);
      const done = ownDone + mine.filter((m) => commentedMembers.has(m.id)).length;
      return [o.name, own + mine.length, done, own + mine.length - done];
    })
    .filter((r) => (r[1] as number) > 0);

  return {
    rules: ['应点评对象：范围内的党总支、党支部，以及本年度作出承诺的党员；党委由其上级点评，不列入。', '点评记录按点评所属季度（如 2011-Q2）统计。', '述诺（党员本人报告）、支部讲评（本支部审核人对党员的点评，计入领导点评）和党员互评，按本季度是否有记录统计；应述诺、互评的是本年度作出承诺的党员。'],
    sheets: [
      tableSheet('本季度的领导点评', {
        name: '点评记录',
        title: '领导点评记录',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '所在党组织', kind: 'text' },
          { header: '点评对象', kind: 'text' },
          { header: '对象类型', kind: 'text' },
          { header: '点评意见', kind: 'long' },
          { header: '点评人', kind: 'text' },
          { header: '点评日期', kind: 'date' },
        ],
        rows: comments.map((c, i) => [
          i + 1,
          orgName(run, c.orgId),
          targetName(c.targetType, c.targetId),
          c.targetType === 'organization' ? '党组织' : '党员',
          c.text ?? '',
          authors.get(c.userId) ?? '',
          new Date(`${c.createdOn}T00:00:00Z`),
        ]),
        emptyText: '本季度还没有领导点评',
      }, run),
      tableSheet('本季度还没有被点评的党组织和党员', {
        name: '未点评对象',
        title: '本季度未点评对象',
        columns: [
          { header: '序号', kind: 'int' },
          { header: '所属党组织', kind: 'text' },
          { header: '对象', kind: 'text' },
          { header: '类别', kind: 'text' },
        ],
        rows: missing.map((r, i) => [i + 1, ...r]),
        emptyText: '本季度所有应点评对象都已点评',
      }, run),
      tableSheet('本年度作出承诺、本季度还没有述诺（党员本人报告践诺情况）记录的党员', {
        name: '未述诺党员',
        title: '本季度未述诺党员',
        columns: MEMBER_COLUMNS,
        rows: memberList(people.filter((m) => !reported.has(m.id))),
        emptyText: '本季度所有应述诺的党员都已述诺',
      }, run),
      tableSheet('本年度作出承诺、本季度还没有党员互评记录的党员', {
        name: '未互评党员',
        title: '本季度未互评党员',
        columns: MEMBER_COLUMNS,
        rows: memberList(people.filter((m) => !peerReviewed.has(m.id))),
        emptyText: '本季度所有应互评的党员都有互评记录',
      }, run),
      tableSheet('各党组织（本组织及其党员）应点评、已点评人数', {
        name: '点评覆盖',
        title: '领导点评覆盖情况',
        columns: [
          { header: '党组织', kind: 'text' },
          { header: '应点评', kind: 'int', total: true },
          { header: '已点评', kind: 'int', total: true },
          { header: '未点评', kind: 'int', total: true },
          { header: '覆盖率', kind: 'rate', ratio: { num: [2], den: [1] } },
        ],
        rows: reach.map((r) => [...r, null]),
        emptyText: '范围内没有应点评对象',
        totalsLabel: '合计',
      }, run),
    ],
  };
};
