import { APP_ROLE } from './app-role';
import type { CommitSignal } from './commit-signals';
import type { Database, SqlExecutor } from './database';

/** The association an installation without a platform serves; an older database migrates into it. */
export const DEFAULT_ASSOCIATION_ID = 'default';

/** What an association id may be (the `associations.id` check): it is written into SQL below. */
const ASSOCIATION_ID = /^[a-z][a-z0-9-]{0,39}$/;

export function isAssociationId(value: string): boolean {
  return ASSOCIATION_ID.test(value);
}

/**
 * One association's view of the database: every transaction runs as the role row-level security binds,
 * with the association set for that transaction only, so PostgreSQL shows and accepts that association's
 * rows alone (migration 023). A query outside a transaction runs in one of its own.
 *
 * Set per transaction rather than per connection: a pooled connection then never carries an association
 * into someone else's work, and PGlite's single connection can serve several associations in turn. It
 * costs one more statement per transaction.
 *
 * The view does not own the database: `close()` leaves it open for its opener to close.
 */
export class AssociationDatabase implements Database {
  readonly #inner: Database;
  readonly #prelude: string;

  constructor(
    inner: Database,
    readonly associationId: string,
  ) {
    if (!isAssociationId(associationId)) {
      throw new Error(
        `"${associationId}" is not an association id: lower-case letters, digits and dashes, starting with a letter`,
      );
    }
    this.#inner = inner;
    this.#prelude = `SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('tawasul.association_id', '${associationId}', true)`;
  }

  get kind(): Database['kind'] {
    return this.#inner.kind;
  }

  get committed(): Database['committed'] {
    return this.#inner.committed;
  }

  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    return this.transaction((tx) => tx.query<R>(sql, params));
  }

  afterCommit(signal: CommitSignal): void {
    this.#inner.afterCommit(signal);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#inner.transaction(async (tx) => {
      await tx.query(this.#prelude);
      return fn(tx);
    });
  }

  async close(): Promise<void> {
    // The opener closes the database; several associations' views share it.
  }
}
