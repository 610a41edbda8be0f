// Q-8.1-CHAT-RESPONSE and how chat sessions end: hand-computed examples on the service-hours clock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendar, defaultCalendars } from '../calendar';
import { type ChatFact, chatOutcome, chatReplyMs, closingOutcome, computeChatResponse } from './chat-rules';

const [, serviceHours] = defaultCalendars({ holidays: [], workdays: [] }).map(compileCalendar);
const bj = (wall: string) => new Date(`${wall}+08:00`).toISOString();
const MIN = 60_000;

const fact = (id: string, started: string, extra: Partial<ChatFact> = {}): ChatFact => ({
  id,
  status: 'closed',
  startedAt: bj(started),
  firstReplyAt: null,
  firstBotReplyAt: null,
  resolvedByBot: false,
  closedAt: null,
  ...extra,
});

describe('chat sessions', () => {
  it('end as abandoned, closed or resolved by the bot (A-12)', () => {
    const base = { humanReplied: false, botReplied: false, humanRequested: false, resolved: false };
    expect(closingOutcome({ ...base, by: 'customer' })).toEqual({
      status: 'abandoned',
      resolvedByBot: false,
    });
    expect(closingOutcome({ ...base, by: 'agent' })).toEqual({ status: 'closed', resolvedByBot: false });
    expect(closingOutcome({ ...base, by: 'customer', humanReplied: true })).toEqual({
      status: 'closed',
      resolvedByBot: false,
    });
    expect(closingOutcome({ ...base, by: 'customer', botReplied: true, resolved: true })).toEqual({
      status: 'closed',
      resolvedByBot: true,
    });
    // Asked for a human: the bot answer no longer counts.
    expect(
      closingOutcome({ ...base, by: 'customer', botReplied: true, resolved: true, humanRequested: true }),
    ).toEqual({ status: 'abandoned', resolvedByBot: false });
  });

  it('measure the first reply on the service-hours clock across the 20:00 closing', () => {
    expect(chatReplyMs(serviceHours, bj('2026-11-29T19:58:00'), bj('2026-11-30T08:02:00'))).toBe(4 * MIN);
    expect(chatReplyMs(serviceHours, bj('2026-11-29T19:58:00'), bj('2026-11-30T08:04:00'))).toBe(6 * MIN);
    expect(chatReplyMs(serviceHours, bj('2026-11-29T21:00:00'), bj('2026-11-30T08:05:00'))).toBe(5 * MIN);
  });
});

describe('Q-8.1-CHAT-RESPONSE', () => {
  const from = bj('2026-11-01T00:00:00');
  const to = bj('2026-12-01T00:00:00');
  const now = bj('2026-11-30T12:00:00');

  it('counts sessions answered within 5 min over sessions started, without early abandonments', () => {
    const facts: ChatFact[] = [
      fact('in-time', '2026-11-02T10:00:00', { firstReplyAt: bj('2026-11-02T10:05:00') }), // exactly 5 min
      fact('late', '2026-11-02T10:00:00', { firstReplyAt: bj('2026-11-02T10:05:01') }),
      fact('overnight-ok', '2026-11-02T19:58:00', { firstReplyAt: bj('2026-11-03T08:02:00') }),
      fact('overnight-late', '2026-11-02T19:58:00', { firstReplyAt: bj('2026-11-03T08:04:00') }),
      fact('left-early', '2026-11-04T10:00:00', { status: 'abandoned', closedAt: bj('2026-11-04T10:04:00') }),
      fact('left-late', '2026-11-04T10:00:00', { status: 'abandoned', closedAt: bj('2026-11-04T10:06:00') }),
      fact('bot', '2026-11-05T10:00:00', {
        firstBotReplyAt: bj('2026-11-05T10:00:05'),
        resolvedByBot: true,
      }),
      // Bot answered but the customer asked for a human who never came: the bot answer does not count.
      fact('bot-not-resolved', '2026-11-05T11:00:00', {
        status: 'abandoned',
        firstBotReplyAt: bj('2026-11-05T11:00:05'),
        closedAt: bj('2026-11-05T11:03:00'),
      }),
      fact('closed-no-reply', '2026-11-06T10:00:00', { closedAt: bj('2026-11-06T10:01:00') }),
      fact('waiting-pending', '2026-11-30T11:57:00', { status: 'waiting' }),
      fact('waiting-breach', '2026-11-30T11:50:00', { status: 'waiting' }),
      fact('other-month', '2026-10-31T10:00:00', { firstReplyAt: bj('2026-10-31T10:01:00') }),
    ];
    const ind = computeChatResponse(facts, serviceHours, from, to, now);
    expect(ind).toMatchObject({
      id: 'Q-8.1-CHAT-RESPONSE',
      numerator: 3, // in-time, overnight-ok, bot
      denominator: 8, // + late, overnight-late, left-late, closed-no-reply, waiting-breach
      pending: 1,
      excluded: 2, // left-early, bot-not-resolved
      meets: false,
    });
    expect(ind.value).toBe(3 / 8);
    expect(ind.breaches.sort()).toEqual([
      'closed-no-reply',
      'late',
      'left-late',
      'overnight-late',
      'waiting-breach',
    ]);
    expect(ind.info).toMatchObject({ limitMinutes: 5, resolvedByBot: 1 });
  });

  it('property: replying later never turns a breach into compliance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: 0, max: 600 }),
        (startMin, replyMin, delay) => {
          const start = new Date(Date.parse(from) + startMin * MIN).toISOString();
          const reply = new Date(Date.parse(start) + replyMin * MIN).toISOString();
          const later = new Date(Date.parse(reply) + delay * MIN).toISOString();
          const a = chatOutcome(
            { ...fact('x', '2026-11-01T00:00:00'), startedAt: start, firstReplyAt: reply },
            serviceHours,
            Date.parse(now),
          );
          const b = chatOutcome(
            { ...fact('x', '2026-11-01T00:00:00'), startedAt: start, firstReplyAt: later },
            serviceHours,
            Date.parse(now),
          );
          if (a === 'breach') expect(b).toBe('breach');
          expect(['ok', 'breach']).toContain(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
