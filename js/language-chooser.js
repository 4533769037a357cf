/* Sends the reader of the language chooser to the help in their browser's
 * language. A file of its own, not an inline script, so it runs under a
 * strict Content-Security-Policy; it reads the languages from the page's own
 * links, so no site data is ever written into script text. Works from disk. */

function chooseForReader() {
  const links = document.querySelectorAll("a[hreflang]");
  const codes = Array.from(links, (a) => a.getAttribute("hreflang"));
  const chosen = chooseLanguage([savedLanguage()].concat(browserLanguages()), codes);
  if (chosen >= 0) location.replace(links[chosen].getAttribute("href") + location.search + location.hash);
}

chooseForReader();
