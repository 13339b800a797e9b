// The deadline grammar on the write path (issue 10): forms clerks write in the long tail are
// stored as the date they mean (or ongoing) through POST /commitments/batch, on both databases,
// and what is still not a deadline is rejected quoting the cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type Api, type TestServer } from './support/server';

const dbs = await testDatabases();

describe.each(dbs)('deadlines through the batch on $name', ({ url }) => {
  let server: TestServer;
  let admin: Api;
  let branch: number;

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => new Date('2011-03-01T02:00:00Z') });
    admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
    branch = (await admin.post('/orgs', { name: '石桥村党支部', kind: 'branch' })).body.id;
  });
  afterAll(async () => server?.close());

  it('stores the long tail as the dates it means and rejects the rest by its cell', async () => {
    const forms: Array<[string, string | null]> = [
      ['长期坚持执行', 'ongoing'],
      ['持续推进', 'ongoing'],
      ['2011年6月至12月', '2011-12-31'],
      ['三季度末', '2011-09-30'],
      ['年中前完成', '2011-06-30'],
      ['６月份', '2011-06-30'],
      ['即日起至年底', '2011-12-31'],
      ['视情况而定', null],
      ['2011年6月31日前', null],
    ];
    const rows = forms.map(([deadline], i) => ({ key: `dl-${i}`, orgId: branch, year: 2011, subjectName: '石桥村党支部', subjectType: '党组织', category: '实事承诺', content: `硬化村道第${i + 1}段`, deadline }));
    const res = await admin.post('/commitments/batch', { rows });
    expect(res.status).toBe(200);
    for (const [i, [written, stored]] of forms.entries()) {
      const row = res.body.rows[i];
      if (stored === null) {
        expect(row.result, written).toBe('rejected');
        expect(row.errors[0]).toMatchObject({ field: 'deadline', message: expect.stringContaining(`“${written}”`) });
      } else {
        expect(row.result, JSON.stringify(row.errors)).toBe('created');
        expect((await admin.get(`/commitments/${row.id}`)).body.deadline, written).toBe(stored);
      }
    }
  });
});
