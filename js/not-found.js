/* The 404 page. The root 404 is in the default language; a reader of
 * another language gets that language's copy: the locale the missing
 * address names, else the browser's languages. The copy is shown in place,
 * so the address bar keeps what the reader typed. */

/* An app's link to a help ID this release does not have (go/<ID>.html)
 * gets the host's 404 page: search for the ID's words in the reader's
 * language instead. On file:// there is no 404 page to run this. */
function searchUnknownHelpId(codes, root) {
  const path = location.pathname;
  if (path.lastIndexOf(root, 0) !== 0) return false;
  const match = /^go\/([^\/]+)\.html$/.exec(path.slice(root.length));
  if (!match) return false;
  const words = decoded(match[1]).split(/[-_.\s]+/).join(" ").toLowerCase().trim();
  const wanted = [askedLanguage()].concat(browserLanguages(), [document.documentElement.lang || codes[0]]);
  const chosen = chooseLanguage(wanted, codes);
  if (chosen < 0) return false;
  const id = decoded(match[1]);
  location.replace(root + codes[chosen] + "/search.html?q=" + encodeURIComponent(words) + "&unknown-id=" + encodeURIComponent(id));
  return true;
}

/* Puts the 404 page at `url` in place of this one, then calls `then`
 * (which sets up the page's search box and the rest). Left as it is when
 * the copy cannot be had. */
function showNotFoundFrom(url, then) {
  fetch(url, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
    .then((html) => {
      const copy = new DOMParser().parseFromString(html, "text/html");
      if (!copy.body || !copy.querySelector(".not-found")) return;
      document.documentElement.lang = copy.documentElement.lang;
      document.title = copy.title;
      document.body.replaceWith(document.adoptNode(copy.body));
    })
    .catch(() => {})
    .then(then);
}

/* Calls `then` once the page is in the reader's language. */
function redirectNotFound(then) {
  const el = document.querySelector(".not-found[data-redirect-locales]");
  if (!el) return then();
  const codes = el.getAttribute("data-redirect-locales").split(" ");
  const root = el.getAttribute("data-root") || "/";
  // The search page is the place to be; nothing here needs setting up.
  if (searchUnknownHelpId(codes, root)) return;
  const current = (document.documentElement.lang || "").toLowerCase();
  const path = location.pathname;
  // The locale the address names counts only whole: /nl-be/x is no nl page.
  const named = path.lastIndexOf(root, 0) === 0 ? path.slice(root.length).split("/")[0].toLowerCase() : "";
  let chosen = named ? codes.findIndex((code) => code.toLowerCase() === named) : -1;
  if (chosen < 0) chosen = chooseLanguage(browserLanguages(), codes);
  if (chosen >= 0 && codes[chosen].toLowerCase() !== current) return showNotFoundFrom(root + codes[chosen] + "/404.html", then);
  then();
}
