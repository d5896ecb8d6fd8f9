/**
 * Where a durable message's database time goes (issue 22): each statement of the spine's batched path
 * run alone, over 1,000 people in batches of 32 as the saturated workload forms them, with the server's
 * CPU (its backends' time from /proc) and this process's CPU per message for each. The sum is what one
 * message costs the database at best with today's rows and indexes; the durable workload's figure
 * should sit near it.
 *
 * `npx tsx bench/statement-costs.ts [postgres|pglite]` (postgres by default). Environment: BENCH_USERS,
 * TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { InboundMessage } from '../src/domain/inbound-message';
import type { ConversationSnapshot } from '../src/engine/flow';
import { FieldCipher } from '../src/security/field-cipher';
import { PgConsentRepository } from '../src/store/consent-repository';
import { PgConversationRepository } from '../src/store/conversation-repository';
import { PgFactsRepository } from '../src/store/facts-repository';
import { PgOutboxRepository } from '../src/store/outbox-repository';
import { createTestDatabase, type Backend } from '../test/support/databases';
import { round } from './support/measure';
import { serverCpuBetween, serverCpuMs } from './support/server-cpu';
import { envInt, QUICK, runAsMain, type Figure, type WorkloadResult } from './support/workload-result';

const BATCH = 32;

/** A form half filled in, sealed as the spine stores it: the size a snapshot has mid-form. */
const snapshot = (n: number): ConversationSnapshot => ({
  v: 1,
  lang: 'ar',
  flowId: 'service-request',
  flowVersion: 1,
  state: 'field',
  context: {
    serviceId: 'food-basket',
    fields: { 'full-name': `مستفيد رقم ${n}`, 'national-id': '1012345678' },
  },
  choices: [],
  updatedAt: new Date().toISOString(),
});

export async function runStatementCosts(backend: Backend, users: number): Promise<WorkloadResult> {
  const database = await createTestDatabase(backend, { migrate: true });
  const db = database.db;
  const cipher = new FieldCipher(randomBytes(32));
  const conversations = new PgConversationRepository(cipher);
  const outbox = new PgOutboxRepository(cipher);
  const facts = new PgFactsRepository(new PgConsentRepository());
  try {
    const people: { conversationId: string; beneficiaryId: string; user: string }[] = [];
    for (let i = 0; i < users; i++) {
      const user = `cost-${i}`;
      const who = await db.transaction((tx) =>
        conversations.identify(tx, 'inprocess', { channelUserId: user }),
      );
      await db.transaction((tx) => conversations.saveSnapshot(tx, who.conversationId, snapshot(i)));
      people.push({ ...who, user });
    }
    const batches = Array.from({ length: Math.ceil(users / BATCH) }, (_, i) =>
      people.slice(i * BATCH, (i + 1) * BATCH),
    );
    const figures: Figure[] = [];
    let pass = 0;
    let inboundIds = new Map<string, string>();
    let outboxIds: string[] = [];

    const phase = async (name: string, run: (batch: typeof people) => Promise<void>) => {
      const server = await serverCpuMs(db);
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (const batch of batches) await run(batch);
      const wall = performance.now() - started;
      const app = process.cpuUsage(cpu);
      const serverMs = serverCpuBetween(server, await serverCpuMs(db));
      figures.push({
        name,
        value: `${serverMs === undefined ? '–' : round(serverMs / users, 3)} / ${round((app.user + app.system) / 1000 / users, 3)} / ${round(wall / users, 3)}`,
        unit: 'ms (server / app / wall)',
      });
    };

    // Three rounds, as three messages of each person; the figures are the last round's (warm caches).
    for (pass = 0; pass < 3; pass++) {
      figures.length = 0;
      const n = pass;
      await phase('inbound insert (recordInboundManyIfKnown)', async (batch) => {
        const recorded = await conversations.recordInboundManyIfKnown(
          db,
          batch.map((p) =>
            InboundMessage.parse({
              channel: 'inprocess',
              channelMessageId: `${p.user}-${n}`,
              sender: { channelUserId: p.user },
              text: 'أحمد بن محمد',
              receivedAt: new Date(),
            }),
          ),
        );
        recorded.forEach((r, i) => inboundIds.set(batch[i]!.conversationId, r!.inboundId!));
      });
      await phase('lock + pending (lockMany, nextPendingMany)', (batch) =>
        db.transaction(async (tx) => {
          const ids = batch.map((p) => p.conversationId);
          await conversations.lockMany(tx, ids);
          await conversations.nextPendingMany(tx, ids);
        }),
      );
      await phase('facts (loadMany)', (batch) =>
        db.transaction(
          async (tx) =>
            void (await facts.loadMany(
              tx,
              batch.map((p) => p.beneficiaryId),
            )),
        ),
      );
      const written: string[] = [];
      await phase('outbox insert (add)', (batch) =>
        db.transaction(async (tx) => {
          written.push(
            ...(await outbox.add(
              tx,
              batch.map((p) => ({
                conversationId: p.conversationId,
                channel: 'inprocess' as const,
                recipient: p.user,
                inboundId: inboundIds.get(p.conversationId),
                message: { kind: 'text' as const, text: 'ما رقم هويتك الوطنية؟ اكتبه بعشرة أرقام.' },
              })),
            )),
          );
        }),
      );
      outboxIds = written;
      await phase('snapshots + processed (finishSteps)', (batch) =>
        db.transaction((tx) =>
          conversations.finishSteps(
            tx,
            batch.map((p, i) => ({
              conversationId: p.conversationId,
              snapshot: snapshot(i),
              inboundId: inboundIds.get(p.conversationId)!,
              outcome: 'processed' as const,
              flowId: 'service-request',
            })),
          ),
        ),
      );
      let offset = 0;
      await phase('ready to send (readyInOrder)', async (batch) => {
        await outbox.readyInOrder(db, outboxIds.slice(offset, offset + batch.length), ['inprocess']);
        offset += batch.length;
      });
      offset = 0;
      await phase('sent marks (markSentMany)', async (batch) => {
        await outbox.markSentMany(
          db,
          outboxIds
            .slice(offset, offset + batch.length)
            .map((id) => ({ id, platformMessageId: `outbox-${id}` })),
        );
        offset += batch.length;
      });
      await phase('empty transaction (BEGIN; COMMIT)', (batch) => db.transaction(async () => void batch));
      inboundIds = new Map();
    }
    return {
      workload: '2b statement costs',
      variant: `${backend}, ${users} people, batches of ${BATCH}`,
      figures,
      verified: true,
      problems: [],
      parameters: { backend, users, batch: BATCH },
    };
  } finally {
    await database.dispose();
  }
}

if (require.main === module) {
  const backend = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  runAsMain(async () => [await runStatementCosts(backend, envInt('BENCH_USERS', QUICK ? 200 : 1000))]);
}
