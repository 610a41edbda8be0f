// Errors of the calendar module. `code` is an i18n key so the API layer can answer in zh-CN or en-US;
// `path` names the offending field of the input, as every boundary must give field-level errors.

/** A CalendarSpec that cannot be compiled. */
export class CalendarSpecError extends Error {
  override readonly name = 'CalendarSpecError';
  constructor(
    readonly path: string,
    readonly code: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** A query the calendar cannot answer: no open time within the search horizon, or an instant out of range. */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
