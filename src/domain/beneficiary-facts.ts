/** A case as the person may see it: theirs only, never another person's. */
export interface CaseSummary {
  reference: string;
  kind: 'request' | 'complaint' | 'suggestion' | 'compensation' | 'deletion' | 'correction';
  /** Service id for requests, category id for complaints. */
  subject: string | null;
  status: string;
  updatedAt: string;
  /** YYYY-MM-DD in the association's time zone, when the case has a deadline. */
  dueDate: string | null;
  /**
   * A request waiting for information: the service's field and document ids the committee asked for
   * (possibly none, when it only gave a reason) and its reason.
   */
  missing?: { fields: string[]; documents: string[]; reason: string };
}

/**
 * What flows may know about the person they talk to, loaded before each step. Flows never fetch:
 * whatever a flow needs to decide must be here.
 */
export interface BeneficiaryFacts {
  id: string;
  /** Purpose → consent version currently granted. */
  consents: Record<string, string>;
  /** The person's own cases, newest first. */
  cases: CaseSummary[];
  /** An open conversation with a person (staff), if any. */
  openHandoff: { reference: string; claimed: boolean } | null;
  /** References of cases the person has already rated in a satisfaction survey (a case is rated once). */
  surveyed: string[];
  contact: { fullName: string | null; mobile: string | null };
  /** What else is held about the person, for «بياناتي» (the PDPL right of access). */
  held: HeldData;
}

/** Data held about a person beyond their contact and newest cases; never another person's. */
export interface HeldData {
  /** Channels the person has written from (the kinds only, never the ids). */
  channels: string[];
  /** The latest answer per consent purpose, with its version and time (ISO). */
  consents: { purpose: string; version: string; granted: boolean; at: string }[];
  /** How many cases they have in all (`cases` lists the newest only). */
  caseCount: number;
  /** Their volunteer sign-ups and field-help calls, newest first. */
  registrations: { reference: string; kind: 'volunteer' | 'fieldHelp' }[];
}

/** Facts for someone the service has never seen: used by tests and first contact. */
export const NEW_BENEFICIARY = (id: string): BeneficiaryFacts => ({
  id,
  consents: {},
  cases: [],
  openHandoff: null,
  surveyed: [],
  contact: { fullName: null, mobile: null },
  held: { channels: [], consents: [], caseCount: 0, registrations: [] },
});
