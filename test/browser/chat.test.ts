// Live chat end to end: a customer opens a chat in the portal (phone width), an agent answers in the
// console (a second browser context), the customer sees the reply without reloading (EventSource), and the
// session's first-reply time is recorded (checked through the API).
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

let env: TestEnv;
const CUSTOMER = { username: 'chat-customer', password: 'Customer-Passw0rd!' };
const AGENT = { username: 'chat-agent', password: 'Agent-Passw0rd!' };

beforeAll(async () => {
  env = await startTestEnv();
  const admin = await apiAs(env.url, 'admin', ADMIN_PASSWORD);
  const c = await admin<{ id: string }>('POST', '/api/v1/customers', {
    name: '陆晓梅',
    phone: '13900005555',
  });
  await admin('POST', '/api/v1/users', { ...CUSTOMER, roles: ['customer'], customerId: c.id });
  await admin('POST', '/api/v1/users', { ...AGENT, roles: ['agent'] });
});

afterAll(async () => {
  await env?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);

describe('live chat', { timeout: 120_000 }, () => {
  it('connects a portal customer with a console agent, live both ways', async () => {
    const customerCtx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const agentCtx = await env.browser.newContext({
      viewport: { width: 1366, height: 850 },
      locale: 'zh-CN',
    });
    const customer = await customerCtx.newPage();
    const agent = await agentCtx.newPage();
    const customerErrors = collectPageErrors(customer);
    const agentErrors = collectPageErrors(agent);

    // The customer opens the chat from the widget on the portal's home page.
    await loginThroughUi(customer, env.url, '/portal/', CUSTOMER.username, CUSTOMER.password);
    await customer.getByTestId('chat-widget').click();
    await customer.waitForURL(/\/portal\/chat$/);
    await customer.getByTestId('chat-start-input').fill('你好，热水器显示 E3 故障代码');
    await customer.getByTestId('chat-start').click();
    await customer.getByTestId('chat-waiting').waitFor();
    const sessionId = await customer.getByTestId('chat-conversation').getAttribute('data-session-id');
    expect(sessionId).toBeTruthy();
    expect(await overflow(customer)).toBeLessThanOrEqual(376);

    // The agent sees it in the queue (pushed by the queue stream) and answers.
    await loginThroughUi(agent, env.url, '/', AGENT.username, AGENT.password);
    await agent.getByTestId('main-nav').getByText('在线客服').click();
    await agent.waitForURL(/\/chat$/);
    const item = agent.locator(`[data-testid="chat-queue-item"][data-session-id="${sessionId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('陆晓梅');
    await item.click();
    await agent.waitForURL(new RegExp(`/chat/${sessionId}$`));
    await agent.locator('[data-testid="chat-message"][data-author="customer"]').first().waitFor();
    await agent.getByTestId('chat-input').fill('您好，E3 是进水温度传感器故障，我们为您安排上门检修。');
    await agent.getByTestId('chat-send').click();
    await agent.getByTestId('chat-first-reply').waitFor();

    // The customer sees the reply live, without reloading, and the session is now in service.
    const reply = customer.locator('[data-testid="chat-message"][data-author="agent"]');
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.textContent()).toContain('进水温度传感器');
    await expect.poll(() => customer.getByTestId('chat-status').getAttribute('data-status')).toBe('active');

    // …and the agent sees the customer's answer live too.
    await customer.getByTestId('chat-input').fill('好的，明天上午可以');
    await customer.getByTestId('chat-send').click();
    await agent
      .locator('[data-testid="chat-message"][data-author="customer"]')
      .filter({ hasText: '明天上午' })
      .waitFor({ timeout: 10_000 });
    expect(await overflow(customer)).toBeLessThanOrEqual(376);

    // The first-reply time is recorded on the session.
    const api = await apiAs(env.url, CUSTOMER.username, CUSTOMER.password);
    const got = await api<{
      session: {
        status: string;
        startedAt: string;
        firstReplyAt: string | null;
        firstReplySeconds: number | null;
      };
      messages: { author: string }[];
    }>('GET', `/api/v1/chat/sessions/${sessionId}`);
    expect(got.session.status).toBe('active');
    expect(got.session.firstReplyAt).not.toBeNull();
    expect(Date.parse(got.session.firstReplyAt as string)).toBeGreaterThanOrEqual(
      Date.parse(got.session.startedAt),
    );
    expect(got.session.firstReplySeconds).toBeGreaterThanOrEqual(0);
    expect(got.messages.map((m) => m.author)).toEqual(['customer', 'agent', 'customer']);

    // The agent console fits a phone as well.
    const phoneCtx = await env.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      locale: 'zh-CN',
    });
    const phone = await phoneCtx.newPage();
    const phoneErrors = collectPageErrors(phone);
    await loginThroughUi(phone, env.url, '/', AGENT.username, AGENT.password);
    await phone.goto(`${env.url}/chat/${sessionId}`);
    await phone.locator('[data-testid="chat-message"]').nth(2).waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(376);

    // The customer ends the chat; both sides see it closed.
    await customer.getByTestId('chat-close').click();
    await customer.getByRole('button', { name: '已解决' }).click();
    await customer.getByTestId('chat-ended').waitFor();
    await expect.poll(() => agent.getByTestId('chat-status').getAttribute('data-status')).toBe('closed');

    expect(customerErrors).toEqual([]);
    expect(agentErrors).toEqual([]);
    expect(phoneErrors).toEqual([]);
    await Promise.all([customerCtx.close(), agentCtx.close(), phoneCtx.close()]);
  });
});
