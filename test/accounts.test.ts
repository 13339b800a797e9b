// Accounts (issue 18) over real HTTP on SQLite and PostgreSQL: the password rule, logins that
// differ only by case or look-alike letters, who may manage whom, and a reset that makes the
// owner choose a new password before signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, freshSqlite, testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';

const dbs = await testDatabases();
const GOOD = 'qiuju-lantern-47-river';

describe.each(dbs)('accounts on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  const org = { county: 0, branch: 0 };
  const ids: Record<string, number> = {};
  const as: Record<string, Api> = {};

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    org.county = (await admin.post('/orgs', { name: '青山县委', kind: 'committee' })).body.id;
    org.branch = (await admin.post('/orgs', { name: '青山县第一中学党支部', kind: 'branch', parentId: org.county })).body.id;
    for (const [login, role, orgId] of [
      ['zhou.reviewer', 'reviewer', org.county],
      ['wu.reviewer', 'reviewer', org.county],
      ['county.admin', 'admin', org.county],
      ['county.admin2', 'admin', org.county],
      ['chen.clerk', 'clerk', org.branch],
    ] as const) {
      const res = await admin.post('/users', { login, password: GOOD, name: login, role, orgId });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[login] = res.body.id;
      as[login] = server.api(await server.login(login, GOOD));
    }
  });
  afterAll(() => server?.close());

  const codes = (res: { body: { errors?: Array<{ code: string }> } }) => res.body.errors?.map((e) => e.code);

  it('refuses common, short and login-like passwords on every path that sets one, naming the field', async () => {
    for (const [password, code] of [
      ['password', 'password.weak'],
      ['12345678', 'password.weak'],
      ['woaini1314', 'password.weak'],
      ['Dangyuan2011!', 'password.weak'],
      ['wang.xiaoming', 'password.same_as_login'],
      ['short', 'password.too_short'],
    ] as const) {
      const created = await admin.post('/users', { login: 'wang.xiaoming', password, name: '王小明', role: 'clerk', orgId: org.branch });
      expect(created.status, password).toBe(400);
      expect(codes(created), password).toEqual([code]);
      // The same on a reset, where the login is the account's own.
      const resetTo = code === 'password.same_as_login' ? 'Chen.Clerk' : password;
      const reset = await admin.patch(`/users/${ids['chen.clerk']}`, { password: resetTo });
      expect(reset.status, resetTo).toBe(400);
      expect(reset.body.errors[0]).toMatchObject({ field: 'password', code });
    }
    const own = await server.api().post('/auth/password', { login: 'chen.clerk', password: GOOD, newPassword: '5201314a' });
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'newPassword', code: 'password.weak' });
    expect(own.body.errors[0].message).toMatch(/密码太容易被猜到/);
    // Nothing was stored: the old password still signs in.
    expect((await server.api().post('/auth/login', { login: 'chen.clerk', password: GOOD })).status).toBe(200);
  });

  it('treats logins that differ only by case or a look-alike letter as one, and signs in by either', async () => {
    const first = await admin.post('/users', { login: 'liu.min', password: GOOD, name: '刘敏', role: 'viewer', orgId: org.branch });
    expect(first.status).toBe(201);
    for (const lookAlike of ['Liu.Min', 'LIU.MIN', 'lіu.min' /* Cyrillic і */, 'liu.mіn', 'ｌｉｕ.ｍｉｎ']) {
      const res = await admin.post('/users', { login: lookAlike, password: GOOD, name: '冒名', role: 'viewer', orgId: org.branch });
      expect(res.status, lookAlike).toBe(409);
      expect(res.body.code).toBe('login_taken');
    }
    const signIn = await server.api().post('/auth/login', { login: 'LIU.MIN', password: GOOD });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.login).toBe('liu.min');
  });

  it('lets a reviewer manage only clerks and viewers of their scope, never a peer reviewer or an admin', async () => {
    const zhou = as['zhou.reviewer'];
    const takeover = await zhou.patch(`/users/${ids['wu.reviewer']}`, { password: 'new-' + GOOD });
    expect(takeover.status).toBe(403);
    expect(takeover.body.code).toBe('user.not_manageable');
    expect((await server.api().post('/auth/login', { login: 'wu.reviewer', password: 'new-' + GOOD })).status).toBe(401);
    expect([403, 404]).toContain((await zhou.patch(`/users/${ids['county.admin']}`, { password: 'new-' + GOOD })).status);
    expect((await zhou.post('/users', { login: 'third.reviewer', password: GOOD, name: '第三审核人', role: 'reviewer', orgId: org.branch })).status).toBe(403);
    expect((await zhou.patch(`/users/${ids['chen.clerk']}`, { role: 'reviewer' })).status).toBe(403);
    expect((await zhou.patch(`/users/${ids['zhou.reviewer']}`, { name: '改自己' })).status).toBe(403);
    expect((await zhou.post('/users', { login: 'branch.viewer', password: GOOD, name: '只读', role: 'viewer', orgId: org.branch })).status).toBe(201);
  });

  it('keeps admins from managing a peer admin; the whole tree\'s admin manages a county\'s', async () => {
    const peer = await as['county.admin'].patch(`/users/${ids['county.admin2']}`, { password: 'new-' + GOOD });
    expect(peer.status).toBe(403);
    expect(peer.body.code).toBe('user.not_manageable');
    expect((await as['county.admin'].patch(`/users/${ids['wu.reviewer']}`, { name: '吴审核' })).status).toBe(200);
    expect((await admin.patch(`/users/${ids['county.admin2']}`, { name: '县管理员二' })).status).toBe(200);
  });

  it('makes the owner of a reset password choose a new one before signing in', async () => {
    const temporary = 'temp-osmanthus-93-bridge';
    expect((await as['zhou.reviewer'].patch(`/users/${ids['chen.clerk']}`, { password: temporary })).status).toBe(200);
    // The clerk's sessions ended with the reset.
    expect((await as['chen.clerk'].get('/me')).status).toBe(401);
    const login = await server.api().post('/auth/login', { login: 'chen.clerk', password: temporary });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('password.change_required');
    expect(login.body).not.toHaveProperty('token');

    const chosen = 'chen-own-choice-58-hill';
    const changed = await server.api().post('/auth/password', { login: 'chen.clerk', password: temporary, newPassword: chosen });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await server.api(changed.body.token).get('/me')).body.user.login).toBe('chen.clerk');
    expect((await server.api().post('/auth/login', { login: 'chen.clerk', password: temporary })).status).toBe(401);
    expect((await server.api().post('/auth/login', { login: 'chen.clerk', password: chosen })).status).toBe(200);

    // One's own new password is kept as typed, as a login's password is (a control character and all).
    const typed = 'chen\u0007bell-lantern-41-hill';
    expect((await server.api().post('/auth/password', { login: 'chen.clerk', password: chosen, newPassword: typed })).status).toBe(200);
    expect((await server.api().post('/auth/login', { login: 'chen.clerk', password: typed })).status).toBe(200);

    const trail = await server.ctx.db.selectFrom('audit').select(['user_id', 'action']).where('entity', '=', 'user').where('entity_id', '=', ids['chen.clerk']).orderBy('id').execute();
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['update', 'password:change']));
    expect(trail.find((a) => a.action === 'password:change')?.user_id).toBe(ids['chen.clerk']);
  });
});

describe.each(dbs)('existing accounts migrating to folded logins on $name', ({ name }) => {
  it('keeps look-alike logins that already exist, each signing in as written, and lets no new one in', async () => {
    const { Migrator } = await import('kysely');
    const { openDatabase } = await import('../server/db/open');
    const { MIGRATIONS } = await import('../server/db/migrations/index');
    const { findUserByLogin, createUser } = await import('../server/users/store');
    // A database as it stood before accounts were folded, holding `admin`, `Admin` and Cyrillic `аdmin`.
    const fresh = name === 'sqlite' ? freshSqlite() : (await freshPostgres())!;
    const url = fresh.url;
    const old = await openDatabase(url, { migrate: false });
    const before = Object.fromEntries(MIGRATIONS.filter(([name]) => name < '010_accounts').map(([name, m]) => [name, { up: (db: any) => m.up(db, old.dialect) }]));
    expect((await new Migrator({ db: old.db, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
    const at = new Date().toISOString();
    for (const login of ['admin', 'Admin', 'аdmin', 'clerk01']) {
      await old.db.insertInto('users').values({ login, password_hash: 'x', name: login, role: 'clerk', org_id: null, disabled: 0, created_at: at, updated_at: at } as any).execute();
    }
    await old.close();

    const migrated = await openDatabase(url);
    try {
      const users = await migrated.db.selectFrom('users').select(['login', 'login_key']).orderBy('id').execute();
      expect(users.map((u) => u.login_key)).toEqual(['adrnin', `adrnin#2`, `adrnin#3`, 'clerkol']);
      expect((await findUserByLogin(migrated.db, 'Admin'))?.login).toBe('Admin');
      expect((await findUserByLogin(migrated.db, 'аdmin'))?.login).toBe('аdmin');
      expect((await findUserByLogin(migrated.db, 'ADMIN'))?.login).toBe('admin');
      await expect(createUser(migrated.db, { login: 'ADMIN', password: GOOD, name: '又一个', role: 'clerk', orgId: null }, new Date())).rejects.toMatchObject({ code: 'login_taken' });
    } finally {
      await migrated.close();
      await fresh.drop();
    }
  });
});
