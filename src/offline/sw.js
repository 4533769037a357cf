// The build puts VERSION (a hash of every published file), SHELL (what
// every page needs), LOCALE_SHELL (what every page of a locale needs:
// saved for the reader's own locale only) and LOCALES above this line.
// Each locale's files, in the order to save them, are in
// <locale>/offline-files.json (those within the budget, with the number
// of parts and files in all) and <locale>/offline-files-<n>.json (the rest,
// read only when the reader saves the whole locale). Strict, as the pages'
// scripts are, inside a function: a directive only counts at the start.
(function () {
  "use strict";

  // The scope path is part of the name: other sites on the same portal origin
  // have caches of their own, which we must never touch.
  const SCOPE = new URL("./", self.location.href);
  const PREFIX = "helpsite:" + SCOPE.pathname + ":";
  const CACHE = PREFIX + VERSION;

  // "reload" skips the HTTP cache: a new version must never be filled with old files.
  function fresh(path) {
    return new Request(new URL(path, SCOPE).href, { cache: "reload" });
  }

  // Which locales this version has saved, and how much: "shell" (the
  // reader spares data), "budget" or "all".
  // Kept in the cache itself, so a new version saves the same again.
  function marker(locale) {
    return new URL("__helpsite/saved/" + locale, SCOPE).href;
  }

  async function savedAs(cache, locale) {
    const hit = await cache.match(marker(locale));
    return hit ? hit.text() : null;
  }

  self.addEventListener("install", (event) => {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        await cache.addAll(SHELL.map(fresh));
        // An update saves what the reader had saved before it, so a new
        // version never leaves them with less offline than the old one.
        for (const name of await caches.keys()) {
          if (!name.startsWith(PREFIX) || name === CACHE) continue;
          const old = await caches.open(name);
          for (const locale of LOCALES) {
            const how = await savedAs(old, locale);
            if (how) await saveLocale(locale, how === "all", null, how === "shell");
          }
        }
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

  async function localeList(locale, name = "offline-files.json") {
    const response = await fetch(fresh(locale + "/" + name));
    if (!response.ok) throw new Error("no list " + name + " for " + locale);
    const list = await response.json();
    // A list from another build would fill this version's cache with the wrong files.
    if (list.version !== VERSION) throw new Error("the site was rebuilt");
    return list;
  }

  /* Saves `files` ([path, bytes] pairs) that are not saved yet, a few at a
   * time, telling `progress` how far it got. */
  async function save(files, progress) {
    const cache = await caches.open(CACHE);
    const total = files.length;
    let done = 0;
    let next = 0;
    async function worker() {
      while (next < files.length) {
        const [path] = files[next++];
        const request = fresh(path);
        if (!(await cache.match(request.url))) {
          const response = await fetch(request);
          if (!response.ok) throw new Error(path + ": " + response.status);
          await cache.put(request.url, response);
        }
        done++;
        if (progress) progress(done, total);
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  /* Saves the locale's part of the shell, then, unless `lean` (the reader
   * spares data), the locale up to the budget, or all of it. */
  async function saveLocale(locale, all, client, lean) {
    if (!LOCALES.includes(locale)) return;
    const cache = await caches.open(CACHE);
    await save(LOCALE_SHELL[locale].map((path) => [path, 0]), null);
    const before = await savedAs(cache, locale);
    if (before === "all" || (before === "budget" && !all) || (before === "shell" && lean && !all)) {
      if (client) client.postMessage({ type: "helpsite-saved", locale, all: before === "all", lean: before === "shell" });
      return;
    }
    if (lean && !all) {
      await cache.put(marker(locale), new Response("shell"));
      if (client) client.postMessage({ type: "helpsite-saved", locale, all: false, lean: true });
      return;
    }
    const list = await localeList(locale);
    const files = list.files;
    let last = 0;
    let beforePart = 0;
    function report(done) {
      // A progress message per file would flood the page on large sites.
      const sofar = beforePart + done;
      if (client && all && (sofar === list.count || Date.now() - last > 250)) {
        last = Date.now();
        client.postMessage({ type: "helpsite-progress", locale, done: sofar, total: list.count });
      }
    }
    await save(files, report);
    if (all) {
      // The rest, one part at a time: never one large list in memory.
      beforePart = files.length;
      for (let n = 1; n <= list.parts; n++) {
        const part = await localeList(locale, "offline-files-" + n + ".json");
        await save(part.files, report);
        beforePart += part.files.length;
      }
    }
    // Other locales are saved only when their reader asks: a reader of one
    // language should not pay for the others.
    const how = all || list.parts === 0 ? "all" : "budget";
    await cache.put(marker(locale), new Response(how));
    if (client) client.postMessage({ type: "helpsite-saved", locale, all: how === "all" });
  }

  // A page names itself and its pictures; more is no visit.
  const MAX_VISITED = 200;

  /* Keeps the page a reader opened before the worker ran, and its
   * pictures: only addresses of this site, under the worker's scope. */
  async function keepVisited(addresses) {
    if (!Array.isArray(addresses)) return;
    const paths = [];
    for (const address of addresses.slice(0, MAX_VISITED)) {
      let url;
      try {
        url = new URL(String(address), SCOPE);
      } catch (e) {
        continue;
      }
      if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) continue;
      let path = url.pathname.slice(SCOPE.pathname.length);
      if (path === "" || path.endsWith("/")) path += "index.html";
      paths.push([path, 0]);
    }
    await save(paths, null);
  }

  // Whether a request carried `Save-Data: on`: the browser's data saver is
  // on, which the page also tells (navigator.connection), where it can.
  let dataSaver = false;

  /* Whether a locale other than `locale` has its budget or all saved: the
   * reader's own locale is the first they read, and another language is
   * saved ahead only when they ask (its home's button), not on a glance at
   * one of its pages. */
  async function anotherSaved(locale) {
    const cache = await caches.open(CACHE);
    for (const other of LOCALES) {
      if (other !== locale && ["budget", "all"].includes(await savedAs(cache, other))) return true;
    }
    return false;
  }

  self.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type !== "helpsite-save" || typeof data.locale !== "string") return;
    const client = event.source;
    event.waitUntil(
      keepVisited(data.visited)
        .catch(() => {})
        .then(async () => {
          const lean = !!data.lean || dataSaver || (await anotherSaved(data.locale));
          await saveLocale(data.locale, !!data.all, client, lean);
        })
        .catch((e) => {
          if (client) client.postMessage({ type: "helpsite-save-failed", locale: data.locale, reason: String(e) });
        })
    );
  });

  async function cached(url) {
    const cache = await caches.open(CACHE);
    let key = url.origin + url.pathname;
    if (key.endsWith("/")) key += "index.html";
    return cache.match(key);
  }

  /* Keeps what a reader visits, so pages outside the budget work offline once seen. */
  async function keep(url, response) {
    if (!response || !response.ok || response.type !== "basic") return;
    let key = url.origin + url.pathname;
    if (key.endsWith("/")) key += "index.html";
    const cache = await caches.open(CACHE);
    await cache.put(key, response);
  }

  // A network that drops requests instead of refusing them keeps a fetch
  // waiting for minutes; after this long a saved copy is served instead.
  const NETWORK_TIMEOUT = 5000;

  // Pages: the network first, so a rebuilt site shows at once; the saved copy
  // when the network fails or does not answer in time.
  async function page(event, url) {
    const network = fetch(event.request);
    event.waitUntil(network.then((r) => keep(url, r.clone())).catch(() => {}));
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
  // version: the saved copy first, else the network, kept for next time.
  async function file(event, url) {
    const hit = await cached(url);
    if (hit) return hit;
    const response = await fetch(event.request);
    event.waitUntil(keep(url, response.clone()));
    return response;
  }

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") return;
    const url = new URL(request.url);
    if (request.headers.get("Save-Data") === "on") dataSaver = true;
    if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
    // The pages' connectivity probe must reach the server or fail: a saved
    // copy would say "online" when it is not.
    if (url.searchParams.has("helpsite-probe")) return;
    // The lists are fetched by the worker itself, fresh each time.
    if (/\/offline-files(-\d+)?\.json$/.test(url.pathname)) return;
    event.respondWith(request.mode === "navigate" ? page(event, url) : file(event, url));
  });
})();
