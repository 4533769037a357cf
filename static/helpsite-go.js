/* Sends readers on without a server: from go/<ID>.html (an app's link to a
   help ID) to the page in their language, and from an old address to where
   the page is now, keeping the #fragment. A file of its own, so it runs
   under a strict Content-Security-Policy; it reads every target from the
   page's own links, so no site data is written into script text. */
(function () {
  var go = document.querySelector("[data-help-id]");
  if (!go) {
    // A redirect page: the meta refresh drops the #fragment, this keeps it.
    var canonical = document.querySelector("main.redirect a[href]");
    var href = canonical && canonical.getAttribute("href");
    if (href && location.hash && href.indexOf("#") < 0) location.replace(href + location.hash);
    return;
  }
  // A malformed escape (`?lang=%E0`) is kept as written, not thrown on:
  // the reader must still be sent on.
  function decoded(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }
  var links = go.querySelectorAll("a[hreflang]");
  var wanted = [];
  var forced = /[?&]lang=([^&#]*)/.exec(location.search);
  if (forced) wanted.push(decoded(forced[1]));
  try { var saved = localStorage.getItem("helpsite-locale"); if (saved) wanted.push(saved); } catch (e) {}
  wanted = wanted.concat(navigator.languages || [navigator.language || ""]);
  wanted.push(go.getAttribute("data-default-locale") || "");
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    if (!tag) continue;
    for (var j = 0; j < links.length; j++) {
      var code = links[j].getAttribute("hreflang").toLowerCase();
      if (tag === code || tag.split("-")[0] === code.split("-")[0]) {
        location.replace(links[j].getAttribute("href") + location.hash);
        return;
      }
    }
  }
})();
