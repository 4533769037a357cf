/* The search box in every page's header: results as the reader types. */

// Results the type-ahead shows, as src/search/select.rs's SHOWN.
const MAX_DROPDOWN = 8;
// Milliseconds without a keystroke before the type-ahead searches.
const TYPING_PAUSE = 120;

function setupSearchBox(form) {
  const input = form.querySelector("input[type=search]");
  const box = form.querySelector(".site-search-results");
  if (!input || !box) return;
  const base = form.getAttribute("data-base") || "";
  let pending = 0;
  // The query the reader closed the list on with Esc: coming back to the
  // box does not reopen it until they type.
  let dismissed = null;

  function close() {
    box.hidden = true;
  }

  function dismiss() {
    pending++;
    dismissed = input.value;
    close();
  }

  function links() {
    return Array.from(box.querySelectorAll("a"));
  }

  function show() {
    const query = input.value;
    const ticket = ++pending;
    if (!words(query).length) return close();
    find(form, query, false, MAX_DROPDOWN).then((found) => {
      if (ticket !== pending) return;
      clear(box);
      if (!found) {
        box.appendChild(paragraph(string("search-unavailable")));
      } else if (!found.results.length) {
        box.appendChild(paragraph(string("no-results") + " " + query));
      } else {
        const list = document.createElement("ul");
        list.className = "search-results-list";
        list.setAttribute("aria-label", string("results-label"));
        found.results.slice(0, MAX_DROPDOWN).forEach((r) => {
          const li = resultItem(found.index, base, r, found.matched);
          if (li) list.appendChild(li);
        });
        box.appendChild(list);
        const more = document.createElement("a");
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
  let typing = 0;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    dismissed = null;
    if (!words(input.value).length) {
      pending++;
      return close();
    }
    typing = setTimeout(show, TYPING_PAUSE);
  });
  input.addEventListener("focus", () => {
    openIndex(form);
    if (input.value && input.value !== dismissed) show();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && !box.hidden) {
      const l = links();
      if (l.length) {
        e.preventDefault();
        l[0].focus();
      }
    } else if (e.key === "Escape" && !box.hidden) {
      // The first Esc closes the list and keeps the query; with the list
      // closed, Esc is the search field's own: the browser clears it.
      e.preventDefault();
      clearTimeout(typing);
      dismiss();
    }
  });
  box.addEventListener("keydown", (e) => {
    const l = links();
    const at = l.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && at >= 0) {
      e.preventDefault();
      l[Math.min(at + 1, l.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      if (at === 0) input.focus();
      else l[at - 1].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      dismiss();
      input.focus();
    }
  });
  form.addEventListener("focusout", (e) => {
    if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
  });
}
