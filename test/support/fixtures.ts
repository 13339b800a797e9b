// The sample ledgers of the shared folder, which sits beside the repository (as in CI's clone).
import { fileURLToPath } from 'node:url';

export const LEDGER_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/ledgers/', import.meta.url));

export function ledgerFixture(name: string): string {
  return LEDGER_FIXTURES + name;
}
