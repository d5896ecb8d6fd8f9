import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * What this process writes (the PGlite data folder and its WAL, documents, backups, keys, logs) is for
 * its owner only: folders 0700, files 0600 (issue 17, M4). `main` and the operations commands set the
 * umask at start; the folders that already exist are tightened when they are opened.
 */
export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Files and folders this process creates from now on are its owner's only. */
export function usePrivateUmask(): void {
  process.umask(PRIVATE_UMASK);
}

/**
 * `dir` 0700 and everything under it: folders 0700, files 0600 (symbolic links are left alone). For a
 * folder written before the umask was set (an older version, a restore, a copy).
 */
export function makePrivate(dir: string): void {
  chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(file);
    else if (entry.isFile() && (lstatSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) {
      chmodSync(file, PRIVATE_FILE_MODE);
    }
  }
}
