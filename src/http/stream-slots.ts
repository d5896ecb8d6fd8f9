/**
 * Counts open long-lived responses (server-sent event streams) against caps, so a script cannot hold
 * thousands of them open (each one holds a socket, timers and a poll of the store). In memory, per app
 * process: with several processes each caps its own share.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  /**
   * Takes one slot under every `[key, max]` (a session, an address, everyone) when each has one free.
   * Returns the function that gives them back (call it once, when the stream ends), or `undefined`.
   */
  take(caps: readonly (readonly [key: string, max: number])[]): (() => void) | undefined {
    if (caps.some(([key, max]) => (this.open.get(key) ?? 0) >= max)) return undefined;
    for (const [key] of caps) this.open.set(key, (this.open.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [key] of caps) {
        const left = (this.open.get(key) ?? 1) - 1;
        if (left > 0) this.open.set(key, left);
        else this.open.delete(key);
      }
    };
  }
}
