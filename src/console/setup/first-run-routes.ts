import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasUnstorableText } from '../../domain/text/storable-text';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password';
import type { SessionPolicy, SessionStore } from '../auth/session-store';
import { SignedIn } from '../auth/auth-routes';
import { startStaffSession } from '../auth/start-staff-session';
import type { ApiRegistry } from '../http/api-registry';
import { renderShell, type ShellOptions } from '../http/pages';
import { SETUP_PATH, type FirstRunSetup } from './first-run-setup';

const storable = (field: z.ZodString) =>
  field.refine(
    (value) => !hasUnstorableText(value),
    'contains a character that is not text (NUL or half a pair)',
  );

const FirstAdministrator = z
  .object({
    token: z.string().regex(/^[A-Za-z]{20,200}$/, 'the letters after # in the setup link'),
    staffId: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, starting with a letter'),
    name: storable(z.string().trim().min(1).max(100)),
    password: storable(z.string().min(1).max(MAX_PASSWORD_LENGTH)),
  })
  .strict();

/**
 * The first-run setup page (`/console/setup#<token>`) and its one request: create the first
 * administrator and sign them in. Public: the token printed in the log is the proof.
 */
export async function firstRunRoutes(
  app: FastifyInstance,
  o: {
    registry: ApiRegistry;
    setup: FirstRunSetup;
    shell: ShellOptions;
    sessions: SessionStore;
    sessionPolicy: SessionPolicy;
    secure: (req: FastifyRequest) => boolean;
  },
): Promise<void> {
  app.get(SETUP_PATH, { config: { access: { public: true }, page: true } }, async (req, reply) =>
    renderShell(req, reply, o.shell, {
      name: 'setup',
      status: 200,
      params: {
        state: (await o.setup.needed()) ? 'open' : 'done',
        minPassword: String(MIN_PASSWORD_LENGTH),
      },
      publicForm: true,
    }),
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/setup/first-administrator',
      access: { public: true },
      tag: 'setup',
      summary:
        'Create the first administrator with the one-time token of the setup link printed at start, and sign them in',
      body: FirstAdministrator,
      response: { status: 201, schema: SignedIn },
    },
    async ({ req, reply, body }) => {
      await o.setup.createAdministrator(body);
      req.log.info({ staffId: body.staffId }, 'first administrator created with the setup link');
      return startStaffSession(req, reply, o, body.staffId);
    },
  );
}
