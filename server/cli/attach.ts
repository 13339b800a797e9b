// `attach <file> --entity commitment:<id>|member:<id>|organization:<id> --kind <kind> [--year <y>]
// [--as <login>]`: files a scan, photo or PDF as POST /attachments does, through the same
// function and rule, acting as the user named by --as (default: the first admin). Prints the
// stored attachment as JSON.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ATTACHMENT_ENTITY_TYPES, ATTACHMENT_KINDS, type AttachmentEntityType, type AttachmentKind } from '../../core/attachments';
import type { UserRole } from '../../core/types';
import { configFromEnv } from '../config';
import type { AppContext } from '../context';
import type { AuthUser } from '../auth/sessions';
import { Problem, renderProblem } from '../http/problem';
import { saveAttachment } from '../attachments/store';
import { withDatabase, type CliCommand } from './command';

export const attach: CliCommand = {
  usage: `attach <file> --entity ${ATTACHMENT_ENTITY_TYPES.join('|')}:<id> --kind ${ATTACHMENT_KINDS.join('|')} [--year <y>] [--as <login>] [--lang zh|en]`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { entity: { type: 'string' }, kind: { type: 'string' }, year: { type: 'string' }, as: { type: 'string' }, lang: { type: 'string', default: 'zh' } },
    });
    const file = positionals[0];
    const entity = /^([a-z]+):(\d+)$/.exec(values.entity ?? '');
    const kind = values.kind as AttachmentKind;
    if (!file || !entity || !ATTACHMENT_ENTITY_TYPES.includes(entity[1] as AttachmentEntityType) || !ATTACHMENT_KINDS.includes(kind)) throw new Error(`usage: ${this.usage}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new Error(`--year must be a year, got ${values.year}`);
    const config = configFromEnv(process.env);
    // Read no more than the server would accept.
    if (statSync(file).size > config.attachmentMaxBytes + 1) throw new Error(`${file}: larger than ATTACHMENT_MAX_MB (${config.attachmentMaxBytes} bytes)`);
    const bytes = readFileSync(file);

    return withDatabase(async ({ db, dialect }) => {
      const ctx: AppContext = { db, dialect, config, now: config.clock ?? (() => new Date()), onClose: () => {} };
      let users = db.selectFrom('users').select(['id', 'login', 'name', 'role', 'org_id']).where('disabled', '=', 0);
      users = values.as ? users.where('login', '=', values.as) : users.where('role', '=', 'admin').orderBy('id');
      const row = await users.executeTakeFirst();
      if (!row) throw new Error(values.as ? `no enabled user ${values.as}` : 'no admin user: start the server once (it creates one) or run `user add`');
      const user: AuthUser = { id: row.id, login: row.login, name: row.name, role: row.role as UserRole, orgId: row.org_id };
      try {
        const { attachment, created } = await saveAttachment(ctx, user, { entityType: entity[1] as AttachmentEntityType, entityId: Number(entity[2]), year, kind, fileName: basename(file), bytes });
        console.log(JSON.stringify({ created, attachment }, null, 2));
        return 0;
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
        console.error(JSON.stringify(renderProblem(err, values.lang === 'en' ? 'en' : 'zh'), null, 2));
        return 1;
      }
    });
  },
};
