// Intake channels (8.1): hotline calls, agent staffing and live chat.
export * from './chat-rules';
export * from './hotline-indicators';
export { parseExternalTime, parseLocalDateTime } from './local-time';
