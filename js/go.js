/* Sends readers on without a server: from go/<ID>.html (an app's link to a
 * help ID) to the page in their language, and from an old address to where
 * the page is now, keeping the #fragment. A file of its own, so it runs
 * under a strict Content-Security-Policy; it reads every target from the
 * page's own links, so no site data is written into script text. */

function sendOn() {
  const go = document.querySelector("[data-help-id]");
  if (!go) {
    // A redirect page: the meta refresh drops the #fragment, this keeps it.
    const canonical = document.querySelector("main.redirect a[href]");
    const href = canonical && canonical.getAttribute("href");
    if (href && location.hash && href.indexOf("#") < 0) location.replace(href + location.hash);
    return;
  }
  const links = go.querySelectorAll("a[hreflang]");
  const codes = Array.from(links, (a) => a.getAttribute("hreflang"));
  const wanted = [askedLanguage(), savedLanguage()].concat(browserLanguages(), [go.getAttribute("data-default-locale")]);
  const chosen = chooseLanguage(wanted, codes);
  if (chosen >= 0) location.replace(links[chosen].getAttribute("href") + location.hash);
}

sendOn();
