// Keeps a bulk issue's progress bar and failure list current while the task worker runs.
// Without this script the page refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var gettext = window.gettext || function (msgid) { return msgid; };
  var root = document.getElementById("bulk-run");
  if (!root || root.getAttribute("data-running") !== "1") return;

  var url = root.getAttribute("data-progress-url");
  var seconds = Number(root.getAttribute("data-poll-seconds")) || 2;
  var bar = document.getElementById("bulk-progress");
  var failures = root.querySelector(".bulk-failures");
  var failureList = document.getElementById("bulk-failure-list");
  var shownFailures = failureList ? failureList.children.length : 0;
  var misses = 0;

  function field(name, value) {
    var nodes = root.querySelectorAll('[data-field="' + name + '"]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = String(value);
  }

  function addFailures(list) {
    for (var i = shownFailures; i < list.length; i++) {
      var item = document.createElement("li");
      var name = document.createElement("strong");
      name.textContent = list[i].name || gettext("（氏名なし）");
      item.appendChild(name);
      item.appendChild(document.createTextNode(gettext("：") + list[i].reason));
      failureList.appendChild(item);
    }
    shownFailures = list.length;
    if (list.length) failures.hidden = false;
  }

  function show(data) {
    bar.max = data.total || 1;
    bar.value = data.done;
    bar.textContent = data.percent + "%";
    ["status_label", "done", "total", "percent", "issued", "skipped", "failed"].forEach(function (key) {
      field(key, data[key]);
    });
    addFailures(data.failures || []);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        misses = 0;
        show(data);
        // Done: the page itself brings the downloads and the Shift_JIS report.
        if (!data.running) window.location.reload();
        else window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () {
        misses += 1;
        if (misses === 3) field("status_label", gettext("進み具合を読み込めません。ページを再読み込みしてください"));
        window.setTimeout(poll, Math.min(30, seconds * (misses + 1)) * 1000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();
