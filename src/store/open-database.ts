import path from 'node:path';
import { StartupError } from '../config/startup-error';
import type { Database } from './database';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

export interface OpenDatabaseOptions {
  /** A PostgreSQL server (`DATABASE_URL`). Absent or empty: the embedded database. */
  databaseUrl?: string | undefined;
  /** The app's data folder; the embedded database lives in `<dataDir>/pglite` (created when missing). */
  dataDir: string;
  /** Receives errors of idle server connections, which never crash the process (server only). */
  onError?: (error: Error) => void;
}

/**
 * Opens the store the environment asks for: the PostgreSQL server at `databaseUrl`, or else the embedded
 * PGlite database in `<dataDir>/pglite`. A server that cannot be reached fails here, with what to fix
 * (`code: 'ERR_DATABASE_UNREACHABLE'`), not at the first query.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const databaseUrl = options.databaseUrl?.trim();
  if (!databaseUrl) {
    return PgliteDatabase.open({ dataDir: path.join(options.dataDir, 'pglite') });
  }
  try {
    return await PostgresDatabase.connect({
      connectionString: databaseUrl,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  } catch (error) {
    throw unreachableError(databaseUrl, error);
  }
}

const HINT = 'check DATABASE_URL or unset it to use the embedded database';

function unreachableError(databaseUrl: string, error: unknown): StartupError {
  const where = serverAddress(databaseUrl);
  const code = errorCode(error);
  const message =
    code === undefined || code.startsWith('E')
      ? // A network failure (ECONNREFUSED, ENOTFOUND, ETIMEDOUT...) or a connection timeout.
        `cannot reach PostgreSQL at ${where} (${code ?? errorMessage(error)}): ${HINT}`
      : // The server answered but refused: SQLSTATE such as 28P01 (password) or 3D000 (no such database).
        `PostgreSQL at ${where} refused the connection: ${errorMessage(error)} (${code}): ${HINT}`;
  return new StartupError('ERR_DATABASE_UNREACHABLE', message, { cause: error });
}

/** `host:port` from the URL, never its password. */
function serverAddress(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || '5432'}`;
  } catch {
    return 'the server in DATABASE_URL';
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node reports a host with several addresses (IPv4 and IPv6) as an AggregateError.
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
