/* What the reader chose (tabs, zone pivots, versions), most recent first,
 * remembered across pages in localStorage, or only for this page when
 * storage is refused, e.g. on some file:// setups. */

const KEY = "helpsite-tabs";
let memory = [];

function load() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(KEY) || "[]");
    if (Array.isArray(saved)) return saved.filter((s) => typeof s === "string");
  } catch (e) {
    // Storage refused: remembered for this page only.
  }
  return memory.slice();
}

function save(chosen) {
  memory = chosen.slice(0, 32);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(memory));
  } catch (e) {
    // Fails soft: `memory` still holds it.
  }
}
