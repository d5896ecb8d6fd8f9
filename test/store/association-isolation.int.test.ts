import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AssociationDatabase } from '../../src/store/association-database';
import type { Database } from '../../src/store/database';
import { migrate } from '../../src/store/migrate';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { createTestDatabase, describeEachDatabase, selectedBackends } from '../support/databases';

const conversations = new PgConversationRepository();
const MIGRATIONS = path.join(__dirname, '../../src/store/migrations');
const SHARED_TABLES = ['associations', 'platform_events', 'schema_migrations'];

/** Two associations beside `default`, each with one person on Telegram user 777 (the same user). */
async function twoAssociations(root: Database): Promise<{ a: AssociationDatabase; b: AssociationDatabase }> {
  await root.query(
    `INSERT INTO associations (id, name) VALUES ('al-birr', 'البر'), ('al-wafa', 'الوفاء') ON CONFLICT DO NOTHING`,
  );
  const a = new AssociationDatabase(root, 'al-birr');
  const b = new AssociationDatabase(root, 'al-wafa');
  for (const view of [a, b]) {
    await view.transaction(async (tx) => {
      const { conversationId } = await conversations.identify(tx, 'telegram', { channelUserId: '777' });
      // Telegram numbers messages per chat: both bots see a message 1 from user 777.
      await conversations.recordInbound(tx, conversationId, {
        channel: 'telegram',
        channelMessageId: '1',
        sender: { channelUserId: '777' },
        text: `hello from ${view.associationId}`,
        media: [],
        receivedAt: new Date(0),
      });
    });
  }
  return { a, b };
}

describeEachDatabase(
  'association isolation',
  (getDb) => {
    it('gives every table but the shared two an association and a row-level policy', async () => {
      const { rows } = await getDb().query<{
        table: string;
        has_column: boolean;
        rls: boolean;
        policies: number;
      }>(
        `SELECT c.relname AS table,
                EXISTS (SELECT 1 FROM information_schema.columns col
                        WHERE col.table_schema = current_schema() AND col.table_name = c.relname
                          AND col.column_name = 'association_id' AND col.is_nullable = 'NO') AS has_column,
                c.relrowsecurity AS rls,
                (SELECT count(*)::int FROM pg_policies p
                 WHERE p.schemaname = current_schema() AND p.tablename = c.relname) AS policies
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
      );
      expect(rows.length).toBeGreaterThan(30);
      const unguarded = rows
        .filter((row) => !SHARED_TABLES.includes(row.table))
        .filter((row) => !row.has_column || !row.rls || row.policies === 0)
        .map((row) => row.table);
      expect(unguarded).toEqual([]);
    });

    it('lets each association see and change its own rows only, the same Telegram user in both', async () => {
      const root = getDb();
      const { a, b } = await twoAssociations(root);
      const texts = async (view: Database): Promise<string[]> =>
        (
          await view.query<{ t: string }>(`SELECT payload->>'text' AS t FROM inbound_messages ORDER BY id`)
        ).rows.map((row) => row.t);
      expect(await texts(a)).toEqual(['hello from al-birr']);
      expect(await texts(b)).toEqual(['hello from al-wafa']);

      const bIds = (await b.query<{ id: string }>('SELECT id FROM conversations')).rows.map((row) => row.id);
      expect(bIds).toHaveLength(1);
      // al-birr, knowing al-wafa's conversation id, can neither read, change nor delete it.
      expect((await a.query('SELECT 1 FROM conversations WHERE id = $1', bIds)).rowCount).toBe(0);
      expect((await a.query(`UPDATE conversations SET snapshot = '{}' WHERE id = $1`, bIds)).rowCount).toBe(
        0,
      );
      expect((await a.query('DELETE FROM conversations WHERE id = $1', bIds)).rowCount).toBe(0);
      expect((await b.query('SELECT 1 FROM conversations WHERE id = $1', bIds)).rowCount).toBe(1);
      // Nor write a row into it, nor move one of its own rows there.
      await expect(a.query(`INSERT INTO beneficiaries (association_id) VALUES ('al-wafa')`)).rejects.toThrow(
        /row-level security/,
      );
      await expect(a.query(`UPDATE beneficiaries SET association_id = 'al-wafa'`)).rejects.toThrow(
        /row-level security/,
      );
      // Its own association row is the only one it sees; it cannot suspend or rename it.
      expect((await a.query<{ id: string }>('SELECT id FROM associations')).rows).toEqual([
        { id: 'al-birr' },
      ]);
      await expect(a.query(`UPDATE associations SET status = 'suspended'`)).rejects.toThrow(
        /permission denied/,
      );
    });

    it('shows nothing to the app role when no association is set, and accepts nothing from it', async () => {
      const root = getDb();
      await twoAssociations(root);
      const [counted] = await root.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE tawasul_app');
        return (
          await tx.query<{ n: number }>(
            'SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM inbound_messages) + (SELECT count(*) FROM associations) AS n',
          )
        ).rows;
      });
      expect(counted).toEqual({ n: 0 });
      const outside = root.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE tawasul_app');
        await tx.query('INSERT INTO beneficiaries DEFAULT VALUES');
      });
      await expect(outside).rejects.toThrow(/row-level security/);
      // The owner (migrations, backups, the platform's operator) is not bound.
      expect((await root.query('SELECT 1 FROM conversations')).rowCount).toBeGreaterThanOrEqual(2);
    });

    it("announces an association's commits to its own listeners only", async () => {
      const root = getDb();
      const { a, b } = await twoAssociations(root);
      const heard: string[] = [];
      const stops = [a, b].map((view) =>
        view.committed.on('outbox', ({ ids }) => heard.push(`${view.associationId}:${ids.join(',')}`)),
      );
      try {
        await a.transaction(async (tx) => tx.afterCommit({ topic: 'outbox', ids: ['1'] }));
        await expect(
          b.transaction(async (tx) => {
            tx.afterCommit({ topic: 'outbox', ids: ['2'] });
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect(heard).toEqual(['al-birr:1']);
        // The owner's own commits (a CLI, a restore) concern every association: each looks for its rows.
        await root.transaction(async (tx) => tx.afterCommit({ topic: 'outbox', ids: ['3'] }));
        expect(heard).toEqual(['al-birr:1', 'al-birr:3', 'al-wafa:3']);
        await a.close();
        await root.transaction(async (tx) => tx.afterCommit({ topic: 'outbox', ids: ['4'] }));
        expect(heard).toEqual(['al-birr:1', 'al-birr:3', 'al-wafa:3', 'al-wafa:4']);
      } finally {
        stops.forEach((stop) => stop());
      }
    });

    it('runs at most maxConcurrent of its transactions at once, the others in turn', async () => {
      const view = new AssociationDatabase(getDb(), 'default', { maxConcurrent: 1 });
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      await Promise.all(
        [1, 2, 3].map((n) =>
          view.transaction(async (tx) => {
            inside++;
            most = Math.max(most, inside);
            await tx.query('SELECT 1');
            order.push(n);
            inside--;
          }),
        ),
      );
      expect([most, order]).toEqual([1, [1, 2, 3]]);
    });

    it('refuses an association id that is not one', () => {
      expect(() => new AssociationDatabase(getDb(), "x'; DROP TABLE outbox; --")).toThrow(
        /not an association id/,
      );
    });
  },
  { migrate: true },
);

describe.each(selectedBackends())('an existing database migrating in place (%s)', (backend) => {
  it('becomes the association "default", its rows intact and visible to it alone', async () => {
    const before = await mkdtemp(path.join(os.tmpdir(), 'tawasul-pre-023-'));
    const names = (await readdir(MIGRATIONS)).filter((name) => name < '023');
    await Promise.all(names.map((name) => cp(path.join(MIGRATIONS, name), path.join(before, name))));
    const test = await createTestDatabase(backend, { migrate: before });
    try {
      const root = test.db;
      await root.transaction((tx) => conversations.identify(tx, 'webchat', { channelUserId: 'visitor-1' }));
      const { applied } = await migrate(root);
      expect(applied).toContain('023_associations.sql');
      const own = new AssociationDatabase(root, 'default');
      const { rows } = await own.query<{ channel_user_id: string; association_id: string }>(
        'SELECT channel_user_id, association_id FROM conversations',
      );
      expect(rows).toEqual([{ channel_user_id: 'visitor-1', association_id: 'default' }]);
      await root.query(`INSERT INTO associations (id, name) VALUES ('other', 'other')`);
      expect(
        (await new AssociationDatabase(root, 'other').query('SELECT 1 FROM conversations')).rowCount,
      ).toBe(0);
    } finally {
      await test.dispose();
      await rm(before, { recursive: true, force: true });
    }
  }, 60_000);
});
