import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { usersApi, type Skill, type User } from '../api/users-client';
import { FilterSelect } from '../components/filter-select';
import { FormField } from '../components/form-field';
import { useI18n, type MessageKey } from '../i18n';
import { showFlash } from '../lib/flash';
import { problemMessage } from '../lib/problem-message';

/** The roles, in the order people think of them (api/auth/permissions.ts has the grants). */
export const ROLE_ORDER = ['agent', 'team_lead', 'qa', 'outlet', 'warehouse', 'finance', 'engineer', 'admin', 'integrator', 'viewer'];

const roleKey = (role: string) => `users.role.${role}` as MessageKey;

type Editing = { mode: 'new' } | { mode: 'edit'; user: User };

/**
 * People (#/users, admins): find a user, create one with an initial password, set their roles,
 * groups and skills (the groups and skills are those of their agent record, the same person the
 * routing sees), reset a password, deactivate. Every change is audited by the API.
 */
export function UsersPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [items, setItems] = useState<User[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [groups, setGroups] = useState<{ id: string; name: string }[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      try {
        const page = await usersApi.list({ q: q.trim() || undefined, role: role || undefined }, signal);
        setItems(page.items);
        setError(null);
      } catch (err) {
        if (signal?.aborted) return;
        if (err instanceof ApiError && err.status === 403) setForbidden(true);
        else setError(problemMessage(err, t));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [q, role, t],
  );

  useEffect(() => {
    const ctl = new AbortController();
    const timer = window.setTimeout(() => void load(ctl.signal), 200);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [load]);

  useEffect(() => {
    const ctl = new AbortController();
    usersApi.groups(ctl.signal).then(setGroups, () => undefined);
    return () => ctl.abort();
  }, []);

  const saved = (user: User, message: string) => {
    showFlash('success', message);
    setItems((list) => (list.some((u) => u.id === user.id) ? list.map((u) => (u.id === user.id ? user : u)) : [user, ...list]));
    setEditing({ mode: 'edit', user });
  };

  if (forbidden) {
    return (
      <section className="page">
        <h1>{t('users.title')}</h1>
        <div className="alert alert-error" role="alert">
          {t('users.forbidden')}
        </div>
      </section>
    );
  }

  return (
    <section className="page users-page">
      <div className="page-head">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="page-sub">{t('users.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn btn-primary" id="users-new" onClick={() => setEditing({ mode: 'new' })}>
            + {t('users.new')}
          </button>
        </div>
      </div>

      <div className="filters card">
        <label className="filter-select has-value" htmlFor="users-q">
          <span className="filter-select-label">{t('users.search')}</span>
          <input id="users-q" type="search" value={q} placeholder={t('users.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <FilterSelect
          id="users-role"
          label={t('users.roles')}
          value={role}
          options={ROLE_ORDER.map((r) => ({ value: r, label: t(roleKey(r)) }))}
          onChange={setRole}
        />
      </div>

      {error && (
        <div className="alert alert-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => void load()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {editing && (
        <UserEditor
          key={editing.mode === 'edit' ? `${editing.user.id}:${editing.user.version}` : 'new'}
          editing={editing}
          groups={groups}
          onSaved={saved}
          onClose={() => setEditing(null)}
        />
      )}

      <div className={`card table-card${loading ? ' is-loading' : ''}`}>
        <table className="records users">
          <thead>
            <tr>
              <th>{t('users.col.user')}</th>
              <th>{t('users.roles')}</th>
              <th>{t('users.groups')}</th>
              <th>{t('users.col.status')}</th>
              <th>{t('users.col.lastSignIn')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr
                key={u.id}
                data-user={u.username}
                tabIndex={0}
                aria-current={editing?.mode === 'edit' && editing.user.id === u.id ? 'true' : undefined}
                onClick={() => setEditing({ mode: 'edit', user: u })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setEditing({ mode: 'edit', user: u });
                }}
              >
                <td className="cell-head">
                  <span className="record-title">{u.displayName}</span>
                  <span className="mono muted record-id">{u.username}</span>
                </td>
                <td data-label={t('users.roles')}>{u.roles.map((r) => t(roleKey(r))).join('、')}</td>
                <td data-label={t('users.groups')}>{u.groups.join('、') || '—'}</td>
                <td data-label={t('users.col.status')}>
                  <span className={`chip ${u.active ? 'chip-ok' : 'chip-danger'}`}>
                    {u.active ? t('users.active') : t('users.inactive')}
                  </span>
                  {u.lockedUntil && <span className="chip chip-warn">{t('users.locked')}</span>}
                  {u.mustChangePassword && <span className="chip">{t('users.mustChange')}</span>}
                </td>
                <td data-label={t('users.col.lastSignIn')}>{u.lastSignInAt ? new Date(u.lastSignInAt).toLocaleString() : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && items.length === 0 && <p className="table-empty">{t('users.empty')}</p>}
      </div>
    </section>
  );
}

const blankSkill: Skill = { productLine: '*', region: '*', issueType: '*', level: 1 };

function UserEditor({
  editing,
  groups,
  onSaved,
  onClose,
}: {
  editing: Editing;
  groups: { id: string; name: string }[];
  onSaved: (u: User, message: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const user = editing.mode === 'edit' ? editing.user : null;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [roles, setRoles] = useState<string[]>(user?.roles ?? ['agent']);
  const [memberOf, setMemberOf] = useState<string[]>(user?.groups ?? []);
  const [skills, setSkills] = useState<Skill[]>(user?.skills ?? []);
  const [resetTo, setResetTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await what();
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem?.errors ?? []) : [];
      setErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
      setFailure(err instanceof ApiError && err.status === 412 ? t('users.stale') : problemMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const body = () => ({
    displayName: displayName.trim(),
    phone: phone.trim() || null,
    email: email.trim() || null,
    roles,
    groups: memberOf,
    skills,
  });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (user) onSaved(await usersApi.update(user.id, body(), user.version), t('users.saved', { name: displayName }));
      else onSaved(await usersApi.create({ ...body(), username: username.trim(), password }), t('users.created', { name: displayName }));
    });
  };

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));
  const err = (field: string) => errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];

  return (
    <div className="card users-editor" role="region" aria-labelledby="users-editor-title">
      <form className="form" onSubmit={save} noValidate>
        <h2 id="users-editor-title">{user ? t('users.editTitle', { name: user.username }) : t('users.newTitle')}</h2>
        {failure && (
          <div className="alert alert-error" role="alert">
            {failure}
          </div>
        )}
        <div className="form-grid">
          {!user && (
            <FormField id="user-username" label={t('users.username')} hint={t('users.usernameHint')} error={err('username')}>
              <input
                id="user-username"
                value={username}
                autoComplete="off"
                aria-describedby="user-username-msg"
                onChange={(e) => setUsername(e.target.value)}
              />
            </FormField>
          )}
          {!user && (
            <FormField id="user-password" label={t('users.initialPassword')} hint={t('users.passwordHint')} error={err('password')}>
              <input
                id="user-password"
                type="password"
                autoComplete="new-password"
                value={password}
                aria-describedby="user-password-msg"
                onChange={(e) => setPassword(e.target.value)}
              />
            </FormField>
          )}
          <FormField id="user-display-name" label={t('users.displayName')} error={err('displayName')}>
            <input id="user-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </FormField>
          <FormField id="user-phone" label={t('users.phone')} error={err('phone')}>
            <input id="user-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </FormField>
          <FormField id="user-email" label={t('users.email')} error={err('email')}>
            <input id="user-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </FormField>
        </div>

        <fieldset className="users-checks">
          <legend>{t('users.roles')}</legend>
          {ROLE_ORDER.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                name="roles"
                value={r}
                checked={roles.includes(r)}
                onChange={(e) => setRoles(toggle(roles, r, e.target.checked))}
              />
              {t(roleKey(r))}
            </label>
          ))}
          {err('roles') && (
            <p className="field-error" role="alert">
              {err('roles')}
            </p>
          )}
        </fieldset>

        <fieldset className="users-checks">
          <legend>{t('users.groups')}</legend>
          {groups.length === 0 && <span className="muted">{t('users.noGroups')}</span>}
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                name="groups"
                value={g.id}
                checked={memberOf.includes(g.id)}
                onChange={(e) => setMemberOf(toggle(memberOf, g.id, e.target.checked))}
              />
              {g.name}
            </label>
          ))}
          {err('groups') && (
            <p className="field-error" role="alert">
              {err('groups')}
            </p>
          )}
        </fieldset>

        <fieldset className="users-skills">
          <legend>{t('users.skills')}</legend>
          {skills.map((s, i) => (
            <div className="users-skill" key={i}>
              {(['productLine', 'region', 'issueType'] as const).map((k) => (
                <label key={k}>
                  <span className="muted">{t(`users.skill.${k}` as MessageKey)}</span>
                  <input value={s[k]} onChange={(e) => setSkills(skills.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)))} />
                </label>
              ))}
              <label>
                <span className="muted">{t('users.skill.level')}</span>
                <select
                  value={s.level}
                  onChange={(e) => setSkills(skills.map((x, j) => (j === i ? { ...x, level: Number(e.target.value) } : x)))}
                >
                  {[1, 2, 3, 4, 5].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="btn btn-sm"
                aria-label={t('users.skill.remove')}
                onClick={() => setSkills(skills.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-sm" onClick={() => setSkills([...skills, blankSkill])}>
            + {t('users.skill.add')}
          </button>
          {err('skills') && (
            <p className="field-error" role="alert">
              {err('skills')}
            </p>
          )}
        </fieldset>

        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {user ? t('users.save') : t('users.create')}
          </button>
        </div>
      </form>

      {user && (
        <div className="users-danger">
          <FormField id="user-reset" label={t('users.resetPassword')} hint={t('users.resetHint')} error={err('password')}>
            <div className="users-inline">
              <input
                id="user-reset"
                type="password"
                autoComplete="new-password"
                value={resetTo}
                aria-describedby="user-reset-msg"
                onChange={(e) => setResetTo(e.target.value)}
              />
              <button
                type="button"
                className="btn"
                disabled={busy || !resetTo}
                onClick={() =>
                  void run(async () => {
                    onSaved(await usersApi.resetPassword(user.id, resetTo), t('users.passwordReset', { name: user.username }));
                  })
                }
              >
                {t('users.reset')}
              </button>
            </div>
          </FormField>
          {user.active ? (
            <button
              type="button"
              className="btn users-deactivate"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(t('users.deactivateConfirm', { name: user.username }))) return;
                void run(async () => onSaved(await usersApi.deactivate(user.id), t('users.deactivated', { name: user.username })));
              }}
            >
              {t('users.deactivate')}
            </button>
          ) : (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() =>
                void run(async () =>
                  onSaved(await usersApi.update(user.id, { active: true }, user.version), t('users.reactivated', { name: user.username })),
                )
              }
            >
              {t('users.reactivate')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
