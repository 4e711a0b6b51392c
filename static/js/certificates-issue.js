// A second click on 発行 while the first is on its way sends nothing more (the server
// would hand back the same certificate anyway); the button says it is working.
(function () {
  "use strict";
  var gettext = window.gettext || function (msgid) { return msgid; };
  document.querySelectorAll("form.certificate-issue-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.setAttribute("aria-disabled", "true");
        button.textContent = gettext("発行しています…");
      }
    });
  });
})();
