import cliProgress from 'cli-progress';

export class UsageError extends Error {}

/** Failures the user can act on: printed without a stack trace, exit status 1. */
export class CliFailure extends Error {}

export function progressBar(label: string, total: number): { update(n: number): void; stop(): void } {
  if (!process.stderr.isTTY && !process.env.AFTERCARE_PROGRESS) {
    // Non-interactive: a line every 10%.
    let lastDecile = -1;
    return {
      update(n) {
        const d = total > 0 ? Math.floor((n / total) * 10) : 10;
        if (d !== lastDecile) {
          lastDecile = d;
          process.stderr.write(`${label}: ${n}/${total} (${Math.min(100, d * 10)}%)\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}
