/**
 * What a person may ask for in their own words, each leading to a flow (flows/understanding.ts).
 * Their phrases are `intents.<id>` in the locales, and a profile may add its own (`intents`).
 */
export const INTENT_IDS = [
  'apply',
  'status',
  'missing-info',
  'complaint',
  'suggestion',
  'compensation',
  'survey',
  'handoff',
  'my-data',
  'delete-data',
  'volunteer',
  'field-help',
  'question',
] as const;

export type IntentId = (typeof INTENT_IDS)[number];

/**
 * A specific request wins over the general ones it mentions: «أبي أسجّل شكوى» says "register" and
 * "complaint", «احذفوا بياناتي» says "delete" and "my data", «محتاج مساعدة عاجلة في موقعي» says "help"
 * and "urgent, here". Read as "key wins against each listed intent whenever both match". What this
 * table does not settle goes by score, and a tie is asked about.
 */
export const MORE_SPECIFIC_THAN: Readonly<Partial<Record<IntentId, readonly IntentId[]>>> = {
  compensation: ['complaint', 'apply', 'status', 'handoff', 'question'],
  complaint: ['handoff', 'status', 'apply', 'field-help', 'question', 'my-data'],
  suggestion: ['apply', 'question', 'handoff', 'field-help', 'status'],
  'delete-data': ['my-data', 'apply', 'status'],
  'missing-info': ['status', 'apply', 'question'],
  'my-data': ['question'],
  'field-help': ['apply', 'handoff', 'question'],
  volunteer: ['apply', 'question', 'field-help'],
  survey: ['apply', 'handoff', 'question', 'suggestion'],
  handoff: ['question'],
  // «وش الشروط عشان أسجّل؟» asks before applying.
  question: ['apply'],
};

/** The intents that no other matched intent outranks (`MORE_SPECIFIC_THAN`). */
export function outranking<T extends { intent: string }>(matched: readonly T[]): T[] {
  return matched.filter(
    (a) =>
      !matched.some(
        (b) => b !== a && MORE_SPECIFIC_THAN[b.intent as IntentId]?.includes(a.intent as IntentId),
      ),
  );
}
