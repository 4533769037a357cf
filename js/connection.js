/* Whether the reader is offline, and the indicator that says so. */

/* Whether the site's server can be reached, as the last probe found it.
 * navigator.onLine is believed only when it says false: it stays true on
 * captive Wi-Fi, on networks that drop our traffic and in some browsers
 * that emulate offline, so "online" is only what a real request shows.
 * null: not known yet (or file://, where there is nothing to ask). */
let reachable = null;
let workerReady = false;
const PROBE_TIMEOUT = 4000;
const REPROBE_OFFLINE = 30000;
let probeTicket = 0;
let reprobeTimer = 0;

function overHttp() {
  return location.protocol === "http:" || location.protocol === "https:";
}

// Known only while this file runs, not when the page calls it later.
const script = document.currentScript;

/* The site's root folder: helpsite.js sits in it. */
function siteRoot() {
  return script && script.src ? new URL("./", script.src) : null;
}

function isOffline() {
  return navigator.onLine === false || reachable === false;
}

function showStatus() {
  const el = document.querySelector(".offline-status");
  if (!el) return;
  // Offline is said wherever a worker saved some of the help; "available
  // offline" only once this page's locale is saved.
  const saving = overHttp() && "serviceWorker" in navigator && !!navigator.serviceWorker.controller;
  const offline = isOffline() && (workerReady || saving);
  const text = offline ? string("offline-now") : workerReady ? string("offline-ready") : "";
  // The same words again would be announced again and restart the fade.
  if (el.textContent !== text) el.textContent = text;
  // Offline is a bar across the foot of the screen; "available offline" a
  // passing pill. Both float, so the page never moves when they show.
  el.classList.toggle("offline-status-offline", offline);
  el.hidden = !text;
}

function setReachable(value) {
  reachable = value;
  showStatus();
  updateEmbeds();
  // Nothing tells a page that a network which dropped its requests is back
  // (navigator.onLine never changed), so ask again now and then.
  clearTimeout(reprobeTimer);
  if (value === false) {
    reprobeTimer = setTimeout(() => {
      if (document.visibilityState !== "hidden") probe();
    }, REPROBE_OFFLINE);
  }
}

/* Asks the server for the site's manifest, past every cache (the service
 * worker lets these requests through). The site is reachable only when the
 * answer is the manifest itself: not an error, not a redirect and not a
 * captive portal's login page. A request that fails or takes longer than
 * PROBE_TIMEOUT means offline. */
function probe() {
  const root = siteRoot();
  if (!overHttp() || !root || typeof fetch !== "function") return;
  const ticket = ++probeTicket;
  if (navigator.onLine === false) return setReachable(false);
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  const timer = setTimeout(() => {
    if (controller) controller.abort();
    done(false);
  }, PROBE_TIMEOUT);
  function done(ok) {
    clearTimeout(timer);
    if (ticket === probeTicket) {
      probeTicket++;
      setReachable(ok);
    }
  }
  const url = new URL("manifest.json", root);
  url.searchParams.set("helpsite-probe", String(Date.now()));
  fetch(url.href, {
    cache: "no-store",
    credentials: "same-origin",
    signal: controller ? controller.signal : undefined,
  })
    .then((response) => {
      if (!response.ok || response.redirected) return false;
      return response.json().then((manifest) => !!manifest && typeof manifest === "object" && typeof manifest.start_url === "string");
    })
    .then(done, () => done(false));
}

