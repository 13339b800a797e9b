// Who may manage whom (create, change, reset the password of, disable): accounts with a lower role
// in one's own organisation or below it. A reviewer (a branch or committee secretary) manages the
// clerks and viewers of their scope, never another reviewer; an admin manages reviewers, clerks,
// viewers and auditors of theirs, and admins only of organisations strictly below their own (the
// whole tree's admin sets up a county's), never a peer admin. Nobody manages their own account
// here: one's own password changes through POST /auth/password.
import type { UserRole } from '../../core/types';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import { Problem } from '../http/problem';
import { orgRelation } from '../scope';

/** The roles each role may manage, at its own organisation or below. */
const MANAGES: Record<UserRole, readonly UserRole[]> = {
  admin: ['reviewer', 'clerk', 'viewer', 'auditor'],
  reviewer: ['clerk', 'viewer'],
  clerk: [],
  viewer: [],
  auditor: [],
};

/** An account as the rule sees it: its id (absent for one being created), role and organisation. */
export interface ManagedAccount {
  id?: number;
  role: UserRole;
  orgId: number | null;
}

const notManageable = (reason: { zh: string; en: string }) => new Problem(403, 'user.not_manageable', { zh: '无权管理此账号', en: 'Not allowed to manage this account' }, reason);

export async function assertMayManage(ctx: Pick<AppContext, 'db'>, actor: AuthUser, target: ManagedAccount): Promise<void> {
  if (target.id === actor.id) {
    throw notManageable({ zh: '不能在这里修改自己的账号；修改自己的密码请用“修改密码”', en: 'Your own account is not managed here; change your own password with POST /auth/password' });
  }
  const relation = target.orgId === null ? (actor.orgId === null ? 'same' : 'outside') : await orgRelation(ctx.db, actor.orgId, target.orgId);
  const lowerRole = MANAGES[actor.role].includes(target.role);
  const adminBelow = actor.role === 'admin' && target.role === 'admin' && relation === 'above';
  if (relation === 'outside' || !(lowerRole || adminBelow)) {
    throw notManageable({
      zh: '只能管理本组织及下级组织中角色低于自己的账号（不能管理同级审核人或管理员）',
      en: 'You may manage only accounts with a lower role in your organisation or below (never a peer reviewer or an admin)',
    });
  }
}
