import type { SqlExecutor } from './database';

/**
 * A savepoint in the transaction of `tx`; the function it returns rolls back what was done through `tx` since, and
 * leaves the transaction usable (a failed step answers politely and changes nothing else).
 */
export async function savepoint(tx: SqlExecutor, name: string): Promise<() => Promise<void>> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`not a savepoint name: ${name}`);
  await tx.query(`SAVEPOINT ${name}`);
  return async () => void (await tx.query(`ROLLBACK TO SAVEPOINT ${name}`));
}
