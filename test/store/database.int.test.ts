import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/store/database';
import { migrate } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/open-database';
import { PostgresDatabase } from '../../src/store/postgres-database';
import { describeEachDatabase, selectedBackends } from '../support/databases';

describeEachDatabase('Database', (getDb, { openAnother }) => {
  describe('query', () => {
    it('runs parameterised statements and counts the rows they return or touch', async () => {
      const db = getDb();
      expect(await db.query('CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL)')).toEqual({
        rows: [],
        rowCount: 0,
      });
      const inserted = await db.query(
        'INSERT INTO people (id, name) VALUES ($1, $2), ($3, $4) RETURNING id',
        [1, 'سارة', 2, 'Omar'],
      );
      expect(inserted).toEqual({ rows: [{ id: 1 }, { id: 2 }], rowCount: 2 });

      const found = await db.query<{ name: string }>('SELECT name FROM people WHERE id = $1', [1]);
      expect(found).toEqual({ rows: [{ name: 'سارة' }], rowCount: 1 });
      expect(await db.query('UPDATE people SET name = upper(name) WHERE id > $1', [0])).toMatchObject({
        rowCount: 2,
      });
      expect(await db.query('DELETE FROM people WHERE id = $1', [99])).toEqual({ rows: [], rowCount: 0 });
      expect(await db.query('SELECT count(*) AS n FROM people WHERE name = $1', [null])).toEqual({
        rows: [{ n: 0 }],
        rowCount: 1,
      });
    });

    it('runs several statements when there are no parameters and returns the last result', async () => {
      const result = await getDb().query(
        'CREATE TABLE script (n int); INSERT INTO script VALUES (1), (2), (3); SELECT sum(n) AS total FROM script',
      );
      expect(result).toEqual({ rows: [{ total: 6 }], rowCount: 1 });
    });

    it('reports SQL errors with their SQLSTATE code and without the parameters', async () => {
      const db = getDb();
      await db.query('CREATE TABLE unique_phone (phone text PRIMARY KEY)');
      await db.query('INSERT INTO unique_phone VALUES ($1)', ['+966500000001']);
      const error = await db.query('INSERT INTO unique_phone VALUES ($1)', ['+966500000001']).catch((e) => e);
      expect(error).toMatchObject({ code: '23505', constraint: 'unique_phone_pkey' });
      expect(error).not.toHaveProperty('params');
      await expect(db.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });
    });
  });

  describe('values', () => {
    it('round-trips jsonb: objects in, objects out', async () => {
      const db = getDb();
      await db.query('CREATE TABLE snapshots (id int PRIMARY KEY, state jsonb NOT NULL)');
      const state = {
        flow: 'complaint',
        step: 'askCategory',
        context: { name: 'سارة', tries: 2, ok: true, x: null },
      };
      await db.query('INSERT INTO snapshots VALUES ($1, $2), ($3, $4)', [
        1,
        state,
        2,
        JSON.stringify([1, 'two']),
      ]);

      const { rows } = await db.query('SELECT id, state FROM snapshots ORDER BY id');
      expect(rows).toEqual([
        { id: 1, state },
        { id: 2, state: [1, 'two'] },
      ]);
      const byField = await db.query("SELECT id FROM snapshots WHERE state->'context'->>'name' = $1", [
        'سارة',
      ]);
      expect(byField.rows).toEqual([{ id: 1 }]);
      const built = await db.query('SELECT jsonb_build_object($1::text, $2::int) AS j', ['count', 3]);
      expect(built.rows).toEqual([{ j: { count: 3 } }]);
    });

    it('round-trips timestamptz as Date, whatever the session time zone', async () => {
      const db = getDb();
      const at = new Date('2024-05-01T10:20:30.123Z');
      const rows = await db.transaction(async (tx) => {
        await tx.query("SET LOCAL TIME ZONE 'Asia/Riyadh'");
        return (
          await tx.query('SELECT $1::timestamptz AS at, $1::timestamptz::text AS shown, now() AS now', [at])
        ).rows;
      });
      expect(rows[0]?.at).toEqual(at);
      expect(rows[0]?.shown).toBe('2024-05-01 13:20:30.123+03');
      expect(rows[0]?.now).toBeInstanceOf(Date);
    });

    it('returns int8 as number and refuses to round one beyond 2^53', async () => {
      const db = getDb();
      const { rows } = await db.query(
        'SELECT 42::int8 AS id, count(*) AS n, ARRAY[1, 9007199254740991]::int8[] AS ids FROM (VALUES (1), (2)) v(x)',
      );
      expect(rows).toEqual([{ id: 42, n: 2, ids: [1, 9007199254740991] }]);
      await expect(db.query('SELECT 9007199254740993::int8 AS big')).rejects.toThrow(RangeError);
      await expect(db.query('SELECT ARRAY[9007199254740993]::int8[] AS big')).rejects.toThrow(RangeError);
      expect((await db.query('SELECT 1 AS still_usable')).rows).toEqual([{ still_usable: 1 }]);
    });

    it('returns date, timestamp, interval and numeric as text, bytea as Buffer', async () => {
      const { rows } = await getDb().query(
        `SELECT '2024-03-01'::date AS day, ARRAY['2024-03-02'::date, NULL] AS days,
                '2024-03-01 10:00:00'::timestamp AS local_time, '1 day 2 hours'::interval AS span,
                1.50::numeric AS amount, '\\x0102'::bytea AS bytes, $1::bool AS yes, $2::text[] AS words`,
        [true, ['أ', 'b']],
      );
      expect(rows).toEqual([
        {
          day: '2024-03-01',
          days: ['2024-03-02', null],
          local_time: '2024-03-01 10:00:00',
          span: '1 day 02:00:00',
          amount: '1.50',
          bytes: Buffer.from([1, 2]),
          yes: true,
          words: ['أ', 'b'],
        },
      ]);
    });
  });

  describe('transaction', () => {
    beforeAll(async () => {
      await getDb().query('CREATE TABLE counters (id text PRIMARY KEY, n int NOT NULL)');
    });

    it('commits when the callback resolves and returns its value', async () => {
      const db = getDb();
      const value = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO counters VALUES ($1, $2)', ['commit', 1]);
        await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', ['commit']);
        return 'done';
      });
      expect(value).toBe('done');
      expect((await db.query('SELECT n FROM counters WHERE id = $1', ['commit'])).rows).toEqual([{ n: 2 }]);
    });

    it('rolls back and rethrows the same error when the callback throws', async () => {
      const db = getDb();
      const failure = new Error('validation failed');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO counters VALUES ($1, $2)', ['thrown', 1]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect((await db.query('SELECT * FROM counters WHERE id = $1', ['thrown'])).rowCount).toBe(0);
    });

    it('rolls back on a failing statement and the database stays usable', async () => {
      const db = getDb();
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO counters VALUES ($1, $2)', ['failed', 1]);
          await tx.query('INSERT INTO counters VALUES ($1, $2)', ['failed', 2]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await db.query('SELECT * FROM counters WHERE id = $1', ['failed'])).rowCount).toBe(0);
      await db.transaction((tx) => tx.query('INSERT INTO counters VALUES ($1, $2)', ['after', 1]));
      expect((await db.query('SELECT n FROM counters WHERE id = $1', ['after'])).rows).toEqual([{ n: 1 }]);
    });

    it('refuses to report a commit when a caught statement error made it roll back', async () => {
      const db = getDb();
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO counters VALUES ($1, $2)', ['swallowed', 1]);
          await tx.query('SELECT * FROM no_such_table').catch(() => undefined);
        }),
      ).rejects.toMatchObject({ code: '25P02', message: 'Transaction was rolled back instead of committed' });
      expect((await db.query('SELECT * FROM counters WHERE id = $1', ['swallowed'])).rowCount).toBe(0);
    });

    it('fails fast, instead of hanging, when the database itself is used inside its transaction', async () => {
      const db = getDb();
      await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toThrow(
        /use the transaction's executor/,
      );
      await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toThrow(
        /inside db.transaction/,
      );
    });

    it('refuses a transaction executor kept after the transaction ended', async () => {
      const db = getDb();
      const kept = await db.transaction(async (tx) => tx);
      await expect(kept.query('SELECT 1')).rejects.toThrow(/already ended/);
    });

    it('serialises concurrent transactions on one row with SELECT ... FOR UPDATE', async () => {
      const db = getDb();
      const other = await openAnother();
      await db.query('INSERT INTO counters VALUES ($1, 0)', ['race']);
      const increment = (on: Database) =>
        on.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('SELECT n FROM counters WHERE id = $1 FOR UPDATE', [
            'race',
          ]);
          // Yield between read and write, so unserialised transactions would lose updates.
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query('UPDATE counters SET n = $2 WHERE id = $1', ['race', (rows[0]?.n ?? 0) + 1]);
        });
      const worker = async (on: Database) => {
        for (let i = 0; i < 50; i += 1) await increment(on);
      };
      // Two workers, like two processes: two pools on the server, the one instance on PGlite.
      await Promise.all([worker(db), worker(other)]);
      expect((await db.query('SELECT n FROM counters WHERE id = $1', ['race'])).rows).toEqual([{ n: 100 }]);
    });
  });

  describe('migrate', () => {
    let root: string;

    beforeAll(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'tawasul-migrations-'));
      await getDb().query('CREATE TABLE migration_runs (seq serial PRIMARY KEY, name text NOT NULL)');
    });

    afterAll(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    async function folder(name: string, files: Record<string, string>): Promise<string> {
      const dir = path.join(root, name);
      await fs.mkdir(dir, { recursive: true });
      for (const [file, sql] of Object.entries(files)) await fs.writeFile(path.join(dir, file), sql);
      return dir;
    }

    const run = (name: string, extra = '') =>
      `${extra}\nINSERT INTO migration_runs (name) VALUES ('${name}');`;

    it('applies the .sql files in file-name order, each once, and records them', async () => {
      const db = getDb();
      const dir = await folder('ordered', {
        '010_a_seed.sql': run('010', "INSERT INTO a_cases (ref, note) VALUES ('R-1', 'first');"),
        '002_a_note.sql': run('002', 'ALTER TABLE a_cases ADD COLUMN note text;'),
        '001_a_cases.sql': run('001', '-- a comment\nCREATE TABLE a_cases (ref text PRIMARY KEY);'),
        'README.md': 'not a migration',
      });

      const progress: string[] = [];
      const first = await migrate(db, {
        dir,
        onApplied: ({ name, n, total }) => progress.push(`${n}/${total} ${name}`),
      });
      expect(first).toEqual({ applied: ['001_a_cases.sql', '002_a_note.sql', '010_a_seed.sql'], total: 3 });
      // Start-up shows "migration n/m applied" with these.
      expect(progress).toEqual(['1/3 001_a_cases.sql', '2/3 002_a_note.sql', '3/3 010_a_seed.sql']);
      expect((await db.query('SELECT name FROM migration_runs ORDER BY seq')).rows).toEqual([
        { name: '001' },
        { name: '002' },
        { name: '010' },
      ]);
      expect((await db.query('SELECT ref, note FROM a_cases')).rows).toEqual([{ ref: 'R-1', note: 'first' }]);
      const recorded = await db.query<{ name: string; applied_at: unknown }>(
        "SELECT name, applied_at FROM schema_migrations WHERE name LIKE '0%_a_%' ORDER BY name",
      );
      expect(recorded.rows.map((row) => row.name)).toEqual([
        '001_a_cases.sql',
        '002_a_note.sql',
        '010_a_seed.sql',
      ]);
      expect(recorded.rows[0]?.applied_at).toBeInstanceOf(Date);

      expect((await migrate(db, { dir })).applied).toEqual([]);
      expect((await db.query('SELECT count(*) AS n FROM migration_runs')).rows).toEqual([{ n: 3 }]);
    });

    it('rolls back a failing migration, names it, keeps the ones before it, and resumes once fixed', async () => {
      const db = getDb();
      const dir = await folder('failing', {
        '101_b_ok.sql': run('101', 'CREATE TABLE b_ok (id int);'),
        '102_b_broken.sql': run('102', 'CREATE TABLE b_half (id int);\nSELECT no_such_function();'),
      });
      await expect(migrate(db, { dir })).rejects.toMatchObject({
        code: 'ERR_MIGRATION_FAILED',
        message: expect.stringMatching(/^migration 102_b_broken\.sql failed.*no_such_function/),
        cause: expect.objectContaining({ code: '42883' }),
      });
      expect(
        (await db.query("SELECT to_regclass('b_ok') IS NOT NULL AS ok, to_regclass('b_half') AS half")).rows,
      ).toEqual([{ ok: true, half: null }]);

      await fs.writeFile(path.join(dir, '102_b_broken.sql'), run('102', 'CREATE TABLE b_half (id int);'));
      expect((await migrate(db, { dir })).applied).toEqual(['102_b_broken.sql']);
    });

    it('applies each migration once when two migrators start at once', async () => {
      const db = getDb();
      const other = await openAnother();
      const names = ['201_c.sql', '202_c.sql', '203_c.sql', '204_c.sql', '205_c.sql'];
      const dir = await folder(
        'concurrent',
        Object.fromEntries(names.map((name) => [name, run(name, 'SELECT pg_sleep(0.05);')])),
      );

      const results = await Promise.all([migrate(db, { dir }), migrate(other, { dir })]);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
      const runs = await db.query(
        "SELECT name, count(*) AS n FROM migration_runs WHERE name LIKE '20%' GROUP BY name",
      );
      expect(runs.rows).toHaveLength(5);
      expect(runs.rows.every((row) => row.n === 1)).toBe(true);
    });

    it('says which folder it could not read', async () => {
      await expect(migrate(getDb(), { dir: path.join(root, 'missing') })).rejects.toThrow(
        /cannot read the migrations folder .*missing/,
      );
    });
  });
});

const describeOnServer = selectedBackends().includes('postgres') ? describe : describe.skip;

describeOnServer('PostgresDatabase when the server drops a connection', () => {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  let db: PostgresDatabase;
  let admin: PostgresDatabase;
  const errors: Error[] = [];

  beforeAll(async () => {
    db = await PostgresDatabase.connect({
      connectionString: url,
      max: 1,
      onError: (error) => errors.push(error),
    });
    admin = await PostgresDatabase.connect({ connectionString: url, max: 1 });
  });

  afterAll(async () => {
    await Promise.all([db.close(), admin.close()]);
  });

  const terminate = (pid: unknown) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  it('reports an idle connection killed by the server to onError, and the next query reconnects', async () => {
    const { rows } = await db.query('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0]?.pid);
    for (let waited = 0; errors.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(errors).toHaveLength(1);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('fails the transaction whose connection is killed, and the pool recovers', async () => {
    await expect(
      db.transaction(async (tx) => {
        const { rows } = await tx.query('SELECT pg_backend_pid() AS pid');
        await terminate(rows[0]?.pid);
        await tx.query('SELECT 1');
      }),
      // The server's "terminating connection", or pg's own "connection error … not queryable" when the
      // client saw the connection die before it sent the query: a race, the same failure.
    ).rejects.toThrow(/terminat|connection error/);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('openDatabase', () => {
  it('fails with what to fix when the PostgreSQL server cannot be reached', async () => {
    const error = await openDatabase({
      databaseUrl: 'postgres://tawasul:s3cret@127.0.0.1:1/tawasul',
      dataDir: os.tmpdir(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_DATABASE_UNREACHABLE',
      message:
        'cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED): check DATABASE_URL or unset it to use the embedded database',
    });
  });

  if (selectedBackends().includes('postgres')) {
    it('says when the server refuses the connection, without the password', async () => {
      const url = new URL(process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
      url.pathname = '/tawasul_no_such_database';
      url.password = 's3cret';
      const error = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() }).catch(
        (e: Error) => e,
      );
      expect((error as Error).message).toMatch(
        /^PostgreSQL at [^ ]+ refused the connection: .*tawasul_no_such_database.* \(3D000\): check DATABASE_URL/,
      );
      expect((error as Error).message).not.toContain('s3cret');
    });
  }

  it('opens the embedded database in <dataDir>/pglite, keeps its data, and keeps a second process out', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tawasul-data-'));
    try {
      const first = await openDatabase({ databaseUrl: '', dataDir: path.join(dataDir, 'nested') });
      expect(first.kind).toBe('pglite');
      await first.query('CREATE TABLE kept (v text); INSERT INTO kept VALUES (1)');
      await expect(openDatabase({ dataDir: path.join(dataDir, 'nested') })).rejects.toThrow(
        `already open in process ${process.pid} (this one)`,
      );
      const secondProcess = await openInAnotherProcess(path.join(dataDir, 'nested'));
      expect(secondProcess).toMatchObject({ code: 3 });
      expect(secondProcess.stderr).toContain(
        `already open in process ${process.pid}: PGlite allows one process`,
      );
      await first.close();

      // A lock left by a process that died is taken over.
      await fs.writeFile(path.join(dataDir, 'nested', 'pglite.lock'), '999999999\n');

      const again = await openDatabase({ dataDir: path.join(dataDir, 'nested') });
      expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: '1' }]);
      await again.close();
      await expect(fs.stat(path.join(dataDir, 'nested', 'pglite', 'PG_VERSION'))).resolves.toBeTruthy();
      await expect(fs.stat(path.join(dataDir, 'nested', 'pglite.lock'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000); // a new data folder runs initdb: seconds
});

/** Runs `openDatabase` on `dataDir` in a separate Node process; resolves with its exit code and stderr. */
function openInAnotherProcess(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  const script = `require('./src/store/open-database').openDatabase({ dataDir: ${JSON.stringify(dataDir)} })
    .then(() => process.exit(0), (error) => { console.error(error.message); process.exit(3); })`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '-e', script],
      { cwd: path.join(__dirname, '..', '..') },
      (error, _out, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}
