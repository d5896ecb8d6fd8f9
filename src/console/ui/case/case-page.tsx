import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import { Ltr } from '../bidi';
import type { CaseDetail } from '../cases/case-types';
import { Layout } from '../layout';
import { metaNames, useMeta } from '../meta';
import { Notice } from '../queues/status-filter';
import type { Outcome } from './action-form';
import { AssignOfficer, mayAssign } from './assign-officer';
import { CaseActions } from './case-actions';
import { CaseRecord } from './case-record';
import { CaseSummary } from './case-summary';
import { CaseTimeline } from './case-timeline';

/**
 * One case (`/console/cases/:reference`): where it stands, the decisions the viewer may take (before the
 * record, so a phone reaches them first), handing it to an officer, what it is on record with, and its
 * history; the chat that made it folded away.
 */
export function CasePage() {
  const reference = boot.params.reference ?? '';
  const meta = useMeta();
  const [c, setCase] = useState<CaseDetail | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState<Outcome | null>(null);

  const load = async () => {
    const result = await api<CaseDetail>('GET', `/api/cases/${encodeURIComponent(reference)}`);
    if (result.ok) setCase(result.data);
    else setError(failureText(result, t('errors.internal')));
  };
  useEffect(() => void load(), []);

  const done = (outcome: Outcome, changed: boolean) => {
    setMessage(outcome);
    if (changed) void load();
  };
  const names = meta && metaNames(meta);
  // The heading's text around the reference, wherever the language puts it, so the reference is isolated.
  const [before, after] = t('case.title', { ref: '\u0000' }).split('\u0000');

  return (
    <Layout
      title={t('case.title', { ref: reference })}
      heading={
        <>
          {before}
          <Ltr>{reference}</Ltr>
          {after}
        </>
      }
      section="cases"
    >
      <p>
        <a href="/console/cases">{t('case.back')}</a>
      </p>
      <div aria-live="polite">
        <Notice message={message} />
      </div>
      {error && <Notice message={{ kind: 'error', text: error }} />}
      {c && meta && names && (
        <div>
          <CaseSummary c={c} names={names} />
          <CaseActions key={`${c.status}-${c.timeline.length}`} meta={meta} c={c} onDone={done} />
          {mayAssign() && <AssignOfficer c={c} names={names} onDone={done} />}
          <CaseRecord c={c} meta={meta} names={names} />
          <CaseTimeline items={c.timeline} names={names} serviceId={c.serviceId} />
        </div>
      )}
    </Layout>
  );
}
