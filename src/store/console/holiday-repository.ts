import type { LocalizedText } from '../../config/profile-schema';
import type { SqlExecutor } from '../database';

/** A holiday staff added in the console. */
export interface StoredHoliday {
  id: string;
  name: LocalizedText;
  /** Local dates, both days included. */
  from: string;
  to: string;
}

/**
 * The console's holiday table (`holidays`, migration 011); `LiveHolidays` reads the same table for the
 * runtime's working-day clock.
 */
export class PgHolidayRepository {
  /** In date order. */
  async list(tx: SqlExecutor): Promise<StoredHoliday[]> {
    const found = await tx.query<{
      id: string;
      name_ar: string;
      name_en: string | null;
      from_date: string;
      to_date: string;
    }>(
      `SELECT id::text AS id, name_ar, name_en, from_date::text AS from_date, to_date::text AS to_date
       FROM holidays ORDER BY from_date, id`,
    );
    return found.rows.map((r) => ({
      id: r.id,
      name: r.name_en ? { ar: r.name_ar, en: r.name_en } : { ar: r.name_ar },
      from: r.from_date,
      to: r.to_date,
    }));
  }

  /** Returns the new holiday's id. */
  async add(
    tx: SqlExecutor,
    holiday: { name: LocalizedText; from: string; to: string; createdBy: string },
  ): Promise<string> {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO holidays (name_ar, name_en, from_date, to_date, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id::text AS id`,
      [holiday.name.ar, holiday.name.en ?? null, holiday.from, holiday.to, holiday.createdBy],
    );
    return inserted.rows[0]!.id;
  }

  /** Removes the holiday; returns its Arabic name and dates, or `undefined` when there was none. */
  async remove(
    tx: SqlExecutor,
    id: string,
  ): Promise<{ nameAr: string; from: string; to: string } | undefined> {
    const removed = await tx.query<{ name_ar: string; from_date: string; to_date: string }>(
      `DELETE FROM holidays WHERE id = $1 RETURNING name_ar, from_date::text AS from_date, to_date::text AS to_date`,
      [id],
    );
    const row = removed.rows[0];
    return row && { nameAr: row.name_ar, from: row.from_date, to: row.to_date };
  }
}
