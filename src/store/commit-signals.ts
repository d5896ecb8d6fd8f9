/**
 * What committed work announces to the rest of the process. A writer of rows that something must act on
 * (an outbox message to send, a timer to hand to BullMQ) calls `executor.afterCommit(signal)` in the
 * same transaction; the database emits the signal once that transaction commits, and never when it
 * rolls back. The dispatchers listen on `Database.committed`. So no caller has to remember to wake a
 * dispatcher after its commit, and none can wake it for rows that were rolled back.
 */
export type CommitSignal =
  /** New outbox rows, by id: the outbox dispatcher queues them. */
  | { topic: 'outbox'; ids: string[] }
  /** New timer requests: the timer dispatcher hands them to BullMQ. */
  | { topic: 'timers' };

export type CommitTopic = CommitSignal['topic'];
type Listener<K extends CommitTopic> = (signal: Extract<CommitSignal, { topic: K }>) => void;

/** Listeners of what committed transactions announce, by topic. */
export class CommitSignals {
  readonly #listeners = new Map<CommitTopic, Set<(signal: CommitSignal) => void>>();

  /** Calls `listener` after each commit that announced `topic`; returns the function that stops it. */
  on<K extends CommitTopic>(topic: K, listener: Listener<K>): () => void {
    const set = this.#listeners.get(topic) ?? new Set();
    this.#listeners.set(topic, set);
    const entry = listener as (signal: CommitSignal) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Emits signals of work already committed. A listener that throws does not stop the others. */
  emit(signals: readonly CommitSignal[]): void {
    for (const signal of merge(signals)) {
      for (const listener of this.#listeners.get(signal.topic) ?? []) {
        try {
          listener(signal);
        } catch {
          // Listeners only wake dispatchers, which recover on their own periodic pass.
        }
      }
    }
  }
}

/** One signal per topic: the outbox ids of a transaction together, one timer wake-up. */
function merge(signals: readonly CommitSignal[]): CommitSignal[] {
  if (signals.length <= 1) return [...signals];
  const ids = signals.flatMap((s) => (s.topic === 'outbox' ? s.ids : []));
  return [
    ...(ids.length > 0 ? [{ topic: 'outbox' as const, ids }] : []),
    ...(signals.some((s) => s.topic === 'timers') ? [{ topic: 'timers' as const }] : []),
  ];
}
