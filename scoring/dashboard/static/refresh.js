// Reloads a page that asks for it (<meta name="hl-refresh" content="60">)
// every so many seconds, but only while the tab is visible, so a phone in
// a pocket does not keep fetching. Without JavaScript a <noscript> meta
// refresh does the same, always.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="hl-refresh"]');
  var secs = meta ? parseInt(meta.getAttribute("content"), 10) : 0;
  if (!(secs > 0)) { return; }
  var due = Date.now() + secs * 1000;
  setInterval(function () {
    if (!document.hidden && Date.now() >= due) { location.reload(); }
  }, 1000);
})();
