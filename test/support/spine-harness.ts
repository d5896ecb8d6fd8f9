import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startTawasul, type Tawasul, type TawasulOptions } from '../../src/app/start-tawasul';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import type { Profile } from '../../src/config/profile-schema';
import type { FieldCipher } from '../../src/security/field-cipher';
import type { Database } from '../../src/store/database';
import { DEMO_PROFILE_PATH } from './flow-driver';

/** The machine's Redis (CI starts one); tests isolate themselves with a fresh BullMQ prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const freshQueuePrefix = () => `tt${randomBytes(5).toString('hex')}`;

/** A logger for tests: silent unless TEST_LOG_LEVEL says otherwise. */
export const testLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface SpineOptions {
  profile?: Profile;
  /** A fixed clock for deadlines. */
  now?: () => Date;
  /** Seals personal data at rest, as the app always does; without it rows are stored plain. */
  cipher?: FieldCipher;
}

/**
 * Tawasul on a test's database and the machine's Redis (a fresh queue prefix), as an embedder starts it:
 * `startTawasul` with the data folder in a fresh temporary folder (removed by `stop`) and recovery passes
 * every 500 ms. `overrides` set any other option (channels, HTTP, the staff bot…).
 */
export async function startTestTawasul(
  db: Database,
  overrides: Partial<TawasulOptions> = {},
): Promise<Tawasul> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-test-'));
  try {
    const tawasul = await startTawasul({
      profile: DEMO_PROFILE_PATH,
      dataDir,
      database: db,
      redisUrl: TEST_REDIS_URL,
      queuePrefix: freshQueuePrefix(),
      encryption: 'off',
      logger: testLogger(),
      ...overrides,
      tuning: { recoverIntervalMs: 500, ...overrides.tuning },
    });
    return {
      ...tawasul,
      async stop() {
        await tawasul.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Starts the whole spine on `db` with an in-process channel, as the app does with real channels. */
export async function startSpine(db: Database, prefix = freshQueuePrefix(), options: SpineOptions = {}) {
  const runtime = await startTestTawasul(db, {
    queuePrefix: prefix,
    channels: { inprocess: true },
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.cipher ? { encryption: options.cipher } : {}),
  });
  const chat: InProcessChannel = runtime.channels.inprocess!;
  return { chat, runtime, prefix };
}

/** The text a person reads in a reply, whatever its kind. */
export const textOf = (m: { kind: string; text?: string }) => m.text ?? '';
