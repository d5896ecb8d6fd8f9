import { label, t } from '../boot';

/** Someone the mobile number points to (`GET /api/intake/beneficiary`). */
export interface Candidate {
  id: string;
  /** Staff recorded the number, or the chat platform gave it: only such a person may be chosen. */
  verified: boolean;
  /** Null outside the staff member's categories (that someone is on file, not who). */
  name: string | null;
  cases: number | null;
  chatChannels: string[];
}

function describe(c: Candidate): string {
  const who =
    c.name === null && c.cases === null
      ? t('intake.personOutOfScope')
      : t('intake.personKnown', { name: c.name ?? '—', cases: c.cases });
  if (!c.verified) return `${who} ${t('intake.personUnverified')}`;
  const reach = c.chatChannels.length
    ? t('intake.personChats', { channels: c.chatChannels.map((ch) => label('channel', ch)).join('، ') })
    : t('intake.personNoChat');
  return `${who} ${reach}`;
}

/**
 * Who the case is for: staff choose among the people the number points to, never chosen for them. A
 * number a chat visitor merely typed is shown, disabled, so nobody's cases reach whoever typed it.
 */
export function PersonChoice(props: {
  candidates: Candidate[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  const choice = (id: string, text: string, disabled = false) => (
    <label key={id} class="check" for={`person-${id}`}>
      <input
        type="radio"
        name="beneficiaryId"
        id={`person-${id}`}
        value={id}
        checked={props.value === id}
        disabled={disabled}
        onChange={() => props.onChange(id)}
      />{' '}
      {text}
    </label>
  );
  return (
    <fieldset class="checks person" aria-live="polite">
      <legend>{t('intake.person')}</legend>
      {props.candidates.map((c) => choice(c.id, describe(c), !c.verified))}
      {choice('new', t('intake.newPerson'))}
      {props.candidates.some((c) => c.verified) && <p class="muted">{t('intake.choosePerson')}</p>}
    </fieldset>
  );
}
