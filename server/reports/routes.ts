// GET /api/v1/reports/:kind?org=&period= — the workbook, for an organisation in the caller's
// scope (its own organisation when org is left out). Outside the scope answers 404.
import { Router } from 'express';
import type { AppContext } from '../context';
import { userOf } from '../http/auth';
import { badRequest } from '../http/problem';
import { assertOrgInScope } from '../scope';
import { checkReportRequest, reportOptions, ReportRequestError, reportToday } from './build';
import { reportBuilderOf } from './offThread';
import type { ReportOptions } from './report';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportRoutes(ctx: AppContext): Router {
  const router = Router();
  const buildOffThread = reportBuilderOf(ctx);
  router.get('/reports/:kind', async (req, res) => {
    const user = userOf(req);
    const kind = req.params.kind;
    const period = typeof req.query.period === 'string' ? req.query.period : '';
    const orgParam = typeof req.query.org === 'string' && req.query.org !== '' ? req.query.org : user.orgId === null ? '' : String(user.orgId);
    let options: ReportOptions;
    try {
      checkReportRequest(kind, period, reportToday(ctx));
      options = reportOptions(req.query);
    } catch (err) {
      if (err instanceof ReportRequestError) throw invalid(err.field, err.code, err.zh, err.en);
      throw err;
    }
    if (!/^[1-9]\d{0,9}$/.test(orgParam)) {
      throw invalid('org', 'bad_org', `请用 org= 指明党组织编号（收到「${orgParam}」）`, `Name the organisation with org=<id> (got "${orgParam}")`);
    }
    const org = await assertOrgInScope(ctx, user, Number(orgParam));
    const { buffer, fileName } = await buildOffThread({
      kind,
      orgId: org.id,
      period,
      generatedBy: user.name,
      publicUrl: `${req.protocol}://${req.get('host')}`,
      options,
    });
    res
      .status(200)
      .type(XLSX)
      .set('Content-Disposition', `attachment; filename="report-${period}-${kind}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .set('Cache-Control', 'no-store')
      .send(buffer);
  });
  return router;
}

function invalid(field: string, code: string, zh: string, en: string) {
  return badRequest(code, { zh: '报表参数有误', en: 'Invalid report request' }, [{ field, code, message: { zh, en } }]);
}
