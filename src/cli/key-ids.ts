import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/env';
import { keyId } from '../security/field-cipher';

/**
 * Ids of the encryption keys this environment configures, the current one first: ENCRYPTION_KEY (or the
 * generated DATA_DIR/encryption.key), then ENCRYPTION_KEYS_OLD. Never generates a key.
 */
export function configuredKeyIds(env: Env): string[] {
  const file = path.join(env.DATA_DIR, 'encryption.key');
  const current = env.ENCRYPTION_KEY ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  return [current, ...(env.ENCRYPTION_KEYS_OLD ?? [])]
    .filter((key): key is string => Boolean(key))
    .map((key) => keyId(Buffer.from(key, 'base64')));
}
