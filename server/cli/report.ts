// `report <kind> <period> --org <id> --out <file>`: the same workbook the API answers, to a file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_KINDS } from '../../core/types';
import { clockFromEnv, configFromEnv } from '../config';
import { buildReport, reportOptions, ReportRequestError } from '../reports/build';
import type { ReportOptions } from '../reports/report';
import { databaseUrl, withDatabase, type CliCommand } from './command';

export const report: CliCommand = {
  usage: `report <${REPORT_KINDS.join('|')}> <period> --org <id> --out <file> [--by <name>] [--org-per-page] [--posted-on YYYY-MM-DD]`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { org: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' }, 'org-per-page': { type: 'boolean' }, 'posted-on': { type: 'string' } },
    });
    const [kind, period] = positionals;
    if (!kind || !period || !values.org || !values.out) throw new Error(`usage: ${this.usage}`);
    const orgId = Number(values.org);
    if (!Number.isInteger(orgId) || orgId < 1) throw new Error(`--org must be an organisation id, got ${values.org}`);
    const out = resolve(values.out);
    const config = configFromEnv({ ...process.env, DATABASE_URL: databaseUrl() });
    const readable = (err: unknown) => (err instanceof ReportRequestError ? new Error(`${err.zh} / ${err.en}`) : err);
    let options: ReportOptions;
    try {
      options = reportOptions({ orgPerPage: values['org-per-page'], postedOn: values['posted-on'] });
    } catch (err) {
      throw readable(err);
    }
    const built = await withDatabase(({ db, dialect }) =>
      buildReport(
        { db, dialect, config, now: clockFromEnv(process.env), onClose: () => {} },
        { kind, orgId, period, generatedBy: values.by ?? '命令行', options },
      ).catch((err) => {
        throw readable(err);
      }),
    );
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.buffer);
    console.log(`${built.fileName} → ${out} (${built.buffer.length} bytes)`);
  },
};
