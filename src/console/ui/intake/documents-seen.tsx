import { CheckGroup } from '../form';
import { named, type MetaService } from '../meta';
import { t } from '../boot';
import { formatList } from '../format';

/**
 * The service's documents staff saw on paper, and, until every required one is ticked, which are still
 * missing: a request is complete, and its clock starts, only with them (the server refuses it otherwise).
 */
export function DocumentsSeen(props: {
  service: MetaService;
  seen: string[];
  errors: string[];
  onChange: (seen: string[]) => void;
}) {
  if (props.service.documents.length === 0) return null;
  const missing = props.service.documents.filter((d) => d.required && !props.seen.includes(d.id));
  return (
    <CheckGroup
      name="doc"
      legend={t('intake.documentsSeen')}
      options={props.service.documents.map((d) => ({
        value: d.id,
        label: named(d.label) + (d.required ? ' *' : ''),
      }))}
      chosen={props.seen}
      onChange={props.onChange}
    >
      <p class="hint missing-documents" role="status">
        {missing.length > 0 &&
          t('intake.missingDocuments', { list: formatList(missing.map((d) => named(d.label))) })}
      </p>
      {props.errors.map((e) => (
        <p key={e} class="field-error">
          {e}
        </p>
      ))}
    </CheckGroup>
  );
}
