import { BeneficiaryNotifier } from '../../src/cases/beneficiary-notifier';
import { NOTICE_KEYS } from '../../src/domain/notice-keys';
import { OutboundMessage } from '../../src/domain/outbound-message';
import { placeholderNames } from '../../src/domain/text/placeholders';
import { localeTextSource } from '../../src/i18n/locale-text';
import { createTranslator } from '../../src/i18n/translator';
import { FieldCipher } from '../../src/security/field-cipher';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { describeEachDatabase } from '../support/databases';

const conversations = new PgConversationRepository();
// Sealed, as in production: the notice must come back out of the sealed payload.
const outbox = new PgOutboxRepository(new FieldCipher(Buffer.alloc(32, 7)));
const notifier = new BeneficiaryNotifier({ translator: createTranslator(), outbox, defaultLang: 'ar' });
const text = localeTextSource();

/** A value for every placeholder the key's texts use, one a number, one with a new line. */
function valuesFor(key: string): Record<string, string | number> {
  const names = new Set([
    ...placeholderNames(text('ar', key) ?? ''),
    ...placeholderNames(text('en', key) ?? ''),
  ]);
  return Object.fromEntries([...names].map((name, i) => [name, i === 0 ? 7 : `${name}-value\nline two`]));
}

describeEachDatabase(
  'BeneficiaryNotifier notices',
  (getDb) => {
    const person = (user: string) =>
      getDb().transaction((tx) => conversations.identify(tx, 'inprocess', { channelUserId: user }));
    const written = async (ids: string[]) => {
      expect(ids).toHaveLength(1);
      const row = await outbox.get(getDb(), ids[0]!);
      expect(OutboundMessage.safeParse(row?.message).success).toBe(true);
      return row!.message;
    };

    it('attaches to every notice key its key and values as strings, in Arabic and English', async () => {
      const who = await person('salma');
      for (const lang of ['ar', 'en'] as const) {
        await getDb().query('UPDATE beneficiaries SET preferred_lang = $1 WHERE id = $2', [
          lang,
          who.beneficiaryId,
        ]);
        for (const key of NOTICE_KEYS) {
          const values = valuesFor(key);
          const ids = await getDb().transaction((tx) =>
            notifier.notify(tx, who.beneficiaryId, key, () => values),
          );
          const message = await written(ids);
          const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
          expect([key, lang, message]).toEqual([
            key,
            lang,
            { kind: 'text', text: expect.not.stringContaining('{{'), notice: { key, params, lang } },
          ]);
          if (message.kind === 'text') expect(message.text).not.toBe(key);
        }
      }
    });

    it('attaches the notice on every channel told elsewhere, and to a reminder in one conversation', async () => {
      const who = await person('maha');
      const ids = await getDb().transaction((tx) =>
        notifier.notifyElsewhere(tx, who.beneficiaryId, '0', 'myData.link.notice', { channel: 'Telegram' }),
      );
      expect(await written(ids)).toMatchObject({
        notice: { key: 'myData.link.notice', params: { channel: 'Telegram' } },
      });
      const reminder = await getDb().transaction((tx) =>
        notifier.tellConversation(tx, who.conversationId, 'engine.draftReminder'),
      );
      expect(await written(reminder)).toMatchObject({ notice: { key: 'engine.draftReminder', params: {} } });
    });

    it('refuses a key without a template slot, before writing anything', async () => {
      const who = await person('reem');
      const count = async () =>
        Number((await getDb().query<{ n: string }>('SELECT count(*)::text AS n FROM outbox')).rows[0]!.n);
      const before = await count();
      await expect(
        getDb().transaction((tx) =>
          notifier.notify(tx, who.beneficiaryId, 'notify.request.submitted', { ref: 'x' }),
        ),
      ).rejects.toThrow(/"notify\.request\.submitted" is not a notice key: add it to NOTICE_KEYS/);
      await expect(
        getDb().transaction((tx) => notifier.tellConversation(tx, who.conversationId, 'engine.expired')),
      ).rejects.toThrow(/NOTICE_KEYS/);
      expect(await count()).toBe(before);
    });
  },
  { migrate: true },
);
