import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { FieldCipher } from './field-cipher';

/**
 * The encryption keys: `ENCRYPTION_KEY` (and `ENCRYPTION_KEYS_OLD` after a rotation), or — for the
 * embedded single-machine setup — a key generated once into the data folder, readable by its owner only.
 */
export function loadCipher(options: {
  key?: string;
  oldKeys?: readonly string[];
  dataDir: string;
  /** A database server may be shared by several app processes: they must all hold the same key. */
  sharedDatabase?: boolean;
  warn: (message: string) => void;
}): FieldCipher {
  const old = (options.oldKeys ?? []).map((k) => Buffer.from(k, 'base64'));
  if (options.key) return new FieldCipher(Buffer.from(options.key, 'base64'), old);
  if (options.sharedDatabase) {
    throw new ConfigError(
      'ENCRYPTION_KEY is not set: with DATABASE_URL every app process must seal and open data with the same ' +
        'key. Generate one with `openssl rand -base64 32`, put it in ENCRYPTION_KEY for every process, and back it up.',
    );
  }
  const file = path.join(options.dataDir, 'encryption.key');
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    options.warn(
      `generated an encryption key in ${file}: back it up (without it stored ID numbers and documents ` +
        'cannot be read), or set ENCRYPTION_KEY',
    );
  }
  chmodSync(file, 0o600);
  return new FieldCipher(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), old);
}
