import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, ApiError, markSession, setMe, setToken, type Me } from '../api/client';
import { FormField } from '../components/form-field';
import { useI18n } from '../i18n';
import { problemMessage } from '../lib/problem-message';

interface Props {
  /** Why the user is here again, e.g. the session expired. */
  notice: string | null;
  onSignedIn: () => void;
}

/**
 * Username and password first (a cookie session); a first sign-in with the password an admin set
 * goes on to choosing one's own. Below, the API token sign-in of integrators and scripts, as before:
 * the token is checked against the API before it is kept (sessionStorage).
 */
export function SignInPage({ notice, onSignedIn }: Props) {
  const { t } = useI18n();
  const [changing, setChanging] = useState<{ current: string } | null>(null);

  return (
    <section className="signin">
      <div className="card signin-card">
        <div className="signin-mark" aria-hidden="true">
          F
        </div>
        <h1>{t('signIn.title')}</h1>
        {notice && (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        )}
        {changing ? (
          <ChangePasswordForm
            current={changing.current}
            onDone={() => {
              markSession();
              onSignedIn();
            }}
          />
        ) : (
          <PasswordForm
            onSignedIn={(me, password) => {
              if (me.mustChangePassword) {
                setChanging({ current: password });
                return;
              }
              setMe(me);
              markSession();
              onSignedIn();
            }}
          />
        )}
        {!changing && (
          <>
            <div className="signin-divider" role="separator">
              <span>{t('signIn.orToken')}</span>
            </div>
            <TokenForm onSignedIn={onSignedIn} />
          </>
        )}
      </div>
    </section>
  );
}

function PasswordForm({ onSignedIn }: { onSignedIn: (me: Me, password: string) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ field: 'username' | 'password'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent | KeyboardEvent) => {
    e.preventDefault();
    if (!username.trim()) return setError({ field: 'username', message: t('signIn.usernameRequired') });
    if (!password) return setError({ field: 'password', message: t('signIn.passwordRequired') });
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(username.trim(), password), password);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : -1;
      const message =
        status === 401
          ? t('signIn.badCredentials')
          : status === 423
            ? t('signIn.locked')
            : status === 429
              ? t('signIn.tooMany')
              : problemMessage(err, t);
      setError({ field: 'password', message });
    } finally {
      setBusy(false);
    }
  };

  return (
    // Its button is not type=submit: the token form's stays the page's one submit button, which
    // existing browser checks click; Enter in either field signs in all the same.
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) void submit(e);
      }}
      noValidate
      aria-labelledby="signin-password-title"
    >
      <p className="muted" id="signin-password-title">
        {t('signIn.passwordIntro')}
      </p>
      <FormField id="signin-username" label={t('signIn.username')} error={error?.field === 'username' ? error.message : undefined}>
        <input
          id="signin-username"
          autoComplete="username"
          spellCheck={false}
          value={username}
          aria-invalid={error?.field === 'username'}
          aria-describedby="signin-username-msg"
          onChange={(e) => setUsername(e.target.value)}
          autoFocus
        />
      </FormField>
      <FormField id="signin-password" label={t('signIn.password')} error={error?.field === 'password' ? error.message : undefined}>
        <input
          id="signin-password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={error?.field === 'password'}
          aria-describedby="signin-password-msg"
          onChange={(e) => setPassword(e.target.value)}
        />
      </FormField>
      <button type="button" id="signin-password-submit" className="btn btn-primary btn-block" disabled={busy} onClick={submit}>
        {busy ? t('signIn.checking') : t('signIn.submit')}
      </button>
    </form>
  );
}

function ChangePasswordForm({ current, onDone }: { current: string; onDone: () => void }) {
  const { t } = useI18n();
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 10) return setError(t('signIn.newPasswordShort'));
    if (next !== again) return setError(t('signIn.newPasswordMismatch'));
    if (next === current) return setError(t('signIn.newPasswordSame'));
    setBusy(true);
    setError(null);
    try {
      setMe(await api.changePassword(current, next));
      onDone();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="alert alert-info" role="status">
        {t('signIn.mustChange')}
      </div>
      <FormField id="signin-new-password" label={t('signIn.newPassword')} hint={t('signIn.newPasswordHint')}>
        <input
          id="signin-new-password"
          type="password"
          autoComplete="new-password"
          value={next}
          aria-describedby="signin-new-password-msg"
          onChange={(e) => setNext(e.target.value)}
          autoFocus
        />
      </FormField>
      <FormField id="signin-new-password-again" label={t('signIn.newPasswordAgain')} error={error ?? undefined}>
        <input
          id="signin-new-password-again"
          type="password"
          autoComplete="new-password"
          value={again}
          aria-invalid={Boolean(error)}
          aria-describedby="signin-new-password-again-msg"
          onChange={(e) => setAgain(e.target.value)}
        />
      </FormField>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('signIn.checking') : t('signIn.changeSubmit')}
      </button>
    </form>
  );
}

/** The API token sign-in, unchanged in its fields and ids (browser checks use #signin-token). */
function TokenForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [token, setTokenText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.verifyToken(value);
      setToken(value);
      // What the token may do decides which areas show; not knowing is no reason to refuse it.
      await api.me(value).then(setMe, () => undefined);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.invalid') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{t('signIn.intro')}</p>
      <FormField id="signin-token" label={t('signIn.token')} hint={t('signIn.tokenHint')} error={error ?? undefined}>
        <input
          id="signin-token"
          type="password"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('signIn.tokenPlaceholder')}
          value={token}
          aria-invalid={Boolean(error)}
          aria-describedby="signin-token-msg"
          onChange={(e) => setTokenText(e.target.value)}
        />
      </FormField>
      <button type="submit" className="btn btn-block" disabled={busy}>
        {busy ? t('signIn.checking') : t('signIn.tokenSubmit')}
      </button>
    </form>
  );
}
