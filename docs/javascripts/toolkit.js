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

  /* Printed pages show a link's web address after it (print.css), except where the link text
     already is that address, as in a reference ("https://..." or "doi:..."). */
  document.querySelectorAll('.md-content a[href^="http"]').forEach(function (a) {
    var text = a.textContent.trim().replace(/^doi:/, "https://doi.org/");
    if (text === a.getAttribute("href") || text === a.href) {
      a.classList.add("tk-url-shown");
    }
  });
})();
