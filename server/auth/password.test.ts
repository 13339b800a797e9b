import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('组织生活会2011');
    const b = await hashPassword('组织生活会2011');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('组织生活会2011', a)).toBe(true);
    expect(await verifyPassword('组织生活会2012', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text-not-a-hash')).toBe(false);
  });

  it('makes random passwords of 18 unambiguous characters', () => {
    const p = randomPassword();
    expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{18}$/);
    expect(randomPassword()).not.toBe(p);
  });
});
