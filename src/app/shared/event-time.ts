import { AppError } from './app-error';

/** Clock skew tolerated for instants sent by people and other systems. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** An event or receipt time may be back-dated (records taken earlier) but not in the future. */
export function assertNotFuture(at: Date, now: Date, path: 'at' | 'receivedAt'): void {
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw AppError.validation([
      {
        path,
        message: {
          zh: path === 'at' ? '事件时间不能晚于当前时间' : '受理时间不能晚于当前时间',
          en: `${path} is in the future`,
        },
      },
    ]);
  }
}

/** An event cannot precede the receipt of its record: 409, the record's log is left as it was. */
export function assertNotBeforeReceipt(at: Date, receivedAtIso: string): void {
  if (at.toISOString() < receivedAtIso) {
    const message = { zh: '事件时间早于受理时间', en: 'The event is earlier than the record was received' };
    throw new AppError('CONFLICT', message, [
      { path: 'at', message: { zh: '事件时间早于受理时间', en: 'Earlier than receivedAt' } },
    ]);
  }
}

export type LifecycleRefusal = 'out-of-order' | 'not-open' | 'already-paused' | 'not-paused';

const REFUSAL_TEXT: Record<LifecycleRefusal, { zh: string; en: string }> = {
  'out-of-order': { zh: '当前状态下不能记录该事件', en: 'This event is out of order for the current state' },
  'not-open': { zh: '记录已结束', en: 'The record is no longer open' },
  'already-paused': { zh: '已处于暂停状态', en: 'Already paused' },
  'not-paused': { zh: '未处于暂停状态', en: 'Not paused' },
};

/** The 409 for an event the lifecycle refuses. */
export function lifecycleConflict(reason: LifecycleRefusal): AppError {
  return new AppError('CONFLICT', REFUSAL_TEXT[reason], [{ path: 'type', message: REFUSAL_TEXT[reason] }]);
}
