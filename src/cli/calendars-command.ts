import fs from 'node:fs';
import type { Command, Option } from 'commander';
import { systemCtx } from '../app/app-deps';
import { importHolidayNotice, listCalendars } from '../app/sla/calendars-admin';
import { UsageError } from './cli-io';
import { openDeps } from './open-deps';

export function registerCalendarsCommand(program: Command, dataOption: () => Option): void {
  const calendars = program.command('calendars').description('business calendars');
  calendars
    .command('list')
    .description('list calendars with the years of holidays they hold')
    .addOption(dataOption())
    .action(async (o: { data?: string }) => {
      const { deps, handle } = await openDeps(o);
      try {
        for (const c of (await listCalendars(deps)).items) {
          process.stdout.write(
            `${c.id.padEnd(16)} v${c.version}  ${c.zone}  holidays ${c.holidays}, make-up days ${c.workdays}  ${c.years.slice(-3).join(' ')}\n`,
          );
        }
      } finally {
        await handle.close();
      }
    });
  calendars
    .command('import')
    .description(
      "load a year's holiday notice (holiday-cn JSON or .ics) into a calendar; open clocks are recomputed",
    )
    .argument('<file>', 'holiday-cn {year}.json or an iCal file')
    .option('--calendar <id>', 'calendar to update', 'working-days')
    .addOption(dataOption())
    .action(async (file: string, o: { calendar: string; data?: string }) => {
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const content = fs.readFileSync(file, 'utf8');
      const format = /\.ics$/i.test(file) || content.includes('BEGIN:VCALENDAR') ? 'ics' : 'holiday-cn-json';
      const { deps, handle } = await openDeps(o);
      try {
        const r = await importHolidayNotice(deps, systemCtx(new Date(), 'cli-calendars'), o.calendar, {
          format,
          content,
        });
        process.stdout.write(
          `Calendar ${r.id} is now version ${r.version} (years ${r.years.slice(-3).join(' ')}); recomputed ${r.recomputed.requests} open requests and ${r.recomputed.complaints} complaints\n`,
        );
      } finally {
        await handle.close();
      }
    });
}
