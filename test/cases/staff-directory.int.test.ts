import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { StaffDirectory } from '../../src/cases/staff-directory';
import type { SqlExecutor } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';

const profile: Profile = {
  ...loadProfile(DEMO_PROFILE_PATH),
  staff: [
    { id: 'salem', name: 'سالم', roles: ['liaison'], categories: ['families'] },
    { id: 'khalid', name: 'خالد', roles: ['manager'], categories: [] },
  ],
};

describeEachDatabase(
  'staff directory: who gets reminders and escalations',
  (getDb) => {
    const directory = new StaffDirectory(profile);
    const ask = <T>(fn: (tx: SqlExecutor) => Promise<T>) => getDb().transaction(fn);

    it('falls back to the role, then the volunteer pool, when nobody is named', async () => {
      expect(await ask((tx) => directory.withRole(tx, 'board'))).toEqual(['role:board']);
      expect(await ask((tx) => directory.forCategory(tx, 'orphans'))).toEqual(['role:liaison']);
      expect(await ask((tx) => directory.forCategory(tx, 'families'))).toEqual(['salem']);
    });

    it('counts staff added or changed in the console at once, and leaves out deactivated accounts', async () => {
      await getDb().query(
        `INSERT INTO staff_accounts (id, display_name, roles, categories, active) VALUES
           ('mona', 'منى', '{manager}', '{}', true),
           ('ali', 'علي', '{liaison}', '{orphans}', true),
           ('old-board', 'سابق', '{board}', '{}', false),
           ('salem', 'سالم', '{volunteer}', '{}', true)`,
      );
      try {
        expect(await ask((tx) => directory.withRole(tx, 'manager'))).toEqual(['khalid', 'mona']);
        expect(await ask((tx) => directory.forCategory(tx, 'orphans'))).toEqual(['ali']);
        expect(await ask((tx) => directory.withRole(tx, 'board'))).toEqual(['role:board']);
        // Salem is a volunteer now, per the console: families fall back to the volunteer pool (him).
        expect(await ask((tx) => directory.forCategory(tx, 'families'))).toEqual(['salem']);
        expect(await ask((tx) => directory.withRole(tx, 'liaison'))).toEqual(['ali']);
      } finally {
        await getDb().query(`DELETE FROM staff_accounts WHERE id IN ('mona', 'ali', 'old-board', 'salem')`);
      }
    });
  },
  { migrate: true },
);
