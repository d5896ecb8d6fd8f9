import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EncryptedDocumentStore } from '../../src/documents/encrypted-document-store';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { FieldCipher } from '../../src/security/field-cipher';
import type { Database } from '../../src/store/database';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgOutboxRepository } from '../../src/store/outbox-repository';

export const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export const newKey = () => randomBytes(32);

/** A PDF-looking document, so the store sniffs a real type. */
export const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);

/** What the fixtures wrote, in clear: what a restore or a rotation must give back. */
export interface Seeded {
  inboundTexts: string[];
  outboxTexts: string[];
  documents: { ref: string; bytes: Buffer }[];
}

/**
 * Writes sealed personal data the way the app does: two inbound texts (with an ID number), two outbox
 * messages, two documents, and one plain complaint to show unsealed columns are left alone.
 */
export async function seedSealedData(
  db: Database,
  cipher: FieldCipher,
  documentsDir: string,
): Promise<Seeded> {
  // Texts sealed here as the repository seals them, so the fixture does not depend on how it is wired.
  const conversations = new PgConversationRepository();
  const outbox = new PgOutboxRepository(cipher);
  const inboundTexts = ['رقم هويتي 1012345678', 'my iqama is 2123456789'];
  const outboxTexts = ['شكرًا، رقم طلبك REQ-2026-0001-11', 'Your reference is REQ-2026-0002-22'];
  await db.transaction(async (tx) => {
    const who = await conversations.identify(tx, 'webchat', {
      channelUserId: `visitor-${randomBytes(3).toString('hex')}`,
    });
    for (const [i, text] of inboundTexts.entries()) {
      await conversations.recordInbound(tx, who.conversationId, {
        channel: 'webchat',
        channelMessageId: `m${i}-${randomBytes(3).toString('hex')}`,
        sender: { channelUserId: 'visitor' },
        text: cipher.seal(text),
        media: [],
        receivedAt: new Date('2026-03-01T10:00:00Z'),
      });
    }
    await outbox.add(
      tx,
      outboxTexts.map((text) => ({
        conversationId: who.conversationId,
        channel: 'webchat' as const,
        recipient: 'visitor',
        message: { kind: 'text' as const, text },
      })),
    );
  });
  const store = new EncryptedDocumentStore(new FsDocumentStore(documentsDir), cipher);
  const documents = [];
  for (const text of ['national id card', 'salary certificate']) {
    const bytes = pdf(text);
    documents.push({ ref: (await store.put(bytes, { fileName: `${text}.pdf` })).ref, bytes });
  }
  return { inboundTexts, outboxTexts, documents };
}

/** Reads the sealed data back with `cipher` (throws when a value needs a key it does not have). */
export async function readBack(
  db: Database,
  cipher: FieldCipher,
  documentsDir: string,
  refs: readonly string[],
): Promise<Seeded> {
  const inbound = await db.query<{ payload: { text: string } }>(
    'SELECT payload FROM inbound_messages ORDER BY id',
  );
  const ids = await db.query<{ id: string }>('SELECT id::text AS id FROM outbox ORDER BY id');
  const outbox = new PgOutboxRepository(cipher);
  const outboxTexts: string[] = [];
  for (const { id } of ids.rows) {
    const row = await outbox.get(db, id);
    outboxTexts.push(row?.message.kind === 'text' ? row.message.text : '?');
  }
  const store = new EncryptedDocumentStore(new FsDocumentStore(documentsDir), cipher);
  const documents = [];
  for (const ref of refs) documents.push({ ref, bytes: await store.get(ref) });
  return { inboundTexts: inbound.rows.map((r) => cipher.open(r.payload.text)), outboxTexts, documents };
}

/** A fresh, empty database on the test server, with its URL (the CLI-level functions connect by URL). */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tawasul_ops_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const again = new Client({ connectionString: ADMIN_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export const keyRing = (current: Buffer, ...old: Buffer[]) => new FieldCipher(current, old);
