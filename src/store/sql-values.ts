/**
 * @packageDocumentation
 * What SQL values become in JavaScript. Both backends are configured to agree, so a query gives the same
 * row on PGlite and on a PostgreSQL server (the integration suite checks it on both):
 *
 * | SQL type | JavaScript |
 * |---|---|
 * | `int2`, `int4`, `float4`, `float8`, `oid` | `number` |
 * | `int8` / `bigint` (also `count(*)`, `bigserial`) | `number`; beyond `Number.MAX_SAFE_INTEGER` the query fails with a `RangeError` instead of rounding silently (select such a value `::text`) |
 * | `numeric` | `string` (exact) |
 * | `json`, `jsonb` | the parsed value |
 * | `timestamptz` | `Date` |
 * | `date` | `'YYYY-MM-DD'` string (a calendar day, not an instant) |
 * | `timestamp` (without time zone) | string as PostgreSQL prints it; use `timestamptz` for instants |
 * | `interval` | string as PostgreSQL prints it (`'1 day 02:00:00'`) |
 * | `bytea` | `Buffer` |
 * | arrays of the above | arrays of the same |
 *
 * Parameters: `Date` for `timestamptz`; a plain object for `json`/`jsonb` is JSON-encoded by both drivers. A
 * string is sent as it is, so pass `JSON.stringify(value)` for a JSON array or a top-level JSON string:
 * node-postgres turns a JavaScript array into a PostgreSQL array literal (`{1,2}`), which `jsonb` rejects.
 * Other types are not normalised.
 */
/** PostgreSQL type oids whose parsing or serialising this project sets. */
export const PgOid = {
  BYTEA: 17,
  INT8: 20,
  TEXT: 25,
  JSON: 114,
  BPCHAR: 1042,
  VARCHAR: 1043,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  INTERVAL: 1186,
  JSONB: 3802,
  INT8_ARRAY: 1016,
  TIMESTAMP_ARRAY: 1115,
  DATE_ARRAY: 1182,
  INTERVAL_ARRAY: 1187,
} as const;

/** Parses an `int8` text value to a number, refusing values a double cannot hold exactly. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `int8 value ${text} does not fit a JavaScript number exactly: select it as ::text (or numeric)`,
    );
  }
  return value;
}

/** Parses `bytea` in PostgreSQL's default hex output (`\x0102`) to a Buffer. */
export function parseBytea(text: string): Buffer {
  if (!text.startsWith('\\x')) {
    throw new Error("bytea arrived in 'escape' format: set bytea_output = 'hex' (the PostgreSQL default)");
  }
  return Buffer.from(text.slice(2), 'hex');
}

/** Keeps the text PostgreSQL printed. */
export function keepText(text: string): string {
  return text;
}
