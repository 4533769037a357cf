/* DocFX's lightbox: a link whose address ends in `#lightbox` (a thumbnail
 * linked to its large picture, or `:::image … lightbox="…":::`) opens the
 * picture in a modal <dialog> over the page. The dialog takes the focus,
 * Esc, its close button and a click beside the picture close it, and the
 * focus goes back to the link. Without script, or where <dialog> is
 * missing, the link simply opens the picture. Everything is built here
 * with DOM calls and classes, so it runs under `default-src 'self'`. */

function lightboxTarget(link) {
  let url;
  try {
    url = new URL(link.getAttribute("href"), location.href);
  } catch (e) {
    return null;
  }
  if (url.hash !== "#lightbox" || !/^(https?|file):$/.test(url.protocol)) return null;
  url.hash = "";
  return url.href;
}

/* One dialog per page, made on first use. */
function lightboxDialog() {
  let dialog = document.getElementById("helpsite-lightbox");
  if (dialog) return dialog;
  dialog = document.createElement("dialog");
  dialog.id = "helpsite-lightbox";
  dialog.className = "lightbox";
  const bar = document.createElement("div");
  bar.className = "lightbox-bar";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "lightbox-close";
  close.textContent = string("lightbox-close");
  close.addEventListener("click", () => dialog.close());
  const full = document.createElement("a");
  full.className = "lightbox-full";
  full.textContent = string("lightbox-full");
  bar.appendChild(close);
  bar.appendChild(full);
  const frame = document.createElement("div");
  frame.className = "lightbox-frame";
  const img = document.createElement("img");
  img.className = "lightbox-image";
  frame.appendChild(img);
  dialog.appendChild(bar);
  dialog.appendChild(frame);
  // A click on the backdrop or beside the picture closes it.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog || e.target === frame) dialog.close();
  });
  document.body.appendChild(dialog);
  return dialog;
}

function openLightbox(link, src) {
  const dialog = lightboxDialog();
  const img = dialog.querySelector(".lightbox-image");
  const thumbnail = link.querySelector("img");
  const alt = thumbnail ? thumbnail.getAttribute("alt") || "" : link.textContent.trim();
  const label = string("lightbox-label");
  dialog.setAttribute("aria-label", alt ? label + ": " + alt : label);
  img.alt = alt;
  // A picture that cannot load (offline, moved) is opened as the link would be.
  img.onerror = () => {
    if (!dialog.open) return;
    dialog.close();
    location.href = src;
  };
  img.src = src;
  dialog.querySelector(".lightbox-full").href = src;
  dialog.onclose = () => {
    img.removeAttribute("src");
    if (document.contains(link)) link.focus();
  };
  dialog.showModal();
  dialog.querySelector(".lightbox-close").focus();
}

function setupLightbox() {
  if (typeof HTMLDialogElement !== "function" || !HTMLDialogElement.prototype.showModal) return;
  // A theme's own base.html without the lightbox's strings would give a
  // close button without a name: there the links open the picture.
  if (!string("lightbox-close") || !string("lightbox-label")) return;
  document.querySelectorAll("main a[href]").forEach((link) => {
    if (!lightboxTarget(link)) return;
    link.setAttribute("aria-haspopup", "dialog");
    link.addEventListener("click", (e) => {
      // A new tab or window, or a download, is the reader's choice.
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      openLightbox(link, lightboxTarget(link));
    });
  });
}
