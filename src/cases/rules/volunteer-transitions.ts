/** Where a sign-up stands with the volunteering coordinator. */
export const VOLUNTEER_STATUSES = ['new', 'contacted', 'accepted', 'declined'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/** The statuses a coordinator sets (a sign-up starts as `new`). */
export const VOLUNTEER_DECISIONS = ['contacted', 'accepted', 'declined'] as const;
export type VolunteerDecision = (typeof VOLUNTEER_DECISIONS)[number];

/**
 * Where a sign-up may go from each status: new → contacted → accepted | declined. A coordinator who
 * settles it in the first call may accept or decline a new sign-up at once; accepted and declined are
 * final (a second sign-up starts again).
 */
const NEXT: Readonly<Record<VolunteerStatus, readonly VolunteerDecision[]>> = {
  new: ['contacted', 'accepted', 'declined'],
  contacted: ['accepted', 'declined'],
  accepted: [],
  declined: [],
};

export const canMoveVolunteer = (from: VolunteerStatus, to: VolunteerDecision): boolean =>
  NEXT[from].includes(to);

/**
 * The text the person reads when their sign-up reaches `status`, or none. `contacted` says nothing in
 * the chat: the coordinator's call or message is the contact, and a chat line saying so would only
 * repeat it (or contradict it, when the call was missed).
 */
export const VOLUNTEER_NOTICES: Readonly<Record<VolunteerDecision, string | undefined>> = {
  contacted: undefined,
  accepted: 'queues.volunteer.accepted',
  declined: 'queues.volunteer.declined',
};
