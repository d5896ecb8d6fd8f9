import { runProgram } from './archive';

/** The major version of a PostgreSQL client program (`pg_dump`, `pg_restore`), or undefined when it is missing. */
export async function clientMajor(program: 'pg_dump' | 'pg_restore'): Promise<number | undefined> {
  try {
    const { stdout } = await runProgram(program, ['--version']);
    const match = /(\d+)(?:\.\d+)?/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Arguments and environment for a client program from a `DATABASE_URL`: the password goes in PGPASSWORD,
 * not on the command line, where any user of the machine could read it.
 */
export function connectionFor(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

export async function pgDump(databaseUrl: string, file: string): Promise<void> {
  const { dbname, env } = connectionFor(databaseUrl);
  await runProgram(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`],
    { env },
  );
}

export async function pgRestore(databaseUrl: string, file: string): Promise<void> {
  const { dbname, env } = connectionFor(databaseUrl);
  await runProgram(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${dbname}`, file],
    { env },
  );
}
