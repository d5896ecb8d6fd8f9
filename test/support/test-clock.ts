/** A controllable clock to share with a runtime under test (`startSpine(db, prefix, { now: clock.now })`). */
export class Clock {
  constructor(public at: Date) {}
  now = () => this.at;
  set(iso: string) {
    this.at = new Date(iso);
  }
}

/** Polls `probe` every 100 ms until it gives a value (a job ran, a row appeared), or fails naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
