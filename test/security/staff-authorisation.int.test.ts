import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { TelegramChannel } from '../../src/channels/telegram/telegram-channel';
import { telegramWebhookRoutes } from '../../src/channels/telegram/telegram-webhook-routes';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import { startRuntime, type Runtime } from '../../src/runtime';
import { freePort } from '../support/app-process';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { COMPLAINT_RULES } from '../../src/domain/cases/complaint-transitions';
import { REQUEST_RULES } from '../../src/domain/cases/request-transitions';
import { intruders, STAFF_PATHS, type StaffPathWorld } from './staff-paths';

/**
 * Staff actions only by authorised roles, on every path: each path of the shared list
 * (test/security/staff-paths.ts) is taken as every role that may not use it and as someone with no
 * role, and must be refused with nothing changed; then once as a role that may, and must work.
 */
describeEachDatabase(
  'staff actions, walked as unauthorised users',
  (getDb) => {
    let runtime: Runtime;
    let app: FastifyInstance;
    let api: FakeTelegramApi;
    let folder = '';
    const world = {} as StaffPathWorld;
    const secret = 'walk-secret-0123456789abcdef';

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-walk-'));
      api = await FakeTelegramApi.start();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/telegram/webhook`;
      const telegram = new TelegramChannel({
        token: api.token,
        apiRoot: api.apiRoot,
        webhook: { url, secret },
        documents: new FsDocumentStore(folder),
        logger: pino({ level: 'silent' }),
      });
      runtime = await startRuntime({
        db: getDb(),
        redisUrl: TEST_REDIS_URL,
        profile: loadProfile(DEMO_PROFILE_PATH),
        channels: [telegram],
        logger: pino({ level: 'silent' }),
        queuePrefix: freshQueuePrefix(),
        recoverIntervalMs: 500,
      });
      app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {} });
      await app.register(telegramWebhookRoutes, { channel: telegram });
      await app.listen({ host: '127.0.0.1', port });
      Object.assign(world, {
        db: getDb(),
        caseActions: runtime.caseActions,
        fixtures: new Map(),
        telegramWebhook: async (update: object) => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
            body: JSON.stringify(update),
          });
          await res.arrayBuffer();
          await runtime.service.idle();
          return res.status;
        },
      });
    }, 60_000);

    afterAll(async () => {
      await api?.close();
      await app?.close();
      await runtime?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    it('lists a path for every way in: each case action, by CaseActions and as a console button', () => {
      const actions = [
        ...Object.keys(REQUEST_RULES).map((a) => `request ${a}`),
        ...Object.keys(COMPLAINT_RULES).map((a) => `complaint ${a}`),
      ];
      const names = (via: string) => STAFF_PATHS.filter((p) => p.via === via).map((p) => p.name);
      expect(names('case-actions')).toEqual(expect.arrayContaining(actions));
      expect(names('telegram-webhook')).toEqual(expect.arrayContaining(actions.map((a) => `button ${a}`)));
    });

    it.each(STAFF_PATHS.map((p) => [`${p.via}: ${p.name}`, p] as const))(
      '%s is refused to every role that may not take it, changing nothing',
      async (_name, path) => {
        const inbound = async () =>
          (await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM inbound_messages`)).rows[0]
            ?.n ?? 0;
        const inboundBefore = await inbound();
        for (const who of intruders(path)) {
          const ref = await path.prepare(world);
          const before = await path.state(world, ref);
          const outcome = await path.attempt(world, ref, who);
          expect({ who: who.roles, outcome }).toEqual({ who: who.roles, outcome: 'refused' });
          expect(await path.state(world, ref)).toEqual(before);
        }
        const allowed = path.allowed[0];
        if (allowed) {
          // The same path works for a role that may take it: the refusals above were about the role.
          const ref = await path.prepare(world);
          expect(await path.attempt(world, ref, { id: `allowed-${allowed}`, roles: [allowed] })).toBe('done');
        } else {
          // Nobody may: each attempt reached the spine, as that person's own message, and did nothing.
          expect((await inbound()) - inboundBefore).toBe(intruders(path).length);
        }
      },
      60_000,
    );
  },
  { migrate: false },
);
