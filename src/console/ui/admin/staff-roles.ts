import { label } from '../boot';
import { named, type Meta } from '../meta';

/** Every staff role (src/config/profile-schema.ts), in the order the forms offer them. */
export const ROLES = [
  'volunteer',
  'liaison',
  'committee',
  'manager',
  'board',
  'admin',
  'coordinator',
  'field',
];

export const roleOptions = () => ROLES.map((r) => ({ value: r, label: label('roles', r) }));

/** The profile's categories, which scope what liaison officers and volunteers see. */
export const categoryOptions = (meta: Meta) =>
  meta.categories.map((c) => ({ value: c.id, label: named(c.name) }));

/** What an action on an account came to, for the page's notice. */
export type Report = (result: { ok: true } | { ok: false; text: string }, okText: string) => void;
