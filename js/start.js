/* helpsite.js, the script of every page: search as you type, the search
 * page, the 404 page, offline support, placeholders for external embeds
 * and the lightbox. Works from file:// as well as from a server: the
 * search index is plain scripts, loaded on demand. Text from pages and
 * from the reader is only ever inserted as text. This part sets it all up
 * once the page has loaded; src/theme.rs lists the parts. */

function start() {
  // The downloaded copy does not contain itself.
  if (location.protocol === "file:") {
    document.querySelectorAll(".site-download").forEach((el) => {
      el.hidden = true;
    });
  }
  redirectNotFound(setUp);
}

function setUp() {
  setupNavPanel();
  document.querySelectorAll("form.site-search").forEach((form) => {
    if (form.hasAttribute("data-search-page")) setupSearchPage(form);
    else setupSearchBox(form);
  });
  setupEmbeds();
  setupLightbox();
  setupScrollRegions();
  function recheck() {
    showStatus();
    updateEmbeds();
    probe();
  }
  window.addEventListener("online", recheck);
  window.addEventListener("offline", recheck);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") probe();
  });
  registerWorker();
  probe();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();

// For tests and the curious: the same search the page runs.
self.helpsite = { fold, find };
