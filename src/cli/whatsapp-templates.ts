/**
 * `npm run whatsapp:templates [-- --out templates.json]`: prints the WhatsApp templates of the profile in
 * force (PROFILE_PATH: its `whatsappTemplates`, texts from locales/) as a JSON array in the form of Meta's
 * "create message template" API, one per template per language, to submit in WhatsApp Manager or by API.
 * What Meta would refuse, and notifications without a template, go to stderr as warnings.
 */
import { loadProfile } from '../config/load-profile';
import { localeTextSource } from '../i18n/locale-text';
import { writeFileAtomic } from '../ops/atomic-write';
import { whatsappTemplateExport } from '../ops/whatsapp-template-export';
import { runCommand } from './cli-support';

const usage = 'npm run whatsapp:templates [-- --out <file.json>]';
runCommand(
  { name: 'whatsapp:templates', usage, options: { out: { type: 'string' } } },
  async ({ values, env }) => {
    const profile = loadProfile(env.PROFILE_PATH);
    const { templates, warnings } = whatsappTemplateExport(
      profile,
      localeTextSource(profile.languages.arabicDigits),
    );
    for (const warning of warnings) console.error(`whatsapp:templates: warning: ${warning}`);
    const json = `${JSON.stringify(templates, null, 2)}\n`;
    if (values.out) {
      await writeFileAtomic(values.out, json);
      console.error(`whatsapp:templates: wrote ${templates.length} template(s) to ${values.out}`);
    } else {
      process.stdout.write(json);
    }
  },
);
