/**
 * Where a long operation (backup, restore, key rotation) says what it is doing, a line at a time, while
 * it does it: the CLI writes each line to stderr, so a backup of a large folder is not silent for minutes
 * and stdout keeps only the summary. Absent: nothing is said.
 */
export type Progress = (line: string) => void;

/** How often a counted phase says how far it is. */
const EVERY_MS = 1_000;

/**
 * A counted phase: "copying documents 120/450", at most once a second and once at the end (nothing for
 * an empty phase). `tick()` after each item.
 */
export function countedPhase(
  progress: Progress | undefined,
  what: string,
  total: number,
  clock: () => number = Date.now,
): { tick(): void } {
  let done = 0;
  let last = clock();
  if (total > 0) progress?.(`${what} 0/${total}`);
  return {
    tick() {
      done += 1;
      const now = clock();
      if (done === total || now - last >= EVERY_MS) {
        last = now;
        progress?.(`${what} ${done}/${total}`);
      }
    },
  };
}
