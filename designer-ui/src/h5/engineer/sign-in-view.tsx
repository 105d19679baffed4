import { useState, type FormEvent } from 'react';
import { api, ApiError, markSession, setMe, setToken, type Me } from '../../api/client';
import { setEngineerFor } from './engineer-client';
import { useT } from './engineer-i18n';

/**
 * Username and password (a cookie session with its CSRF token), or a pasted API token — then the
 * engineer id it works for, when the token is not a user linked to an engineer.
 */
export function SignInView({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useT();
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setTokenText] = useState('');
  const [engineerId, setEngineerId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let me: Me;
      if (mode === 'password') {
        me = await api.signIn(username.trim(), password);
        if (me.mustChangePassword) {
          setError(t('mustChange'));
          return;
        }
        markSession();
      } else {
        me = await api.me(token.trim());
        setToken(token.trim());
      }
      setEngineerFor(me.agentId ? null : engineerId.trim() || null);
      setMe(me);
      onSignedIn(me);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) setError(t('networkError'));
      else if (err.status === 401) setError(t('badPassword'));
      else setError(err.problem?.detail ?? t('badPassword'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="h5-card h5-form" onSubmit={submit} aria-labelledby="eng-signin-title">
      <h1 id="eng-signin-title">{t('signInTitle')}</h1>
      {mode === 'password' ? (
        <>
          <label>
            {t('username')}
            <input id="eng-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </label>
          <label>
            {t('password')}
            <input
              id="eng-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
        </>
      ) : (
        <>
          <label>
            {t('token')}
            <input id="eng-token" value={token} onChange={(e) => setTokenText(e.target.value)} placeholder="ffk_…" required />
          </label>
          <label>
            {t('engineerId')}
            <input id="eng-engineer-id" value={engineerId} onChange={(e) => setEngineerId(e.target.value)} />
          </label>
        </>
      )}
      {error && (
        <p className="eng-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="eng-primary" disabled={busy}>
        {busy ? t('signingIn') : t('signIn')}
      </button>
      <button type="button" className="eng-link" onClick={() => setMode(mode === 'password' ? 'token' : 'password')}>
        {mode === 'password' ? t('useToken') : t('usePassword')}
      </button>
    </form>
  );
}
