/** The conversation the page is showing: its session, the last reply shown, and how replies arrive. */
export const conversation = {
  sessionId: null as string | null,
  /** The session is open (created, or its history shown): messages may be posted to it. */
  open: false,
  lastSeq: 0,
  /** The visitor's messages on screen, by client id: one from history and the same one pending show once. */
  shown: new Set<string>(),
  events: null as EventSource | null,
  pollTimer: null as ReturnType<typeof setInterval> | null,
};

/** A path of the API under this session. */
export function sessionPath(rest: string): string {
  return `sessions/${encodeURIComponent(conversation.sessionId ?? '')}/${rest}`;
}
