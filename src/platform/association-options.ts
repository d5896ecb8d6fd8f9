import path from 'node:path';
import type { ChannelOptions, StaffBotConnection, TawasulOptions } from '../app/tawasul-options';
import { DEFAULT_ASSOCIATION_ID } from '../store/association-database';
import type { HostedAssociation } from './association-registry';
import type { PlatformOptions } from './platform-options';

/**
 * How the platform runs one association: today's single-association runtime (`startTawasul`), given the
 * platform's database as that association's view, its own queues, folder, key, channels and staff group,
 * and its HTTP app unbound (the platform's server hands it the requests for its host names).
 *
 * `default` (the association an installation had before it became a platform) keeps the installation's
 * folder, queue prefix, profile file and key, so its documents, WhatsApp session and jobs carry on.
 */
export function associationOptions(
  association: HostedAssociation,
  platform: PlatformOptions & { dataDir: string; redisUrl: string },
  shared: Pick<
    TawasulOptions,
    'database' | 'encryption' | 'logger' | 'turns' | 'maxTransactions' | 'stepsPerSecond'
  >,
): TawasulOptions {
  const isDefault = association.id === DEFAULT_ASSOCIATION_ID;
  const prefix = platform.queuePrefix ?? 'tawasul';
  const { http } = platform;
  return {
    ...shared,
    profile: association.profile ?? platform.defaultProfile,
    association: association.id,
    dataDir: isDefault ? platform.dataDir : path.join(platform.dataDir, 'associations', association.id),
    redisUrl: platform.redisUrl,
    // Its own queues: one association's backlog waits in its own queue, before its own workers.
    queuePrefix: isDefault ? prefix : `${prefix}-${association.id}`,
    encryption: association.cipher ?? shared.encryption,
    channels: channelOptions(association, platform),
    staffBot: staffBotOf(association, platform),
    // Where the staff bot runs in another process, this one still knows a staff group sees every handoff.
    staffGroupElsewhere: association.channels.staffGroup !== undefined,
    http: {
      listen: false,
      publicUrl: `${http.scheme ?? 'https'}://${association.hosts[0]}`,
      trustProxy: http.trustProxy,
      cookieSecurity: http.cookieSecurity,
      metricsToken: http.metricsToken,
      webchatLimits: http.webchatLimits,
      webchatStreams: http.webchatStreams,
    },
    runWorkers: platform.runWorkers,
    now: platform.now,
    tuning: platform.tuning,
  };
}

function channelOptions(association: HostedAssociation, platform: PlatformOptions): ChannelOptions {
  const runs = platform.runs ?? (() => true);
  const { webchat, telegram, whatsapp } = association.channels;
  const cloud = platform.whatsappCloud;
  return {
    webchat: webchat && runs('webchat'),
    telegram: telegram && runs('telegram') ? { token: telegram.token, apiRoot: telegram.apiRoot } : undefined,
    whatsapp: whatsapp?.api === 'web' && runs('whatsapp') ? platform.whatsappWeb : undefined,
    whatsappCloud:
      whatsapp?.api === 'cloud' && cloud && runs('whatsapp')
        ? {
            graph: {
              baseUrl: whatsapp.baseUrl ?? cloud.baseUrl,
              version: whatsapp.version ?? cloud.version,
              phoneNumberId: whatsapp.phoneNumberId,
              accessToken: whatsapp.accessToken,
            },
            appSecret: whatsapp.appSecret,
            verifyToken: whatsapp.verifyToken,
            webhookPath: cloud.webhookPath,
            maxPerSecond: cloud.maxPerSecond,
          }
        : undefined,
  };
}

/** Its staff bot polls Telegram: it runs where the association's Telegram runs. */
function staffBotOf(
  association: HostedAssociation,
  platform: PlatformOptions,
): StaffBotConnection | undefined {
  const group = association.channels.staffGroup;
  if (!group || !(platform.runs ?? (() => true))('telegram')) return undefined;
  return { token: group.token, groupId: group.groupId, apiRoot: group.apiRoot };
}
