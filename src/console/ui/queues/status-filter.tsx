import { t } from '../boot';

/** The statuses of a queue as toggle buttons; the one shown is pressed. */
export function StatusFilter<S extends string>(props: {
  statuses: readonly S[];
  value: S;
  labels: string;
  onChange: (status: S) => void;
}) {
  return (
    <div class="tabs" role="group" aria-label={t('queues.statusFilter')}>
      {props.statuses.map((status) => (
        <button
          key={status}
          type="button"
          class="tab"
          aria-pressed={status === props.value}
          onClick={() => props.onChange(status)}
        >
          {t(`${props.labels}.${status}`)}
        </button>
      ))}
    </div>
  );
}

/** The page's answer to the last action, read out to screen readers. */
export function Notice(props: { message: { kind: 'ok' | 'error'; text: string } | null }) {
  if (!props.message) return null;
  return (
    <p class={`notice ${props.message.kind}`} role={props.message.kind === 'error' ? 'alert' : 'status'}>
      {props.message.text}
    </p>
  );
}
