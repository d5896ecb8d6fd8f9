import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { label, t } from '../boot';
import { Field } from '../form';
import { formatBoth, formatList } from '../format';
import { Layout } from '../layout';
import { isolated, Ltr } from '../bidi';
import { named, useMeta, type Meta } from '../meta';
import { ComplaintForm } from './complaint-form';
import { intakeBody, missingDocuments, type IntakeDraft } from './intake-draft';
import { PersonChoice, type Candidate } from './person-choice';
import { RequestForm } from './request-form';

interface Registered {
  reference: string;
  dueDate: string;
  notified: boolean;
}

type Outcome = { kind: 'done'; case: Registered } | { kind: 'error'; text: string } | null;

function emptyDraft(meta: Meta): IntakeDraft {
  return {
    kind: 'request',
    channel: 'phone',
    receivedOn: meta.today,
    mobile: '',
    fullName: '',
    beneficiaryId: null,
    serviceId: meta.services[0]?.id ?? '',
    fields: {},
    documentsSeen: [],
    declaration: 'signedForm',
    note: '',
    ticketKind: 'complaint',
    categoryId: meta.complaintCategories[0]?.id ?? '',
    description: '',
  };
}

/**
 * Registering a case that came by phone, visit, letter or fax (`/console/intake`): one mobile finds the
 * person (staff choose who among the matches) and answers the form's mobile; the service form, the
 * documents seen (those still missing named before anything is sent) and the declaration; or a complaint.
 */
export function IntakePage() {
  const meta = useMeta();
  return (
    <Layout title={t('intake.title')} section="intake">
      <p>{t('intake.intro')}</p>
      {meta && <IntakeForm meta={meta} />}
    </Layout>
  );
}

function IntakeForm({ meta }: { meta: Meta }) {
  const [draft, setDraft] = useState<IntakeDraft>(() => emptyDraft(meta));
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const update = (change: Partial<IntakeDraft>) => setDraft((d) => ({ ...d, ...change }));
  const service = meta.services.find((s) => s.id === draft.serviceId);

  const lookUp = async (mobile: string) => {
    setCandidates(null);
    update({ beneficiaryId: null });
    if (!mobile.trim()) return;
    const result = await api<{ candidates: Candidate[] }>(
      'GET',
      `/api/intake/beneficiary?mobile=${encodeURIComponent(mobile)}`,
    );
    if (!result.ok) return;
    setCandidates(result.data.candidates);
    // A number nobody vouched for: the only possible choice is a new person.
    if (!result.data.candidates.some((c) => c.verified)) update({ beneficiaryId: 'new' });
  };

  useEffect(() => {
    if (outcome) document.getElementById('intake-outcome')?.scrollIntoView();
  }, [outcome]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing = draft.kind === 'request' ? missingDocuments(draft, service) : [];
    if (missing.length > 0) {
      const list = formatList(missing.map((d) => named(d.label)));
      return setOutcome({ kind: 'error', text: t('intake.missingBeforeSubmit', { list }) });
    }
    const result = await api<Registered>('POST', '/api/intake', intakeBody(draft, service));
    if (!result.ok) {
      setIssues(Object.fromEntries(result.issues.map((i) => [i.path.replace(/^body\./, ''), i.message])));
      return setOutcome({ kind: 'error', text: failureText(result, t('errors.internal')) });
    }
    setIssues({});
    setOutcome({ kind: 'done', case: result.data });
  };

  return (
    <>
      <div id="intake-outcome" aria-live="polite">
        {outcome?.kind === 'error' && (
          <p class="notice error" role="alert">
            {outcome.text}
          </p>
        )}
        {outcome?.kind === 'done' && <Done registered={outcome.case} />}
      </div>
      <form class="card intake" onSubmit={(e) => void submit(e)}>
        <div class="grid">
          <Field id="intake-kind" label={t('intake.kind')}>
            <select
              id="intake-kind"
              name="kind"
              value={draft.kind}
              onChange={(e) => update({ kind: e.currentTarget.value as IntakeDraft['kind'] })}
            >
              <option value="request">{label('kind', 'request')}</option>
              <option value="complaint">{t('intake.complaintKind')}</option>
            </select>
          </Field>
          <Field id="intake-channel" label={t('intake.channel')}>
            <select
              id="intake-channel"
              name="channel"
              value={draft.channel}
              onChange={(e) => update({ channel: e.currentTarget.value })}
            >
              {meta.intakeChannels.map((c) => (
                <option key={c} value={c}>
                  {label('channel', c)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="intake-received" label={t('intake.receivedOn')}>
            <input
              id="intake-received"
              type="date"
              name="receivedOn"
              max={meta.today}
              value={draft.receivedOn}
              onInput={(e) => update({ receivedOn: e.currentTarget.value })}
            />
          </Field>
        </div>
        <div class="grid">
          <Field id="intake-mobile" label={t('intake.mobile')} hint={t('intake.mobileHint')}>
            <input
              id="intake-mobile"
              name="mobile"
              type="tel"
              dir="ltr"
              autocomplete="off"
              inputMode="tel"
              aria-describedby="intake-mobile-hint"
              aria-invalid={issues.mobile || issues['fields.mobile'] ? true : undefined}
              value={draft.mobile}
              onInput={(e) => update({ mobile: e.currentTarget.value })}
              onChange={(e) => void lookUp(e.currentTarget.value)}
            />
          </Field>
          <Field id="intake-full-name" label={t('intake.fullName')}>
            <input
              id="intake-full-name"
              name="fullName"
              autocomplete="off"
              dir="auto"
              value={draft.fullName}
              onInput={(e) => update({ fullName: e.currentTarget.value })}
            />
          </Field>
        </div>
        {candidates && (
          <PersonChoice
            candidates={candidates}
            value={draft.beneficiaryId}
            onChange={(beneficiaryId) => update({ beneficiaryId })}
          />
        )}
        {draft.kind === 'request' ? (
          <RequestForm meta={meta} draft={draft} issues={issues} update={update} />
        ) : (
          <ComplaintForm meta={meta} draft={draft} update={update} />
        )}
        <button type="submit" class="primary">
          {t('intake.submit')}
        </button>
      </form>
    </>
  );
}

/** The case registered: its reference (a link to it), its due date, and whether the person is told. */
function Done({ registered }: { registered: Registered }) {
  const ref = registered.reference;
  return (
    <div class="notice ok" role="status">
      {t(registered.notified ? 'intake.doneNotified' : 'intake.doneNotNotified', {
        ref: isolated(ref),
        due: formatBoth(registered.dueDate),
      })}{' '}
      <a class="ref" href={`/console/cases/${encodeURIComponent(ref)}`}>
        <Ltr>{ref}</Ltr>
      </a>
    </div>
  );
}
