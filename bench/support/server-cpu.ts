import fs from 'node:fs';
import type { Database } from '../../src/store/database';

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ; 100 everywhere Node runs in practice). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time the PostgreSQL server's backends for this database have used, read from /proc when the
 * server runs on this machine: steadier than wall-clock figures on a shared machine, and it shows what
 * each statement costs the server. Undefined where /proc or the backends cannot be read.
 */
export async function serverCpuMs(db: Database): Promise<Map<number, number> | undefined> {
  if (db.kind !== 'postgres') return undefined;
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
      used.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      return undefined; // not on this machine, or not allowed to look
    }
  }
  return used;
}

/** CPU ms the backends used between two readings (backends that ended meanwhile are not counted). */
export function serverCpuBetween(
  before: Map<number, number> | undefined,
  after: Map<number, number> | undefined,
): number | undefined {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
