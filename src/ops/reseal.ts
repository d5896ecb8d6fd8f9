import type { FsDocumentStore } from '../documents/fs-document-store';
import type { FieldCipher } from '../security/field-cipher';
import type { Database } from '../store/database';
import { PgSealedValuesRepository } from '../store/sealed-values-repository';
import { countedPhase, type Progress } from './progress';

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

const sealed = new PgSealedValuesRepository();

/**
 * Re-seals, with the cipher's current key, every sealed value in the database: any text, varchar, json
 * or jsonb column of any table, whole values and strings nested in JSON alike, so columns sealed in the
 * future are covered without a change here. Runs in batches of short transactions, each row locked and
 * re-read before it is rewritten, so the app can keep running. Idempotent: values already sealed with
 * the current key are left alone.
 */
export async function resealDatabase(
  db: Database,
  cipher: FieldCipher,
  progress?: Progress,
): Promise<ResealReport> {
  const report = emptyReport();
  for (const column of await sealed.textColumns(db)) {
    const place = `${column.table}.${column.column}`;
    const keys = await sealed.primaryKey(db, column.table);
    const found = await sealed.rowsWithSealed(db, column, keys);
    if (found.count === 0) continue;
    if (keys.length === 0) {
      report.unreadable += found.count;
      report.samples.push(
        `${place}: the table has no primary key, so its ${found.count} value(s) were not re-sealed`,
      );
      continue;
    }
    const tally = { place, resealed: 0, current: 0 };
    const phase = countedPhase(progress, `resealing ${place}`, found.keys.length);
    const isJson = column.type === 'json' || column.type === 'jsonb';
    for (let start = 0; start < found.keys.length; start += BATCH) {
      const batch = found.keys.slice(start, start + BATCH);
      await db.transaction(async (tx) => {
        for (const row of batch) {
          const stored = await sealed.lockValue(tx, column, keys, row);
          if (stored === null || stored === undefined) continue;
          const counts = { resealed: 0, current: 0, unreadable: [] as string[] };
          const next = isJson
            ? JSON.stringify(resealJson(JSON.parse(stored) as unknown, cipher, counts))
            : String(resealJson(stored, cipher, counts));
          tally.resealed += counts.resealed;
          tally.current += counts.current;
          for (const reason of counts.unreadable) note(report, `${place} #${row.join(',')}: ${reason}`);
          if (counts.resealed > 0) await sealed.writeValue(tx, column, keys, row, next);
          phase.tick();
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
export async function resealDocuments(
  store: FsDocumentStore,
  cipher: FieldCipher,
  progress?: Progress,
): Promise<ResealReport> {
  const report = emptyReport();
  const tally = { place: 'documents', resealed: 0, current: 0 };
  const refs: string[] = [];
  for await (const ref of store.refs()) refs.push(ref);
  const phase = countedPhase(progress, 'resealing documents', refs.length);
  for (const ref of refs) {
    phase.tick();
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
