/**
 * Creates a console account — the first administrator, typically — from the command line:
 *
 *   npm run staff:create -- --id admin --name "Noura" [--roles admin,manager] [--categories families]
 *                           [--telegram 123456789] [--password-stdin] [--reset-password]
 *
 * Missing id or name are asked for; the password is always asked for without echo (twice), or read from
 * standard input with `--password-stdin` (for scripts: `printf '%s\n' "$PW" | npm run staff:create -- …`).
 * It is never accepted as an argument, which would leave it in the shell history and the process list.
 * Roles default to `admin`; a staff member listed in the profile under the same id lends their name,
 * roles, categories and Telegram id as defaults. `--reset-password` sets a new password on an existing
 * account (and signs it out everywhere). `DATABASE_URL` / `DATA_DIR` choose the database as for `npm start`;
 * with the embedded database and the app running, the account is saved through the app's control socket.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config-error';
import { loadEnv, type Env } from '../config/env';
import { loadProfile } from '../config/load-profile';
import { StaffRole } from '../config/profile-schema';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../console/auth/password';
import { askRunningApp, controlSocketPath } from '../ops/control-socket';
import {
  existingStaffAccount,
  saveStaffAccount,
  StaffAccountProblem,
  type StaffAccountRequest,
} from '../ops/staff-accounts';
import { migrate } from '../store/migrate';
import { openDatabase } from '../store/open-database';

const ID = /^[a-z][a-z0-9-]*$/;

class UsageError extends Error {}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}

/** Reads a line from the terminal without showing what is typed. */
async function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new UsageError('no terminal to ask the password in: pipe it in with --password-stdin');
  }
  // Raw mode (no echo) before the prompt shows: whatever is typed after it is never displayed.
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  process.stdout.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError(`missing ${question.replace(/: $/, '')}: pass it as an option`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      categories: { type: 'string' },
      telegram: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'reset-password': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'npm run staff:create -- --id <id> --name <name> [--roles admin,manager] [--categories a,b] ' +
        '[--telegram <user id>] [--password-stdin] [--reset-password]\n',
    );
    return;
  }
  const env = loadEnv(process.env);
  const profile = loadProfile(env.PROFILE_PATH);
  const id = (values.id ?? (await ask('Staff id (sign-in name, e.g. admin): '))).toLowerCase();
  if (!ID.test(id))
    throw new UsageError(`--id "${id}": use lower-case letters, digits and dashes, starting with a letter`);
  const listed = profile.staff.find((s) => s.id === id);
  const roles = list(values.roles) ?? listed?.roles ?? ['admin'];
  for (const role of roles) {
    if (!StaffRole.safeParse(role).success) {
      throw new UsageError(`--roles: "${role}" is not a role; use ${StaffRole.options.join(', ')}`);
    }
  }
  const telegram = values.telegram === undefined ? listed?.telegramUserId : Number(values.telegram);
  if (telegram !== undefined && !(Number.isSafeInteger(telegram) && telegram > 0)) {
    throw new UsageError('--telegram: the staff member’s numeric Telegram user id');
  }

  const target = await openTarget(env);
  try {
    const existing = await target.existing(id);
    if (existing && !values['reset-password']) {
      throw new UsageError(`account "${id}" exists already: add --reset-password to give it a new password`);
    }
    const name = existing?.name ?? values.name ?? listed?.name ?? (await ask('Name: '));
    if (!name) throw new UsageError('--name: the staff member’s name is needed');

    let password: string;
    if (values['password-stdin']) {
      password = await readStdin();
    } else {
      password = await askHidden('Password: ');
      if ((await askHidden('Password again: ')) !== password)
        throw new UsageError('the two passwords differ');
    }
    if (passwordProblem(password)) {
      throw new UsageError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const saved = await target.save({
      id,
      name,
      roles: roles as StaffRole[],
      categories: list(values.categories) ?? listed?.categories ?? [],
      telegramUserId: telegram ?? null,
      password,
      resetPassword: values['reset-password'],
    });
    process.stdout.write(`${saved}\n`);
  } finally {
    await target.close();
  }
}

/** Where the account is written: the database, or the running app that holds the embedded one. */
interface Target {
  existing(id: string): Promise<{ name: string } | undefined>;
  save(request: StaffAccountRequest): Promise<string>;
  close(): Promise<void>;
}

/**
 * The embedded database is the running app's alone (one process per data folder): when the app runs,
 * its control socket takes the request. Otherwise, and always with a PostgreSQL server (which many
 * processes share), the database is opened here.
 */
async function openTarget(env: Env): Promise<Target> {
  if (!env.DATABASE_URL && (await appIsRunning(env.DATA_DIR))) {
    return {
      async existing(id) {
        const found = await askRunningApp(env.DATA_DIR, 'GET', `/staff-accounts/${id}`);
        return found.body.exists === true ? { name: String(found.body.name) } : undefined;
      },
      async save(request) {
        const saved = await askRunningApp(env.DATA_DIR, 'POST', '/staff-accounts', request);
        if (saved.status === 200) return `${String(saved.body.message)} (through the running app)`;
        if (saved.status < 500) throw new UsageError(String(saved.body.error));
        throw new Error(String(saved.body.error));
      },
      close: async () => undefined,
    };
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await migrate(db);
  return {
    existing: (id) => existingStaffAccount(db, id),
    async save(request) {
      try {
        return await saveStaffAccount(db, request);
      } catch (error) {
        throw error instanceof StaffAccountProblem ? new UsageError(error.message) : error;
      }
    },
    close: () => db.close(),
  };
}

/** Whether an app answers on the data folder's control socket (a file left by a dead one does not). */
async function appIsRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(controlSocketPath(dataDir))) return false;
  try {
    await askRunningApp(dataDir, 'GET', '/staff-accounts/-');
    return true;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  const known = error instanceof UsageError || error instanceof ConfigError;
  process.stderr.write(
    `${known ? '' : 'staff:create failed: '}${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = known ? 2 : 1;
});
