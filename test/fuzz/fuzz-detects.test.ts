import { inquiriesFlow } from '../../flows/inquiries';
import { FuzzViolation, FuzzWorld, emptyFigures } from './engine-fuzz';
import { FUZZ_PLACES } from './fuzz-places';
import type { FuzzStep } from './fuzz-inputs';

/**
 * The fuzzer's checks can fail: each broken promise it looks for is planted in a flow for one test
 * (and removed after), and the fuzzer must name it. A fuzzer that cannot fail proves nothing.
 */
describe('the engine fuzzer', () => {
  const world = new FuzzWorld();
  const place = FUZZ_PLACES.findIndex((p) => p.at === 'inquiries.ask');
  const text = (t: string): FuzzStep => ({ input: { t: 'text', text: t }, wait: 0 });
  const run = (steps: FuzzStep[]) => () =>
    world.runCase({ place, lang: 'ar', steps }, emptyFigures(0), { states: new Set(), moves: new Set() });

  /** Runs `body` with inquiries' `ask` state (or an action) temporarily replaced. */
  function planted(change: () => () => void, body: () => void): void {
    const restore = change();
    try {
      body();
    } finally {
      restore();
    }
  }

  it('passes the real flows on the same inputs', () => {
    expect(run([text('ما شروط المساعدة'), text('boom')])).not.toThrow();
  });

  it('reports a flow that throws as a crash', () => {
    planted(
      () => {
        const original = inquiriesFlow.actions!.answerBest;
        inquiriesFlow.actions!.answerBest = () => {
          throw new Error('planted fault');
        };
        return () => (inquiriesFlow.actions!.answerBest = original);
      },
      () => expect(run([text('ما شروط المساعدة')])).toThrow(/^crash: .*planted fault/s),
    );
  });

  it('reports a message that gets no reply as unanswered', () => {
    planted(
      () => {
        const ask = inquiriesFlow.states.ask;
        const original = ask.on;
        ask.on = [{ description: 'swallows everything' }];
        return () => (ask.on = original);
      },
      () => expect(run([text('boom')])).toThrow(/^unanswered: inquiries\.ask \(ar\), step 1/),
    );
  });

  it('reports a snapshot that would not survive being stored', () => {
    planted(
      () => {
        const original = inquiriesFlow.actions!.keepResults;
        // A Date in the context: JSON turns it into a string, so the next step would see something else.
        inquiriesFlow.actions!.keepResults = (args) => {
          const kept = original(args) as { context: object };
          return { context: { ...kept.context, at: new Date(0) } as never };
        };
        return () => (inquiriesFlow.actions!.keepResults = original);
      },
      () => {
        const attempt = run([text('complaint request')]);
        expect(attempt).toThrow(FuzzViolation);
        expect(attempt).toThrow(/^invalid snapshot: .*JSON round trip/);
      },
    );
  });
});
