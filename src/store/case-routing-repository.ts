import type { SqlExecutor } from './database';

/** The cases that can be handed to an officer, with the audit trail's subject type. */
const CASES = [
  { table: 'service_requests', subjectType: 'service_request' },
  { table: 'complaints', subjectType: 'complaint' },
  { table: 'handoffs', subjectType: 'handoff' },
] as const;

export type RoutedSubject = (typeof CASES)[number]['subjectType'];

/** Who a request, complaint or handoff is routed to (`routed_to`), whatever its table. */
export class PgCaseRoutingRepository {
  /** The case by reference, locked, with the officer it is routed to now. */
  async lock(
    tx: SqlExecutor,
    reference: string,
  ): Promise<{ subjectType: RoutedSubject; routedTo: string | null } | undefined> {
    for (const { table, subjectType } of CASES) {
      const found = await tx.query<{ routed_to: string | null }>(
        `SELECT routed_to FROM ${table} WHERE reference = $1 FOR UPDATE`,
        [reference],
      );
      const row = found.rows[0];
      if (row) return { subjectType, routedTo: row.routed_to };
    }
    return undefined;
  }

  /** Routes the case to `officerId`; the staff bot rewrites its card on its next pass (it names the officer). */
  async route(
    tx: SqlExecutor,
    subjectType: RoutedSubject,
    reference: string,
    officerId: string,
  ): Promise<void> {
    const table = CASES.find((c) => c.subjectType === subjectType)!.table;
    await tx.query(`UPDATE ${table} SET routed_to = $2 WHERE reference = $1`, [reference, officerId]);
    await tx.query('UPDATE case_topics SET card_status = NULL WHERE reference = $1', [reference]);
  }
}
