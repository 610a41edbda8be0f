import { type Command, InvalidArgumentError, type Option } from 'commander';
import { systemCtx } from '../app/app-deps';
import { suggestTriage } from '../app/triage/suggest-triage';
import { trainTriageModel } from '../app/triage/train-triage-model';
import { openDeps } from './open-deps';

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '  n/a' : `${(v * 100).toFixed(1)}%`;

function parseShare(v: string): number {
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v.trim()) || !(n >= 0 && n <= 0.5))
    throw new InvalidArgumentError('must be a number between 0 and 0.5');
  return n;
}

export function registerTriageCommand(program: Command, dataOption: () => Option): void {
  const triage = program
    .command('triage')
    .description('the triage classifier (learned from closed requests)');
  triage
    .command('train')
    .description(
      'train the classifier on the closed service requests and store it (what POST /api/v1/triage/train does)',
    )
    .option('--holdout <share>', 'share of the most recent requests held out to measure accuracy', parseShare)
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (o: { holdout?: number; json?: boolean; data?: string }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const m = await trainTriageModel(
          deps,
          systemCtx(new Date(), 'cli-triage'),
          o.holdout === undefined ? {} : { holdoutShare: o.holdout },
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(m)}\n`);
          return;
        }
        process.stdout.write(
          `Trained triage model ${m.id} on ${m.sampleCount} closed requests (${m.tokenizer} tokens)\n` +
            `Held out ${m.holdoutCount} most recent: accuracy ${pct(m.accuracy)} (keyword rules ${pct(m.baselineAccuracy)})\n`,
        );
        const base = new Map(m.metrics.baseline.perClass.map((c) => [c.label, c]));
        process.stdout.write('type           support  precision  recall   | rules: precision  recall\n');
        for (const c of m.metrics.pipeline.perClass) {
          const b = base.get(c.label);
          process.stdout.write(
            `${c.label.padEnd(14)} ${String(c.support).padStart(7)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}   |        ${pct(b?.precision).padStart(9)}  ${pct(b?.recall).padStart(6)}\n`,
          );
        }
      } finally {
        await handle.close();
      }
    });
  triage
    .command('suggest')
    .description('classify a description as intake would (safety rules, then the model, then keywords)')
    .argument('<description>', "the customer's description of the need")
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (description: string, o: { json?: boolean; data?: string }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const s = await suggestTriage(deps, systemCtx(new Date(), 'cli-triage'), { description });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(s)}\n`);
          return;
        }
        process.stdout.write(`${s.type} (${s.method}, confidence ${pct(s.confidence)})\n`);
        for (const r of s.reasons)
          process.stdout.write(`  ${'text' in r ? String(r.text) : `${r.rule}: '${r.matched}'`}\n`);
        for (const a of s.alternatives) process.stdout.write(`  or ${a.type} ${pct(a.probability)}\n`);
      } finally {
        await handle.close();
      }
    });
}
