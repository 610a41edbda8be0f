import { type LocalizedText, MESSAGES, type MessageKey } from './messages';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL'
  /** The work may or may not have been done (the thread running it failed): retry with the same key later. */
  | 'OUTCOME_UNKNOWN';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  OUTCOME_UNKNOWN: 503,
};

/** Every error code, for the API description. */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

export interface ErrorDetail {
  path: string;
  message: LocalizedText;
}

/** The one error type use cases throw; the API maps it to CONTRACT's error shape. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly text: LocalizedText,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(text.en);
    this.status = STATUS[code];
  }

  static of(code: ErrorCode, key: MessageKey, details: ErrorDetail[] = []): AppError {
    return new AppError(code, MESSAGES[key], details);
  }

  static notFound(): AppError {
    return AppError.of('NOT_FOUND', 'NOT_FOUND');
  }

  static forbidden(): AppError {
    return AppError.of('FORBIDDEN', 'FORBIDDEN');
  }

  static conflict(key: MessageKey, path?: string): AppError {
    return new AppError('CONFLICT', MESSAGES[key], path ? [{ path, message: MESSAGES[key] }] : []);
  }

  static validation(details: ErrorDetail[]): AppError {
    return AppError.of('VALIDATION_FAILED', 'VALIDATION_FAILED', details);
  }
}
