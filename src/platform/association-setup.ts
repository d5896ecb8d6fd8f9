import { Profile } from '../config/profile-schema';
// Zod whose objects refuse keys they do not declare: a misspelt `telegarm` fails instead of being dropped.
import * as z from '../config/strict-zod';

/** A host name as browsers send it in `Host`, lower case, without a port. */
const HostName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'a host name in lower case, without scheme, port or path (e.g. al-birr.tawasul.example)',
  });

/**
 * An association's channels on a platform, with their tokens. Stored sealed with the platform's key
 * (`associations.secrets`); the platform's operator sees which channels run, never the tokens.
 */
export const AssociationChannels = z.object({
  /** Its web chat, on its own host names. */
  webchat: z.boolean().default(true),
  /** Its beneficiary bot: its own token from @BotFather. */
  telegram: z
    .object({
      token: z.string().min(10),
      apiRoot: z.string().url().optional(),
    })
    .optional(),
  /** Its WhatsApp number: a whatsapp-web.js session kept in its own folder, or Meta's Cloud API. */
  whatsapp: z
    .discriminatedUnion('api', [
      z.object({ api: z.literal('web') }),
      z.object({
        api: z.literal('cloud'),
        phoneNumberId: z.string().min(1),
        accessToken: z.string().min(1),
        appSecret: z.string().min(1),
        verifyToken: z.string().min(1),
        baseUrl: z.string().url().optional(),
        version: z.string().optional(),
      }),
    ])
    .optional(),
  /** Its staff bot in its own Telegram staff supergroup. */
  staffGroup: z
    .object({
      token: z.string().min(10),
      groupId: z.number().int(),
      apiRoot: z.string().url().optional(),
    })
    .optional(),
});
export type AssociationChannels = z.infer<typeof AssociationChannels>;

const AssociationName = z.string().trim().min(1).max(200);
const HostNames = z.array(HostName).min(1).max(10);

/** What the operator gives to create an association (`POST /platform/api/associations`, `platform:create`). */
export const NewAssociation = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, {
    message: 'lower-case letters, digits and dashes, starting with a letter, at most 40',
  }),
  name: AssociationName,
  hosts: HostNames,
  profile: Profile,
  channels: AssociationChannels.default({ webchat: true }),
});
export type NewAssociation = z.infer<typeof NewAssociation>;

/**
 * What the operator may change of an association (`PATCH /platform/api/associations/:id`): any of its name,
 * host names, profile and channels. `channels` replaces them all, tokens included (they are stored sealed
 * and never shown, so nothing could be merged into them).
 */
export const AssociationChanges = z
  .object({
    name: AssociationName.optional(),
    hosts: HostNames.optional(),
    profile: Profile.optional(),
    // No default here: channels left out stay as they are.
    channels: AssociationChannels.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'give at least one of name, hosts, profile and channels',
  });
export type AssociationChanges = z.infer<typeof AssociationChanges>;

/** Which channels an association runs, without their secrets: what the operator may see. */
export function channelSummary(channels: AssociationChannels): Record<string, unknown> {
  return {
    webchat: channels.webchat,
    telegram: channels.telegram !== undefined,
    whatsapp: channels.whatsapp?.api ?? false,
    staffGroup: channels.staffGroup?.groupId ?? false,
  };
}
