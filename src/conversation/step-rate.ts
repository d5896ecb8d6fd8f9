/**
 * An association's budget of steps a second on a platform (issue 23): what one association's flood may
 * take of the process that all its associations share. Fair turns share out what waits, but a flood that
 * fills the thread and the database's CPU slows everyone's steps while they run; a budget stops the
 * flood before it fills them. Messages beyond it are not refused: they wait in their association's own
 * backlog (stored, answered in order), and the steps that wait grow into bigger, cheaper batches.
 *
 * Paced by the generic cell rate algorithm: each step reserves `1 / perSecond` s of a timeline, and a batch
 * runs at once while the steps reserved before it reach at most `burst` steps ahead of now; otherwise it
 * waits until they do. So a quiet association's occasional batch never waits, a quiet minute saves up no
 * more than the burst, and a flooding association runs at `perSecond` on average.
 */
export class StepRate {
  /** When the steps reserved so far will have been paid for, in the clock's ms. */
  #paidUntil = 0;
  readonly #msPerStep: number;
  readonly #burstMs: number;

  constructor(
    perSecond: number,
    options: {
      /** Steps that may run at once above the rate (default one second's worth). */
      burst?: number;
      /** A monotonic clock in ms (tests give their own). */
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {
    if (!Number.isFinite(perSecond) || perSecond <= 0) throw new Error('perSecond must be a number > 0');
    this.#msPerStep = 1000 / perSecond;
    this.#burstMs = (options.burst ?? perSecond) * this.#msPerStep;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** Reserves `steps` steps; resolves when they may run (at once while within the burst). */
  async take(steps: number): Promise<void> {
    const now = this.now();
    const start = Math.max(this.#paidUntil, now);
    this.#paidUntil = start + steps * this.#msPerStep;
    const wait = start - this.#burstMs - now;
    if (wait > 0) await this.sleep(wait);
  }
}
