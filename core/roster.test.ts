import { describe, expect, it } from 'vitest';
import { checkRosterRow, recogniseRosterHeader } from './roster';

describe('roster rows', () => {
  it('finds the header below a title and reads the columns a 花名册 has', () => {
    const header = recogniseRosterHeader([
      ['城关镇第一党支部党员花名册'],
      ['序号', '姓名', '性别', '出生年月', '入党时间', '单位及职务', '身份'],
    ]);
    expect(header?.headerRow).toBe(1);
    expect([...header!.columns.keys()]).toEqual(['name', 'gender', 'birth', 'joinedOn', 'unitPost', 'role']);
  });

  it.each([
    [{ name: '张伟', gender: '男', birth: '1975.03', joinedOn: '1998.07', unitPost: '城关镇财政所 所长', role: '党员领导干部' }, { gender: 'male', birthYear: 1975, joinedOn: '1998-07', role: 'leader_cadre' }],
    [{ name: '李秀英', gender: '女', age: '56', joinedOn: '1990年5月', role: '普通党员' }, { gender: 'female', birthYear: 1970, joinedOn: '1990-05', role: 'ordinary' }],
    [{ name: '王德', birth: new Date(Date.UTC(1941, 1, 3)), joinedOn: 1965.1, role: '离退休党员' }, { birthYear: 1941, joinedOn: '1965-10', role: 'retired' }],
    [{ name: '赵刚', birth: 27456, joinedOn: '2001-06-30', role: '无职务党员' }, { birthYear: 1975, joinedOn: '2001-06', role: 'no_post' }],
  ])('reads %j', (cells, expected) => {
    expect(checkRosterRow(cells, 2026)).toEqual({ errors: [], member: expect.objectContaining(expected) });
  });

  it('names each field that is wrong and quotes what was written', () => {
    const { member, errors } = checkRosterRow({ name: '张伟', gender: '男性', birth: '1975年13月', joinedOn: '1998', role: '群众' }, 2026);
    expect(member).toBeNull();
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['gender:gender.unknown', 'birth:birth.invalid', 'joinedOn:joinedOn.invalid', 'role:role.unknown']);
    expect(errors[0].message.zh).toContain('男性');
  });
});
