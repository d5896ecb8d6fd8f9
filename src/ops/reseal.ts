import type { FsDocumentStore } from '../documents/fs-document-store';
import type { FieldCipher } from '../security/field-cipher';
import type { Database, SqlExecutor } from '../store/database';

/** A sealed value as `FieldCipher.seal` writes it: the prefix, then at least key id + iv + tag in base64url. */
const SEALED = /^enc:v1:[A-Za-z0-9_-]{48,}$/;
const KEY_ID = /^[0-9a-f]{8}$/;
const BATCH = 200;
/** How many unreadable values are named in the report; the rest are only counted. */
const SAMPLES = 20;

export interface ResealReport {
  /** Values or documents sealed again with the current key. */
  resealed: number;
  /** Already sealed with the current key: left alone (a second run finds only these). */
  current: number;
  /** Documents stored in plain bytes (from before encryption was on), sealed now. */
  sealedPlain: number;
  /** Could not be opened with any configured key: nothing was changed for them. */
  unreadable: number;
  /** Where the first unreadable ones are (`table.column #key`, `documents/<ref>`) and why. */
  samples: string[];
  /** Per place, what was done (only places that hold sealed values). */
  places: { place: string; resealed: number; current: number }[];
}

function emptyReport(): ResealReport {
  return { resealed: 0, current: 0, sealedPlain: 0, unreadable: 0, samples: [], places: [] };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Re-seals, with the cipher's current key, every sealed value in the database: any text, varchar, json
 * or jsonb column of any table, whole values and strings nested in JSON alike, so columns sealed in the
 * future are covered without a change here. Runs in batches of short transactions, each row locked and
 * re-read before it is rewritten, so the app can keep running. Idempotent: values already sealed with
 * the current key are left alone.
 */
export async function resealDatabase(db: Database, cipher: FieldCipher): Promise<ResealReport> {
  const report = emptyReport();
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
       AND c.table_name <> 'schema_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const { table_name: table, column_name: column, data_type: type } of columns.rows) {
    const place = `${table}.${column}`;
    const keys = await primaryKey(db, table);
    const candidates = await db.query<{ key: string }>(
      `SELECT json_build_array(${keys.map(quote).join(', ') || 'ctid::text'})::text AS key
       FROM ${quote(table)} WHERE ${quote(column)}::text LIKE '%enc:v1:%'`,
    );
    if (candidates.rowCount === 0) continue;
    if (keys.length === 0) {
      report.unreadable += candidates.rowCount;
      report.samples.push(
        `${place}: the table has no primary key, so its ${candidates.rowCount} value(s) were not re-sealed`,
      );
      continue;
    }
    const tally = { place, resealed: 0, current: 0 };
    const where = keys.map((key, i) => `${quote(key)} = $${i + 1}`).join(' AND ');
    const cast = type === 'character varying' ? 'varchar' : type;
    for (let start = 0; start < candidates.rows.length; start += BATCH) {
      const batch = candidates.rows.slice(start, start + BATCH);
      await db.transaction(async (tx) => {
        for (const { key } of batch) {
          const keyValues = JSON.parse(key) as unknown[];
          const found = await tx.query<{ value: string | null }>(
            `SELECT ${quote(column)}::text AS value FROM ${quote(table)} WHERE ${where} FOR UPDATE`,
            keyValues,
          );
          const stored = found.rows[0]?.value;
          if (stored === null || stored === undefined) continue;
          const isJson = type === 'json' || type === 'jsonb';
          const counts = { resealed: 0, current: 0, unreadable: [] as string[] };
          const next = isJson
            ? JSON.stringify(resealJson(JSON.parse(stored) as unknown, cipher, counts))
            : resealJson(stored, cipher, counts);
          tally.resealed += counts.resealed;
          tally.current += counts.current;
          for (const reason of counts.unreadable) note(report, `${place} #${keyValues.join(',')}: ${reason}`);
          if (counts.resealed > 0) {
            await tx.query(
              `UPDATE ${quote(table)} SET ${quote(column)} = $${keys.length + 1}::${cast} WHERE ${where}`,
              [...keyValues, next],
            );
          }
        }
      });
    }
    report.resealed += tally.resealed;
    report.current += tally.current;
    report.places.push(tally);
  }
  return report;
}

/**
 * Re-seals every document in the store with the current key, in place (same ref). A document stored
 * plain, from before encryption was on, is sealed. Idempotent like {@link resealDatabase}.
 */
export async function resealDocuments(store: FsDocumentStore, cipher: FieldCipher): Promise<ResealReport> {
  const report = emptyReport();
  const tally = { place: 'documents', resealed: 0, current: 0 };
  for await (const ref of store.refs()) {
    const bytes = await store.get(ref);
    const keyId = bytes.subarray(0, 8).toString('latin1');
    if (!KEY_ID.test(keyId) || bytes.length < 36) {
      await store.replace(ref, cipher.sealBytes(bytes));
      report.sealedPlain += 1;
      continue;
    }
    if (keyId === cipher.currentId) {
      tally.current += 1;
      continue;
    }
    try {
      await store.replace(ref, cipher.sealBytes(cipher.openBytes(bytes)));
      tally.resealed += 1;
    } catch (error) {
      note(report, `documents/${ref}: ${(error as Error).message}`);
    }
  }
  report.resealed = tally.resealed;
  report.current = tally.current;
  report.places.push(tally);
  return report;
}

function note(report: ResealReport, sample: string): void {
  report.unreadable += 1;
  if (report.samples.length < SAMPLES) report.samples.push(sample);
}

/** `value` with every sealed string in it sealed with the current key; counts what it did. */
function resealJson(
  value: unknown,
  cipher: FieldCipher,
  counts: { resealed: number; current: number; unreadable: string[] },
): unknown {
  if (typeof value === 'string') {
    if (!SEALED.test(value)) return value;
    if (cipher.sealedWith(value) === cipher.currentId) {
      counts.current += 1;
      return value;
    }
    try {
      const again = cipher.seal(cipher.open(value));
      counts.resealed += 1;
      return again;
    } catch (error) {
      counts.unreadable.push((error as Error).message);
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((item) => resealJson(item, cipher, counts));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resealJson(item, cipher, counts)]),
    );
  }
  return value;
}

/** The primary-key columns of `table`, in key order; [] when it has none. */
async function primaryKey(db: SqlExecutor, table: string): Promise<string[]> {
  const found = await db.query<{ name: string }>(
    `SELECT a.attname AS name
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [quote(table)],
  );
  return found.rows.map((row) => row.name);
}
