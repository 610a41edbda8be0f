import { describe, expect, it } from 'vitest';
import { insertStatement } from './insert-rows';

const row = (over: Record<string, unknown> = {}) => ({ name: 'sr:20261129', value: 1, ...over });

describe('insertStatement', () => {
  it('builds the text once per table, column list and row count', () => {
    const a = insertStatement('counters', [row()]);
    const b = insertStatement('counters', [row({ value: 2 })]);
    expect(a.text).toBe('insert into "counters" ("name", "value") values (?, ?)');
    expect(b.text).toBe(a.text);
    expect(b.parameters).toEqual(['sr:20261129', 2]);
    const two = insertStatement('counters', [row(), row({ name: 'x' })]);
    expect(two.text).toBe('insert into "counters" ("name", "value") values (?, ?), (?, ?)');
    expect(two.parameters).toEqual(['sr:20261129', 1, 'x', 1]);
  });

  it('follows the column order of the rows and the conflict target', () => {
    const swapped = insertStatement('counters', [{ value: 3, name: 'y' }]);
    expect(swapped.text).toBe('insert into "counters" ("value", "name") values (?, ?)');
    expect(swapped.parameters).toEqual([3, 'y']);
    const skip = insertStatement('counters', [row()], { onConflictDoNothing: ['name'] });
    expect(skip.text).toBe(
      'insert into "counters" ("name", "value") values (?, ?) on conflict ("name") do nothing',
    );
  });

  it('updates the named columns from the new row on a conflict, and keeps the shapes apart', () => {
    const upsert = insertStatement('counters', [row()], { onConflict: { target: ['name'], set: ['value'] } });
    expect(upsert.text).toBe(
      'insert into "counters" ("name", "value") values (?, ?) on conflict ("name") do update set "value" = excluded."value"',
    );
    // Same table, columns and row count, another conflict clause: another text.
    expect(insertStatement('counters', [row()], { onConflictDoNothing: ['name'] }).text).toMatch(
      /do nothing$/,
    );
    expect(insertStatement('counters', [row()], { onConflict: { target: ['name'] } }).text).toMatch(
      /on conflict \("name"\) do nothing$/,
    );
    expect(insertStatement('counters', [row()]).text).toBe(
      'insert into "counters" ("name", "value") values (?, ?)',
    );
  });

  it('refuses rows whose columns differ or hold undefined', () => {
    expect(() => insertStatement('counters', [row(), { name: 'z' } as never])).toThrow(/same columns/);
    expect(() => insertStatement('counters', [row(), { name: 'z', other: 1 } as never])).toThrow();
    expect(() => insertStatement('counters', [row({ value: undefined })])).toThrow(/value is undefined/);
  });
});
