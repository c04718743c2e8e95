/* RESTORE toolkit: the search index loads when the reader starts to search, not with every page.
 *
 * Material fetches search/search_index.json and starts its search worker as soon as any page opens.
 * The index is the largest file of a first visit and grows with the content, so a reader who never
 * searches would pay for both on every first visit. This script runs before Material's bundle and
 * holds back that request and the worker until the reader shows they are about to search: pointing
 * at or focusing the search box, opening it, or pressing one of Material's search keys (f, s, /)
 * outside a form field. Pages opened from a search result (?h=...) load
 * it at once, to highlight the words. Nothing else changes, and no request leaves the site.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = /[?&](?:q|h)=/.test(location.search);
  var waiting = [];

  function want() {
    if (!wanted) {
      wanted = true;
      waiting.splice(0).forEach(function (go) { go(); });
    }
  }

  /* Material also starts its search worker (the search engine) with every page. Until the reader
     wants to search, it gets a stand-in that keeps its messages; the real worker starts then. */
  var RealWorker = window.Worker;
  if (RealWorker && window.EventTarget && !wanted) {
    var LazyWorker = function (url, options) {
      if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) {
        return new RealWorker(url, options);
      }
      var target = document.createElement("span"); /* an event target any browser can make */
      var queue = [];
      var real = null;
      target.postMessage = function (message) {
        if (real) {
          real.postMessage(message);
        } else {
          queue.push(message);
        }
      };
      target.terminate = function () {
        if (real) {
          real.terminate();
        }
        queue = [];
      };
      waiting.push(function () {
        real = new RealWorker(url, options);
        real.addEventListener("message", function (event) {
          target.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        real.addEventListener("error", function () {
          target.dispatchEvent(new Event("error"));
        });
        queue.splice(0).forEach(function (message) { real.postMessage(message); });
      });
      return target;
    };
    LazyWorker.prototype = RealWorker.prototype;
    window.Worker = LazyWorker;
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.tkSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (request.tkSearchIndex && !wanted) {
      waiting.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };

  function nearSearch(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, label[for='__search']")) {
      want();
    }
  }
  document.addEventListener("pointerover", nearSearch, true);
  document.addEventListener("pointerdown", nearSearch, true);
  document.addEventListener("focusin", nearSearch, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") {
      want();
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!typing && ["f", "s", "/"].indexOf(event.key) >= 0) {
      want();
    }
  }, true);
})();
