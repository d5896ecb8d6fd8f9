import { StaffRole, type Profile } from '../config/profile-schema';
import { localized } from '../config/localized';
import { formatDeadline } from '../domain/calendar/format-date';
import { availableComplaintActions, type ComplaintStatus } from '../cases/rules/complaint-transitions';
import { availableRequestActions, type RequestStatus } from '../cases/rules/request-transitions';
import { maskNationalId } from '../domain/identity/national-id';
import { maskPhone } from '../domain/identity/saudi-mobile';
import type { Lang } from '../domain/lang';
import type { Translator } from '../i18n/translator';
import { maskSensitive } from '../logging/mask-sensitive';
import type { CasePerson, CaseView } from '../store/case-view-repository';
import { encodeButton, type ButtonAction } from './callback-data';
import type { InlineKeyboard } from './staff-bot-api';

/** Every role: a card shows what *someone* may do; the press is checked against the presser's roles. */
const ALL_ROLES: readonly StaffRole[] = StaffRole.options;
const CHANNELS = new Set(['whatsapp', 'telegram', 'webchat', 'terminal', 'inprocess']);
const MAX_SUMMARY = 1200;
const BUTTONS_PER_ROW = 2;

export interface CardContext {
  lang: Lang;
  translator: Translator;
  profile: Profile;
  /** Display names of the staff the case is routed to, and of whoever claimed it. */
  routedTo: string[];
  claimedBy: string | null;
}

export interface Card {
  text: string;
  keyboard: InlineKeyboard;
}

/**
 * A case as a Telegram card: who (a name, or the mobile masked; never an ID number), channel, category,
 * summary, documents, due date in Hijri and Gregorian, status, routing and claim, and a button for
 * each action the case's status allows to some role. Pure.
 */
export function renderCard(view: CaseView, ctx: CardContext): Card {
  const { lang, translator, profile } = ctx;
  const t = (key: string, params?: Record<string, string | number>) => translator.t(lang, key, params);
  const lines: string[] = [t(`staff.card.title.${titleOf(view)}`, { ref: view.reference })];
  if (view.urgent) lines.push(t('staff.card.urgent'));
  lines.push(t('staff.card.who', { who: personLabel(view, lang, translator) }));
  if (view.channel)
    lines.push(t('staff.card.channel', { channel: channelLabel(view.channel, lang, translator) }));
  const category = categoryLabel(view, profile, lang);
  if (category) lines.push(t('staff.card.category', { category }));
  const service = profile.services.find((s) => s.id === view.serviceId);
  if (service) lines.push(t('staff.card.service', { service: localized(service.name, lang) }));
  if (view.summary?.trim())
    lines.push(t('staff.card.summary', { summary: clip(maskSensitive(view.summary)) }));
  if (view.fields && service) {
    for (const field of service.fields) {
      const value = view.fields[field.id];
      if (value === undefined || value === '') continue;
      lines.push(
        t('staff.card.field', {
          label: localized(field.label, lang),
          value: fieldValue(field.type, String(value)),
        }),
      );
    }
  }
  if (view.location) {
    lines.push(
      t('staff.card.location', {
        link: `https://maps.google.com/?q=${view.location.latitude},${view.location.longitude}`,
      }),
    );
  }
  if (view.locationText) lines.push(t('staff.card.place', { place: clip(view.locationText, 300) }));
  if (view.documents.length > 0) lines.push(t('staff.card.documents', { count: view.documents.length }));
  if (view.dueDate) {
    const due = formatDeadline(view.dueDate, lang, profile.calendar.timeZone, profile.languages.arabicDigits);
    lines.push(t('staff.card.due', { dueHijri: due.hijri, dueGregorian: due.gregorian }));
  }
  lines.push(t('staff.card.status', { status: statusLabel(view.status, lang, translator) }));
  if (ctx.routedTo.length > 0)
    lines.push(t('staff.card.routedTo', { names: ctx.routedTo.join(t('staff.card.nameSeparator')) }));
  if (ctx.claimedBy) lines.push(t('staff.card.claimedBy', { name: ctx.claimedBy }));
  // Telegram takes 4096 characters; the summary and each answer are clipped already, this is the last guard.
  return { text: clip(lines.join('\n'), 4096), keyboard: keyboardOf(view, lang, translator) };
}

/** The name of the case's forum topic: kind, reference and what it is about. */
export function topicName(view: CaseView, profile: Profile, lang: Lang, translator: Translator): string {
  const service = profile.services.find((s) => s.id === view.serviceId);
  const about = service ? localized(service.name, lang) : (categoryLabel(view, profile, lang) ?? '');
  const name = translator.t(lang, `staff.topic.${titleOf(view)}`, { ref: view.reference, about });
  return name.replace(/\s*·\s*$/, '').slice(0, 128);
}

/** Which buttons the card carries for its current status. */
export function cardButtons(view: CaseView): ButtonAction[] {
  const reference = view.reference;
  switch (view.type) {
    case 'handoff':
      if (view.status === 'open')
        return [
          { type: 'handoff', action: 'claim', reference },
          { type: 'handoff', action: 'close', reference },
        ];
      return view.status === 'claimed' ? [{ type: 'handoff', action: 'close', reference }] : [];
    case 'fieldHelp':
      if (view.status === 'open')
        return [
          { type: 'fieldHelp', action: 'claim', reference },
          { type: 'fieldHelp', action: 'done', reference },
        ];
      return view.status === 'claimed' ? [{ type: 'fieldHelp', action: 'done', reference }] : [];
    case 'request': {
      const actions = availableRequestActions(view.status as RequestStatus, ALL_ROLES);
      const claim: ButtonAction[] =
        view.claimedBy === null && actions.length > 0
          ? [{ type: 'request', action: 'claim', reference }]
          : [];
      return [...claim, ...actions.map((action): ButtonAction => ({ type: 'request', action, reference }))];
    }
    case 'complaint':
      return availableComplaintActions(view.status as ComplaintStatus, ALL_ROLES, view.escalationLevel).map(
        (action) => ({
          type: 'complaint',
          action,
          reference,
        }),
      );
  }
}

/** The label of a button, in the staff language. */
export function buttonLabel(button: ButtonAction, lang: Lang, translator: Translator): string {
  switch (button.type) {
    case 'handoff':
    case 'fieldHelp':
      return translator.t(lang, `staff.button.${button.action}`);
    case 'request':
      return button.action === 'claim'
        ? translator.t(lang, 'staff.button.claim')
        : translator.t(lang, `staff.action.request.${button.action}`);
    case 'complaint':
      return translator.t(lang, `staff.action.complaint.${button.action}`);
    case 'rejectReason':
    case 'missingItem':
      return String(button.index + 1);
  }
}

function keyboardOf(view: CaseView, lang: Lang, translator: Translator): InlineKeyboard {
  const buttons = cardButtons(view).map((button) => ({
    text: buttonLabel(button, lang, translator),
    callback_data: encodeButton(button),
  }));
  const rows: InlineKeyboard = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) rows.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return rows;
}

function titleOf(view: CaseView): string {
  if (view.type === 'complaint' && (view.kind === 'suggestion' || view.kind === 'compensation'))
    return view.kind;
  return view.type;
}

/** A name for the person: their name, their chat name, their mobile masked, or "unknown". */
export function personLabel(view: Pick<CaseView, 'person'>, lang: Lang, translator: Translator): string {
  const person: CasePerson | null = view.person;
  if (!person) return translator.t(lang, 'staff.card.anonymous');
  const name = person.fullName?.trim() || person.displayName?.trim();
  if (name) return maskSensitive(name);
  if (person.mobile)
    return person.mobile.startsWith('+') ? maskPhone(person.mobile) : maskSensitive(person.mobile);
  return translator.t(lang, 'staff.card.unknownPerson');
}

function channelLabel(channel: string, lang: Lang, translator: Translator): string {
  return CHANNELS.has(channel) ? translator.t(lang, `staff.channel.${channel}`) : channel;
}

function categoryLabel(view: CaseView, profile: Profile, lang: Lang): string | undefined {
  const list =
    view.type === 'complaint'
      ? profile.complaints.categories
      : view.type === 'fieldHelp'
        ? profile.fieldHelp.kinds
        : profile.categories;
  const id = view.type === 'fieldHelp' ? view.kind : view.categoryId;
  const found = list.find((c) => c.id === id);
  return found ? localized(found.name, lang) : (id ?? undefined);
}

const STATE_KEYS: Readonly<Record<string, string>> = {
  submitted: 'submitted',
  under_review: 'underReview',
  needs_info: 'needsInfo',
  approved: 'approved',
  rejected: 'rejected',
  delivered: 'delivered',
  closed: 'closed',
  // A field call the field representative finished.
  done: 'closed',
  open: 'open',
  claimed: 'claimed',
  assigned: 'assigned',
  resolved: 'resolved',
  escalated: 'escalated',
};

export function statusLabel(status: string, lang: Lang, translator: Translator): string {
  const key = STATE_KEYS[status];
  return key ? translator.t(lang, `staff.state.${key}`) : status;
}

/** A form answer as staff may see it: identity numbers masked, any long digit run masked. */
function fieldValue(type: string, value: string): string {
  if (type === 'nationalId') return maskNationalId(value);
  if (type === 'mobile' && value.startsWith('+')) return maskPhone(value);
  return clip(maskSensitive(value), 300);
}

function clip(text: string, max = MAX_SUMMARY): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
