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
  // up to the site's budget, unless the reader spares data. Other pages
  // are kept as they are visited. "Available offline" shows once the
  // worker says the locale is saved.
  // The page itself and its pictures are named: on a first visit they
  // came before the worker, which could not keep them then.
  function askToSave(worker) {
    if (!worker || !pageLocale) return;
    const visited = [location.href].concat(Array.from(document.images, (img) => img.currentSrc || img.src));
    worker.postMessage({ type: "helpsite-save", locale: pageLocale, lean: sparingData(), visited });
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

/* Whether the reader's browser asks us to spare data: its data saver
 * (Save-Data) is on, or the connection is slow, as on a metered mobile
 * plan. Then only what the reader opens is saved, until they ask for more. */
function sparingData() {
  const connection = navigator.connection;
  if (!connection) return false;
  return connection.saveData === true || ["slow-2g", "2g", "3g"].includes(connection.effectiveType);
}

function onWorkerMessage(event) {
  const data = event.data || {};
  // Saved lean, the locale is not available offline: only what was opened is.
  if (data.type === "helpsite-saved" && data.locale === pageLocale && !workerReady && !data.lean) {
    workerReady = true;
    showStatus();
  }
  if (!saveControl || data.locale !== saveControl.locale) return;
  // The box shows once the worker has said what it holds, in the state it
  // is in: a second visit after saving everything offers no button.
  if (data.type === "helpsite-saved" || data.type === "helpsite-save-failed") saveControl.section.hidden = false;
  if (data.type === "helpsite-progress") {
    saveControl.progress.hidden = false;
    saveControl.progress.max = data.total;
    saveControl.progress.value = data.done;
    saveControl.status.textContent = string("save-offline-saving") + " " + data.done + " / " + data.total;
  } else if (data.type === "helpsite-saved" && data.all) {
    saveControl.progress.hidden = true;
    saveControl.button.hidden = true;
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
    section,
    button,
    progress,
    status,
  };
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = string("save-offline-saving");
    const worker = navigator.serviceWorker.controller || registration.active;
    worker.postMessage({ type: "helpsite-save", locale: saveControl.locale, all: true });
  });
}

