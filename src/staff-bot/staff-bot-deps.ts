import type { Logger } from 'pino';
import type { Profile } from '../config/profile-schema';
import type { DocumentStore } from '../documents/document-store';
import type { Lang } from '../domain/lang';
import type { Translator } from '../i18n/translator';
import type { PgCaseViewRepository } from '../store/case-view-repository';
import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import type { PgOutboxRepository } from '../store/outbox-repository';
import type { PgStaffBotRepository } from '../store/staff-bot-repository';
import type { StaffBotApi } from './staff-bot-api';
import type { StaffRoster } from '../cases/staff-roster';
import type { FieldCipher } from '../security/field-cipher';

/** What the parts of the staff bot share (built once by `StaffBot`). */
export interface StaffBotDeps {
  api: StaffBotApi;
  db: Database;
  /** The staff supergroup. */
  groupId: number;
  profile: Profile;
  translator: Translator;
  /** The staff side's language: the profile's default (Arabic unless the profile says otherwise). */
  lang: Lang;
  roster: StaffRoster;
  topics: PgStaffBotRepository;
  views: PgCaseViewRepository;
  events: PgEventLog;
  outbox: PgOutboxRepository;
  /** Seals the transcript lines staff write (the outbox seals its own rows). */
  cipher?: FieldCipher;
  documents: DocumentStore;
  logger: Logger;
  now: () => Date;
  /** Whether the group has forum topics; turned off when Telegram refuses to create one. */
  forum: { enabled: boolean };
}

/** The staff language's text for `key`. */
export function t(deps: StaffBotDeps, key: string, params?: Record<string, string | number>): string {
  return deps.translator.t(deps.lang, key, params);
}
