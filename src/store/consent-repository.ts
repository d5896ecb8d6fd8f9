import type { SqlExecutor } from './database';

export interface ConsentRecord {
  beneficiaryId: string;
  purpose: string;
  version: string;
  granted: boolean;
  channel: string;
  channelMessageId?: string;
}

/**
 * The latest answer per purpose of person `$1`: a subquery other statements embed (the facts are read
 * in one statement).
 */
export const LATEST_CONSENTS_SQL = `SELECT DISTINCT ON (purpose) purpose, version, granted, recorded_at
  FROM consents WHERE beneficiary_id = $1 ORDER BY purpose, recorded_at DESC, id DESC`;

/** Consents per purpose with version and time (PDPL); the latest answer per purpose counts. */
export class PgConsentRepository {
  async record(tx: SqlExecutor, consent: ConsentRecord): Promise<void> {
    await tx.query(
      `INSERT INTO consents (beneficiary_id, purpose, version, granted, channel, channel_message_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        consent.beneficiaryId,
        consent.purpose,
        consent.version,
        consent.granted,
        consent.channel,
        consent.channelMessageId ?? null,
      ],
    );
  }

  /** The latest answer per purpose, with its version and time: what the "My data" flow (flows/my-data.ts) shows the person. */
  async latest(
    tx: SqlExecutor,
    beneficiaryId: string,
  ): Promise<{ purpose: string; version: string; granted: boolean; at: string }[]> {
    const found = await tx.query<{ purpose: string; version: string; granted: boolean; recorded_at: Date }>(
      `SELECT DISTINCT ON (purpose) purpose, version, granted, recorded_at FROM consents
       WHERE beneficiary_id = $1 ORDER BY purpose, recorded_at DESC, id DESC`,
      [beneficiaryId],
    );
    return found.rows.map((r) => ({
      purpose: r.purpose,
      version: r.version,
      granted: r.granted,
      at: new Date(r.recorded_at).toISOString(),
    }));
  }

  /** Purpose → version currently granted (a later refusal withdraws it). */
  async granted(tx: SqlExecutor, beneficiaryId: string): Promise<Record<string, string>> {
    const found = await tx.query<{ purpose: string; version: string; granted: boolean }>(
      `SELECT DISTINCT ON (purpose) purpose, version, granted FROM consents
       WHERE beneficiary_id = $1 ORDER BY purpose, recorded_at DESC, id DESC`,
      [beneficiaryId],
    );
    return Object.fromEntries(found.rows.filter((r) => r.granted).map((r) => [r.purpose, r.version]));
  }
}
