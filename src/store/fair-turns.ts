/** A turn at running work: the lane an association's conversation service (or database view) is given. */
export interface Turns {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Turns at running step batches, shared fairly by the associations of one platform process (issue 23).
 * At most `concurrency` batches run at once; when more wait, the next turn goes to the next association in
 * round-robin order, not to whichever queued first. An association whose people flood it therefore has
 * one turn in each round however many batches it has waiting, and a quiet association's batch waits for at
 * most the batches already running and one of each other association waiting: its backlog stays its own.
 * A single-association installation has no turns to take (its service runs batches as they come). With one
 * lane it is a plain semaphore in arrival order (`AssociationDatabase`'s `maxConcurrent`).
 */
export class FairTurns {
  #running = 0;
  /** Each lane's waiting work, in arrival order. */
  readonly #waiting = new Map<string, (() => void)[]>();
  /** Lanes with waiting work, whose turn is next first. */
  readonly #order: string[] = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('concurrency must be a whole number ≥ 1');
  }

  /** The turns of one association. */
  lane(id: string): Turns {
    return { run: (work) => this.#run(id, work) };
  }

  /** Work waiting for a turn, over all lanes. */
  get waiting(): number {
    let n = 0;
    for (const queue of this.#waiting.values()) n += queue.length;
    return n;
  }

  async #run<T>(lane: string, work: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency && this.#order.length === 0) this.#running++;
    else await new Promise<void>((resolve) => this.#enqueue(lane, resolve));
    try {
      return await work();
    } finally {
      this.#handOn();
    }
  }

  #enqueue(lane: string, resolve: () => void): void {
    const queue = this.#waiting.get(lane);
    if (queue) queue.push(resolve);
    else {
      this.#waiting.set(lane, [resolve]);
      this.#order.push(lane);
    }
  }

  /** A turn ended: it passes to the next lane in the round, or frees a place. */
  #handOn(): void {
    const lane = this.#order.shift();
    if (lane === undefined) {
      this.#running--;
      return;
    }
    const queue = this.#waiting.get(lane)!;
    const next = queue.shift()!;
    if (queue.length > 0) this.#order.push(lane);
    else this.#waiting.delete(lane);
    next();
  }
}
