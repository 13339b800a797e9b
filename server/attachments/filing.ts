// 备案: for an organisation's year, who made commitments (the subjects of the year's 承诺书, as
// the pledge-form report prints them) and whether each has a signed form filed — an attachment
// of kind `pledge_form` on the member, or on the organisation for its organisation commitments.
// One reading for GET /filing, the review desk and the annual report's sheet.
import type { FilingEntry } from '../../core/attachments';
import type { AppContext } from '../context';
import { loadMemberNames, scopeIds, type ReportScope } from '../reports/load';

export async function loadFiling(ctx: AppContext, scope: ReportScope, year: number): Promise<FilingEntry[]> {
  // The scope's organisations and members as a closed year froze them, else as they are now.
  const made = ctx.db
    .selectFrom('commitments')
    .where('commitments.org_id', 'in', scopeIds(ctx.db, scope))
    .where('commitments.year', '=', year)
    .where('commitments.status', '<>', 'withdrawn');
  const [orgs, members, forms] = await Promise.all([
    made.where('subject_type', '=', 'organization').select('commitments.org_id').distinct().execute(),
    made
      .where('subject_type', '=', 'member')
      .where('member_id', 'is not', null)
      .select('member_id as id')
      .select((eb) => eb.fn.min('commitments.org_id').as('org_id'))
      .groupBy('member_id')
      .execute(),
    ctx.db
      .selectFrom('attachments')
      .select(['id', 'entity_type', 'entity_id', 'uploaded_at'])
      .where('kind', '=', 'pledge_form')
      .where('year', '=', year)
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'organization'), eb('entity_id', 'in', made.where('subject_type', '=', 'organization').select('commitments.org_id'))]),
          eb.and([eb('entity_type', '=', 'member'), eb('entity_id', 'in', made.where('subject_type', '=', 'member').where('member_id', 'is not', null).select('commitments.member_id as id'))]),
        ]),
      )
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
  ]);
  // The first form filed for each subject.
  const firstForm = new Map<string, { id: number; uploaded_at: string }>();
  for (const f of forms) if (!firstForm.has(`${f.entity_type}:${f.entity_id}`)) firstForm.set(`${f.entity_type}:${f.entity_id}`, f);
  const entry = (subjectType: FilingEntry['subjectType'], subjectId: number, name: string, orgId: number): FilingEntry => {
    const form = firstForm.get(`${subjectType}:${subjectId}`);
    return { subjectType, subjectId, name, orgId, orgName: scope.byId.get(orgId)?.name ?? '', filed: Boolean(form), filedAt: form?.uploaded_at ?? null, attachmentId: form?.id ?? null };
  };
  const names = new Map((await loadMemberNames(ctx.db, members.map((m) => m.id!), scope)).map((m) => [m.id, m.name]));
  const place = new Map(scope.orgs.map((o, i) => [o.id, i]));
  const entries = [
    ...orgs.map((o) => entry('organization', o.org_id, scope.byId.get(o.org_id)?.name ?? '', o.org_id)),
    ...members.map((m) => entry('member', m.id!, names.get(m.id!) ?? '', Number(m.org_id))),
  ];
  // As the scope lists organisations; each organisation before its members, members by id.
  return entries.sort(
    (a, b) => place.get(a.orgId)! - place.get(b.orgId)! || (a.subjectType === b.subjectType ? a.subjectId - b.subjectId : a.subjectType === 'organization' ? -1 : 1),
  );
}
