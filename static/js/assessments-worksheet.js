// The plan worksheet: keeps the draft on the server as the trainee types, and counts characters.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines these; without it the Japanese msgids show.
  var gettext = window.gettext || function (msgid) { return msgid; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, key) { return String(obj[key]); });
  };
  var form = document.querySelector("form[data-worksheet-autosave]");
  if (!form) return;
  var url = form.getAttribute("data-autosave-url");
  var statusLine = document.getElementById("autosave-status");
  var DELAY_MS = 1200;
  var timer = null;
  var dirty = false;
  var inFlight = false;
  var again = false;

  function show(text, state) {
    if (!statusLine) return;
    statusLine.textContent = text;
    statusLine.setAttribute("data-state", state);
  }

  function clock(iso) {
    var when = iso ? new Date(iso) : new Date();
    return when.toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit", minute: "2-digit"
    });
  }

  function body() {
    var data = new FormData(form);
    data.delete("action");
    return data;
  }

  function save() {
    timer = null;
    if (inFlight) { again = true; return; }
    inFlight = true;
    dirty = false;
    show(gettext("保存しています…"), "saving");
    fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      if (result.ok) {
        show(interpolate(gettext("%(time)sに保存しました"), { time: clock(result.answer.saved_at) }, true), "saved");
      } else {
        dirty = true;
        show(result.answer.error || gettext("保存できませんでした。"), "error");
      }
    }).catch(function () {
      dirty = true;
      show(gettext("保存できませんでした。通信を確認してください。入力した内容はこの画面に残っています。"), "error");
    }).then(function () {
      inFlight = false;
      if (again) { again = false; save(); }
    });
  }

  function schedule() {
    dirty = true;
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  }

  function count(field) {
    var counter = document.querySelector('[data-counter-for="' + field.id + '"]');
    if (!counter) return;
    // The server counts a line break as one character, as the browser's value does.
    var length = field.value.length;
    var limit = Number(field.getAttribute("data-max-length"));
    counter.textContent = interpolate(gettext("%(count)s / %(limit)s文字"), { count: length, limit: limit }, true);
    counter.classList.toggle("worksheet-counter--full", length >= limit);
  }

  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-max-length")) count(event.target);
    schedule();
  });
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () {
    // The form's own POST saves everything; a pending autosave would only race it.
    if (timer) window.clearTimeout(timer);
    dirty = false;
  });

  // A closed tab or a page left mid-typing still keeps what was written.
  window.addEventListener("pagehide", function () {
    if (!dirty) return;
    if (timer) window.clearTimeout(timer);
    if (navigator.sendBeacon) navigator.sendBeacon(url, body());
  });
})();
