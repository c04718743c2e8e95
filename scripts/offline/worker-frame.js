/* RESTORE toolkit offline pack: the inside of a worker's frame (see worker-host.js).
 *
 * Runs before the worker script, in the frame page written for it. The worker script listens for
 * "message" events, which the page that made the frame sends here; what it posts goes back to
 * that page. Once the script has loaded, the page is told it can send.
 */
(function () {
  "use strict";

  var host = window.parent;
  /* Material's worker looks for its own shim in the parent page, which a page opened from disk may
     not read (every file counts as an origin of its own), so the frame hides the parent. */
  window.parent = undefined;
  window.postMessage = function (message) {
    host.postMessage({ tkWorkerMessage: message }, "*");
  };
  window.importScripts = function () {
    throw new Error("The offline pack's search cannot load more scripts.");
  };
  window.addEventListener("load", function () {
    host.postMessage({ tkFrameReady: true }, "*");
  });
})();
