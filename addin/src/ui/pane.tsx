// What every view of the pane (or the workspace) shares: the language, the host, the session, and one place to report
// how the last action went (done, nothing to do, offline, server problem, Excel error).
import { createContext, useContext, useState } from 'react';
import { ApiProblem, Offline, type Api, type ProblemDocument, type Session } from '../api';
import { text, type Lang } from '../i18n';
import type { Host } from './views';

export type Notice =
  | { kind: 'success' | 'info' | 'warning'; message: string }
  | { kind: 'error'; message: string; problem?: ProblemDocument };

export interface Pane {
  lang: Lang;
  /** Inside Excel, or the web workspace (where an uploaded workbook stands for the open sheet). */
  host: Host;
  session: Session | null;
  api: Api | null;
  setSession(session: Session | null): void;
  notify(notice: Notice | null): void;
  /** Turns any failure into a notice; a 401 also signs out. */
  fail(error: unknown): void;
}

export const PaneContext = createContext<Pane | null>(null);

export function usePane(): Pane {
  const pane = useContext(PaneContext);
  if (!pane) throw new Error('usePane outside the pane');
  return pane;
}

/**
 * One action at a time, the same way in every view: the last notice goes, `work` runs, a failure
 * becomes a notice, and `busy` holds meanwhile (views disable their buttons on it).
 */
export function useAction(pane: Pane): [busy: boolean, act: (work: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    pane.notify(null);
    try {
      await work();
    } catch (error) {
      pane.fail(error);
    } finally {
      setBusy(false);
    }
  };
  return [busy, act];
}

export function noticeFor(error: unknown, lang: Lang): Notice {
  if (error instanceof Offline) return { kind: 'error', message: text(lang, 'offline') };
  if (error instanceof ApiProblem) {
    // A refused sign-in is a 401 too, but says what was wrong; only a lost session is "expired".
    if (error.problem.code === 'invalid_credentials') return { kind: 'error', message: error.problem.title };
    if (error.problem.status === 401) return { kind: 'error', message: text(lang, 'sessionExpired') };
    return { kind: 'error', message: text(lang, 'serverError'), problem: error.problem };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'error', message: `${text(lang, 'excelError')}: ${message}` };
}
