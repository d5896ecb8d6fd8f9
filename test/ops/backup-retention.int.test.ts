import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pruneBackups } from '../../src/ops/backup-retention';

describe('pruneBackups', () => {
  let dir: string;
  const now = new Date('2026-06-10T00:00:00Z');
  const archive = (day: number): string =>
    `tawasul-backup-2026-06-${String(day).padStart(2, '0')}T23-30-00-000Z.tar.gz`;
  const touch = (name: string, at = now): void => {
    writeFileSync(path.join(dir, name), 'x');
    utimesSync(path.join(dir, name), at, at);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-prune-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest archives by their stamp and deletes the older ones, oldest first', async () => {
    // Created out of order: the name's stamp decides, not the order or the file time.
    for (const day of [3, 1, 5, 2, 4]) touch(archive(day));
    expect(await pruneBackups(dir, 3, now)).toEqual([archive(1), archive(2)]);
    expect(readdirSync(dir).sort()).toEqual([archive(3), archive(4), archive(5)]);
  });

  it('never touches files it did not name: an operator-named archive, a copy, notes', async () => {
    for (const day of [1, 2, 3]) touch(archive(day));
    const others = ['before-upgrade.tar.gz', 'tawasul-backup-2026-06-01-copy.tar.gz', 'README.txt'];
    for (const name of others) touch(name);
    expect(await pruneBackups(dir, 1, now)).toEqual([archive(1), archive(2)]);
    expect(readdirSync(dir).sort()).toEqual([...others, archive(3)].sort());
  });

  it('deletes nothing while there are no more archives than it keeps', async () => {
    touch(archive(1));
    expect(await pruneBackups(dir, 14, now)).toEqual([]);
    expect(readdirSync(dir)).toEqual([archive(1)]);
  });

  it('deletes what an interrupted backup left after a day, but not a partial file still being written', async () => {
    const stale = `${archive(1)}.partial`;
    const fresh = `${archive(9)}.partial`;
    touch(stale, new Date(now.getTime() - 25 * 60 * 60 * 1000));
    touch(fresh, new Date(now.getTime() - 60 * 1000));
    expect(await pruneBackups(dir, 14, now)).toEqual([stale]);
    expect(readdirSync(dir)).toEqual([fresh]);
  });
});
