/* The page's UI strings, in its language: data attributes of one element. */
function string(name) {
  const el = document.getElementById("helpsite-strings");
  return (el && el.getAttribute("data-" + name)) || "";
}
