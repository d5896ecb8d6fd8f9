import { PgConsentRepository } from '../../src/store/consent-repository';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgFactsRepository } from '../../src/store/facts-repository';
import { describeEachDatabase } from '../support/databases';

const consents = new PgConsentRepository();
const facts = new PgFactsRepository(consents);
const conversations = new PgConversationRepository();

describeEachDatabase(
  'PgFactsRepository.loadMany',
  (getDb) => {
    it('reads the facts of a batch of people in one statement, each as `load` reads them alone', async () => {
      const db = getDb();
      const people = await db.transaction(async (tx) => {
        const huda = await conversations.identify(tx, 'inprocess', {
          channelUserId: 'huda',
          phone: '966500000001',
        });
        const omar = await conversations.identify(tx, 'webchat', { channelUserId: 'omar' });
        await consents.record(tx, {
          beneficiaryId: huda.beneficiaryId,
          purpose: 'service',
          version: 'v1',
          granted: true,
          channel: 'inprocess',
        });
        await consents.record(tx, {
          beneficiaryId: huda.beneficiaryId,
          purpose: 'survey',
          version: 'v1',
          granted: false,
          channel: 'inprocess',
        });
        await consents.record(tx, {
          beneficiaryId: omar.beneficiaryId,
          purpose: 'service',
          version: 'v2',
          granted: true,
          channel: 'webchat',
        });
        await tx.query(`UPDATE beneficiaries SET full_name = 'Omar' WHERE id = $1`, [omar.beneficiaryId]);
        return [huda.beneficiaryId, omar.beneficiaryId];
      });

      const many = await db.transaction((tx) => facts.loadMany(tx, people));
      const alone = await db.transaction(async (tx) => [
        await facts.load(tx, people[0]!),
        await facts.load(tx, people[1]!),
      ]);

      expect([many.get(people[0]!), many.get(people[1]!)]).toEqual(alone);
      expect(many.get(people[0]!)).toMatchObject({
        consents: { service: 'v1' },
        held: { channels: ['inprocess'] },
      });
      expect(many.get(people[1]!)).toMatchObject({
        consents: { service: 'v2' },
        contact: { fullName: 'Omar' },
      });
      expect(many.size).toBe(2);
    });
  },
  { migrate: true },
);
