// An import's content keys name a row by what it says (year, organisation name, subject, …), and
// organisation names repeat: every township has its 第一党支部, and 张伟 pledging 按时交纳党费 in
// two of them are two records. So the key a record is stored under also holds the organisation the
// row was placed in.
import { createHash } from 'node:crypto';

export function placedKey(contentKey: string, orgId: number): string {
  return `import:${createHash('sha256').update(`${contentKey}|${orgId}`).digest('hex').slice(0, 40)}`;
}
