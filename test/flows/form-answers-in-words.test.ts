import path from 'node:path';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { FlowDriver } from '../support/flow-driver';

const pilgrims = loadProfile(path.join(__dirname, '../../profiles/pilgrims.yaml'));
const photo = {
  media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 80_000, ref: 'a'.repeat(64) }],
};

/** A person who chose `lang` (1 Arabic, 2 English), accepted the notice and started `serviceId`. */
function applicant(profile: Profile | undefined, lang: 'ar' | 'en', serviceId: string): FlowDriver {
  const chat = new FlowDriver(profile);
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.send({ choiceId: 'service-request' });
  chat.send({ choiceId: `service:${serviceId}` });
  chat.send('1');
  expect(chat.state).toBe('service-request.askField');
  return chat;
}

/** Sends every document the flow asks for, confirms the summary and declares; returns the stored fields. */
function submit(chat: FlowDriver): Record<string, unknown> {
  for (let i = 0; i < 10 && chat.state !== 'service-request.summary'; i++) {
    if (chat.state === 'service-request.whichDocument') chat.send('1');
    else if (chat.saidKeys().includes('request.documents.optional')) chat.send({ choiceId: 'done' });
    else chat.send(photo);
  }
  expect(chat.state).toBe('service-request.summary');
  chat.send({ choiceId: 'confirm' });
  chat.send({ choiceId: 'declare' });
  expect(chat.records).toHaveLength(1);
  return (chat.records[0]?.data as { fields: Record<string, unknown> }).fields;
}

describe('form answers written in words', () => {
  it('takes the family size as «ستة أفراد» in Arabic, after refusing two numbers and one out of range', () => {
    const chat = applicant(undefined, 'ar', 'food-basket');
    for (const answer of ['محمد أحمد علي الزهراني', '1000000008', '0501234567', 'الرياض']) chat.send(answer);
    expect(chat.send('٣ أو ٤')).toContain('بالأرقام أو بالحروف');
    expect(chat.send('ثلاثة عشر')).toContain('بين 1 و12');
    chat.send('ستة أفراد');
    expect(submit(chat)['family-size']).toBe(6);
  });

  it('takes the family size as a dual noun, «ولدين»', () => {
    const chat = applicant(undefined, 'ar', 'food-basket');
    for (const answer of ['سارة محمد', '2345678904', '0551234567', '2']) chat.send(answer);
    chat.send('ولدين');
    expect(submit(chat)['family-size']).toBe(2);
  });

  it('takes the family size as "twelve people" in English', () => {
    const chat = applicant(undefined, 'en', 'food-basket');
    for (const answer of ['Ahmed Saleh', '2345678904', '0551234567', '1']) chat.send(answer);
    expect(chat.send('3 or 4')).toContain('in digits or words');
    chat.send('twelve people');
    expect(submit(chat)['family-size']).toBe(12);
  });

  it('takes the arrival date as «٢ شوال ١٤٤٦ هـ» and the group size as «عددنا عشرين»', () => {
    const chat = applicant(pilgrims, 'ar', 'guidance');
    for (const answer of ['عبدالله محمد', '0501234567', 'P-12345']) chat.send(answer);
    expect(chat.send('١٥ مارس ١٤٤٦')).toContain('اكتب اليوم والشهر والسنة');
    expect(chat.send('٢ شوال ١٤٤٦ هـ')).toContain('عدد أفراد المجموعة');
    chat.send('عددنا عشرين');
    chat.send('1');
    const fields = submit(chat);
    // 2 Shawwal 1446 (Umm al-Qura) is 31 March 2025.
    expect(fields['arrival-date']).toBe('2025-03-31');
    expect(fields['group-size']).toBe(20);
  });

  it('takes the arrival date as "March 15, 2025" and the group size as "twenty-one" in English', () => {
    const chat = applicant(pilgrims, 'en', 'guidance');
    for (const answer of ['Abdullah Khan', '0501234567', 'P-12345']) chat.send(answer);
    expect(chat.send('2 Shawwal 2025')).toContain('Type the day, month and year');
    expect(chat.send('March 15, 2025')).toContain('Group size');
    chat.send('twenty-one');
    chat.send('1');
    const fields = submit(chat);
    expect(fields['arrival-date']).toBe('2025-03-15');
    expect(fields['group-size']).toBe(21);
  });
});
