/* The service worker: registered over http(s), asked to save the
 * reader's locale, and the button that saves all of it. */

const pageLocale = document.documentElement.getAttribute("lang");
let saveControl = null;

function registerWorker() {
  // Service workers need http(s); from disk everything is local anyway.
  if (!overHttp()) return;
  const root = siteRoot();
  if (!("serviceWorker" in navigator) || !root) return;
  const manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = new URL("manifest.json", root).href;
  document.head.appendChild(manifest);
  navigator.serviceWorker.register(new URL("sw.js", root).href).catch(() => {});
  navigator.serviceWorker.addEventListener("message", onWorkerMessage);
  // The worker saves the shell at install; then the reader's own locale,
  // up to the site's budget. Other pages are kept as they are visited.
  // "Available offline" shows once the worker says the locale is saved.
  function askToSave(worker) {
    if (worker && pageLocale) worker.postMessage({ type: "helpsite-save", locale: pageLocale });
  }
  navigator.serviceWorker.ready.then((registration) => {
    askToSave(registration.active);
    setupSaveOffline(registration);
  });
  // A new version took over: it saves what the old one had, and says so.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    askToSave(navigator.serviceWorker.controller);
  });
}

function onWorkerMessage(event) {
  const data = event.data || {};
  if (data.type === "helpsite-saved" && data.locale === pageLocale && !workerReady) {
    workerReady = true;
    showStatus();
  }
  if (!saveControl || data.locale !== saveControl.locale) return;
  if (data.type === "helpsite-progress") {
    saveControl.progress.hidden = false;
    saveControl.progress.max = data.total;
    saveControl.progress.value = data.done;
    saveControl.status.textContent = string("save-offline-saving") + " " + data.done + " / " + data.total;
  } else if (data.type === "helpsite-saved" && data.all) {
    saveControl.progress.hidden = true;
    saveControl.button.disabled = false;
    saveControl.status.textContent = string("save-offline-done");
  } else if (data.type === "helpsite-save-failed") {
    saveControl.progress.hidden = true;
    saveControl.button.disabled = false;
    saveControl.status.textContent = string("save-offline-failed");
  }
}

/* "Save this help for offline use" on a locale's home: everything of the
 * locale, beyond what the budget saved ahead of time, with progress. */
function setupSaveOffline(registration) {
  const section = document.querySelector(".save-offline");
  if (!section || !registration.active) return;
  const button = section.querySelector(".save-offline-button");
  const progress = section.querySelector(".save-offline-progress");
  const status = section.querySelector(".save-offline-status");
  if (!button || !progress || !status) return;
  saveControl = {
    locale: section.getAttribute("data-locale"),
    button,
    progress,
    status,
  };
  section.hidden = false;
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = string("save-offline-saving");
    const worker = navigator.serviceWorker.controller || registration.active;
    worker.postMessage({ type: "helpsite-save", locale: saveControl.locale, all: true });
  });
}

