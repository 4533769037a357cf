/* Showing results, as text only: text from pages and from the reader is
 * never parsed as HTML. */

function isMatch(index, token, matched) {
  const f = fold(token);
  return matched.has(index.wordStems.has(f) ? index.wordStems.get(f) : f);
}

function appendHighlighted(parent, text, index, matched) {
  let last = 0;
  let m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) {
    if (isMatch(index, m[0], matched)) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/* About 200 characters around the first matched word. */
function snippetText(index, title, text, matched) {
  const from = text.lastIndexOf(title, 0) === 0 ? title.length : 0;
  let hit = -1;
  let m;
  WORD.lastIndex = from;
  while ((m = WORD.exec(text))) {
    if (isMatch(index, m[0], matched)) {
      hit = m.index;
      break;
    }
  }
  let start = from;
  if (hit - 60 > from) start = text.indexOf(" ", hit - 60) + 1 || hit;
  let end = Math.min(text.length, start + 200);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start + 100) end = space;
  }
  const piece = text.slice(start, end).trim();
  return (start > from ? "… " : "") + piece + (end < text.length ? " …" : "");
}

function resultItem(index, base, result, matched) {
  const doc = pageOf(index, result.doc);
  // Its page shard did not load (offline, and never saved): left out.
  if (!doc) return null;
  const li = document.createElement("li");
  li.className = "search-result";
  const a = document.createElement("a");
  a.href = base + doc[0];
  const title = document.createElement("span");
  title.className = "search-result-title";
  appendHighlighted(title, doc[1], index, matched);
  // The part of the site the page belongs to (its breadcrumb's section,
  // chosen at build time), when the index names one.
  if (doc[3]) {
    const section = document.createElement("span");
    section.className = "search-result-section";
    section.textContent = doc[3];
    a.appendChild(section);
  }
  const snippet = document.createElement("span");
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

function paragraph(text) {
  const p = document.createElement("p");
  p.className = "search-message";
  p.textContent = text;
  return p;
}
