import { useState } from 'preact/hooks';
import { api, failureText, newClientId } from '../api';
import { t } from '../boot';

type Mode = 'reply' | 'note';

/** The file chosen, read as base64 for the JSON API. */
function readFile(file: File): Promise<{ name: string; data: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      // readAsDataURL gives a string: "data:<type>;base64,<bytes>".
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve({ name: file.name, data: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

/**
 * Where staff write: a reply to the person (with a file if needed) or a note for colleagues. Each
 * message carries an id made once for it, so sending again after a network failure cannot send twice.
 */
export function Composer(props: { reference: string; canReply: boolean; onSent: () => void }) {
  const [mode, setMode] = useState<Mode>(props.canReply ? 'reply' : 'note');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [clientId, setClientId] = useState(newClientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const replying = mode === 'reply';

  async function send(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    const body = replying
      ? { clientId, text, ...(file ? { file: await readFile(file) } : {}) }
      : { clientId, text };
    const result = await api<{ status: string }>(
      'POST',
      `/api/inbox/${encodeURIComponent(props.reference)}/${mode}`,
      body,
    );
    setBusy(false);
    if (!result.ok) {
      setError(failureText(result, t('inbox.sendFailed')));
      return;
    }
    setText('');
    setFile(null);
    setClientId(newClientId());
    props.onSent();
  }

  return (
    <form class={`composer ${mode}`} onSubmit={(event) => void send(event)}>
      <div class="tabs" role="group" aria-label={t('inbox.composerLabel')}>
        <button type="button" class="tab" aria-pressed={replying} onClick={() => setMode('reply')}>
          {t('inbox.mode.reply')}
        </button>
        <button type="button" class="tab" aria-pressed={!replying} onClick={() => setMode('note')}>
          {t('inbox.mode.note')}
        </button>
      </div>
      {replying && !props.canReply && <p class="hint">{t('inbox.claimToReply')}</p>}
      <label class="visually-hidden" for="composer-text">
        {t(replying ? 'inbox.replyLabel' : 'inbox.noteLabel')}
      </label>
      <textarea
        id="composer-text"
        name="text"
        rows={3}
        maxLength={4000}
        value={text}
        placeholder={t(replying ? 'inbox.replyPlaceholder' : 'inbox.notePlaceholder')}
        disabled={replying && !props.canReply}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <div class="composer-actions">
        {replying && (
          <label class="file-pick">
            <span>{t('inbox.attach')}</span>
            <input
              type="file"
              name="file"
              accept="image/*,application/pdf"
              disabled={!props.canReply}
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
          </label>
        )}
        <button
          type="submit"
          class="primary"
          disabled={busy || (replying && !props.canReply) || (!text.trim() && !(replying && file))}
        >
          {t(replying ? 'inbox.send' : 'inbox.saveNote')}
        </button>
      </div>
      {!replying && <p class="hint">{t('inbox.noteHint')}</p>}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
