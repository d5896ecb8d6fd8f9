import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The backup service's command as docker-compose.yml runs it, with --once, on the embedded database. */
const ROOT = path.join(__dirname, '../..');
let dir: string;

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${command}.ts`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: path.join(dir, 'data'), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-backup-schedule-'));
  expect(run('migrate', []).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup-schedule --once', () => {
  it('backs up into DATA_DIR/backups, logs the run, and keeps the newest BACKUP_KEEP archives', () => {
    const backups = path.join(dir, 'data', 'backups');
    const first = run('backup-schedule', ['--once'], { BACKUP_KEEP: '1' });
    expect(first.status).toBe(0);
    // The backup's progress goes to stderr, phase by phase; nothing else does.
    expect(first.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^backup: opening the embedded database in .*…$/),
      'backup: dumping the database (pglite)…',
      expect.stringMatching(
        /^backup: packing the database and 0 document\(s\) \(0\.0 MB\) into the archive…$/,
      ),
    ]);
    expect(first.out).toContain('backup-schedule: starting a backup');
    expect(first.out).toContain(`backup: wrote ${backups}/tawasul-backup-`);
    expect(first.out).toMatch(/backup-schedule: backup done in [\d.]+ s; nothing to delete \(keeping 1\)/);
    const [kept] = readdirSync(backups);

    const second = run('backup-schedule', ['--once'], { BACKUP_KEEP: '1' });
    expect(second.status).toBe(0);
    expect(second.out).toContain(`backup-schedule: backup done in`);
    expect(second.out).toContain(`; deleted ${kept}`);
    const now = readdirSync(backups);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(kept);
  }, 120_000);

  it('stops at once, exit 2, on a wrong schedule, naming the variable', () => {
    const result = run('backup-schedule', [], { BACKUP_AT: '2:3O' });
    expect(result.status).toBe(2);
    expect(result.err).toContain('backup-schedule: BACKUP_AT=2:3O is not a time of day');
    expect(result.err).toContain('  fix: correct these in .env and start it again');
  });

  it('says when a backup fails and keeps the archives there are', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'tawasul-backup-empty-'));
    try {
      const result = run('backup-schedule', ['--once'], { DATA_DIR: empty });
      expect(result.status).toBe(1);
      expect(result.err).toContain('backup: the database has no Tawasul schema: nothing to back up');
      expect(result.out).toMatch(
        /backup FAILED \(exit 2, [\d.]+ s\); older archives kept, next try tomorrow/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
