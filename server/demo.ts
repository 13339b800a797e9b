// The demo county (`npm run cli -- demo`): one committee, five general branches by sector, thirty
// branches, six hundred members and about two thousand commitments living through a whole year —
// reviewed, published, progress recorded month by month, commented on each quarter, surveyed each
// half year, rated at year end, a few ordered to rectify. The same seed always gives the same
// county, so reports built from it can be compared run to run. Loaded in one transaction, through
// the write paths real ledgers take (members from a roster, commitments joined up to them by name
// and 单位及职务), so the demo links members exactly as a clerk's ledger does.
import type { PhaseInput } from '../core/plan';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Category, MemberRole, Status } from '../core/types';
import { ratingsFor } from '../core/evaluation';
import type { Database } from './db/schema';
import { hashPassword, randomPassword } from './auth/password';
import { assertPasswordAcceptable } from './auth/passwordRules';
import { loginKey } from './users/loginKey';
import { recordAudits } from './audit';
import { ensureAdminAccess } from './users/store';
import * as T from './demoTexts';
import { upsertRoster, type RosterRow } from './members/roster';
import { upsertCommitments, type UpsertRow } from './commitments/upsert';

export interface DemoOptions {
  /** The ledger year simulated from January to December; default 2011. */
  year?: number;
  seed?: number;
  /** Password of the demo users; a random one is made (and returned) when absent. */
  password?: string;
}

export interface DemoCounty {
  countyId: number;
  year: number;
  counts: { organizations: number; members: number; commitments: number; progressEntries: number; evaluations: number; rectifications: number };
  /** Logins created, all with `password`. */
  logins: string[];
  /** The whole tree's admin made with the same password when the database had none, else null. */
  adminCreated?: string | null;
  password: string;
}

const MEMBERS_PER_BRANCH = 20;
/** The county's time zone: the demo's dates are days in Beijing. */
const DEMO_TZ = 'Asia/Shanghai';

export async function loadDemoCounty(db: Kysely<Database>, opts: DemoOptions = {}): Promise<DemoCounty> {
  const year = opts.year ?? 2011;
  const rng = seeded(opts.seed ?? 2011);
  const password = opts.password ?? randomPassword();
  assertPasswordAcceptable(password, { login: 'reviewer' });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('organizations').select('id').where('name', '=', T.COUNTY_NAME).executeTakeFirst();
    if (clash) {
      throw new Error(`示例县「${T.COUNTY_NAME}」已载入（组织编号 ${clash.id}），未重复载入 / the demo county is already loaded (organisation ${clash.id})`);
    }
    const lastIds = await lastIdsOf(trx);
    const county = await new DemoWriter(trx, rng, year, passwordHash, password).load();
    await auditLoaded(trx, lastIds);
    // A way in for whoever loaded it: the whole tree's admin, with the demo's password, unless one exists.
    const admin = await ensureAdminAccess(trx, password, new Date(), 'cli:demo', { createOnly: true });
    return { ...county, adminCreated: admin.outcome === 'created' ? admin.login : null };
  });
}

/** What the demo writes, and the audit trail's name for a row of each. */
const DEMO_TABLES = {
  organizations: 'organization',
  users: 'user',
  members: 'member',
  commitments: 'commitment',
  progress_entries: 'progress_entry',
  evaluations: 'evaluation',
  rectifications: 'rectification',
} as const;
type DemoTable = keyof typeof DEMO_TABLES;

async function lastIdsOf(trx: Transaction<Database>): Promise<Record<DemoTable, number>> {
  const last = {} as Record<DemoTable, number>;
  for (const table of Object.keys(DEMO_TABLES) as DemoTable[]) {
    const row = await trx.selectFrom(table).select((eb) => eb.fn.max<number>('id').as('id')).executeTakeFirst();
    last[table] = Number(row?.id ?? 0);
  }
  return last;
}

/** Every row the demo made gets its audit row (by the command line, no user), as any other write. */
async function auditLoaded(trx: Transaction<Database>, lastIds: Record<DemoTable, number>): Promise<void> {
  const at = new Date().toISOString();
  for (const [table, entity] of Object.entries(DEMO_TABLES) as Array<[DemoTable, string]>) {
    const rows = (await trx.selectFrom(table).selectAll().where('id', '>', lastIds[table]).orderBy('id').execute()) as Array<{ id: number; password_hash?: string }>;
    await recordAudits(
      trx,
      rows.map(({ password_hash: _secret, ...after }) => ({ userId: null, at, action: 'cli:demo', entity, entityId: after.id, after })),
    );
  }
}

interface DemoOrg { id: number; name: string; kind: string; sector: string | null; clerkId: number; plan?: T.SectorPlan; satisfaction: number }
interface DemoMember { id: number; orgId: number; name: string; unitPost: string; role: MemberRole; lazy: boolean }
interface Fate { status: Status; submitted: string | null; reviewed: string | null; published: string | null; completed: string | null }

// A class here because the steps share the transaction, the random stream and the ids made so far.
class DemoWriter {
  private counts = { organizations: 0, members: 0, commitments: 0, progressEntries: 0, evaluations: 0, rectifications: 0 };
  private orgs: DemoOrg[] = [];
  private members: DemoMember[] = [];
  private reviewerId = 0;
  private logins: string[] = [];
  /** Per subject (`org:<id>` / `member:<id>`): dated items and how many were completed, for ratings. */
  private record = new Map<string, { dated: number; completed: number; unfulfilled: number }>();

  constructor(
    private trx: Transaction<Database>,
    private rng: () => number,
    private year: number,
    private passwordHash: string,
    private password: string,
  ) {}

  async load(): Promise<DemoCounty> {
    await this.organisationsAndUsers();
    await this.peopleInBranches();
    await this.commitments();
    await this.evaluations();
    await this.rectifications();
    return { countyId: this.orgs[0].id, year: this.year, counts: this.counts, logins: this.logins, password: this.password };
  }

  private async organisationsAndUsers() {
    const county = await this.addOrg(T.COUNTY_NAME, 'committee', null, null);
    this.reviewerId = await this.addUser('reviewer', '县委组织部 审核员', 'reviewer', county.id);
    county.clerkId = this.reviewerId;
    let clerkNo = 0;
    for (const plan of T.SECTORS) {
      const general = await this.addOrg(plan.generalBranch, 'general_branch', county.id, plan);
      general.clerkId = this.reviewerId;
      for (const name of plan.branches) {
        const branch = await this.addOrg(name, 'branch', general.id, plan);
        clerkNo += 1;
        branch.clerkId = await this.addUser(`clerk${String(clerkNo).padStart(2, '0')}`, `${name}党务干事`, 'clerk', branch.id);
      }
    }
  }

  private async addOrg(name: string, kind: string, parentId: number | null, plan: T.SectorPlan | null): Promise<DemoOrg> {
    const row = await this.trx
      .insertInto('organizations')
      .values({ name, kind, parent_id: parentId, sector: plan?.sector ?? null, created_at: this.at(`${this.year}-01-04`) })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Most organisations satisfy their public; a few do not, so reports have someone to flag.
    const satisfaction = this.rng() < 0.1 ? 0.55 + this.rng() * 0.2 : 0.86 + this.rng() * 0.13;
    const org = { id: row.id, name, kind, sector: plan?.sector ?? null, clerkId: 0, plan: plan ?? undefined, satisfaction };
    this.orgs.push(org);
    this.counts.organizations += 1;
    return org;
  }

  private async addUser(login: string, name: string, role: string, orgId: number): Promise<number> {
    const clash = await this.trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb.or([eb('login', '=', login), eb('login_key', '=', loginKey(login))]))
      .executeTakeFirst();
    if (clash) throw new Error(`用户名 ${login} 已存在，示例县未载入 / login ${login} already exists; demo not loaded`);
    const stamp = this.at(`${this.year}-01-04`);
    const row = await this.trx
      .insertInto('users')
      .values({ login, login_key: loginKey(login), password_hash: this.passwordHash, name, role, org_id: orgId, disabled: 0, created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.logins.push(login);
    return row.id;
  }

  /** Each branch's members arrive as a 花名册 does, through the roster import's storage. */
  private async peopleInBranches() {
    const stamp = this.at(`${this.year}-01-05`);
    for (const org of this.orgs.filter((o) => o.kind === 'branch')) {
      const plan = org.plan!;
      const unit = org.name.replace(/党支部$|第.党支部$/, '');
      const rows: RosterRow[] = [];
      const lazy = new Map<string, boolean>();
      for (let i = 0; i < MEMBERS_PER_BRANCH; i++) {
        const role: MemberRole = i < 2 ? 'leader_cadre' : i < 16 ? 'ordinary' : i < 19 ? 'retired' : 'no_post';
        const birthYear = role === 'retired' ? 1935 + this.int(15) : 1955 + this.int(33);
        const post = role === 'leader_cadre' ? plan.leaderPosts[i] : role === 'retired' ? '退休党员' : role === 'no_post' ? '无固定职业' : this.pick(plan.posts);
        const unitPost = `${unit} ${post}`;
        // Namesakes happen, as in any branch; two with the same name and post would be one person.
        let name = this.personName();
        while (lazy.has(personKey(name, unitPost))) name = this.personName();
        const gender = this.rng() < 0.62 ? 'male' : 'female';
        const joinedOn = `${Math.min(birthYear + 20 + this.int(15), this.year - 1)}-${String(1 + this.int(12)).padStart(2, '0')}`;
        rows.push({ sheet: null, row: i + 2, member: { name, orgName: null, gender, birthYear, joinedOn, unitPost, role } });
        lazy.set(personKey(name, unitPost), this.rng() < 0.12);
      }
      const stored = await upsertRoster(this.trx, { id: org.clerkId, orgId: org.id }, org, rows, stamp);
      if (stored.warnings.length > 0 || stored.created !== MEMBERS_PER_BRANCH) throw new Error(`demo roster of ${org.name}: ${JSON.stringify(stored.warnings)}`);
      const members = await this.trx.selectFrom('members').select(['id', 'name', 'unit_post', 'role']).where('org_id', '=', org.id).orderBy('id').execute();
      for (const m of members) {
        this.members.push({ id: m.id, orgId: org.id, name: m.name, unitPost: m.unit_post!, role: m.role as MemberRole, lazy: lazy.get(personKey(m.name, m.unit_post!))! });
      }
      this.counts.members += members.length;
    }
  }

  /**
   * The year's commitments go in as each organisation's clerk's ledger would, through the batch's
   * write path (members joined up by name and 单位及职务); then each gets the dates of the steps it
   * lived through in the simulated year.
   */
  private async commitments() {
    type Planned = { key: string; subject: string; orgId: number; member: DemoMember | null; clerkId: number; lazy: boolean; category: Category; content: string; deadline: string; responsible: string; fate: Fate; plan?: PhaseInput[]; phased?: boolean };
    const planned: Planned[] = [];
    const add = (p: Omit<Planned, 'key' | 'fate'>) => {
      const fate = this.fate(p.deadline);
      const plan = p.phased ? this.phasesOf(p.deadline, fate) : undefined;
      planned.push({ ...p, key: `demo-${this.year}-${planned.length + 1}`, fate, plan });
      const tally = this.record.get(p.subject) ?? { dated: 0, completed: 0, unfulfilled: 0 };
      if (p.deadline !== 'ongoing' && fate.status !== 'withdrawn') tally.dated += 1;
      if (fate.status === 'completed') tally.completed += 1;
      if (fate.status === 'unfulfilled') tally.unfulfilled += 1;
      this.record.set(p.subject, tally);
    };
    const orgsById = new Map(this.orgs.map((o) => [o.id, o]));
    for (const org of this.orgs) {
      const plan = org.plan ?? T.SECTORS[this.int(T.SECTORS.length)];
      const secretary = this.members.find((m) => m.orgId === org.id && m.role === 'leader_cadre')?.name ?? '书记';
      const base = { subject: `org:${org.id}`, orgId: org.id, member: null, clerkId: org.clerkId, lazy: false, responsible: secretary };
      add({ ...base, category: 'common', content: this.pick(T.ORG_COMMON), deadline: 'ongoing' });
      add({ ...base, category: 'post', content: this.pick(plan.orgPost), deadline: this.monthEnd(6 + this.int(7)) });
      for (let i = 0; i < 2 + this.int(2); i++) add({ ...base, category: 'deed', content: plan.orgDeed[i % plan.orgDeed.length], deadline: this.monthEnd(4 + this.int(9)), phased: i === 0 });
    }
    for (const m of this.members) {
      const org = orgsById.get(m.orgId)!;
      const plan = org.plan!;
      const base = { subject: `member:${m.id}`, orgId: m.orgId, member: m, clerkId: org.clerkId, lazy: m.lazy, responsible: m.name };
      add({ ...base, category: 'common', content: this.pick(T.COMMON), deadline: this.rng() < 0.85 ? 'ongoing' : `${this.year}-12-31` });
      add({ ...base, category: 'post', content: this.pick(plan.post), deadline: this.postDeadline() });
      add({ ...base, category: 'deed', content: this.pick(plan.deed), deadline: this.deedDeadline() });
      if (this.rng() < 0.2) add({ ...base, category: 'discipline', content: this.pick(T.DISCIPLINE), deadline: 'ongoing' });
    }

    const ids = new Map<string, number>();
    for (const org of this.orgs) {
      const own = planned.filter((p) => p.orgId === org.id);
      const rows: UpsertRow[] = own.map((p) => ({
        key: p.key,
        orgId: p.orgId,
        input: {
          year: this.year,
          subject: p.member?.name ?? org.name,
          subjectType: p.member ? 'member' : 'organization',
          unitPost: p.member?.unitPost,
          category: p.category,
          content: p.content,
          measures: this.pick(T.MEASURES),
          deadline: p.deadline,
          responsible: p.responsible,
          status: p.fate.status,
          completedOn: p.fate.completed,
          plan: p.plan,
        },
      }));
      // The ledger migrated as an admin of the whole tree would: every status kept, each item's
      // reviewer fixed by the rule (a leading cadre's the committee's, a branch's the one above).
      const actor = { id: org.clerkId, role: 'admin' as const, orgId: null };
      const results = await upsertCommitments(this.trx, actor, rows, { now: new Date(this.at(`${this.year}-01-08`)), timeZone: DEMO_TZ, legacy: true });
      for (const r of results) {
        if (r.result !== 'created' || r.warnings.length > 0) throw new Error(`demo commitment ${r.key}: ${JSON.stringify([...r.errors, ...r.warnings])}`);
        ids.set(r.key, r.id!);
      }
    }
    // The county's own items are reviewed above the county, outside the ledger: no user of it
    // stands as their reviewer.
    const outside = new Set(
      (await this.trx.selectFrom('commitments').select('id').where('year', '=', this.year).where('review_by', 'is not', null).where('review_org_id', 'is', null).execute()).map((c) => c.id),
    );
    for (const p of planned) {
      const f = p.fate;
      await this.trx
        .updateTable('commitments')
        .set({
          reviewer_id: f.reviewed && !outside.has(ids.get(p.key)!) ? this.reviewerId : null,
          review_note: f.status === 'returned' ? '承诺内容不够具体，请细化后重新提交' : null,
          submitted_at: f.submitted && this.at(f.submitted),
          reviewed_at: f.reviewed && this.at(f.reviewed),
          published_at: f.published && this.at(f.published),
          completed_at: f.completed && this.at(f.completed),
          updated_at: this.at(f.completed ?? f.published ?? `${this.year}-01-08`),
        })
        .where('id', '=', ids.get(p.key)!)
        .execute();
    }
    this.counts.commitments = planned.length;

    const entries = planned.flatMap((p) => this.progressOf(ids.get(p.key)!, p.fate, p.clerkId, p.lazy));
    for (const chunk of chunks(entries, 500)) await this.trx.insertInto('progress_entries').values(chunk).execute();
    this.counts.progressEntries = entries.length;
  }

  /** How one commitment's year went. Dated items mostly finish near their deadline, some late. */
  private fate(deadline: string): Fate {
    const y = this.year;
    const submitted = `${y}-01-${String(10 + this.int(15)).padStart(2, '0')}`;
    const reviewed = addDays(submitted, 2 + this.int(8));
    const published = addDays(reviewed, 3 + this.int(20));
    const r = this.rng();
    if (r < 0.005) return { status: 'proposed', submitted: null, reviewed: null, published: null, completed: null };
    if (r < 0.01) return { status: 'under_review', submitted, reviewed: null, published: null, completed: null };
    if (r < 0.015) return { status: 'returned', submitted, reviewed, published: null, completed: null };
    if (r < 0.02) return { status: 'approved', submitted, reviewed, published: null, completed: null };
    if (r < 0.045) return { status: 'withdrawn', submitted, reviewed, published, completed: null };
    const open = (status: Status): Fate => ({ status, submitted, reviewed, published, completed: null });
    if (deadline === 'ongoing') {
      if (r < 0.09) return open('published');
      if (r < 0.7) return open('in_progress');
      return { ...open('completed'), completed: `${y}-12-${String(15 + this.int(17)).padStart(2, '0')}` };
    }
    if (r < 0.1) return open('unfulfilled');
    if (r < 0.18) return open('in_progress');
    const late = this.rng() < 0.12;
    let completed = late ? addDays(deadline, 1 + this.int(45)) : addDays(deadline, -this.int(40));
    if (completed > `${y}-12-31`) completed = `${y}-12-31`;
    if (completed < addDays(published, 10)) completed = addDays(published, 10);
    return { ...open('completed'), completed };
  }

  private progressOf(commitmentId: number, fate: Fate, userId: number, lazy: boolean) {
    if (!fate.published || fate.status === 'withdrawn' || fate.status === 'published') return [];
    const first = Number(fate.published.slice(5, 7));
    const last = fate.completed ? Number(fate.completed.slice(5, 7)) : 12;
    const rows = [];
    for (let month = first; month <= last; month++) {
      if (this.rng() < (lazy ? 0.6 : 0.08)) continue;
      const mm = `${this.year}-${String(month).padStart(2, '0')}`;
      const done = month === last && fate.completed;
      rows.push({
        commitment_id: commitmentId,
        month: mm,
        note: done ? '已完成，挂牌销号' : this.pick(T.PROGRESS_NOTES),
        percent: done ? 100 : Math.min(95, Math.round(((month - first + 1) / (last - first + 2)) * 100)),
        user_id: userId,
        created_at: this.at(`${mm}-25`),
      });
    }
    return rows;
  }

  private async evaluations() {
    const y = this.year;
    const rows: Insertable<Database['evaluations']>[] = [];
    const ev = (kind: string, targetType: string, targetId: number, orgId: number, period: string, on: string, extra: Partial<Insertable<Database['evaluations']>>) =>
      rows.push({ kind, target_type: targetType, target_id: targetId, org_id: orgId, period, text: null, rating: null, satisfied: null, basically_satisfied: null, unsatisfied: null, source: kind === 'survey' ? 'paper' : '', user_id: this.reviewerId, created_at: this.at(on), ...extra });
    const lowerOrgs = this.orgs.filter((o) => o.kind !== 'committee');
    const cadres = this.members.filter((m) => m.role === 'leader_cadre');
    for (let q = 1; q <= 4; q++) {
      const on = `${y}-${String(q * 3).padStart(2, '0')}-20`;
      for (const o of lowerOrgs) if (this.rng() < 0.85) ev('leader_comment', 'organization', o.id, o.id, `${y}-Q${q}`, on, { text: this.pick(T.LEADER_COMMENTS) });
      for (const m of cadres) if (this.rng() < 0.7) ev('leader_comment', 'member', m.id, m.orgId, `${y}-Q${q}`, on, { text: this.pick(T.LEADER_COMMENTS) });
    }
    for (const half of [1, 2]) {
      const on = half === 1 ? `${y}-06-28` : `${y}-12-26`;
      // The county's reviewer rates and surveys the organisations below it, never the county itself.
      for (const o of lowerOrgs) ev('survey', 'organization', o.id, o.id, `${y}-H${half}`, on, this.survey(30 + this.int(50), o.satisfaction));
      for (const m of cadres) ev('survey', 'member', m.id, m.orgId, `${y}-H${half}`, on, this.survey(15 + this.int(15), 0.8 + this.rng() * 0.2));
    }
    for (const o of lowerOrgs) ev('annual', 'organization', o.id, o.id, `${y}`, `${y}-12-28`, { rating: this.rating(`org:${o.id}`) });
    for (const m of this.members) ev('annual', 'member', m.id, m.orgId, `${y}`, `${y}-12-28`, { rating: this.rating(`member:${m.id}`) });
    for (const chunk of chunks(rows, 300)) await this.trx.insertInto('evaluations').values(chunk).execute();
    this.counts.evaluations = rows.length;
  }

  private survey(answers: number, rate: number) {
    const content = Math.round(answers * rate);
    const satisfied = Math.round(content * (0.6 + this.rng() * 0.3));
    return { satisfied, basically_satisfied: content - satisfied, unsatisfied: answers - content };
  }

  /** A rating on the subject's scale (core ratingsFor), from the best down, by how much was done. */
  private rating(subject: string): string {
    const scale = ratingsFor(subject.startsWith('org:') ? 'organization' : 'member');
    const t = this.record.get(subject);
    const rate = t && t.dated > 0 ? t.completed / t.dated : 1;
    if (rate >= 0.99 && this.rng() < 0.5) return scale[0];
    if (rate >= 0.6) return scale[1];
    return rate >= 0.4 ? scale[2] : scale[3];
  }

  private async rectifications() {
    const y = this.year;
    const rows = [];
    for (const o of this.orgs.filter((o) => o.satisfaction < 0.8)) {
      rows.push({ target_type: 'organization', target_id: o.id, org_id: o.id, issue: T.RECTIFICATION_ISSUES[0], due_on: `${y}-09-30`, status: 'done', created_at: this.at(`${y}-07-05`) });
    }
    const failing = this.members.filter((m) => (this.record.get(`member:${m.id}`)?.unfulfilled ?? 0) > 0);
    for (const m of failing.filter((_, i) => i % 6 === 0)) {
      rows.push({ target_type: 'member', target_id: m.id, org_id: m.orgId, issue: this.pick(T.RECTIFICATION_ISSUES.slice(1)), due_on: `${y + 1}-03-31`, status: 'open', created_at: this.at(`${y}-12-29`) });
    }
    for (const chunk of chunks(rows, 200)) await this.trx.insertInto('rectifications').values(chunk).execute();
    this.counts.rectifications = rows.length;
  }

  private postDeadline(): string {
    const r = this.rng();
    if (r < 0.5) return `${this.year}-12-31`;
    if (r < 0.75) return `${this.year}-06-30`;
    return this.monthEnd(3 + this.int(9));
  }

  private deedDeadline(): string {
    const month = 3 + this.int(10);
    return this.rng() < 0.3 ? `${this.year}-${String(month).padStart(2, '0')}-15` : this.monthEnd(month);
  }

  /**
   * 分期分步落实 for an organisation's first 实事承诺 due from September: three phases, three and
   * six months apart, done as the item went (all of a completed one; the first of any other
   * reviewed one). Draws nothing from the random stream, so the rest of the county stays as it was.
   */
  private phasesOf(deadline: string, fate: Fate): PhaseInput[] | undefined {
    const month = Number(deadline.slice(5, 7));
    if (deadline === 'ongoing' || month < 9) return undefined;
    const targets = ['完成调研摸底和实施方案', '完成主体建设（采购）', '全部完成并投入使用'];
    const bys = [this.monthEnd(month - 6), this.monthEnd(month - 3), deadline];
    return bys.map((by, i) => {
      const done = fate.status === 'completed' && fate.completed !== null ? (by < fate.completed ? by : fate.completed) : i === 0 && fate.published !== null ? by : null;
      return { by, target: targets[i], doneOn: done };
    });
  }

  private monthEnd(month: number): string {
    const last = new Date(Date.UTC(this.year, month, 0)).getUTCDate();
    return `${this.year}-${String(month).padStart(2, '0')}-${last}`;
  }

  private personName(): string {
    const given = this.pick([...T.GIVEN]) + (this.rng() < 0.6 ? this.pick([...T.GIVEN]) : '');
    return this.pick([...T.SURNAMES]) + given;
  }

  /** 10:00 Beijing time on that day, so the UTC and the local date agree. */
  private at(date: string): string {
    return `${date}T02:00:00.000Z`;
  }

  private int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  private pick<V>(list: readonly V[]): V {
    return list[this.int(list.length)];
  }
}

/** mulberry32: small, fast and the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const personKey = (name: string, unitPost: string) => `${name}|${unitPost}`;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function chunks<V>(list: V[], size: number): V[][] {
  const out: V[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
