import type { ConversationView, TranscriptLineView } from '../../inbox/inbox-api';
import { t } from '../boot';
import { formatClock, formatTime } from '../format';

function Line(props: { line: TranscriptLineView }) {
  const { line } = props;
  const who =
    line.author === 'beneficiary'
      ? t('inbox.person')
      : line.author === 'note'
        ? t('inbox.noteBy', { name: line.staffName ?? '' })
        : t('inbox.staffLine', { name: line.staffName ?? '' });
  return (
    <li class={`message ${line.author}`}>
      <p class="meta">
        <span class="who">{who}</span>
        {line.origin === 'telegram' && <span class="badge">{t('inbox.fromTelegram')}</span>}
        {line.outOfHours && <span class="badge">{t('inbox.outOfHours')}</span>}
        <time dateTime={line.at} title={formatTime(line.at)}>
          {formatClock(line.at)}
        </time>
      </p>
      {line.text && <p class="text">{line.text}</p>}
      {line.files.map((file) => (
        <p key={file.url} class="file">
          <a href={file.url} download={file.name}>
            <bdi>{file.name}</bdi>
          </a>
        </p>
      ))}
      {line.location && (
        <p class="file">
          <a
            href={`https://maps.google.com/?q=${line.location.latitude},${line.location.longitude}`}
            rel="noreferrer noopener"
            target="_blank"
          >
            {t('inbox.location')}
          </a>
        </p>
      )}
    </li>
  );
}

/** What the person wrote to the bot before, then the conversation with staff, notes marked as such. */
export function Transcript(props: { conversation: ConversationView }) {
  const { earlier, transcript } = props.conversation;
  return (
    <>
      {earlier.length > 0 && (
        <details class="earlier">
          <summary>{t('inbox.earlier', { count: earlier.length })}</summary>
          <ul class="messages">
            {earlier.map((m, index) => (
              <li key={index} class="message beneficiary earlier-line">
                <p class="meta">
                  <time dateTime={m.at}>{formatTime(m.at)}</time>
                </p>
                <p class="text">{m.text || '…'}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
      {transcript.length === 0 ? (
        <p class="empty">{t('inbox.noMessages')}</p>
      ) : (
        <ol class="messages" aria-label={t('inbox.transcriptLabel')}>
          {transcript.map((line) => (
            <Line key={line.id} line={line} />
          ))}
        </ol>
      )}
    </>
  );
}
