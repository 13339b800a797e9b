// The public page under load: the server process (server/main.ts, HTTP on loopback, scheduler
// off) with the demo county, autocannon with 50 connections for 30 s on a branch's public page
// `/p/<token>`, then on `/healthz` in the same run, for comparison; p50/p99 and requests/s.
// The per-token limit is raised for the measurement (PUBLIC_PAGE_LIMIT), since the default would
// answer most requests 429; a short run at the default limit shows it holding.
//   npm run bench -- public                  SQLite, and PostgreSQL when TEST_DATABASE_URL is set
//   PUBLIC_SECONDS=10 npm run bench -- public
import autocannon from 'autocannon';
import { openDatabase } from '../server/db/open';
import { loadDemoCounty } from '../server/demo';
import { linksFor } from '../server/public/links';
import { startServerProcess } from '../test/support/serverProcess';
import type { TestDatabase } from '../test/support/freshDatabases';
import { forEachDatabase } from './databases';

const SECONDS = Number(process.env.PUBLIC_SECONDS || 30);
const CONNECTIONS = 50;

async function measure(db: TestDatabase): Promise<void> {
  const opened = await openDatabase(db.url);
  const demo = await loadDemoCounty(opened.db, { password: 'public-bench' });
  // The branch with the most posted commitments: the heaviest page of the county.
  const busiest = await opened.db
    .selectFrom('commitments')
    .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['approved', 'published', 'in_progress', 'completed', 'unfulfilled'])
    .groupBy('org_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const link = (await linksFor(opened.db, [busiest.org_id], demo.year, new Date().toISOString(), null)).get(busiest.org_id)!;
  await opened.close();

  for (const [limit, seconds] of [['100000000', SECONDS], ['', Math.min(SECONDS, 10)]] as const) {
    const server = await startServerProcess({ env: { DATABASE_URL: db.url, HTTPS: '0', PUBLIC_PAGE_LIMIT: limit } });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const page = await fetch(`${base}/p/${link.token}`);
      const bytes = (await page.arrayBuffer()).byteLength;
      if (limit) console.log(`--- ${db.name}: public page of a branch with ${busiest.n} posted commitments (${bytes} bytes), ${CONNECTIONS} connections, ${seconds} s each`);
      else console.log(`--- ${db.name}: the same page at the default limit (300 a minute per token)`);
      for (const [name, path] of limit ? [['/p/<token>', `/p/${link.token}`], ['/healthz', '/healthz']] : [['/p/<token>', `/p/${link.token}`]]) {
        const r = await autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: seconds });
        console.log(
          `${name.padEnd(11)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ` +
            `2xx ${r['2xx']}  429 ${r.statusCodeStats?.['429']?.count ?? 0}  errors ${r.errors + r.timeouts}`,
        );
      }
    } finally {
      await server.stop('SIGTERM');
    }
  }
}

await forEachDatabase(measure);
