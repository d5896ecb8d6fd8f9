import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { textOf } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from '../console/console-harness';

/**
 * H1 of the attack run (issue #17): identity takeover by a typed mobile. An anonymous chat visitor types
 * someone else's mobile — in "my data" and in a form's answer — and waits. When staff then register a
 * case for the real owner of that number (by phone), the old intake linked it to whoever had typed the
 * number, preferring people with a chat: the visitor received the case's notification and saw it in
 * "my data", with the right to correct or delete it. Now a typed number is listed for staff as "not
 * verified" and can never be chosen; the case goes to a new person (or one vouched for) and the visitor
 * hears nothing about it.
 */
type Session = { cookie: string; csrf: string };

const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });

const VICTIM_MOBILE = '0551234567';
const INTAKE = {
  kind: 'request',
  channel: 'phone',
  mobile: VICTIM_MOBILE,
  fullName: 'نورة سعد القحطاني',
  serviceId: 'food-basket',
  fields: {
    'full-name': 'نورة سعد القحطاني',
    'national-id': '1000000008',
    mobile: VICTIM_MOBILE,
    city: 'الرياض',
    'family-size': '4',
  },
  documentsSeen: ['id-copy', 'income-proof'],
  declaration: 'verbal',
};

describeEachDatabase('intake matching cannot be hijacked by a typed mobile', (getDb) => {
  const now = new Date('2025-03-25T06:00:00Z');
  let h: ConsoleHarness;
  let committee: Session;

  beforeAll(async () => {
    h = await startConsole(getDb(), { now: () => now });
    committee = await signIn(h.app, 't-committee');
  }, 60_000);
  afterAll(() => h?.stop());

  /** One message from the visitor; returns the reply as read. */
  const visitor = async (text: string) => {
    await h.chat.say('visitor', text);
    return textOf(await h.chat.nextReply('visitor'));
  };

  /** How many messages were ever written to the visitor's chat. */
  const visitorOutbox = async () =>
    (
      await getDb().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox o JOIN conversations c ON c.id = o.conversation_id
         WHERE c.channel_user_id = 'visitor'`,
      )
    ).rows[0]!.n;

  it('lists the typist as not verified, refuses them as the person, and tells them nothing', async () => {
    for (const text of ['السلام عليكم', '١', 'أوافق', 'بياناتي', 'تصحيح الاسم أو الجوال', 'الجوال'])
      await visitor(text);
    await visitor(VICTIM_MOBILE);
    expect(await visitor('حفظ التصحيح')).toContain('تم حفظ بياناتك المصححة');
    const visitorId = (
      await getDb().query<{ beneficiary_id: string }>(
        `SELECT beneficiary_id FROM channel_identities WHERE channel_user_id = 'visitor'`,
      )
    ).rows[0]!.beneficiary_id;
    // And the number typed as a form's answer, as the attack run also did.
    await getDb().query(
      `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, fields, channel,
         declaration, completed_at, due_date)
       VALUES ('REQ-3333-03', $1, 'rent-aid', 'families', $2, 'webchat', '{}', $3, '2025-04-10')`,
      [visitorId, JSON.stringify({ mobile: '+966551234567' }), now.toISOString()],
    );

    const lookup = await call(h.app, committee, 'GET', `/api/intake/beneficiary?mobile=${VICTIM_MOBILE}`);
    expect(lookup.json().candidates).toEqual([
      expect.objectContaining({ id: visitorId, verified: false, matchedBy: ['typed'] }),
    ]);
    const chosen = await call(h.app, committee, 'POST', '/api/intake', {
      ...INTAKE,
      beneficiaryId: visitorId,
    });
    expect(chosen.statusCode).toBe(400);
    expect(chosen.json().issues).toEqual([{ path: 'beneficiaryId', message: expect.any(String) }]);

    // Staff choosing nothing: nobody is vouched for, so the case gets a new person of its own.
    const before = await visitorOutbox();
    const res = await call(h.app, committee, 'POST', '/api/intake', INTAKE);
    expect(res.statusCode).toBe(201);
    const { reference, beneficiary, notified } = res.json();
    expect(beneficiary).toEqual({ id: expect.any(String), created: true });
    expect(beneficiary.id).not.toBe(visitorId);
    expect(notified).toBe(false);

    // The visitor's chat got no word of it, and "my data" does not list it.
    expect(await visitorOutbox()).toBe(before);
    await visitor('القائمة');
    expect(await visitor('بياناتي')).not.toContain(reference);

    // The person staff recorded is vouched for: the next intake for that number may choose them.
    const again = await call(h.app, committee, 'GET', `/api/intake/beneficiary?mobile=${VICTIM_MOBILE}`);
    expect(again.json().candidates.map((c: { id: string; verified: boolean }) => [c.id, c.verified])).toEqual(
      [
        [beneficiary.id, true],
        [visitorId, false],
      ],
    );
  });
});
