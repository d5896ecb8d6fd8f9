import { COMPLAINT_RULES, type ComplaintAction } from '../cases/rules/complaint-transitions';
import { REQUEST_RULES, type RequestAction } from '../cases/rules/request-transitions';
import type { CaseType } from '../store/case-view-repository';

/** What a button under a card (or a reason prompt) asks for. */
export type ButtonAction =
  | { type: 'handoff'; action: 'claim' | 'close'; reference: string }
  | { type: 'fieldHelp'; action: 'claim' | 'done'; reference: string }
  | { type: 'request'; action: RequestAction | 'claim'; reference: string }
  | { type: 'complaint'; action: ComplaintAction; reference: string }
  /** One of the profile's rejection reasons, by its position. */
  | { type: 'rejectReason'; index: number; reference: string }
  /** Ticks (or unticks) a missing item under the "what is missing?" question: the service's fields, then documents. */
  | { type: 'missingItem'; index: number; reference: string };

const CODES: Readonly<Record<CaseType, string>> = {
  handoff: 'h',
  request: 'r',
  complaint: 'c',
  fieldHelp: 'f',
};
const REFERENCE = /^[A-Z]{3}-\d{4,9}-\d{2}$/;

/**
 * Callback data is at most 64 bytes, so it is short: `<case code>:<action>:<reference>`
 * (`r:approve:REQ-4821-27`), `rr:<index>:<reference>` for a rejection reason, or `mi:<index>:<reference>`
 * for a missing item.
 */
export function encodeButton(button: ButtonAction): string {
  if (button.type === 'rejectReason') return `rr:${button.index}:${button.reference}`;
  if (button.type === 'missingItem') return `mi:${button.index}:${button.reference}`;
  return `${CODES[button.type]}:${button.action}:${button.reference}`;
}

/** Reads callback data back; undefined for anything the console did not write (or an old format). */
export function parseButton(data: string): ButtonAction | undefined {
  const [code, action = '', reference = '', ...extra] = data.split(':');
  if (extra.length > 0 || !REFERENCE.test(reference)) return undefined;
  switch (code ?? '') {
    case 'h':
      return action === 'claim' || action === 'close' ? { type: 'handoff', action, reference } : undefined;
    case 'f':
      return action === 'claim' || action === 'done' ? { type: 'fieldHelp', action, reference } : undefined;
    case 'r':
      return action === 'claim' || Object.hasOwn(REQUEST_RULES, action)
        ? { type: 'request', action: action as RequestAction | 'claim', reference }
        : undefined;
    case 'c':
      return Object.hasOwn(COMPLAINT_RULES, action)
        ? { type: 'complaint', action: action as ComplaintAction, reference }
        : undefined;
    case 'rr':
      return /^\d{1,2}$/.test(action)
        ? { type: 'rejectReason', index: Number(action), reference }
        : undefined;
    case 'mi':
      return /^\d{1,2}$/.test(action) ? { type: 'missingItem', index: Number(action), reference } : undefined;
    default:
      return undefined;
  }
}
