import crypto from 'node:crypto';
import { V7Generator } from 'uuidv7';

// The library's own buffer refills every few ids; a larger one makes the random source nearly free.
const pool = new Uint32Array(2048);
let next = pool.length;
const generator = new V7Generator({
  nextUint32() {
    if (next === pool.length) {
      crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++];
  },
});

/** Sortable UUIDv7 for every primary key (DESIGN.md "IDs"). */
export function newId(): string {
  return generator.generate().toString();
}
