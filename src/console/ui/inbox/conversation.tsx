import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationView } from '../../inbox/inbox-api';
import { api, failureText } from '../api';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Composer } from './composer';
import { Transcript } from './transcript';

type Colleague = { id: string; name: string };

/** Where the inbox shows one pane at a time (the media query of the inbox in public/style.css). */
const PHONE = '(max-width: 760px)';

/** Take, hand on, close: the buttons the viewer's role and the conversation's state allow. */
function Actions(props: { conversation: ConversationView; onDone: () => void }) {
  const { handoff, can } = props.conversation;
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [to, setTo] = useState('');
  const [offerSurvey, setOfferSurvey] = useState(true);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const path = `/api/inbox/${encodeURIComponent(handoff.reference)}`;

  useEffect(() => {
    if (!can.transfer) return;
    void api<{ staff: Colleague[] }>('GET', '/api/inbox/staff').then((result) => {
      if (result.ok) setColleagues(result.data.staff);
    });
  }, [can.transfer]);

  async function act(action: string, body: unknown, done: string) {
    setMessage(null);
    const result = await api<{ status: string }>('POST', `${path}/${action}`, body);
    if (!result.ok) {
      setMessage({ kind: 'error', text: failureText(result, t('inbox.actionFailed')) });
      return;
    }
    setMessage({ kind: 'ok', text: t(done) });
    props.onDone();
  }

  return (
    <div class="handoff-actions">
      {can.claim && (
        <button type="button" class="primary" onClick={() => void act('claim', {}, 'inbox.claimed')}>
          {t('inbox.claim')}
        </button>
      )}
      {can.transfer && (
        <span class="transfer">
          <label for="transfer-to">{t('inbox.transferTo')}</label>
          <select id="transfer-to" value={to} onChange={(event) => setTo(event.currentTarget.value)}>
            <option value="">{t('inbox.chooseColleague')}</option>
            {colleagues
              .filter((c) => c.id !== handoff.claimedBy)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
          <button
            type="button"
            disabled={!to}
            onClick={() => void act('transfer', { to }, 'inbox.transferred')}
          >
            {t('inbox.transfer')}
          </button>
        </span>
      )}
      {can.close && (
        <span class="close">
          <label>
            <input
              type="checkbox"
              checked={offerSurvey}
              onChange={(event) => setOfferSurvey(event.currentTarget.checked)}
            />{' '}
            {t('inbox.offerSurvey')}
          </label>
          <button
            type="button"
            class="danger"
            onClick={() => void act('close', { offerSurvey }, 'inbox.closed')}
          >
            {t('inbox.close')}
          </button>
        </span>
      )}
      {message && (
        <p class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}

/** One conversation with a person: who and where, what may be done, the transcript, and the composer. */
export function Conversation(props: {
  conversation: ConversationView;
  onChanged: () => void;
  onBack: () => void;
}) {
  const { handoff, can } = props.conversation;
  const top = useRef<HTMLElement>(null);
  // On a phone the conversation replaces the list: open it at its top (the way back), not wherever the
  // list was scrolled to. Beside the list (wider screens) nothing moves.
  useEffect(() => {
    if (window.matchMedia(PHONE).matches) top.current?.scrollIntoView({ block: 'start' });
  }, [handoff.reference]);
  return (
    <section class="conversation" aria-labelledby="conversation-title" ref={top}>
      <a
        href="/console/inbox"
        class="back"
        onClick={(event) => {
          event.preventDefault();
          props.onBack();
        }}
      >
        {t('inbox.back')}
      </a>
      <header class="conversation-head">
        <h2 id="conversation-title">
          {handoff.person ?? t('inbox.unnamed')} · <bdi class="ref">{handoff.reference}</bdi>
        </h2>
        <p class="conversation-facts">
          <span class="badge">{label('channel', handoff.channel)}</span>
          {handoff.categoryName && <span>{handoff.categoryName}</span>}
          <span>{t(`inbox.status.${handoff.status}`)}</span>
          <span>
            {handoff.claimedByName ? t('inbox.heldBy', { name: handoff.claimedByName }) : t('inbox.notTaken')}
          </span>
          <span>{t('inbox.openedAt', { time: formatTime(handoff.createdAt) })}</span>
        </p>
      </header>
      <Actions conversation={props.conversation} onDone={props.onChanged} />
      <Transcript conversation={props.conversation} />
      {handoff.status !== 'closed' && (
        <Composer
          // A new composer once the viewer may answer: it opens on the reply.
          key={`${handoff.reference}-${can.reply}`}
          reference={handoff.reference}
          canReply={can.reply}
          onSent={props.onChanged}
        />
      )}
    </section>
  );
}
