/* Sends the reader of the language chooser to the help in their browser's
   language. A file of its own, not an inline script, so it runs under a
   strict Content-Security-Policy; it reads the languages from the page's own
   links, so no site data is ever written into script text. Works from disk. */
(function () {
  var links = document.querySelectorAll("a[hreflang]");
  var wanted = [];
  try { var saved = localStorage.getItem("helpsite-locale"); if (saved) wanted.push(saved); } catch (e) {}
  wanted = wanted.concat(navigator.languages || [navigator.language || ""]);
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    for (var j = 0; j < links.length; j++) {
      var code = links[j].getAttribute("hreflang").toLowerCase();
      if (tag === code || tag.split("-")[0] === code.split("-")[0]) {
        location.replace(links[j].getAttribute("href") + location.search + location.hash);
        return;
      }
    }
  }
})();
