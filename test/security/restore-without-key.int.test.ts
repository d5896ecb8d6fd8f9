/*
 * Replays issue 17, "restore without the key": a backup sealed with key A is restored onto a machine that
 * does not hold A. Before the fix the app generated a new key (or took the one configured), reported
 * ready, and showed every national ID as empty. Now the start refuses with ERR_KEY_MISSING naming A's id
 * and where to put the key, and writes no new key file; with A among the keys (ENCRYPTION_KEYS_OLD) it
 * starts; a brand-new database still gets a generated key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTawasul } from '../../src/app/start-tawasul';
import { ConfigError } from '../../src/config/config-error';
import { loadProfile } from '../../src/config/load-profile';
import { FieldCipher, keyId } from '../../src/security/field-cipher';
import { PgComplaintRepository } from '../../src/store/complaint-repository';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { TEST_REDIS_URL, freshQueuePrefix, testLogger } from '../support/spine-harness';

const profile = loadProfile(DEMO_PROFILE_PATH);
const keyA = randomBytes(32);
const keyB = randomBytes(32);

describeEachDatabase(
  'a database restored without the key it was sealed with',
  (getDb) => {
    const dirs: string[] = [];
    const dataDir = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-nokey-'));
      dirs.push(dir);
      return dir;
    };
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    const start = (dir: string, encryption: { key?: string; oldKeys?: string[]; lostKeyIds?: string[] }) =>
      startTawasul({
        profile,
        dataDir: dir,
        database: getDb(),
        redisUrl: TEST_REDIS_URL,
        queuePrefix: freshQueuePrefix(),
        encryption,
        logger: testLogger(),
      });

    /** How a start ended: its error, or 'started' (the app stopped again, so a failing run does not hang). */
    const outcome = (started: ReturnType<typeof start>) =>
      started.then(
        async (app) => {
          await app.stop();
          return 'started' as const;
        },
        (error: unknown) => error,
      );

    it('starts on a brand-new database and generates a key as before', async () => {
      const dir = dataDir();
      const app = await start(dir, {});
      await app.stop();
      expect(readFileSync(path.join(dir, 'encryption.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/=]{44}$/);
    });

    it('refuses to start without key A, naming its id and where the key goes', async () => {
      // The restored data: a complaint sealed with key A.
      const sealed = new FieldCipher(keyA).seal('رقم هويتي 1000000008');
      await getDb().transaction((tx) =>
        new PgComplaintRepository().insert(tx, 'CMP', {
          beneficiaryId: null,
          kind: 'complaint',
          categoryId: 'delay',
          description: sealed,
          attachments: [],
          routedTo: 'follow-up-committee',
          channel: 'webchat',
          dueDate: '2026-12-20',
          at: new Date('2026-12-01T10:00:00Z'),
        }),
      );

      // Only key B configured.
      const withB = await outcome(start(dataDir(), { key: keyB.toString('base64') }));
      expect(withB).toBeInstanceOf(ConfigError);
      expect((withB as Error).message).toContain(keyId(keyA));
      expect((withB as Error).message).toMatch(/ENCRYPTION_KEY/);

      // No key at all (the embedded setup): no key is generated for data it could not read.
      const bare = dataDir();
      const none = await outcome(start(bare, {}));
      expect(none).toBeInstanceOf(ConfigError);
      expect((none as Error).message).toContain(keyId(keyA));
      expect((none as Error).message).toContain(path.join(bare, 'encryption.key'));
      expect(existsSync(path.join(bare, 'encryption.key'))).toBe(false);
    });

    it('starts once key A is configured, or given up for good in ENCRYPTION_KEYS_LOST', async () => {
      const withOld = await start(dataDir(), {
        key: keyB.toString('base64'),
        oldKeys: [keyA.toString('base64')],
      });
      await withOld.stop();
      const givenUp = await start(dataDir(), { key: keyB.toString('base64'), lostKeyIds: [keyId(keyA)] });
      await givenUp.stop();
    });
  },
  { migrate: true },
);
