import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { handoffPermissions, type HandoffService } from '../../cases/handoff-service';
import { CaseError } from '../../cases/rules/case-error';
import { StaffRoster } from '../../cases/staff-roster';
import type { Profile } from '../../config/profile-schema';
import type { DocumentStore } from '../../documents/document-store';
import type { FieldCipher } from '../../security/field-cipher';
import { PgInboxRepository, type InboxScope } from '../../store/console/inbox-repository';
import type { Database } from '../../store/database';
import { PgEventLog } from '../../store/event-log';
import type { StaffSession } from '../auth/session-store';
import { messageText } from '../cases/case-timeline';
import { ROLES, SEES_ALL_CASES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { attachment, requestLang } from '../http/console-http';
import { ConsoleError } from '../http/console-errors';
import { inboxActionRoutes } from './inbox-action-routes';
import { inboxEventRoutes } from './inbox-events';
import {
  ColleaguesSchema,
  HandoffReferenceParams,
  ConversationSchema,
  inboxItem,
  InboxListSchema,
  transcriptLine,
  type ViewContext,
} from './inbox-view';

export interface InboxRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  handoffs: HandoffService;
  documents?: DocumentStore;
  cipher?: FieldCipher;
  now: () => Date;
  /** How often the live view looks for changes (default 1 s). */
  pollMs?: number;
}

const ListQuery = z
  .object({
    view: z.enum(['open', 'mine', 'closed']).default('open'),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();

const FileParams = HandoffReferenceParams.extend({
  line: z.string().regex(/^\d{1,18}$/),
  index: z.coerce.number().int().min(0).max(50),
});

/** Which handoffs a staff member sees: supervisors all; officers those of their categories, and general ones. */
export function inboxScope(staff: Pick<StaffSession, 'staffId' | 'roles' | 'categories'>): InboxScope {
  return staff.roles.some((r) => SEES_ALL_CASES.includes(r))
    ? { all: true }
    : { all: false, categories: staff.categories, staffId: staff.staffId };
}

/**
 * The web console's inbox of conversations with a person (issue #16): the list, one conversation with
 * what the person wrote before, the files, who may take one over, the actions, and the live stream.
 */
export async function inboxRoutes(app: FastifyInstance, o: InboxRouteOptions): Promise<void> {
  const inbox = new PgInboxRepository(o.cipher);
  const events = new PgEventLog();
  const roster = new StaffRoster({ profile: o.profile, db: o.db, logger: app.log });

  const viewContext = async (lang: ViewContext['lang']): Promise<ViewContext> => {
    const members = new Map((await roster.all()).map((m) => [m.id, m.name]));
    return { profile: o.profile, lang, nameOf: (id) => (id === null ? null : (members.get(id) ?? id)) };
  };

  /** The handoff, if the staff member may see it; otherwise "not found", which does not say it exists. */
  const visible = async (reference: string, staff: StaffSession) => {
    const handoff = await inbox.find(o.db, reference);
    const scope = inboxScope(staff);
    const seen =
      handoff &&
      (scope.all ||
        handoff.categoryId === null ||
        scope.categories.includes(handoff.categoryId) ||
        handoff.routedTo === staff.staffId ||
        handoff.claimedBy === staff.staffId);
    if (!seen) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
    return handoff;
  };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/inbox',
      access: { roles: ROLES.responders },
      tag: 'inbox',
      summary:
        'Conversations with a person: waiting and in progress (oldest first), the viewer’s own, or closed',
      query: ListQuery,
      response: { schema: InboxListSchema },
    },
    async ({ req, query, staff }) => {
      const ctx = await viewContext(requestLang(req));
      const cursor = await inbox.cursor(o.db);
      const rows = await inbox.list(o.db, inboxScope(staff), query.view, staff.staffId, query.limit);
      return { cursor, now: o.now().toISOString(), items: rows.map((row) => inboxItem(row, ctx)) };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/inbox/staff',
      access: { roles: ROLES.responders },
      tag: 'inbox',
      summary: 'Colleagues a conversation can be handed to (active staff who answer people)',
      response: { schema: ColleaguesSchema },
    },
    async () => ({
      staff: (await roster.all())
        .filter((m) => m.roles.some((r) => (ROLES.responders as readonly string[]).includes(r)))
        .map((m) => ({ id: m.id, name: m.name })),
    }),
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/inbox/:reference',
      access: { roles: ROLES.responders },
      tag: 'inbox',
      summary:
        'One conversation with a person: the transcript (notes included), what they wrote before, what the viewer may do (audited)',
      params: HandoffReferenceParams,
      response: { schema: ConversationSchema },
    },
    async ({ req, params, staff }) => {
      const handoff = await visible(params.reference, staff);
      const ctx = await viewContext(requestLang(req));
      const cursor = await inbox.cursor(o.db);
      const lines = await inbox.transcript(o.db, handoff.id);
      const earlier = await inbox.earlierMessages(o.db, handoff.conversationId, handoff.createdAt, 20);
      const person = await inbox.personName(o.db, handoff.beneficiaryId);
      // Reading a person's words is a view of personal data: it leaves a trace.
      await events.append(o.db, {
        actor: `staff:${staff.staffId}`,
        subjectType: 'handoff',
        subjectId: handoff.reference,
        type: 'personalData.viewed',
        data: { what: 'handoff.transcript' },
        at: o.now(),
      });
      return {
        cursor,
        handoff: {
          ...inboxItem(handoff, ctx),
          closedBy: handoff.closedBy,
          person,
        },
        transcript: lines.map((line) => transcriptLine(line, handoff.reference, ctx)),
        earlier: earlier.map((m) => ({ at: m.at.toISOString(), text: messageText(m.payload, o.cipher) })),
        can: handoffPermissions(handoff, { id: staff.staffId, roles: staff.roles }),
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/inbox/:reference/files/:line/:index',
      access: { roles: ROLES.responders },
      tag: 'inbox',
      summary: 'A file of the conversation, as a download (audited)',
      params: FileParams,
      response: { contentType: 'application/octet-stream' },
    },
    async ({ reply, params, staff }) => {
      const handoff = await visible(params.reference, staff);
      const file = await inbox.file(o.db, handoff.id, params.line, params.index);
      if (!file?.ref || !o.documents) throw new ConsoleError('ERR_NOT_FOUND');
      const bytes = await o.documents.get(file.ref);
      await events.append(o.db, {
        actor: `staff:${staff.staffId}`,
        subjectType: 'handoff',
        subjectId: handoff.reference,
        type: 'personalData.viewed',
        data: { what: 'handoff.file', line: params.line, index: params.index },
        at: o.now(),
      });
      return reply
        .header('content-type', file.mimeType ?? 'application/octet-stream')
        .header('content-disposition', attachment(file.fileName ?? `file-${params.index + 1}`))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );

  await inboxActionRoutes(app, { ...o, visible, roster });
  await inboxEventRoutes(app, { ...o, inbox });
}
