import { z } from 'zod';

/** How the database is kept in a backup. */
export const DumpKind = z.enum([
  /** `pg_dump --format=custom` of a PostgreSQL server; restored with `pg_restore`. */
  'pg_dump',
  /** An image of the embedded PGlite data folder (`dumpDataDir`); restored as a new data folder. */
  'pglite',
  /** Every row as JSON lines (`portable-dump.ts`); restores into either backend. */
  'rows',
]);
export type DumpKind = z.infer<typeof DumpKind>;

/** `manifest.json` at the root of a backup archive: what it holds, so restore can check before it acts. */
export const BackupManifest = z.object({
  format: z.literal('tawasul-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.object({
    kind: DumpKind,
    /** The file or folder inside the archive. */
    path: z.string(),
    /** Where it was taken from. */
    source: z.enum(['pglite', 'postgres']),
    serverMajor: z.number().int(),
    /** The migrations applied when it was taken: the schema it needs. */
    migrations: z.array(z.string()),
    /** Rows per table when it was taken. */
    rows: z.record(z.string(), z.number().int()),
  }),
  documents: z.object({ count: z.number().int(), bytes: z.number().int() }),
  encryption: z.object({
    /** The key sealing new data when the backup was taken; the archive never holds a key. */
    currentKeyId: z.string(),
    /** Every key configured then (current and old): values in the backup may be sealed with any of them. */
    keyIds: z.array(z.string()),
  }),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const MANIFEST_FILE = 'manifest.json';
export const KEY_REMINDER_FILE = 'ENCRYPTION-KEY-README.txt';
