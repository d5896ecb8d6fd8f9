import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FieldCipher } from './field-cipher';

/**
 * The encryption keys: `ENCRYPTION_KEY` (and `ENCRYPTION_KEYS_OLD` after a rotation), or — for the
 * embedded single-machine setup — a key generated once into the data folder, readable by its owner only.
 */
export function loadCipher(options: {
  key?: string;
  oldKeys?: readonly string[];
  dataDir: string;
  warn: (message: string) => void;
}): FieldCipher {
  const old = (options.oldKeys ?? []).map((k) => Buffer.from(k, 'base64'));
  if (options.key) return new FieldCipher(Buffer.from(options.key, 'base64'), old);
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
