import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from './config-error';
import { Profile } from './profile-schema';

/**
 * Reads and validates the association profile. A broken profile stops start-up with the file,
 * the path inside it and what to write instead.
 */
export function loadProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read the association profile "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)}): ` +
        'set PROFILE_PATH to your profile file, or unset it to use profiles/demo.yaml',
    );
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`the association profile "${path}" is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = Profile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - at ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ConfigError(
      `the association profile "${path}" has ${problems.length} problem(s):\n${problems.join('\n')}`,
    );
  }
  return parsed.data;
}
