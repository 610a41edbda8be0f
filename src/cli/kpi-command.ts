import type { Command, Option } from 'commander';
import { systemCtx } from '../app/app-deps';
import { computeKpis } from '../app/reports/compute-kpis';
import { openDeps } from './open-deps';

export function registerKpiCommand(program: Command, dataOption: () => Option): void {
  program
    .command('kpi')
    .description('print the indicators for a period (what GET /api/v1/kpis returns)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (inclusive)')
    .requiredOption('--to <date>', 'day after the last, YYYY-MM-DD (exclusive)')
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (o: { from: string; to: string; json?: boolean; data?: string }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const report = await computeKpis(deps, systemCtx(new Date(), 'cli-kpi'), { from: o.from, to: o.to });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        process.stdout.write(`Indicators ${report.from} … ${report.to} (${report.zone})\n`);
        for (const i of report.indicators) {
          const v = i.value === null ? 'n/a' : `${(i.value * 100).toFixed(1)}%`;
          const mark = i.meets === null ? ' ' : i.meets ? '✓' : '✗';
          process.stdout.write(
            `${mark} ${i.id.padEnd(30)} ${v.padStart(7)}  ${i.numerator}/${i.denominator}  target ${(i.target * 100).toFixed(0)}%\n`,
          );
        }
      } finally {
        await handle.close();
      }
    });
}
