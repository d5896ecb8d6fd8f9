/**
 * `npm run keys:rotate`: after ENCRYPTION_KEY was set to a new key and the old one moved into
 * ENCRYPTION_KEYS_OLD (and the app restarted with them), re-seals every sealed value in the database and
 * every document with the new key. Idempotent: run it again and it finds nothing left to do. When it
 * reports nothing unreadable, the old key can leave ENCRYPTION_KEYS_OLD (docs/OPERATIONS.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FsDocumentStore } from '../documents/fs-document-store';
import { keyId } from '../security/field-cipher';
import { loadCipher } from '../security/load-cipher';
import { OpsError } from '../ops/ops-error';
import { resealDatabase, resealDocuments, type ResealReport } from '../ops/reseal';
import { openDatabase } from '../store/open-database';
import { cliProgress, runCommand } from './cli-support';

runCommand({ name: 'keys:rotate', usage: 'npm run keys:rotate', options: {} }, async ({ env }) => {
  const keyFile = path.join(env.DATA_DIR, 'encryption.key');
  if (!env.ENCRYPTION_KEY && !existsSync(keyFile)) {
    throw new OpsError(
      'ERR_NO_KEY',
      `no encryption key: ENCRYPTION_KEY is unset and ${keyFile} does not exist`,
      'set ENCRYPTION_KEY to the new key (openssl rand -base64 32) and ENCRYPTION_KEYS_OLD to the old one',
    );
  }
  const cipher = loadCipher({
    key: env.ENCRYPTION_KEY,
    oldKeys: env.ENCRYPTION_KEYS_OLD,
    dataDir: env.DATA_DIR,
    warn: (message) => console.warn(`keys:rotate: ${message}`),
  });
  const old = (env.ENCRYPTION_KEYS_OLD ?? []).map((key) => keyId(Buffer.from(key, 'base64')));
  console.log(
    `keys:rotate: current key ${cipher.currentId}; old keys: ${old.length > 0 ? old.join(', ') : 'none'}`,
  );
  if (old.length === 0) {
    console.log(
      'keys:rotate: ENCRYPTION_KEYS_OLD is empty: only values already sealed with the current key can be read',
    );
  }

  const progress = cliProgress('keys:rotate');
  progress(
    env.DATABASE_URL ? 'connecting to PostgreSQL…' : `opening the embedded database in ${env.DATA_DIR}…`,
  );
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  let database: ResealReport;
  try {
    database = await resealDatabase(db, cipher, progress);
  } finally {
    await db.close();
  }
  for (const place of database.places) {
    console.log(`keys:rotate: ${place.place}: ${place.resealed} re-sealed, ${place.current} already current`);
  }
  const documentsDir = path.join(env.DATA_DIR, 'documents');
  const documents = await resealDocuments(new FsDocumentStore(documentsDir), cipher, progress);
  console.log(
    `keys:rotate: documents (${documentsDir}): ${documents.resealed} re-sealed, ${documents.current} already current` +
      (documents.sealedPlain > 0 ? `, ${documents.sealedPlain} stored plain and now sealed` : ''),
  );
  console.log(
    `keys:rotate: total: ${database.resealed + documents.resealed} re-sealed, ` +
      `${database.current + documents.current} already current`,
  );

  const unreadable = database.unreadable + documents.unreadable;
  if (unreadable > 0) {
    for (const sample of [...database.samples, ...documents.samples])
      console.error(`  unreadable: ${sample}`);
    throw new OpsError(
      'ERR_KEY_MISSING',
      `${unreadable} value(s) or document(s) could not be opened with any configured key and were left as they are`,
      'add the key that sealed them to ENCRYPTION_KEYS_OLD and run keys:rotate again; remove no old key until it reports none',
    );
  }
  console.log(
    `keys:rotate: everything is sealed with key ${cipher.currentId}: the old keys may leave ENCRYPTION_KEYS_OLD ` +
      '(keep them with the backups made before today, which they still open)',
  );
});
