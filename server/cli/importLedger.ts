// `import <file> --org <id> [--year <y>] [--roster] [--dry-run]`: converts an old ledger (or, with
// --roster, a member roster) as POST /imports does and commits it as POST /imports/:id/commit
// does, acting as the first admin. Prints the
// preview and the result as JSON; --dry-run stores nothing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { appConfig, clockFromEnv } from '../config';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import type { UserRole } from '../../core/types';
import { Problem, renderProblem } from '../http/problem';
import { previewImport, requestOrg } from '../imports/preview';
import { previewRoster } from '../imports/roster';
import { commitImport } from '../imports/commit';
import { localise } from '../imports/routes';
import { databaseUrl, withDatabase, type CliCommand } from './command';

export const importLedger: CliCommand = {
  usage: 'import <file> --org <id|name> [--year <y>] [--roster] [--dry-run] [--no-create-orgs] [--lang zh|en]',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        org: { type: 'string' },
        year: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        roster: { type: 'boolean', default: false },
        'no-create-orgs': { type: 'boolean', default: false },
        lang: { type: 'string', default: 'zh' },
      },
    });
    const file = positionals[0];
    if (!file || !values.org) throw new Error(`usage: ${this.usage}`);
    const lang = values.lang === 'en' ? 'en' : 'zh';
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new Error(`--year must be a year, got ${values.year}`);

    return withDatabase(async ({ db, dialect }) => {
      const ctx: AppContext = { db, dialect, config: appConfig({ databaseUrl: databaseUrl() }), now: clockFromEnv(process.env), onClose: () => {} };
      const admin = await db.selectFrom('users').select(['id', 'login', 'name', 'role', 'org_id']).where('role', '=', 'admin').where('disabled', '=', 0).orderBy('id').executeTakeFirst();
      if (!admin) throw new Error('no admin user: start the server once (it creates one) or run `user add`');
      const user: AuthUser = { id: admin.id, login: admin.login, name: admin.name, role: admin.role as UserRole, orgId: admin.org_id };
      try {
        const upload = { buffer: readFileSync(file), fileName: basename(file), year, store: !values['dry-run'] };
        const preview = values.roster
          ? await previewRoster(ctx, user, await requestOrg(ctx, user, values.org), upload)
          : await previewImport(ctx, user, { ...upload, org: values.org });
        const result = values['dry-run'] ? null : await commitImport(ctx, user, preview.id!, { createMissingOrgs: !values['no-create-orgs'] });
        console.log(JSON.stringify(localise({ preview, result }, lang), null, 2));
        return 0;
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
        console.error(JSON.stringify(renderProblem(err, lang), null, 2));
        return 1;
      }
    });
  },
};
