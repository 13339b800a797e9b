// Sign in (server address, login, password) and sign out. The workspace is served by the server
// itself, so there the address is the page's own.
import { Button, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiProblem, changePassword, signIn } from '../api';
import { text } from '../i18n';
import { useAction, usePane } from './pane';

export function AccountView() {
  const pane = usePane();
  const [server, setServer] = useState(pane.session?.server ?? location.origin);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  // After a reset the server wants a new password before it gives a session.
  const [mustChange, setMustChange] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [busy, act] = useAction(pane);
  const t = (k: Parameters<typeof text>[1]) => text(pane.lang, k);

  if (pane.session) {
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        <Text>
          {t('signedInAs')}
          {pane.session.user.name}（{pane.session.user.login}） · {pane.session.server}
        </Text>
        <Button onClick={() => pane.setSession(null)}>{t('signOut')}</Button>
      </div>
    );
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    return act(async () => {
      try {
        pane.setSession(
          mustChange
            ? await changePassword(server, login, password, newPassword, pane.lang)
            : await signIn(server, login, password, pane.lang),
        );
      } catch (error) {
        if (error instanceof ApiProblem && error.problem.code === 'password.change_required') {
          setMustChange(true);
          return;
        }
        throw error;
      }
    });
  };
  return (
    <form onSubmit={submit} style={{ display: 'grid', gap: 8 }}>
      {pane.host === 'excel' && (
        <>
          <Text>{t('signedOut')}</Text>
          <Field label={t('server')}>
            <Input value={server} onChange={(_, d) => setServer(d.value)} name="server" />
          </Field>
        </>
      )}
      <Field label={t('login')}>
        <Input value={login} onChange={(_, d) => setLogin(d.value)} name="login" autoComplete="username" />
      </Field>
      <Field label={t('password')}>
        <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} name="password" autoComplete="current-password" />
      </Field>
      {mustChange && (
        <>
          <Text role="status">{t('mustChangePassword')}</Text>
          <Field label={t('newPassword')}>
            <Input type="password" value={newPassword} onChange={(_, d) => setNewPassword(d.value)} name="newPassword" autoComplete="new-password" />
          </Field>
        </>
      )}
      <Button appearance="primary" type="submit" disabled={busy || !login || !password || (mustChange && !newPassword)}>
        {t(mustChange ? 'setPasswordAndSignIn' : 'signIn')}
      </Button>
    </form>
  );
}
