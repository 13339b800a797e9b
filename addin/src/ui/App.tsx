// The app's shell, one for both hosts: in Excel the task pane (views as tabs at 350 px), in a
// browser the workspace (sign-in page, then a menu of the views the user's role has).
import { Caption1, FluentProvider, Link, Tab, TabList, Title3, webLightTheme } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { ApiProblem, apiFor, type Session } from '../api';
import type { Lang } from '../i18n';
import { loadSession, saveSession } from '../session';
import { text } from '../i18n';
import { NoticeBar } from './NoticeBar';
import { noticeFor, PaneContext, usePane, type Notice, type Pane } from './pane';
import { viewsFor, type Host, type PaneView } from './views';
import { Workspace } from './Workspace';

export function App({ lang, host = 'excel' }: { lang: Lang; host?: Host }) {
  const [session, setSessionState] = useState<Session | null>(loadSession);
  const views = viewsFor(host, session?.user.role ?? null);
  const [view, setView] = useState(views[0].id);
  const [notice, setNotice] = useState<Notice | null>(null);

  const pane = useMemo<Pane>(() => {
    const setSession = (next: Session | null) => {
      saveSession(next);
      setSessionState(next);
      setNotice(null);
      if (next) setView(viewsFor(host, next.user.role)[0].id);
    };
    return {
      lang,
      host,
      session,
      api: session ? apiFor(session, lang) : null,
      setSession,
      notify: setNotice,
      fail: (error) => {
        if (error instanceof ApiProblem && error.problem.status === 401) setSession(null);
        setNotice(noticeFor(error, lang));
      },
    };
  }, [lang, host, session]);

  const current = views.find((v) => v.id === view) ?? views[0];
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <PaneContext.Provider value={pane}>
        {host === 'web' ? (
          <Workspace views={views} current={current} onSelect={setView} notice={notice} />
        ) : (
          // A tab switch in the pane forgets the notice the last tab left (a sheet switch does too, in LedgerView).
          <TaskPane views={views} current={current} onSelect={(id) => { setView(id); setNotice(null); }} notice={notice} />
        )}
      </PaneContext.Provider>
    </FluentProvider>
  );
}

export interface ShellProps {
  views: PaneView[];
  current: PaneView;
  onSelect(id: string): void;
  notice: Notice | null;
}

function TaskPane({ views, current, onSelect, notice }: ShellProps) {
  const { lang, session } = usePane();
  const Current = current.Component;
  return (
    <div style={{ padding: 12 }}>
      <header style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 8 }}>
        <Title3 as="h1">{text(lang, 'appTitle')}</Title3>
        {session ? (
          <Caption1 data-user={session.user.login}>{session.user.name}</Caption1>
        ) : (
          <Link as="button" onClick={() => onSelect('account')}>{text(lang, 'signIn')}</Link>
        )}
      </header>
      <TabList selectedValue={current.id} onTabSelect={(_, d) => onSelect(String(d.value))} size="small" style={{ marginBlock: 6, flexWrap: 'wrap' }}>
        {views.map((v) => (
          <Tab key={v.id} value={v.id} style={{ paddingInline: 4 }}>{v.label[lang]}</Tab>
        ))}
      </TabList>
      <NoticeBar notice={notice} />
      <main>
        <Current />
      </main>
    </div>
  );
}
