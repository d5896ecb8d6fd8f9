/**
 * The JSON of the queues' API (docs/console.md, "HTTP API": /api/queues/…), as the screens read it.
 */

export interface FieldHelpCall {
  reference: string;
  kind: string;
  kindLabel: string;
  urgent: boolean;
  where: string | null;
  location: { latitude: number; longitude: number } | null;
  details: string;
  channel: string;
  status: 'open' | 'claimed' | 'done';
  claimedBy: string | null;
  claimedByName: string | null;
  createdAt: string;
}

export interface VolunteerSignUp {
  reference: string;
  fullName: string;
  mobile: string;
  city: string;
  availability: string;
  availabilityLabel: string;
  skills: string;
  status: 'new' | 'contacted' | 'accepted' | 'declined';
  routedTo: string | null;
  routedToName: string | null;
  createdAt: string;
}

export interface DataRequest {
  reference: string;
  kind: string;
  status: 'open' | 'completed' | 'refused';
  dueDate: string;
  createdAt: string;
  completedAt: string | null;
}

export interface QueueList<T> {
  items: T[];
}
