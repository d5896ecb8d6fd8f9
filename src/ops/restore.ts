import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../store/database';
import { migrate } from '../store/migrate';
import { openDatabase } from '../store/open-database';
import { PgliteDatabase } from '../store/pglite-database';
import { unpackTarGz } from './archive';
import { BackupManifest, MANIFEST_FILE } from './backup-manifest';
import { OpsError } from './ops-error';
import { countedPhase, type Progress } from './progress';
import { pgRestore } from './pg-tools';
import { PgOutboxRepository } from '../store/outbox-repository';
import { dataTables, dropAllTables, loadRows, rowCounts } from '../store/portable-dump';

export interface RestoreOptions {
  /** The `.tar.gz` written by `createBackup`. */
  archive: string;
  /** Restore into this PostgreSQL server (DATABASE_URL); unset = the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  documentsDir: string;
  /** Ids of the encryption keys configured now; the backup's key must be among them. */
  keyIds: readonly string[];
  /** Replace a database that holds data (it is moved aside on PGlite, dropped on a server). */
  force?: boolean;
  now?: Date;
  /** Told of each phase as it begins, and how far the documents are ("copying documents 120/450"). */
  progress?: Progress;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the restored database is. */
  target: string;
  /** Rows in the restored database, per table. */
  rows: Record<string, number>;
  documents: number;
  /** The embedded data folder that was there before, kept under this name. */
  movedAside?: string;
  /** Outgoing messages that were still to be sent: they must be queued again. */
  unsent: string[];
  warnings: string[];
}

const MIGRATIONS_DIR = path.join(__dirname, '..', 'store', 'migrations');

/**
 * Brings back a backup: checks its manifest and the encryption key first, refuses a database that holds
 * data unless `force`, then restores the database the way it was dumped and copies the documents in.
 * The app must be stopped meanwhile (docs/OPERATIONS.md).
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  if (!existsSync(options.archive)) {
    throw new OpsError(
      'ERR_NO_ARCHIVE',
      `${options.archive} does not exist`,
      'give the path of a backup made by npm run backup',
    );
  }
  const say = options.progress ?? (() => undefined);
  const staging = await mkdtemp(path.join(os.tmpdir(), 'tawasul-restore-'));
  try {
    say(`unpacking ${options.archive}…`);
    await unpackTarGz(options.archive, staging).catch((error: unknown) => {
      throw new OpsError(
        'ERR_BAD_ARCHIVE',
        `${options.archive} is not a readable .tar.gz: ${(error as Error).message}`,
        'give the path of a backup made by npm run backup',
      );
    });
    const manifest = await readManifest(staging, options.archive);
    const warnings = checkKeys(manifest, options.keyIds, options.force === true);
    const { kind } = manifest.database;
    const onServer = Boolean(options.databaseUrl?.trim());
    if (kind === 'pglite' && onServer) {
      throw new OpsError(
        'ERR_RESTORE_TARGET',
        'this backup is an image of the embedded database, and DATABASE_URL points at a server',
        'unset DATABASE_URL to restore the embedded database; to move to a server, back up with --format rows',
      );
    }
    if (kind === 'pg_dump' && !onServer) {
      throw new OpsError(
        'ERR_RESTORE_TARGET',
        'this backup is a pg_dump of a PostgreSQL server, and DATABASE_URL is unset',
        'set DATABASE_URL to the (empty) server database to restore into',
      );
    }
    const needed = manifest.database.migrations;
    const missing = needed.filter((name) => !existsSync(path.join(MIGRATIONS_DIR, name)));
    if (kind === 'rows' && missing.length > 0) {
      throw new OpsError(
        'ERR_RESTORE_VERSION',
        `this backup was made by a newer Tawasul (its schema has ${missing.join(', ')})`,
        'restore it with the version that made it, or a newer one',
      );
    }

    const dump = path.join(staging, manifest.database.path);
    say(`restoring the database (${kind} backup of ${manifest.createdAt})…`);
    const result = onServer
      ? await restoreServer(options, kind, dump, needed)
      : await restoreEmbedded(options, kind, dump, needed);

    const documents = path.join(staging, 'documents');
    await mkdir(options.documentsDir, { recursive: true });
    if (existsSync(documents)) await copyDocuments(documents, options.documentsDir, options.progress);
    return { manifest, ...result, documents: manifest.documents.count, warnings };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Copies the documents folder file by file, saying how far it is. */
async function copyDocuments(from: string, to: string, progress: Progress | undefined): Promise<void> {
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(from, relative), { withFileTypes: true })) {
      const inner = path.join(relative, entry.name);
      if (entry.isDirectory()) await walk(inner);
      else if (entry.isFile()) files.push(inner);
    }
  };
  await walk('');
  const phase = countedPhase(progress, 'copying documents', files.length);
  for (const file of files) {
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(path.join(from, file), path.join(to, file));
    phase.tick();
  }
}

async function readManifest(staging: string, archive: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(staging, MANIFEST_FILE), 'utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = BackupManifest.safeParse(raw);
  if (!parsed.success) {
    throw new OpsError(
      'ERR_BAD_ARCHIVE',
      `${archive} has no valid ${MANIFEST_FILE}: it is not a Tawasul backup, or of a newer format`,
      'give the path of a backup made by npm run backup',
    );
  }
  return parsed.data;
}

/** The backup's data is sealed: without its key, restoring it would bring back data nobody can read. */
function checkKeys(manifest: BackupManifest, configured: readonly string[], force: boolean): string[] {
  const missing = manifest.encryption.keyIds.filter((id) => !configured.includes(id));
  if (missing.length === 0) return [];
  const current = manifest.encryption.currentKeyId;
  if (missing.includes(current) && !force) {
    throw new OpsError(
      'ERR_KEY_MISSING',
      `this backup is sealed with encryption key ${current}, which is not configured here (configured: ${
        configured.join(', ') || 'none'
      })`,
      `set ENCRYPTION_KEY to that key (or add it to ENCRYPTION_KEYS_OLD); see ENCRYPTION-KEY-README.txt in the archive`,
    );
  }
  return [
    `the backup may hold values sealed with key(s) ${missing.join(', ')}, not configured here: add them to ENCRYPTION_KEYS_OLD to read those`,
  ];
}

function refuseInUse(where: string, rows: Record<string, number>): never {
  const used = Object.entries(rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`);
  throw new OpsError(
    'ERR_RESTORE_NOT_EMPTY',
    `${where} already holds data (${used.slice(0, 6).join(', ')}${used.length > 6 ? ', …' : ''})`,
    'restore into an empty database, or add --force to replace it (back it up first: npm run backup)',
  );
}

/** Whether a database holds anything of people: the associations table alone (a migration seeds it) does not count. */
const holdsData = (rows: Record<string, number>) =>
  Object.entries(rows).some(([table, n]) => table !== 'associations' && n > 0);

async function restoreServer(
  options: RestoreOptions,
  kind: BackupManifest['database']['kind'],
  dump: string,
  migrations: readonly string[],
): Promise<Pick<RestoreResult, 'target' | 'rows' | 'unsent'>> {
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const before = await rowCounts(db);
    if (holdsData(before) && !options.force) refuseInUse('the PostgreSQL database in DATABASE_URL', before);
    await dropAllTables(db);
    if (kind === 'pg_dump') await pgRestore(options.databaseUrl!, dump);
    else await loadPortable(db, dump, migrations);
    return { target: 'the PostgreSQL database in DATABASE_URL', ...(await afterLoad(db)) };
  } finally {
    await db.close();
  }
}

async function restoreEmbedded(
  options: RestoreOptions,
  kind: BackupManifest['database']['kind'],
  dump: string,
  migrations: readonly string[],
): Promise<Pick<RestoreResult, 'target' | 'rows' | 'unsent' | 'movedAside'>> {
  const dir = path.join(options.dataDir, 'pglite');
  let movedAside: string | undefined;
  if (existsSync(path.join(dir, 'PG_VERSION'))) {
    const existing = await PgliteDatabase.open({ dataDir: dir });
    let before: Record<string, number>;
    try {
      before = await rowCounts(existing);
    } finally {
      await existing.close();
    }
    if (holdsData(before) && !options.force) refuseInUse(dir, before);
    // Kept, not deleted: --force must not be the only copy of what it replaces.
    movedAside = `${dir}.replaced-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    await rename(dir, movedAside);
  } else if (existsSync(dir)) {
    await rm(dir, { recursive: true, force: true });
  }
  const db =
    kind === 'pglite'
      ? await PgliteDatabase.open({ dataDir: dir, loadDataDir: new Blob([await readFile(dump)]) })
      : await PgliteDatabase.open({ dataDir: dir });
  try {
    if (kind === 'rows') await loadPortable(db, dump, migrations);
    return { target: dir, ...(await afterLoad(db)), ...(movedAside ? { movedAside } : {}) };
  } finally {
    await db.close();
  }
}

/** Schema as the backup had it, then its rows, then the migrations added since. */
async function loadPortable(db: Database, dir: string, migrations: readonly string[]): Promise<void> {
  const subset = await mkdtemp(path.join(os.tmpdir(), 'tawasul-migrations-'));
  try {
    for (const name of migrations) await copyFile(path.join(MIGRATIONS_DIR, name), path.join(subset, name));
    await migrate(db, { dir: subset });
  } finally {
    await rm(subset, { recursive: true, force: true });
  }
  const tables = (await dataTables(db)).filter((table) => existsSync(path.join(dir, `${table}.jsonl`)));
  await loadRows(db, dir, tables);
}

async function afterLoad(db: Database): Promise<Pick<RestoreResult, 'rows' | 'unsent'>> {
  await migrate(db);
  return { rows: await rowCounts(db), unsent: await new PgOutboxRepository().unsentIds(db) };
}
