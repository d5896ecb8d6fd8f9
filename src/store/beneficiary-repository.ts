import type { SqlExecutor } from './database';

/** The person behind the channel identities (`beneficiaries`). */
export class PgBeneficiaryRepository {
  /**
   * Stores the contact details the person corrected; a field left undefined stays as it is. A number the
   * person typed is not vouched for (`mobile_verified`): it no longer matches staff intakes to them.
   */
  async correctContact(
    tx: SqlExecutor,
    beneficiaryId: string,
    correction: { fullName?: string; mobile?: string },
  ): Promise<void> {
    await tx.query(
      `UPDATE beneficiaries SET full_name = coalesce($2, full_name), mobile = coalesce($3, mobile),
         mobile_verified = mobile_verified AND ($3::text IS NULL OR $3 = mobile)
       WHERE id = $1`,
      [beneficiaryId, correction.fullName ?? null, correction.mobile ?? null],
    );
  }
}
