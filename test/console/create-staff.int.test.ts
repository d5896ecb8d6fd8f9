import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { verifyPassword } from '../../src/console/auth/password';
import { PgliteDatabase } from '../../src/store/pglite-database';
import { AppProcess, freePort } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';

/** `npm run staff:create` as an administrator runs it: the embedded database in a fresh DATA_DIR. */
const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/cli/create-staff.ts');

describe('npm run staff:create', () => {
  let dataDir = '';
  const env = () => ({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    PROFILE_PATH: path.join(ROOT, 'profiles/demo.yaml'),
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-staff-create-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  async function account(id: string) {
    const db = await PgliteDatabase.open({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const found = await db.query<{ display_name: string; roles: string[]; password_hash: string }>(
        'SELECT display_name, roles, password_hash FROM staff_accounts WHERE id = $1',
        [id],
      );
      return found.rows[0];
    } finally {
      await db.close();
    }
  }

  it('creates the first administrator with a password piped in, and never prints it', async () => {
    const run = spawnSync(TSX, [CLI, '--id', 'noura', '--name', 'Noura', '--password-stdin'], {
      cwd: ROOT,
      env: env(),
      input: 'piped secret passphrase\n',
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('Account "noura" created with roles admin. Sign in at /console/.\n');
    expect(run.stdout + run.stderr).not.toContain('piped secret');
    const row = await account('noura');
    expect(row).toMatchObject({ display_name: 'Noura', roles: ['admin'] });
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.password_hash, 'piped secret passphrase')).toBe(true);
  }, 60_000);

  it('refuses a short password, an existing account without --reset-password, and a bad role', () => {
    const short = spawnSync(TSX, [CLI, '--id', 'sami', '--name', 'Sami', '--password-stdin'], {
      cwd: ROOT,
      env: env(),
      input: 'short\n',
      encoding: 'utf8',
    });
    expect([short.status, short.stderr]).toEqual([2, 'the password must have at least 10 characters\n']);
    const again = spawnSync(TSX, [CLI, '--id', 'noura', '--password-stdin'], {
      cwd: ROOT,
      env: env(),
      input: 'another long one\n',
      encoding: 'utf8',
    });
    expect([again.status, again.stderr]).toEqual([
      2,
      'account "noura" exists already: add --reset-password to give it a new password\n',
    ]);
    const role = spawnSync(
      TSX,
      [CLI, '--id', 'sami', '--name', 'Sami', '--roles', 'king', '--password-stdin'],
      { cwd: ROOT, env: env(), input: 'long enough pw\n', encoding: 'utf8' },
    );
    expect(role.status).toBe(2);
    expect(role.stderr).toContain('"king" is not a role');
  }, 60_000);

  it('asks for the password twice in a terminal without echoing it', async () => {
    // `script` gives the command a terminal; we type only after each prompt shows, as a person would.
    if (spawnSync('script', ['--version']).status !== 0)
      throw new Error('util-linux `script` is needed for this test');
    const child = spawn(
      'script',
      ['-qfec', `${TSX} ${CLI} --id hala --name Hala --roles admin,manager`, '/dev/null'],
      {
        cwd: ROOT,
        env: env(),
      },
    );
    let screen = '';
    const waitFor = (text: string, from: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" in: ${screen}`)), 30_000);
        const check = () => {
          if (screen.indexOf(text, from) >= 0) {
            clearTimeout(timer);
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor('Password: ', 0);
    child.stdin.write('typed secret passphrase\r');
    await waitFor('Password again: ', 0);
    child.stdin.write('typed secret passphrase\r');
    await waitFor('created', 0);
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(screen).not.toContain('typed secret');
    expect(await account('hala')).toMatchObject({ roles: ['admin', 'manager'] });
  }, 60_000);

  it('works while the app runs on the embedded database, through the app; the first start printed the setup link', async () => {
    const running = await mkdtemp(path.join(os.tmpdir(), 'tawasul-staff-running-'));
    const port = await freePort();
    const app = new AppProcess(
      {
        DATA_DIR: running,
        DATABASE_URL: '',
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: freshQueuePrefix(),
        HTTP_PORT: String(port),
        TERMINAL_CHAT: 'false',
        LOG_LEVEL: 'info',
        PROFILE_PATH: path.join(ROOT, 'profiles/demo.yaml'),
      },
      { captureOutput: true },
    );
    const cli = (args: string[], input: string) =>
      spawnSync(TSX, [CLI, ...args], {
        cwd: ROOT,
        env: { ...env(), DATA_DIR: running },
        input,
        encoding: 'utf8',
      });
    try {
      await app.start();
      const links = () => app.output.match(/First-run setup: open (\S+)/g) ?? [];
      expect(links()).toHaveLength(1);
      expect(links()[0]).toMatch(
        new RegExp(`open http://127\\.0\\.0\\.1:${port}/console/setup#[A-Za-z]{48}$`),
      );

      const created = cli(['--id', 'rana', '--name', 'Rana', '--password-stdin'], 'rana long passphrase\n');
      expect([created.status, created.stderr]).toEqual([0, '']);
      expect(created.stdout).toBe(
        'Account "rana" created with roles admin. Sign in at /console/. (through the running app)\n',
      );
      const duplicate = cli(['--id', 'rana', '--password-stdin'], 'another long one\n');
      expect([duplicate.status, duplicate.stderr]).toEqual([
        2,
        'account "rana" exists already: add --reset-password to give it a new password\n',
      ]);
      const reset = cli(['--id', 'rana', '--reset-password', '--password-stdin'], 'rana new passphrase\n');
      expect(reset.stdout).toBe(
        'New password set for "rana" (0 session(s) ended). (through the running app)\n',
      );

      // The running app signs her in with the new password: the account is in its database.
      const base = `http://127.0.0.1:${port}`;
      const csrf = await fetch(`${base}/api/auth/csrf`);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: (csrf.headers.get('set-cookie') ?? '').split(';')[0]!,
          'x-csrf-token': ((await csrf.json()) as { token: string }).token,
        },
        body: JSON.stringify({ staffId: 'rana', password: 'rana new passphrase' }),
      });
      expect(login.status).toBe(200);

      // With an administrator, a restart prints no setup link.
      expect(await app.stop()).toBe(0);
      await app.start();
      expect(links()).toHaveLength(1);
    } finally {
      await app.kill();
      await rm(running, { recursive: true, force: true });
    }
  }, 120_000);
});
