import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Tracks the transactions a database has open in the current async context, so both implementations fail
 * the same clear way when code inside `db.transaction(fn)` calls the database itself instead of `tx`:
 * PGlite has one connection, so that call would wait for the transaction forever; on a server it would
 * silently run outside the transaction. Per database instance: another database may be used freely.
 */
export class TransactionScope {
  readonly #storage = new AsyncLocalStorage<{ open: boolean }>();

  /** Runs `fn` as the body of a transaction; work it starts that outlives it is not flagged. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const state = { open: true };
    try {
      return await this.#storage.run(state, fn);
    } finally {
      state.open = false;
    }
  }

  /** Throws when called from inside a transaction body of this database that is still running. */
  assertOutside(method: 'query' | 'transaction' | 'close'): void {
    if (this.#storage.getStore()?.open) {
      throw new Error(
        `db.${method}() was called inside db.transaction(): use the transaction's executor (tx.query) there, ` +
          'or call it after the transaction ends (on the embedded database it would wait for the transaction forever)',
      );
    }
  }
}

/** The error both implementations raise when a transaction's executor is used after the transaction ended. */
export function transactionFinishedError(): Error {
  return new Error(
    'this transaction has already ended: tx.query() is only usable until the transaction callback settles',
  );
}
