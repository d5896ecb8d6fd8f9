import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { FieldCipher } from './field-cipher';

/**
 * The encryption keys: `ENCRYPTION_KEY` (and `ENCRYPTION_KEYS_OLD` after a rotation), or — for the
 * embedded single-machine setup — a key generated once into the data folder, readable by its owner only.
 *
 * `sealedKeyIds` are the keys the database's sealed values name (PgSealedValuesRepository.keyIdsIn): a
 * key among them that is not configured stops the start (a database restored without its key would
 * otherwise run and show its ID numbers as empty), and no key is generated for a database that holds
 * sealed values. `lostKeyIds` (ENCRYPTION_KEYS_LOST) are keys the operator has given up: their values
 * read as empty.
 */
export function loadCipher(options: {
  key?: string;
  oldKeys?: readonly string[];
  dataDir: string;
  /** A database server may be shared by several app processes: they must all hold the same key. */
  sharedDatabase?: boolean;
  sealedKeyIds?: readonly string[];
  lostKeyIds?: readonly string[];
  warn: (message: string) => void;
}): FieldCipher {
  const needed = (options.sealedKeyIds ?? []).filter((id) => !(options.lostKeyIds ?? []).includes(id));
  const file = path.join(options.dataDir, 'encryption.key');
  const old = (options.oldKeys ?? []).map((k) => Buffer.from(k, 'base64'));
  if (options.key) return checked(new FieldCipher(Buffer.from(options.key, 'base64'), old), needed, file);
  if (options.sharedDatabase) {
    throw new ConfigError(
      'ENCRYPTION_KEY is not set: with DATABASE_URL every app process must seal and open data with the same ' +
        'key. Generate one with `openssl rand -base64 32`, put it in ENCRYPTION_KEY for every process, and back it up.',
    );
  }
  if (!existsSync(file)) {
    if (needed.length > 0) throw keysMissing(needed, [], file);
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    options.warn(
      `generated an encryption key in ${file}: back it up (without it stored ID numbers and documents ` +
        'cannot be read), or set ENCRYPTION_KEY',
    );
  }
  chmodSync(file, 0o600);
  return checked(
    new FieldCipher(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), old),
    needed,
    file,
  );
}

function checked(cipher: FieldCipher, needed: readonly string[], file: string): FieldCipher {
  const missing = needed.filter((id) => !cipher.keyIds.includes(id));
  if (missing.length > 0) throw keysMissing(missing, cipher.keyIds, file);
  return cipher;
}

function keysMissing(missing: readonly string[], configured: readonly string[], file: string): ConfigError {
  const s = missing.length > 1 ? 's' : '';
  return new ConfigError(
    `ERR_KEY_MISSING: the database holds personal data sealed with encryption key${s} ${missing.join(', ')}, ` +
      (configured.length > 0
        ? `not among the keys configured (${configured.join(', ')}). `
        : 'but no key is configured. ') +
      `Set ENCRYPTION_KEY to the key the data was sealed with (the one backed up with the database; a backup's ` +
      `ENCRYPTION-KEY-README.txt names its id), or add it to ENCRYPTION_KEYS_OLD after a rotation; the embedded ` +
      `setup may instead keep it in ${file}. A key's id: printf %s "$KEY" | base64 -d | sha256sum | cut -c1-8. ` +
      `Only if the key is lost for good, list its id in ENCRYPTION_KEYS_LOST: what it sealed then reads as empty.`,
  );
}
