/* DocFX tab groups as a WAI-ARIA tabs selector. Without this script
 * every panel shows, each under its own title. With it, one panel per
 * group shows; arrow keys, Home and End move between tabs. The reader's
 * choice is remembered across pages, and every group that offers the
 * chosen tab switches with it, as in DocFX. A tab with a condition
 * (`#tab/dotnet/linux`) shows only while its condition is chosen. */

function tabsOf(group) {
  return Array.from(group.querySelectorAll(":scope > ul > li > [role=tab]"));
}

// A tab for several choices names them joined by `+`, as in DocFX.
function choicesOf(tab) {
  return (tab.getAttribute("data-tab") || "").split("+");
}

function panelOf(tab) {
  return document.getElementById(tab.getAttribute("aria-controls"));
}

// The selected tab ids of the page, most recent choice first.
function apply(chosen) {
  const groups = document.querySelectorAll(".tabGroup.tabs-ready");
  const active = [];
  // Groups without conditions first, so dependent groups see their choice.
  const ordered = Array.from(groups).sort((a, b) => {
    return (a.querySelector("[data-condition]") ? 1 : 0) - (b.querySelector("[data-condition]") ? 1 : 0);
  });
  ordered.forEach((group) => {
    const tabs = tabsOf(group);
    const conditions = tabs.map((t) => t.getAttribute("data-condition"));
    const met = conditions.filter((c) => c && active.indexOf(c) >= 0)[0]
      || conditions.filter((c) => c)[0] || null;
    const visible = tabs.filter((t) => {
      const c = t.getAttribute("data-condition");
      return !c || c === met;
    });
    let pick = null;
    for (let i = 0; i < chosen.length && !pick; i++) {
      pick = visible.filter((t) => choicesOf(t).indexOf(chosen[i]) >= 0)[0] || null;
    }
    pick = pick || visible[0];
    tabs.forEach((t) => {
      const on = t === pick;
      t.parentNode.hidden = visible.indexOf(t) < 0;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      const panel = panelOf(t);
      if (panel) panel.hidden = !on;
    });
    if (pick) active.push.apply(active, choicesOf(pick));
  });
}

function choose(tab, focus) {
  const ids = choicesOf(tab);
  const chosen = ids.concat(load().filter((c) => ids.indexOf(c) < 0));
  save(chosen);
  apply(chosen);
  if (focus) tab.focus();
}

function onKey(event) {
  const tab = event.target.closest("[role=tab]");
  if (!tab) return;
  const tabs = tabsOf(tab.closest(".tabGroup")).filter((t) => !t.parentNode.hidden);
  const i = tabs.indexOf(tab);
  let next = null;
  switch (event.key) {
    case "ArrowRight": case "ArrowDown": next = tabs[(i + 1) % tabs.length]; break;
    case "ArrowLeft": case "ArrowUp": next = tabs[(i - 1 + tabs.length) % tabs.length]; break;
    case "Home": next = tabs[0]; break;
    case "End": next = tabs[tabs.length - 1]; break;
    case " ": next = tab; break;
    default: return;
  }
  event.preventDefault();
  choose(next, true);
}

function startTabs() {
  const groups = document.querySelectorAll(".tabGroup");
  if (!groups.length) return;
  groups.forEach((group) => {
    group.classList.add("tabs-ready");
    const list = group.querySelector(":scope > [role=tablist]");
    if (!list) return;
    list.addEventListener("click", (event) => {
      const tab = event.target.closest("[role=tab]");
      if (!tab) return;
      event.preventDefault();
      choose(tab, false);
    });
    list.addEventListener("keydown", onKey);
  });
  apply(load());
  openTarget();
  window.addEventListener("hashchange", openTarget);
}

// A link to a panel, or to something inside one, opens that panel.
function openTarget() {
  let id = "";
  // A malformed escape (`#%E0`) names no panel; it must not stop the page's script.
  try {
    id = location.hash && decodeURIComponent(location.hash.slice(1));
  } catch (e) {
    return;
  }
  const target = id && document.getElementById(id);
  const panel = target && target.closest("[role=tabpanel]");
  const tab = panel && document.getElementById(panel.getAttribute("aria-labelledby"));
  if (!tab) return;
  choose(tab, false);
  target.scrollIntoView();
}
