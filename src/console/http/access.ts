import type { StaffRole } from '../../config/profile-schema';
import type { StaffSession } from '../auth/session-store';

/**
 * Who may call a console route: anyone (sign-in, the page's own script and style), or staff holding one
 * of the roles. Every route under `/api/` and `/console` must declare one (`config: { access }`); the
 * console refuses to start otherwise, so a new route cannot be left open by forgetting.
 */
export type Access = { public: true } | { roles: readonly StaffRole[] };

/** Who does what (docs/console.md has the table). */
export const ROLES = {
  /** Everyone with an account: their own session, the meta data, the API description. */
  anyStaff: ['volunteer', 'liaison', 'committee', 'manager', 'board', 'admin', 'coordinator', 'field'],
  /** See cases: liaison officers and volunteers only those of their categories; the board reads escalations. */
  caseViewers: ['volunteer', 'liaison', 'committee', 'manager', 'board', 'admin'],
  /** Act on cases (each action's own roles are in the transition tables; committee, manager and admin decide). */
  caseActors: ['volunteer', 'liaison', 'committee', 'manager', 'admin'],
  /** Answer people who asked for a person (the inbox): everyone but the board. */
  responders: ['volunteer', 'liaison', 'committee', 'manager', 'admin'],
  /** Register a case that came by phone, visit, letter or fax. */
  intake: ['volunteer', 'liaison', 'committee', 'manager', 'admin'],
  /**
   * The oversight dashboard and its exports: management, the board, and the administrator, who runs the
   * installation (its first account is an administrator, who must see how the association is doing).
   */
  oversight: ['manager', 'board', 'admin'],
  /** The field-help queue: the field representatives on duty, the liaison officers, and their managers. */
  fieldHelpQueue: ['field', 'liaison', 'admin', 'manager'],
  /** The volunteer sign-ups: the volunteering coordinator, and their managers. */
  volunteerQueue: ['coordinator', 'admin', 'manager'],
  /** Data-rights requests (PDPL: deletion, correction): the administrator, as the data-protection officer. */
  dataRequests: ['admin'],
  /**
   * The person's other conversations, beyond the case in hand (need to know): management, who follows
   * complaints about staff and the liaison officers, and the administrator (data-protection requests).
   */
  personHistory: ['manager', 'admin'],
  /** Merging two records of one person (who wrote on two channels before linking them). */
  mergePeople: ['manager', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

/** Roles that see every case, whatever its category. */
export const SEES_ALL_CASES: readonly StaffRole[] = ['committee', 'manager', 'board', 'admin'];

export const isPublic = (access: Access): access is { public: true } => 'public' in access;

export function allows(access: Access, roles: readonly StaffRole[]): boolean {
  return isPublic(access) || access.roles.some((role) => roles.includes(role));
}

/** URLs the console guards: its pages, its API, and Bull Board. */
export const isGuardedUrl = (url: string): boolean =>
  url === '/console' || url.startsWith('/console/') || url.startsWith('/api/');

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** A page (HTML): refusals answer with the sign-in or "not allowed" page instead of JSON. */
    page?: boolean;
    /**
     * A state-changing route a staff member may call before acknowledging the policy: their own session
     * and password, the acknowledgement itself, marking alerts read. Every other one refuses them
     * (403 `ERR_POLICY_ACK_REQUIRED`).
     */
    beforePolicyAck?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in staff member, set by the guard on every non-public console route. */
    staff?: StaffSession;
  }
}
