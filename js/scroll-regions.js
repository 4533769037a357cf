/* A code snippet or table wider than the column scrolls in its own box,
 * and a keyboard can scroll only what it can focus: such a box joins the
 * tab order while it has something to scroll to, and leaves it when a
 * wider screen shows it whole. The theme's focus ring shows on it. */
function setupScrollRegions() {
  const boxes = Array.from(document.querySelectorAll("main pre, main table"));
  if (!boxes.length) return;
  function mark(box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("data-scroll-focus", "");
    } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-scroll-focus");
    }
  }
  // A box also changes size when a tab, zone or the window shows it.
  if (typeof ResizeObserver === "function") {
    const watcher = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
    boxes.forEach((box) => watcher.observe(box));
  } else {
    boxes.forEach(mark);
    window.addEventListener("resize", () => boxes.forEach(mark));
  }
}
