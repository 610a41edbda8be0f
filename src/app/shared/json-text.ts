/**
 * A result already serialized to JSON, sent as the response body as it is. Results coming back from the
 * use-case thread cross as JSON text: one JSON.stringify there and a string copy cost less than a
 * structured clone across the threads plus serializing the clone again for the response (bench/RESULTS.md).
 */
export class JsonText {
  constructor(readonly text: string) {}

  /** `undefined` (no value) becomes `null`: a response body of JSON text always holds a value. */
  static of(value: unknown): JsonText {
    return new JsonText(JSON.stringify(value) ?? 'null');
  }

  parse<T>(): T {
    return JSON.parse(this.text) as T;
  }

  /** Where it is serialized again (an idempotent response being stored): the value it stands for. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
