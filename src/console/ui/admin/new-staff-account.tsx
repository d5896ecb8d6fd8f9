import { useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { t } from '../boot';
import { CheckGroup, Field } from '../form';
import { isolated } from '../bidi';
import type { Meta } from '../meta';
import { categoryOptions, roleOptions, type Report } from './staff-roles';

const EMPTY = {
  id: '',
  displayName: '',
  telegram: '',
  password: '',
  roles: [] as string[],
  categories: [] as string[],
};

/** A new account: its sign-in id, name, Telegram id, first password, roles and categories. */
export function NewStaffAccount(props: { meta: Meta; report: Report }) {
  const [form, setForm] = useState(EMPTY);
  const text = (name: 'id' | 'displayName' | 'telegram' | 'password') => ({
    id: `new-staff-${name}`,
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  const create = async (event: Event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {
      id: form.id.trim(),
      displayName: form.displayName.trim(),
      roles: form.roles,
      categories: form.categories,
    };
    if (form.telegram.trim()) body.telegramUserId = Number(form.telegram.trim());
    if (form.password) body.password = form.password;
    const result = await api('POST', '/api/admin/staff', body);
    props.report(
      result.ok ? result : { ok: false, text: failureText(result, t('errors.internal')) },
      t('staff.created', { id: isolated(form.id.trim()) }),
    );
    if (result.ok) setForm(EMPTY);
  };

  return (
    <form class="card" onSubmit={(e) => void create(e)}>
      <h2>{t('staff.add')}</h2>
      <div class="grid">
        <Field id="new-staff-id" label={t('staff.id')} hint={t('staff.idHint')}>
          <input
            {...text('id')}
            dir="ltr"
            required
            pattern="[a-z][a-z0-9-]*"
            autocapitalize="none"
            aria-describedby="new-staff-id-hint"
          />
        </Field>
        <Field id="new-staff-displayName" label={t('staff.displayName')}>
          <input {...text('displayName')} required />
        </Field>
        <Field id="new-staff-telegram" label={t('staff.telegram')}>
          <input {...text('telegram')} inputMode="numeric" dir="ltr" />
        </Field>
        <Field id="new-staff-password" label={t('staff.password')} hint={t('staff.passwordHint')}>
          <input
            {...text('password')}
            type="password"
            autocomplete="new-password"
            dir="ltr"
            aria-describedby="new-staff-password-hint"
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
      <button type="submit" class="primary">
        {t('staff.create')}
      </button>
    </form>
  );
}
