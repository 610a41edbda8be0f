import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText, jsonWithoutMember } from './json-text';

describe('jsonWithoutMember', () => {
  it('writes what JSON.stringify writes for the object without the member (property)', () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.oneof(scalar, fc.jsonValue())), { maxLength: 6 }),
        fc.string(),
        fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.jsonValue()), { maxLength: 6 }),
        (before, value, after) => {
          // Members before and after it, nested ones holding the same key and value as well.
          before.push(['nested', { description: value, list: [{ description: value }] }]);
          const obj: Record<string, unknown> = {};
          for (const [k, v] of before) if (k !== 'description') obj[k] = v;
          obj.description = value;
          for (const [k, v] of after) if (!(k in obj)) obj[k] = v;
          const json = JSON.stringify(obj);
          expect(jsonWithoutMember(json, 'description', value)).toBe(
            JSON.stringify({ ...obj, description: undefined }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes the top-level member only, and parses when there is none', () => {
    const json = JSON.stringify({ nested: { description: 'x' }, description: 'x', n: 1 });
    expect(jsonWithoutMember(json, 'description', 'x')).toBe(
      JSON.stringify({ nested: { description: 'x' }, n: 1 }),
    );
    expect(jsonWithoutMember('{"description":"x"}', 'description', 'x')).toBe('{}');
    expect(jsonWithoutMember('{"a":1}', 'description', 'x')).toBe('{"a":1}');
    // Only nested, or at the top with another value: written again without the top-level key.
    expect(jsonWithoutMember('{"n":{"description":"x"}}', 'description', 'x')).toBe(
      '{"n":{"description":"x"}}',
    );
    expect(jsonWithoutMember('{"description":"y","n":1}', 'description', 'x')).toBe('{"n":1}');
  });
});

describe('JsonText', () => {
  it('stands for its value when serialised again', () => {
    const t = JsonText.of({ a: [1, 'b'] });
    expect(JSON.stringify({ body: t })).toBe('{"body":{"a":[1,"b"]}}');
    expect(JsonText.of(undefined).text).toBe('null');
  });
});
