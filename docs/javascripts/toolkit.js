/* RESTORE toolkit: small page behaviours. No network requests. */
(function () {
  "use strict";

  /* "Print this ..." buttons open the browser's print dialogue. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tk-print]");
    if (button) {
      window.print();
    }
  });
})();
