import type { Profile } from '../src/config/profile-schema';
import { FlowRegistry } from '../src/engine/flow-registry';
import type { EngineOptions } from '../src/engine/run-step';
import { buildGlobalVocabulary } from '../src/i18n/global-vocabulary';
import type { Translator } from '../src/i18n/translator';
import type { FlowDefinition } from '../src/engine/flow';
import { complaintFlow } from './complaint';
import { greetingFlow } from './greeting';
import { handoffFlow } from './handoff';
import { inquiriesFlow } from './inquiries';
import { createMenuFlow, type MenuEntry } from './menu';
import { fieldHelpFlow } from './field-help';
import { myDataFlow } from './my-data';
import { requestInfoFlow } from './request-info';
import { requestStatusFlow } from './request-status';
import { serviceRequestFlow } from './service-request';
import { surveyFlow } from './survey';
import { volunteerFlow } from './volunteer';

/** Flows a person can pick from the main menu. Add a new flow here and it appears in the menu. */
const menuFlows = [
  inquiriesFlow,
  serviceRequestFlow,
  requestInfoFlow,
  requestStatusFlow,
  complaintFlow,
  surveyFlow,
  handoffFlow,
  myDataFlow,
  volunteerFlow,
  fieldHelpFlow,
] as const;

export const ENTRY_FLOW = greetingFlow.id;
export const MENU_FLOW = 'menu';

/** Every flow of the service, checked at start-up. */
export function createFlowRegistry(): FlowRegistry {
  const entries = menuFlows.filter((f): f is typeof f & MenuEntry => f.menu !== undefined);
  const flows = [greetingFlow, createMenuFlow(entries), ...menuFlows] as unknown as FlowDefinition<
    never,
    never
  >[];
  return new FlowRegistry(flows);
}

/** The engine's options: these flows, the global words from the locales, the profile's defaults. */
export function createEngineOptions(profile: Profile, translator: Translator): EngineOptions {
  return {
    registry: createFlowRegistry(),
    entryFlow: ENTRY_FLOW,
    menuFlow: MENU_FLOW,
    vocabulary: buildGlobalVocabulary(translator),
    idleMinutes: profile.conversation.idleMinutes,
    // Gathering documents: the draft outlives every reminder of `reminders.draftDocuments` (the sweep ends it).
    patientIdleMinutes:
      profile.reminders.draftDocuments.everyHours * 60 * (profile.reminders.draftDocuments.max + 1),
    defaultLang: profile.languages.default,
  };
}
