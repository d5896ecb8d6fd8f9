/**
 * `npm run profile:import -- <file>`: checks <file> against the profile schema and, when it is valid,
 * installs it as PROFILE_PATH atomically (the old one kept as `<PROFILE_PATH>.previous`). An invalid file
 * changes nothing. Restart the app to apply it.
 */
import { describeProfile, importProfile } from '../ops/profile-file';
import { onePositional, runCommand } from './cli-support';

const usage = 'npm run profile:import -- <file.yaml>   (installs it as PROFILE_PATH)';
runCommand({ name: 'profile:import', usage, options: {} }, async ({ positionals, env }) => {
  const from = onePositional(positionals, 'the profile file to import', usage);
  const result = await importProfile(from, env.PROFILE_PATH);
  console.log(`profile:import: ${from} is valid: ${describeProfile(result.profile)}`);
  if (!result.changed) {
    console.log(`profile:import: ${env.PROFILE_PATH} already holds this profile; nothing changed`);
    return;
  }
  console.log(`profile:import: installed it as ${env.PROFILE_PATH}`);
  if (result.previous) console.log(`profile:import: the profile it replaced is kept as ${result.previous}`);
  console.log('profile:import: restart Tawasul to apply it (docker compose restart app)');
});
