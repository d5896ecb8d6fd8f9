import { useEffect, useRef, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { label, t } from '../boot';
import { CheckGroup, Field } from '../form';
import { formatList, formatTime } from '../format';
import { isolated } from '../bidi';
import type { Meta } from '../meta';
import { categoryOptions, roleOptions, type Report } from './staff-roles';

export interface StaffAccount {
  id: string;
  displayName: string;
  roles: string[];
  categories: string[];
  active: boolean;
  telegramUserId: number | null;
  lastSignInAt: string | null;
}

/**
 * One account: its name, Telegram id, roles, categories and whether it may sign in, saved together; a
 * new password (which ends its sessions); or signing it out everywhere.
 */
export function StaffAccountForm(props: { account: StaffAccount; meta: Meta; report: Report }) {
  const a = props.account;
  const [form, setForm] = useState({
    displayName: a.displayName,
    telegram: a.telegramUserId === null ? '' : String(a.telegramUserId),
    roles: a.roles,
    categories: a.categories,
    active: a.active,
  });
  const [password, setPassword] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const asking = password !== null;
  useEffect(() => {
    if (asking) passwordInput.current?.focus();
  }, [asking]);
  const id = (name: string) => `staff-${a.id}-${name}`;
  const report = (result: Awaited<ReturnType<typeof api>>, okText: string) =>
    props.report(result.ok ? result : { ok: false, text: failureText(result, t('errors.internal')) }, okText);

  const save = async (event: Event) => {
    event.preventDefault();
    const telegram = form.telegram.trim();
    const result = await api('PATCH', `/api/admin/staff/${a.id}`, {
      displayName: form.displayName,
      roles: form.roles,
      categories: form.categories,
      active: form.active,
      telegramUserId: telegram ? Number(telegram) : null,
    });
    report(result, t('staff.saved', { id: isolated(a.id) }));
  };
  const savePassword = async () => {
    const result = await api('POST', `/api/admin/staff/${a.id}/password`, { password: password ?? '' });
    report(result, t('staff.passwordSet', { id: isolated(a.id) }));
  };
  const signOut = async () =>
    report(
      await api('DELETE', `/api/admin/staff/${a.id}/sessions`),
      t('staff.signedOut', { id: isolated(a.id) }),
    );

  return (
    // Closed until opened: on a phone a page of open forms is thousands of pixels tall.
    <details class="card staff">
      <summary>
        <h2 dir="ltr">{a.id}</h2>
        <span class="staff-summary">
          {a.displayName} · {formatList(a.roles.map((r) => label('roles', r)))}
          {!a.active && <span class="badge warn">{t('staff.inactive')}</span>}
        </span>
      </summary>
      <form onSubmit={(e) => void save(e)}>
        <p class="muted">
          {a.lastSignInAt
            ? t('staff.lastSignIn', { at: formatTime(a.lastSignInAt) })
            : t('staff.neverSignedIn')}
        </p>
        <div class="grid">
          <Field id={id('name')} label={t('staff.displayName')}>
            <input
              id={id('name')}
              name="displayName"
              value={form.displayName}
              onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            />
          </Field>
          <Field id={id('telegram')} label={t('staff.telegram')}>
            <input
              id={id('telegram')}
              name="telegram"
              inputMode="numeric"
              dir="ltr"
              value={form.telegram}
              onInput={(e) => setForm({ ...form, telegram: e.currentTarget.value })}
            />
          </Field>
        </div>
        <CheckGroup
          name="roles"
          legend={t('staff.roles')}
          options={roleOptions()}
          chosen={form.roles}
          onChange={(roles) => setForm({ ...form, roles })}
        />
        <CheckGroup
          name="categories"
          legend={t('staff.categories')}
          options={categoryOptions(props.meta)}
          chosen={form.categories}
          onChange={(categories) => setForm({ ...form, categories })}
        />
        <label class="check">
          <input
            type="checkbox"
            name="active"
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
          />{' '}
          {t('staff.active')}
        </label>
        <div class="row wrap">
          <button type="submit" class="primary">
            {t('staff.save')}
          </button>
          <button type="button" onClick={() => setPassword('')}>
            {t('staff.setPassword')}
          </button>
          <button type="button" class="quiet" onClick={() => void signOut()}>
            {t('staff.signOutEverywhere')}
          </button>
        </div>
        {password !== null && (
          <div class="row wrap">
            <Field id={id('password')} label={t('staff.newPassword')} hint={t('staff.passwordHint')}>
              <input
                id={id('password')}
                type="password"
                autocomplete="new-password"
                dir="ltr"
                aria-describedby={`${id('password')}-hint`}
                ref={passwordInput}
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </Field>
            <button type="button" class="primary" onClick={() => void savePassword()}>
              {t('staff.savePassword')}
            </button>
          </div>
        )}
      </form>
    </details>
  );
}
