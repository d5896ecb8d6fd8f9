import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * telegraf is imported in src/telegram/ only (STYLE.md: an SDK lives in its own folder). Both bots
 * reach Telegram through that folder, so a second Telegram client cannot quietly grow back.
 */
const ROOT = path.join(__dirname, '../..');
const HOME = 'src/telegram/';

/** The files (relative paths) that import telegraf, or one of its entry points, outside its home. */
function strayImports(files: ReadonlyMap<string, string>): string[] {
  const importsTelegraf = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]telegraf(?:\/[^'"]*)?['"]/;
  return [...files]
    .filter(([file, source]) => !file.startsWith(HOME) && importsTelegraf.test(source))
    .map(([file]) => file);
}

function sources(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.posix.join(folder, entry.split(path.sep).join('/'));
    found.set(file, readFileSync(path.join(ROOT, file), 'utf8'));
  }
  return found;
}

describe('telegraf stays in src/telegram/', () => {
  it('finds the imports it hunts (planted)', () => {
    const planted = new Map([
      ['src/staff-bot/planted-a.ts', "import { TelegramError } from 'telegraf';"],
      ['src/channels/telegram/planted-b.ts', "import type { Update } from 'telegraf/types';"],
      ['src/cases/planted-c.ts', "const { Telegram } = require('telegraf');"],
      ['src/telegram/planted-d.ts', "import { Telegraf } from 'telegraf';"],
      ['src/staff-bot/planted-e.ts', "import { TelegramError } from '../telegram/telegram-errors';"],
    ]);
    expect(strayImports(planted)).toEqual([
      'src/staff-bot/planted-a.ts',
      'src/channels/telegram/planted-b.ts',
      'src/cases/planted-c.ts',
    ]);
  });

  it('holds in src/ and bench/', () => {
    const all = new Map([...sources('src'), ...sources('bench')]);
    expect([...all.keys()].filter((file) => file.startsWith(HOME)).length).toBeGreaterThan(5);
    expect(strayImports(all)).toEqual([]);
  });
});
