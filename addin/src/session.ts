// The signed-in session lives in the add-in origin's storage, never in the workbook: a workbook
// is mailed around, a token must not travel with it.
import type { Session } from './api';

const KEY = 'commitment-ledger.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
