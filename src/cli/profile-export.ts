/**
 * `npm run profile:export -- <file>`: checks the profile in force (PROFILE_PATH) against the schema and
 * copies it to <file>, atomically (comments kept).
 */
import { describeProfile, exportProfile } from '../ops/profile-file';
import { onePositional, runCommand } from './cli-support';

const usage = 'npm run profile:export -- <file.yaml>';
runCommand({ name: 'profile:export', usage, options: {} }, async ({ positionals, env }) => {
  const to = onePositional(positionals, 'the file to write the profile to', usage);
  const { profile, bytes } = await exportProfile(env.PROFILE_PATH, to);
  console.log(`profile:export: ${env.PROFILE_PATH} is valid: ${describeProfile(profile)}`);
  console.log(`profile:export: wrote ${bytes} bytes to ${to}`);
});
