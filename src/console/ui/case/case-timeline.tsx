import { useState } from 'preact/hooks';
import { boot, label, t } from '../boot';
import { withIsolatedNumbers } from '../bidi';
import type { TimelineItem } from '../cases/case-types';
import { formatTime } from '../format';
import type { MetaNames } from '../meta';

const ARROW = boot.lang === 'ar' ? ' ← ' : ' → ';

/** The person's messages and the bot's replies: the conversation, folded away until asked for. */
const isConversation = (item: TimelineItem) => item.type === 'inbound' || item.type === 'reply';

/** The items asked for or received on an information round, by their labels. */
function itemLabels(names: MetaNames, serviceId: string | null, fields: unknown, documents: unknown): string {
  const ids = (list: unknown) => (Array.isArray(list) ? list.map(String) : []);
  return [
    ...ids(fields).map((id) => names.fieldLabel(serviceId, id)),
    ...ids(documents).map((id) => names.documentLabel(serviceId, id)),
  ].join(' · ');
}

/** What one line says: its heading, a detail, and where a message stands. */
function describe(item: TimelineItem, names: MetaNames, serviceId: string | null) {
  switch (item.type) {
    case 'event': {
      const d = item.data as {
        from?: string;
        to?: string;
        reason?: string;
        note?: string;
        fields?: unknown;
        documents?: unknown;
        missing?: { fields?: unknown; documents?: unknown };
      };
      const bits: string[] = [];
      if (d.from && d.to) bits.push(label('status', d.from) + ARROW + label('status', d.to));
      if (d.reason) bits.push(d.reason);
      if (d.missing) bits.push(itemLabels(names, serviceId, d.missing.fields, d.missing.documents));
      const received =
        item.event === 'request.infoReceived' && itemLabels(names, serviceId, d.fields, d.documents);
      if (received) bits.push(received);
      if (d.note) bits.push(d.note);
      return {
        what: `${label('events', item.event)} · ${names.actorName(item.actor)}`,
        detail: bits.join(' · '),
      };
    }
    case 'inbound':
      return {
        what: t('timeline.inbound', { channel: label('channel', item.channel) }),
        detail: item.text || (item.media ? t('timeline.media', { count: item.media }) : ''),
      };
    case 'reply':
    case 'notification':
      return {
        what: t(`timeline.${item.type}`, { channel: label('channel', item.channel) }),
        detail: item.text,
        status: item.status,
      };
    case 'staffAlert':
      return {
        what: t('timeline.staffAlert', {
          kind: label('alerts', item.kind),
          recipient: item.recipient.startsWith('role:')
            ? label('roles', item.recipient.slice(5))
            : names.staffName(item.recipient),
        }),
        status: item.status,
      };
    case 'document':
      return { what: t('timeline.document', { name: item.fileName ?? item.documentId }) };
  }
}

function Line(props: { item: TimelineItem; names: MetaNames; serviceId: string | null }) {
  const { item } = props;
  const { what, detail, status } = describe(item, props.names, props.serviceId);
  return (
    <li class={`tl-${item.type}`}>
      <time dateTime={item.at}>{formatTime(item.at)}</time>
      <div>
        <strong>{what}</strong>{' '}
        {status && <span class={`badge delivery-${status}`}>{label('delivery', status)}</span>}
        {detail && (
          <p class="prewrap" dir="auto">
            {withIsolatedNumbers(detail)}
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * The case's history, oldest first: its events, decisions, notifications, alerts and documents. The chat
 * that made it (often a few dozen messages) stays folded under one button, so on a phone the decision is
 * not a long scroll away.
 */
export function CaseTimeline(props: { items: TimelineItem[]; names: MetaNames; serviceId: string | null }) {
  const [showChat, setShowChat] = useState(false);
  const history = props.items.filter((i) => !isConversation(i));
  const chat = props.items.filter(isConversation);
  const list = (items: TimelineItem[], className: string) => (
    <ol class={className}>
      {items.map((item, i) => (
        <Line key={i} item={item} names={props.names} serviceId={props.serviceId} />
      ))}
    </ol>
  );
  return (
    <>
      <section class="card">
        <h2>{t('case.timeline')}</h2>
        {history.length ? list(history, 'timeline') : <p class="muted">{t('case.noTimeline')}</p>}
      </section>
      {chat.length > 0 && (
        <section class="card case-conversation" aria-labelledby="conversation-title">
          <h2 id="conversation-title">{t('case.conversation')}</h2>
          <button
            type="button"
            class="quiet"
            aria-expanded={showChat}
            aria-controls="case-conversation-lines"
            onClick={() => setShowChat(!showChat)}
          >
            {showChat ? t('case.hideConversation') : t('case.showConversation', { count: chat.length })}
          </button>
          <div id="case-conversation-lines" hidden={!showChat}>
            {list(chat, 'timeline')}
          </div>
        </section>
      )}
    </>
  );
}
