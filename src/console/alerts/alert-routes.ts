import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { staffAlertText } from '../../cases/staff-alert-text';
import type { Translator } from '../../i18n/translator';
import { PgStaffAlertRepository } from '../../store/console/staff-alert-repository';
import type { Database } from '../../store/database';
import type { StaffSession } from '../auth/session-store';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import { alertLink } from './alert-link';

const AlertId = z.string().regex(/^[1-9]\d{0,17}$/, 'an alert id (digits)');

const AlertQuery = z.object({
  unread: z.stringbool().default(false).describe('true: unread alerts only'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: AlertId.optional().describe('older than this alert (the next page)'),
});

const ReadBody = z
  .object({
    ids: z.array(AlertId).min(1).max(500).optional().describe('the alerts read'),
    all: z.literal(true).optional().describe('every alert of the caller'),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), {
    message: 'send either "ids" or "all": true',
    path: ['ids'],
  });

const AlertItem = z.object({
  id: z.string(),
  kind: z.string(),
  text: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

/** The addresses an alert to this staff member may carry: their id, or one of their roles. */
const addressesOf = (staff: StaffSession) => ({
  staffId: staff.staffId,
  recipients: [staff.staffId, ...staff.roles.map((role) => `role:${role}`)],
});

/**
 * Staff alerts in the console: every alert the clocks and cases write (`staff_notifications`: reminders,
 * escalations, the digest, information received, deletions due…) is listed here for its recipients,
 * with a read mark per staff member, whether or not a Telegram staff bot also delivers it.
 */
export async function alertRoutes(
  app: FastifyInstance,
  o: { registry: ApiRegistry; db: Database; profile: Profile; translator: Translator; now: () => Date },
): Promise<void> {
  const alerts = new PgStaffAlertRepository();

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/alerts',
      access: { roles: ROLES.anyStaff },
      tag: 'alerts',
      summary: 'The caller’s alerts (to them or to one of their roles), newest first, with the unread count',
      query: AlertQuery,
      response: { schema: z.object({ unread: z.number(), items: z.array(AlertItem) }) },
    },
    async ({ req, reply, query, staff }) => {
      void reply.header('cache-control', 'no-store');
      const who = addressesOf(staff);
      const lang = requestLang(req);
      const rows = await alerts.list(o.db, who, {
        unreadOnly: query.unread,
        limit: query.limit,
        before: query.before,
      });
      return {
        unread: await alerts.unreadCount(o.db, who),
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          text: staffAlertText(row, {
            translator: o.translator,
            lang,
            timeZone: o.profile.calendar.timeZone,
            arabicDigits: o.profile.languages.arabicDigits,
          }),
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          link: alertLink(row),
          createdAt: row.createdAt.toISOString(),
          read: row.read,
        })),
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/alerts/read',
      access: { roles: ROLES.anyStaff },
      tag: 'alerts',
      summary:
        'Mark alerts read: `{ ids }` or `{ all: true }` (ids of other people’s alerts are passed over); answers the unread count',
      body: ReadBody,
      response: { schema: z.object({ unread: z.number() }) },
      // Reading one's alerts is reading, whether or not the policy was acknowledged yet.
      beforePolicyAck: true,
    },
    async ({ body, staff }) => {
      const who = addressesOf(staff);
      await alerts.markRead(o.db, who, body.all ? 'all' : (body.ids ?? []), o.now());
      return { unread: await alerts.unreadCount(o.db, who) };
    },
  );
}
