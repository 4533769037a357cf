/* Shows or hides the embeds' placeholders; the embeds set it up. */
let updateEmbeds = () => {};

/* External embeds cannot play offline: show a placeholder with the link.
 * Over http(s) neither shows until the first probe has answered, so a
 * reader never sees the browser's error page in the frame; from disk
 * there is nothing to probe, and navigator.onLine decides. */
function setupEmbeds() {
  const frames = document.querySelectorAll("main iframe[src]");
  const embeds = [];
  frames.forEach((frame) => {
    let url;
    try {
      url = new URL(frame.getAttribute("src"), location.href);
    } catch (e) {
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return;
    const p = document.createElement("p");
    p.className = "embed-offline";
    p.appendChild(document.createTextNode(string("embed-offline") + " "));
    const a = document.createElement("a");
    a.href = url.href;
    a.textContent = url.href;
    p.appendChild(a);
    frame.parentNode.insertBefore(p, frame.nextSibling);
    embeds.push([frame, p]);
  });
  const probed = overHttp() && !!siteRoot() && typeof fetch === "function";
  updateEmbeds = () => {
    const offline = isOffline();
    const known = !probed || offline || reachable !== null;
    embeds.forEach((e) => {
      e[0].hidden = !known || offline;
      e[1].hidden = !known || !offline;
    });
  };
  updateEmbeds();
}
