import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EncryptedDocumentStore } from '../../src/documents/encrypted-document-store';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { keyId } from '../../src/security/field-cipher';
import { resealDatabase, resealDocuments } from '../../src/ops/reseal';
import { describeEachDatabase } from '../support/databases';
import { keyRing, newKey, pdf, readBack, seedSealedData, type Seeded } from './ops-fixtures';

/**
 * Key rotation: data sealed with key A; ENCRYPTION_KEY becomes B with A in ENCRYPTION_KEYS_OLD; keys:rotate
 * re-seals everything; then A is removed and everything still reads with B alone.
 */
describeEachDatabase(
  'keys:rotate',
  (getDb) => {
    const oldKey = newKey();
    const newKeyBytes = newKey();
    let documentsDir: string;
    let seeded: Seeded;

    beforeAll(async () => {
      documentsDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-rotate-'));
      seeded = await seedSealedData(getDb(), keyRing(oldKey), documentsDir);
    });
    afterAll(() => rmSync(documentsDir, { recursive: true, force: true }));

    it('cannot read the data with the new key alone before the rotation', async () => {
      await expect(
        readBack(
          getDb(),
          keyRing(newKeyBytes),
          documentsDir,
          seeded.documents.map((d) => d.ref),
        ),
      ).rejects.toThrow(`no encryption key ${keyId(oldKey)}: add the old key to ENCRYPTION_KEYS_OLD`);
    });

    it('re-seals every sealed value and document with the new key, and counts them', async () => {
      const ring = keyRing(newKeyBytes, oldKey);
      const said: string[] = [];
      const progress = (line: string) => said.push(line);
      const database = await resealDatabase(getDb(), ring, progress);
      const documents = await resealDocuments(new FsDocumentStore(documentsDir), ring, progress);
      // How far it is, place by place, while it works (at least the start and the end of each).
      expect(said).toEqual([
        'resealing inbound_messages.payload 0/2',
        'resealing inbound_messages.payload 2/2',
        'resealing outbox.payload 0/2',
        'resealing outbox.payload 2/2',
        'resealing documents 0/2',
        'resealing documents 2/2',
      ]);
      expect(database.places).toEqual([
        { place: 'inbound_messages.payload', resealed: 2, current: 0 },
        { place: 'outbox.payload', resealed: 2, current: 0 },
      ]);
      expect([database.resealed, database.unreadable]).toEqual([4, 0]);
      expect([documents.resealed, documents.current, documents.unreadable]).toEqual([2, 0, 0]);
    });

    it('is idempotent: a second run finds everything current', async () => {
      const ring = keyRing(newKeyBytes, oldKey);
      const database = await resealDatabase(getDb(), ring);
      const documents = await resealDocuments(new FsDocumentStore(documentsDir), ring);
      expect([database.resealed, database.current]).toEqual([0, 4]);
      expect([documents.resealed, documents.current]).toEqual([0, 2]);
    });

    it('reads everything with the new key once the old one is removed', async () => {
      const back = await readBack(
        getDb(),
        keyRing(newKeyBytes),
        documentsDir,
        seeded.documents.map((d) => d.ref),
      );
      expect(back).toEqual(seeded);
    });

    it('reports what no configured key opens, and leaves it as it is', async () => {
      const stranger = keyRing(newKey());
      const sealed = stranger.seal('sealed with a key nobody configured');
      await getDb().query(
        `UPDATE outbox SET payload = jsonb_build_object('sealed', $1::text) WHERE id = (SELECT max(id) FROM outbox)`,
        [sealed],
      );
      const report = await resealDatabase(getDb(), keyRing(newKeyBytes, oldKey));
      expect(report.unreadable).toBe(1);
      expect(report.samples[0]).toMatch(
        new RegExp(`^outbox\\.payload #\\d+: no encryption key ${stranger.currentId}: add the old key`),
      );
      const kept = await getDb().query<{ payload: { sealed: string } }>(
        'SELECT payload FROM outbox WHERE id = (SELECT max(id) FROM outbox)',
      );
      expect(kept.rows[0]?.payload.sealed).toBe(sealed);
    });

    it('seals a document stored plain before encryption was on', async () => {
      const ref = 'ab'.padEnd(64, '0');
      mkdirSync(path.join(documentsDir, 'ab'), { recursive: true });
      writeFileSync(path.join(documentsDir, 'ab', ref), pdf('stored before encryption'));
      const report = await resealDocuments(new FsDocumentStore(documentsDir), keyRing(newKeyBytes));
      expect([report.sealedPlain, report.current]).toEqual([1, 2]);
      const store = new EncryptedDocumentStore(new FsDocumentStore(documentsDir), keyRing(newKeyBytes));
      expect((await store.get(ref)).toString()).toContain('stored before encryption');
    });
  },
  { migrate: true },
);
