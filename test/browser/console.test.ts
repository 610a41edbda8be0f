import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, collectPageErrors, startTestEnv, type TestEnv } from './browser-helpers';

let env: TestEnv;
let page: Page;
let errors: string[];

beforeAll(async () => {
  env = await startTestEnv();
  const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 850 }, locale: 'zh-CN' });
  page = await ctx.newPage();
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await env?.close();
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('console (admin)', { timeout: 120_000 }, () => {
  it('redirects to the login page, rejects a wrong password, then logs in', async () => {
    await page.goto(`${env.url}/customers`);
    await page.waitForURL(/\/login$/);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');

    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/customers$/); // back where the user wanted to go
    await page.getByRole('heading', { name: '客户' }).waitFor();
  });

  it('maps field-level API errors onto the form fields', async () => {
    await page.getByTestId('customer-new').click();
    await page.getByTestId('customer-name').fill('测试客户');
    await page.getByTestId('customer-phone').fill('12345');
    await page.getByTestId('customer-save').click();
    const phoneItem = page.locator('.ant-form-item').filter({ has: page.getByTestId('customer-phone') });
    await expect
      .poll(() => phoneItem.locator('.ant-form-item-explain-error').textContent())
      .toMatch(/手机|phone/i);
  });

  it('creates a customer and shows the masked phone in the list', async () => {
    await page.getByTestId('customer-phone').fill('13812345678');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'detached' });
    const cell = page.getByTestId('customers-table').getByText('138****5678');
    await cell.waitFor();
    expect(await page.getByTestId('customers-table').getByText('13812345678').count()).toBe(0);
  });

  it('reveals the full phone number on the detail page', async () => {
    await page.getByTestId('customers-table').getByRole('link', { name: '测试客户' }).click();
    await page.getByTestId('reveal-value-phone').waitFor();
    expect(await page.getByTestId('reveal-value-phone').textContent()).toContain('138****5678');
    await page.getByTestId('reveal-phone').click();
    await expect.poll(() => page.getByTestId('reveal-value-phone').textContent()).toContain('13812345678');
  });

  it('exports the personal data as a JSON file and anonymises the customer on request', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('pii-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^personal-data-.+\.json$/);
    const exported = JSON.parse(await streamText(await file.createReadStream()));
    expect(exported.customer.phone).toBe('13812345678');

    const number = (await page.locator('.ant-tag').first().textContent())?.trim() ?? '';
    await page.getByTestId('pii-anonymise').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input').first().fill(number);
    await dialog.locator('textarea').fill('客户申请删除');
    await dialog.getByRole('button', { name: /匿名化/ }).click();
    await page.getByRole('heading', { name: `匿名客户 ${number}` }).waitFor();
    expect(await page.getByTestId('reveal-value-phone').textContent()).toContain('已删除');
  });

  it('switches the UI language to English and remembers it', async () => {
    await page.goto(`${env.url}/customers`);
    await page.getByRole('heading', { name: '客户' }).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en-US').click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByTestId('customer-new').getByText('New customer').waitFor();
    await page.getByTestId('main-nav').getByText('Installed units').waitFor();
    await page.getByTestId('main-nav').getByText('Audit log').waitFor();
    expect(await page.locator('thead').first().textContent()).toContain('Phone');
    expect(await page.evaluate(() => localStorage.getItem('aftercare.lang'))).toBe('en-US');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');

    await page.reload();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
  });

  it('shows the dashboard chart and the audit log with before/after', async () => {
    await page.goto(`${env.url}/`);
    await page.getByTestId('category-chart').or(page.getByText('No data')).first().waitFor();
    await page.goto(`${env.url}/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.locator('pre.json-view').first().waitFor();
  });

  it('imports hotline call records: a dry run, the import, then a re-import counted as duplicates', async () => {
    const csv = [
      'callId,caller,queuedAt,answeredAt,endedAt,agent,disposition',
      'B1,13900001111,2026-11-03 10:00:00,2026-11-03 10:00:05,2026-11-03 10:03:00,agent-1,ANSWERED',
      'B2,13900002222,2026-11-03 10:10:00,,2026-11-03 10:11:00,,NO ANSWER',
      '',
    ].join('\n');
    await page.goto(`${env.url}/imports`);
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    await page.getByTestId('import-kind').getByText('Calls (generic CSV/Excel)').click();
    await page.getByText('De-duplicated by callId', { exact: false }).waitFor();
    const upload = (name: string) =>
      page
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const figure = (title: string) =>
      page
        .getByTestId('import-figures')
        .locator('.ant-statistic')
        .filter({ hasText: title })
        .locator('.ant-statistic-content-value')
        .textContent();
    await upload('calls.csv');
    await page.getByTestId('import-submit').click();
    await expect.poll(() => figure('Rows')).toBe('2');
    expect(await figure('Duplicates')).toBe('0');

    await page.getByTestId('import-dry-run').click();
    await page.getByTestId('import-submit').click();
    await expect.poll(() => figure('Written')).toBe('2');

    await page.getByTestId('import-submit').click();
    await expect.poll(() => figure('Duplicates')).toBe('2');
    expect(await figure('Written')).toBe('0');
  });

  it('logs out', async () => {
    // Under load the dropdown may still be animating from a previous click: open it until the item shows.
    const signOut = page.getByRole('menuitem', { name: 'Sign out' });
    await expect
      .poll(
        async () => {
          if (!(await signOut.isVisible())) await page.getByTestId('user-menu').click();
          return signOut.isVisible();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    await signOut.click();
    await page.waitForURL(/\/login$/);
    expect(errors).toEqual([]);
  });
});
