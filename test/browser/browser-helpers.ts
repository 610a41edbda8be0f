import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServer } from '../../src/api/server';
import { ensureWebBuild } from './ensure-web-build';

export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'Admin-Passw0rd!';

export function launchBrowser(): Promise<Browser> {
  // Debian's Chromium; never download a browser.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

export interface TestEnv {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the web app if needed, starts the server on a fresh data directory and launches Chromium. */
export async function startTestEnv(): Promise<TestEnv> {
  await ensureWebBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-browser-'));
  const server = await startServer({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    adminPassword: ADMIN_PASSWORD,
    logger: false,
  });
  const browser = await launchBrowser();
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small JSON client for seeding data through the public API with a bearer token. */
export async function apiAs(baseUrl: string, username: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return async function call<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Logs in through a sub-app's login form (console `/`, `/tech/`, `/portal/`). */
export async function loginThroughUi(
  page: Page,
  baseUrl: string,
  appPath: string,
  username: string,
  password: string,
) {
  await page.goto(`${baseUrl}${appPath}login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
