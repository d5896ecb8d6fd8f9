import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackup } from '../../src/ops/backup';
import { restoreBackup } from '../../src/ops/restore';
import { OpsError } from '../../src/ops/ops-error';
import { rowCounts } from '../../src/store/portable-dump';
import type { Database } from '../../src/store/database';
import { migrate } from '../../src/store/migrate';
import { PgliteDatabase } from '../../src/store/pglite-database';
import { PostgresDatabase } from '../../src/store/postgres-database';
import { createTestDatabase, selectedBackends } from '../support/databases';
import { createServerDatabase, keyRing, newKey, readBack, seedSealedData, type Seeded } from './ops-fixtures';

/**
 * Backup → restore round trips with sealed data and documents: the embedded image, pg_dump, and the
 * portable dump across backends (an embedded installation moving to a server and back).
 */
const key = newKey();
const cipher = keyRing(key);
const keyIds = [cipher.currentId];
const TIMEOUT = 180_000;
const backends = selectedBackends();
const onServer = backends.includes('postgres') ? describe : describe.skip;
const onPglite = backends.includes('pglite') ? describe : describe.skip;

interface Source {
  db: Database;
  url?: string;
  documentsDir: string;
  seeded: Seeded;
  rows: Record<string, number>;
  dispose(): Promise<void>;
}

const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tawasul-${name}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function source(kind: 'pglite' | 'postgres'): Promise<Source> {
  const documentsDir = path.join(tempDir('source'), 'documents');
  if (kind === 'pglite') {
    const test = await createTestDatabase('pglite', { migrate: true });
    const seeded = await seedSealedData(test.db, cipher, documentsDir);
    return {
      db: test.db,
      documentsDir,
      seeded,
      rows: await rowCounts(test.db),
      dispose: () => test.dispose(),
    };
  }
  const server = await createServerDatabase();
  const db = await PostgresDatabase.connect({ connectionString: server.url });
  await migrate(db);
  const seeded = await seedSealedData(db, cipher, documentsDir);
  return {
    db,
    url: server.url,
    documentsDir,
    seeded,
    rows: await rowCounts(db),
    dispose: async () => {
      await db.close();
      await server.drop();
    },
  };
}

/** Restores `archive` into the embedded database of a new DATA_DIR; checks rows, texts and documents. */
async function restoreIntoPglite(archive: string, from: Source) {
  const dataDir = tempDir('restored');
  const documentsDir = path.join(dataDir, 'documents');
  const result = await restoreBackup({ archive, dataDir, documentsDir, keyIds });
  expect(result.rows).toEqual(from.rows);
  expect(result.unsent).toHaveLength(2);
  const db = await PgliteDatabase.open({ dataDir: path.join(dataDir, 'pglite') });
  try {
    const refs = from.seeded.documents.map((d) => d.ref);
    expect(await readBack(db, cipher, documentsDir, refs)).toEqual(from.seeded);
  } finally {
    await db.close();
  }
  return { dataDir, documentsDir };
}

/** Restores `archive` into a new server database; checks rows, texts and documents. */
async function restoreIntoServer(archive: string, from: Source) {
  const target = await createServerDatabase();
  const dataDir = tempDir('restored');
  const documentsDir = path.join(dataDir, 'documents');
  const result = await restoreBackup({ archive, databaseUrl: target.url, dataDir, documentsDir, keyIds });
  expect(result.rows).toEqual(from.rows);
  const db = await PostgresDatabase.connect({ connectionString: target.url });
  try {
    const refs = from.seeded.documents.map((d) => d.ref);
    expect(await readBack(db, cipher, documentsDir, refs)).toEqual(from.seeded);
    // The serial counters moved past the restored rows: a new row gets a new id.
    const next = await db.query<{ id: number }>(
      `INSERT INTO events (actor, subject_type, subject_id, type) VALUES ('system:test', 'x', 'x', 'x') RETURNING id`,
    );
    expect(next.rows[0]!.id).toBeGreaterThan(from.rows.events ?? 0);
  } finally {
    await db.close();
  }
  return { target, dataDir, documentsDir };
}

onPglite('backup and restore of the embedded database', () => {
  let from: Source;
  let archive: string;
  beforeAll(async () => {
    from = await source('pglite');
    archive = path.join(tempDir('archive'), 'backup.tar.gz');
  }, TIMEOUT);
  afterAll(() => from?.dispose());

  it(
    'round-trips the data folder image and the sealed documents',
    async () => {
      const said: string[] = [];
      const result = await createBackup({
        db: from.db,
        documentsDir: from.documentsDir,
        keyIds,
        out: archive,
        progress: (line) => said.push(line),
      });
      // Each phase is announced as it begins, not only summed up at the end.
      expect(said).toEqual([
        'dumping the database (pglite)…',
        expect.stringMatching(/^packing the database and 2 document\(s\) \([\d.]+ MB\) into the archive…$/),
      ]);
      expect(result.manifest.database).toMatchObject({ kind: 'pglite', source: 'pglite', rows: from.rows });
      expect(result.manifest.documents.count).toBe(2);
      expect(result.manifest.encryption).toEqual({ currentKeyId: cipher.currentId, keyIds });
      expect(existsSync(`${archive}.partial`)).toBe(false);
      const { dataDir, documentsDir } = await restoreIntoPglite(archive, from);

      // The data folder now holds data: a second restore is refused, and --force keeps the old folder aside.
      const again = restoreBackup({ archive, dataDir, documentsDir, keyIds });
      await expect(again).rejects.toThrow(OpsError);
      await expect(again).rejects.toMatchObject({
        code: 'ERR_RESTORE_NOT_EMPTY',
        fix: 'restore into an empty database, or add --force to replace it (back it up first: npm run backup)',
      });
      said.length = 0;
      const forced = await restoreBackup({
        archive,
        dataDir,
        documentsDir,
        keyIds,
        force: true,
        progress: (line) => said.push(line),
      });
      expect(said).toEqual([
        `unpacking ${archive}…`,
        `restoring the database (pglite backup of ${result.manifest.createdAt})…`,
        'copying documents 0/2',
        'copying documents 2/2',
      ]);
      expect(forced.movedAside).toMatch(/pglite\.replaced-/);
      expect(existsSync(path.join(forced.movedAside!, 'PG_VERSION'))).toBe(true);
    },
    TIMEOUT,
  );

  it('refuses a backup whose encryption key is not configured, naming the key', async () => {
    await expect(
      restoreBackup({
        archive,
        dataDir: tempDir('nokey'),
        documentsDir: tempDir('nokey-docs'),
        keyIds: ['0badc0de'],
      }),
    ).rejects.toMatchObject({
      code: 'ERR_KEY_MISSING',
      message: `this backup is sealed with encryption key ${cipher.currentId}, which is not configured here (configured: 0badc0de)`,
    });
  });

  it('keeps the key out of the archive and says so', async () => {
    const unpacked = tempDir('unpacked');
    const { unpackTarGz } = await import('../../src/ops/archive');
    await unpackTarGz(archive, unpacked);
    const reminder = readFileSync(path.join(unpacked, 'ENCRYPTION-KEY-README.txt'), 'utf8');
    expect(reminder).toContain(`THE ENCRYPTION KEY IS NOT IN THIS BACKUP`);
    expect(reminder).toContain(`the key whose id is ${cipher.currentId}`);
    const everything = readFileSync(archive);
    expect(everything.includes(key)).toBe(false);
    expect(everything.includes(Buffer.from(key.toString('base64')))).toBe(false);
  });
});

onServer('backup and restore of a PostgreSQL server', () => {
  let from: Source;
  beforeAll(async () => {
    from = await source('postgres');
  }, TIMEOUT);
  afterAll(() => from?.dispose());

  it(
    'round-trips through pg_dump and pg_restore, and refuses a database in use without --force',
    async () => {
      const archive = path.join(tempDir('archive'), 'pg.tar.gz');
      const result = await createBackup({
        db: from.db,
        databaseUrl: from.url,
        documentsDir: from.documentsDir,
        keyIds,
        out: archive,
      });
      expect(result.manifest.database.kind).toBe('pg_dump');
      const { target, dataDir, documentsDir } = await restoreIntoServer(archive, from);
      try {
        await expect(
          restoreBackup({ archive, databaseUrl: target.url, dataDir, documentsDir, keyIds }),
        ).rejects.toMatchObject({ code: 'ERR_RESTORE_NOT_EMPTY' });
        const forced = await restoreBackup({
          archive,
          databaseUrl: target.url,
          dataDir,
          documentsDir,
          keyIds,
          force: true,
        });
        expect(forced.rows).toEqual(from.rows);
      } finally {
        await target.drop();
      }
    },
    TIMEOUT,
  );

  it(
    'moves a server to the embedded database with the portable dump',
    async () => {
      const archive = path.join(tempDir('archive'), 'rows.tar.gz');
      const result = await createBackup({
        db: from.db,
        databaseUrl: from.url,
        documentsDir: from.documentsDir,
        keyIds,
        out: archive,
        format: 'rows',
      });
      expect(result.manifest.database).toMatchObject({ kind: 'rows', rows: from.rows });
      await restoreIntoPglite(archive, from);
    },
    TIMEOUT,
  );
});

(backends.length === 2 ? describe : describe.skip)('moving the embedded database to a server', () => {
  it(
    'restores a portable dump of PGlite into PostgreSQL',
    async () => {
      const from = await source('pglite');
      try {
        const archive = path.join(tempDir('archive'), 'move.tar.gz');
        await createBackup({
          db: from.db,
          documentsDir: from.documentsDir,
          keyIds,
          out: archive,
          format: 'rows',
        });
        const { target } = await restoreIntoServer(archive, from);
        await target.drop();
      } finally {
        await from.dispose();
      }
    },
    TIMEOUT,
  );

  it(
    'refuses to put an embedded image on a server, and says how to move instead',
    async () => {
      const from = await source('pglite');
      const archive = path.join(tempDir('archive'), 'image.tar.gz');
      try {
        await createBackup({ db: from.db, documentsDir: from.documentsDir, keyIds, out: archive });
      } finally {
        await from.dispose();
      }
      await expect(
        restoreBackup({
          archive,
          databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
          dataDir: tempDir('x'),
          documentsDir: tempDir('y'),
          keyIds,
        }),
      ).rejects.toMatchObject({
        code: 'ERR_RESTORE_TARGET',
        fix: 'unset DATABASE_URL to restore the embedded database; to move to a server, back up with --format rows',
      });
    },
    TIMEOUT,
  );
});
