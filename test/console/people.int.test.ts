import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { toNumberedText } from '../../src/channels/numbered-text';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

/**
 * Two records of one person, merged by staff (issue #17): Amal chats with us from WhatsApp (the platform
 * gave her number); a volunteer at the front desk registered her visit as a new person. A manager finds
 * both by the mobile, merges them with a reason, and the chat then answers for the visit's case.
 */
type Session = { cookie: string; csrf: string };

const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });

const MOBILE = '0561234567';

describeEachDatabase('merging two records of one person', (getDb) => {
  const now = new Date('2025-03-25T06:00:00Z');
  let h: ConsoleHarness;
  let manager: Session;
  let committee: Session;

  beforeAll(async () => {
    h = await startConsole(getDb(), { now: () => now });
    manager = await signIn(h.app, 't-manager');
    committee = await signIn(h.app, 't-committee');
  }, 60_000);
  afterAll(() => h?.stop());

  const amal = async (text: string) => {
    await h.chat.say('amal', { text, sender: { channelUserId: 'amal', phone: '+966561234567' } });
    return toNumberedText(await h.chat.nextReply('amal'));
  };

  it('moves the visit’s case to the chatting record, deletes the other, and records who did it and why', async () => {
    for (const text of ['السلام عليكم', '١', 'أوافق']) await amal(text);
    const visit = await call(h.app, committee, 'POST', '/api/intake', {
      kind: 'complaint',
      channel: 'visit',
      ticketKind: 'complaint',
      categoryId: 'delay',
      description: 'تأخر الرد على طلبي',
      mobile: MOBILE,
      fullName: 'أمل سعيد',
      beneficiaryId: 'new',
    });
    expect(visit.statusCode).toBe(201);
    const { reference, beneficiary } = visit.json();

    const found = await call(h.app, manager, 'GET', `/api/people?mobile=${MOBILE}`);
    expect(found.statusCode).toBe(200);
    const people = found.json().people as { id: string; matchedBy: string[]; cases: string[] }[];
    expect(people.map((p) => [p.matchedBy, p.cases])).toEqual([
      [['inprocess'], []],
      [['staff'], [reference]],
    ]);
    const [chatting, visited] = people;
    expect(visited!.id).toBe(beneficiary.id);
    const byReference = await call(h.app, manager, 'GET', `/api/people?reference=${reference}`);
    expect(byReference.json().people.map((p: { id: string }) => p.id)).toEqual([visited!.id]);

    // Only management and the administrator merge; a reason is required.
    expect((await call(h.app, committee, 'GET', `/api/people?mobile=${MOBILE}`)).statusCode).toBe(403);
    const noReason = await call(h.app, manager, 'POST', '/api/people/merge', {
      keepId: chatting!.id,
      mergeId: visited!.id,
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    const itself = await call(h.app, manager, 'POST', '/api/people/merge', {
      keepId: chatting!.id,
      mergeId: chatting!.id,
      reason: 'the same record twice',
    });
    expect(itself.statusCode).toBe(400);
    expect(itself.json().issues.map((i: { path: string }) => i.path)).toEqual(['body.mergeId']);

    const merged = await call(h.app, manager, 'POST', '/api/people/merge', {
      keepId: chatting!.id,
      mergeId: visited!.id,
      reason: 'same person: she confirmed by phone',
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toEqual({
      keptId: chatting!.id,
      moved: expect.objectContaining({ complaints: 1 }),
    });
    const gone = await getDb().query('SELECT 1 FROM beneficiaries WHERE id = $1', [visited!.id]);
    expect(gone.rows).toEqual([]);
    const owner = await getDb().query<{ beneficiary_id: string }>(
      'SELECT beneficiary_id FROM complaints WHERE reference = $1',
      [reference],
    );
    expect(owner.rows).toEqual([{ beneficiary_id: chatting!.id }]);
    const trail = await getDb().query<{ actor: string; data: Record<string, unknown> }>(
      `SELECT actor, data FROM events WHERE type = 'beneficiary.merged' AND subject_id = $1`,
      [chatting!.id],
    );
    expect(trail.rows).toEqual([
      {
        actor: 'staff:t-manager',
        data: expect.objectContaining({
          merged: visited!.id,
          how: 'staff',
          reason: 'same person: she confirmed by phone',
        }),
      },
    ]);
    // Her chat now answers for the visit's case.
    expect(await amal('حالة الطلب')).toContain(reference);

    // Merging again: the merged record no longer exists.
    const again = await call(h.app, manager, 'POST', '/api/people/merge', {
      keepId: chatting!.id,
      mergeId: visited!.id,
      reason: 'again',
    });
    expect(again.statusCode).toBe(404);
  });
});
