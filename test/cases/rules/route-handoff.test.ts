import { routeHandoff, type RoutableStaff } from '../../../src/cases/rules/route-handoff';

const staff: RoutableStaff[] = [
  { id: 'admin', roles: ['admin', 'manager'], categories: [] },
  { id: 'vol-orphans', roles: ['volunteer'], categories: ['orphans'] },
  { id: 'liaison-families', roles: ['liaison'], categories: ['families'] },
  { id: 'liaison-members', roles: ['liaison', 'committee'], categories: ['members'] },
  { id: 'vol-any', roles: ['volunteer'], categories: [] },
];

describe('routeHandoff', () => {
  it("routes to the category's liaison officer", () => {
    expect(routeHandoff(staff, 'families')).toEqual({ staffId: 'liaison-families', rule: 'liaison' });
    expect(routeHandoff(staff, 'members')).toEqual({ staffId: 'liaison-members', rule: 'liaison' });
  });

  it('falls back to a volunteer of the category when it has no liaison officer', () => {
    expect(routeHandoff(staff, 'orphans')).toEqual({ staffId: 'vol-orphans', rule: 'volunteer' });
  });

  it('counts a member without categories as serving every category', () => {
    expect(routeHandoff(staff, 'pilgrims')).toEqual({ staffId: 'vol-any', rule: 'volunteer' });
  });

  it('takes the first liaison officer when the person skipped the category', () => {
    expect(routeHandoff(staff, null)).toEqual({ staffId: 'liaison-families', rule: 'liaison' });
  });

  it('leaves it unassigned when nobody can take it (managers and admins are not routed to)', () => {
    expect(routeHandoff([staff[0]!], 'families')).toEqual({ staffId: null, rule: 'unassigned' });
    expect(routeHandoff([], null)).toEqual({ staffId: null, rule: 'unassigned' });
  });
});
