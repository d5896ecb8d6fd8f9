import { countedPhase } from '../../src/ops/progress';

describe('countedPhase', () => {
  it('says how far it is at the start, at most once a second, and at the end', () => {
    const said: string[] = [];
    let now = 0;
    const phase = countedPhase(
      (line) => said.push(line),
      'copying documents',
      5,
      () => now,
    );
    for (const at of [100, 400, 1_200, 1_500, 1_600]) {
      now = at;
      phase.tick();
    }
    expect(said).toEqual(['copying documents 0/5', 'copying documents 3/5', 'copying documents 5/5']);
  });

  it('says nothing for an empty phase', () => {
    const said: string[] = [];
    countedPhase((line) => said.push(line), 'copying documents', 0);
    expect(said).toEqual([]);
  });
});
