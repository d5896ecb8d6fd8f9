import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { EffectHandler } from '../../conversation/effect-handlers';
import type { Lang } from '../../domain/lang';
import type { BeneficiaryNotifier } from '../beneficiary-notifier';
import { PgBeneficiaryMergeRepository } from '../../store/beneficiary-merge-repository';
import type { PgEventLog } from '../../store/event-log';
import { PgLinkCodeRepository } from '../../store/link-code-repository';

/** How long a link code may be typed in the other channel. */
export const LINK_CODE_MINUTES = 10;
/** Wrong codes one person may type in an hour before linking is refused for the rest of it. */
export const LINK_ATTEMPTS_PER_HOUR = 5;
/** Eight digits: with few live codes, a guess within the attempts allowed is about one in ten million. */
const CODE_DIGITS = 8;

/** What typing a link code came to, for the person's answer (`myData.link.result_<outcome>`). */
export type LinkOutcome = 'linked' | 'invalid' | 'same' | 'deletionOpen' | 'tooMany';

const codes = new PgLinkCodeRepository();
const people = new PgBeneficiaryMergeRepository();

const Redeem = z.object({ code: z.string().regex(new RegExp(`^\\d{${CODE_DIGITS}}$`)) });

/**
 * Linking a second channel to the same person by proof (flows/my-data.ts): `linkCode` shows a one-time
 * code in the channel the person already uses; `linkChannel` takes it typed in another channel and makes
 * the two records one (the typing channel's person is merged into the code's), so the same cases,
 * status and data answer in both. Nothing typed but the code links anyone: not a mobile, not a name.
 */
export function channelLinkRecords(deps: {
  events: PgEventLog;
  /** Tells the person on their other channels that one was linked (without it, nobody is told: flow tests). */
  notifier?: Pick<BeneficiaryNotifier, 'notifyElsewhere'>;
  /** The names of the channels in the person's language (`myData.channel.*`). */
  channelName?: (lang: Lang, channel: string) => string;
}) {
  const linkCode: EffectHandler = async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const expiresAt = new Date(scope.now.getTime() + LINK_CODE_MINUTES * 60_000);
    for (;;) {
      const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
      const issued = await codes.issue(scope.tx, {
        code,
        beneficiaryId: scope.beneficiaryId,
        channel: scope.channel,
        now: scope.now,
        expiresAt,
      });
      if (issued) {
        await deps.events.append(scope.tx, {
          actor: `beneficiary:${scope.beneficiaryId}`,
          subjectType: 'beneficiary',
          subjectId: scope.beneficiaryId,
          type: 'identity.linkCodeIssued',
          data: { channel: scope.channel },
          at: scope.now,
        });
        // Shown as two groups of four: easier to read out and to type.
        return { code: `${code.slice(0, 4)} ${code.slice(4)}`, minutes: LINK_CODE_MINUTES };
      }
    }
  };

  const linkChannel: EffectHandler = async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const { code } = Redeem.parse(effect.data);
    const refuse = async (outcome: LinkOutcome) => {
      await deps.events.append(scope.tx, {
        actor: `beneficiary:${scope.beneficiaryId}`,
        subjectType: 'beneficiary',
        subjectId: scope.beneficiaryId,
        type: 'identity.linkRefused',
        data: { channel: scope.channel, outcome },
        at: scope.now,
      });
      return { outcome };
    };
    const hourAgo = new Date(scope.now.getTime() - 3_600_000);
    if ((await codes.wrongCodesSince(scope.tx, scope.beneficiaryId, hourAgo)) >= LINK_ATTEMPTS_PER_HOUR)
      return refuse('tooMany');
    const owner = await codes.redeem(scope.tx, code, scope.now);
    if (!owner) return refuse('invalid');
    if (owner.beneficiaryId === scope.beneficiaryId) return { outcome: 'same' satisfies LinkOutcome };
    // An erasure under way would take the other channel's cases with it: finish or withdraw it first.
    if (await people.deletionOpen(scope.tx, [owner.beneficiaryId, scope.beneficiaryId]))
      return refuse('deletionOpen');
    const { moved } = await people.merge(scope.tx, owner.beneficiaryId, scope.beneficiaryId);
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${owner.beneficiaryId}`,
      subjectType: 'beneficiary',
      subjectId: owner.beneficiaryId,
      type: 'beneficiary.merged',
      data: {
        merged: scope.beneficiaryId,
        how: 'linkCode',
        codeShownOn: owner.channel,
        typedOn: scope.channel,
        moved,
      },
      at: scope.now,
    });
    // Whoever holds the other channels hears of it: a link they did not make is theirs to report.
    await deps.notifier?.notifyElsewhere(
      scope.tx,
      owner.beneficiaryId,
      scope.conversationId,
      'myData.link.notice',
      (lang) => ({
        channel: deps.channelName?.(lang, scope.channel) ?? scope.channel,
      }),
    );
    return { outcome: 'linked' satisfies LinkOutcome };
  };

  return { linkCode, linkChannel };
}
