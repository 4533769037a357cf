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

/* The address of an embed, when it is one a frame may load: http(s) only. */
function frameAddress(written) {
  let url;
  try {
    url = new URL(written, location.href);
  } catch (e) {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url : null;
}

/* The localized offline note with the link, worded for a video or for
 * embedded content in general. */
function offlineNote(url) {
  const p = document.createElement("p");
  p.className = "embed-offline";
  // A theme's own base.html may have only the older, video wording.
  const text = (!isVideo(url) && string("embed-offline-other")) || string("embed-offline");
  p.appendChild(document.createTextNode(text + " "));
  const a = document.createElement("a");
  a.href = url.href;
  a.textContent = url.href;
  p.appendChild(a);
  return p;
}

/* A click-to-load video: the frame is made only when the reader presses
 * the button, so opening a page contacts no video host. A site whose
 * Content-Security-Policy refuses other sites' frames would show a broken
 * frame: it is taken away again, and the note says to use the link. */
function loadVideo(embed, button, url) {
  const placeholder = button.closest(".video-placeholder");
  const frame = document.createElement("iframe");
  frame.title = button.getAttribute("data-title") || "";
  frame.allowFullscreen = true;
  frame.className = "video-frame";
  function refused(event) {
    const directive = event.effectiveDirective || event.violatedDirective || "";
    const blocked = event.blockedURI || "";
    if (!/^(frame|child|default)-src/.test(directive) || !blocked || !url.href.startsWith(blocked)) return;
    document.removeEventListener("securitypolicyviolation", refused);
    frame.remove();
    const note = placeholder.querySelector(".video-blocked");
    if (note) note.hidden = false;
    const link = placeholder.querySelector(".video-link");
    if (link) link.focus();
  }
  document.addEventListener("securitypolicyviolation", refused);
  frame.src = url.href;
  placeholder.insertBefore(frame, placeholder.firstChild);
  const thumbnail = placeholder.querySelector(".video-thumbnail");
  if (thumbnail) thumbnail.hidden = true;
  button.remove();
  embed[0] = frame;
  frame.focus();
}

/* External embeds cannot play offline: show a placeholder with the link,
 * worded for a video or for embedded content in general. A click-to-load
 * video's button gives way to the same note.
 * Over http(s) neither shows until the first probe has answered, so a
 * reader never sees the browser's error page in the frame; from disk
 * there is nothing to probe, and navigator.onLine decides. */
function setupEmbeds() {
  const embeds = [];
  document.querySelectorAll("main iframe[src]").forEach((frame) => {
    const url = frameAddress(frame.getAttribute("src"));
    if (!url) return;
    const p = offlineNote(url);
    frame.parentNode.insertBefore(p, frame.nextSibling);
    embeds.push([frame, p]);
  });
  document.querySelectorAll("main .video-load[data-src]").forEach((button) => {
    const url = frameAddress(button.getAttribute("data-src"));
    if (!url) return;
    const p = offlineNote(url);
    button.closest(".video-placeholder").appendChild(p);
    const embed = [button, p];
    button.addEventListener("click", () => loadVideo(embed, button, url));
    embeds.push(embed);
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
