import { readdirSync, readFileSync } from 'node:fs';

/**
 * Jest's global teardown. On a 2-core machine jest runs every suite inside its own process (one worker means no
 * worker), so a socket, timer or child process a test forgot keeps jest alive after the last result: a CI run once passed all
 * 4,733 tests and then hung until the 80-minute limit cut it off. This names what is still open (the
 * clue for fixing the test), ends child processes the tests left running, and the config's `forceExit`
 * lets jest finish instead of waiting for ever.
 */
export default async function reportOpenHandles(): Promise<void> {
  // Sockets and servers closed by the last afterAll finish closing on the next turns. Not `unref`: with
  // nothing else left, node would end here, before jest sets the exit code, and a failed run exit 0.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const children = childProcesses(process.pid);
  const resources = process
    .getActiveResourcesInfo()
    .filter((kind) => !['TTYWrap', 'PipeWrap', 'FSReqCallback'].includes(kind));
  if (children.length === 0 && resources.length === 0) return;
  const counts = new Map<string, number>();
  for (const kind of resources) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  process.stderr.write(
    '\nTests left these open after the run (a test forgot to close or stop them):\n' +
      [...counts].map(([kind, n]) => `  ${n} × ${kind}\n`).join('') +
      children.map((child) => `  child process ${child.pid}: ${child.command} (ended now)\n`).join(''),
  );
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // It ended on its own meanwhile.
    }
  }
}

/** The processes whose parent is `parentPid`, from /proc (Linux); none elsewhere. */
function childProcesses(parentPid: number): { pid: number; command: string }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children: { pid: number; command: string }[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (command) state ppid …": the command may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // Jest's own workers (on machines with more cores) are jest's to end.
      if (command.includes('jest-worker')) continue;
      children.push({ pid: Number(entry), command: command.slice(0, 200) });
    } catch {
      // The process ended while we read it.
    }
  }
  return children;
}
