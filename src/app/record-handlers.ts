import type { Profile } from '../config/profile-schema';
import { EffectHandlers } from '../conversation/effect-handlers';
import type { BeneficiaryNotifier } from '../cases/beneficiary-notifier';
import { channelLinkRecords } from '../cases/records/channel-link-records';
import { complaintRecord } from '../cases/records/complaint-record';
import { contactCorrectionRecord } from '../cases/records/contact-correction-record';
import { dataDeletionRecord } from '../cases/records/data-deletion-record';
import { fieldHelpRecord } from '../cases/records/field-help-record';
import { handoffRecords } from '../cases/records/handoff-records';
import { infoReceivedRecord } from '../cases/records/info-received-record';
import { serviceRequestRecord } from '../cases/records/service-request-record';
import { surveyRecord } from '../cases/records/survey-record';
import { volunteerRecord } from '../cases/records/volunteer-record';
import { StaffDirectory } from '../cases/staff-directory';
import type { Translator } from '../i18n/translator';
import type { FieldCipher } from '../security/field-cipher';
import { openSealedFields, sealSensitiveFields } from '../security/sealed-parts';
import type { PgConsentRepository } from '../store/consent-repository';
import type { PgConversationRepository } from '../store/conversation-repository';
import type { PgEventLog } from '../store/event-log';
import { PgStaffNotificationRepository } from '../store/staff-notification-repository';
import type { PgTimerRequestRepository } from '../store/timer-request-repository';

/**
 * What a conversation step's domain effects do: consents, the language, and each record a flow
 * creates (`createRecord:<kind>`), written in the step's transaction. A flow's new record kind is
 * registered here.
 */
export function recordHandlers(deps: {
  profile: Profile;
  events: PgEventLog;
  consents: PgConsentRepository;
  conversations: PgConversationRepository;
  timerRequests: PgTimerRequestRepository;
  cipher?: FieldCipher;
  /** The runtime's clock (the staff alerts' times). */
  now?: () => Date;
  /** Whether a Telegram staff group sees every handoff (then nobody's handoff goes unseen). */
  staffGroup?: boolean;
  /** Tells a person on their other channels (a channel linked to them). */
  notifier?: BeneficiaryNotifier;
  translator?: Translator;
}): EffectHandlers {
  const { profile, events, timerRequests, cipher } = deps;
  const handoffs = handoffRecords({ profile, events, cipher, staffGroup: deps.staffGroup ?? false });
  const staffNotifications = new PgStaffNotificationRepository(deps.now);
  const links = channelLinkRecords({
    events,
    notifier: deps.notifier,
    channelName:
      deps.translator && ((lang, channel) => deps.translator!.t(lang, `myData.channel.${channel}`)),
  });
  return new EffectHandlers()
    .register('recordConsent', async (effect, scope) => {
      if (effect.type !== 'recordConsent') return;
      await deps.consents.record(scope.tx, {
        beneficiaryId: scope.beneficiaryId,
        purpose: effect.purpose,
        version: effect.version,
        granted: effect.granted,
        channel: scope.channel,
        channelMessageId: scope.channelMessageId,
      });
    })
    .register('setLanguage', async (effect, scope) => {
      if (effect.type !== 'setLanguage') return;
      await deps.conversations.setPreferredLanguage(scope.tx, scope.beneficiaryId, effect.lang);
    })
    .register('createRecord:contactCorrection', contactCorrectionRecord({ events }))
    .register('createRecord:linkCode', links.linkCode)
    .register('createRecord:linkChannel', links.linkChannel)
    .register('createRecord:dataDeletion', dataDeletionRecord({ profile, events, timerRequests }))
    .register('createRecord:volunteer', volunteerRecord({ profile, events, staffNotifications }))
    .register('createRecord:fieldHelp', fieldHelpRecord({ profile, events, staffNotifications }))
    .register('createRecord:serviceRequest', serviceRequestRecord({ profile, events, timerRequests, cipher }))
    .register(
      'createRecord:infoReceived',
      infoReceivedRecord({
        profile,
        events,
        staffNotifications,
        directory: new StaffDirectory(profile),
        timerRequests,
        sealing: {
          seal: (fields, service) => sealSensitiveFields(fields, service, cipher),
          open: (fields) => openSealedFields(fields, cipher),
        },
      }),
    )
    .register('createRecord:surveyResponse', surveyRecord({ events }))
    .register('createRecord:handoff', handoffs.handoff)
    .register('createRecord:handoffMessage', handoffs.handoffMessage)
    .register('createRecord:handoffEnded', handoffs.handoffEnded)
    .register('createRecord:complaint', complaintRecord({ profile, events, timerRequests, cipher }));
}
