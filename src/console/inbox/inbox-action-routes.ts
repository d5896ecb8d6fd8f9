import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HandoffActor, HandoffService } from '../../cases/handoff-service';
import { CaseError } from '../../cases/rules/case-error';
import type { StaffRoster } from '../../cases/staff-roster';
import { uploadLimitsFromProfile } from '../../documents/upload-limits';
import type { Profile } from '../../config/profile-schema';
import type { DocumentStore, StoredDocument } from '../../documents/document-store';
import { sniffMimeType } from '../../documents/sniff-mime';
import type { InboxHandoff } from '../../store/console/inbox-repository';
import type { StaffSession } from '../auth/session-store';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { ConsoleError, validationError } from '../http/console-errors';
import { HandoffReferenceParams, OutcomeSchema } from './inbox-view';

export interface InboxActionOptions {
  registry: ApiRegistry;
  profile: Profile;
  handoffs: HandoffService;
  documents?: DocumentStore;
  roster: StaffRoster;
  visible: (reference: string, staff: StaffSession) => Promise<InboxHandoff>;
}

/** The form's own id for a message: sent twice (a double click, a retry), it is stored and sent once. */
const ClientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .describe('an id the page makes for each message (e.g. a UUID), so a retry is not sent twice');

const Text = z.string().trim().max(4000);

const ReplyBody = z
  .object({
    clientId: ClientId,
    text: Text,
    file: z
      .object({
        name: z.string().trim().min(1).max(200),
        /** The file's bytes, base64: the console's API is JSON throughout. */
        data: z
          .string()
          .max(14_000_000)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((body) => body.text.length > 0 || body.file !== undefined, {
    message: 'write a message or attach a file',
    path: ['text'],
  });

const NoteBody = z.object({ clientId: ClientId, text: Text.min(1) }).strict();
const TransferBody = z.object({ to: z.string().min(1).max(100) }).strict();
const CloseBody = z
  .object({
    offerSurvey: z.boolean().default(true).describe('offer the person the survey about this conversation'),
    note: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .describe('why, for the audit trail (not shown to the person)'),
  })
  .strict();

const actorOf = (staff: StaffSession): HandoffActor => ({
  id: staff.staffId,
  name: staff.displayName,
  roles: staff.roles,
});

/** The service's refusals as the console's errors: "not found" hides, the rest say who holds it. */
function refused(
  outcome: { status: string; by?: string | null },
  reference: string,
  nameOf: (id: string) => string,
) {
  switch (outcome.status) {
    case 'notFound':
      return new CaseError('ERR_CASE_NOT_FOUND', reference);
    case 'closed':
    case 'alreadyClosed':
      return new ConsoleError('ERR_HANDOFF_CLOSED');
    case 'notClaimed':
      return new ConsoleError('ERR_HANDOFF_NOT_CLAIMED');
    default:
      return new ConsoleError('ERR_HANDOFF_TAKEN', {}, { name: outcome.by ? nameOf(outcome.by) : '—' });
  }
}

/** Claim, reply (text and a file), note, transfer and close: each through `HandoffService`. */
export async function inboxActionRoutes(app: FastifyInstance, o: InboxActionOptions): Promise<void> {
  const limits = uploadLimitsFromProfile(o.profile);
  const names = async () => {
    const members = new Map((await o.roster.all()).map((m) => [m.id, m.name]));
    return (id: string) => members.get(id) ?? id;
  };
  const answer = async (
    outcome: { status: string; by?: string | null },
    reference: string,
    done: readonly string[],
  ) => {
    if (done.includes(outcome.status)) return { status: outcome.status };
    throw refused(outcome, reference, await names());
  };

  const action = <B extends z.ZodType>(
    name: string,
    summary: string,
    body: B,
    run: (reference: string, actor: HandoffActor, body: z.output<B>) => Promise<{ status: string }>,
    bodyLimit?: number,
  ) =>
    o.registry.add(
      app,
      {
        method: 'POST',
        url: `/api/inbox/:reference/${name}`,
        access: { roles: ROLES.responders },
        tag: 'inbox',
        summary,
        params: HandoffReferenceParams,
        body,
        response: { schema: OutcomeSchema },
        bodyLimit,
      },
      async ({ params, body: parsed, staff }) => {
        await o.visible(params.reference, staff);
        return run(params.reference, actorOf(staff), parsed as z.output<B>);
      },
    );

  action(
    'claim',
    'Take the conversation: the person is told who joined',
    z.object({}).strict(),
    async (ref, actor) => answer(await o.handoffs.claim(actor, ref), ref, ['claimed', 'alreadyYours']),
  );

  action(
    'reply',
    'Answer the person (text, a file, or both), for the officer in charge; sent once whatever the retries',
    ReplyBody,
    async (ref, actor, body) => {
      const file = body.file ? await storeFile(body.file, limits, o.documents) : undefined;
      const outcome = await o.handoffs.reply(actor, ref, {
        text: body.text,
        file,
        messageId: `console-${body.clientId}`,
        origin: 'console',
      });
      return answer(outcome, ref, ['relayed', 'duplicate']);
    },
    // base64 of the largest file the profile accepts, and the text.
    Math.ceil((limits.maxBytes * 4) / 3) + 64_000,
  );

  action(
    'note',
    'A note for colleagues, kept with the conversation and never sent to the person',
    NoteBody,
    async (ref, actor, body) =>
      answer(
        await o.handoffs.note(actor, ref, {
          text: body.text,
          messageId: `console-${body.clientId}`,
          origin: 'console',
        }),
        ref,
        ['noted', 'duplicate'],
      ),
  );

  action(
    'transfer',
    'Hand the conversation to a colleague, who is then in charge',
    TransferBody,
    async (ref, actor, body) => {
      const to = await o.roster.byId(body.to);
      if (!to) throw validationError([{ path: 'body.to', message: 'no such staff member' }]);
      return answer(
        await o.handoffs.transfer(actor, ref, { id: to.id, name: to.name, roles: to.roles }),
        ref,
        ['transferred', 'sameOfficer'],
      );
    },
  );

  action(
    'close',
    'End the conversation: the person is told and offered the survey (or the menu)',
    CloseBody,
    async (ref, actor, body) =>
      answer(await o.handoffs.close(actor, ref, { offerSurvey: body.offerSurvey, note: body.note }), ref, [
        'closed',
      ]),
  );
}

/** A file staff attach: its real type (from its bytes) and size checked as the chat checks people's. */
async function storeFile(
  file: { name: string; data: string },
  limits: { maxBytes: number; mimeTypes: readonly string[] },
  documents: DocumentStore | undefined,
): Promise<StoredDocument> {
  if (!documents)
    throw validationError([{ path: 'body.file', message: 'files are not kept by this installation' }]);
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throw validationError([{ path: 'body.file.data', message: 'the file is empty' }]);
  if (bytes.length > limits.maxBytes)
    throw validationError([{ path: 'body.file.data', message: `larger than ${limits.maxBytes} bytes` }]);
  // Checked before storing: files are kept by content, so one refused cannot be removed afterwards
  // without touching the same bytes stored for someone else.
  if (!limits.mimeTypes.includes(sniffMimeType(bytes))) {
    throw validationError([
      { path: 'body.file', message: `not an accepted type (${limits.mimeTypes.join(', ')})` },
    ]);
  }
  return documents.put(bytes, { fileName: file.name });
}
