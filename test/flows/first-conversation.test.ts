import { FlowDriver } from '../support/flow-driver';

describe('first conversation: greeting, consent, menu, inquiries', () => {
  it('walks the Arabic path from «السلام عليكم» to the profile answer on aid conditions', () => {
    const chat = new FlowDriver();
    const welcome = chat.send('السلام عليكم');
    expect(welcome).toContain('جمعية البر الخيرية');
    expect(welcome).toMatch(/1\. العربية\n2\. English/);
    expect(chat.state).toBe('greeting.chooseLanguage');

    const notice = chat.send('١');
    expect(chat.saidKeys()).toEqual(['privacy.notice', 'privacy.ask']);
    expect(notice).toContain('خارج المملكة');
    expect(chat.state).toBe('greeting.consent');

    const menu = chat.send('أوافق');
    expect(chat.saidKeys()).toEqual(['privacy.thanks', 'menu.title']);
    expect(menu).toContain('1. الاستفسارات');
    expect(chat.consents).toEqual({ service: '2026-01' });

    chat.send('الاستفسارات');
    expect(chat.state).toBe('inquiries.ask');

    const answer = chat.send('ماهي شروط المساعده');
    expect(answer).toContain('حد الكفاية');
    expect(chat.state).toBe('inquiries.more');
  });

  it('walks the same path in English, choosing by number', () => {
    const chat = new FlowDriver();
    chat.send('hello');
    const notice = chat.send('2');
    expect(notice).toContain('outside Saudi Arabia');
    const menu = chat.send('1');
    expect(menu).toContain('1. Inquiries');
    chat.send('1');
    const answer = chat.send('what are the conditions for aid?');
    expect(answer).toContain('sufficiency line');
  });

  it.each([['١'], ['1'], ['۱'], ['1️⃣'], ['رقم ١'], ['الأول'], ['الاستفسارات']])(
    'accepts %s for the first menu entry',
    (answer) => {
      const chat = new FlowDriver();
      chat.send('مرحبا');
      chat.send('1');
      chat.send('1');
      chat.send(answer);
      expect(chat.state).toBe('inquiries.ask');
    },
  );

  it('re-asks with the valid range when a number is out of range', () => {
    const chat = new FlowDriver();
    chat.send('مرحبا');
    const reply = chat.send('٧');
    expect(chat.saidKeys()).toEqual(['engine.choiceOutOfRange', 'greeting.welcome']);
    expect(reply).toContain('اختر 1 أو 2');
    expect(chat.state).toBe('greeting.chooseLanguage');
  });

  it('respects a refusal: nothing personal is asked, and consent can be given later', () => {
    const chat = new FlowDriver();
    chat.send('hi');
    chat.send('2');
    const refused = chat.send('I do not agree');
    expect(refused).toContain('We respect your decision');
    expect(chat.state).toBe('greeting.declined');
    expect(chat.consents).toEqual({});
    chat.send('menu'); // no menu before consent: the greeting does not honour it
    expect(chat.state).toBe('greeting.declined');
    chat.send('I agree');
    expect(chat.state).toBe('menu.main');
    expect(chat.consents).toEqual({ service: '2026-01' });
  });

  it('shows the full notice on request and stays on the consent question', () => {
    const chat = new FlowDriver();
    chat.send('hi');
    chat.send('2');
    const details = chat.send('3');
    expect(details).toContain('version 2026-01');
    expect(details).toContain('https://example.org/privacy');
    expect(chat.state).toBe('greeting.consent');
  });

  it('lists several results when a question matches more than one entry, and says so honestly when none', () => {
    const chat = new FlowDriver();
    chat.send('hi');
    chat.send('2');
    chat.send('1');
    chat.send('1');
    const none = chat.send('quantum chromodynamics');
    expect(none).toContain('could not find');
    expect(chat.state).toBe('inquiries.notFound');
    const back = chat.send('3');
    expect(back).toContain('How can we help you today?');
    expect(chat.state).toBe('menu.main');
  });

  it('answers service information with documents and the decision time', () => {
    const chat = new FlowDriver();
    chat.send('hi');
    chat.send('2');
    chat.send('1');
    chat.send('1');
    const services = chat.send('About our services');
    expect(services).toContain('1. Food basket');
    const info = chat.send('2');
    expect(info).toContain('Rent assistance');
    expect(info).toContain('• Lease contract');
    expect(info).toContain('15 working days');
  });
});
