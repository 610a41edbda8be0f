import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { startServer } from '../api/server';
import { systemCtx } from '../app/app-deps';
import { verifyAuditChain } from '../app/audit/verify-audit-chain';
import { createUser } from '../app/identity/create-user';
import { rotateDataKeys } from '../app/security/rotate-data-keys';
import { AppError } from '../app/shared/app-error';
import { localize } from '../app/shared/messages';
import { loadRuntimeConfig } from '../config/runtime-config';
import { connectDatabase, DataDirError, ensureWritableDir } from '../db/connection';
import { migrateDown, migrateToLatest } from '../db/migrate';
import { startWorker } from '../jobs/worker';
import { registerCalendarsCommand } from './calendars-command';
import { registerCallsCommand } from './calls-command';
import { CliFailure, progressBar, UsageError } from './cli-io';
import { registerDemoCommand } from './demo-command';
import { registerImportCommand } from './import-command';
import { registerKpiCommand } from './kpi-command';
import { openDeps } from './open-deps';
import { registerTriageCommand } from './triage-command';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('port must be an integer 0–65535');
  return n;
}

const dataOption = () =>
  new Option('--data <dir>', 'data directory for the embedded SQLite database (ignored with DATABASE_URL)');

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => resolve(sig);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

export function buildCli(): Command {
  const program = new Command('aftercare')
    .description('Aftercare 售后管家 — after-sales service management (T/GXDSL 259—2025)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('serve the API, the console and the worker in one process')
    .option('--port <port>', 'TCP port', parsePort)
    .option('--host <host>', 'address to listen on')
    .addOption(dataOption())
    .option('--no-worker', 'do not run background jobs in this process')
    .action(async (o: { port?: number; host?: string; data?: string; worker: boolean }) => {
      const server = await startServer({
        port: o.port,
        host: o.host,
        dataDir: o.data,
        worker: o.worker,
        onAdminCreated: ({ password, generated }) => {
          if (generated)
            process.stdout.write(
              `Created user "admin" with password: ${password}\n(shown once — change it after logging in)\n`,
            );
          else process.stdout.write('Created user "admin" with the password from AFTERCARE_ADMIN_PASSWORD\n');
        },
      });
      process.stdout.write(
        `Aftercare is serving on ${server.url} (${server.config.databaseUrl ? 'PostgreSQL' : 'SQLite'})\n`,
      );
      const sig = await waitForSignal();
      process.stderr.write(`${sig}: finishing in-flight requests…\n`);
      await server.close();
    });

  program
    .command('worker')
    .description('run only the background jobs (beside several API instances)')
    .addOption(dataOption())
    .action(async (o: { data?: string }) => {
      const { deps, handle } = await openDeps(o);
      const worker = startWorker(deps, {
        log: {
          info: (obj, msg) => console.error(msg ?? '', JSON.stringify(obj)),
          error: (obj, msg) => console.error(msg ?? '', obj),
        },
      });
      process.stdout.write(`Aftercare worker ${worker.id} running\n`);
      await waitForSignal();
      await worker.stop();
      await handle.close();
    });

  program
    .command('migrate')
    .description('apply pending database migrations (or undo the last one with --down)')
    .addOption(dataOption())
    .option('--down', 'undo the most recent migration')
    .action(async (o: { data?: string; down?: boolean }) => {
      const config = loadRuntimeConfig(process.env, { data: o.data });
      ensureWritableDir(config.dataDir);
      const handle = connectDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        preparedStatements: config.pgPreparedStatements,
      });
      try {
        const r = o.down ? await migrateDown(handle.db) : await migrateToLatest(handle.db);
        for (const m of r.results ?? [])
          process.stdout.write(`${m.direction} ${m.migrationName}: ${m.status}\n`);
        if ((r.results ?? []).length === 0) process.stdout.write('Database is up to date\n');
      } finally {
        await handle.close();
      }
    });

  const users = program.command('users').description('manage users');
  users
    .command('create')
    .description('create a user')
    .requiredOption('--username <name>', 'login name')
    .requiredOption(
      '--roles <list>',
      `comma-separated roles: admin manager agent dispatcher technician parts quality partner customer`,
    )
    .option(
      '--password <password>',
      'password (default: AFTERCARE_USER_PASSWORD or prompt-free random, printed once)',
    )
    .option('--customer-id <id>', 'customer of a customer user')
    .option('--outlet-id <id>', 'outlet of a partner user')
    .option('--display-name <name>', 'display name')
    .addOption(dataOption())
    .action(
      async (o: {
        username: string;
        roles: string;
        password?: string;
        customerId?: string;
        outletId?: string;
        displayName?: string;
        data?: string;
      }) => {
        const { deps, handle } = await openDeps(o);
        try {
          const password =
            o.password ??
            process.env.AFTERCARE_USER_PASSWORD ??
            (await import('node:crypto')).randomBytes(12).toString('base64url');
          const user = await createUser(deps, systemCtx(new Date(), 'cli'), {
            username: o.username,
            password,
            roles: o.roles
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            customerId: o.customerId,
            outletId: o.outletId,
            displayName: o.displayName,
          });
          process.stdout.write(`Created user ${user.username} (${user.roles.join(',')}) id=${user.id}\n`);
          if (!o.password && !process.env.AFTERCARE_USER_PASSWORD)
            process.stdout.write(`Password: ${password}\n`);
        } finally {
          await handle.close();
        }
      },
    );

  const audit = program.command('audit').description('audit log');
  audit
    .command('verify')
    .description('verify the hash chain of the audit log; exit 1 when a record was changed or deleted')
    .addOption(dataOption())
    .option('--json', 'print the result as JSON')
    .action(async (o: { data?: string; json?: boolean }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const heads = await deps.db.selectFrom('audit_head').select('seq').execute();
        const bar = progressBar(
          'audit verify',
          heads.reduce((n, h) => n + Number(h.seq), 0),
        );
        const result = await verifyAuditChain(deps, (n) => bar.update(n));
        bar.stop();
        if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else if (result.ok) process.stdout.write(`Audit chain intact: ${result.checked} records verified\n`);
        else for (const p of result.problems) process.stderr.write(`${p.kind} at ${p.seq}: ${p.message}\n`);
        if (!result.ok) throw new CliFailure(`audit chain broken: ${result.problems.length} problem(s)`);
      } finally {
        await handle.close();
      }
    });

  program
    .command('keys')
    .description('data-encryption keys')
    .command('rotate')
    .description('re-encrypt personal data under the active key (first of AFTERCARE_DATA_KEYS)')
    .addOption(dataOption())
    .action(async (o: { data?: string }) => {
      const { deps, handle } = await openDeps(o);
      try {
        const r = await rotateDataKeys(deps, systemCtx(new Date(), 'cli-keys'), (n) =>
          process.stderr.write(`\rre-encrypted ${n}`),
        );
        process.stdout.write(`\nRe-encrypted ${r.reencrypted} rows under key ${deps.cipher.activeKeyId}\n`);
      } finally {
        await handle.close();
      }
    });

  registerDemoCommand(program, dataOption);
  registerKpiCommand(program, dataOption);
  registerCalendarsCommand(program, dataOption);
  registerImportCommand(program, dataOption);
  registerCallsCommand(program, dataOption);
  registerTriageCommand(program, dataOption);
  return program;
}

/** Runs the CLI and returns the exit status (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AppError) {
      process.stderr.write(`error: ${localize(err.text, undefined)}\n`);
      for (const d of err.details) process.stderr.write(`  ${d.path}: ${localize(d.message, undefined)}\n`);
      return err.code === 'VALIDATION_FAILED' ? 2 : 1;
    }
    if (err instanceof DataDirError || err instanceof CliFailure) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`error: 端口已被占用 / port is already in use (${e.message})\n`);
      return 1;
    }
    if (e.code === 'EACCES') {
      process.stderr.write(`error: 权限不足 / permission denied (${e.message})\n`);
      return 1;
    }
    if (e.code === 'ECONNREFUSED' || e.code === '3D000' || e.code === '28P01') {
      process.stderr.write(`error: 无法连接数据库 / cannot connect to the database (${e.message})\n`);
      return 1;
    }
    process.stderr.write(`error: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
