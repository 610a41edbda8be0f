import { type Command, InvalidArgumentError, type Option } from 'commander';
import { seedDemoEnterprise } from '../app/demo/seed-demo-enterprise';
import { CliFailure, progressBar } from './cli-io';
import { openDeps } from './open-deps';

// A bad value is a usage error (exit 2), found before the database is opened.
function parseCustomers(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n > 1_000_000)
    throw new InvalidArgumentError('must be an integer 0–1000000');
  return n;
}

export function registerDemoCommand(program: Command, dataOption: () => Option): void {
  program
    .command('demo')
    .description('fill the database with a realistic demo enterprise and the demo users (see README)')
    .addOption(dataOption())
    .option('--force', 'load even when the database already holds data')
    .option('--customers <n>', 'number of customers', parseCustomers, 10_000)
    .option('--seed <n>', 'random seed', (v) => Number(v), 20261129)
    .action(async (o: { data?: string; force?: boolean; customers: number; seed: number }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const started = Date.now();
        // One bar per stage (customers, service history, service requests, complaints, triage model).
        let bar: { stage: string; bar: ReturnType<typeof progressBar> } | undefined;
        const result = await seedDemoEnterprise(deps, {
          customers: o.customers,
          seed: o.seed,
          force: !!o.force,
          now: new Date(),
          onProgress: (done, total, stage) => {
            if (bar?.stage !== stage) {
              bar?.bar.stop();
              bar = { stage, bar: progressBar(stage, total) };
            }
            bar.bar.update(done);
          },
        });
        bar?.bar.stop();
        if (result.refused)
          throw new CliFailure('the database already holds data; use --force to load the demo anyway');
        process.stdout.write(
          `Demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.customers} customers, ${result.units} units, ${result.models} models, ${result.users.length} users\n`,
        );
        if (result.history)
          process.stdout.write(
            `  history: ${result.history.requests} service requests, ${result.history.complaints} complaints, ${result.history.events} events, ${result.history.clocks} SLA clocks\n`,
          );
        if (result.triage) {
          const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
          process.stdout.write(
            `  triage model: ${result.triage.sampleCount} closed requests, held-out accuracy ${pct(result.triage.accuracy)} (keyword rules ${pct(result.triage.baselineAccuracy)})\n`,
          );
        }
        for (const u of result.users)
          process.stdout.write(`  ${u.username.padEnd(12)} ${u.password}  (${u.roles.join(',')})\n`);
      } finally {
        await handle.close();
      }
    });
}
