/* RESTORE toolkit: small page behaviours. No network requests. */
(function () {
  "use strict";

  /* Material's search panel is a dialog with no name: give it one for screen readers. */
  var search = document.querySelector('.md-search[role="dialog"]');
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search the toolkit");
  }

  /* "Print this ..." buttons open the browser's print dialogue. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tk-print]");
    if (button) {
      window.print();
    }
  });

  /* Wide tables on narrow screens scroll inside their own box (Material's scroll wrapper), never the
     page. When a table is wider than its box, the box becomes a named, focusable region (keyboard
     users can scroll it with the arrow keys) with a visible cue beneath, and a bar on its right edge. */
  function headingBefore(node) {
    for (var el = node; el; el = el.previousElementSibling || el.parentElement) {
      if (/^H[1-4]$/.test(el.tagName)) {
        return el.textContent.replace(/\s*¶\s*$/, "").trim();
      }
      if (el.classList && el.classList.contains("md-content__inner")) {
        break;
      }
    }
    return "";
  }
  function fitTables() {
    /* Material wraps each table in its scroll box when it mounts the page, so look for them each time. */
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".md-typeset .md-typeset__scrollwrap"));
    wraps.forEach(function (wrap) {
      wrap.classList.add("tk-scroll");
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      var cue = wrap.nextElementSibling;
      if (!cue || !cue.classList.contains("tk-scroll-cue")) {
        cue = document.createElement("p");
        cue.className = "tk-scroll-cue";
        cue.setAttribute("aria-hidden", "true");
        cue.textContent = "Scroll sideways to see the whole table.";  /* no arrow: the bundled typeface has none */
        wrap.parentNode.insertBefore(cue, wrap.nextSibling);
      }
      wrap.classList.toggle("tk-scroll--wide", wide);
      if (wide) {
        var heading = headingBefore(wrap);
        wrap.setAttribute("role", "region");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("aria-label", (heading ? "Table: " + heading : "Table") + ". Scroll sideways to see all of it.");
      } else {
        wrap.removeAttribute("role");
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.requestAnimationFrame(fitTables); });
  } else {
    window.addEventListener("load", fitTables);
  }
  /* Widths change when the bundled typeface replaces the fallback (font-display: swap): measure again. */
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { window.requestAnimationFrame(fitTables); });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    window.cancelAnimationFrame(resizing);
    resizing = window.requestAnimationFrame(fitTables);
  });

  /* Recommendations page: filter by programme stage and topic without leaving the page. The full list
     is in the page; the filter (hidden without JavaScript) only hides cards, and says how many show. */
  var filterForm = document.querySelector("[data-tk-filter-form]");
  if (filterForm) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".tk-rec"));
    var selects = Array.prototype.slice.call(filterForm.querySelectorAll("select[data-tk-filter]"));
    var status = filterForm.querySelector("[data-tk-filter-status]");
    var applyFilter = function () {
      var shown = 0;
      cards.forEach(function (card) {
        var match = selects.every(function (select) {
          var want = select.value;
          var have = (card.getAttribute("data-tk-" + select.getAttribute("data-tk-filter")) || "").split(" ");
          return !want || have.indexOf(want) >= 0;
        });
        card.hidden = !match;
        shown += match ? 1 : 0;
      });
      var filtered = selects.some(function (select) { return select.value; });
      status.textContent = filtered ? "Showing " + shown + " of " + cards.length + " recommendations." : "";
    };
    selects.forEach(function (select) { select.addEventListener("change", applyFilter); });
    filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
    filterForm.hidden = false;
    applyFilter();
  }

  /* Printed pages show a link's web address after it (print.css), except where the link text
     already is that address, as in a reference ("https://..." or "doi:..."). */
  document.querySelectorAll('.md-content a[href^="http"]').forEach(function (a) {
    var text = a.textContent.trim().replace(/^doi:/, "https://doi.org/");
    if (text === a.getAttribute("href") || text === a.href) {
      a.classList.add("tk-url-shown");
    }
  });
})();
