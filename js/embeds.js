/* Shows or hides the embeds' placeholders; the embeds set it up. */
let updateEmbeds = () => {};

// Hosts that serve only video, with their subdomains (`player.vimeo.com`).
const VIDEO_HOSTS = ["youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "dailymotion.com", "microsoftstream.com", "channel9.msdn.com", "wistia.com", "wistia.net", "vidyard.com"];

/* Whether a frame's address is a video. DocFX's `[!VIDEO]` and plain
 * iframes also embed interactive guides and forms; calling those a video
 * would tell the reader to expect something else. Besides the video hosts,
 * a host or path part that names video (`video.example.com`,
 * `/videoplayer/embed/…`) or a video file counts. */
function isVideo(url) {
  const host = url.hostname.toLowerCase();
  if (VIDEO_HOSTS.some((h) => host === h || host.endsWith("." + h))) return true;
  const parts = host.split(".").concat(url.pathname.toLowerCase().split("/"));
  if (parts.some((p) => /^videos?(player)?$/.test(p))) return true;
  return /\.(mp4|m4v|webm|ogv|mov|m3u8)$/i.test(url.pathname);
}

/* External embeds cannot play offline: show a placeholder with the link,
 * worded for a video or for embedded content in general.
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
    // A theme's own base.html may have only the older, video wording.
    const text = (!isVideo(url) && string("embed-offline-other")) || string("embed-offline");
    p.appendChild(document.createTextNode(text + " "));
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
