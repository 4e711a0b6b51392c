// Remembers which part of a lesson the trainee last read, so 続きから can return there.
// Progressive enhancement: without script the lesson works and only the position is lost.
(function () {
  "use strict";
  var body = document.querySelector("[data-position-url]");
  if (!body || !("IntersectionObserver" in window)) return;
  var url = body.getAttribute("data-position-url");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var current = null;
  var sent = null;

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) current = entry.target.id;
    });
  }, { rootMargin: "0px 0px -60% 0px" });
  body.querySelectorAll("[data-block]").forEach(function (el) { observer.observe(el); });

  function save() {
    if (!current || current === sent || !token) return;
    var data = new FormData();
    data.append("position", current);
    data.append("csrfmiddlewaretoken", token.value);
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) { sent = current; return; }
    fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
    sent = current;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });
  window.addEventListener("pagehide", save);
  document.querySelectorAll("a, form").forEach(function (el) {
    el.addEventListener(el.tagName === "FORM" ? "submit" : "click", save);
  });
})();
