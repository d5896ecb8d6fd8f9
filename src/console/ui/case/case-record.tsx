import { label, t } from '../boot';
import { Bidi, Ltr } from '../bidi';
import type { CaseDetail } from '../cases/case-types';
import { formatNumber, formatTime } from '../format';
import { named, type Meta, type MetaNames } from '../meta';
import { Facts } from './facts';

/** The form's answers, by the service's labels (a choice shown by its option's label). */
function FormAnswers(props: { c: CaseDetail; meta: Meta }) {
  const service = props.meta.services.find((s) => s.id === props.c.serviceId);
  return (
    <section class="card">
      <h2>{t('case.fields')}</h2>
      <table class="kv">
        <tbody>
          {Object.entries(props.c.fields ?? {}).map(([key, raw]) => {
            const def = service?.fields.find((f) => f.id === key);
            const option =
              def?.type === 'choice' ? def.options?.find((o) => 'id' in o && o.id === raw) : undefined;
            return (
              <tr key={key}>
                <th scope="row">{def ? named(def.label) : key}</th>
                <td>
                  <Bidi text={option && 'label' in option ? named(option.label) : raw} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The request's documents as received, and those staff saw on paper at intake. */
function Documents(props: { c: CaseDetail; names: MetaNames }) {
  const { c, names } = props;
  const seen = (c.declaration?.documentsSeen ?? [])
    .map((d) => names.documentLabel(c.serviceId, d))
    .join('، ');
  return (
    <section class="card">
      <h2>{t('case.documents')}</h2>
      {c.documents.length ? (
        <ul>
          {c.documents.map((d, i) => (
            <li key={i}>
              {names.documentLabel(c.serviceId, d.documentId)} · <Bidi text={d.fileName ?? d.mimeType} /> ·{' '}
              <Ltr>{`${formatNumber(Math.round(d.sizeBytes / 1024))} KB`}</Ltr>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('case.noDocuments')}</p>
      )}
      {seen && <p>{t('case.documentsSeen', { list: seen })}</p>}
    </section>
  );
}

/** The applicant's declaration: when, how, who recorded it, and the start of its fingerprint. */
function Declaration(props: { c: CaseDetail; names: MetaNames }) {
  const decl = props.c.declaration ?? {};
  return (
    <section class="card">
      <h2>{t('case.declaration')}</h2>
      <Facts
        facts={[
          [t('case.declaredAt'), formatTime(decl.at ?? null)],
          [
            t('case.declaredHow'),
            decl.how ? label('intake.declarationHow', decl.how) : label('channel', decl.channel ?? ''),
          ],
          decl.recordedBy ? [t('case.recordedBy'), props.names.staffName(decl.recordedBy)] : null,
          [
            t('case.declarationHash'),
            <code dir="ltr" title={decl.hash}>
              {`${String(decl.hash ?? '').slice(0, 16)}…`}
            </code>,
          ],
        ]}
      />
    </section>
  );
}

/** What the case is on record with: a request's answers, documents and declaration; a complaint's text. */
export function CaseRecord(props: { c: CaseDetail; meta: Meta; names: MetaNames }) {
  const { c } = props;
  if (c.kind !== 'request') {
    return (
      <section class="card">
        <h2>{t('case.description')}</h2>
        <p class="prewrap" dir="auto">
          {c.description ?? ''}
        </p>
      </section>
    );
  }
  return (
    <>
      {c.fields && <FormAnswers c={c} meta={props.meta} />}
      <Documents c={c} names={props.names} />
      <Declaration c={c} names={props.names} />
    </>
  );
}
