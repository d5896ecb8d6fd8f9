import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { toNumberedText } from '../../src/channels/numbered-text';
import { describeEachDatabase } from '../support/databases';
import { startTestTawasul } from '../support/spine-harness';
import { Clock } from '../support/test-clock';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };
type Warning = { flow: string; code: string; message: string; fix: string };

function call(app: FastifyInstance, s: Session, method: 'GET' | 'PATCH', url: string, payload?: object) {
  return app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
}

/** A logger whose warnings the test reads. */
function capturingLogger() {
  const lines: { level: number; msg: string; flow?: string; fix?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), warnings: () => lines.filter((l) => l.level === 40) };
}

describeEachDatabase(
  'no promise without an owner',
  (getDb) => {
    // Sunday 22 November 2026, 10:00 in Riyadh: staff are at work.
    const clock = new Clock(new Date('2026-11-22T07:00:00Z'));
    let h: ConsoleHarness;
    let volunteer: Session;
    let admin: Session;

    beforeAll(async () => {
      // The demo profile with one account per role: the liaison officer serves families, the volunteer
      // orphans; nobody serves the general assembly's members, and nobody coordinates volunteers.
      h = await startConsole(getDb(), { now: clock.now });
      // The harness's coordinator is away; the demo profile's is a name in the file, with no account.
      await getDb().query(`UPDATE staff_accounts SET active = false WHERE id = 't-coordinator'`);
      volunteer = await signIn(h.app, 't-volunteer');
      admin = await signIn(h.app, 't-admin');
    }, 60_000);
    afterAll(() => h?.stop());

    const warnings = async (s: Session, lang?: 'en') =>
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/setup/warnings',
          headers: { cookie: lang ? `${s.cookie}; tawasul_console_lang=${lang}` : s.cookie },
        })
      ).json<{ warnings: Warning[] }>().warnings;

    it('shows any staff member each enabled flow nobody receives, with the fix', async () => {
      expect(await warnings(volunteer, 'en')).toEqual([
        {
          flow: 'handoff',
          code: 'HANDOFF_CATEGORY_UNCOVERED',
          message:
            'Nobody receives “Talk to a staff member” for “General assembly members”: no active liaison officer or volunteer serves that category, and there is no Telegram staff group.',
          fix: 'Add “General assembly members” to the categories of a liaison officer or volunteer who can read their work (a console account, or a telegramUserId in the profile’s staff list), or leave their categories empty to serve them all: on the console’s Staff page or in the profile.',
        },
        {
          flow: 'volunteer',
          code: 'NO_ROLE_HOLDER',
          message:
            'Nobody receives “Volunteer sign-ups”: no active staff member has the coordinator (volunteering coordinator) role.',
          fix: 'Give the coordinator (volunteering coordinator) role to at least one staff member who can read their work: one with a console account (npm run staff:create, or the console’s Staff page) or with a telegramUserId in the profile’s staff list.',
        },
      ]);
      const arabic = await warnings(volunteer);
      expect(arabic.map((w) => w.code)).toEqual(['HANDOFF_CATEGORY_UNCOVERED', 'NO_ROLE_HOLDER']);
      expect(arabic[1]!.fix).toContain('أعطِ دور منسق التطوع (coordinator)');
      expect((await h.app.inject({ method: 'GET', url: '/api/setup/warnings' })).statusCode).toBe(401);
    });

    it('says at start-up what it says on the home page, one warning per gap, naming the fix', async () => {
      const { logger, warnings: logged } = capturingLogger();
      const runtime = await startTestTawasul(getDb(), { logger, now: clock.now });
      await runtime.stop();
      const gaps = logged().filter((l) => l.msg.startsWith('promise without an owner'));
      expect(gaps.map((l) => [l.flow, l.fix])).toEqual([
        ['handoff', expect.stringContaining('Add “General assembly members” to the categories')],
        ['volunteer', expect.stringContaining('Give the coordinator (volunteering coordinator) role')],
      ]);
      // A staff bot in another process (STAFF_BOT_ELSEWHERE): its group sees every handoff.
      const elsewhere = capturingLogger();
      const second = await startTestTawasul(getDb(), {
        logger: elsewhere.logger,
        staffGroupElsewhere: true,
        now: clock.now,
      });
      await second.stop();
      expect(elsewhere.warnings().map((l) => l.flow)).toEqual(['volunteer']);
    });

    it('tells the person only what is true: someone was told, or their request was recorded', async () => {
      const talk = async (user: string, text: string) => {
        await h.chat.say(user, text);
        return toNumberedText(await h.chat.nextReply(user));
      };
      for (const user of ['amal', 'badr']) {
        await talk(user, 'السلام عليكم');
        await talk(user, '١');
        expect(await talk(user, 'أوافق')).toContain('كيف نخدمك اليوم');
        expect(await talk(user, 'التحدث مع موظف')).toContain('3. أعضاء الجمعية العمومية');
      }
      // Families: the liaison officer receives it.
      const told = await talk('amal', '1');
      expect(told).toContain('سيرد عليك أحد موظفينا هنا');
      // The general assembly's members: nobody can, so nobody is promised.
      const recorded = await talk('badr', '3');
      expect(recorded).toContain('سجّلنا طلبك للتحدث مع موظف');
      expect(recorded).toContain('لا نستطيع أن نعدك بموعد للرد');
      expect(recorded).not.toContain('سيرد عليك');
      const routed = await getDb().query<{ routing: string }>(
        `SELECT h.routing FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
         WHERE c.channel_user_id = $1`,
        ['badr'],
      );
      expect(routed.rows).toEqual([{ routing: 'unassigned' }]);
    });

    it('clears a warning as soon as someone is given the role or the category, without a restart', async () => {
      const patched = await call(h.app, admin, 'PATCH', '/api/admin/staff/t-liaison', { categories: [] });
      expect(patched.statusCode).toBe(200);
      expect((await warnings(volunteer)).map((w) => w.code)).toEqual(['NO_ROLE_HOLDER']);
      // The coordinator is back: an active account counts at once.
      await getDb().query(`UPDATE staff_accounts SET active = true WHERE id = 't-coordinator'`);
      expect(await warnings(volunteer)).toEqual([]);
    });

    it('warns from 1 December that nobody reviewed the coming year’s holidays, at start-up too', async () => {
      // The demo profile says its holidays were reviewed through 2026.
      clock.set('2026-12-01T07:00:00Z');
      try {
        // A new session: the earlier ones expired with the days the clock moved.
        const found = await warnings(await signIn(h.app, 't-admin'), 'en');
        expect(found).toEqual([
          {
            flow: 'holidays',
            code: 'HOLIDAYS_NOT_REVIEWED',
            message: expect.stringContaining('Nobody has reviewed the holidays of 2027'),
            fix: expect.stringContaining('holidaysReviewedThrough: 2027'),
          },
        ]);
        const { logger, warnings: logged } = capturingLogger();
        const runtime = await startTestTawasul(getDb(), { logger, now: clock.now });
        await runtime.stop();
        expect(logged().map((l) => l.flow)).toContain('holidays');
      } finally {
        clock.set('2026-11-22T07:00:00Z');
      }
    });
  },
  { migrate: true },
);
