import { randomBytes } from 'node:crypto';
import { PostgresDatabase } from '../../src/store/postgres-database';
import { MAX_PREPARED_STATEMENTS } from '../../src/store/prepared-names';
import { selectedBackends } from '../support/databases';

const describeOnServer = selectedBackends().includes('postgres') ? describe : describe.skip;

/**
 * Named prepared statements on the server (issue #8): each parameterised text is planned once per
 * connection, and neither a schema change, a forgotten statement nor a lost connection breaks a query.
 */
describeOnServer('PostgresDatabase prepared statements', () => {
  const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `tawasul_p_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  let admin: PostgresDatabase;
  let db: PostgresDatabase;
  const errors: Error[] = [];

  /** The statements prepared on the pool's one connection, by text. */
  const prepared = async () =>
    (await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map(
      (r) => r.statement,
    );

  beforeAll(async () => {
    admin = await PostgresDatabase.connect({ connectionString: adminUrl, max: 1 });
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    // One connection: what one test prepares, the next query sees.
    db = await PostgresDatabase.connect({
      connectionString: url.toString(),
      max: 1,
      onError: (e) => errors.push(e),
    });
  });

  afterAll(async () => {
    await db?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.close();
  });

  it('prepares a parameterised text once, and never a text without parameters', async () => {
    await db.query('CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, $$a$$)');
    const select = 'SELECT body FROM notes WHERE id = $1';
    for (let i = 0; i < 3; i++) expect((await db.query(select, [1])).rows).toEqual([{ body: 'a' }]);
    await db.query('SELECT body FROM notes WHERE id = 1');
    await db.transaction((tx) => tx.query('UPDATE notes SET body = $2 WHERE id = $1', [1, 'b']));
    const statements = await prepared();
    expect(statements.filter((s) => s === select)).toHaveLength(1);
    expect(statements).toContain('UPDATE notes SET body = $2 WHERE id = $1');
    expect(statements).not.toContain('SELECT body FROM notes WHERE id = 1');
    expect(statements.some((s) => s.startsWith('CREATE'))).toBe(false);
  });

  it('survives a migration that changes a prepared result type: the query runs again', async () => {
    await db.query('CREATE TABLE counters (id int PRIMARY KEY, n int); INSERT INTO counters VALUES (1, 7)');
    const select = 'SELECT n FROM counters WHERE id = $1';
    expect((await db.query(select, [1])).rows).toEqual([{ n: 7 }]);
    // A migration (another process, in effect) makes the same text return text, not int.
    await db.query('ALTER TABLE counters ALTER COLUMN n TYPE text');
    expect((await db.query(select, [1])).rows).toEqual([{ n: '7' }]);
  });

  it('fails one transaction on a stale statement and the next one succeeds', async () => {
    await db.query(
      'CREATE TABLE flags (id int PRIMARY KEY, on_ boolean); INSERT INTO flags VALUES (1, true)',
    );
    const select = 'SELECT on_ FROM flags WHERE id = $1';
    await db.transaction((tx) => tx.query(select, [1]));
    await db.query('ALTER TABLE flags ALTER COLUMN on_ TYPE text');
    await expect(db.transaction((tx) => tx.query(select, [1]))).rejects.toMatchObject({ code: '0A000' });
    expect(await db.transaction((tx) => tx.query(select, [1]))).toMatchObject({ rows: [{ on_: 'true' }] });
  });

  it('after one stale statement, replaces the other connections that prepared it too', async () => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const two = await PostgresDatabase.connect({ connectionString: url.toString(), max: 2 });
    try {
      await two.query('CREATE TABLE sizes (id int PRIMARY KEY, n int); INSERT INTO sizes VALUES (1, 3)');
      const select = 'SELECT n FROM sizes WHERE id = $1';
      // Both connections prepare the text, each inside a transaction held open at the same time.
      const both = () =>
        Promise.all(
          [0, 1].map(() =>
            two.transaction(async (tx) => {
              const { rows } = await tx.query(select, [1]);
              await new Promise((resolve) => setTimeout(resolve, 50));
              return rows[0];
            }),
          ),
        );
      expect(await both()).toEqual([{ n: 3 }, { n: 3 }]);
      await two.query('ALTER TABLE sizes ALTER COLUMN n TYPE text');
      await expect(two.transaction((tx) => tx.query(select, [1]))).rejects.toMatchObject({ code: '0A000' });
      expect(await both()).toEqual([{ n: '3' }, { n: '3' }]);
    } finally {
      await two.close();
    }
  });

  it('runs again when the server forgot the statement (DEALLOCATE ALL)', async () => {
    const select = 'SELECT $1::int + 1 AS next';
    expect((await db.query(select, [1])).rows).toEqual([{ next: 2 }]);
    await db.query('DEALLOCATE ALL');
    expect((await db.query(select, [2])).rows).toEqual([{ next: 3 }]);
  });

  it('re-prepares on a new connection after the server ended the old one (a restart)', async () => {
    const select = 'SELECT $1::text AS echo, pg_backend_pid() AS pid';
    const before = (await db.query<{ pid: number }>(select, ['a'])).rows[0]!.pid;
    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    for (let waited = 0; errors.length === 0 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = (await db.query<{ echo: string; pid: number }>(select, ['b'])).rows[0]!;
    expect(after.echo).toBe('b');
    expect(after.pid).not.toBe(before);
    expect(await prepared()).toContain(select);
  });

  it(`holds at most ${MAX_PREPARED_STATEMENTS} statements per connection; more texts still run`, async () => {
    for (let i = 0; i < MAX_PREPARED_STATEMENTS + 20; i++) {
      expect((await db.query(`SELECT $1::int + ${i} AS n`, [1])).rows).toEqual([{ n: 1 + i }]);
    }
    expect((await prepared()).length).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
  });
});
