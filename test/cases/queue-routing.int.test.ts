import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const demo = loadProfile(DEMO_PROFILE_PATH);
const NOW = new Date('2026-03-10T10:00:00+03:00');
const MINA = { latitude: 21.4133, longitude: 39.8933 };

/** The demo with field help on and these staff in the profile (no console accounts). */
const withStaff = (staff: Profile['staff']): Profile => ({
  ...demo,
  features: { volunteering: true, fieldHelp: true },
  staff,
});

const alerted = async (db: Database, reference: string) =>
  (
    await db.query<{ recipient: string }>(
      'SELECT recipient FROM staff_notifications WHERE subject_id = $1 ORDER BY recipient',
      [reference],
    )
  ).rows.map((r) => r.recipient);

describeEachDatabase(
  'who receives a sign-up or a field call, and what the person is told',
  (getDb) => {
    /** Signs `who` up and asks for field help; returns both confirmations and their references. */
    async function signUpAndCall(profile: Profile, who: string) {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { profile, now: () => NOW });
      const say = async (input: Parameters<typeof chat.say>[1], parts = 1) => {
        await chat.say(who, input);
        const texts: string[] = [];
        for (let i = 0; i < parts; i++) texts.push(textOf(await chat.nextReply(who)));
        return texts.join('\n');
      };
      try {
        for (const input of ['hi', '2', '1']) await say(input);
        let signUp = '';
        for (const input of [
          { choiceId: 'volunteer' },
          '1',
          'Sara Ali',
          '0501234567',
          'Jeddah',
          '4',
          'Driving',
          '1',
        ])
          signUp = await say(input);
        await say({ choiceId: 'field-help' });
        await say('3', 2);
        await say({ location: MINA });
        const call = await say('We cannot find our bus');
        return {
          signUp,
          call,
          volunteer: /VOL-\d{4}-\d{2}/.exec(signUp)?.[0] ?? '',
          fieldCall: /FLD-\d{4}-\d{2}/.exec(call)?.[0] ?? '',
        };
      } finally {
        await runtime.stop();
      }
    }

    it('does not count a name on paper: staff with the role but no console account and no Telegram id', async () => {
      const paper = await signUpAndCall(
        withStaff([
          { id: 'paper-coordinator', name: 'منسق', roles: ['coordinator'], categories: [] },
          { id: 'paper-field', name: 'مندوب', roles: ['field'], categories: [] },
        ]),
        'sara',
      );
      // The work still waits for them (routed, alerted for when they get an account)…
      expect(await alerted(getDb(), paper.volunteer)).toEqual(['paper-coordinator']);
      expect(await alerted(getDb(), paper.fieldCall)).toEqual(['paper-field']);
      const routed = await getDb().query('SELECT routed_to FROM volunteers WHERE reference = $1', [
        paper.volunteer,
      ]);
      expect(routed.rows).toEqual([{ routed_to: 'paper-coordinator' }]);
      // …but the person is not told anyone was told.
      expect(paper.signUp).toContain("Your sign-up is kept in the association's list of volunteers");
      expect(paper.call).toContain('No field representative is on duty right now');
    });

    it('counts staff the staff bot can reach (a Telegram id), and falls back to the volunteer role', async () => {
      const reached = await signUpAndCall(
        withStaff([
          { id: 'old-coordinator', name: 'منسق', roles: ['volunteer'], categories: [], telegramUserId: 7001 },
          { id: 'field-1', name: 'مندوب', roles: ['field'], categories: [], telegramUserId: 7002 },
          { id: 'field-2', name: 'مندوبة', roles: ['field'], categories: [], telegramUserId: 7003 },
        ]),
        'lina',
      );
      expect(await alerted(getDb(), reached.volunteer)).toEqual(['old-coordinator']);
      expect(await alerted(getDb(), reached.fieldCall)).toEqual(['field-1', 'field-2']);
      expect(reached.signUp).toContain('We have told the volunteering coordinator');
      expect(reached.call).toContain("We have alerted the association's field representative on duty");
    });

    it('with nobody at all: the sign-up waits unrouted and the alerts go to the roles', async () => {
      const nobody = await signUpAndCall(withStaff([]), 'huda');
      expect(await alerted(getDb(), nobody.volunteer)).toEqual(['role:coordinator']);
      expect(await alerted(getDb(), nobody.fieldCall)).toEqual(['role:field']);
      const routed = await getDb().query('SELECT routed_to FROM volunteers WHERE reference = $1', [
        nobody.volunteer,
      ]);
      expect(routed.rows).toEqual([{ routed_to: null }]);
      expect(nobody.signUp).not.toContain('coordinator');
    });
  },
  { migrate: true },
);
