import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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

// Screenshots of every new page, desktop and phone width (AFTERCARE_SCREENSHOTS overrides the folder).
const SHOTS = process.env.AFTERCARE_SCREENSHOTS ?? path.join('/tmp', 'aftercare-requests-shots');
const CUSTOMER_PASSWORD = 'Customer-Passw0rd!';
const AGENT_PASSWORD = 'Agent-Passw0rd!';
const SERIAL = 'SN-REQ-0001';

let env: TestEnv;
let customerId: string;
/** The request the customer filed in the first test (open, with a photo). */
let liveRequestId = '';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small, valid PNG (solid colour) built in memory. */
function makePng(width = 24, height = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0xe0, 0x40, 0x30]))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .locator('.ant-skeleton, .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

async function shoot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  env = await startTestEnv();
  fs.mkdirSync(SHOTS, { recursive: true });
  const admin = await apiAs(env.url, 'admin', ADMIN_PASSWORD);
  await admin('POST', '/api/v1/product-models', {
    code: 'KFR-35GW',
    name: '壁挂式空调 1.5匹',
    brand: '格力',
    category: '空调',
    warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 },
  });
  const c = await admin<{ id: string }>('POST', '/api/v1/customers', {
    name: '陈静',
    phone: '13900003333',
    address: '广西壮族自治区南宁市青秀区民族大道 100 号',
  });
  customerId = c.id;
  await admin('POST', '/api/v1/units', {
    customerId: c.id,
    serial: SERIAL,
    model: 'KFR-35GW',
    purchasedAt: '2025-06-01',
  });
  await admin('POST', '/api/v1/units', {
    customerId: c.id,
    serial: 'SN-REQ-0002',
    model: 'KFR-35GW',
    purchasedAt: '2024-01-15',
  });
  await admin('POST', '/api/v1/users', {
    username: 'chenjing',
    password: CUSTOMER_PASSWORD,
    roles: ['customer'],
    customerId: c.id,
  });
  await admin('POST', '/api/v1/users', { username: 'agent1', password: AGENT_PASSWORD, roles: ['agent'] });
});

afterAll(async () => {
  await env?.close();
});

describe('service requests end to end', { timeout: 240_000 }, () => {
  it('customer reports with a photo, agent responds from the queue, customer sees the progress', async () => {
    // --- Customer, on a phone, arrives from the unit's QR code.
    const custCtx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const cust = await custCtx.newPage();
    const custErrors = collectPageErrors(cust);
    await loginThroughUi(cust, env.url, '/portal/', 'chenjing', CUSTOMER_PASSWORD);
    await cust.goto(`${env.url}/portal/report?serial=${SERIAL}`);
    await cust.getByTestId('report-form').waitFor();
    await cust.getByTestId('report-unit').first().waitFor();
    // The QR code's unit is pre-selected.
    const checked = cust.getByTestId('report-form').locator('.ant-radio-wrapper-checked');
    await checked.waitFor();
    expect(await checked.textContent()).toContain(SERIAL);
    await cust.getByTestId('report-description').fill('空调不制冷，开机半小时后出风还是热的');
    await cust
      .locator('[data-testid="photo-upload"] input[type=file], .ant-upload input[type=file]')
      .first()
      .setInputFiles({
        name: 'fault.png',
        mimeType: 'image/png',
        buffer: makePng(),
      });
    await cust.locator('.ant-upload-list-item-done').first().waitFor({ timeout: 15_000 });
    expect(await overflow(cust)).toBeLessThanOrEqual(376);
    await shoot(cust, 'e2e-phone-portal-report');
    await cust.getByTestId('report-submit').click();
    await cust.waitForURL(/\/portal\/requests\/[^/]+$/);
    liveRequestId = new URL(cust.url()).pathname.split('/').pop() ?? '';
    const number = (await cust.getByTestId('request-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^SR-\d{8}-\d{4}$/);
    await cust.getByTestId('attachment-thumb').first().waitFor();
    await cust.locator('[data-testid="request-status"][data-status="received"]').waitFor();
    await shoot(cust, 'e2e-phone-portal-request-received');

    // --- Agent, at a desk, sees it in the queue with a running countdown.
    const agentCtx = await env.browser.newContext({ viewport: { width: 1366, height: 860 } });
    const agent = await agentCtx.newPage();
    const agentErrors = collectPageErrors(agent);
    await loginThroughUi(agent, env.url, '/', 'agent1', AGENT_PASSWORD);
    await agent.goto(`${env.url}/requests`);
    const row = agent.getByTestId('queue-row').filter({ hasText: number });
    await row.waitFor();
    const countdown = row.getByTestId('sla-countdown').first();
    const before = await countdown.textContent();
    expect(['ok', 'warn']).toContain(await countdown.getAttribute('data-tone'));
    await agent.waitForTimeout(2100);
    expect(await countdown.textContent()).not.toBe(before);
    await shoot(agent, 'e2e-desktop-console-queue');

    await row.getByTestId('queue-request-link').click();
    await agent.waitForURL(/\/requests\/[^/]+$/);
    await agent.getByTestId('request-clocks').waitFor();
    await agent.getByTestId('request-customer').waitFor();
    await agent.getByTestId('attachment-thumb').first().waitFor();
    await agent.getByTestId('action-responded').click();
    await agent.locator('[data-testid="request-status"][data-status="pending-dispatch"]').waitFor();
    await agent.locator('[data-testid="timeline-event"][data-type="responded"]').waitFor();
    // The response clock is met; a second "responded" is still allowed, "arrived" is not offered yet.
    expect(await agent.getByTestId('action-arrived').count()).toBe(0);
    await shoot(agent, 'e2e-desktop-console-request');

    // --- The customer sees the progress.
    await cust.reload();
    await cust.locator('[data-testid="request-status"][data-status="pending-dispatch"]').waitFor();
    await cust.locator('[data-testid="timeline-event"][data-type="responded"]').waitFor();
    await cust.getByTestId('portal-cancel').waitFor();
    expect(await overflow(cust)).toBeLessThanOrEqual(376);
    await shoot(cust, 'e2e-phone-portal-request-responded');
    await cust.goto(`${env.url}/portal/requests`);
    await cust.getByTestId('my-request').first().waitFor();
    expect(await cust.getByTestId('my-request-number').allTextContents()).toContain(number);
    await shoot(cust, 'e2e-phone-portal-my-requests');

    expect(custErrors).toEqual([]);
    expect(agentErrors).toEqual([]);
    await custCtx.close();
    await agentCtx.close();
  });

  it('an out-of-order event shows the server refusal (409)', async () => {
    const agentApi = await apiAs(env.url, 'agent1', AGENT_PASSWORD);
    const r = await agentApi<{ id: string }>('POST', '/api/v1/service-requests', {
      customerId,
      channel: 'hotline',
      description: '洗衣机咨询保修期',
      type: 'repair',
    });
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await loginThroughUi(page, env.url, '/', 'agent1', AGENT_PASSWORD);
    await page.goto(`${env.url}/requests/${r.id}`);
    await page.getByTestId('action-dispatched').waitFor();
    // Someone else cancels it meanwhile; the button on this screen is now out of date.
    await agentApi('POST', `/api/v1/service-requests/${r.id}/events`, { type: 'cancelled', reason: '重复' });
    await page.getByTestId('action-dispatched').click();
    await page.locator('[data-testid="request-actions"] .ant-alert-error').waitFor();
    expect(await page.locator('[data-testid="request-actions"] .ant-alert-error').textContent()).toMatch(
      /状态|结束/,
    );
    await ctx.close();
  });

  it('new pages fit a phone and a desktop (screenshots)', async () => {
    expect(liveRequestId).not.toBe('');
    const anyId = liveRequestId;
    // An emergency taken 4 hours ago and still unanswered: a breach for the report and a red countdown.
    const agentApi = await apiAs(env.url, 'agent1', AGENT_PASSWORD);
    await agentApi('POST', '/api/v1/service-requests', {
      customerId,
      channel: 'hotline',
      type: 'emergency',
      description: '厨房燃气灶附近有煤气味',
      receivedAt: new Date(Date.now() - 4 * 3600_000).toISOString(),
    });
    const pages: [string, string][] = [
      ['console-queue', '/requests'],
      ['console-request', `/requests/${anyId}`],
      ['console-hotline', '/hotline?phone=13900003333'],
      ['console-desk', '/desk'],
      ['console-sla-report', '/sla-report'],
    ];
    for (const [label, viewport] of [
      ['desktop', { width: 1366, height: 860 }],
      ['phone', { width: 375, height: 812 }],
    ] as const) {
      const ctx = await env.browser.newContext({
        viewport,
        ...(label === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await ctx.newPage();
      const errors = collectPageErrors(page);
      await loginThroughUi(page, env.url, '/', 'admin', ADMIN_PASSWORD);
      for (const [name, p] of pages) {
        await page.goto(`${env.url}${p}`);
        await shoot(page, `${label}-${name}`);
        if (label === 'phone') expect(await overflow(page), `${name} overflows`).toBeLessThanOrEqual(376);
      }
      if (label === 'desktop') {
        // SLA report: drill down to the breaching requests; the CSV link carries the same filters.
        await page.goto(`${env.url}/sla-report`);
        await page.getByTestId('drill-breaches').first().click();
        await page.getByTestId('sla-breaches').locator('tbody tr.ant-table-row').first().waitFor();
        await shoot(page, 'desktop-console-sla-breaches');
        expect(await page.getByTestId('sla-csv').getAttribute('href')).toMatch(/format=csv/);
      }
      // The hotline finds the caller and offers the intake form for them.
      await page.goto(`${env.url}/hotline?phone=13900003333`);
      await page.getByTestId('caller-match').first().waitFor();
      await page.getByTestId('intake-form').waitFor();
      if (label === 'desktop') {
        // Taking a call about the unit that already has an open request: triage and duplicates are shown.
        await page
          .getByTestId('caller-match')
          .locator('li', { hasText: SERIAL })
          .getByTestId('caller-pick-unit')
          .click();
        await page.getByTestId('intake-description').fill('空调还是不制冷，顾客再次来电催促');
        await page.getByTestId('intake-submit').click();
        await page.getByTestId('intake-result').waitFor();
        await page.getByTestId('triage-suggestion').waitFor();
        await page.getByTestId('possible-duplicates').waitFor();
        await shoot(page, 'desktop-console-hotline-created');
      }
      expect(errors).toEqual([]);
      await ctx.close();

      const custCtx = await env.browser.newContext({
        viewport,
        ...(label === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      const cust = await custCtx.newPage();
      const custErrors = collectPageErrors(cust);
      await loginThroughUi(cust, env.url, '/portal/', 'chenjing', CUSTOMER_PASSWORD);
      for (const [name, p] of [
        ['portal-report', '/portal/report'],
        ['portal-requests', '/portal/requests'],
        ['portal-request', `/portal/requests/${anyId}`],
      ] as const) {
        await cust.goto(`${env.url}${p}`);
        await shoot(cust, `${label}-${name}`);
        if (label === 'phone') expect(await overflow(cust), `${name} overflows`).toBeLessThanOrEqual(376);
      }
      expect(custErrors).toEqual([]);
      await custCtx.close();
    }
  });
});
