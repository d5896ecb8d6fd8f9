import type { SqlExecutor } from './database';

/** A column that may hold sealed values: any text, varchar, json or jsonb column of a table. */
export interface TextColumn {
  table: string;
  column: string;
  type: 'text' | 'character varying' | 'json' | 'jsonb';
}

/** One row of a table by its primary key's values, in key order. */
export type RowKey = unknown[];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Any table's sealed values (`enc:v1:` in a text or JSON column), found and rewritten by primary key:
 * the key rotation (`npm run keys:rotate`, src/ops/reseal.ts) reseals columns it was never told about.
 */
export class PgSealedValuesRepository {
  /** Every column that may hold a sealed value, table by table. */
  async textColumns(db: SqlExecutor): Promise<TextColumn[]> {
    const found = await db.query<{ table_name: string; column_name: string; data_type: TextColumn['type'] }>(
      `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
         AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
         AND c.table_name <> 'schema_migrations'
       ORDER BY c.table_name, c.ordinal_position`,
    );
    return found.rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
  }

  /** The primary-key columns of `table`, in key order; [] when it has none. */
  async primaryKey(db: SqlExecutor, table: string): Promise<string[]> {
    const found = await db.query<{ name: string }>(
      `SELECT a.attname AS name
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [quote(table)],
    );
    return found.rows.map((row) => row.name);
  }

  /** How many rows hold a sealed value in `column`, and their keys (none without a primary key). */
  async rowsWithSealed(
    db: SqlExecutor,
    place: TextColumn,
    keys: readonly string[],
  ): Promise<{ count: number; keys: RowKey[] }> {
    const found = await db.query<{ key: string }>(
      `SELECT json_build_array(${keys.map(quote).join(', ') || 'ctid::text'})::text AS key
       FROM ${quote(place.table)} WHERE ${quote(place.column)}::text LIKE '%enc:v1:%'`,
    );
    return {
      count: found.rowCount,
      keys: keys.length === 0 ? [] : found.rows.map((r) => JSON.parse(r.key) as RowKey),
    };
  }

  /**
   * The ids of the keys `column`'s sealed values were sealed with. A sealed value is `enc:v1:` and
   * base64url of key id (8 ascii) | iv | …: its first 11 characters hold the key id's 64 bits.
   */
  async keyIdsIn(db: SqlExecutor, place: TextColumn): Promise<string[]> {
    const found = await db.query<{ head: string }>(
      `SELECT DISTINCT (m.parts)[1] AS head
       FROM ${quote(place.table)}
       CROSS JOIN LATERAL regexp_matches(${quote(place.column)}::text, 'enc:v1:([A-Za-z0-9_-]{11})', 'g') AS m(parts)
       WHERE ${quote(place.column)}::text LIKE '%enc:v1:%'`,
    );
    const ids = found.rows.map((r) =>
      Buffer.from(`${r.head}A`, 'base64url').subarray(0, 8).toString('latin1'),
    );
    return [...new Set(ids.filter((id) => /^[0-9a-f]{8}$/.test(id)))];
  }

  /** The value (as text) of one row's column, the row locked for the transaction. */
  async lockValue(
    tx: SqlExecutor,
    place: TextColumn,
    keys: readonly string[],
    row: RowKey,
  ): Promise<string | null | undefined> {
    const found = await tx.query<{ value: string | null }>(
      `SELECT ${quote(place.column)}::text AS value FROM ${quote(place.table)} WHERE ${where(keys)} FOR UPDATE`,
      row,
    );
    return found.rows[0]?.value;
  }

  /** Writes one row's column (given as text, cast to the column's type). */
  async writeValue(
    tx: SqlExecutor,
    place: TextColumn,
    keys: readonly string[],
    row: RowKey,
    value: string,
  ): Promise<void> {
    const cast = place.type === 'character varying' ? 'varchar' : place.type;
    await tx.query(
      `UPDATE ${quote(place.table)} SET ${quote(place.column)} = $${keys.length + 1}::${cast} WHERE ${where(keys)}`,
      [...row, value],
    );
  }
}

const where = (keys: readonly string[]) => keys.map((key, i) => `${quote(key)} = $${i + 1}`).join(' AND ');

/** The ids of every key a sealed value anywhere in the database was sealed with (one scan of each text column). */
export async function sealedKeyIdsIn(db: SqlExecutor): Promise<string[]> {
  const repository = new PgSealedValuesRepository();
  const ids = new Set<string>();
  for (const column of await repository.textColumns(db)) {
    for (const id of await repository.keyIdsIn(db, column)) ids.add(id);
  }
  return [...ids].sort();
}
