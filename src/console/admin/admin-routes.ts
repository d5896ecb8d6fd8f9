import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { StaffRole } from '../../config/profile-schema';
import type { Database } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/password';
import type { SessionStore } from '../auth/session-store';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { ConsoleOptions, WhatsAppStatusSource } from '../console-options';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { ConsoleError } from '../http/console-errors';
import type { HolidayTable } from './holiday-table';

export interface AdminRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  accounts: PgStaffAccountRepository;
  sessions: SessionStore;
  events: PgEventLog;
  holidays: HolidayTable;
  clock: ConsoleOptions['clock'];
  onHolidaysChanged?: ConsoleOptions['onHolidaysChanged'];
  whatsapp?: WhatsAppStatusSource;
  whatsappCloud?: boolean;
}

const Id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const NewHoliday = z
  .object({
    nameAr: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(100).optional(),
    from: IsoDate,
    to: IsoDate,
  })
  .strict()
  .refine((h) => h.from <= h.to, { message: '"from" must be on or before "to"', path: ['to'] });
const HolidayParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const StaffParams = z.object({ id: Id });
const Roles = z.array(StaffRole).min(1).max(StaffRole.options.length);
const NewStaff = z
  .object({
    id: Id.max(64),
    displayName: z.string().trim().min(1).max(100),
    roles: Roles,
    categories: z.array(Id).max(50).default([]),
    telegramUserId: z.number().int().positive().optional(),
    password: z
      .string()
      .max(MAX_PASSWORD_LENGTH)
      .optional()
      .describe(`at least ${MIN_PASSWORD_LENGTH} characters`),
  })
  .strict();
const StaffPatch = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    roles: Roles.optional(),
    categories: z.array(Id).max(50).optional(),
    telegramUserId: z.number().int().positive().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
const NewPassword = z.object({ password: z.string().max(MAX_PASSWORD_LENGTH) }).strict();

/** Administration: the holiday table, staff accounts and roles, the WhatsApp session, the profile. */
export async function adminRoutes(app: FastifyInstance, o: AdminRouteOptions): Promise<void> {
  const admin = { roles: ROLES.admin };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/admin/holidays',
      access: admin,
      tag: 'admin',
      summary:
        'The holiday table: the profile’s, the console’s, and the computed Saudi holidays of this year and the next',
    },
    async () => ({ holidays: await o.holidays.list() }),
  );

  const recompute = async () => {
    await o.onHolidaysChanged?.();
    return o.clock.recomputeDeadlines(await o.holidays.calendar());
  };

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/admin/holidays',
      access: admin,
      tag: 'admin',
      summary: 'Add a holiday; open requests’ deadlines are recomputed (the moved references are returned)',
      body: NewHoliday,
      response: { status: 201, schema: z.object({ id: z.string(), moved: z.array(z.string()) }) },
    },
    async ({ body, staff }) => {
      const id = await o.holidays.add(
        {
          name: body.nameEn ? { ar: body.nameAr, en: body.nameEn } : { ar: body.nameAr },
          from: body.from,
          to: body.to,
        },
        staff.staffId,
      );
      return { id, moved: await recompute() };
    },
  );

  o.registry.add(
    app,
    {
      method: 'DELETE',
      url: '/api/admin/holidays/:id',
      access: admin,
      tag: 'admin',
      summary: 'Remove a holiday added in the console; deadlines are recomputed',
      params: HolidayParams,
      response: { schema: z.object({ moved: z.array(z.string()) }) },
    },
    async ({ params, staff }) => {
      if (!(await o.holidays.remove(params.id, staff.staffId))) throw new ConsoleError('ERR_NOT_FOUND');
      return { moved: await recompute() };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/admin/staff',
      access: admin,
      tag: 'admin',
      summary: 'Staff accounts (and the profile’s staff list)',
    },
    async () => ({
      accounts: await o.accounts.list(o.db),
      profileStaff: o.profile.staff.map((s) => ({
        id: s.id,
        name: s.name,
        roles: s.roles,
        categories: s.categories,
      })),
    }),
  );

  const audit = (actor: string, id: string, type: string, data: Record<string, unknown>) =>
    o.db.transaction((tx) =>
      o.events.append(tx, {
        actor: `staff:${actor}`,
        subjectType: 'staff_account',
        subjectId: id,
        type,
        data,
      }),
    );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/admin/staff',
      access: admin,
      tag: 'admin',
      summary: 'Create a staff account (without a password it signs in by Telegram code only)',
      body: NewStaff,
      response: { status: 201 },
    },
    async ({ body, staff }) => {
      if (body.password !== undefined && passwordProblem(body.password)) {
        throw new ConsoleError('ERR_WEAK_PASSWORD', {}, { min: MIN_PASSWORD_LENGTH });
      }
      const created = await o.accounts.create(o.db, {
        id: body.id,
        displayName: body.displayName,
        roles: body.roles,
        categories: body.categories,
        telegramUserId: body.telegramUserId ?? null,
        passwordHash: body.password === undefined ? null : await hashPassword(body.password),
      });
      if (!created) throw new ConsoleError('ERR_STAFF_EXISTS');
      await audit(staff.staffId, body.id, 'staff.created', {
        roles: body.roles,
        categories: body.categories,
      });
      return o.accounts.get(o.db, body.id);
    },
  );

  o.registry.add(
    app,
    {
      method: 'PATCH',
      url: '/api/admin/staff/:id',
      access: admin,
      tag: 'admin',
      summary: 'Change roles, categories, name, Telegram id or whether the account is active',
      params: StaffParams,
      body: StaffPatch,
    },
    async ({ params, body, staff }) => {
      const before = await o.accounts.get(o.db, params.id);
      if (!before) throw new ConsoleError('ERR_NOT_FOUND');
      const losesAdmin =
        before.active &&
        before.roles.includes('admin') &&
        (body.active === false || (body.roles !== undefined && !body.roles.includes('admin')));
      if (losesAdmin && (await o.accounts.activeAdmins(o.db)).length <= 1)
        throw new ConsoleError('ERR_LAST_ADMIN');
      await o.accounts.update(o.db, params.id, body);
      // Fewer rights take effect at once anyway (roles are read per request); a deactivation ends sessions.
      if (body.active === false) await o.sessions.revokeAll(params.id);
      await audit(staff.staffId, params.id, 'staff.updated', body);
      return o.accounts.get(o.db, params.id);
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/admin/staff/:id/password',
      access: admin,
      tag: 'admin',
      summary: 'Set a new password for an account (its sessions end)',
      params: StaffParams,
      body: NewPassword,
      response: { status: 204 },
    },
    async ({ params, body, staff }) => {
      if (passwordProblem(body.password))
        throw new ConsoleError('ERR_WEAK_PASSWORD', {}, { min: MIN_PASSWORD_LENGTH });
      if (!(await o.accounts.update(o.db, params.id, { passwordHash: await hashPassword(body.password) }))) {
        throw new ConsoleError('ERR_NOT_FOUND');
      }
      await o.sessions.revokeAll(params.id);
      await audit(staff.staffId, params.id, 'staff.passwordSet', {});
      return undefined;
    },
  );

  o.registry.add(
    app,
    {
      method: 'DELETE',
      url: '/api/admin/staff/:id/sessions',
      access: admin,
      tag: 'admin',
      summary: 'Sign an account out everywhere',
      params: StaffParams,
      response: { schema: z.object({ ended: z.number() }) },
    },
    async ({ params, staff }) => {
      const ended = await o.sessions.revokeAll(params.id);
      await audit(staff.staffId, params.id, 'staff.signedOut', { ended });
      return { ended };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/admin/whatsapp',
      access: admin,
      tag: 'admin',
      summary:
        'The WhatsApp Web session: state, since when, and the QR code to scan when one is needed (none with the Cloud API)',
      response: {
        schema: z.object({
          configured: z.boolean(),
          api: z.enum(['web', 'cloud']).optional(),
          state: z.string().optional(),
          since: z.string().optional(),
          reason: z.string().optional(),
          qrImage: z.string().optional().describe('an SVG data URL, while a scan is needed'),
        }),
      },
    },
    async ({ reply }) => {
      void reply.header('cache-control', 'no-store');
      if (o.whatsappCloud) return { configured: true, api: 'cloud' as const };
      if (!o.whatsapp) return { configured: false };
      const status = o.whatsapp.status();
      const qrImage =
        status.state === 'qr' && status.qr
          ? `data:image/svg+xml;base64,${Buffer.from(
              await QRCode.toString(status.qr, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
            ).toString('base64')}`
          : undefined;
      return {
        configured: true,
        api: 'web' as const,
        state: status.state,
        since: status.since.toISOString(),
        ...(status.reason ? { reason: status.reason } : {}),
        ...(qrImage ? { qrImage } : {}),
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/admin/profile',
      access: admin,
      tag: 'admin',
      summary: 'The association profile in force (read-only: edit the YAML file and restart)',
    },
    async () => ({ profile: o.profile }),
  );
}
