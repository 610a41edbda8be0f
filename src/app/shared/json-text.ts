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

/**
 * `json` (the text of an object) without its top-level member `key` whose value is `value`: what
 * JSON.stringify would have written for the object without that member, without serialising it again
 * (a request create writes its view once, for the answer and, without the free text, for the audit).
 * The text before the member is scanned for nesting and strings, so only a top-level member is taken;
 * when the text holds no such top-level member, the object is parsed and written again without `key`.
 */
export function jsonWithoutMember(json: string, key: string, value: unknown): string {
  const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  let depth = 0;
  let inString = false;
  let i = 0;
  for (let at = json.indexOf(member); at > 0; at = json.indexOf(member, at + 1)) {
    for (; i < at; i++) {
      const ch = json.charCodeAt(i);
      if (inString) {
        if (ch === 0x5c)
          i++; // backslash: skip the escaped character
        else if (ch === 0x22) inString = false;
      } else if (ch === 0x22) inString = true;
      else if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) depth--;
    }
    const end = at + member.length;
    const before = json[at - 1];
    if (i !== at || inString || depth !== 1 || (before !== ',' && before !== '{')) continue;
    if (json[end] === ',') return json.slice(0, at) + json.slice(end + 1);
    if (json[end] === '}')
      return before === ',' ? json.slice(0, at - 1) + json.slice(end) : json.slice(0, at) + json.slice(end);
  }
  const { [key]: _dropped, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify(rest);
}
