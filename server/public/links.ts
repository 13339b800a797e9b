// Public links: the address `PUBLIC_URL/p/<token>` printed as a QR code on an organisation's wall
// notice. A token is 128 random bits, so nobody reaches an organisation's page without the
// notice; it stays the same each time the notice is printed, until someone revokes it (the next
// notice then carries a new one). Making and revoking links are audited.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PublicLinksTable } from '../db/schema';
import { recordAudit } from '../audit';

export interface PublicLink {
  id: number;
  orgId: number;
  year: number;
  token: string;
  createdAt: string;
  revokedAt: string | null;
}

/** 128 random bits, URL-safe (22 characters). */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function publicAddress(publicUrl: string, token: string): string {
  return `${publicUrl}/p/${token}`;
}

export function linkJson(r: Selectable<PublicLinksTable>): PublicLink {
  return { id: r.id, orgId: r.org_id, year: r.year, token: r.token, createdAt: r.created_at, revokedAt: r.revoked_at };
}

/** The organisations' live links for the year, made for those that have none (one transaction). */
export async function linksFor(db: Kysely<Database>, orgIds: number[], year: number, at: string, userId: number | null): Promise<Map<number, PublicLink>> {
  if (orgIds.length === 0) return new Map();
  return db.transaction().execute(async (trx) => {
    const live = await trx.selectFrom('public_links').selectAll().where('year', '=', year).where('revoked_at', 'is', null).where('org_id', 'in', orgIds).orderBy('id').execute();
    const out = new Map(live.map((r) => [r.org_id, linkJson(r)]));
    for (const orgId of orgIds) {
      if (!out.has(orgId)) out.set(orgId, await createLink(trx, orgId, year, at, userId));
    }
    return out;
  });
}

/**
 * The organisation's live link for the year, made when there is none; call inside the
 * transaction that needs it. Two made at once: one insert wins (the live-link index), the other
 * reads the winner's.
 */
export async function createLink(trx: Kysely<Database>, orgId: number, year: number, at: string, userId: number | null): Promise<PublicLink> {
  const row = await trx
    .insertInto('public_links')
    .values({ org_id: orgId, year, token: newToken(), created_by: userId, created_at: at, revoked_at: null, revoked_by: null })
    .onConflict((oc) => oc.columns(['org_id', 'year']).where('revoked_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const live = await trx.selectFrom('public_links').selectAll().where('org_id', '=', orgId).where('year', '=', year).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    return linkJson(live);
  }
  // The token is left out of the trail: the audit is read more widely than the notice is posted.
  await recordAudit(trx, { userId, at, action: 'create', entity: 'public_link', entityId: row.id, after: { orgId, year } });
  return linkJson(row);
}

/** Revokes a link: its page answers 404 from now on. Answers false when it was revoked already. */
export async function revokeLink(db: Kysely<Database>, id: number, at: string, userId: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await trx.updateTable('public_links').set({ revoked_at: at, revoked_by: userId }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { userId, at, action: 'revoke', entity: 'public_link', entityId: id });
    return true;
  });
}

/** The live link of a token, or null (unknown or revoked). */
export async function liveLink(db: Kysely<Database>, token: string): Promise<PublicLink | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
  const row = await db.selectFrom('public_links').selectAll().where('token', '=', token).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? linkJson(row) : null;
}
