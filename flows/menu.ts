import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { BeneficiaryFacts } from '../src/domain/beneficiary-facts';
import { choice } from '../src/engine/builtins';
import { askChoice } from '../src/engine/effects';
import { SERVICE_CONSENT } from './greeting';
import { setup, type FlowId } from './setup';

/** A flow as the menu needs to know it: its id, where it sits, and whether the association offers it. */
export interface MenuEntry {
  id: FlowId;
  menu: { key: string; order: number };
  available?: (profile: Profile) => boolean;
  offeredTo?: (beneficiary: BeneficiaryFacts) => boolean;
}

/**
 * The main menu, built from the flows that declare a menu entry, so it always lists what exists and
 * what the association's profile offers (a flow's `available`). Without current consent it sends the
 * person back through the privacy notice.
 */
export function createMenuFlow(entries: readonly MenuEntry[]) {
  const sorted = [...entries].sort((a, b) => a.menu.order - b.menu.order);
  return setup({
    contextSchema: z.object({}),
    guards: {
      lacksConsent: ({ env }) =>
        env.beneficiary.consents[SERVICE_CONSENT] !== env.profile.privacy.noticeVersion,
    },
    actions: {
      showMenu: ({ env }) => [
        askChoice(
          'menu.title',
          sorted
            .filter((e) => (e.available?.(env.profile) ?? true) && (e.offeredTo?.(env.beneficiary) ?? true))
            .map((e) => ({ id: e.id, key: e.menu.key })),
          { association: localized(env.profile.association.name, env.lang) },
        ),
      ],
    },
  }).flow({
    id: 'menu',
    version: 1,
    initial: 'main',
    createContext: () => ({}),
    states: {
      main: {
        always: [{ guard: 'lacksConsent', target: '#greeting', description: 'no consent yet' }],
        prompt: ['showMenu'],
        help: 'menu.help',
        on: sorted.map((e) => ({ guard: choice(e.id), target: `#${e.id}` as const })),
      },
    },
  });
}
