/**
 * `node dist/src/cli/backup-schedule.js [--once]`: the nightly backup (docker-compose.yml's `backup`
 * service). Every day at BACKUP_AT (default 02:30) in BACKUP_TIME_ZONE (default Asia/Riyadh) it runs the
 * backup command into DATA_DIR/backups and then keeps the newest BACKUP_KEEP archives (default 14).
 * --once: one backup and pruning now, then exit. docs/OPERATIONS.md.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pruneBackups } from '../ops/backup-retention';
import { nextBackupAt, readBackupSchedule, type BackupSchedule } from '../ops/backup-schedule';
import { runCommand } from './cli-support';

const usage = 'node dist/src/cli/backup-schedule.js [--once]';
// The longest single wait: a changed system clock (or a suspended machine) is noticed within it.
const MAX_SLEEP_MS = 10 * 60 * 1000;

const log = (line: string): void => console.log(`backup-schedule: ${line}`);

runCommand(
  { name: 'backup-schedule', usage, options: { once: { type: 'boolean', default: false } } },
  async ({ values, env }) => {
    const schedule = readBackupSchedule(process.env);
    const dir = path.join(env.DATA_DIR, 'backups');
    await mkdir(dir, { recursive: true });
    if (values.once) {
      if (!(await backUp(dir, schedule))) process.exitCode = 1;
      return;
    }
    const stopping = new AbortController();
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => {
        log(`${signal}: stopping`);
        stopping.abort();
      });
    const at = `${String(schedule.hour).padStart(2, '0')}:${String(schedule.minute).padStart(2, '0')}`;
    log(`every day at ${at} ${schedule.timeZone} into ${dir}, keeping the newest ${schedule.keep}`);
    while (!stopping.signal.aborted) {
      const next = nextBackupAt(new Date(), schedule);
      log(`next backup at ${next.toISOString()}`);
      while (!stopping.signal.aborted && Date.now() < next.getTime()) {
        await sleep(Math.min(next.getTime() - Date.now(), MAX_SLEEP_MS), stopping.signal);
      }
      if (!stopping.signal.aborted) await backUp(dir, schedule, stopping.signal);
    }
  },
);

/**
 * One backup, by the backup command in its own process (its output goes to this log), then pruning —
 * only after a good backup, so failing nights never delete the archives that still work.
 */
async function backUp(dir: string, schedule: BackupSchedule, signal?: AbortSignal): Promise<boolean> {
  const started = Date.now();
  log('starting a backup');
  // backup.js beside this file (backup.ts under tsx, whose loader flags are in execArgv).
  const script = path.join(__dirname, `backup${path.extname(__filename)}`);
  const child = spawn(process.execPath, [...process.execArgv, script], { stdio: 'inherit' });
  const stop = (): boolean => child.kill('SIGTERM');
  signal?.addEventListener('abort', stop, { once: true });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      log(`could not start the backup command: ${error.message}`);
      resolve(null);
    });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  signal?.removeEventListener('abort', stop);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    log(`backup FAILED (exit ${code ?? 'none'}, ${seconds} s); older archives kept, next try tomorrow`);
    return false;
  }
  const removed = await pruneBackups(dir, schedule.keep, new Date());
  log(
    `backup done in ${seconds} s; ` +
      (removed.length > 0 ? `deleted ${removed.join(', ')}` : `nothing to delete (keeping ${schedule.keep})`),
  );
  return true;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
