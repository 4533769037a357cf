/* helpsite: search as you type, the search page, offline support and
 * placeholders for external embeds. Works from file:// as well as from a
 * server: the search index is plain scripts, loaded on demand.
 * Text from pages and from the reader is only ever inserted as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  // Word characters and folding must match src/search/mod.rs.
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;
  var MARK = /\p{M}/gu;
  var MAX_DROPDOWN = 8;
  // Milliseconds without a keystroke before the type-ahead searches.
  var TYPING_PAUSE = 120;
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

  // ---- The index: a small top level, and shards loaded on demand -----------
  /* Every file of the index is a script that assigns its data to
   * self.helpsiteSearch[key]; a <script> element loads it (fetch fails on
   * file://). The top level names the shard folder and the first key of
   * each term shard; term shards hold words, stems and a few postings;
   * heads the best postings of common stems, tails the rest; page shards
   * the pages' text. The steps match src/search/select.rs, which counts
   * what a query loads. */

  var scripts = {};

  function loadScript(key, src) {
    var all = (self.helpsiteSearch = self.helpsiteSearch || {});
    if (all[key]) return Promise.resolve(all[key]);
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve) {
        var el = document.createElement("script");
        el.src = src;
        el.onload = el.onerror = function () {
          var data = (self.helpsiteSearch || {})[key] || null;
          // Offline now need not mean offline later: try again next time.
          if (!data) delete scripts[src];
          resolve(data);
        };
        document.head.appendChild(el);
      });
    }
    return scripts[src];
  }

  var indexes = {};

  /* The locale's index, or null when its top level cannot load. */
  function openIndex(form) {
    var locale = form.getAttribute("data-locale");
    var src = form.getAttribute("data-index");
    if (!indexes[locale]) {
      indexes[locale] = loadScript(locale, src).then(function (top) {
        if (!top || !top.terms) {
          delete indexes[locale];
          return null;
        }
        return {
          top: top,
          locale: locale,
          dir: src.slice(0, src.lastIndexOf("/") + 1) + top.dir,
          shards: {},
          pages: {},
          // Every word → stem and every stem seen so far, for highlighting.
          wordStems: new Map(),
          stems: new Set()
        };
      });
    }
    return indexes[locale];
  }

  function shardFile(index, name) {
    return loadScript(index.locale + "/" + name, index.dir + name + ".js");
  }

  /* The term shard whose stretch of the vocabulary holds `key`. */
  function shardFor(index, key) {
    var terms = index.top.terms;
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] <= key) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  function termShard(index, i) {
    if (index.shards[i]) return Promise.resolve(index.shards[i]);
    return shardFile(index, "t" + i).then(function (data) {
      if (index.shards[i] || !data) return index.shards[i] || null;
      var shard = { words: new Map(), postings: new Map(), surfaces: [] };
      data.w.forEach(function (e) {
        shard.words.set(e[0], e[1]);
        shard.surfaces.push(e);
        index.wordStems.set(e[0], e[1]);
      });
      data.p.forEach(function (e) {
        shard.postings.set(e[0], { short: e[1], head: e[2], tail: e[3] });
        shard.surfaces.push([e[0], e[0]]);
        index.stems.add(e[0]);
      });
      shard.surfaces.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
      index.shards[i] = shard;
      return shard;
    });
  }

  function termShards(index, list) {
    return Promise.all(list.map(function (i) { return termShard(index, i); }));
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
    var at = shardFor(index, word);
    var near = [at];
    var next = index.top.terms[at + 1];
    if (next !== undefined && next.lastIndexOf(word, 0) === 0) near.push(at + 1);
    var exact = new Set();
    var prefix = new Set();
    return termShards(index, near).then(function (shards) {
      shards.forEach(function (shard) {
        if (!shard) return;
        if (shard.words.has(word)) exact.add(shard.words.get(word));
        if (shard.postings.has(word)) exact.add(word);
      });
      if (exact.size) return;
      var candidates = [];
      for (var len = word.length - 1; len >= Math.max(3, Math.ceil(word.length * 0.6)); len--) candidates.push(word.slice(0, len));
      // One by one, longest first: most words stop at the first.
      var tryNext = function (k) {
        if (k >= candidates.length) return null;
        return termShard(index, shardFor(index, candidates[k])).then(function (shard) {
          if (shard && shard.postings.has(candidates[k])) exact.add(candidates[k]);
          else return tryNext(k + 1);
        });
      };
      return tryNext(0);
    }).then(function () {
      if (word.length >= 2) {
        var s = [];
        near.forEach(function (i) { if (index.shards[i]) s = s.concat(index.shards[i].surfaces); });
        s.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
        for (var i = firstAtOrAfter(s, word), n = 0; i < s.length && n < 200 && s[i][0].lastIndexOf(word, 0) === 0; i++, n++) {
          if (!exact.has(s[i][1])) prefix.add(s[i][1]);
        }
      }
      return { exact: exact, prefix: prefix };
    });
  }

  /* The postings of a stem: for a prefix, the few in its term shard; for a
   * word typed whole, its head file's best ones; with `full`, all. */
  function postingsOf(index, stem, exact, full) {
    return termShard(index, shardFor(index, stem)).then(function (shard) {
      var entry = shard && shard.postings.get(stem);
      if (!entry) return [];
      if (!entry.head || !(exact || full)) return entry.short;
      return shardFile(index, entry.head).then(function (head) {
        head = head || entry.short;
        if (!full || !entry.tail) return head;
        return shardFile(index, entry.tail).then(function (tail) {
          return tail ? head.concat(tail) : head;
        });
      });
    });
  }

  /* Best score per page for a set of stems. */
  function bestScores(index, stems, exact, full) {
    return Promise.all(Array.from(stems).map(function (stem) { return postingsOf(index, stem, exact, full); })).then(function (lists) {
      var into = new Map();
      lists.forEach(function (list) {
        for (var i = 0; i < list.length; i += 2) {
          if (!(into.get(list[i]) >= list[i + 1])) into.set(list[i], list[i + 1]);
        }
      });
      return into;
    });
  }

  /* Pages with every word first, then pages where more words match whole
   * (not only as the beginning of a longer word), then by score. The
   * type-ahead ranks the best postings of each word; `full` (the search
   * page) ranks them all. */
  function search(index, query, full) {
    var typed = [];
    words(query).forEach(function (w) {
      w = fold(w);
      if (typed.indexOf(w) < 0) typed.push(w);
    });
    var matched = new Set();
    var scores = new Map();
    function add(doc, score, whole) {
      var e = scores.get(doc) || { doc: doc, score: 0, hits: 0, whole: 0 };
      e.score += score;
      e.hits += 1;
      e.whole += whole;
      scores.set(doc, e);
    }
    return Promise.all(typed.map(function (word) {
      return stemsFor(index, word).then(function (stems) {
        stems.exact.forEach(function (s) { matched.add(s); });
        stems.prefix.forEach(function (s) { matched.add(s); });
        return Promise.all([bestScores(index, stems.exact, true, full), bestScores(index, stems.prefix, false, full)]);
      });
    })).then(function (perWord) {
      perWord.forEach(function (pair) {
        var exact = pair[0];
        exact.forEach(function (v, doc) { add(doc, v, 1); });
        pair[1].forEach(function (v, doc) { if (!exact.has(doc)) add(doc, v * 0.5, 0); });
      });
      var all = Array.from(scores.values());
      var complete = all.filter(function (r) { return r.hits === typed.length; });
      var results = complete.length ? complete : all;
      results.sort(function (a, b) { return b.hits - a.hits || b.whole - a.whole || b.score - a.score || a.doc - b.doc; });
      return { words: typed, matched: matched, results: results };
    });
  }

  /* Loads the page shards that `results` need; resolves when they are there. */
  function loadPages(index, results) {
    var per = index.top.per;
    var wanted = [];
    results.forEach(function (r) {
      var n = Math.floor(r.doc / per);
      if (!index.pages[n] && wanted.indexOf(n) < 0) wanted.push(n);
    });
    return Promise.all(wanted.map(function (n) {
      return shardFile(index, "d" + n).then(function (data) {
        if (data) index.pages[n] = data;
      });
    }));
  }

  function pageOf(index, doc) {
    var shard = index.pages[Math.floor(doc / index.top.per)];
    return shard && shard[doc % index.top.per];
  }

  function pagesLoaded(index, results) {
    return results.every(function (r) { return pageOf(index, r.doc); });
  }

  /* The whole query: the index, the ranking, and the pages of the first
   * `show` results. Resolves to null when the index cannot load. */
  function find(form, query, full, show) {
    return openIndex(form).then(function (index) {
      if (!index) return null;
      return search(index, query, full).then(function (found) {
        found.index = index;
        return loadPages(index, found.results.slice(0, show)).then(function () { return found; });
      });
    });
  }

  // ---- Showing results, as text only ------------------------------------------

  function isMatch(index, token, matched) {
    var f = fold(token);
    return matched.has(index.wordStems.has(f) ? index.wordStems.get(f) : f);
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
    var doc = pageOf(index, result.doc);
    // Its page shard did not load (offline, and never saved): left out.
    if (!doc) return null;
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
      find(form, query, false, MAX_DROPDOWN).then(function (found) {
        if (ticket !== pending) return;
        clear(box);
        if (!found) {
          box.appendChild(paragraph(string("search-unavailable")));
        } else if (!found.results.length) {
          box.appendChild(paragraph(string("no-results") + " " + query));
        } else {
          var list = document.createElement("ul");
          list.className = "search-results-list";
          list.setAttribute("aria-label", string("results-label"));
          found.results.slice(0, MAX_DROPDOWN).forEach(function (r) {
            var li = resultItem(found.index, base, r, found.matched);
            if (li) list.appendChild(li);
          });
          box.appendChild(list);
          var more = document.createElement("a");
          more.className = "search-all-results";
          more.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
          more.textContent = string("all-results") + " (" + found.results.length + ")";
          box.appendChild(more);
        }
        box.hidden = false;
      });
    }

    // Each query may load index shards: while the reader is still typing,
    // wait for a pause, so a word typed letter by letter loads once.
    var typing = 0;
    input.addEventListener("input", function () {
      clearTimeout(typing);
      if (!words(input.value).length) {
        pending++;
        return close();
      }
      typing = setTimeout(show, TYPING_PAUSE);
    });
    input.addEventListener("focus", function () {
      openIndex(form);
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

    /* Shows the next PAGE_SIZE results, whose pages are loaded, and
     * starts loading the pages of the ones after them, so that "more"
     * answers at once. */
    function showMore() {
      var next = found.results.slice(shown, shown + PAGE_SIZE);
      var first = null;
      next.forEach(function (r) {
        var li = resultItem(index, base, r, found.matched);
        if (!li) return;
        first = first || li;
        results.appendChild(li);
      });
      shown += next.length;
      if (more) more.hidden = shown >= found.results.length;
      loadPages(index, found.results.slice(shown, shown + PAGE_SIZE));
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
      find(form, q, true, PAGE_SIZE).then(function (result) {
        if (mine !== ticket) return;
        clear(results);
        if (!result) {
          status.textContent = string("search-unavailable");
          return;
        }
        index = result.index;
        found = result;
        shown = 0;
        status.textContent = found.results.length ? countText(found.results.length, q) : string("no-results") + " " + q;
        showMore();
      });
    }

    if (more) {
      more.addEventListener("click", function () {
        var mine = ticket;
        var next = found.results.slice(shown, shown + PAGE_SIZE);
        function reveal() {
          if (mine !== ticket) return;
          var first = showMore();
          // Keyboard and screen-reader users continue at the first new result.
          var link = first && first.querySelector("a");
          if (link) link.focus();
        }
        if (pagesLoaded(index, next)) reveal();
        else loadPages(index, next).then(reveal);
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
  /* A malformed escape in the address (`%E0`) is kept as written: throwing
   * would leave the reader on the 404 page. */
  function decoded(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function searchUnknownHelpId(codes, root) {
    var path = location.pathname;
    if (path.lastIndexOf(root, 0) !== 0) return false;
    var match = /^go\/([^\/]+)\.html$/.exec(path.slice(root.length));
    if (!match) return false;
    var words = decoded(match[1]).split(/[-_.\s]+/).join(" ").toLowerCase().trim();
    var forced = /[?&]lang=([^&#]*)/.exec(location.search);
    var wanted = (forced ? [decoded(forced[1])] : [])
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
  self.helpsite = { fold: fold, find: find };
})();
