// Ballot codes: 80 random bits in Crockford's base32 (16 characters, no I, L, O or U), printed
// in groups of four so a resident can also type one in; unguessable however many are printed.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newBallotCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return out;
}

/** ABCD-EFGH-JKMN-PQRS, as printed. */
export function printedCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** What a resident typed (any case, with dashes or spaces, O for 0, I or L for 1) as a stored code, or null. */
export function normaliseCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? code : null;
}
