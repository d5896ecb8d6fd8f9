import type { SqlExecutor } from '../database';

/** First-run setup tokens (`setup_tokens`), kept only as their hashes. */
export class PgSetupTokenRepository {
  /** Keeps a new token until `expiresAt` and forgets the expired ones. */
  async issue(tx: SqlExecutor, token: { hash: string; now: Date; expiresAt: Date }): Promise<void> {
    await tx.query('DELETE FROM setup_tokens WHERE expires_at <= $1', [token.now.toISOString()]);
    await tx.query('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
      token.hash,
      token.now.toISOString(),
      token.expiresAt.toISOString(),
    ]);
  }

  /**
   * Locks the table until the transaction ends (two people opening two links at once create one
   * administrator, not two) and says whether `hash` is a live token.
   */
  async lockAndCheck(tx: SqlExecutor, hash: string, now: Date): Promise<boolean> {
    await tx.query('LOCK TABLE setup_tokens IN SHARE ROW EXCLUSIVE MODE');
    const found = await tx.query('SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2', [
      hash,
      now.toISOString(),
    ]);
    return found.rowCount > 0;
  }

  /** Forgets every token: an administrator exists, and links printed earlier must stop working. */
  async clear(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM setup_tokens');
  }
}
