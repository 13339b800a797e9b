// The wall notice and its QR codes, end to end: the notice is downloaded as a branch would print
// it, every QR picture inside the .xlsx is decoded as a phone would, the address is followed, and
// the page shows exactly that organisation's posted commitments — nothing private, nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { testDatabases } from './support/databases';
import { startTestServer, type TestServer } from './support/server';
import { publicWorld, PUBLIC_STATUSES, type PublicWorld } from './support/publicWorld';
import { qrCodesIn } from './support/qr';

const dbs = await testDatabases();
const TODAY = new Date('2011-07-15T04:00:00Z');

describe.each(dbs)('public notice and page on $name', ({ url }) => {
  let server: TestServer;
  let world: PublicWorld;
  let token: string;

  const download = async (path: string) => {
    const res = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const page = async (address: string) => {
    const res = await fetch(address);
    return { status: res.status, html: await res.text() };
  };
  const itemIds = (html: string) => [...html.matchAll(/data-item="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url, clock: () => TODAY });
    world = await publicWorld(server);
    token = await server.login('county-reviewer', 'Qingshan-2011!');
  });
  afterAll(() => server?.close());

  it('prints one QR per organisation whose address opens exactly that organisation’s posted commitments', async () => {
    const xlsx = await download(`/reports/notice?org=${world.org.county}&period=2011`);
    const addresses = await qrCodesIn(xlsx);
    expect(addresses).toHaveLength(2);
    for (const address of addresses) expect(address).toMatch(new RegExp(`^${server.baseUrl}/p/[A-Za-z0-9_-]{22}$`));

    for (const orgId of [world.org.chengguan, world.org.dongfeng]) {
      const posted = await world.admin.get(`/commitments?org=${orgId}&year=2011&status=${PUBLIC_STATUSES.join(',')}`);
      const expected = (posted.body.items as { id: number }[]).map((c) => c.id).sort((a, b) => a - b);
      const pages = await Promise.all(addresses.map(page));
      const mine = pages.filter((p) => itemIds(p.html).some((id) => expected.includes(id)));
      expect(mine).toHaveLength(1);
      expect(mine[0].status).toBe(200);
      expect(itemIds(mine[0].html)).toEqual(expected);
    }
  });

  it('shows status, deadline, public notes, last change, 创建目标, public comments and the survey — nothing private', async () => {
    const links = await world.clerk.get(`/public-links?org=${world.org.chengguan}&year=2011`);
    const { html } = await page(links.body.items[0].url);
    expect(itemIds(html)).toEqual([world.item.clinic, world.item.archive, world.item.road].sort((a, b) => a - b));
    expect(html).toContain('城关社区党支部2011年度公开承诺');
    expect(html).toContain('为社区60岁以上老人建立健康档案');
    expect(html).toContain('进行中');
    expect(html).toContain('2011年9月30日');
    expect(html).toContain('已为126名老人建立健康档案');
    expect(html).toContain('更新于 2011年7月15日');
    expect(html).toContain('创建“五好”服务型党支部');
    expect(html).toContain('为民服务意识强');
    expect(html).toContain('满意 30 票，基本满意 5 票，不满意 1 票；满意率 97.2%');
    expect(html).toContain('已逾期'); // the road, due in May, is not done
    for (const secret of ['走访低保户王某某', '内部点评', '尚在起草', '已撤销的承诺', '1975', '东风村', '社区居委会']) expect(html).not.toContain(secret);
  });

  it('a revoked link answers 404 at once, and the next notice carries a new address', async () => {
    expect((await world.clerk.get(`/public-links?org=${world.org.dongfeng}&year=2011`)).status).toBe(404); // outside the clerk's scope
    const mine = await world.reviewer.get(`/public-links?org=${world.org.dongfeng}&year=2011`);
    const [link] = mine.body.items;
    expect((await page(link.url)).status).toBe(200);
    expect((await world.reviewer.post(`/public-links/${link.id}/revoke`)).status).toBe(200);
    expect((await page(link.url)).status).toBe(404);
    const audit = await server.ctx.db.selectFrom('audit').select(['action', 'entity_id']).where('entity', '=', 'public_link').execute();
    expect(audit).toContainEqual({ action: 'revoke', entity_id: link.id });
    const again = await qrCodesIn(await download(`/reports/notice?org=${world.org.dongfeng}&period=2011`));
    expect(again).toHaveLength(1);
    expect(again[0]).not.toBe(link.url);
    expect((await page(again[0])).status).toBe(200);
  });

  it('an unknown token answers 404 and looks like any other', async () => {
    expect((await page(`${server.baseUrl}/p/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await page(`${server.baseUrl}/p/short`)).status).toBe(404);
  });

  it('is laid out for the wall: title, organisation headings, 12 pt body, A4 landscape, 落款 with 公示期 and 监督电话, no cover', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(`/reports/notice?org=${world.org.county}&period=2011&postedOn=2011-03-07`)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['公示表']);
    const ws = wb.worksheets[0];
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    const texts: string[] = [];
    // Each merged range once, by its top-left cell.
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && c.master === c && texts.push(c.value))));
    expect(texts[0]).toBe('青山县委2011年度党员公开承诺公示');
    expect(texts).toContain('一、城关社区党支部');
    expect(texts).toContain('二、东风村党支部');
    // The organisation is a heading, not a column repeated in every row.
    expect(texts).not.toContain('所在党组织');
    expect(texts.filter((t) => t === '序号')).toHaveLength(2); // each organisation's table has its header
    expect(texts.some((t) => t.startsWith('公示期：2011年3月7日至2011年3月11日') && t.includes('监督电话：0551-6812345') && t.includes('监督邮箱：cgsq@qingshan.gov.cn'))).toBe(true);
    expect(texts).toContain('2011年3月7日');
    const content = findCell(ws, '为社区60岁以上老人建立健康档案，每季度组织一次义诊')!;
    expect(content.font.size).toBeGreaterThanOrEqual(12);
    expect(content.row.height).toBeGreaterThan(20); // grown to its wrapped text
  });

  it('refuses an impossible first day of 公示, naming the parameter', async () => {
    const res = await world.reviewer.get(`/reports/notice?org=${world.org.county}&period=2011&postedOn=2011-02-30`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'postedOn', code: 'bad_date', message: expect.stringContaining('2011-02-30') })]);
  });

  it('puts one organisation on each printed page when asked', async () => {
    const xlsx = await download(`/reports/notice?org=${world.org.county}&period=2011&orgPerPage=1`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const titles: number[] = [];
    ws.eachRow((row, n) => void (String(row.getCell(1).value).endsWith('2011年度党员公开承诺公示') && titles.push(n)));
    expect(titles).toHaveLength(2);
    // exceljs does not read page breaks back; the sheet's XML holds them.
    const sheetXml = await (await JSZip.loadAsync(xlsx)).file('xl/worksheets/sheet1.xml')!.async('string');
    const breaks = [...sheetXml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toBeLessThan(titles[1]);
    expect(breaks[0]).toBeGreaterThan(titles[0]);
  });
});

function findCell(ws: ExcelJS.Worksheet, text: string): { font: Partial<ExcelJS.Font>; row: ExcelJS.Row } | null {
  let found: { font: Partial<ExcelJS.Font>; row: ExcelJS.Row } | null = null;
  ws.eachRow((row) => row.eachCell((c) => void (c.value === text && (found = { font: c.font, row }))));
  return found;
}
