/* Zone pivots and monikers: `:::zone pivot="a,b"` blocks show for the
 * chosen pivot, `:::moniker range="…"` blocks for the chosen version. The choice is a group of radio
 * buttons (native arrow keys), remembered like tabs; without script every
 * zone and range shows under its label. */

function radios(holder, name, choices, current, onPick, titles) {
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  const label = document.createElement("span");
  label.className = "choice-label";
  label.id = name + "-label";
  label.textContent = holder.getAttribute("data-label") || "";
  group.setAttribute("aria-labelledby", label.id);
  holder.appendChild(label);
  choices.forEach((choice) => {
    const l = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = choice;
    input.checked = choice === current;
    input.addEventListener("change", () => {
      if (input.checked) onPick(choice);
    });
    l.appendChild(input);
    l.appendChild(document.createTextNode(" " + ((titles && titles[choice]) || choice)));
    group.appendChild(l);
  });
  holder.appendChild(group);
  holder.hidden = false;
}

function startPivots() {
  const zones = Array.from(document.querySelectorAll(".zone.has-pivot[data-pivot]"));
  const holders = document.querySelectorAll(".pivot-selector");
  if (!zones.length || !holders.length) return;
  // The page's pivot groups, when it names them; else the zones' own pivots.
  const listed = holders[0].getAttribute("data-choices");
  const pivots = listed ? listed.split(" ") : [];
  let titles = null;
  try {
    titles = JSON.parse(holders[0].getAttribute("data-titles") || "null");
  } catch (e) {
    titles = null;
  }
  if (!listed) {
    zones.forEach((z) => {
      z.getAttribute("data-pivot").split(" ").forEach((p) => {
        if (p && pivots.indexOf(p) < 0) pivots.push(p);
      });
    });
  }
  function show(pivot) {
    zones.forEach((z) => {
      z.hidden = z.getAttribute("data-pivot").split(" ").indexOf(pivot) < 0;
    });
    document.documentElement.classList.add("pivots-ready");
  }
  const chosen = load().filter((c) => pivots.indexOf(c) >= 0)[0] || pivots[0];
  radios(holders[0], "zone-pivot", pivots, chosen, (pivot) => {
    save([pivot].concat(load().filter((c) => c !== pivot)));
    show(pivot);
  }, titles);
  show(chosen);
}

// Whether `range` (`>= v2`, `v1 || v3`, `> v1 <= v3`) holds for `version`, by list order.
function inRange(range, version, list) {
  const at = list.indexOf(version);
  return range.split("||").some((part) => {
    const tokens = part.match(/(>=|<=|>|<|=)?\s*[^\s<>=|]+/g) || [];
    return tokens.length > 0 && tokens.every((t) => {
      const m = t.match(/^(>=|<=|>|<|=)?\s*(.+)$/);
      const i = list.indexOf(m[2]);
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
  const holder = document.querySelector(".moniker-selector[data-choices]");
  const blocks = Array.from(document.querySelectorAll(".moniker[data-moniker]"));
  if (!holder || !blocks.length) return;
  const list = holder.getAttribute("data-choices").split(" ");
  function show(version) {
    blocks.forEach((b) => {
      b.hidden = !inRange(b.getAttribute("data-moniker"), version, list);
    });
    document.documentElement.classList.add("monikers-ready");
  }
  const chosen = load().filter((c) => list.indexOf(c) >= 0)[0] || list[list.length - 1];
  radios(holder, "moniker", list, chosen, (version) => {
    save([version].concat(load().filter((c) => c !== version)));
    show(version);
  });
  show(chosen);
}

/* A page with several platform choosers (`op_single_selector`, each a
 * navigation landmark) names each one apart: "Choose your platform (2 of
 * 4)", from the page's localized pattern. */
function nameChoosers() {
  const navs = document.querySelectorAll("nav.op_single_selector");
  const strings = document.getElementById("helpsite-strings");
  const pattern = strings && strings.getAttribute("data-selector-numbered");
  if (navs.length < 2 || !pattern) return;
  navs.forEach((nav, i) => {
    nav.setAttribute("aria-label", pattern.replace("%n", String(i + 1)).replace("%c", String(navs.length)));
  });
}

function startAll() {
  nameChoosers();
  startTabs();
  startPivots();
  startMonikers();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
else startAll();
