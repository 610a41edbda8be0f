import { useSyncExternalStore } from 'react';

// One shared one-second tick for every countdown on the page (instead of a timer per clock).
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time in epoch ms, re-rendering every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
