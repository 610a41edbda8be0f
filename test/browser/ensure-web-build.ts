/**
 * Builds web/dist once when it is missing or older than its sources, so browser tests always see the
 * current UI. Parallel test files wait on a lock instead of building at the same time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const DIST_MARK = path.join(WEB, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'tech', 'portal', 'vite.config.ts'].map((p) =>
  path.join(WEB, p),
);

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, name)));
  return max;
}

function isFresh(): boolean {
  if (!fs.existsSync(DIST_MARK)) return false;
  const built = fs.statSync(DIST_MARK).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureWebBuild(): Promise<void> {
  if (isFresh()) return;
  const lock = path.join(
    os.tmpdir(),
    `aftercare-web-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}.lock`,
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than 3 minutes belongs to a dead process.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000)
          fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone already
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the web build lock ${lock}`);
      await sleep(250);
    }
  }
  try {
    if (isFresh()) return;
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: ROOT,
        // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: 'inherit',
        timeout: 170_000,
      },
    );
    // vite may keep an older index.html mtime when the content is unchanged.
    const now = new Date();
    fs.utimesSync(DIST_MARK, now, now);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
