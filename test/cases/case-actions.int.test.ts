import pino from 'pino';
import type { ChannelAdapter, SendResult } from '../../src/channels/channel-adapter';
import { CaseError } from '../../src/cases/rules/case-error';
import { OutboundWorker } from '../../src/queue/outbound-worker';
import { OutboxDispatcher } from '../../src/queue/outbox-dispatcher';
import { redisOptionsFromUrl } from '../../src/queue/redis-options';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { describeEachDatabase } from '../support/databases';
import {
  freshQueuePrefix,
  startSpine,
  startTestTawasul,
  TEST_REDIS_URL,
  textOf,
} from '../support/spine-harness';

const committee = { id: 'noura', roles: ['committee'] as const };
const volunteer = { id: 'fahad', roles: ['volunteer'] as const };

describeEachDatabase(
  'committee decisions and status notifications',
  (getDb) => {
    /** A beneficiary submits a one-document-free rent request on the in-process channel; returns its reference. */
    async function submitted(
      spine: Awaited<ReturnType<typeof startSpine>>,
      user: string,
      lang: 'ar' | 'en' = 'en',
    ): Promise<string> {
      const { chat } = spine;
      const talk = async (text: string) => {
        await chat.say(user, text);
        return textOf(await chat.nextReply(user));
      };
      const language = lang === 'en' ? '2' : '1';
      for (const text of [
        'hi',
        language,
        '1',
        '2',
        '2',
        '1',
        'Ahmed Saleh',
        '2345678904',
        '0551234567',
        '2500',
      ]) {
        await talk(text);
      }
      // The rent service asks for two documents: send both as PDFs stored under fake refs.
      for (const [i, choice] of [
        ['a', '1'],
        ['b', undefined],
      ] as const) {
        await chat.say(user, {
          media: [{ kind: 'document', mimeType: 'application/pdf', sizeBytes: 1000, ref: i.repeat(64) }],
        });
        await chat.nextReply(user);
        if (choice) {
          await chat.say(user, choice);
          await chat.nextReply(user);
        }
      }
      await talk('1');
      const done = await talk('1');
      const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
      if (!ref) throw new Error(`no reference in: ${done}`);
      return ref;
    }

    it('approves a request; the applicant is told once, in their language, with the reference', async () => {
      const spine = await startSpine(getDb());
      try {
        const ref = await submitted(spine, 'layla');
        await spine.runtime.caseActions.request(ref, 'startReview', committee);
        expect(textOf(await spine.chat.nextReply('layla'))).toContain(
          `The committee has started studying your application ${ref}`,
        );
        const result = await spine.runtime.caseActions.request(ref, 'approve', committee);
        expect(result).toEqual({ reference: ref, from: 'under_review', to: 'approved', notified: true });
        expect(textOf(await spine.chat.nextReply('layla'))).toContain(
          `your application ${ref} (Rent assistance) has been approved`,
        );
        await spine.runtime.service.idle();
        await expect(spine.chat.nextReply('layla', 500)).rejects.toThrow(/no reply/);
        const events = await getDb().query<{ type: string; actor: string }>(
          `SELECT type, actor FROM events WHERE subject_id = $1 ORDER BY id`,
          [ref],
        );
        expect(events.rows).toEqual([
          { type: 'request.submitted', actor: expect.stringMatching(/^beneficiary:/) },
          { type: 'request.startReview', actor: 'staff:noura' },
          { type: 'request.approve', actor: 'staff:noura' },
        ]);
      } finally {
        await spine.runtime.stop();
      }
    });

    it('sends the approval note to the applicant with the decision, in their language', async () => {
      const spine = await startSpine(getDb());
      try {
        for (const [user, lang, note] of [
          ['huda', 'en', 'A note from the committee: Please bring the original lease on Sunday.'],
          ['hessa', 'ar', 'ملاحظة من اللجنة: Please bring the original lease on Sunday.'],
        ] as const) {
          const ref = await submitted(spine, user, lang);
          await spine.runtime.caseActions.request(ref, 'startReview', committee);
          await spine.chat.nextReply(user);
          await spine.runtime.caseActions.request(
            ref,
            'approve',
            committee,
            'Please bring the original lease on Sunday.',
          );
          // Without the isolates that keep a Latin note in its place in Arabic text.
          const told = textOf(await spine.chat.nextReply(user)).replace(/[\u2066-\u2069]/g, '');
          expect(told).toContain(ref);
          expect(told).toContain(note);
        }
      } finally {
        await spine.runtime.stop();
      }
    });

    it('refuses a wrong role, an impossible step and a rejection without reason, changing nothing', async () => {
      const spine = await startSpine(getDb());
      try {
        const ref = await submitted(spine, 'omar');
        const attempt = (p: Promise<unknown>) =>
          p.then(
            () => 'done',
            (e: CaseError) => e.code,
          );
        expect(await attempt(spine.runtime.caseActions.request(ref, 'approve', volunteer))).toBe(
          'ERR_ROLE_NOT_ALLOWED',
        );
        expect(await attempt(spine.runtime.caseActions.request(ref, 'approve', committee))).toBe(
          'ERR_TRANSITION_NOT_ALLOWED',
        );
        await spine.runtime.caseActions.request(ref, 'startReview', committee);
        expect(await attempt(spine.runtime.caseActions.request(ref, 'reject', committee, '  '))).toBe(
          'ERR_REASON_REQUIRED',
        );
        expect(await attempt(spine.runtime.caseActions.request('REQ-0000-00', 'approve', committee))).toBe(
          'ERR_CASE_NOT_FOUND',
        );
        const row = await getDb().query(`SELECT status FROM service_requests WHERE reference = $1`, [ref]);
        expect(row.rows).toEqual([{ status: 'under_review' }]);
        await spine.runtime.caseActions.request(
          ref,
          'reject',
          committee,
          'The lease is not registered on Ejar',
        );
        await spine.chat.nextReply('omar'); // under review
        expect(textOf(await spine.chat.nextReply('omar'))).toContain(
          'Reason: The lease is not registered on Ejar',
        );
      } finally {
        await spine.runtime.stop();
      }
    });

    it('never sends a decision twice on a channel that cannot deduplicate, even after a crash mid-send', async () => {
      const db = getDb();
      const spine = await startSpine(db);
      const ref = await submitted(spine, 'salma');
      await spine.runtime.stop();
      // The person's conversation moves to a channel like Telegram: no idempotent delivery.
      let sends = 0;
      const telegramLike: ChannelAdapter = {
        name: 'inprocess',
        capabilities: { buttons: true, idempotentDelivery: false, maxTextLength: 4096 },
        start: async () => undefined,
        stop: async () => undefined,
        send: async (): Promise<SendResult> => {
          sends++;
          return { ok: true };
        },
      };
      // Nobody sends while we stage the crash: a process that runs no workers sends nothing.
      const crashed = await startTestTawasul(db, { channels: { inprocess: true }, runWorkers: false });
      await crashed.caseActions.request(ref, 'startReview', committee);
      // As a worker that crashed right after the platform accepted the message would leave it:
      await db.query(`UPDATE outbox SET status = 'sending' WHERE status IN ('pending', 'queued')`);
      await crashed.stop();

      const prefix = freshQueuePrefix();
      const outbox = new PgOutboxRepository();
      const logger = pino({ level: 'silent' });
      const connection = redisOptionsFromUrl(TEST_REDIS_URL);
      const worker = new OutboundWorker({
        db,
        outbox,
        channels: new Map([['inprocess', telegramLike]]),
        connection,
        logger,
        prefix,
      });
      const dispatcher = new OutboxDispatcher({ db, outbox, connection, logger, prefix });
      worker.start();
      try {
        const stuck = await db.query<{ id: string }>(
          `SELECT id::text AS id FROM outbox WHERE status = 'sending'`,
        );
        expect(stuck.rowCount).toBe(1);
        await dispatcher.enqueue(stuck.rows.map((r) => r.id));
        for (let i = 0; i < 100; i++) {
          const row = await db.query<{ status: string }>(`SELECT status FROM outbox WHERE id = $1`, [
            stuck.rows[0]!.id,
          ]);
          if (row.rows[0]?.status === 'uncertain') break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const row = await db.query(`SELECT status, last_error FROM outbox WHERE id = $1`, [
          stuck.rows[0]!.id,
        ]);
        expect(row.rows).toEqual([{ status: 'uncertain', last_error: 'interrupted while sending' }]);
        expect(sends).toBe(0);
      } finally {
        await worker.close();
        await dispatcher.close();
      }
    });
  },
  { migrate: true },
);
