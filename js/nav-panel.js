/* The navigation panel is collapsed on phones (the article comes first)
 * and always open on wide screens, where its summary is hidden. */
function setupNavPanel() {
  const panel = document.querySelector("details.nav-panel");
  if (!panel || !window.matchMedia) return;
  const wide = window.matchMedia("(min-width: 60em)");
  function apply() {
    if (wide.matches) panel.open = true;
  }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
}
