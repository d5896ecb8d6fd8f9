import { createHash } from 'node:crypto';

/** Most distinct statements prepared per connection; texts past it run unnamed (still correct). */
export const MAX_PREPARED_STATEMENTS = 256;

/**
 * Names for node-postgres' named prepared statements, so the server parses and plans each of the app's
 * parameterised queries once per connection rather than on every call.
 *
 * Only texts with parameters are named: they go through the extended protocol anyway, which admits one
 * statement per text, so DDL, migrations and multi-statement scripts (all parameterless) never are. A
 * name is a hash of the text: one name per distinct text, the same in every process. The first
 * {@link MAX_PREPARED_STATEMENTS} distinct texts get one, which bounds what each connection holds (the
 * app's queries are fixed strings, well under that). A connection that loses its statements (a server
 * restart) is a new connection, with none prepared yet.
 *
 * A prepared statement goes stale when the server forgot it or its result columns changed under it (a
 * migration run by another process): {@link isStale} recognises the error, and {@link isCurrent} then
 * says no for every connection opened before it, so each is replaced as it is next taken from the pool.
 */
export class PreparedNames {
  readonly #names = new Map<string, string>();
  #generation = 0;
  readonly #generationOf = new WeakMap<object, number>();

  /** The statement name for `sql`, or undefined when it is to run unnamed. */
  nameFor(sql: string, params: readonly unknown[] | undefined): string | undefined {
    if (params === undefined || params.length === 0) return undefined;
    const known = this.#names.get(sql);
    if (known !== undefined || this.#names.size >= MAX_PREPARED_STATEMENTS) return known;
    // 160 bits: two texts sharing a name (node-postgres would refuse the second) is not a practical risk.
    const name = `tw_${createHash('sha1').update(sql).digest('hex')}`;
    this.#names.set(sql, name);
    return name;
  }

  /**
   * Whether `error` says a prepared statement is unusable: "cached plan must not change result type"
   * (0A000) or "prepared statement ... does not exist" (26000). Marks every open connection outdated.
   */
  isStale(error: unknown): boolean {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const stale =
      code === '26000' ||
      (code === '0A000' && typeof message === 'string' && message.includes('cached plan'));
    if (stale) this.#generation += 1;
    return stale;
  }

  /** Whether a connection may keep its prepared statements; a new connection is adopted as current. */
  isCurrent(connection: object): boolean {
    const seen = this.#generationOf.get(connection);
    if (seen === undefined) {
      this.#generationOf.set(connection, this.#generation);
      return true;
    }
    return seen === this.#generation;
  }
}
