import fs from 'node:fs';
import path from 'node:path';

/** Paths locked by this process, so a lock file left by an earlier process with our pid is known stale. */
const heldLocks = new Set<string>();

/**
 * A pid file beside a PGlite data folder (`<dataDir>.lock`), the way PostgreSQL's postmaster.pid keeps a
 * second server out: PGlite takes no lock itself, and two processes on one folder corrupt it. A file whose
 * process is gone is taken over; a live holder is never displaced. Released on close and on process exit.
 */
export class DataDirLock {
  readonly #onExit = (): void => this.release();

  private constructor(readonly file: string) {
    heldLocks.add(file);
    process.once('exit', this.#onExit);
  }

  /** Takes the lock, or throws naming the process that holds it and what to do. */
  static acquire(dataDir: string): DataDirLock {
    const file = `${path.resolve(dataDir)}.lock`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (createWithContent(file, `${process.pid}\n`)) return new DataDirLock(file);
      const holder = readPid(file);
      const ours = holder === process.pid && heldLocks.has(file);
      if (ours || (holder !== undefined && holder !== process.pid && isAlive(holder))) {
        throw new Error(
          `the embedded database in ${dataDir} is already open in process ${holder}` +
            `${ours ? ' (this one)' : ''}: PGlite allows one process per data folder. Stop that process, ` +
            `or set DATABASE_URL to share a PostgreSQL server (if no such process uses it, delete ${file})`,
        );
      }
      // The holder is gone (crash, or an earlier run of a container that reuses our pid): take over.
      fs.rmSync(file, { force: true });
    }
    throw new Error(`could not take the lock file ${file}: another process keeps recreating it`);
  }

  release(): void {
    process.removeListener('exit', this.#onExit);
    if (!heldLocks.delete(this.file)) return;
    if (readPid(this.file) === process.pid) fs.rmSync(this.file, { force: true });
  }
}

/** Creates `file` holding `content` unless it exists; atomic, so a reader never sees it empty. */
function createWithContent(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
