import { useEffect, useRef, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { label, t } from '../boot';
import type { ActionDone, CaseDetail } from '../cases/case-types';
import { Field } from '../form';
import { named, type Meta } from '../meta';

export type Outcome = { kind: 'ok' | 'error'; text: string };
type Action = CaseDetail['actions'][number];

/** Asking for information: the service's fields and documents the applicant can be asked to send. */
function MissingPick(props: {
  meta: Meta;
  c: CaseDetail;
  chosen: Set<string>;
  onToggle: (key: string) => void;
}) {
  const service = props.meta.services.find((s) => s.id === props.c.serviceId);
  if (!service) return null;
  const items = [
    ...service.fields.map((f) => ({ key: `fields:${f.id}`, text: named(f.label) })),
    ...service.documents.map((d) => ({ key: `documents:${d.id}`, text: `📎 ${named(d.label)}` })),
  ];
  return (
    <fieldset class="checks">
      <legend>{t('case.missingPick')}</legend>
      {items.map((item) => {
        const [kind, id] = item.key.split(':') as [string, string];
        return (
          <label key={item.key} class="check">
            <input
              type="checkbox"
              name={`missing-${kind}`}
              value={id}
              checked={props.chosen.has(item.key)}
              onChange={() => props.onToggle(item.key)}
            />{' '}
            {item.text}
          </label>
        );
      })}
    </fieldset>
  );
}

/**
 * One decision or step, confirmed in a small form: a rejection's reason (one of the profile's, whose text
 * the applicant receives, or written out), what information is missing, or a note for the applicant with
 * an approval. The free text is required only where nothing else gives the reason.
 */
export function ActionForm(props: {
  meta: Meta;
  c: CaseDetail;
  action: Action;
  onDone: (outcome: Outcome, changed: boolean) => void;
  onCancel: () => void;
}) {
  const { meta, c, action } = props;
  const isReject = action.id === 'reject';
  const asksInfo =
    action.id === 'askInfo' && c.kind === 'request' && meta.services.some((s) => s.id === c.serviceId);
  const [reasonId, setReasonId] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(new Set<string>());
  const first = useRef<HTMLSelectElement & HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), [action.id]);

  // A preset reason or ticked items say why; free text is then optional ("other" still needs it).
  const reasonRequired = action.needsReason && !asksInfo && !(isReject && reasonId);
  const showsReason = action.needsReason || action.id === 'approve' || isReject;

  const submit = async (event: Event) => {
    event.preventDefault();
    const payload: Record<string, unknown> = { action: action.id };
    if (reason.trim()) payload.reason = reason.trim();
    if (isReject && reasonId) payload.reasonId = reasonId;
    if (asksInfo) {
      const picked = (kind: string) =>
        [...missing].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
      payload.missing = { fields: picked('fields'), documents: picked('documents') };
    }
    const result = await api<ActionDone>(
      'POST',
      `/api/cases/${encodeURIComponent(c.reference)}/actions`,
      payload,
    );
    if (!result.ok)
      return props.onDone({ kind: 'error', text: failureText(result, t('errors.internal')) }, false);
    const done = result.data.notified ? 'case.doneNotified' : 'case.doneNotNotified';
    props.onDone({ kind: 'ok', text: t(done, { status: label('status', result.data.to) }) }, true);
  };

  return (
    <form class="action-form" onSubmit={(e) => void submit(e)}>
      <h3>{label('actions', action.id)}</h3>
      {isReject && (
        <Field id="action-reason-id" label={t('case.reasonPick')}>
          <select
            ref={first}
            id="action-reason-id"
            name="reasonId"
            value={reasonId}
            onChange={(e) => setReasonId(e.currentTarget.value)}
          >
            <option value="">{t('case.reasonOther')}</option>
            {meta.rejectionReasons.map((r) => (
              <option key={r.id} value={r.id}>
                {named(r.name)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {asksInfo && (
        <MissingPick
          meta={meta}
          c={c}
          chosen={missing}
          onToggle={(key) => {
            const next = new Set(missing);
            if (!next.delete(key)) next.add(key);
            setMissing(next);
          }}
        />
      )}
      {showsReason && (
        <Field
          id="action-reason"
          label={reasonRequired ? t('case.reasonRequired') : t('case.reasonOptional')}
          hint={t('case.reasonHint')}
        >
          <textarea
            ref={isReject ? undefined : first}
            id="action-reason"
            name="reason"
            rows={3}
            maxLength={1000}
            required={reasonRequired}
            aria-describedby="action-reason-hint"
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
      )}
      <div class="row">
        <button type="submit" class="primary">
          {t('case.confirm', { action: label('actions', action.id) })}
        </button>
        <button type="button" class="quiet" onClick={props.onCancel}>
          {t('case.cancel')}
        </button>
      </div>
    </form>
  );
}
