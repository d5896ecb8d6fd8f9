import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../store/database';
import { PgliteDatabase } from '../store/pglite-database';
import { packTarGz } from './archive';
import { BackupManifest, KEY_REMINDER_FILE, MANIFEST_FILE, type DumpKind } from './backup-manifest';
import { OpsError } from './ops-error';
import type { Progress } from './progress';
import { clientMajor, pgDump } from './pg-tools';
import { dumpRows, rowCounts } from '../store/portable-dump';
import { appliedMigrations, serverMajorVersion } from '../store/schema-info';
import { PRIVATE_FILE_MODE } from '../security/private-files';

export interface BackupOptions {
  db: Database;
  /** The server's URL, for pg_dump (DATABASE_URL). */
  databaseUrl?: string;
  /** The documents folder (DATA_DIR/documents). */
  documentsDir: string;
  /** Ids of the encryption keys configured now (`keyId`), the current one first. */
  keyIds: readonly string[];
  /** The `.tar.gz` to write; written aside and renamed, so a failed backup leaves no half archive. */
  out: string;
  /** `auto`: the PGlite image for the embedded database; pg_dump for a server when a recent enough one is installed, else rows. */
  format?: 'auto' | DumpKind;
  now?: Date;
  /** Told of each phase as it begins ("dumping the database…"). */
  progress?: Progress;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  /** Why the dump is not the one `auto` prefers (no pg_dump, or an older one than the server). */
  note?: string;
}

/**
 * One `.tar.gz` with everything needed to bring Tawasul back: `manifest.json`, the database (as
 * `database/`), the documents folder as it is on disk (still sealed), and a reminder about the encryption
 * key, which is never in the archive. See docs/OPERATIONS.md.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { db } = options;
  const say = options.progress ?? (() => undefined);
  const staging = await mkdtemp(path.join(os.tmpdir(), 'tawasul-backup-'));
  try {
    const migrations = await appliedMigrations(db);
    if (migrations.length === 0) {
      throw new OpsError(
        'ERR_BACKUP_EMPTY',
        'the database has no Tawasul schema: nothing to back up',
        'check DATABASE_URL / DATA_DIR point at the installation to back up (npm run migrate creates the schema)',
      );
    }
    const major = await serverMajorVersion(db);
    const { kind, note } = await chooseKind(db, options.format ?? 'auto', major);
    await mkdir(path.join(staging, 'database'));
    say(`dumping the database (${kind === 'rows' ? 'every row, table by table' : kind})…`);
    let rows: Record<string, number>;
    let dumpPath: string;
    switch (kind) {
      case 'pglite': {
        if (!(db instanceof PgliteDatabase)) throw new Error('a PGlite image needs the embedded database');
        dumpPath = 'database/pglite-datadir.tar';
        rows = await rowCounts(db);
        const image = await db.dumpDataDir();
        await writeFile(path.join(staging, dumpPath), Buffer.from(await image.arrayBuffer()));
        break;
      }
      case 'pg_dump': {
        dumpPath = 'database/postgres.dump';
        rows = await rowCounts(db);
        await pgDump(options.databaseUrl!, path.join(staging, dumpPath));
        break;
      }
      case 'rows': {
        dumpPath = 'database/rows';
        await mkdir(path.join(staging, dumpPath));
        rows = await dumpRows(db, path.join(staging, dumpPath));
        break;
      }
    }

    // The documents are linked, not copied: tar follows the link and streams them into the archive.
    const documents = await folderSize(options.documentsDir);
    say(
      `packing the database and ${documents.count} document(s) (${megabytes(documents.bytes)}) into the archive…`,
    );
    if (existsSync(options.documentsDir)) {
      await symlink(path.resolve(options.documentsDir), path.join(staging, 'documents'), 'dir');
    } else {
      await mkdir(path.join(staging, 'documents'));
    }

    const manifest = BackupManifest.parse({
      format: 'tawasul-backup',
      version: 1,
      createdAt: (options.now ?? new Date()).toISOString(),
      database: { kind, path: dumpPath, source: db.kind, serverMajor: major, migrations, rows },
      documents,
      encryption: { currentKeyId: options.keyIds[0] ?? 'none', keyIds: [...options.keyIds] },
    });
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(path.join(staging, KEY_REMINDER_FILE), keyReminder(manifest));

    const partial = `${options.out}.partial`;
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await packTarGz(staging, partial);
    // The archive holds the whole database: its owner's only, whatever the umask (issue 17).
    await chmod(partial, PRIVATE_FILE_MODE);
    await rename(partial, options.out);
    const { size } = await stat(options.out);
    return { file: options.out, bytes: size, manifest, ...(note ? { note } : {}) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function chooseKind(
  db: Database,
  format: 'auto' | DumpKind,
  major: number,
): Promise<{ kind: DumpKind; note?: string }> {
  if (format === 'rows') return { kind: 'rows' };
  if (db.kind === 'pglite') {
    if (format === 'pg_dump') {
      throw new OpsError(
        'ERR_BACKUP_FORMAT',
        'pg_dump backs up a PostgreSQL server, and this is the embedded database',
        'leave out --format (a PGlite image), or use --format rows to move to a server',
      );
    }
    return { kind: 'pglite' };
  }
  if (format === 'pglite') {
    throw new OpsError(
      'ERR_BACKUP_FORMAT',
      'a PGlite image needs the embedded database, and DATABASE_URL points at a server',
      'leave out --format, or unset DATABASE_URL',
    );
  }
  const dumpMajor = await clientMajor('pg_dump');
  const usable = dumpMajor !== undefined && dumpMajor >= major;
  if (usable) return { kind: 'pg_dump' };
  const why =
    dumpMajor === undefined
      ? 'pg_dump is not installed'
      : `pg_dump ${dumpMajor} is older than the server (${major}) and would refuse`;
  if (format === 'pg_dump') {
    throw new OpsError(
      'ERR_NO_PG_DUMP',
      why,
      `install the PostgreSQL ${major} client (postgresql-client-${major}), or leave out --format to write a portable dump`,
    );
  }
  return { kind: 'rows', note: `${why}: wrote a portable dump (every row as JSON lines) instead` };
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

async function folderSize(dir: string): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        count += 1;
        bytes += (await stat(full)).size;
      }
    }
  };
  if (existsSync(dir)) await walk(dir);
  return { count, bytes };
}

function keyReminder(manifest: BackupManifest): string {
  const { currentKeyId, keyIds } = manifest.encryption;
  return [
    'THE ENCRYPTION KEY IS NOT IN THIS BACKUP',
    '',
    'Message texts, outgoing messages and documents in this backup are sealed with AES-256-GCM. They can',
    `only be read with the key whose id is ${currentKeyId}${
      keyIds.length > 1 ? ` (and, for older values, ${keyIds.slice(1).join(', ')})` : ''
    }.`,
    '',
    'The key is ENCRYPTION_KEY in .env (older ones in ENCRYPTION_KEYS_OLD), or, when ENCRYPTION_KEY was',
    'never set, the file DATA_DIR/encryption.key. Keep a copy of it apart from the backups (a password',
    "manager, a sealed envelope in the association's safe): without it this backup cannot be read, and a",
    'backup kept together with its key is the data in clear.',
    '',
    'A key\'s id: printf %s "$ENCRYPTION_KEY" | base64 -d | sha256sum | cut -c1-8',
    '',
  ].join('\n');
}
