import { copyFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { ConfigError } from '../config/config-error';
import { loadProfile } from '../config/load-profile';
import type { Profile } from '../config/profile-schema';
import { writeFileAtomic } from './atomic-write';
import { OpsError } from './ops-error';

/** What a profile holds, in one line for the operator. */
export function describeProfile(profile: Profile): string {
  return (
    `${profile.association.name.ar} — ${profile.services.length} service(s), ${profile.faq.length} FAQ ` +
    `entr${profile.faq.length === 1 ? 'y' : 'ies'}, ${profile.categories.length} categor${
      profile.categories.length === 1 ? 'y' : 'ies'
    }, ${profile.staff.length} staff`
  );
}

/** Reads and validates a profile file; an invalid one becomes an {@link OpsError} listing its problems. */
function validated(file: string, role: string): Profile {
  try {
    return loadProfile(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new OpsError(
      'ERR_PROFILE_INVALID',
      `${role}: ${error.message}`,
      'fix the file (src/config/profile-schema.ts has every rule; profiles/demo.yaml is a working example) and run the command again',
    );
  }
}

/**
 * Copies the profile in force (`from`, i.e. PROFILE_PATH) to `to`, after checking it against the schema,
 * byte for byte so its comments stay. The copy is written atomically.
 */
export async function exportProfile(from: string, to: string): Promise<{ profile: Profile; bytes: number }> {
  const profile = validated(from, 'the profile in force');
  const text = await readFile(from);
  await writeFileAtomic(to, text);
  return { profile, bytes: text.length };
}

export interface ImportResult {
  profile: Profile;
  /** False when the target already held exactly this file. */
  changed: boolean;
  /** Where the profile it replaced was kept. */
  previous?: string;
}

/**
 * Installs the profile file `from` as `to` (PROFILE_PATH) after checking it against the schema: an invalid
 * file changes nothing. The old file is kept beside it as `<to>.previous`; the new one is written
 * atomically, so the app never reads half a profile. Takes effect when the app restarts.
 */
export async function importProfile(from: string, to: string): Promise<ImportResult> {
  const profile = validated(from, 'the new profile');
  const text = await readFile(from);
  if (existsSync(to)) {
    const current = await readFile(to);
    if (current.equals(text)) return { profile, changed: false };
    const previous = `${to}.previous`;
    await copyFile(to, previous);
    await writeFileAtomic(to, text);
    return { profile, changed: true, previous };
  }
  await writeFileAtomic(to, text);
  return { profile, changed: true };
}
