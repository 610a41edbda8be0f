import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  apiAs,
  collectPageErrors,
  loginThroughUi,
  startTestEnv,
  type TestEnv,
} from './browser-helpers';

// Set AFTERCARE_SCREENSHOTS=/some/dir to keep a full-page screenshot of every page checked.
const SHOTS = process.env.AFTERCARE_SCREENSHOTS;

let env: TestEnv;
let customerId: string;
let unitId: string;

beforeAll(async () => {
  env = await startTestEnv();
  const admin = await apiAs(env.url, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/v1/product-models', {
    code: 'XQG100-B14976L',
    name: '滚筒洗衣机 10公斤 变频 超薄嵌入式',
    brand: '海尔',
    category: '洗衣机',
    warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 24, labourMonths: 12 },
  });
  const c = await admin<{ id: string }>('POST', '/api/v1/customers', {
    name: '南宁市青秀区万象城物业服务有限公司（设备部）',
    phone: '13812345678',
    address: '广西壮族自治区南宁市青秀区民族大道136号万象城写字楼A座28层2801室',
    city: '南宁市',
    district: '青秀区',
  });
  customerId = c.id;
  await admin('POST', `/api/v1/customers/${c.id}/contacts`, {
    name: '李娜',
    phone: '13912340000',
    relation: '设备主管',
  });
  const u = await admin<{ id: string }>('POST', '/api/v1/units', {
    customerId: c.id,
    serial: 'SN-2025-0000-0000-0001',
    model: 'XQG100-B14976L',
    purchasedAt: '2025-03-01',
  });
  unitId = u.id;
  await admin('POST', '/api/v1/users', {
    username: 'cust',
    password: 'Customer-Passw0rd!',
    roles: ['customer'],
    customerId: c.id,
  });
  await admin('POST', '/api/v1/users', {
    username: 'tech',
    password: 'Technician-Passw0rd!',
    roles: ['technician'],
  });
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await env?.close();
});

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-skeleton, .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

async function check(page: Page, name: string, url: string) {
  await page.goto(url);
  await settle(page);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `phone-${name}.png`), fullPage: true });
  expect(await overflow(page), `${name} overflows horizontally`).toBeLessThanOrEqual(376);
}

describe('phone width (375×812)', { timeout: 120_000 }, () => {
  it('console pages have no horizontal page overflow', async () => {
    const ctx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.url}/login`);
    expect(await overflow(page)).toBeLessThanOrEqual(376);
    await loginThroughUi(page, env.url, '/', 'admin', ADMIN_PASSWORD);
    const pages: [string, string][] = [
      ['dashboard', '/'],
      ['customers', '/customers'],
      ['customer-detail', `/customers/${customerId}`],
      ['units', '/units'],
      ['unit-detail', `/units/${unitId}`],
      ['product-models', '/product-models'],
      ['imports', '/imports'],
      ['audit', '/audit'],
    ];
    for (const [name, p] of pages) await check(page, name, `${env.url}${p}`);

    // The side menu becomes a drawer.
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('main-nav').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(376);
    await page.getByTestId('main-nav').getByText('客户', { exact: true }).click();
    await page.waitForURL(/\/customers$/);

    // The new-customer drawer fits too.
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-form').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(376);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('portal and technician app fit a phone', async () => {
    const ctx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await loginThroughUi(page, env.url, '/portal/', 'cust', 'Customer-Passw0rd!');
    await check(page, 'portal-products', `${env.url}/portal/`);
    await check(page, 'portal-profile', `${env.url}/portal/profile`);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/portal\/login$/);

    await loginThroughUi(page, env.url, '/tech/', 'tech', 'Technician-Passw0rd!');
    await check(page, 'tech-jobs', `${env.url}/tech/`);
    await page.getByTestId('jobs-empty').waitFor();
    await check(page, 'tech-profile', `${env.url}/tech/profile`);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
