/* RESTORE toolkit: the "earlier edition" banner links to the same page in the latest edition.
 *
 * Each edition lives in its own folder (site/1.0/, site/1.1/ ...) and latest/ redirects to the
 * newest one. The banner's link is rendered for the page at build time; here it is recomputed from
 * the address actually shown, so it also keeps the #section, and a click checks (same site only)
 * that the page still exists in the latest edition, falling back to its home page if not.
 * No requests leave the site.
 */
(function () {
  "use strict";

  var link = document.querySelector("[data-tk-latest-link]");
  var config = document.getElementById("__config");
  if (!link || !config) {
    return;
  }

  /* The edition's folder, e.g. https://example.org/toolkit/1.0/ (Material's base_url, made absolute). */
  var editionRoot;
  try {
    editionRoot = new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href);
  } catch (error) {
    return;
  }
  if (location.pathname.indexOf(editionRoot.pathname) !== 0) {
    return;
  }
  var latestHome = new URL("../latest/", editionRoot);

  function samePageInLatest() {
    var page = location.pathname.slice(editionRoot.pathname.length);
    var target = new URL(page, latestHome);
    target.hash = location.hash;
    return target;
  }

  function update() {
    link.href = samePageInLatest().href;
  }

  update();
  window.addEventListener("hashchange", update);

  /* A page can be withdrawn or moved in a later edition: check before leaving, never block. */
  link.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey ||
        !window.fetch || !/^https?:$/.test(location.protocol)) {
      return;
    }
    event.preventDefault();
    var target = samePageInLatest();
    fetch(target.pathname, { method: "HEAD", cache: "no-store" })
      .then(function (response) { return response.ok ? target : latestHome; },
            function () { return target; })
      .then(function (url) { location.assign(url.href); });
  });
})();
