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
  await admin('POST', '/api/v1/product-models', {
    code: 'KFR-35GW',
    name: '壁挂式空调 1.5匹',
    brand: '格力',
    category: '空调',
    warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 },
  });
  const mine = await admin<{ id: string }>('POST', '/api/v1/customers', {
    name: '王芳',
    phone: '13900001111',
  });
  const other = await admin<{ id: string }>('POST', '/api/v1/customers', {
    name: '刘洋',
    phone: '13900002222',
  });
  await admin('POST', '/api/v1/units', {
    customerId: mine.id,
    serial: 'SN-MINE-0001',
    model: 'KFR-35GW',
    purchasedAt: '2025-06-01',
  });
  await admin('POST', '/api/v1/units', {
    customerId: other.id,
    serial: 'SN-OTHER-0002',
    model: 'KFR-35GW',
    purchasedAt: '2025-06-01',
  });
  await admin('POST', '/api/v1/users', {
    username: 'wangfang',
    password: 'Customer-Passw0rd!',
    roles: ['customer'],
    customerId: mine.id,
  });
});

afterAll(async () => {
  await env?.close();
});

describe('customer portal', { timeout: 120_000 }, () => {
  it('shows the logged-in customer only their own products', async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    const errors = collectPageErrors(page);
    await loginThroughUi(page, env.url, '/portal/', 'wangfang', 'Customer-Passw0rd!');
    await page.getByTestId('my-products').waitFor();
    // The list renders before its data arrives: wait for a card, not just the container.
    await page.getByTestId('product-serial').first().waitFor();
    const serials = await page.getByTestId('product-serial').allTextContents();
    expect(serials).toEqual(['SN-MINE-0001']);
    expect(await page.getByText('SN-OTHER-0002').count()).toBe(0);

    await page.getByTestId('product-card').first().click();
    await page.waitForURL(/\/portal\/products\//);
    // The list (with warranty tags of its own) may still show while the detail page loads: wait for the
    // detail's own fields.
    await page.locator('.ant-descriptions').getByText('SN-MINE-0001').first().waitFor();
    await page.locator('.ant-descriptions, .ant-card').getByTestId('warranty-status').first().waitFor();

    await page.goto(`${env.url}/portal/profile`);
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/portal\/login$/);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
