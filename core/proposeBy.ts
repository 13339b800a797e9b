// 科学提诺 (seed 000: 所有基层党组织和全体党员必须于8月底前全面做出承诺): an organisation's year has
// a 提诺 deadline, set by the level above and inherited downwards; who has not committed by then
// is late. The API's shapes (DESIGN §7 `GET /commitments/missing`) and the rules live here, once.
import { z } from 'zod';
import { MEMBER_ROLES, ORG_KINDS, type IsoDate } from './types';

/** A real calendar day `YYYY-MM-DD` (2011-02-30 is refused, never rolled over). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, { message: 'not a calendar day' });

/** Where an organisation's 提诺 date comes from. */
export const PROPOSE_BY_SOURCES = ['own', 'above', 'scheme', 'none'] as const;
export type ProposeBySource = (typeof PROPOSE_BY_SOURCES)[number];

/** `GET /orgs/:id/years/:year`: the date in force, where it comes from, and the organisation's own setting. */
export const OrgYearSchema = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  proposeBy: isoDay.nullable(),
  source: z.enum(PROPOSE_BY_SOURCES),
  /** The organisation whose setting is in force (source `own` or `above`). */
  fromOrgId: z.number().int().nullable(),
  own: isoDay.nullable(),
});
export type OrgYear = z.infer<typeof OrgYearSchema>;

/** `PUT /orgs/:id/years/:year`: null takes the organisation's own date away (it inherits again). */
export const OrgYearBody = z.strictObject({ proposeBy: isoDay.nullable() });

const missingFields = { proposeBy: isoDay.nullable(), late: z.boolean() };
export const MissingOrganisationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  parentId: z.number().int().nullable(),
  ...missingFields,
});
export const MissingMemberSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(MEMBER_ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  ...missingFields,
});
/** `GET /commitments/missing`: who has not committed in the year, each with the date that binds them. */
export const MissingAnswerSchema = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  /** The day lateness was judged on (today in REPORT_TZ). */
  asOf: isoDay,
  /** The 提诺 date of the organisation asked about. */
  proposeBy: isoDay.nullable(),
  members: z.array(MissingMemberSchema),
  organizations: z.array(MissingOrganisationSchema),
});
export type MissingOrganisation = z.infer<typeof MissingOrganisationSchema>;
export type MissingMember = z.infer<typeof MissingMemberSchema>;
export type MissingAnswer = z.infer<typeof MissingAnswerSchema>;

/** Late: the day is past the date (the date itself is still in time). No date, never late. */
export function isLate(proposeBy: IsoDate | null, day: IsoDate): boolean {
  return proposeBy !== null && day > proposeBy;
}

/** The county scheme's `MM-DD` as a day of the year, or null. */
export function schemeDay(year: number, monthDay: string | null): IsoDate | null {
  return monthDay === null ? null : `${year}-${monthDay}`;
}

export interface ProposeByInForce {
  proposeBy: IsoDate | null;
  source: ProposeBySource;
  fromOrgId: number | null;
}

/**
 * The date in force for an organisation: its own, else the nearest organisation above with one
 * (`chain` runs from the organisation up to its county, with each one's own setting), else the
 * county scheme's day, else none.
 */
export function proposeByInForce(chain: readonly { id: number; own: IsoDate | null }[], fromScheme: IsoDate | null): ProposeByInForce {
  const setter = chain.find((o) => o.own !== null);
  if (setter) return { proposeBy: setter.own, source: setter === chain[0] ? 'own' : 'above', fromOrgId: setter.id };
  return fromScheme === null ? { proposeBy: null, source: 'none', fromOrgId: null } : { proposeBy: fromScheme, source: 'scheme', fromOrgId: null };
}

/**
 * Who must commit as an organisation: every 基层党组织 — each branch, general branch and committee
 * below the top of its tree. The county committee that runs the practice sets the dates and
 * reviews; it is not listed as missing.
 */
export function mustCommitAsOrganisation(org: { parentId: number | null }): boolean {
  return org.parentId !== null;
}
