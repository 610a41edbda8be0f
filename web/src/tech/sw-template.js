/*
 * Aftercare technician app — service worker (hand-written).
 * The build (web/vite.config.ts, plugin aftercare:tech-service-worker) fills in the version and the list
 * of files that make up the app shell, and emits this file as /tech/sw.js.
 *
 * - install: precache the app shell;
 * - navigations under /tech/: network first, the cached shell when offline;
 * - hashed assets: cache first (they never change under the same name);
 * - /api/: never cached and never touched here (writes are queued by src/tech/offline-queue.ts).
 */
const VERSION = '__SHELL_VERSION__';
const PREFIX = 'aftercare-tech-';
const SHELL_CACHE = `${PREFIX}shell-${VERSION}`;
const RUNTIME_CACHE = `${PREFIX}runtime`;
const SHELL_FILES = /*__SHELL_FILES__*/ [];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith(PREFIX) && k !== SHELL_CACHE && k !== RUNTIME_CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function navigate(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put('/tech/', response.clone());
    }
    return response;
  } catch (err) {
    const shell = await caches.match('/tech/');
    if (shell) return shell;
    throw err;
  }
}

async function cacheFirst(request, url) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && url.pathname.startsWith('/assets/')) {
    const cache = await caches.open(RUNTIME_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/tech' || url.pathname.startsWith('/tech/')) event.respondWith(navigate(request));
    return;
  }
  event.respondWith(cacheFirst(request, url));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});
