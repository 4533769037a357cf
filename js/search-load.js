/* Loading a locale's index into the page. Every file of the index is a
 * script that assigns its data to self.helpsiteSearch[key], loaded with a
 * <script> element: fetch fails on file://. */

const scripts = {};

function loadScript(key, src) {
  const all = (self.helpsiteSearch = self.helpsiteSearch || {});
  if (all[key]) return Promise.resolve(all[key]);
  if (!scripts[src]) {
    scripts[src] = new Promise((resolve) => {
      const el = document.createElement("script");
      el.src = src;
      el.onload = el.onerror = () => {
        const data = (self.helpsiteSearch || {})[key] || null;
        // Offline now need not mean offline later: try again next time.
        if (!data) delete scripts[src];
        resolve(data);
      };
      document.head.appendChild(el);
    });
  }
  return scripts[src];
}

const indexes = {};

/* The index of the search form's locale, or null when its top level
 * cannot load. */
function openIndex(form) {
  const locale = form.getAttribute("data-locale");
  const src = form.getAttribute("data-index");
  if (!indexes[locale]) {
    indexes[locale] = loadScript(locale, src).then((top) => {
      if (!top || !top.terms) {
        delete indexes[locale];
        return null;
      }
      return openedIndex(locale, src, top, loadScript);
    });
  }
  return indexes[locale];
}

/* The whole query: the index, the ranking, and the pages of the first
 * `show` results. Resolves to null when the index cannot load. */
function find(form, query, full, show) {
  return openIndex(form).then((index) => {
    if (!index) return null;
    return search(index, query, full).then((found) => {
      found.index = index;
      return loadPages(index, found.results.slice(0, show)).then(() => found);
    });
  });
}
