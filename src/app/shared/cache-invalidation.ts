const listeners = new Set<() => void>();

/**
 * Called by the `forget…` functions of the per-process caches (policies, calendars, triage model) after a
 * change made here: the use-case thread of a SQLite server keeps caches of its own and must drop them too.
 */
export function cachesForgotten(): void {
  for (const listener of listeners) listener();
}

/** Runs `listener` after every `cachesForgotten`; returns the function that stops it. */
export function onCachesForgotten(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
