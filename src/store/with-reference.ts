import { makeReference } from '../cases/rules/reference';
import type { SqlExecutor } from './database';

/** Tries per length before the number grows by a digit (a prefix filling up). */
const TRIES_PER_LENGTH = 4;

/**
 * Inserts a row under a fresh reference number. The insert must use `ON CONFLICT (reference) DO
 * NOTHING RETURNING …`: a taken number yields no row and another is drawn, without aborting the
 * surrounding transaction as a unique violation would.
 */
export async function insertWithReference<R extends Record<string, unknown>>(
  tx: SqlExecutor,
  prefix: string,
  insert: (reference: string) => { sql: string; params: unknown[] },
  random: () => number = Math.random,
): Promise<{ reference: string; row: R }> {
  for (let digits = 4; digits <= 9; digits++) {
    for (let i = 0; i < TRIES_PER_LENGTH; i++) {
      const reference = makeReference(prefix, digits, random);
      const { sql, params } = insert(reference);
      const result = await tx.query<R>(sql, params);
      const row = result.rows[0];
      if (row) return { reference, row };
    }
  }
  throw new Error(`no free reference number for ${prefix}`);
}
