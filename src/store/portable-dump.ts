import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Database, SqlExecutor } from './database';

const FETCH = 1000;
const INSERT_BATCH = 500;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of the current schema holding Tawasul's data (not the migration record). */
export async function dataTables(db: SqlExecutor): Promise<string[]> {
  const found = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename`,
  );
  return found.rows.map((row) => row.name);
}

/**
 * The portable dump: every row of every table as one JSON line, in `<dir>/<table>.jsonl`, read in one
 * repeatable-read transaction (a consistent picture while the app keeps writing). It restores into either
 * backend, so it also moves an embedded installation to a PostgreSQL server. Returns rows per table.
 */
export async function dumpRows(db: Database, dir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    for (const table of await dataTables(tx)) {
      const out = createWriteStream(path.join(dir, `${table}.jsonl`));
      let n = 0;
      await tx.query(
        `DECLARE dump_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${quote(table)} t`,
      );
      for (;;) {
        const batch = await tx.query<{ j: string }>(`FETCH ${FETCH} FROM dump_rows`);
        for (const { j } of batch.rows) {
          if (!out.write(`${j}\n`)) await once(out, 'drain');
        }
        n += batch.rows.length;
        if (batch.rows.length < FETCH) break;
      }
      await tx.query('CLOSE dump_rows');
      out.end();
      await once(out, 'close');
      counts[table] = n;
    }
  });
  return counts;
}

/**
 * Loads a portable dump into a database whose schema is already at the dump's migrations and empty, in
 * one transaction: parents before children (foreign keys), then every serial counter set past its
 * highest id.
 */
export async function loadRows(db: Database, dir: string, tables: readonly string[]): Promise<number> {
  let total = 0;
  await db.transaction(async (tx) => {
    for (const table of await parentsFirst(tx, tables)) {
      // What a migration seeded (the association `default`) gives way to the dump's own rows. Before the
      // file is opened: readline emits lines nobody iterates yet, and they would be lost.
      await tx.query(`DELETE FROM ${quote(table)}`);
      const lines = createInterface({
        input: createReadStream(path.join(dir, `${table}.jsonl`)),
        crlfDelay: Infinity,
      });
      let batch: string[] = [];
      let columns: string[] | undefined;
      const flush = async () => {
        if (batch.length === 0 || !columns) return;
        const list = columns.map(quote).join(', ');
        await tx.query(
          `INSERT INTO ${quote(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
          [`[${batch.join(',')}]`],
        );
        total += batch.length;
        batch = [];
      };
      for await (const line of lines) {
        if (!line) continue;
        columns ??= Object.keys(JSON.parse(line) as Record<string, unknown>);
        batch.push(line);
        if (batch.length >= INSERT_BATCH) await flush();
      }
      await flush();
    }
    await resetSequences(tx);
  });
  return total;
}

/** `tables` ordered so that every table comes after the tables its foreign keys point to. */
async function parentsFirst(db: SqlExecutor, tables: readonly string[]): Promise<string[]> {
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges.rows) {
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      // Tawasul's schema has no such cycle; a future one would need this dump to defer its constraints.
      throw new Error(
        'the tables refer to each other in a cycle: the portable dump cannot be loaded in order; ' +
          'restore a pg_dump or PGlite backup instead',
      );
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** Moves every serial/identity counter past the highest value now in its column. */
async function resetSequences(db: SqlExecutor): Promise<void> {
  const serials = await db.query<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
     FROM information_schema.columns
     WHERE table_schema = current_schema()
       AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  for (const { table_name: table, column_name: column, seq } of serials.rows) {
    await db.query(
      `SELECT setval($1::regclass, coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [seq],
    );
  }
}

/**
 * Empties the current schema of Tawasul's tables (and their sequences) so a dump can be loaded. The
 * caller has made sure nothing in them is wanted (an empty database, or `--force`).
 */
export async function dropAllTables(db: SqlExecutor): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`,
  );
  if (tables.rowCount > 0) {
    await db.query(`DROP TABLE IF EXISTS ${tables.rows.map((r) => quote(r.name)).join(', ')} CASCADE`);
  }
  const sequences = await db.query<{ name: string }>(
    `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = current_schema()`,
  );
  for (const { name } of sequences.rows) await db.query(`DROP SEQUENCE IF EXISTS ${quote(name)} CASCADE`);
}

/** Rows per data table; tables with rows mean the database is in use. */
export async function rowCounts(db: SqlExecutor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await dataTables(db)) {
    const found = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`);
    counts[table] = found.rows[0]?.n ?? 0;
  }
  return counts;
}
