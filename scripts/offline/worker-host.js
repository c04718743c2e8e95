/* RESTORE toolkit offline pack: web workers for pages opened from a folder on disk.
 *
 * Browsers refuse to start a web worker from a file:// page, and Material's search runs in one.
 * Here a worker runs instead in a hidden frame: the worker script's own page (the script's name
 * with .html for .js, written beside it by scripts/build_offline.py), which loads the script
 * and passes messages both ways. Only on file:// pages; nothing leaves the folder.
 */
(function () {
  "use strict";

  if (location.protocol !== "file:" || !window.EventTarget || !window.MessageEvent) {
    return;
  }

  function FrameWorker(url) {
    var target = document.createElement("span"); /* an event target any browser can make */
    var frame = document.createElement("iframe");
    var queue = [];
    var ready = false;
    frame.hidden = true;
    frame.title = "Search engine";
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.src = new URL(String(url), location.href).href.replace(/\.js(?=$|[?#])/, ".html");

    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || !event.data || typeof event.data !== "object") {
        return;
      }
      if (event.data.tkFrameReady) {
        ready = true;
        queue.splice(0).forEach(function (message) { frame.contentWindow.postMessage(message, "*"); });
      } else if ("tkWorkerMessage" in event.data) {
        target.dispatchEvent(new MessageEvent("message", { data: event.data.tkWorkerMessage }));
      }
    });
    target.postMessage = function (message) {
      if (ready) {
        frame.contentWindow.postMessage(message, "*");
      } else {
        queue.push(message);
      }
    };
    target.terminate = function () {
      queue = [];
      if (frame.parentNode) {
        frame.parentNode.removeChild(frame);
      }
    };
    (document.body || document.documentElement).appendChild(frame);
    return target;
  }

  window.Worker = FrameWorker;
})();
