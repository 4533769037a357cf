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

// Characters of a heading shown under a result's title.
const HEADING_CHARS = 120;
// Words added to a section's length when comparing densities, so that a
// heading with one matching word and nothing under it does not outweigh
// a section that discusses the words.
const DENSITY_SLACK = 20;

/* About 200 characters of text[from, to) around its first matched word. */
function snippetText(index, text, matched, from, to) {
  let hit = -1;
  let m;
  WORD.lastIndex = from;
  while ((m = WORD.exec(text)) && m.index < to) {
    if (isMatch(index, m[0], matched)) {
      hit = m.index;
      break;
    }
  }
  let start = from;
  if (hit - 60 > from) start = text.indexOf(" ", hit - 60) + 1 || hit;
  let end = Math.min(to, start + 200);
  if (end < to) {
    const space = text.lastIndexOf(" ", end);
    if (space > start + 100) end = space;
  }
  const piece = text.slice(start, end).trim();
  return (start > from ? "… " : "") + piece + (end < to ? " …" : "");
}

/* The page's sections: the part before its first heading (no id), then
 * one per heading its page shard lists ([start, id, length] in the text,
 * see src/search/sections.rs), each up to the next. */
function sectionsOf(doc) {
  const text = doc[2];
  const sections = [{ start: 0, end: text.length, id: "", heading: null }];
  (Array.isArray(doc[4]) ? doc[4] : []).forEach((h) => {
    const last = sections[sections.length - 1];
    const start = h[0];
    const end = Math.min(text.length, start + h[2]);
    // Out of order or out of the text: not from this build's index.
    if (!(start >= last.start && start < end) || typeof h[1] !== "string") return;
    last.end = start;
    sections.push({ start, end: text.length, id: h[1], heading: [start, end] });
  });
  return sections;
}

/* The section where the words that scored are densest: most distinct
 * stems, then most matches per word, then the first to match. The part
 * before the first heading when no heading's section matches. */
function bestSection(index, doc, scored) {
  const sections = sectionsOf(doc);
  if (sections.length === 1) return sections[0];
  const text = doc[2];
  const tally = sections.map(() => ({ stems: new Set(), hits: 0, words: 0 }));
  // A long page repeats its words: each spelling is folded once.
  const stemOf = new Map();
  let at = 0;
  let m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) {
    while (at + 1 < sections.length && m.index >= sections[at + 1].start) at++;
    const t = tally[at];
    t.words++;
    let stem = stemOf.get(m[0]);
    if (stem === undefined) {
      const f = fold(m[0]);
      stem = index.wordStems.has(f) ? index.wordStems.get(f) : f;
      stemOf.set(m[0], stem);
    }
    if (scored.has(stem)) {
      t.stems.add(stem);
      t.hits++;
    }
  }
  let best = 0;
  let bestDensity = -1;
  tally.forEach((t, i) => {
    if (!t.hits) return;
    const density = t.hits / (t.words + DENSITY_SLACK);
    const stems = t.stems.size;
    const bestStems = tally[best].stems.size;
    if (bestDensity < 0 || stems > bestStems || (stems === bestStems && density > bestDensity)) {
      best = i;
      bestDensity = density;
    }
  });
  return sections[best];
}

/* "Page title › Section heading": the heading of the section the result
 * links to, read from the page's text. The arrow is decoration; screen
 * readers hear a pause instead. */
function headingElement(index, doc, section, matched) {
  let text = doc[2].slice(section.heading[0], section.heading[1]);
  // Cut by characters, not UTF-16 units, so no emoji is cut in half.
  const chars = Array.from(text);
  if (chars.length > HEADING_CHARS) text = chars.slice(0, HEADING_CHARS).join("").trim() + "…";
  const el = document.createElement("span");
  el.className = "search-result-heading";
  const arrow = document.createElement("span");
  arrow.setAttribute("aria-hidden", "true");
  arrow.textContent = " › ";
  const pause = document.createElement("span");
  pause.className = "hs-visually-hidden";
  pause.textContent = ", ";
  el.appendChild(arrow);
  el.appendChild(pause);
  appendHighlighted(el, text, index, matched);
  return el;
}

/* One result, linked into the section where its words are densest.
 * `matched` is every stem the query matched; the result's own
 * `result.scored`, the stems that added to its score, is what is marked
 * when the ranking gives it. */
function resultItem(index, base, result, matched) {
  const doc = pageOf(index, result.doc);
  // Its page shard did not load (offline, and never saved): left out.
  if (!doc) return null;
  const scored = result.scored && typeof result.scored.has === "function" ? result.scored : matched;
  const text = doc[2];
  const section = bestSection(index, doc, scored);
  const li = document.createElement("li");
  li.className = "search-result";
  const a = document.createElement("a");
  a.href = base + doc[0] + (section.id ? "#" + section.id : "");
  const title = document.createElement("span");
  title.className = "search-result-title";
  appendHighlighted(title, doc[1], index, scored);
  if (section.heading) title.appendChild(headingElement(index, doc, section, scored));
  // The part of the site the page belongs to (its breadcrumb's section,
  // chosen at build time), when the index names one.
  if (doc[3]) {
    const part = document.createElement("span");
    part.className = "search-result-section";
    part.textContent = doc[3];
    a.appendChild(part);
  }
  // The snippet comes from under the heading; the top part of the page
  // skips its title when the text repeats it.
  let from = section.heading ? section.heading[1] : text.lastIndexOf(doc[1], 0) === 0 ? doc[1].length : 0;
  if (from >= section.end) from = section.start;
  const snippet = document.createElement("span");
  snippet.className = "search-result-snippet";
  appendHighlighted(snippet, snippetText(index, text, scored, from, section.end), index, scored);
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
