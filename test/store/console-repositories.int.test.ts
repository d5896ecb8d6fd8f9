import { PgBeneficiaryIntakeRepository } from '../../src/store/console/beneficiary-intake-repository';
import { PgLoginAttemptRepository } from '../../src/store/console/login-attempt-repository';
import { PgLoginCodeRepository } from '../../src/store/console/login-code-repository';
import { PgStaffAccountRepository } from '../../src/store/console/staff-account-repository';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** The console's repositories where a method holds logic of its own (the console suites cover the rest). */
describeEachDatabase(
  'console repositories',
  (getDb) => {
    describe('PgLoginAttemptRepository.failures', () => {
      const attempts = new PgLoginAttemptRepository();
      const fail = (login: string, ip: string, s: number) =>
        attempts.record(getDb(), { login, ip, method: 'password', success: false, at: at(s) });

      it('counts a name’s failures from one address since its last success there, and finds the address’s n-th latest', async () => {
        const db = getDb();
        await fail('sara', '10.0.0.1', 0); // at `since` exactly: outside the window
        await fail('sara', '10.0.0.1', 10);
        await fail('sara', '10.0.0.1', 20);
        await fail('sara', '10.0.0.1', 30);
        await fail('sara', '10.0.0.9', 35); // another address: not this pair's
        const ask = (ipNth: number) =>
          attempts.failures(db, { login: 'sara', ip: '10.0.0.1', pairSince: at(0), ipSince: at(0), ipNth });

        expect(await ask(3)).toEqual({ pairCount: 3, pairLatest: at(30), ipNth: at(10) });
        expect(await ask(4)).toEqual({ pairCount: 3, pairLatest: at(30), ipNth: null });

        await attempts.record(db, {
          login: 'sara',
          ip: '10.0.0.1',
          method: 'code',
          success: true,
          at: at(40),
        });
        // The success clears the pair's count, not the address's failures.
        expect(await ask(3)).toEqual({ pairCount: 0, pairLatest: null, ipNth: at(10) });
        await fail('omar', '10.0.0.1', 50);
        await fail('sara', '10.0.0.1', 60);
        expect(await ask(1)).toEqual({ pairCount: 1, pairLatest: at(60), ipNth: at(60) });
        expect(await ask(5)).toEqual({ pairCount: 1, pairLatest: at(60), ipNth: at(10) });
      });
    });

    describe('PgLoginCodeRepository.replace', () => {
      const codes = new PgLoginCodeRepository();

      it('replaces a person’s code only when the last was issued at or before `resendFrom`', async () => {
        const db = getDb();
        await new PgStaffAccountRepository().create(db, {
          id: 'noura',
          displayName: 'Noura',
          roles: ['committee'],
          passwordHash: null,
        });
        const code = (hash: string, s: number) => ({
          staffId: 'noura',
          codeHash: hash,
          expiresAt: at(s + 300),
          createdAt: at(s),
        });
        expect(await codes.replace(db, code('first', 0), at(-60))).toBe(true);
        expect(await codes.replace(db, code('early', 59), at(-1))).toBe(false);
        expect(await db.transaction((tx) => codes.lock(tx, 'noura'))).toEqual({
          codeHash: 'first',
          expiresAt: at(300),
          attempts: 0,
        });
        await db.transaction((tx) => codes.countMiss(tx, 'noura'));
        expect(await codes.replace(db, code('second', 60), at(0))).toBe(true);
        expect(await db.transaction((tx) => codes.lock(tx, 'noura'))).toEqual({
          codeHash: 'second',
          expiresAt: at(360),
          attempts: 0,
        });
      });
    });

    describe('PgBeneficiaryIntakeRepository', () => {
      const people = new PgBeneficiaryIntakeRepository();

      it('lists everyone a number points to, vouched-for matches first; a typed number is never vouched for', async () => {
        const db = getDb();
        const person = async (createdAt: string) =>
          (
            await db.query<{ id: string }>(
              `INSERT INTO beneficiaries (full_name, created_at) VALUES (NULL, $1) RETURNING id`,
              [createdAt],
            )
          ).rows[0]!.id;
        // The oldest typed the number in a form; the next typed it in "my data"; the newest chats from it.
        const formTypist = await person(at(0).toISOString());
        await db.query(
          `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, fields, channel,
             declaration, completed_at, due_date)
           VALUES ('REQ-0000-00', $1, 'food-basket', 'families', $2, 'phone', '{}', $3, '2026-03-10')`,
          [formTypist, JSON.stringify({ contactMobile: '+966501112233' }), at(0).toISOString()],
        );
        const correctionTypist = await person(at(5).toISOString());
        await db.query(`UPDATE beneficiaries SET mobile = '+966501112233' WHERE id = $1`, [correctionTypist]);
        const chatting = await person(at(10).toISOString());
        await db.query(
          `INSERT INTO channel_identities (channel, channel_user_id, beneficiary_id, phone)
           VALUES ('whatsapp', 'wa-1', $1, '966 50 111 2233')`,
          [chatting],
        );
        await db.query(
          `INSERT INTO conversations (beneficiary_id, channel, channel_user_id) VALUES ($1, 'whatsapp', 'wa-1')`,
          [chatting],
        );
        const found = await people.candidates(db, '+966501112233');
        expect(found.map((c) => [c.id, c.matchedBy, c.verified])).toEqual([
          [chatting, ['whatsapp'], true],
          [formTypist, ['typed'], false],
          [correctionTypist, ['typed'], false],
        ]);
        expect(found[0]).toMatchObject({
          fullName: null,
          chatChannels: ['whatsapp'],
          cases: 0,
          inScope: true,
        });
        // Within a volunteer's categories: the form typist has a request of "families", the others nothing.
        const scoped = await people.candidates(db, '+966501112233', ['families']);
        expect(scoped.map((c) => [c.id, c.inScope])).toEqual([
          [chatting, false],
          [formTypist, true],
          [correctionTypist, false],
        ]);
      });

      it('records a new person with a vouched-for mobile, and fills in what a chosen person lacks', async () => {
        const db = getDb();
        const id = await db.transaction((tx) =>
          people.create(tx, { e164: '+966502223344', fullName: 'هدى', categoryId: null }),
        );
        expect((await people.candidates(db, '+966502223344')).map((c) => [c.id, c.matchedBy])).toEqual([
          [id, ['staff']],
        ]);
        await db.transaction((tx) =>
          people.complete(tx, id, { e164: '+966502223344', fullName: 'Other', categoryId: 'orphans' }),
        );
        const row = await db.query<{ full_name: string; category_id: string; mobile_verified: boolean }>(
          'SELECT full_name, category_id, mobile_verified FROM beneficiaries WHERE id = $1',
          [id],
        );
        expect(row.rows).toEqual([{ full_name: 'هدى', category_id: 'orphans', mobile_verified: true }]);
      });
    });
  },
  { migrate: true },
);
