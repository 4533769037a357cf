// The build puts VERSION (a hash of every published file) and FILES (every
// published file, relative to this script) above this line.
"use strict";

// The scope path is part of the name: other sites on the same portal origin
// have caches of their own, which we must never touch.
const SCOPE = new URL("./", self.location.href);
const PREFIX = "helpsite:" + SCOPE.pathname + ":";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // "reload" skips the HTTP cache: a new version must never be filled with old files.
      await cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE).href, { cache: "reload" })));
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

async function cached(url) {
  const cache = await caches.open(CACHE);
  let key = url.origin + url.pathname;
  if (key.endsWith("/")) key += "index.html";
  return cache.match(key);
}

// A network that drops requests instead of refusing them keeps a fetch
// waiting for minutes; after this long a saved copy is served instead.
const NETWORK_TIMEOUT = 5000;

// Pages: the network first, so a rebuilt site shows at once; the saved copy
// when the network fails or does not answer in time.
async function page(request, url) {
  const network = fetch(request);
  network.catch(() => {});
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_TIMEOUT);
  }).then(async () => (await cached(url)) || network);
  try {
    return await Promise.race([network, slow]);
  } catch (offline) {
    const hit = await cached(url);
    if (hit) return hit;
    const locale = url.pathname.slice(SCOPE.pathname.length).split("/")[0];
    return (await cached(new URL(locale + "/404.html", SCOPE))) || (await cached(new URL("404.html", SCOPE))) || Response.error();
  } finally {
    clearTimeout(timer);
  }
}

// Everything else has a content hash in its name or belongs to this
// version: the saved copy first.
async function file(request, url) {
  const hit = await cached(url);
  return hit || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  // The pages' connectivity probe must reach the server or fail: a saved
  // copy would say "online" when it is not.
  if (url.searchParams.has("helpsite-probe")) return;
  event.respondWith(request.mode === "navigate" ? page(request, url) : file(request, url));
});
