import { useState, type FormEvent } from 'react';
import { api, ApiError, setToken } from '../api/client';
import { FormField } from '../components/form-field';
import { useI18n } from '../i18n';
import { problemMessage } from '../lib/problem-message';

interface Props {
  /** Why the user is here again, e.g. the session expired. */
  notice: string | null;
  onSignedIn: () => void;
}

/** Paste an API token; it is checked against the API before it is kept (sessionStorage). */
export function SignInPage({ notice, onSignedIn }: Props) {
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
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.invalid') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="signin">
      <form className="card signin-card" onSubmit={submit} noValidate>
        <div className="signin-mark" aria-hidden="true">
          F
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        {notice && (
          <div className="alert alert-info" role="status">
            {notice}
          </div>
        )}
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
            autoFocus
          />
        </FormField>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
