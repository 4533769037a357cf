/* helpsite: DocFX tab groups as a WAI-ARIA tabs selector, and the choice of
 * zone pivot and version (moniker) further down.
 * Without this script every panel shows, each under its own title. With it,
 * one panel per group shows; arrow keys, Home and End move between tabs.
 * The reader's choice is remembered across pages (localStorage, or only for
 * this page when storage is refused, e.g. on some file:// setups), and every
 * group that offers the chosen tab switches with it, as in DocFX. A tab with a
 * condition (`#tab/dotnet/linux`) shows only while its condition is chosen. */
(function () {
  "use strict";

  var KEY = "helpsite-tabs";
  var memory = [];

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      if (Array.isArray(saved)) return saved.filter(function (s) { return typeof s === "string"; });
    } catch (e) { /* storage refused: remember for this page only */ }
    return memory.slice();
  }

  function save(chosen) {
    memory = chosen.slice(0, 32);
    try { window.localStorage.setItem(KEY, JSON.stringify(memory)); } catch (e) { /* fails soft */ }
  }

  function tabsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll(":scope > ul > li > [role=tab]"));
  }

  function panelOf(tab) {
    return document.getElementById(tab.getAttribute("aria-controls"));
  }

  // The selected tab ids of the page, most recent choice first.
  function apply(chosen) {
    var groups = document.querySelectorAll(".tabGroup.tabs-ready");
    var active = [];
    // Groups without conditions first, so dependent groups see their choice.
    var ordered = Array.prototype.slice.call(groups).sort(function (a, b) {
      return (a.querySelector("[data-condition]") ? 1 : 0) - (b.querySelector("[data-condition]") ? 1 : 0);
    });
    ordered.forEach(function (group) {
      var tabs = tabsOf(group);
      var conditions = tabs.map(function (t) { return t.getAttribute("data-condition"); });
      var met = conditions.filter(function (c) { return c && active.indexOf(c) >= 0; })[0]
        || conditions.filter(function (c) { return c; })[0] || null;
      var visible = tabs.filter(function (t) {
        var c = t.getAttribute("data-condition");
        return !c || c === met;
      });
      var pick = null;
      for (var i = 0; i < chosen.length && !pick; i++) {
        pick = visible.filter(function (t) { return t.getAttribute("data-tab") === chosen[i]; })[0] || null;
      }
      pick = pick || visible[0];
      tabs.forEach(function (t) {
        var on = t === pick;
        t.parentNode.hidden = visible.indexOf(t) < 0;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var panel = panelOf(t);
        if (panel) panel.hidden = !on;
      });
      if (pick) active.push(pick.getAttribute("data-tab"));
    });
  }

  function choose(tab, focus) {
    var id = tab.getAttribute("data-tab");
    var chosen = [id].concat(load().filter(function (c) { return c !== id; }));
    save(chosen);
    apply(chosen);
    if (focus) tab.focus();
  }

  function onKey(event) {
    var tab = event.target.closest("[role=tab]");
    if (!tab) return;
    var tabs = tabsOf(tab.closest(".tabGroup")).filter(function (t) { return !t.parentNode.hidden; });
    var i = tabs.indexOf(tab);
    var next = null;
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

  function start() {
    var groups = document.querySelectorAll(".tabGroup");
    if (!groups.length) return;
    Array.prototype.forEach.call(groups, function (group) {
      group.classList.add("tabs-ready");
      var list = group.querySelector(":scope > [role=tablist]");
      if (!list) return;
      list.addEventListener("click", function (event) {
        var tab = event.target.closest("[role=tab]");
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
    var id = "";
    // A malformed escape (`#%E0`) names no panel; it must not stop the page's script.
    try { id = location.hash && decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    var panel = target && target.closest("[role=tabpanel]");
    var tab = panel && document.getElementById(panel.getAttribute("aria-labelledby"));
    if (!tab) return;
    choose(tab, false);
    target.scrollIntoView();
  }

  // ---- Zone pivots and monikers ---------------------------------------------
  // `:::zone pivot="a,b"` blocks show for the chosen pivot, `:::moniker
  // range="…"` blocks for the chosen version. The choice is a group of radio
  // buttons (native arrow keys), remembered like tabs; without script every
  // zone and range shows under its label.

  function radios(holder, name, choices, current, onPick, titles) {
    var group = document.createElement("div");
    group.setAttribute("role", "radiogroup");
    var label = document.createElement("span");
    label.className = "choice-label";
    label.id = name + "-label";
    label.textContent = holder.getAttribute("data-label") || "";
    group.setAttribute("aria-labelledby", label.id);
    holder.appendChild(label);
    choices.forEach(function (choice) {
      var l = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      input.value = choice;
      input.checked = choice === current;
      input.addEventListener("change", function () { if (input.checked) onPick(choice); });
      l.appendChild(input);
      l.appendChild(document.createTextNode(" " + ((titles && titles[choice]) || choice)));
      group.appendChild(l);
    });
    holder.appendChild(group);
    holder.hidden = false;
  }

  function startPivots() {
    var zones = Array.prototype.slice.call(document.querySelectorAll(".zone.has-pivot[data-pivot]"));
    var holders = document.querySelectorAll(".pivot-selector");
    if (!zones.length || !holders.length) return;
    // The page's pivot groups, when it names them; else the zones' own pivots.
    var listed = holders[0].getAttribute("data-choices");
    var pivots = listed ? listed.split(" ") : [];
    var titles = null;
    try { titles = JSON.parse(holders[0].getAttribute("data-titles") || "null"); } catch (e) { titles = null; }
    if (!listed) {
      zones.forEach(function (z) {
        z.getAttribute("data-pivot").split(" ").forEach(function (p) { if (p && pivots.indexOf(p) < 0) pivots.push(p); });
      });
    }
    var show = function (pivot) {
      zones.forEach(function (z) { z.hidden = z.getAttribute("data-pivot").split(" ").indexOf(pivot) < 0; });
      document.documentElement.classList.add("pivots-ready");
    };
    var chosen = load().filter(function (c) { return pivots.indexOf(c) >= 0; })[0] || pivots[0];
    radios(holders[0], "zone-pivot", pivots, chosen, function (pivot) {
      save([pivot].concat(load().filter(function (c) { return c !== pivot; })));
      show(pivot);
    }, titles);
    show(chosen);
  }

  // Whether `range` (`>= v2`, `v1 || v3`, `> v1 <= v3`) holds for `version`, by list order.
  function inRange(range, version, list) {
    var at = list.indexOf(version);
    return range.split("||").some(function (part) {
      var tokens = part.match(/(>=|<=|>|<|=)?\s*[^\s<>=|]+/g) || [];
      return tokens.length > 0 && tokens.every(function (t) {
        var m = t.match(/^(>=|<=|>|<|=)?\s*(.+)$/);
        var i = list.indexOf(m[2]);
        if (i < 0) return false;
        switch (m[1]) {
          case ">=": return at >= i;
          case "<=": return at <= i;
          case ">": return at > i;
          case "<": return at < i;
          default: return at === i;
        }
      });
    });
  }

  function startMonikers() {
    var holder = document.querySelector(".moniker-selector[data-choices]");
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".moniker[data-moniker]"));
    if (!holder || !blocks.length) return;
    var list = holder.getAttribute("data-choices").split(" ");
    var show = function (version) {
      blocks.forEach(function (b) { b.hidden = !inRange(b.getAttribute("data-moniker"), version, list); });
      document.documentElement.classList.add("monikers-ready");
    };
    var chosen = load().filter(function (c) { return list.indexOf(c) >= 0; })[0] || list[list.length - 1];
    radios(holder, "moniker", list, chosen, function (version) {
      save([version].concat(load().filter(function (c) { return c !== version; })));
      show(version);
    });
    show(chosen);
  }

  function startAll() {
    start();
    startPivots();
    startMonikers();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
