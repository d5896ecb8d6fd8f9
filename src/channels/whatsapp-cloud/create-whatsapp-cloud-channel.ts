import type { Logger } from 'pino';
import { ConfigError } from '../../config/config-error';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { DocumentStore } from '../../documents/document-store';
import { localeTextSource } from '../../i18n/locale-text';
import { createTranslator } from '../../i18n/translator';
import type { SqlExecutor } from '../../store/database';
import { PgWhatsAppContactRepository } from '../../store/whatsapp-contact-repository';
import { PgWhatsAppWindowRepository } from '../../store/whatsapp-window-repository';
import { describeMissingTemplates, TemplateCatalog } from './template-catalog';
import { WhatsAppCloudChannel, type WhatsAppCloudChannelOptions } from './whatsapp-cloud-channel';

/** What the environment says (`WHATSAPP_CLOUD_*`); the rest comes from the instance. */
export type WhatsAppCloudSetup = Pick<
  WhatsAppCloudChannelOptions,
  'graph' | 'appSecret' | 'verifyToken' | 'webhookPath' | 'maxPerSecond' | 'maxPacingWaitMs' | 'maxMediaBytes'
>;

/**
 * The Cloud API channel as the app runs it: the contacts table for who wrote first and the 24-hour
 * window, and the profile's templates. Refuses to build when a notification that may go out after
 * the window has no template in every language the association speaks (the error names the fix).
 */
export function createWhatsAppCloudChannel(
  setup: WhatsAppCloudSetup & {
    db: SqlExecutor;
    documents: DocumentStore;
    logger: Logger;
    profile: Profile;
    now?: () => Date;
  },
): WhatsAppCloudChannel {
  const { db, documents, logger, profile, now, ...env } = setup;
  const digits = profile.languages.arabicDigits;
  const catalog = new TemplateCatalog(
    { templates: profile.whatsappTemplates, languages: profile.languages.enabled, arabicDigits: digits },
    localeTextSource(digits),
  );
  const missing = catalog.missing();
  if (missing.length > 0) throw new ConfigError(describeMissingTemplates(missing));
  const translator = createTranslator({ arabicDigits: digits });
  return new WhatsAppCloudChannel({
    ...env,
    documents,
    logger,
    ...(now ? { now } : {}),
    contacts: new PgWhatsAppContactRepository(db),
    window: new PgWhatsAppWindowRepository(db),
    templates: {
      forNotice: (notice, lang) => catalog.forNotice(notice, lang),
      reopen: (lang) => catalog.reopen(lang, { association: localized(profile.association.name, lang) }),
    },
    listButton: {
      ar: translator.t('ar', 'whatsappCloud.listButton'),
      en: translator.t('en', 'whatsappCloud.listButton'),
    },
  });
}
