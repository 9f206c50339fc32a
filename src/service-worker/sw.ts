// The service worker: crashlens works offline after its first load.
//  - The app shell (index.html and every built file, listed at build time by
//    scripts/vite-service-worker.ts) is cached on install, cache-first afterwards; the
//    page itself is network-first so a new version shows when online.
//  - The public sample is cached the first time it is opened (it is a public asset).
//  - Nothing else is cached, and nothing goes to another origin: dumps are local files
//    the browser never fetches.
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

interface FetchEventLike {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface ExtendableEventLike {
  waitUntil(p: Promise<unknown>): void;
}
interface ServiceWorkerScope {
  location: Location;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', l: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEventLike) => void): void;
}

const sw = globalThis as unknown as ServiceWorkerScope;

const SHELL = `crashlens-shell-${__VERSION__}`;
const SAMPLE = 'crashlens-sample';
const scoped = (path: string) => new URL(path, sw.registration.scope).href;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(__PRECACHE__.map(scoped)))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('crashlens-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (e) {
    const cached = await caches.match(scoped('./'), { cacheName: SHELL, ignoreVary: true });
    if (cached) return cached;
    throw e;
  }
}

async function sample(request: Request): Promise<Response> {
  const cache = await caches.open(SAMPLE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const res = await fetch(request);
  if (res.status === 200) await cache.put(request, res.clone());
  return res;
}

async function shell(request: Request): Promise<Response> {
  // ignoreVary: the server varies on Origin, which module scripts send and addAll did not.
  return (await caches.match(request, { cacheName: SHELL, ignoreVary: true })) ?? fetch(request);
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (req.mode === 'navigate') e.respondWith(page(req));
  else if (url.href.startsWith(scoped('sample/'))) e.respondWith(sample(req));
  else e.respondWith(shell(req));
});

// A module for the type checker; the build strips this line (sw.js is a classic script).
export {};
