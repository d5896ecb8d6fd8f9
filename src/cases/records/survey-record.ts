import { z } from 'zod';
import type { PgEventLog } from '../../store/event-log';
import { PgSurveyRepository } from '../../store/survey-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const surveys = new PgSurveyRepository();

const SurveyAnswers = z.object({
  caseReference: z.string().nullable(),
  /** By question id: a rating 1–5, `yes`/`no`, a comment, or null for a skipped question. */
  answers: z.record(z.string(), z.union([z.number().int().min(1).max(5), z.string(), z.null()])),
});

/**
 * Stores a satisfaction survey's answers, once per case: the unique index on `case_reference` decides,
 * so a second answer for the same case (from another channel at the same moment, say) is kept out
 * without aborting the step's transaction. Returns `stored: 'new' | 'already'` for the closing text.
 */
export function surveyRecord(deps: { events: PgEventLog }): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = SurveyAnswers.parse(effect.data);
    const id = await surveys.answer(scope.tx, {
      beneficiaryId: scope.beneficiaryId,
      caseReference: data.caseReference,
      answers: data.answers,
      channel: scope.channel,
      at: scope.now,
    });
    if (!id) return { stored: 'already' };
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'survey_response',
      subjectId: id,
      type: 'survey.answered',
      data: { caseReference: data.caseReference, channel: scope.channel },
      at: scope.now,
    });
    return { stored: 'new' };
  };
}
