import pino from 'pino';
import { z } from 'zod';
import {
  ConversationService,
  type ConversationServiceDeps,
} from '../../../src/conversation/conversation-service';
import { EffectHandlers } from '../../../src/conversation/effect-handlers';
import { say, type Effect } from '../../../src/engine/effects';
import { flowSetup } from '../../../src/engine/define-flow';
import { FlowRegistry } from '../../../src/engine/flow-registry';
import { createTranslator } from '../../../src/i18n/translator';
import { PgConsentRepository } from '../../../src/store/consent-repository';
import { PgConversationRepository } from '../../../src/store/conversation-repository';
import { PgFactsRepository } from '../../../src/store/facts-repository';
import { PgOutboxRepository } from '../../../src/store/outbox-repository';
import type { Database } from '../../../src/store/database';

/**
 * A one-state flow for tests of the conversation service itself: each message writes a `note` event
 * (its text as subject) and answers; "half" fails after the note, "unrenderable" fails at its text.
 */
const probe = flowSetup<unknown, 'probe'>()({
  contextSchema: z.object({}).strict(),
  actions: {
    act: ({ input }): Effect[] => {
      const note: Effect = { type: 'createRecord', kind: 'note', data: { text: input?.text ?? '' }, as: 'n' };
      if (input?.text === 'half') return [note, { type: 'createRecord', kind: 'boom', data: {} }];
      if (input?.text === 'unrenderable') return [note, say('engine.help', { x: '$n.missing' })];
      return [note, say('engine.help', { x: '$n.id' })];
    },
  },
}).flow({
  id: 'probe',
  version: 1,
  initial: 'ask',
  createContext: () => ({}),
  states: {
    ask: {
      prompt: [{ type: 'say', params: { key: 'engine.help' } }],
      on: [{ actions: ['act'], reprompt: true }],
    },
  },
});

/**
 * The conversation service with the probe flow: `note` records write an event, `boom` fails. `extra`
 * adds to its dependencies (a platform's turns or budget).
 */
export function probeService(db: Database, extra: Partial<ConversationServiceDeps> = {}) {
  const translator = createTranslator();
  const effects = new EffectHandlers()
    .register('createRecord:note', async (effect, scope) => {
      if (effect.type !== 'createRecord') return;
      const row = await scope.tx.query<{ id: string }>(
        `INSERT INTO events (actor, subject_type, subject_id, type) VALUES ('probe', 'note', $1, 'note') RETURNING id::text AS id`,
        [String(effect.data.text)],
      );
      return { id: row.rows[0]!.id };
    })
    .register('createRecord:boom', async () => {
      throw new Error('planted effect failure');
    });
  const service = new ConversationService({
    db,
    engine: {
      registry: new FlowRegistry([probe]),
      entryFlow: 'probe',
      menuFlow: 'probe',
      vocabulary: { menu: new Set(), back: new Set(), cancel: new Set(), help: new Set() },
      idleMinutes: 60,
      defaultLang: 'en',
    },
    profile: {},
    translator,
    conversations: new PgConversationRepository(),
    facts: new PgFactsRepository(new PgConsentRepository()),
    outbox: new PgOutboxRepository(),
    effects,
    logger: pino({ level: 'silent' }),
    ...extra,
  });
  /** Person `person`'s `n`th message (its id `<person>-<n>`) on the `inprocess` channel. */
  const send = (person: string, n: number, text: string) =>
    service.accept({
      channel: 'inprocess',
      channelMessageId: `${person}-${n}`,
      sender: { channelUserId: person },
      text,
      receivedAt: new Date(),
    });
  return { service, translator, send };
}
