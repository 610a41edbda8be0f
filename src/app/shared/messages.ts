// Bilingual message catalogue for errors (zh-CN default, en-US). Keys are stable; clients may translate.
export const MESSAGES = {
  VALIDATION_FAILED: { zh: '请求数据校验失败', en: 'Validation failed' },
  MALFORMED_JSON: { zh: '请求体不是合法的 JSON', en: 'Request body is not valid JSON' },
  UNAUTHENTICATED: { zh: '未登录或登录已失效', en: 'Not authenticated' },
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'Invalid username or password' },
  FORBIDDEN: { zh: '没有执行此操作的权限', en: 'You are not allowed to do this' },
  CSRF: { zh: '缺少或错误的 CSRF 令牌', en: 'Missing or invalid CSRF token' },
  NOT_FOUND: { zh: '资源不存在', en: 'Not found' },
  CONFLICT: { zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'Request body too large' },
  RATE_LIMITED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, try again later' },
  IDEMPOTENCY_MISMATCH: {
    zh: '同一个幂等键被用于不同的请求',
    en: 'The Idempotency-Key was already used for a different request',
  },
  USERNAME_TAKEN: { zh: '用户名已存在', en: 'Username already exists' },
  SERIAL_TAKEN: { zh: '序列号已存在', en: 'Serial number already exists' },
  MODEL_CODE_TAKEN: { zh: '型号编码已存在', en: 'Model code already exists' },
  UNKNOWN_MODEL: { zh: '型号不存在', en: 'Unknown product model' },
  UNKNOWN_CUSTOMER: { zh: '客户不存在', en: 'Unknown customer' },
  ATTACHMENT_IN_USE: {
    zh: '附件已被其他记录使用',
    en: 'An attachment was linked to another record meanwhile',
  },
  CUSTOMER_ANONYMISED: {
    zh: '该客户已按申请匿名化，不能再记录其个人信息',
    en: 'The customer was anonymised on request; no personal data can be recorded for it',
  },
  UNSUPPORTED_MEDIA: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type Locale = 'zh-CN' | 'en-US';

export interface LocalizedText {
  zh: string;
  en: string;
}

export function localize(text: LocalizedText, locale: Locale | undefined): string {
  if (locale === 'zh-CN') return text.zh;
  if (locale === 'en-US') return text.en;
  // No preference given: both, so any client gets a message it can read.
  return `${text.zh} / ${text.en}`;
}
