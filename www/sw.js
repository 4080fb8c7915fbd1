// The service worker: keeps a copy of the page's own files (scripts, styles, the engine, the
// place list) so that the self-check opens without a network after the first visit. Network
// first, so an online visit always gets the current files; the copy is used only when the network
// fails. It caches nothing but the site's own GET responses: the household's answers never reach
// the network, so there is nothing of theirs to cache.
const CACHE = 'huimin-v1';
// What the self-check needs to open, fetched into the copy when the worker is installed (the
// first visit loaded them before the worker existed). A page given a signed rule bundle
// registers the worker as `sw.js?rules=<the bundle's address>`: it runs on the package for signed
// bundles and that bundle, not on the built-in rules' package.
const BUNDLE = new URL(self.location.href).searchParams.get('rules');
const SHELL = [
  './', 'index.html', 'page.js', 'style.css', 'places.json',
  ...(BUNDLE && new URL(BUNDLE, self.location.href).origin === self.location.origin
    ? ['pkg-signed/huimin.js', 'pkg-signed/huimin_bg.wasm', BUNDLE]
    : ['pkg/huimin_bg.wasm', 'pkg/opening.json']),
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One by one, so a file a deployment leaves out does not stop the rest.
    await Promise.all(SHELL.map((f) => cache.add(f).catch(() => {})));
    await self.skipWaiting();
  })());
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok) await cache.put(req, res.clone());
      return res;
    } catch (e) {
      const hit = await cache.match(req, { ignoreSearch: url.pathname.endsWith('/') || url.pathname.endsWith('.html') });
      if (hit) return hit;
      throw e;
    }
  })());
});
