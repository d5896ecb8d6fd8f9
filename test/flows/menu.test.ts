import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { DEMO_PROFILE_PATH, FlowDriver } from '../support/flow-driver';

const demo = loadProfile(DEMO_PROFILE_PATH);
const withFeatures = (features: Profile['features']): Profile => ({ ...demo, features });

/** A person at the main menu of `profile`; returns the choices the menu offered, in order. */
function atMenu(profile: Profile): { chat: FlowDriver; offered: string[] } {
  const chat = new FlowDriver(profile);
  chat.send('السلام عليكم');
  chat.send('1');
  chat.send('1');
  expect(chat.state).toBe('menu.main');
  const offered = chat.snapshot?.choices.map((c) => c.id) ?? [];
  return { chat, offered };
}

describe('main menu: only what the association offers', () => {
  it('lists volunteering and leaves field help out on the demo profile (its features)', () => {
    const { chat, offered } = atMenu(demo);
    expect(offered).toContain('volunteer');
    expect(offered).not.toContain('field-help');
    expect(offered.indexOf('my-data')).toBeLessThan(offered.indexOf('volunteer'));
    // The numbers stay contiguous: the last number is the last entry shown.
    const reply = chat.send(String(offered.length));
    expect(reply).toContain('متطوعينا');
    expect(chat.state).toBe('volunteer.intro');
  });

  it('shows field help and hides volunteering when the profile says so', () => {
    const { chat, offered } = atMenu(withFeatures({ volunteering: false, fieldHelp: true }));
    expect(offered).not.toContain('volunteer');
    expect(offered.at(-1)).toBe('field-help');
    chat.send(String(offered.length));
    expect(chat.state).toBe('field-help.chooseKind');
  });

  it('refuses a stale menu button for an entry that is not offered', () => {
    const { chat } = atMenu(withFeatures({ volunteering: false, fieldHelp: false }));
    chat.send({ choiceId: 'volunteer' });
    expect(chat.saidKeys()).toEqual(['engine.staleChoice', 'menu.title']);
    expect(chat.state).toBe('menu.main');
  });

  it('keeps every other entry whatever the features', () => {
    const all = atMenu(withFeatures({ volunteering: true, fieldHelp: true })).offered;
    const none = atMenu(withFeatures({ volunteering: false, fieldHelp: false })).offered;
    expect(all.filter((id) => id !== 'volunteer' && id !== 'field-help')).toEqual(none);
    expect(none).toContain('my-data');
  });
});
