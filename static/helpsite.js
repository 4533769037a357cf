/* helpsite: search as you type, the search page, offline support and
 * placeholders for external embeds. Works from file:// as well as from a
 * server: the search index is a plain script, loaded on demand.
 * Text from pages and from the reader is only ever inserted as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  // Word characters and folding must match src/search/mod.rs.
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var MARK = /\p{M}/gu;
  var MAX_DROPDOWN = 8;
  // The search page shows this many results at a time, then "more".
  var PAGE_SIZE = 10;

  function fold(word) {
    return word.normalize("NFD").replace(MARK, "").toLowerCase();
  }

  function words(text) {
    return text.match(WORD) || [];
  }

  function string(name) {
    var el = document.getElementById("helpsite-strings");
    return (el && el.getAttribute("data-" + name)) || "";
  }

  // ---- The index -----------------------------------------------------------

  var loaded = {};
  var loading = {};

  function prepare(data) {
    var stemIds = new Map();
    data.stems.forEach(function (s, i) { stemIds.set(s, i); });
    var wordStems = new Map();
    data.words.forEach(function (e) { wordStems.set(e[0], e[1]); });
    // Every folded word the pages use, sorted, for prefix lookups.
    var surfaces = data.stems.map(function (s, i) { return [s, i]; }).concat(data.words);
    surfaces.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    return { data: data, stemIds: stemIds, wordStems: wordStems, surfaces: surfaces };
  }

  /* Loads the locale's index with a <script> element (fetch fails on
   * file://) and calls back with it, or with null when it cannot load. */
  function withIndex(form, callback) {
    var locale = form.getAttribute("data-locale");
    var src = form.getAttribute("data-index");
    if (loaded[locale]) return callback(loaded[locale]);
    var all = (self.helpsiteSearch = self.helpsiteSearch || {});
    if (all[locale]) {
      loaded[locale] = prepare(all[locale]);
      return callback(loaded[locale]);
    }
    if (loading[locale]) return loading[locale].push(callback);
    loading[locale] = [callback];
    var el = document.createElement("script");
    el.src = src;
    el.onload = el.onerror = function () {
      var data = (self.helpsiteSearch || {})[locale];
      var index = data ? prepare(data) : null;
      loaded[locale] = index;
      var waiting = loading[locale];
      delete loading[locale];
      waiting.forEach(function (cb) { cb(index); });
    };
    document.head.appendChild(el);
  }

  function firstAtOrAfter(surfaces, key) {
    var lo = 0, hi = surfaces.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (surfaces[mid][0] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Maps one typed word to stems: `exact` holds the word's own stem (or,
   * for an inflection no page uses, the longest stem it begins with);
   * `prefix` holds the stems of longer words that begin with it, for
   * matching as the reader types. */
  function stemsFor(index, word) {
    var exact = new Set();
    var prefix = new Set();
    if (index.wordStems.has(word)) exact.add(index.wordStems.get(word));
    if (index.stemIds.has(word)) exact.add(index.stemIds.get(word));
    if (exact.size === 0) {
      for (var len = word.length - 1; len >= Math.max(3, Math.ceil(word.length * 0.6)); len--) {
        var stem = word.slice(0, len);
        if (index.stemIds.has(stem)) {
          exact.add(index.stemIds.get(stem));
          break;
        }
      }
    }
    if (word.length >= 2) {
      var s = index.surfaces;
      for (var i = firstAtOrAfter(s, word), n = 0; i < s.length && n < 200 && s[i][0].lastIndexOf(word, 0) === 0; i++, n++) {
        if (!exact.has(s[i][1])) prefix.add(s[i][1]);
      }
    }
    return { exact: exact, prefix: prefix };
  }

  /* Best score per page for a set of stems. */
  function bestScores(index, stems, into) {
    stems.forEach(function (stem) {
      var list = index.data.postings[stem];
      for (var i = 0; i < list.length; i += 2) {
        if (!(into.get(list[i]) >= list[i + 1])) into.set(list[i], list[i + 1]);
      }
    });
    return into;
  }

  /* Pages with every word first, then pages where more words match whole
   * (not only as the beginning of a longer word), then by score. */
  function search(index, query) {
    var typed = [];
    words(query).forEach(function (w) {
      w = fold(w);
      if (typed.indexOf(w) < 0) typed.push(w);
    });
    var matched = new Set();
    var scores = new Map();
    typed.forEach(function (word) {
      var stems = stemsFor(index, word);
      stems.exact.forEach(function (s) { matched.add(s); });
      stems.prefix.forEach(function (s) { matched.add(s); });
      var exact = bestScores(index, stems.exact, new Map());
      var prefix = bestScores(index, stems.prefix, new Map());
      function add(doc, score, whole) {
        var e = scores.get(doc) || { doc: doc, score: 0, hits: 0, whole: 0 };
        e.score += score;
        e.hits += 1;
        e.whole += whole;
        scores.set(doc, e);
      }
      exact.forEach(function (v, doc) { add(doc, v, 1); });
      prefix.forEach(function (v, doc) { if (!exact.has(doc)) add(doc, v * 0.5, 0); });
    });
    var all = Array.from(scores.values());
    var complete = all.filter(function (r) { return r.hits === typed.length; });
    var results = complete.length ? complete : all;
    results.sort(function (a, b) { return b.hits - a.hits || b.whole - a.whole || b.score - a.score || a.doc - b.doc; });
    return { words: typed, matched: matched, results: results };
  }

  // ---- Showing results, as text only ------------------------------------------

  function isMatch(index, token, matched) {
    var f = fold(token);
    var stem = index.wordStems.has(f) ? index.wordStems.get(f) : index.stemIds.get(f);
    return stem !== undefined && matched.has(stem);
  }

  function appendHighlighted(parent, text, index, matched) {
    var last = 0;
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (isMatch(index, m[0], matched)) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* About 200 characters around the first matched word. */
  function snippetText(index, title, text, matched) {
    var from = text.lastIndexOf(title, 0) === 0 ? title.length : 0;
    var hit = -1;
    var m;
    WORD.lastIndex = from;
    while ((m = WORD.exec(text))) {
      if (isMatch(index, m[0], matched)) {
        hit = m.index;
        break;
      }
    }
    var start = from;
    if (hit - 60 > from) start = text.indexOf(" ", hit - 60) + 1 || hit;
    var end = Math.min(text.length, start + 200);
    if (end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start + 100) end = space;
    }
    var piece = text.slice(start, end).trim();
    return (start > from ? "… " : "") + piece + (end < text.length ? " …" : "");
  }

  function resultItem(index, base, result, matched) {
    var doc = index.data.docs[result.doc];
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.href = base + doc[0];
    var title = document.createElement("span");
    title.className = "search-result-title";
    appendHighlighted(title, doc[1], index, matched);
    // The part of the site the page belongs to (its breadcrumb's section,
    // chosen at build time), when the index names one.
    if (doc[3]) {
      var section = document.createElement("span");
      section.className = "search-result-section";
      section.textContent = doc[3];
      a.appendChild(section);
    }
    var snippet = document.createElement("span");
    snippet.className = "search-result-snippet";
    appendHighlighted(snippet, snippetText(index, doc[1], doc[2], matched), index, matched);
    a.appendChild(title);
    a.appendChild(snippet);
    li.appendChild(a);
    return li;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  // ---- The search box in the header --------------------------------------------

  function setupSearchBox(form) {
    var input = form.querySelector("input[type=search]");
    var box = form.querySelector(".site-search-results");
    if (!input || !box) return;
    var base = form.getAttribute("data-base") || "";
    var pending = 0;

    function close() {
      box.hidden = true;
    }

    function links() {
      return Array.prototype.slice.call(box.querySelectorAll("a"));
    }

    function show() {
      var query = input.value;
      var ticket = ++pending;
      if (!words(query).length) return close();
      withIndex(form, function (index) {
        if (ticket !== pending) return;
        clear(box);
        if (!index) {
          box.appendChild(paragraph(string("search-unavailable")));
        } else {
          var found = search(index, query);
          if (!found.results.length) {
            box.appendChild(paragraph(string("no-results") + " " + query));
          } else {
            var list = document.createElement("ul");
            list.className = "search-results-list";
            list.setAttribute("aria-label", string("results-label"));
            found.results.slice(0, MAX_DROPDOWN).forEach(function (r) {
              list.appendChild(resultItem(index, base, r, found.matched));
            });
            box.appendChild(list);
            var more = document.createElement("a");
            more.className = "search-all-results";
            more.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
            more.textContent = string("all-results") + " (" + found.results.length + ")";
            box.appendChild(more);
          }
        }
        box.hidden = false;
      });
    }

    input.addEventListener("input", show);
    input.addEventListener("focus", function () {
      withIndex(form, function () {});
      if (input.value) show();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !box.hidden) {
        var l = links();
        if (l.length) {
          e.preventDefault();
          l[0].focus();
        }
      } else if (e.key === "Escape") {
        close();
      }
    });
    box.addEventListener("keydown", function (e) {
      var l = links();
      var at = l.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && at >= 0) {
        e.preventDefault();
        l[Math.min(at + 1, l.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus(); else l[at - 1].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
        input.focus();
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
    });
  }

  function paragraph(text) {
    var p = document.createElement("p");
    p.className = "search-message";
    p.textContent = text;
    return p;
  }

  // ---- The search page: <locale>/search.html?q=… -----------------------------------

  /* "28 results for “x”", in the page's language: the build renders the
   * Fluent message once per plural category, Intl.PluralRules picks one. */
  function countText(n, query) {
    var lang = document.documentElement.lang || "en";
    var category = "other";
    try { category = new Intl.PluralRules(lang).select(n); } catch (e) {}
    var pattern = string("count-" + category) || string("count-other");
    var shown = n.toLocaleString(lang);
    return pattern.replace("%n", function () { return shown; }).replace("%q", function () { return query; });
  }

  /* The search page, <locale>/search.html?q=…: the header's box is its box.
   * Results come PAGE_SIZE at a time; typing updates them in place. */
  function setupSearchPage(form) {
    var results = document.getElementById("search-page-results");
    var status = document.getElementById("search-page-status");
    var more = document.getElementById("search-page-more");
    var input = form.querySelector("input[type=search]");
    if (!results || !status || !input) return;
    var base = form.getAttribute("data-base") || "";
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    var found = null;
    var index = null;
    var shown = 0;
    var ticket = 0;

    function keepQuery(q) {
      Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-query]"), function (a) {
        var href = a.getAttribute("href").split("?")[0];
        a.href = q ? href + "?q=" + encodeURIComponent(q) : href;
      });
    }

    function showMore() {
      var next = found.results.slice(shown, shown + PAGE_SIZE);
      var first = null;
      next.forEach(function (r) {
        var li = resultItem(index, base, r, found.matched);
        first = first || li;
        results.appendChild(li);
      });
      shown += next.length;
      if (more) more.hidden = shown >= found.results.length;
      return first;
    }

    function run(q) {
      var mine = ++ticket;
      keepQuery(q);
      clear(results);
      if (more) more.hidden = true;
      if (!words(q).length) {
        status.textContent = string("search-hint");
        return;
      }
      withIndex(form, function (loadedIndex) {
        if (mine !== ticket) return;
        clear(results);
        if (!loadedIndex) {
          status.textContent = string("search-unavailable");
          return;
        }
        index = loadedIndex;
        found = search(index, q);
        shown = 0;
        status.textContent = found.results.length ? countText(found.results.length, q) : string("no-results") + " " + q;
        showMore();
      });
    }

    if (more) {
      more.addEventListener("click", function () {
        var first = showMore();
        // Keyboard and screen-reader users continue at the first new result.
        var link = first && first.querySelector("a");
        if (link) link.focus();
      });
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
    input.addEventListener("input", function () {
      history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : location.pathname);
      run(input.value);
    });
    run(query);
  }

  // ---- Navigation and the 404 page -------------------------------------------------

  /* The navigation panel is collapsed on phones (the article comes first)
   * and always open on wide screens, where its summary is hidden. */
  function setupNavPanel() {
    var panel = document.querySelector("details.nav-panel");
    if (!panel || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 60em)");
    function apply() {
      if (wide.matches) panel.open = true;
    }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
  }

  /* The root 404 is in the default language; a reader of another language
   * goes on to that language's copy: the locale the missing URL names, else
   * the browser's languages. */
  /* An app's link to a help ID this release does not have (go/<ID>.html)
   * gets the host's 404 page: search for the ID's words in the reader's
   * language instead. On file:// there is no 404 page to run this. */
  function searchUnknownHelpId(codes, root) {
    var path = location.pathname;
    if (path.lastIndexOf(root, 0) !== 0) return false;
    var match = /^go\/([^\/]+)\.html$/.exec(path.slice(root.length));
    if (!match) return false;
    var words = decodeURIComponent(match[1]).split(/[-_.\s]+/).join(" ").toLowerCase().trim();
    var forced = /[?&]lang=([^&#]*)/.exec(location.search);
    var wanted = (forced ? [decodeURIComponent(forced[1])] : [])
      .concat(navigator.languages || [navigator.language || ""], [document.documentElement.lang || codes[0]]);
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      for (var j = 0; j < codes.length; j++) {
        var code = codes[j].toLowerCase();
        if (tag && (tag === code || tag.split("-")[0] === code.split("-")[0])) {
          location.replace(root + codes[j] + "/search.html?q=" + encodeURIComponent(words));
          return true;
        }
      }
    }
    return false;
  }

  function redirectNotFound() {
    var el = document.querySelector(".not-found[data-redirect-locales]");
    if (!el) return;
    var codes = el.getAttribute("data-redirect-locales").split(" ");
    var root = el.getAttribute("data-root") || "/";
    if (searchUnknownHelpId(codes, root)) return;
    var current = (document.documentElement.lang || "").toLowerCase();
    var path = location.pathname;
    var wanted = [];
    if (path.lastIndexOf(root, 0) === 0) wanted.push(path.slice(root.length).split("/")[0]);
    wanted = wanted.concat(navigator.languages || [navigator.language || ""]);
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      for (var j = 0; j < codes.length; j++) {
        var code = codes[j].toLowerCase();
        if (tag === code || (i > 0 && tag.split("-")[0] === code.split("-")[0])) {
          if (code !== current) location.replace(root + codes[j] + "/404.html");
          return;
        }
      }
    }
  }

  // ---- Offline ------------------------------------------------------------------

  /* Whether the site's server can be reached, as the last probe found it.
   * navigator.onLine is believed only when it says false: it stays true on
   * captive Wi-Fi, on networks that drop our traffic and in some browsers
   * that emulate offline, so "online" is only what a real request shows.
   * null: not known yet (or file://, where there is nothing to ask). */
  var reachable = null;
  var workerReady = false;
  var PROBE_TIMEOUT = 4000;
  var REPROBE_OFFLINE = 30000;
  var probeTicket = 0;
  var reprobeTimer = 0;
  var updateEmbeds = function () {};

  function overHttp() {
    return location.protocol === "http:" || location.protocol === "https:";
  }

  /* The site's root folder: helpsite.js sits in it. */
  function siteRoot() {
    return script && script.src ? new URL("./", script.src) : null;
  }

  function isOffline() {
    return navigator.onLine === false || reachable === false;
  }

  function showStatus() {
    var el = document.querySelector(".offline-status");
    if (!el) return;
    // Offline is said wherever a worker saved some of the help; "available
    // offline" only once this page's locale is saved.
    var saving = overHttp() && "serviceWorker" in navigator && !!navigator.serviceWorker.controller;
    var text = isOffline() && (workerReady || saving) ? string("offline-now") : workerReady ? string("offline-ready") : "";
    el.textContent = text;
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
      reprobeTimer = setTimeout(function () {
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
    var root = siteRoot();
    if (!overHttp() || !root || typeof fetch !== "function") return;
    var ticket = ++probeTicket;
    if (navigator.onLine === false) return setReachable(false);
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () {
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
    var url = new URL("manifest.webmanifest", root);
    url.searchParams.set("helpsite-probe", String(Date.now()));
    fetch(url.href, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok || response.redirected) return false;
        return response.json().then(function (manifest) {
          return !!manifest && typeof manifest === "object" && typeof manifest.start_url === "string";
        });
      })
      .then(done, function () { done(false); });
  }

  function registerWorker() {
    // Service workers need http(s); from disk everything is local anyway.
    if (!overHttp()) return;
    var root = siteRoot();
    if (!("serviceWorker" in navigator) || !root) return;
    var manifest = document.createElement("link");
    manifest.rel = "manifest";
    manifest.href = new URL("manifest.webmanifest", root).href;
    document.head.appendChild(manifest);
    navigator.serviceWorker.register(new URL("sw.js", root).href).catch(function () {});
    navigator.serviceWorker.addEventListener("message", onWorkerMessage);
    // The worker saves the shell at install; then the reader's own locale,
    // up to the site's budget. Other pages are kept as they are visited.
    // "Available offline" shows once the worker says the locale is saved.
    function askToSave(worker) {
      if (worker && pageLocale) worker.postMessage({ type: "helpsite-save", locale: pageLocale });
    }
    navigator.serviceWorker.ready.then(function (registration) {
      askToSave(registration.active);
      setupSaveOffline(registration);
    });
    // A new version took over: it saves what the old one had, and says so.
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      askToSave(navigator.serviceWorker.controller);
    });
  }

  var pageLocale = document.documentElement.getAttribute("lang");
  var saveControl = null;

  function onWorkerMessage(event) {
    var data = event.data || {};
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
    var section = document.querySelector(".save-offline");
    if (!section || !registration.active) return;
    var button = section.querySelector(".save-offline-button");
    var progress = section.querySelector(".save-offline-progress");
    var status = section.querySelector(".save-offline-status");
    if (!button || !progress || !status) return;
    saveControl = {
      locale: section.getAttribute("data-locale"),
      button: button,
      progress: progress,
      status: status,
    };
    section.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = string("save-offline-saving");
      var worker = (navigator.serviceWorker.controller || registration.active);
      worker.postMessage({ type: "helpsite-save", locale: saveControl.locale, all: true });
    });
  }

  /* External embeds cannot play offline: show a placeholder with the link.
   * Over http(s) neither shows until the first probe has answered, so a
   * reader never sees the browser's error page in the frame; from disk
   * there is nothing to probe, and navigator.onLine decides. */
  function setupEmbeds() {
    var frames = document.querySelectorAll("main iframe[src]");
    var embeds = [];
    Array.prototype.forEach.call(frames, function (frame) {
      var url;
      try { url = new URL(frame.getAttribute("src"), location.href); } catch (e) { return; }
      if (url.protocol !== "http:" && url.protocol !== "https:") return;
      var p = document.createElement("p");
      p.className = "embed-offline";
      p.appendChild(document.createTextNode(string("embed-offline") + " "));
      var a = document.createElement("a");
      a.href = url.href;
      a.textContent = url.href;
      p.appendChild(a);
      frame.parentNode.insertBefore(p, frame.nextSibling);
      embeds.push([frame, p]);
    });
    var probed = overHttp() && !!siteRoot() && typeof fetch === "function";
    updateEmbeds = function () {
      var offline = isOffline();
      var known = !probed || offline || reachable !== null;
      embeds.forEach(function (e) {
        e[0].hidden = !known || offline;
        e[1].hidden = !known || !offline;
      });
    };
    updateEmbeds();
  }

  function start() {
    // The downloaded copy does not contain itself.
    if (location.protocol === "file:") {
      Array.prototype.forEach.call(document.querySelectorAll(".site-download"), function (el) { el.hidden = true; });
    }
    redirectNotFound();
    setupNavPanel();
    Array.prototype.forEach.call(document.querySelectorAll("form.site-search"), function (form) {
      if (form.hasAttribute("data-search-page")) setupSearchPage(form);
      else setupSearchBox(form);
    });
    setupEmbeds();
    function recheck() {
      showStatus();
      updateEmbeds();
      probe();
    }
    window.addEventListener("online", recheck);
    window.addEventListener("offline", recheck);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") probe();
    });
    registerWorker();
    probe();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // For tests and the curious: the same search the page runs.
  self.helpsite = { fold: fold, search: search, prepare: prepare };
})();
