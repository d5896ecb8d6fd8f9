/**
 * `npm run faults`: the full fault run, 10,000 web-chat messages from 500 visitors against two app
 * processes while they are killed, Redis restarted and connections cut (test/faults/fault-run.ts).
 * Prints the figures docs/RELIABILITY.md records; exits 1 unless lost / duplicated / out of order are 0
 * and every process stopped with exit code 0.
 *
 *   npm run faults                      # the full form
 *   FAULTS_FORM=short npm run faults    # the CI form, printed with progress
 *   FAULTS_SEED=7 npm run faults
 */
import { FULL_FORM, formatFaultFigures, runFaults, SHORT_FORM } from './fault-run';

async function main(): Promise<void> {
  const form = process.env.FAULTS_FORM === 'short' ? SHORT_FORM : FULL_FORM;
  const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : form.seed;
  const figures = await runFaults({ ...form, seed, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\n${formatFaultFigures(figures)}\n`);
  for (const event of figures.chaos.events) process.stdout.write(`  ${event}\n`);
  const clean =
    figures.headline.lost === 0 &&
    figures.headline.duplicated === 0 &&
    figures.headline.outOfOrder === 0 &&
    figures.delivery.processedOnce === figures.messages &&
    figures.stopExitCodes.every((code) => code === 0);
  process.exitCode = clean ? 0 : 1;
  // A full run left a handle open after its figures (the runs ended, the process did not): a command
  // line run ends here, once the figures are out.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(process.exitCode);
}

main().catch((err: unknown) => {
  process.stderr.write(`fault run failed: ${(err as Error).stack ?? String(err)}\n`, () => process.exit(1));
});
