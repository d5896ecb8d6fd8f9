import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The names `npm run backup` gives its archives by default (the stamp is UTC, so names sort by age). */
const ARCHIVE = /^tawasul-backup-[0-9TZ-]+\.tar\.gz$/;
/** What a backup interrupted before its rename leaves (src/ops/backup.ts writes `<out>.partial` first). */
const PARTIAL = /^tawasul-backup-[0-9TZ-]+\.tar\.gz\.partial$/;
/** A partial file this old belongs to no backup still running. */
const STALE_PARTIAL_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the newest `keep` default-named archives in `dir` and deletes the older ones, plus partial files
 * older than a day. Files named otherwise (an archive an operator named, a copy) are never touched.
 * Returns the names deleted, oldest first.
 */
export async function pruneBackups(dir: string, keep: number, now: Date): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  const archives = names.filter((name) => ARCHIVE.test(name));
  const old = archives.slice(0, Math.max(0, archives.length - keep));
  for (const name of names.filter((n) => PARTIAL.test(n))) {
    const { mtimeMs } = await stat(path.join(dir, name));
    if (now.getTime() - mtimeMs > STALE_PARTIAL_MS) old.push(name);
  }
  for (const name of old) await rm(path.join(dir, name), { force: true });
  return old;
}
