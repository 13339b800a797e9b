// `demo [--year <y>] [--seed <n>] [--password <p>]`: loads the sample county into DATABASE_URL.
import { parseArgs } from 'node:util';
import { loadDemoCounty } from '../demo';
import { withDatabase, type CliCommand } from './command';
import { clockFromEnv } from '../config';

export const demo: CliCommand = {
  usage: 'demo [--year <y>] [--seed <n>] [--password <p>]',
  async run(args) {
    const { values } = parseArgs({ args, options: { year: { type: 'string' }, seed: { type: 'string' }, password: { type: 'string' } } });
    const number = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number, got ${v}`);
      return Number(v);
    };
    const county = await withDatabase(({ db }) => loadDemoCounty(db, { year: number(values.year, 'year'), seed: number(values.seed, 'seed'), password: values.password, now: clockFromEnv(process.env)() }));
    const c = county.counts;
    console.log(`示例县已载入 / demo county loaded: organisation ${county.countyId}, year ${county.year}`);
    console.log(`  ${c.organizations} organisations, ${c.members} members, ${c.commitments} commitments, ${c.progressEntries} progress entries, ${c.evaluations} evaluations, ${c.rectifications} rectifications`);
    const admin = county.adminCreated ? `${county.adminCreated} (whole tree), ` : '';
    console.log(`  users: ${admin}reviewer (county), clerk01…clerk${String(county.logins.length - 1).padStart(2, '0')} (one per branch)`);
    console.log(`  password for all of them: ${county.password}`);
  },
};
