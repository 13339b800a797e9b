// A small county for the public-supervision tests, made through the API as its people would:
// 青山县委 with two village/community branches, members, commitments in every state the public
// must or must not see, progress notes marked public and not, leader comments public and not,
// a typed paper survey, a 创建目标 and a supervision phone.
import { expect } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type TestServer } from './server';

export const PASSWORD = 'Qingshan-2011!';
export const PUBLIC_STATUSES = ['approved', 'published', 'in_progress', 'completed', 'unfulfilled'];

export interface PublicWorld {
  admin: Api;
  reviewer: Api;
  clerk: Api;
  org: { county: number; chengguan: number; dongfeng: number };
  member: { wangfang: number; liqiang: number };
  /** Commitment ids by a short name. */
  item: Record<'clinic' | 'archive' | 'road' | 'draft' | 'dropped' | 'otherVillage', number>;
}

export async function publicWorld(server: TestServer): Promise<PublicWorld> {
  const admin = server.api(await server.login(ADMIN_LOGIN, ADMIN_PASSWORD));
  const mkOrg = async (name: string, kind: string, parentId?: number) => {
    const res = await admin.post('/orgs', { name, kind, parentId });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const county = await mkOrg('青山县委', 'committee');
  const chengguan = await mkOrg('城关社区党支部', 'branch', county);
  const dongfeng = await mkOrg('东风村党支部', 'branch', county);
  expect((await admin.patch(`/orgs/${chengguan}`, { supervisionPhone: '0551-6812345', supervisionEmail: 'cgsq@qingshan.gov.cn' })).status).toBe(200);
  const mkUser = async (login: string, role: string, orgId: number) => {
    expect((await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
    return server.api(await server.login(login, PASSWORD));
  };
  const reviewer = await mkUser('county-reviewer', 'reviewer', county);
  const clerk = await mkUser('cg-clerk', 'clerk', chengguan);
  const wangfang = (await clerk.post('/members', { orgId: chengguan, name: '王芳', role: 'ordinary', gender: 'female', birthYear: 1975, joinedOn: '1998-07', unitPost: '社区居委会 主任' })).body.id;
  const liqiang = (await clerk.post('/members', { orgId: chengguan, name: '李强', role: 'ordinary', gender: 'male', birthYear: 1969 })).body.id;

  const row = (key: string, subjectName: string, subjectType: string, category: string, content: string, deadline: string, status: string) =>
    ({ key, year: 2011, subjectName, subjectType, category, content, measures: '每月入户走访，按季度向支部汇报', deadline, responsible: subjectName, status });
  const batch = async (orgId: number, rows: ReturnType<typeof row>[]) => {
    const res = await admin.post('/commitments/batch', { orgId, rows });
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.rows as { key: string; id: number }[]).map((r) => [r.key, r.id]));
  };
  const cg = await batch(chengguan, [
    row('clinic', '城关社区党支部', '党组织', '实事承诺', '为社区60岁以上老人建立健康档案，每季度组织一次义诊', '2011年9月底', '进行中'),
    row('archive', '王芳', '党员', '岗位承诺', '帮助辖区困难家庭办理医保续缴手续', '2011年6月底', '已完成'),
    row('road', '李强', '党员', '实事承诺', '协调修缮城关路口破损路面', '2011年5月底', '已公示'),
    row('draft', '李强', '党员', '共性承诺', '尚在起草的承诺：每周学习一次', '长期', '待审'),
    row('dropped', '王芳', '党员', '实事承诺', '已撤销的承诺：组织文艺汇演', '2011年8月底', '已撤销'),
  ]);
  const df = await batch(dongfeng, [row('otherVillage', '东风村党支部', '党组织', '实事承诺', '东风村修建村级文化广场', '2011年10月底', '进行中')]);

  expect((await clerk.post(`/commitments/${cg.clinic}/progress`, { month: '2011-06', note: '已为126名老人建立健康档案', percent: 60, public: true })).status).toBe(201);
  expect((await clerk.post(`/commitments/${cg.clinic}/progress`, { month: '2011-07', note: '走访低保户王某某，了解其就医困难' })).status).toBe(201);
  expect((await reviewer.post('/evaluations', { kind: 'leader_comment', targetType: 'organization', targetId: chengguan, period: '2011-Q2', text: '为民服务意识强，健康档案工作扎实', public: true })).status).toBe(201);
  expect((await reviewer.post('/evaluations', { kind: 'leader_comment', targetType: 'member', targetId: liqiang, period: '2011-Q2', text: '内部点评：路面修缮进度滞后，需督促' })).status).toBe(201);
  expect((await reviewer.post('/evaluations', { kind: 'survey', targetType: 'organization', targetId: chengguan, period: '2011-H1', satisfied: 30, basicallySatisfied: 5, unsatisfied: 1 })).status).toBe(201);
  expect((await clerk.put(`/orgs/${chengguan}/goals/2011`, { goal: '创建“五好”服务型党支部，群众满意率达到95%以上' })).status).toBe(200);

  return {
    admin,
    reviewer,
    clerk,
    org: { county, chengguan, dongfeng },
    member: { wangfang, liqiang },
    item: { clinic: cg.clinic, archive: cg.archive, road: cg.road, draft: cg.draft, dropped: cg.dropped, otherVillage: df.otherVillage },
  };
}
