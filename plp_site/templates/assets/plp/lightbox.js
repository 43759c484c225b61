/* plp-site lightbox: a photo link (a.plp-zoom, made by plp_site/lightbox.py) opens the photo's largest processed
   copy in a modal <dialog> instead of leaving the page. Without scripts the link opens that copy itself.

   Our own, not a bundled library: a lightbox library such as GLightbox weighs some 60 kB of script and styles, draws
   its own overlay instead of the browser's <dialog>, and would need patching for our words in six languages. The
   browser's <dialog> already gives what matters most: a modal that keeps focus inside, closes on Escape and tells
   screen readers what it is. What is left fits in these few lines.

   Listeners sit on the document, so they keep working when the theme's instant navigation swaps the page content,
   and the one dialog is made on first use. Its words come from the link (data-plp-close, data-plp-dialog). */
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return; // An old browser follows the link instead.
  var opener = null;

  function lightbox() {
    var dialog = document.querySelector("dialog.plp-lightbox");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "plp-lightbox";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "plp-lightbox__close";
    close.addEventListener("click", function () { dialog.close(); });
    var image = document.createElement("img");
    image.className = "plp-lightbox__image";
    image.decoding = "async";
    dialog.append(close, image);
    // A tap beside the picture (on the backdrop) closes it too.
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      image.removeAttribute("src");
      if (opener && opener.isConnected) opener.focus();
      opener = null;
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function open(link) {
    var shown = link.querySelector("img");
    var dialog = lightbox();
    var close = dialog.querySelector(".plp-lightbox__close");
    var image = dialog.querySelector(".plp-lightbox__image");
    dialog.setAttribute("aria-label", link.getAttribute("data-plp-dialog") || "");
    close.textContent = link.getAttribute("data-plp-close") || "×";
    var speaking = shown ? shown.closest("[lang]") : null; // The alt text is in the student's language.
    image.alt = shown ? shown.alt : "";
    image.lang = speaking ? speaking.lang : "";
    image.width = Number(link.getAttribute("data-plp-width")) || 0;
    image.height = Number(link.getAttribute("data-plp-height")) || 0;
    image.src = link.href;
    opener = link;
    dialog.showModal();
    close.focus();
  }

  function zoomLink(event) {
    return event.target instanceof Element ? event.target.closest("a.plp-zoom[href]") : null;
  }

  document.addEventListener("click", function (event) {
    var link = zoomLink(event);
    // A click with a modifier key opens the picture in a new tab or window, as any link does.
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    open(link);
  });

  // Enter opens a link by itself (as a click); Space does so here too, as it does for a button.
  document.addEventListener("keydown", function (event) {
    var link = event.key === " " ? zoomLink(event) : null;
    if (!link || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    open(link);
  });
})();
