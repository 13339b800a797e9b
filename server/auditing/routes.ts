// GET /audit (the trail, newest first, filtered) and GET /audit/export (the same as CSV), for the
// auditor alone — separation of duties (三员分立): admins run the system, the auditor reads what
// everyone did. `auditorsStopHere` is mounted right after these routes, so an auditor reaches
// nothing else.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Expression, SqlBool } from 'kysely';
import type { AppContext } from '../context';
import { Paging, id, parseInput } from '../http/body';
import { requireRole, userOf } from '../http/auth';
import { Problem } from '../http/problem';

const Instant = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/);
const AuditFilter = z.object({
  user: id.optional(),
  entity: z.string().trim().min(1).max(40).optional(),
  entityId: id.optional(),
  action: z.string().trim().min(1).max(60).optional(),
  /** From this instant (a date means its start), inclusive. */
  from: Instant.optional(),
  /** Up to this instant (a date means its end), inclusive. */
  to: Instant.optional(),
});
type AuditFilter = z.output<typeof AuditFilter>;

/** The most rows one export holds; narrow the period for more. */
export const MAX_EXPORT_ROWS = 100_000;

const auditors = requireRole('auditor');

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();

  const filtered = (f: AuditFilter) => {
    const bounds = (to: boolean, value: string) => (value.length === 10 ? `${value}T${to ? '23:59:59.999' : '00:00:00.000'}Z` : new Date(value).toISOString());
    return ctx.db
      .selectFrom('audit')
      .leftJoin('users', 'users.id', 'audit.user_id')
      .where((eb) => {
        const where: Expression<SqlBool>[] = [];
        if (f.user !== undefined) where.push(eb('audit.user_id', '=', f.user));
        if (f.entity !== undefined) where.push(eb('audit.entity', '=', f.entity));
        if (f.entityId !== undefined) where.push(eb('audit.entity_id', '=', f.entityId));
        if (f.action !== undefined) where.push(eb('audit.action', '=', f.action));
        if (f.from !== undefined) where.push(eb('audit.at', '>=', bounds(false, f.from)));
        if (f.to !== undefined) where.push(eb('audit.at', '<=', bounds(true, f.to)));
        return eb.and(where);
      });
  };
  const columns = ['audit.id', 'audit.at', 'audit.user_id', 'users.login', 'audit.action', 'audit.entity', 'audit.entity_id', 'audit.before_json', 'audit.after_json'] as const;

  router.get('/audit', auditors, async (req, res) => {
    const filter = parseInput(AuditFilter, req.query);
    const { limit, offset } = parseInput(Paging, req.query);
    const [rows, count] = await Promise.all([
      filtered(filter).select(columns).orderBy('audit.id', 'desc').limit(limit).offset(offset).execute(),
      filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    res.json({
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        login: r.login,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before_json === null ? null : JSON.parse(r.before_json),
        after: r.after_json === null ? null : JSON.parse(r.after_json),
      })),
      total: Number(count.n),
    });
  });

  router.get('/audit/export', auditors, async (req, res) => {
    const filter = parseInput(AuditFilter, req.query);
    const rows = await filtered(filter).select(columns).orderBy('audit.id').limit(MAX_EXPORT_ROWS + 1).execute();
    if (rows.length > MAX_EXPORT_ROWS) {
      throw new Problem(413, 'audit.export_too_large', { zh: '导出的审计记录过多', en: 'Too many audit rows to export' }, {
        zh: `一次最多导出 ${MAX_EXPORT_ROWS} 条，请缩小时间范围（from、to）`,
        en: `At most ${MAX_EXPORT_ROWS} rows per export; narrow the period (from, to)`,
      });
    }
    const header = ['编号 id', '时间 at', '用户编号 user_id', '登录名 login', '操作 action', '对象 entity', '对象编号 entity_id', '修改前 before', '修改后 after'];
    const lines = [header, ...rows.map((r) => [r.id, r.at, r.user_id, r.login, r.action, r.entity, r.entity_id, r.before_json, r.after_json])].map((cells) => cells.map(csvCell).join(','));
    const stamp = ctx.now().toISOString().slice(0, 10);
    res.set('Content-Disposition', `attachment; filename="audit-${stamp}.csv"`);
    // A byte-order mark, so Excel reads the Chinese as UTF-8.
    res.type('text/csv; charset=utf-8').send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  return router;
}

/** One CSV field: quoted, and text a spreadsheet would take for a formula (= + - @) kept as text. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Mounted after the audit routes: an auditor reads the trail and nothing else. */
export const auditorsStopHere: RequestHandler = (req, _res, next) => {
  if (userOf(req).role === 'auditor') {
    throw new Problem(403, 'role.auditor', { zh: '审计员只能查看审计记录', en: 'An auditor reads the audit trail and nothing else' }, {
      zh: '审计员账号只能使用 /audit 和 /audit/export',
      en: 'An auditor account may use /audit and /audit/export only',
    });
  }
  next();
};
