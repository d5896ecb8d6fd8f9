import * as z from './strict-zod';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';
import type { Lang } from '../domain/lang';
import { NOTICE_KEYS } from '../domain/notice-keys';
import { nearestKey } from '../domain/text/nearest-key';
import { placeholderNames } from '../domain/text/placeholders';

/** The profile key of the template that asks a person to write again, so a held message can follow. */
export const REOPEN_TEMPLATE_KEY = 'whatsappCloud.reopen';

/** Every key `whatsappTemplates` takes: the notifications, and the re-open template. */
export const TEMPLATE_KEYS: readonly string[] = [...NOTICE_KEYS, REOPEN_TEMPLATE_KEY];

/** The template languages when a mapping names none. */
export const DEFAULT_TEMPLATE_LANGUAGES: readonly Lang[] = ['ar', 'en'];

export const WhatsappTemplate = z.object({
  /** The template's name in WhatsApp Manager (Meta: lower-case letters, digits and underscores). */
  name: z
    .string()
    .regex(
      /^[a-z0-9_]{1,512}$/,
      'use lower-case letters, digits and underscores, as WhatsApp Manager does (e.g. "tawasul_request_approved")',
    ),
  /** The languages it was submitted in; both when left out. */
  languages: z
    .array(z.enum(['ar', 'en']))
    .min(1)
    .optional(),
  /**
   * The text's placeholders in the order of the template's `{{1}}`, `{{2}}`…; by default the order they
   * first appear in the locale text (what `npm run whatsapp:templates` prints).
   */
  params: z.array(z.string().min(1)).optional(),
});
export type WhatsappTemplate = z.infer<typeof WhatsappTemplate>;

const LOCALES: Record<Lang, unknown> = { ar, en };

function localeText(lang: Lang, key: string): string | undefined {
  let node: unknown = LOCALES[lang];
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * `whatsappTemplates`: from a notification's locale key (or `whatsappCloud.reopen`) to the WhatsApp
 * template approved for it. Checked at load: a key that is not a notification is refused with the
 * nearest one, and `params` must name exactly the placeholders of the locale text in every language.
 */
export const WhatsappTemplates = z
  .record(z.string(), WhatsappTemplate)
  .default({})
  .superRefine((templates, ctx) => {
    const names = new Map<string, string>();
    for (const [key, template] of Object.entries(templates)) {
      if (!TEMPLATE_KEYS.includes(key)) {
        const near = nearestKey(key, TEMPLATE_KEYS);
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            `"${key}" is not a notification that may need a template` +
            (near ? `: did you mean "${near}"?` : '') +
            ` (the keys are NOTICE_KEYS in src/domain/notice-keys.ts, and ${REOPEN_TEMPLATE_KEY})`,
        });
        continue;
      }
      const other = names.get(template.name);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key, 'name'],
          message: `template "${template.name}" is already used for "${other}": each notification has its own`,
        });
      }
      names.set(template.name, key);
      if (!template.params) continue;
      for (const lang of template.languages ?? DEFAULT_TEMPLATE_LANGUAGES) {
        const text = localeText(lang, key);
        if (text === undefined) continue;
        const used = placeholderNames(text);
        const given = template.params;
        const same =
          given.length === used.length &&
          new Set(given).size === given.length &&
          used.every((n) => given.includes(n));
        if (!same) {
          ctx.addIssue({
            code: 'custom',
            path: [key, 'params'],
            message: `params must name each placeholder of the ${lang} text once, in any order: ${used.join(', ') || '(none)'}`,
          });
        }
      }
    }
  });
export type WhatsappTemplates = z.infer<typeof WhatsappTemplates>;
