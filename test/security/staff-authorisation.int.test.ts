import { describeEachDatabase } from '../support/databases';
import { startTelegramWebhookSpine } from '../support/telegram-webhook-spine';
import { COMPLAINT_RULES } from '../../src/cases/rules/complaint-transitions';
import { REQUEST_RULES } from '../../src/cases/rules/request-transitions';
import { intruders, STAFF_PATHS, type StaffPathWorld } from './staff-paths';

/**
 * Staff actions only by authorised roles, on every path: each path of the shared list
 * (test/security/staff-paths.ts) is taken as every role that may not use it and as someone with no
 * role, and must be refused with nothing changed; then once as a role that may, and must work.
 */
describeEachDatabase(
  'staff actions, walked as unauthorised users',
  (getDb) => {
    let spine: Awaited<ReturnType<typeof startTelegramWebhookSpine>>;
    const world = {} as StaffPathWorld;
    const secret = 'walk-secret-0123456789abcdef';

    beforeAll(async () => {
      spine = await startTelegramWebhookSpine(getDb(), secret);
      const { runtime, url } = spine;
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
      await spine?.stop();
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
