import type { FastifyInstance, RouteOptions } from 'fastify';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile, StaffRole } from '../../src/config/profile-schema';
import { hashPassword } from '../../src/console/auth/password';
import { PgStaffAccountRepository } from '../../src/store/console/staff-account-repository';
import type { ConsoleOptions } from '../../src/console/console-options';
import type { Tawasul } from '../../src/app/start-tawasul';
import { buildApp, type AppDeps } from '../../src/http/app';
import type { Database } from '../../src/store/database';
import { PgPolicyAckRepository } from '../../src/store/policy-ack-repository';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';

export const PASSWORD = 'correct horse battery staple';

/** One account per role (ids `t-<role>`), plus a liaison officer of the `families` category only. */
export const ACCOUNTS: { id: string; roles: StaffRole[]; categories?: string[] }[] = [
  { id: 't-volunteer', roles: ['volunteer'], categories: ['orphans'] },
  { id: 't-liaison', roles: ['liaison'], categories: ['families'] },
  { id: 't-committee', roles: ['committee'] },
  { id: 't-manager', roles: ['manager'] },
  { id: 't-board', roles: ['board'] },
  { id: 't-admin', roles: ['admin'] },
  { id: 't-coordinator', roles: ['coordinator'] },
  { id: 't-field', roles: ['field'] },
];

export interface ConsoleHarness {
  app: FastifyInstance;
  runtime: Tawasul;
  chat: InProcessChannel;
  profile: Profile;
  routes: RouteOptions[];
  stop(): Promise<void>;
}

/**
 * The real runtime (database, Redis queues, flows) with the console on top, and an account per role.
 * The accounts have acknowledged the profile's policy (as staff must before their first action), unless
 * `acknowledgePolicy` is false.
 */
export async function startConsole(
  db: Database,
  {
    acknowledgePolicy = true,
    trustProxy,
    queuePrefix,
    ...options
  }: Partial<ConsoleOptions> & {
    now?: () => Date;
    /** The runtime's BullMQ prefix, to share its queues with another process; default a fresh one. */
    queuePrefix?: string;
    acknowledgePolicy?: boolean;
    /** The app's `trustProxy` (HTTP_TRUST_PROXY); default none. */
    trustProxy?: AppDeps['trustProxy'];
  } = {},
): Promise<ConsoleHarness> {
  const profile = options.profile ?? loadProfile(DEMO_PROFILE_PATH);
  const runtime = await startTestTawasul(db, {
    profile,
    channels: { inprocess: true },
    ...(options.now ? { now: options.now } : {}),
    ...(queuePrefix ? { queuePrefix } : {}),
  });
  const chat = runtime.channels.inprocess!;
  const logger = runtime.logger;
  const hash = await hashPassword(PASSWORD);
  const accounts = new PgStaffAccountRepository();
  const acks = new PgPolicyAckRepository();
  for (const account of ACCOUNTS) {
    await accounts.create(db, {
      id: account.id,
      displayName: `Test ${account.roles.join(' ')}`,
      roles: account.roles,
      categories: account.categories ?? [],
      passwordHash: hash,
    });
    if (acknowledgePolicy) {
      await acks.acknowledge(db, { staffId: account.id, version: profile.policy.version, at: new Date() });
    }
  }
  const routes: RouteOptions[] = [];
  const app = await buildApp({
    logger,
    readiness: {},
    trustProxy,
    onRoute: (route) => void routes.push(route),
    console: {
      db,
      profile,
      caseActions: runtime.caseActions,
      handoffs: runtime.handoffs,
      documents: runtime.documents,
      clock: runtime.clock,
      onHolidaysChanged: () => runtime.holidays.refresh().then(() => undefined),
      translator: runtime.translator,
      queues: [runtime.dispatcher.queue, runtime.scheduler.queue],
      ...options,
    },
  });
  await app.ready();
  return {
    app,
    runtime,
    chat,
    profile,
    routes,
    async stop() {
      await app.close();
      await runtime.stop();
    },
  };
}

/** A signed-in session for `staffId`: the cookie header and the CSRF token, as a browser would hold them. */
export async function signIn(app: FastifyInstance, staffId: string, password = PASSWORD) {
  const token = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  const loginCookie = cookieFrom(token.headers['set-cookie'], 'tawasul_console_login');
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { cookie: loginCookie, 'x-csrf-token': token.json<{ token: string }>().token },
    payload: { staffId, password },
  });
  if (login.statusCode !== 200)
    throw new Error(`sign-in of ${staffId} failed: ${login.statusCode} ${login.body}`);
  return {
    cookie: cookieFrom(login.headers['set-cookie'], 'tawasul_console'),
    csrf: login.json<{ csrf: string }>().csrf,
  };
}

/** `name=value` of one cookie from Set-Cookie headers. */
export function cookieFrom(header: string | string[] | undefined, name: string): string {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0]!;
}
