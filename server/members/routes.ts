// GET, POST /members, GET, PATCH /members/:id: Party members of the organisations in scope.
import { Router } from 'express';
import { z } from 'zod';
import { MEMBER_ROLES } from '../../core/types';
import type { AppContext } from '../context';
import type { MemberRow } from '../db/schema';
import { id, line, optionalText, Paging, parseInput } from '../http/body';
import { userOf } from '../http/auth';
import { writers } from '../http/roles';
import { notFound, Problem } from '../http/problem';
import { assertOrgInScope, inSubtree } from '../scope';
import { IN_REVIEW } from '../commitments/steps';
import { mayChangeMemberRole } from '../commitments/review';
import { recordAudit } from '../audit';

const MEMBER = { zh: '党员', en: 'member' };

export function memberJson(m: MemberRow) {
  return {
    id: m.id,
    orgId: m.org_id,
    name: m.name,
    gender: m.gender,
    birthYear: m.birth_year,
    joinedOn: m.joined_on,
    unitPost: m.unit_post,
    role: m.role,
  };
}

const MemberBody = z.strictObject({
  orgId: id,
  name: line(50),
  gender: z.enum(['male', 'female']).nullish().transform((g) => g ?? null),
  birthYear: z.number().int().min(1900).max(2100).nullish().transform((y) => y ?? null),
  joinedOn: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullish().transform((d) => d ?? null),
  unitPost: optionalText(200),
  role: z.enum(MEMBER_ROLES),
});
const MemberPatch = MemberBody.partial();
const MemberQuery = Paging.extend({ org: id.optional(), name: z.string().max(50).optional() });

type MemberFields = z.output<typeof MemberPatch>;
function memberColumns(b: MemberFields) {
  return {
    ...(b.orgId !== undefined && { org_id: b.orgId }),
    ...(b.name !== undefined && { name: b.name }),
    ...(b.gender !== undefined && { gender: b.gender }),
    ...(b.birthYear !== undefined && { birth_year: b.birthYear }),
    ...(b.joinedOn !== undefined && { joined_on: b.joinedOn }),
    ...(b.unitPost !== undefined && { unit_post: b.unitPost }),
    ...(b.role !== undefined && { role: b.role }),
  };
}

/**
 * A member's moves between organisations, oldest first, from the audit trail: one person keeps one
 * record, and where they were when is kept with it.
 */
async function transfersOf(ctx: AppContext, memberId: number): Promise<{ fromOrgId: number; toOrgId: number; at: string }[]> {
  const rows = await ctx.db.selectFrom('audit').select(['at', 'before_json', 'after_json']).where('entity', '=', 'member').where('entity_id', '=', memberId).orderBy('id').execute();
  return rows.flatMap((r) => {
    const from = r.before_json ? JSON.parse(r.before_json).orgId : undefined;
    const to = r.after_json ? JSON.parse(r.after_json).orgId : undefined;
    return from !== undefined && to !== undefined && from !== to ? [{ fromOrgId: from, toOrgId: to, at: r.at }] : [];
  });
}

export function memberRoutes(ctx: AppContext): Router {
  const router = Router();

  async function memberInScope(req: Parameters<typeof userOf>[0], memberId: number): Promise<MemberRow> {
    const row = await ctx.db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
    if (!row) throw notFound(MEMBER);
    await assertOrgInScope(ctx, userOf(req), row.org_id, MEMBER);
    return row;
  }

  /** A member's role decides who reviews their commitments (a leading cadre's: a committee), so it holds during review. */
  async function assertNoneInReview(memberId: number): Promise<void> {
    const inReview = await ctx.db.selectFrom('commitments').select('id').where('member_id', '=', memberId).where('status', 'in', IN_REVIEW).executeTakeFirst();
    if (inReview) {
      throw new Problem(409, 'member.in_review', { zh: '党员有承诺正在审核', en: 'Member has a commitment in review' }, {
        zh: `该党员的承诺（编号 ${inReview.id}）正在审核，审核结束前不能改变其身份类别`,
        en: `A commitment of this member (id ${inReview.id}) is in review; the member's role cannot change until it is reviewed`,
      });
    }
  }

  router.get('/members', async (req, res) => {
    const user = userOf(req);
    const q = parseInput(MemberQuery, req.query);
    const root = q.org ?? user.orgId;
    if (q.org !== undefined) await assertOrgInScope(ctx, user, q.org);
    let base = ctx.db.selectFrom('members');
    if (root !== null) base = base.where(await inSubtree(ctx, 'org_id', root));
    if (q.name) base = base.where('name', '=', q.name);
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('id').limit(q.limit).offset(q.offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    res.json({ items: items.map(memberJson), total: Number(count.n) });
  });

  router.get('/members/:id', async (req, res) => {
    const member = await memberInScope(req, parseInput(id, req.params.id));
    res.json({ ...memberJson(member), transfers: await transfersOf(ctx, member.id) });
  });

  router.post('/members', writers, async (req, res) => {
    const user = userOf(req);
    const body = parseInput(MemberBody, req.body);
    await assertOrgInScope(ctx, user, body.orgId);
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('members')
        .values({ ...memberColumns(body), org_id: body.orgId, name: body.name, role: body.role, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'create', entity: 'member', entityId: row.id, after: memberJson(row) });
      return row;
    });
    res.status(201).json(memberJson(row));
  });

  router.patch('/members/:id', writers, async (req, res) => {
    const user = userOf(req);
    const before = await memberInScope(req, parseInput(id, req.params.id));
    const body = parseInput(MemberPatch, req.body);
    if (body.orgId !== undefined) await assertOrgInScope(ctx, user, body.orgId);
    if (body.role !== undefined && body.role !== before.role) {
      await assertNoneInReview(before.id);
      if (!(await mayChangeMemberRole(ctx.db, user.orgId, { orgId: before.org_id, role: before.role }, body.role))) {
        throw new Problem(403, 'member.role_reviewed_above', { zh: '无权进行此操作', en: 'Not allowed' }, {
          zh: '党员领导干部的承诺由上级党委审核，其身份类别只能由上级党委的用户更改',
          en: "A leading cadre's commitments are reviewed by a Party committee above; only its users may change the member's role",
        });
      }
    }
    const at = ctx.now().toISOString();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('members')
        .set({ ...memberColumns(body), updated_at: at })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: user.id, at, action: 'update', entity: 'member', entityId: row.id, before: memberJson(before), after: memberJson(row) });
      return row;
    });
    res.json(memberJson(row));
  });

  return router;
}
