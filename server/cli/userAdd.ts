// `user add <login> --role <role> [--org <id>] [--password <p>] [--name <name>]`
import { parseArgs } from 'node:util';
import { USER_ROLES, type UserRole } from '../../core/types';
import { randomPassword } from '../auth/password';
import { recordAudit } from '../audit';
import { createUser, publicUser } from '../users/store';
import { withDatabase, type CliCommand } from './command';
import { clockFromEnv } from '../config';

export const userAdd: CliCommand = {
  usage: `user add <login> --role ${USER_ROLES.join('|')} [--org <id>] [--password <p>] [--name <name>]`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' }, org: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    });
    const login = positionals[0];
    const role = values.role as UserRole;
    if (!login || !USER_ROLES.includes(role)) throw new Error(`usage: ${this.usage}`);
    const orgId = values.org === undefined ? null : Number(values.org);
    if (orgId === null && role !== 'admin' && role !== 'auditor') throw new Error('--org <id> is required for every role but admin and auditor');
    if (orgId !== null && !Number.isInteger(orgId)) throw new Error(`--org must be an organisation id, got ${values.org}`);
    const password = values.password ?? randomPassword();

    await withDatabase(async ({ db }) => {
      if (orgId !== null && !(await db.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst())) {
        throw new Error(`党组织 ${orgId} 不存在 / no organisation ${orgId}`);
      }
      const now = clockFromEnv(process.env)();
      const user = await db.transaction().execute(async (trx) => {
        const user = await createUser(trx, { login, password, name: values.name ?? login, role, orgId }, now);
        await recordAudit(trx, { userId: null, at: now.toISOString(), action: 'cli:create', entity: 'user', entityId: user.id, after: publicUser(user) });
        return user;
      });
      console.log(`Created user ${user.login} (id ${user.id}, ${user.role}${orgId === null ? ', whole tree' : `, organisation ${orgId}`}).`);
      if (values.password === undefined) console.log(`Password: ${password}`);
    });
  },
};
