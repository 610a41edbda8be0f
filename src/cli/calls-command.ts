import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { systemCtx } from '../app/app-deps';
import { CALL_IMPORT_FORMATS, type CallImportFormat, importCallRecords } from '../app/channels/import-calls';
import { CliFailure, UsageError } from './cli-io';
import { openDeps } from './open-deps';

/** `aftercare calls import FILE [--format asterisk|generic|agent-sessions] [--dry-run]` (same use case as the API). */
export function registerCallsCommand(program: Command, dataOption: () => Option): void {
  const calls = program.command('calls').description('hotline call records from the PBX/ACD');
  calls
    .command('import')
    .description(
      'import call records (Asterisk Master.csv or a generic CSV with a header) or agent sessions; all-or-nothing, re-imports add nothing',
    )
    .argument('<file>', 'Master.csv, or a CSV/XLSX with a header row')
    .option('--format <format>', `one of ${CALL_IMPORT_FORMATS.join(' | ')}`, 'generic')
    .option('--queue-context <list>', 'comma-separated Asterisk dcontexts that are agent queues')
    .option('--dry-run', 'validate and report only')
    .option('--json', 'print the report as JSON')
    .addOption(dataOption())
    .action(
      async (
        file: string,
        o: { format: string; queueContext?: string; dryRun?: boolean; json?: boolean; data?: string },
      ) => {
        if (!(CALL_IMPORT_FORMATS as readonly string[]).includes(o.format))
          throw new UsageError(`--format must be one of ${CALL_IMPORT_FORMATS.join(', ')}`);
        if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
        const { deps, handle } = await openDeps(o);
        try {
          const report = await importCallRecords(
            deps,
            systemCtx(new Date(), 'cli-calls'),
            { buffer: fs.readFileSync(file), filename: path.basename(file) },
            {
              format: o.format as CallImportFormat,
              dryRun: !!o.dryRun,
              queueContexts: o.queueContext
                ?.split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            },
          );
          if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
          else {
            process.stdout.write(
              `${report.dryRun ? 'Dry run: ' : ''}${report.total} rows (${report.kind}), ${report.rejected} rejected, ${report.skipped} skipped, ${report.duplicates} duplicates, ${report.imported} imported\n`,
            );
            for (const e of report.errors.slice(0, 200))
              process.stdout.write(`  row ${e.row} ${e.field}: ${e.message}\n`);
          }
          if (report.rejected > 0) throw new CliFailure('import rejected: fix the rows above');
        } finally {
          await handle.close();
        }
      },
    );
}
