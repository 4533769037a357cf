/* Which language the reader wants, for every script that sends a reader
 * on to a language: the go/ pages, the root's language chooser and the
 * 404 page. They differ only in which wishes they ask and in what order. */

/* A malformed escape (`?lang=%E0`) is kept as written, not thrown on: the
 * reader must still be sent on. */
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text;
  }
}

/* The language the address asks for with `?lang=`, or null. */
function askedLanguage() {
  const asked = /[?&]lang=([^&#]*)/.exec(location.search);
  return asked ? decoded(asked[1]) : null;
}

/* The language the reader last chose on the site, or null (also when
 * storage is refused, as on some file:// setups). */
function savedLanguage() {
  try {
    return localStorage.getItem("helpsite-locale");
  } catch (e) {
    return null;
  }
}

function browserLanguages() {
  return Array.from(navigator.languages || [navigator.language || ""]);
}

/* The index in `codes` of the language the reader gets: the first wish
 * in `wanted` that names a code, whole or by its language alone ("nl-BE"
 * wants "nl", "nl" wants "nl-BE"); of the codes it names, the first.
 * Empty wishes are skipped. -1 when no wish names any code. */
function chooseLanguage(wanted, codes) {
  for (const wish of wanted) {
    if (!wish) continue;
    const tag = String(wish).toLowerCase();
    for (let j = 0; j < codes.length; j++) {
      const code = codes[j].toLowerCase();
      if (tag === code || tag.split("-")[0] === code.split("-")[0]) return j;
    }
  }
  return -1;
}
