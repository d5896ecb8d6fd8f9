/*
 * Replays issue 17, M4 "file modes": another account on the machine read the PGlite data folder (files
 * 0666), the documents folder and the backup archives (0644), and with them every stored record. Under
 * a permissive umask (0, as the attack run found it) the data folder must still come out 0700 with its
 * files 0600 (also those of an older start), the documents folder 0700 with files 0600, and a backup
 * archive 0600; main and the operations commands set the umask 077 for what they write later.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { createBackup } from '../../src/ops/backup';
import { PRIVATE_UMASK, usePrivateUmask } from '../../src/security/private-files';
import { migrate } from '../../src/store/migrate';
import { PgliteDatabase } from '../../src/store/pglite-database';

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every folder and file under `dir` (with `dir` itself) and its mode, as `0700`-style strings. */
function modes(dir: string): { dirs: Set<string>; files: Set<string>; count: number } {
  const dirs = new Set([modeOf(dir).toString(8)]);
  const files = new Set<string>();
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) dirs.add(modeOf(file).toString(8));
    else if (entry.isFile()) {
      files.add(modeOf(file).toString(8));
      count += 1;
    }
  }
  return { dirs, files, count };
}

describe('files at rest are their owner’s only', () => {
  let previousUmask: number;
  let root: string;
  beforeEach(() => {
    previousUmask = process.umask(0); // the permissive umask the attack run found
    root = mkdtempSync(path.join(os.tmpdir(), 'tawasul-modes-'));
  });
  afterEach(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('makes the PGlite data folder 0700 and its files 0600, an older folder included', async () => {
    const dataDir = path.join(root, 'pglite');
    // What an older start left: a world-readable folder and file.
    mkdirSync(path.join(dataDir, 'old'), { recursive: true, mode: 0o777 });
    writeFileSync(path.join(dataDir, 'old', 'stray'), 'x', { mode: 0o666 });
    const db = await PgliteDatabase.open({ dataDir });
    try {
      await migrate(db); // writes tables and WAL after the open
      const { dirs, files, count } = modes(dataDir);
      expect(count).toBeGreaterThan(100); // a whole PostgreSQL cluster, WAL included
      expect([...dirs]).toEqual(['700']);
      expect([...files]).toEqual(['600']);
    } finally {
      await db.close();
    }
    // A backup of it (the PGlite image) is 0600 too.
    const reopened = await PgliteDatabase.open({ dataDir });
    try {
      const out = path.join(root, 'backups', 'tawasul.tar.gz');
      await createBackup({ db: reopened, documentsDir: path.join(root, 'documents'), keyIds: [], out });
      expect(modeOf(out).toString(8)).toBe('600');
    } finally {
      await reopened.close();
    }
  }, 60_000);

  it('keeps documents in a 0700 folder as 0600 files', async () => {
    const folder = path.join(root, 'documents');
    mkdirSync(folder, { mode: 0o755 });
    const store = new FsDocumentStore(folder);
    const stored = await store.put(Buffer.from('%PDF-1.4 a letter'), { fileName: 'letter.pdf' });
    await store.replace(stored.ref, Buffer.from('%PDF-1.4 sealed again'));
    const { dirs, files } = modes(folder);
    expect([...dirs]).toEqual(['700']);
    expect([...files]).toEqual(['600']);
  });

  it('sets the umask 077 that main and the operations commands start with', () => {
    usePrivateUmask();
    expect(process.umask()).toBe(PRIVATE_UMASK);
    writeFileSync(path.join(root, 'later.log'), 'x');
    expect(modeOf(path.join(root, 'later.log')).toString(8)).toBe('600');
  });
});
