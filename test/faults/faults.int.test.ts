import { formatFaultFigures, runFaults, SHORT_FORM } from './fault-run';

/**
 * The short form of `npm run faults` (10,000 messages from 500 visitors), run in CI: 1,000 messages
 * from 50 web-chat visitors against two real app processes while they are killed with SIGKILL five
 * times, Redis is restarted, the connections to Redis and PostgreSQL are cut, and the database
 * sessions are terminated. Nothing may be lost, duplicated or reordered, no timer may go missing,
 * and every process must stop with exit code 0 on SIGTERM at the end.
 */
describe('faults under load (short form)', () => {
  it('loses, duplicates and reorders nothing through kills, restarts and cuts', async () => {
    const figures = await runFaults({
      ...SHORT_FORM,
      log: process.env.FAULTS_VERBOSE ? (line) => process.stdout.write(`${line}\n`) : undefined,
    });
    process.stdout.write(`${formatFaultFigures(figures)}\n`);
    expect(figures.headline).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(figures.delivery.accepted).toBe(figures.messages);
    expect(figures.delivery.processedOnce).toBe(figures.messages);
    expect(figures.delivery.failedSteps).toBe(0);
    expect(figures.delivery.timers.expected).toBeGreaterThan(0);
    expect(figures.delivery.timers.pending + figures.delivery.timers.firedOnce).toBe(
      figures.delivery.timers.expected,
    );
    expect(figures.chaos).toMatchObject({
      kills: SHORT_FORM.kills,
      redisRestarts: 1,
      redisCuts: 1,
      pgCuts: 1,
    });
    expect(figures.chaos.duringLoad).toBeGreaterThanOrEqual(SHORT_FORM.kills);
    expect(figures.load.duplicates).toBeGreaterThan(0);
    expect(figures.stopExitCodes).toEqual([0, 0]);
  }, 240_000);
});
