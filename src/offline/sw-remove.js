/* helpsite: the service worker is turned off for this site
   ([offline] service_worker = false). Readers who installed it earlier lose
   it, and its caches, on their next visit. */
(function () {
  "use strict";

  const SCOPE = new URL("./", self.location.href);
  const PREFIX = "helpsite:" + SCOPE.pathname + ":";

  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await caches.keys()) {
          if (name.startsWith(PREFIX)) await caches.delete(name);
        }
        await self.registration.unregister();
      })()
    );
  });
})();
