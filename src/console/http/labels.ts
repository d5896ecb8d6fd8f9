import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { Lang } from '../../domain/lang';
import type { Translator } from '../../i18n/translator';

/** Names people read for the ids a case carries: services, categories, channels, statuses. */
export class Labels {
  constructor(
    private readonly profile: Profile,
    private readonly translator: Translator,
    readonly lang: Lang,
  ) {}

  t(key: string, params?: Record<string, string | number>): string {
    return this.translator.t(this.lang, key, params);
  }

  service(id: string | null): string {
    if (!id) return '';
    const service = this.profile.services.find((s) => s.id === id);
    return service ? localized(service.name, this.lang) : id;
  }

  /** A beneficiary category, or a complaint topic. */
  category(id: string | null): string {
    if (!id) return '';
    const found =
      this.profile.categories.find((c) => c.id === id) ??
      this.profile.complaints.categories.find((c) => c.id === id);
    return found ? localized(found.name, this.lang) : id;
  }

  channel(id: string): string {
    return this.known(`console.channel.${id}`, id);
  }

  status(id: string): string {
    return this.known(`console.status.${id}`, id);
  }

  kind(kind: string, ticketKind: string | null): string {
    return this.known(`console.kind.${ticketKind ?? kind}`, ticketKind ?? kind);
  }

  /** A text for a dynamic key, or the raw id when the locales do not have it (a channel added later). */
  private known(key: string, fallback: string): string {
    const text = this.translator.t(this.lang, key);
    return text === key ? fallback : text;
  }
}
