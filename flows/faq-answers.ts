import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { FaqSearch, type SearchHit } from '../src/domain/faq/faq-search';
import type { Lang } from '../src/domain/lang';
import { say, type Effect } from '../src/engine/effects';

/*
 * The profile's questions and services as answers to free text: searched the same way from the
 * inquiries flow, the main menu and the privacy question (a general question needs no consent).
 */

const searchIndexes = new WeakMap<Profile, FaqSearch>();

/** One index per loaded profile: built on first use, shared by every conversation. */
function searchIndex(profile: Profile): FaqSearch {
  let index = searchIndexes.get(profile);
  if (!index) {
    const both = (t: { ar: string; en?: string }) => [t.ar, ...(t.en ? [t.en] : [])];
    index = new FaqSearch([
      ...profile.faq.map((f) => ({
        id: `faq:${f.id}`,
        titles: both(f.question),
        keywords: f.keywords,
        bodies: both(f.answer),
      })),
      ...profile.services.map((s) => ({
        id: `service:${s.id}`,
        titles: both(s.name),
        keywords: s.keywords,
        bodies: [...both(s.description), ...both(s.eligibility)],
      })),
    ]);
    searchIndexes.set(profile, index);
  }
  return index;
}

/** The answers to free text, best first (`faq:<id>` or `service:<id>`). */
export function searchAnswers(profile: Profile, text: string): SearchHit[] {
  return searchIndex(profile).search(text);
}

/** Several results count as one answer when the best is clearly ahead of the rest. */
export function clearWinner(found: readonly SearchHit[]): string | undefined {
  const [first, second] = found;
  if (!first) return undefined;
  return !second || first.score >= second.score * 1.5 ? first.id : undefined;
}

/** The answer to a result: an FAQ entry's text, or a service's conditions and documents. */
export function answerOf(profile: Profile, id: string, lang: Lang): Effect[] {
  const [kind, key] = id.split(':');
  if (kind === 'faq') {
    const entry = profile.faq.find((f) => f.id === key);
    return entry ? [{ type: 'sayText', text: localized(entry.answer, lang) }] : [];
  }
  const service = profile.services.find((s) => s.id === key);
  if (!service) return [];
  const documents = service.documents.map((d) => `• ${localized(d.label, lang)}`).join('\n');
  return [
    say('inquiries.serviceInfo', {
      name: localized(service.name, lang),
      description: localized(service.description, lang),
      eligibility: localized(service.eligibility, lang),
      documents: documents || '-',
      days: service.decisionWorkingDays ?? profile.deadlines.decisionWorkingDays,
    }),
  ];
}

/** A result's title (the question, or the service's name), as a choice label. */
export function titleOf(profile: Profile, id: string, lang: Lang): string {
  const [kind, key] = id.split(':');
  const found =
    kind === 'faq'
      ? profile.faq.find((f) => f.id === key)?.question
      : profile.services.find((s) => s.id === key)?.name;
  return found ? localized(found, lang) : id;
}
