// The task pane: a header with who is signed in, the views as tabs, one notice line.
import { Caption1, FluentProvider, Link, Tab, TabList, Title3, webLightTheme } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { ApiProblem, apiFor, type Session } from '../api';
import type { Lang } from '../i18n';
import { loadSession, saveSession } from '../session';
import { text } from '../i18n';
import { NoticeBar } from './NoticeBar';
import { noticeFor, PaneContext, type Notice, type Pane } from './pane';
import { VIEWS } from './views';

export function App({ lang }: { lang: Lang }) {
  const [session, setSessionState] = useState<Session | null>(loadSession);
  const [view, setView] = useState(VIEWS[0].id);
  const [notice, setNotice] = useState<Notice | null>(null);

  const pane = useMemo<Pane>(() => {
    const setSession = (next: Session | null) => {
      saveSession(next);
      setSessionState(next);
      if (next) setView(VIEWS[0].id);
    };
    return {
      lang,
      session,
      api: session ? apiFor(session, lang) : null,
      setSession,
      notify: setNotice,
      fail: (error) => {
        if (error instanceof ApiProblem && error.problem.status === 401) setSession(null);
        setNotice(noticeFor(error, lang));
      },
    };
  }, [lang, session]);

  const Current = (VIEWS.find((v) => v.id === view) ?? VIEWS[0]).Component;
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh', padding: '12px', boxSizing: 'border-box' }}>
      <PaneContext.Provider value={pane}>
        <header style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 8 }}>
          <Title3 as="h1">{text(lang, 'appTitle')}</Title3>
          {session ? (
            <Caption1 data-user={session.user.login}>{session.user.name}</Caption1>
          ) : (
            <Link as="button" onClick={() => setView('account')}>{text(lang, 'signIn')}</Link>
          )}
        </header>
        <TabList selectedValue={view} onTabSelect={(_, d) => { setView(String(d.value)); setNotice(null); }} size="small" style={{ marginBlock: 6, flexWrap: 'wrap' }}>
          {VIEWS.map((v) => (
            <Tab key={v.id} value={v.id} style={{ paddingInline: 4 }}>{v.label[lang]}</Tab>
          ))}
        </TabList>
        <NoticeBar notice={notice} />
        <main>
          <Current />
        </main>
      </PaneContext.Provider>
    </FluentProvider>
  );
}
