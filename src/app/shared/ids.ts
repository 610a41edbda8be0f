import { uuidv7 } from 'uuidv7';

/** Sortable UUIDv7 for every primary key (DESIGN.md "IDs"). */
export function newId(): string {
  return uuidv7();
}
