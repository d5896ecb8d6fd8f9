import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { Lang } from '../../domain/lang';
import type { Translator } from '../../i18n/translator';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import type { PolicyAcks } from './policy-acks';
import { policyHtml, sendPolicyPage } from './policy-page';

/** Where the console serves the profile's policy text. */
export const POLICY_PAGE = '/console/policy';

const Policy = z.object({
  version: z.string(),
  title: z.string(),
  /** The profile's link, else the console's page of the text; null when the profile has neither. */
  url: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});

/**
 * The policy staff acknowledge before their first action: what it is and whether the caller did
 * (`GET /api/policy`), the acknowledgement (`POST /api/policy/ack`, the current version only), and
 * the text itself at `/console/policy` when the profile carries it.
 */
export async function policyRoutes(
  app: FastifyInstance,
  o: { registry: ApiRegistry; profile: Profile; translator: Translator; acks: PolicyAcks },
): Promise<void> {
  const { policy } = o.profile;
  const title = (lang: Lang) =>
    policy.title ? localized(policy.title, lang) : o.translator.t(lang, 'console.policy.defaultTitle');
  const url = policy.url ?? (policy.text ? POLICY_PAGE : null);

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/policy',
      access: { roles: ROLES.anyStaff },
      tag: 'policy',
      summary: 'The policy in force (version, title, where to read it) and when the caller acknowledged it',
      response: { schema: Policy },
    },
    async ({ req, reply, staff }) => {
      void reply.header('cache-control', 'no-store');
      const at = await o.acks.acknowledgedAt(staff.staffId);
      return {
        version: policy.version,
        title: title(requestLang(req)),
        url,
        acknowledgedAt: at?.toISOString() ?? null,
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/policy/ack',
      access: { roles: ROLES.anyStaff },
      tag: 'policy',
      summary:
        'Acknowledge the policy (the current version only: 409 otherwise); the same record as /ack on Telegram',
      body: z
        .object({ version: z.string().min(1).max(100).describe('the version the staff member read') })
        .strict(),
      response: { schema: z.object({ acknowledgedAt: z.string() }) },
      beforePolicyAck: true,
    },
    async ({ body, staff }) => ({
      acknowledgedAt: (await o.acks.acknowledge(staff.staffId, body.version)).toISOString(),
    }),
  );

  app.get(POLICY_PAGE, { config: { access: { roles: ROLES.anyStaff }, page: true } }, (req, reply) => {
    const lang = requestLang(req);
    const text = policy.text ? localized(policy.text, lang) : undefined;
    if (!text && policy.url) return reply.redirect(policy.url, 302);
    return sendPolicyPage(reply, {
      lang,
      title: title(lang),
      versionLabel: o.translator.t(lang, 'console.policy.version', { version: policy.version }),
      body: policyHtml(text ?? o.translator.t(lang, 'console.policy.none')),
      status: text ? 200 : 404,
    });
  });
}
