import type { Profile } from '../src/config/profile-schema';
import { FlowRegistry } from '../src/engine/flow-registry';
import type { EngineOptions } from '../src/engine/run-step';
import { buildEverydayWords, buildGlobalVocabulary } from './global-vocabulary';
import type { Translator } from '../src/i18n/translator';
import type { AnyFlow } from '../src/engine/flow';
import { complaintFlow } from './complaint';
import { greetingFlow } from './greeting';
import { handoffFlow } from './handoff';
import { inquiriesFlow } from './inquiries';
import { createMenuFlow, type MenuEntry } from './menu';
import { fieldHelpFlow } from './field-help';
import type { FlowId } from './setup';
import { myDataFlow } from './my-data';
import { requestInfoFlow } from './request-info';
import { requestStatusFlow } from './request-status';
import { serviceRequestFlow } from './service-request';
import { surveyFlow } from './survey';
import { volunteerFlow } from './volunteer';

/**
 * Flows a person can pick from the main menu, by id (tsc checks that each key is its flow's id). Add a
 * new flow here, and its id to `FlowId`, and it appears in the menu.
 */
const menuFlows = {
  inquiries: inquiriesFlow,
  'service-request': serviceRequestFlow,
  'request-info': requestInfoFlow,
  'request-status': requestStatusFlow,
  complaint: complaintFlow,
  survey: surveyFlow,
  handoff: handoffFlow,
  'my-data': myDataFlow,
  volunteer: volunteerFlow,
  'field-help': fieldHelpFlow,
};

export const ENTRY_FLOW = greetingFlow.id;
export const MENU_FLOW = 'menu' satisfies FlowId;

/** Every flow of the service, checked at start-up. */
export function createFlowRegistry(): FlowRegistry {
  const entries = Object.values(menuFlows).filter((f): f is typeof f & MenuEntry => f.menu !== undefined);
  // Every `FlowId` a target may name, registered under its own id: a target tsc accepts exists at run time.
  const flows = {
    greeting: greetingFlow,
    menu: createMenuFlow(entries),
    ...menuFlows,
  } satisfies { [Id in FlowId]: AnyFlow & { id: Id } };
  return new FlowRegistry(Object.values(flows));
}

/** The engine's options: these flows, the global words from the locales, the profile's defaults. */
export function createEngineOptions(profile: Profile, translator: Translator): EngineOptions {
  return {
    registry: createFlowRegistry(),
    entryFlow: ENTRY_FLOW,
    menuFlow: MENU_FLOW,
    vocabulary: buildGlobalVocabulary(translator),
    everyday: buildEverydayWords(translator),
    // Free text at resting states is read as at the menu (a reference, an intent): flows/menu.ts.
    understanding: { flow: MENU_FLOW, state: 'understand' },
    idleMinutes: profile.conversation.idleMinutes,
    // Gathering documents: the draft outlives every reminder of `reminders.draftDocuments` (the sweep ends it).
    patientIdleMinutes:
      profile.reminders.draftDocuments.everyHours * 60 * (profile.reminders.draftDocuments.max + 1),
    defaultLang: profile.languages.default,
  };
}
