// The search page shows this many results at a time, then "more".
const PAGE_SIZE = 10;

/* "28 results for “x”", in the page's language: the build renders the
 * Fluent message once per plural category, Intl.PluralRules picks one. */
function countText(n, query) {
  const lang = document.documentElement.lang || "en";
  let category = "other";
  try {
    category = new Intl.PluralRules(lang).select(n);
  } catch (e) {
    // An unknown language tag: the "other" form.
  }
  const pattern = string("count-" + category) || string("count-other");
  const shown = n.toLocaleString(lang);
  return pattern.replace("%n", () => shown).replace("%q", () => query);
}

/* The search page, <locale>/search.html?q=…: the header's box is its box.
 * Results come PAGE_SIZE at a time; typing updates them in place. */
function setupSearchPage(form) {
  const results = document.getElementById("search-page-results");
  const status = document.getElementById("search-page-status");
  const more = document.getElementById("search-page-more");
  const input = form.querySelector("input[type=search]");
  if (!results || !status || !input) return;
  const base = form.getAttribute("data-base") || "";
  const params = new URLSearchParams(location.search);
  const query = params.get("q") || "";
  input.value = query;
  const unknownId = document.getElementById("search-page-unknown-id");
  // An app's link to a help ID this release lacks landed here (not-found.js).
  if (unknownId && params.get("unknown-id")) {
    const id = params.get("unknown-id");
    const pattern = unknownId.getAttribute("data-pattern") || "";
    unknownId.textContent = pattern.replace("%i", () => id).replace("%q", () => query);
    unknownId.hidden = false;
  }
  let found = null;
  let index = null;
  let shown = 0;
  let ticket = 0;

  function keepQuery(q) {
    document.querySelectorAll("a[data-keep-query]").forEach((a) => {
      const href = a.getAttribute("href").split("?")[0];
      a.href = q ? href + "?q=" + encodeURIComponent(q) : href;
    });
  }

  /* Shows the next PAGE_SIZE results, whose pages are loaded, and
   * starts loading the pages of the ones after them, so that "more"
   * answers at once. */
  function showMore() {
    const next = found.results.slice(shown, shown + PAGE_SIZE);
    let first = null;
    next.forEach((r) => {
      const li = resultItem(index, base, r, found.matched);
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
    const mine = ++ticket;
    // The notice speaks of the ID's words only.
    if (unknownId && q !== query) unknownId.hidden = true;
    keepQuery(q);
    clear(results);
    if (more) more.hidden = true;
    if (!words(q).length) {
      status.textContent = string("search-hint");
      return;
    }
    find(form, q, true, PAGE_SIZE).then((result) => {
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
    more.addEventListener("click", () => {
      const mine = ticket;
      const next = found.results.slice(shown, shown + PAGE_SIZE);
      function reveal() {
        if (mine !== ticket) return;
        const first = showMore();
        // Keyboard and screen-reader users continue at the first new result.
        const link = first && first.querySelector("a");
        if (link) link.focus();
      }
      if (pagesLoaded(index, next)) reveal();
      else loadPages(index, next).then(reveal);
    });
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  input.addEventListener("input", () => {
    history.replaceState(null, "", input.value ? "?q=" + encodeURIComponent(input.value) : location.pathname);
    run(input.value);
  });
  run(query);
}
