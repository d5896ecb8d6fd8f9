import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { REFERENCE_PREFIXES } from '../rules/reference';
import { routeHandoff } from '../rules/route-handoff';
import { InboundLocation, InboundMedia } from '../../domain/inbound-message';
import type { PgEventLog } from '../../store/event-log';
import { routableStaff } from '../../store/routable-staff';
import { reachableStaff } from '../../store/reachable-staff';
import type { SqlExecutor } from '../../store/database';
import { PgHandoffRepository } from '../../store/handoff-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';
import type { FieldCipher } from '../../security/field-cipher';
import { sealText } from '../../security/sealed-parts';

const handoffs = new PgHandoffRepository();

const OpenHandoff = z.object({ category: z.string().nullable(), reason: z.string() });
const HandoffMessage = z.object({
  reference: z.string(),
  text: z.string(),
  media: z.array(InboundMedia),
  location: InboundLocation.nullable(),
  channelMessageId: z.string().optional(),
});
const EndedHandoff = z.object({ reference: z.string().nullable() });

/**
 * Whether anyone can receive a handoff: `staff` when an officer or volunteer serves it or a staff group
 * sees all of them, `nobody` otherwise. The handoff flow's text to the person picks its variant by it
 * (`handoff.opened_nobody`), so the bot says someone was told only when someone was.
 */
const reach = (routed: boolean, staffGroup: boolean | undefined) =>
  routed || staffGroup === true ? 'staff' : 'nobody';

/** The record kinds of a conversation with a person, registered as `createRecord:<kind>`. */
export interface HandoffRecordHandlers {
  /** Opens a handoff routed to the category's liaison officer; returns its reference. */
  handoff: EffectHandler;
  /** Adds what the person wrote to the open handoff's transcript, for staff. */
  handoffMessage: EffectHandler;
  /** The person ended the conversation with staff from the chat. */
  handoffEnded: EffectHandler;
}

/**
 * Handoffs in the store. The transcript is a table of its own (`handoff_messages`, migration 006), one
 * row per message, rather than a jsonb array on the handoff: appending never rewrites what is there,
 * staff read it in order with an index, and their replies (issue #5) fit in the same table.
 */
export function handoffRecords(deps: {
  profile: Profile;
  events: PgEventLog;
  /** Seals the transcript at rest. */
  cipher?: FieldCipher;
  /** A Telegram staff group sees every handoff, routed or not. */
  staffGroup?: boolean;
}): HandoffRecordHandlers {
  const calendar = new WorkingCalendar(deps.profile.calendar);
  // Someone who can read it today serves the category (the inbox shows it to them), or the staff group
  // sees every handoff.
  const reachOf = async (tx: SqlExecutor, category: string | null) =>
    reach(
      routeHandoff(await reachableStaff(tx, deps.profile), category).rule !== 'unassigned',
      deps.staffGroup,
    );
  return {
    handoff: async (effect, scope) => {
      if (effect.type !== 'createRecord') return;
      const data = OpenHandoff.parse(effect.data);
      // One open handoff per conversation (a unique index): opening again returns the one that is open.
      const existing = await handoffs.openIn(scope.tx, scope.conversationId);
      if (existing)
        return {
          ref: existing.reference,
          routedTo: existing.routedTo ?? '',
          reach: await reachOf(scope.tx, existing.categoryId),
        };

      const category = deps.profile.categories.some((c) => c.id === data.category) ? data.category : null;
      // Officers as they stand now (console changes count), not only as the profile file lists them.
      const route = routeHandoff(await routableStaff(scope.tx, deps.profile), category);
      const reference = await handoffs.open(scope.tx, REFERENCE_PREFIXES.handoff, {
        beneficiaryId: scope.beneficiaryId,
        conversationId: scope.conversationId,
        categoryId: category,
        reason: data.reason,
        routedTo: route.staffId,
        routing: route.rule,
        at: scope.now,
      });
      await deps.events.append(scope.tx, {
        actor: `beneficiary:${scope.beneficiaryId}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.opened',
        data: { category, routedTo: route.staffId, routing: route.rule, channel: scope.channel },
        at: scope.now,
      });
      return {
        ref: reference,
        routedTo: route.staffId ?? '',
        reach: await reachOf(scope.tx, category),
      };
    },

    handoffMessage: async (effect, scope) => {
      if (effect.type !== 'createRecord') return;
      const data = HandoffMessage.parse(effect.data);
      const added = await handoffs.addBeneficiaryLine(scope.tx, {
        reference: data.reference,
        beneficiaryId: scope.beneficiaryId,
        body: sealText(data.text, deps.cipher),
        media: data.media,
        location: data.location,
        channel: scope.channel,
        channelMessageId: data.channelMessageId ?? scope.channelMessageId ?? null,
        outOfHours: !calendar.isWithinWorkingHours(scope.now),
        at: scope.now,
      });
      if (!added) throw new Error(`no handoff ${data.reference} of this beneficiary`);
    },

    handoffEnded: async (effect, scope) => {
      if (effect.type !== 'createRecord') return;
      const { reference } = EndedHandoff.parse(effect.data);
      if (!reference) return;
      const closed = await handoffs.close(scope.tx, reference, 'beneficiary', scope.now, scope.beneficiaryId);
      if (!closed) return; // staff closed it first: nothing more to record
      await deps.events.append(scope.tx, {
        actor: `beneficiary:${scope.beneficiaryId}`,
        subjectType: 'handoff',
        subjectId: reference,
        type: 'handoff.closed',
        data: { by: 'beneficiary', channel: scope.channel },
        at: scope.now,
      });
    },
  };
}
