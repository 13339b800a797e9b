// Two counties on one server, as the review desk's tests need them: 东湖县 (county committee,
// town committee, health-centre branch) and 西山县 (county committee, school branch), and users.
import { expect } from 'vitest';
import { ADMIN_LOGIN, ADMIN_PASSWORD, type Api, type TestServer } from './server';

export const PASSWORD = 'a-long-password';

export interface Counties {
  admin: Api;
  adminToken: string;
  org: { east: number; town: number; branch: number; west: number; westBranch: number };
  /** A user of `role` scoped to `orgId`, logged in. */
  user(login: string, role: string, orgId: number): Promise<Api>;
}

export async function seedCounties(server: TestServer): Promise<Counties> {
  const adminToken = await server.login(ADMIN_LOGIN, ADMIN_PASSWORD);
  const admin = server.api(adminToken);
  const mkOrg = async (name: string, kind: string, parentId?: number) => (await admin.post('/orgs', { name, kind, parentId })).body.id as number;
  const east = await mkOrg('东湖县委', 'committee');
  const town = await mkOrg('城关镇党委', 'committee', east);
  const branch = await mkOrg('城关镇卫生院党支部', 'branch', town);
  const west = await mkOrg('西山县委', 'committee');
  const westBranch = await mkOrg('西山中学党支部', 'branch', west);
  return {
    admin,
    adminToken,
    org: { east, town, branch, west, westBranch },
    async user(login, role, orgId) {
      expect((await admin.post('/users', { login, password: PASSWORD, name: login, role, orgId })).status).toBe(201);
      return server.api(await server.login(login, PASSWORD));
    },
  };
}
