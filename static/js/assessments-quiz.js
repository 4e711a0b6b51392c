// Quiz ordering questions: move items with "上へ"/"下へ" buttons or by dragging, and say where they went.
// Without this script the number selects do the same job; with it they are kept in step and hidden.
(function () {
  "use strict";
  var gettext = window.gettext || function (msgid) { return msgid; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, key) { return String(obj[key]); });
  };
  var form = document.querySelector("[data-quiz-form]");
  if (!form) return;
  var live = form.querySelector("[data-quiz-announce]");

  function announce(message) {
    if (!live) return;
    // Clearing first makes a repeated message ("もう上へは動かせません") heard again.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function itemText(item) { return item.querySelector(".quiz-ordering__text").textContent.trim(); }

  function renumber(list) {
    var items = list.querySelectorAll("[data-item]");
    for (var i = 0; i < items.length; i++) {
      items[i].querySelector("select").value = String(i + 1);
    }
  }

  function position(list, item) {
    return Array.prototype.indexOf.call(list.querySelectorAll("[data-item]"), item) + 1;
  }

  function moved(list, item) {
    renumber(list);
    announce(interpolate(gettext("「%(item)s」を%(position)s番目に移動しました。"),
      { item: itemText(item), position: position(list, item) }, true));
  }

  function move(list, item, step) {
    var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) {
      announce(step < 0 ? gettext("いちばん上です。これ以上上へは動かせません。")
        : gettext("いちばん下です。これ以上下へは動かせません。"));
      return;
    }
    if (step < 0) list.insertBefore(item, sibling);
    else list.insertBefore(sibling, item);
    moved(list, item);
  }

  function button(label, name, step, list, item) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button--quiet quiz-ordering__move";
    b.textContent = label;
    b.setAttribute("aria-label", interpolate(name, { item: itemText(item) }, true));
    b.addEventListener("click", function () {
      move(list, item, step);
      b.focus();
    });
    return b;
  }

  var dragged = null;
  Array.prototype.forEach.call(form.querySelectorAll("[data-quiz-ordering]"), function (list) {
    Array.prototype.forEach.call(list.querySelectorAll("[data-item]"), function (item) {
      var controls = document.createElement("span");
      controls.className = "quiz-ordering__controls";
      controls.appendChild(button(gettext("上へ"), gettext("「%(item)s」を上へ"), -1, list, item));
      controls.appendChild(button(gettext("下へ"), gettext("「%(item)s」を下へ"), 1, list, item));
      item.appendChild(controls);
      item.querySelector("[data-position-control]").hidden = true;
      item.draggable = true;
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-item"));
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("is-dragging");
        dragged = null;
      });
      item.addEventListener("dragover", function (event) {
        if (!dragged || dragged === item || dragged.parentNode !== list) return;
        event.preventDefault();
        var box = item.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? item.nextElementSibling : item);
      });
      item.addEventListener("drop", function (event) {
        if (!dragged || dragged.parentNode !== list) return;
        event.preventDefault();
        moved(list, dragged);
      });
    });
    list.classList.add("is-enhanced");
  });

  // A double click sends one submission; the server refuses a second one anyway.
  form.addEventListener("submit", function () {
    var submit = form.querySelector("[data-quiz-submit]");
    window.setTimeout(function () { if (submit) submit.disabled = true; }, 0);
  });
})();
