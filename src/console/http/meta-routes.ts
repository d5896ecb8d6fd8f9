import type { FastifyInstance } from 'fastify';
import type { Profile } from '../../config/profile-schema';
import { COMPLAINT_RULES } from '../../cases/rules/complaint-transitions';
import { REQUEST_RULES } from '../../cases/rules/request-transitions';
import { ChannelName } from '../../domain/inbound-message';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database } from '../../store/database';
import { IntakeChannel } from '../intake/intake-service';
import { ALL_CONSOLE_ERROR_CODES } from './console-errors';
import { ROLES } from './access';
import { openApiDocument, type ApiRegistry } from './api-registry';

/** What the pages need to draw forms and filters, and the API's own description. */
export async function metaRoutes(
  app: FastifyInstance,
  o: {
    registry: ApiRegistry;
    db: Database;
    accounts: PgStaffAccountRepository;
    profile: Profile;
    today: () => string;
  },
): Promise<void> {
  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/meta',
      access: { roles: ROLES.anyStaff },
      tag: 'meta',
      summary:
        'Services with their fields and documents, categories, channels, statuses, actions and staff names',
    },
    async () => {
      // The profile's staff, then the console's active accounts over them (their names as set there).
      const staff = new Map(o.profile.staff.map((s) => [s.id, s.name]));
      for (const [id, name] of await o.accounts.activeDisplayNames(o.db)) staff.set(id, name);
      return {
        association: o.profile.association.name,
        timeZone: o.profile.calendar.timeZone,
        today: o.today(),
        services: o.profile.services.map((s) => ({
          id: s.id,
          name: s.name,
          category: s.category,
          fields: s.fields,
          documents: s.documents.map((d) => ({ id: d.id, label: d.label, required: d.required })),
        })),
        categories: o.profile.categories,
        complaintCategories: o.profile.complaints.categories,
        rejectionReasons: o.profile.rejectionReasons,
        channels: [
          ...ChannelName.options.filter((c) => c !== 'inprocess' && c !== 'terminal'),
          ...IntakeChannel.options,
        ],
        intakeChannels: IntakeChannel.options,
        statuses: {
          request: ['submitted', 'under_review', 'needs_info', 'approved', 'rejected', 'delivered', 'closed'],
          complaint: ['open', 'assigned', 'escalated', 'resolved', 'closed'],
        },
        actions: {
          request: Object.fromEntries(
            Object.entries(REQUEST_RULES).map(([id, r]) => [id, { needsReason: r.needsReason }]),
          ),
          complaint: Object.fromEntries(
            Object.entries(COMPLAINT_RULES).map(([id, r]) => [id, { needsReason: r.needsReason }]),
          ),
        },
        staff: [...staff].map(([id, name]) => ({ id, name })),
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/openapi.json',
      access: { roles: ROLES.anyStaff },
      tag: 'meta',
      summary: 'This API described in OpenAPI 3.1, generated from the zod schemas the routes parse with',
    },
    async () =>
      openApiDocument(
        o.registry,
        {
          title: 'Tawasul console API',
          version: '1',
          description:
            'The API behind the staff web console (docs/console.md): cases, decisions, intake, dashboard, exports and administration.',
        },
        ALL_CONSOLE_ERROR_CODES,
      ),
  );
}
