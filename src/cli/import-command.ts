import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { systemCtx } from '../app/app-deps';
import { importInstalledBase } from '../app/customers/import-installed-base';
import { CliFailure, UsageError } from './cli-io';
import { openDeps } from './open-deps';

export function registerImportCommand(program: Command, dataOption: () => Option): void {
  program
    .command('import')
    .description('import customers or units from a CSV or XLSX file (all-or-nothing unless --skip-invalid)')
    .argument('<kind>', 'customers | units')
    .argument('<file>', 'CSV (UTF-8) or XLSX file')
    .option('--dry-run', 'validate and report only')
    .option('--skip-invalid', 'import the valid rows even when others are rejected')
    .option('--json', 'print the report as JSON')
    .addOption(dataOption())
    .action(
      async (
        kind: string,
        file: string,
        o: { dryRun?: boolean; skipInvalid?: boolean; json?: boolean; data?: string },
      ) => {
        if (kind !== 'customers' && kind !== 'units')
          throw new UsageError('kind must be "customers" or "units"');
        if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
        const { deps, handle } = await openDeps(o);
        try {
          const report = await importInstalledBase(
            deps,
            systemCtx(new Date(), 'cli-import'),
            kind,
            { buffer: fs.readFileSync(file), filename: path.basename(file) },
            {
              dryRun: !!o.dryRun,
              skipInvalid: !!o.skipInvalid,
            },
          );
          if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
          else {
            process.stdout.write(
              `${report.dryRun ? 'Dry run: ' : ''}${report.total} rows, ${report.accepted} valid, ${report.rejected} rejected, ${report.imported} imported\n`,
            );
            for (const e of report.errors.slice(0, 200))
              process.stdout.write(`  row ${e.row} ${e.field}: ${e.message}\n`);
          }
          if (report.rejected > 0 && !o.skipInvalid)
            throw new CliFailure('import rejected: fix the rows above');
        } finally {
          await handle.close();
        }
      },
    );
}
