// The sample ledgers (with what a correct converter makes of them), carried in the repository
// so that a clone with nothing beside it runs every test.
import { fileURLToPath } from 'node:url';

export const LEDGER_FIXTURES = fileURLToPath(new URL('../fixtures/sample-ledgers/', import.meta.url));

export function ledgerFixture(name: string): string {
  return LEDGER_FIXTURES + name;
}
