import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  apiAs,
  collectPageErrors,
  loginThroughUi,
  startTestEnv,
  type TestEnv,
} from './browser-helpers';

let env: TestEnv;

beforeAll(async () => {
  env = await startTestEnv();
  const admin = await apiAs(env.url, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/v1/users', {
    username: 'li.gong',
    password: 'Technician-Passw0rd!',
    roles: ['technician'],
  });
});

afterAll(async () => {
  await env?.close();
});

describe('technician PWA', { timeout: 120_000 }, () => {
  it('serves a manifest and a service worker for /tech/', async () => {
    const manifest = await fetch(`${env.url}/tech/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    const m = (await manifest.json()) as {
      start_url: string;
      scope: string;
      display: string;
      icons: { sizes: string }[];
    };
    expect(m).toMatchObject({ start_url: '/tech/', scope: '/tech/', display: 'standalone' });
    expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const sw = await fetch(`${env.url}/tech/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    const source = await sw.text();
    expect(source).toContain("'/tech/'".replace(/'/g, '"'));
    expect(source).not.toContain('__SHELL_FILES__');
  });

  it('logs in, shows today (empty), and opens again from the cache when offline', async () => {
    const ctx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await loginThroughUi(page, env.url, '/tech/', 'li.gong', 'Technician-Passw0rd!');
    await page.getByTestId('jobs-empty').waitFor();

    // Wait until the service worker controls the page and has cached the shell.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await ctx.setOffline(true);
    await page.reload();
    await page.getByTestId('jobs-empty').waitFor();
    await page.getByTestId('offline-tag').waitFor();
    await ctx.setOffline(false);

    await page.goto(`${env.url}/tech/profile`);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/tech\/login$/);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
