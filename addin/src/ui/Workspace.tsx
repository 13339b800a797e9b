// The workspace: the app as a plain web page at `/`. Signed out it is a sign-in page; signed in,
// a header (who, which role, sign out) and the menu of the user's views — beside the content on
// a wide screen, behind a menu button on a phone.
import {
  Button, Caption1, Card, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer, Tab, TabList, Title3,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { LocalText } from '../../../core/types';
import { text, type Lang } from '../i18n';
import { AccountView } from './AccountView';
import { NoticeBar } from './NoticeBar';
import { usePane } from './pane';
import type { ShellProps } from './App';

/** Below this width the menu folds behind a button (a phone held upright). */
const WIDE = '(min-width: 760px)';

export const ROLE_LABELS: Record<string, LocalText> = {
  admin: { zh: '管理员', en: 'Admin' },
  reviewer: { zh: '审核人', en: 'Reviewer' },
  clerk: { zh: '党务工作者', en: 'Clerk' },
  viewer: { zh: '查看者', en: 'Viewer' },
  auditor: { zh: '审计员', en: 'Auditor' },
};

const WORDS = {
  menu: { zh: '菜单', en: 'Menu' },
  signInTitle: { zh: '登录公开承诺台账', en: 'Sign in to the commitment ledger' },
  signInHint: {
    zh: '党务工作者在 Excel 中使用加载项；没有 Excel（WPS、信创桌面）的，在这里上传台账检查和提交。',
    en: 'Clerks with Excel use the add-in; without Excel (WPS, other desktops), upload the ledger here to check and submit it.',
  },
} satisfies Record<string, LocalText>;

function useWide(): boolean {
  const [wide, setWide] = useState(() => matchMedia(WIDE).matches);
  useEffect(() => {
    const query = matchMedia(WIDE);
    const change = () => setWide(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return wide;
}

export function Workspace({ views, current, onSelect, notice }: ShellProps) {
  const { lang, session, setSession } = usePane();
  const wide = useWide();
  const [menuOpen, setMenuOpen] = useState(false);
  if (!session) return <SignInPage lang={lang} notice={notice} />;

  const Current = current.Component;
  const menu = (
    <TabList vertical selectedValue={current.id} data-menu="views" aria-label={WORDS.menu[lang]}
      onTabSelect={(_, d) => { onSelect(String(d.value)); setMenuOpen(false); }}>
      {views.map((v) => <Tab key={v.id} value={v.id}>{v.label[lang]}</Tab>)}
    </TabList>
  );
  return (
    <div style={{ display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: 'minmax(0, 1fr)', minHeight: '100vh' }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 16px', borderBottom: '1px solid #e0e0e0', background: '#fafafa' }}>
        {!wide && <Button onClick={() => setMenuOpen(true)} data-action="menu">☰ {WORDS.menu[lang]}</Button>}
        <Title3 as="h1" style={{ flex: 1, minWidth: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontSize: wide ? undefined : 16 }}>
          {text(lang, 'appTitle')}
        </Title3>
        <Caption1 data-user={session.user.login} style={{ whiteSpace: 'nowrap' }}>
          {session.user.name}{wide && ` · ${ROLE_LABELS[session.user.role]?.[lang] ?? session.user.role}`}
        </Caption1>
        <Button size="small" onClick={() => setSession(null)} data-action="sign-out">{text(lang, 'signOut')}</Button>
      </header>
      <div style={{ display: 'grid', gridTemplateColumns: wide ? '200px minmax(0, 1fr)' : 'minmax(0, 1fr)' }}>
        {wide ? (
          <nav style={{ padding: '12px 8px', borderRight: '1px solid #e0e0e0' }}>{menu}</nav>
        ) : (
          <OverlayDrawer open={menuOpen} onOpenChange={(_, d) => setMenuOpen(d.open)} size="small">
            <DrawerHeader>
              <DrawerHeaderTitle>{WORDS.menu[lang]}</DrawerHeaderTitle>
              <Caption1>{session.user.name} · {ROLE_LABELS[session.user.role]?.[lang] ?? session.user.role}</Caption1>
            </DrawerHeader>
            <DrawerBody>{menu}</DrawerBody>
          </OverlayDrawer>
        )}
        <main style={{ padding: wide ? '16px 24px' : '12px', maxWidth: 1100, minWidth: 0, overflowWrap: 'anywhere' }}>
          <Title3 as="h2" style={{ display: 'block', marginBottom: 8 }}>{current.label[lang]}</Title3>
          <NoticeBar notice={notice} />
          <Current />
        </main>
      </div>
    </div>
  );
}

function SignInPage({ lang, notice }: { lang: Lang; notice: ShellProps['notice'] }) {
  return (
    <div style={{ display: 'grid', placeItems: 'start center', padding: '10vh 12px' }}>
      <Card style={{ width: 'min(400px, 100%)', boxSizing: 'border-box' }}>
        <Title3 as="h1">{WORDS.signInTitle[lang]}</Title3>
        <Caption1>{WORDS.signInHint[lang]}</Caption1>
        <NoticeBar notice={notice} />
        <main><AccountView /></main>
      </Card>
    </div>
  );
}
