import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import type { FieldCipher } from '../../src/security/field-cipher';
import type { Database } from '../../src/store/database';
import { startRuntime, type Runtime } from '../../src/runtime';
import { DEMO_PROFILE_PATH } from './flow-driver';

/** The machine's Redis (CI starts one); tests isolate themselves with a fresh BullMQ prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const freshQueuePrefix = () => `tt${randomBytes(5).toString('hex')}`;

export interface SpineOptions {
  profile?: Profile;
  /** A fixed clock for deadlines. */
  now?: () => Date;
  /** Seals personal data at rest, as the app always does. */
  cipher?: FieldCipher;
}

/** Starts the whole spine on `db` with an in-process channel, as the app does with real channels. */
export async function startSpine(db: Database, prefix = freshQueuePrefix(), options: SpineOptions = {}) {
  const chat = new InProcessChannel(options.now);
  const runtime: Runtime = await startRuntime({
    db,
    redisUrl: TEST_REDIS_URL,
    profile: options.profile ?? loadProfile(DEMO_PROFILE_PATH),
    now: options.now,
    cipher: options.cipher,
    channels: [chat],
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    queuePrefix: prefix,
    recoverIntervalMs: 500,
  });
  return { chat, runtime, prefix };
}

/** The text a person reads in a reply, whatever its kind. */
export const textOf = (m: { kind: string; text?: string }) => m.text ?? '';
