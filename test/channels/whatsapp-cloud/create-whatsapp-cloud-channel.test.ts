import pino from 'pino';
import { createWhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud/create-whatsapp-cloud-channel';
import { ConfigError } from '../../../src/config/config-error';
import { loadProfile } from '../../../src/config/load-profile';
import type { DocumentStore } from '../../../src/documents/document-store';
import type { SqlExecutor } from '../../../src/store/database';
import { DEMO_PROFILE_PATH } from '../../support/flow-driver';
import { cloudChannelOptions } from '../../support/whatsapp-cloud-setup';

// Building the channel reads nothing from the store or the documents: these only have to exist.
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used while building')) });
const build = (profile = loadProfile(DEMO_PROFILE_PATH)) =>
  createWhatsAppCloudChannel({
    ...cloudChannelOptions('http://127.0.0.1:9'),
    db: unused as SqlExecutor,
    documents: unused as DocumentStore,
    logger: pino({ level: 'silent' }),
    profile,
  });

describe('createWhatsAppCloudChannel', () => {
  it('builds the channel when every notification has its template (the demo profile)', () => {
    expect(build().webhook.path).toBe('/whatsapp/webhook');
  });

  it('refuses to start when a notification that may go out after the window has no template, naming it and the fix', () => {
    const profile = loadProfile(DEMO_PROFILE_PATH);
    const { 'notify.request.approved': _approved, ...rest } = profile.whatsappTemplates;
    let error: unknown;
    try {
      build({ ...profile, whatsappTemplates: rest });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('notify.request.approved');
    expect((error as Error).message).toContain('whatsappTemplates');
    expect((error as Error).message).toContain('npm run whatsapp:templates');
  });
});
