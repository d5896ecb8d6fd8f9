import type { Tawasul } from '../../src/app/start-tawasul';
import { describeEachDatabase } from '../support/databases';
import { startFakeGraphApi, type FakeGraphApi, type SentMessage } from '../support/fake-graph-api';
import { Clock, waitFor } from '../support/test-clock';
import { startTestTawasul } from '../support/spine-harness';
import { approvedTemplates, CLOUD_SECRETS, cloudChannelOptions } from '../support/whatsapp-cloud-setup';

// Conversations through the spine take seconds on PGlite; jest ignores a project's testTimeout.
jest.setTimeout(60_000);

const committee = { id: 'noura', roles: ['committee'] as const };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** What a Graph API message shows the person: its text, an interactive body, a template's name. */
function textOf(message: SentMessage): string {
  const body = message.body as {
    text?: { body: string };
    interactive?: { body: { text: string } };
    template?: { name: string };
  };
  return body.text?.body ?? body.interactive?.body.text ?? `[template ${body.template?.name ?? '?'}]`;
}

describeEachDatabase(
  'WhatsApp Cloud API through the spine',
  (getDb) => {
    // One clock for the runtime (the 24-hour window, due dates) and the stand-in (timestamps, its window).
    const clock = new Clock(new Date('2026-03-02T09:00:00+03:00'));
    let meta: FakeGraphApi;
    let tawasul: Tawasul;
    let seen = new Map<string, number>();

    /** The messages sent to `waId` since the last call, waiting until at least `count` arrived. */
    async function replies(waId: string, count = 1): Promise<SentMessage[]> {
      const from = seen.get(waId) ?? 0;
      const fresh = await waitFor(`${count} message(s) to ${waId}`, async () => {
        const all = meta.sent(waId);
        return all.length - from >= count ? all.slice(from) : undefined;
      });
      seen.set(waId, from + fresh.length);
      return fresh;
    }
    const reply = async (waId: string) => (await replies(waId)).map(textOf).join('\n');
    async function say(waId: string, text: string): Promise<string> {
      expect((await meta.deliverText(waId, text)).status).toBe(200);
      return reply(waId);
    }
    /** Presses the button or list row labelled `label` under the last interactive message sent to `waId`. */
    async function press(waId: string, label: RegExp): Promise<string> {
      const last = [...meta.sent(waId)].reverse().find((m) => m.body.type === 'interactive');
      const interactive = (last?.body as { interactive: { type: string; action: Record<string, unknown> } })
        .interactive;
      const options =
        interactive.type === 'button'
          ? (
              interactive.action.buttons as { reply: { id: string; title: string; description?: string } }[]
            ).map((b) => b.reply)
          : (
              interactive.action.sections as { rows: { id: string; title: string; description?: string }[] }[]
            ).flatMap((s) => s.rows);
      const option = options.find((o) => label.test(o.title) || label.test(o.description ?? ''));
      if (!option) throw new Error(`no ${label} among ${options.map((o) => o.title).join(', ')}`);
      const delivery =
        interactive.type === 'button'
          ? await meta.deliverButtonReply(waId, option.id, option.title)
          : await meta.deliverListReply(waId, option.id, option.title);
      expect(delivery.status).toBe(200);
      return reply(waId);
    }

    beforeAll(async () => {
      meta = await startFakeGraphApi({
        ...CLOUD_SECRETS,
        now: () => clock.now().getTime(),
        templates: approvedTemplates(),
      });
      tawasul = await startTestTawasul(getDb(), {
        now: clock.now,
        channels: { whatsappCloud: cloudChannelOptions(meta.url) },
        http: { listen: true, host: '127.0.0.1', port: 0, console: false },
      });
      meta.setWebhook(`${tawasul.address}/whatsapp/webhook`);
    });
    afterAll(async () => {
      await tawasul?.stop();
      await meta?.close();
    });
    beforeEach(() => {
      seen = new Map();
    });

    it("answers Meta's verification handshake, and refuses forged and unsigned deliveries", async () => {
      const verify = (token: string) =>
        fetch(
          `${tawasul.address}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
        );
      const verified = await verify(CLOUD_SECRETS.verifyToken);
      expect([verified.status, await verified.text()]).toEqual([200, '1158201444']);
      expect((await verify('wrong-token-0123456789')).status).toBe(403);

      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: CLOUD_SECRETS.businessAccountId,
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: {
                    display_phone_number: '966500000000',
                    phone_number_id: CLOUD_SECRETS.phoneNumberId,
                  },
                  messages: [
                    {
                      from: '966509999999',
                      id: 'wamid.forged',
                      timestamp: '1772431200',
                      type: 'text',
                      text: { body: 'hi' },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      expect((await meta.postWebhook(body, { signature: null })).status).toBe(401);
      expect((await meta.postWebhook(body, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
      const stored = await getDb().query(
        `SELECT 1 FROM inbound_messages WHERE channel_message_id = 'wamid.forged'`,
      );
      expect(stored.rowCount).toBe(0);
      expect(meta.sent('966509999999')).toEqual([]);
    });

    it('carries the inquiries conversation on buttons and a list; a repeated delivery is handled once', async () => {
      const amal = '966501110001';
      const first = await meta.deliverText(amal, 'السلام عليكم');
      expect(first.status).toBe(200);
      expect(await reply(amal)).toContain('اختر لغتك');
      // Meta delivers the same message again (its retry after a slow answer): nothing more happens.
      expect((await meta.deliverText(amal, 'السلام عليكم', { id: first.messageId })).status).toBe(200);
      expect(await press(amal, /العربية/)).toContain('موافقتك');
      expect(await press(amal, /^أوافق/)).toContain('كيف نخدمك اليوم');
      await press(amal, /الاستفسار/);
      expect(await say(amal, 'ماهي شروط المساعده')).toContain('حد الكفاية');

      const inbound = await getDb().query(`SELECT 1 FROM inbound_messages WHERE channel_message_id = $1`, [
        first.messageId,
      ]);
      expect(inbound.rowCount).toBe(1);
      const identity = await getDb().query(
        `SELECT channel_user_id, phone FROM channel_identities WHERE channel = 'whatsapp' AND channel_user_id = $1`,
        [amal],
      );
      // The Cloud API's sender id is the number, which Meta vouches for.
      expect(identity.rows).toEqual([{ channel_user_id: amal, phone: '+966501110001' }]);
      // Meta's statuses reach the outbox: every reply ends up delivered.
      await waitFor('every reply marked delivered', async () => {
        const rows = await getDb().query<{ delivery_status: string | null }>(
          `SELECT delivery_status FROM outbox WHERE recipient = $1`,
          [amal],
        );
        return rows.rows.length >= 4 && rows.rows.every((r) => r.delivery_status === 'delivered')
          ? true
          : undefined;
      });
    });

    it('files a service request with documents; its decision goes as text in the window, as a template after it', async () => {
      const huda = '966501110002';
      await say(huda, 'السلام عليكم');
      await say(huda, '١');
      await say(huda, 'أوافق');
      for (const text of ['2', '1', '1', 'هدى سالم', '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '4'])
        await say(huda, text);
      expect(
        (
          await meta.deliverMedia(huda, 'document', {
            bytes: PDF,
            mimeType: 'application/pdf',
            filename: 'income.pdf',
          })
        ).status,
      ).toBe(200);
      expect(await reply(huda)).toContain('أي مستند هذا');
      await say(huda, '2');
      expect((await meta.deliverMedia(huda, 'image', { bytes: PNG, mimeType: 'image/png' })).status).toBe(
        200,
      );
      expect(await reply(huda)).toContain('ملخص طلبك');
      await say(huda, '1');
      const done = await say(huda, 'أقر وأرسل الطلب');
      const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
      if (!ref) throw new Error(`no reference in: ${done}`);
      const documents = await getDb().query(
        `SELECT document_id FROM request_documents d JOIN service_requests r ON r.id = d.request_id
         WHERE r.reference = $1 ORDER BY document_id`,
        [ref],
      );
      expect(documents.rows).toEqual([{ document_id: 'id-copy' }, { document_id: 'income-proof' }]);

      // Inside the 24-hour window: the decision is a plain text.
      await tawasul.caseActions.request(ref, 'startReview', committee);
      const [review] = await replies(huda);
      expect(review!.body.type).toBe('text');
      expect(textOf(review!)).toContain(ref);

      // A day and a half later the window is closed: the approval goes as its approved template.
      clock.at = new Date(clock.at.getTime() + 36 * 3600_000);
      await tawasul.caseActions.request(ref, 'approve', committee);
      const [approval] = await replies(huda);
      expect(approval!.body).toMatchObject({
        type: 'template',
        template: { name: 'tawasul_request_approved', language: { code: 'ar' } },
      });
      const parameters = (
        approval!.body.template as { components: { parameters: { text: string }[] }[] }
      ).components[0]!.parameters.map((p) => p.text);
      // As the Arabic text shows them: the Latin reference isolated left to right inside the sentence.
      expect(parameters).toEqual([`\u2066${ref}\u2069`, 'سلة غذائية']);
    });

    it('a failed status: sent again after a passing fault, given up with an alert when undeliverable', async () => {
      const salem = '966501110003';
      await say(salem, 'السلام عليكم');
      const [language] = meta.sent(salem);
      const row = async () =>
        (
          await getDb().query<{
            status: string;
            platform_message_id: string | null;
            last_error: string | null;
          }>(
            `SELECT status, platform_message_id, last_error FROM outbox WHERE recipient = $1 ORDER BY id LIMIT 1`,
            [salem],
          )
        ).rows[0]!;
      await waitFor('the reply recorded as sent', async () =>
        (await row()).status === 'sent' ? true : undefined,
      );

      // Something went wrong on Meta's side: the same message goes again, once.
      await meta.deliverStatus(language!.wamid, 'failed', {
        errors: [{ code: 131000, title: 'Something went wrong' }],
      });
      const [again] = await replies(salem);
      expect(textOf(again!)).toBe(textOf(language!));
      await waitFor('the resend recorded as sent', async () => {
        const r = await row();
        return r.status === 'sent' && r.platform_message_id === again!.wamid ? true : undefined;
      });

      // Then the number turns out undeliverable: given up, and the administrators are told.
      await meta.deliverStatus(again!.wamid, 'failed', {
        errors: [{ code: 131026, title: 'Message undeliverable' }],
      });
      await waitFor('the row given up', async () => ((await row()).status === 'failed' ? true : undefined));
      expect((await row()).last_error).toContain('131026');
      const alerts = await getDb().query<{ recipient: string; kind: string }>(
        `SELECT recipient, kind FROM staff_notifications WHERE kind = 'whatsapp.undeliverable'`,
      );
      expect(alerts.rows).toEqual([{ recipient: 'role:admin', kind: 'whatsapp.undeliverable' }]);
      expect(meta.sent(salem)).toHaveLength(2);
    });

    it('outside the window, a message with no template of its own waits behind the re-open template', async () => {
      const nasser = '966501110004';
      await say(nasser, 'السلام عليكم');
      await say(nasser, '١');
      await say(nasser, 'أوافق');
      const conversation = await getDb().query<{ id: string }>(
        `SELECT id FROM conversations WHERE channel = 'whatsapp' AND channel_user_id = $1`,
        [nasser],
      );
      clock.at = new Date(clock.at.getTime() + 30 * 3600_000);
      // The association writes first, a day later (what a staff member's reply or a survey offer does).
      await tawasul.service.startFlowFor(conversation.rows[0]!.id, 'menu');
      const [reopen] = await replies(nasser);
      expect(reopen!.body).toMatchObject({ type: 'template', template: { name: 'tawasul_reopen' } });
      await waitFor('the menu held', async () => {
        const held = await getDb().query(
          `SELECT 1 FROM outbox WHERE recipient = $1 AND status = 'queued' AND last_error LIKE 'held%'`,
          [nasser],
        );
        return held.rowCount > 0 ? true : undefined;
      });
      // The person answers the template: the held menu goes at once, and then the answer's own reply.
      expect((await meta.deliverText(nasser, 'نعم')).status).toBe(200);
      const after = (await replies(nasser, 2)).map(textOf).join('\n');
      expect(after).toContain('كيف نخدمك اليوم');
      expect(meta.sent(nasser).filter((m) => m.body.type === 'template')).toHaveLength(1);
    });
  },
  { migrate: true },
);
