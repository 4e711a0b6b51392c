// Wires the live workshop screens (board, console, plenary) to the shared socket.
(function () {
  "use strict";
  var T = window.Tsunagu;
  // Django's JavaScript catalogue (/jsi18n/) defines these; without it the Japanese msgids show.
  var gettext = window.gettext || function (msgid) { return msgid; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (m, key) { return String(obj[key]); });
  };
  var timeLocale = document.documentElement.lang || undefined;
  var root = document.querySelector("[data-workshop-live]");
  if (!root || !T) return;

  var screen = root.getAttribute("data-screen");
  // An administrator's console is read-only: no highlight or move controls (the server refuses them too).
  var readOnly = root.hasAttribute("data-read-only");
  var userId = Number(root.getAttribute("data-user-id"));
  var statusLine = document.getElementById("connection-status");

  function $(selector, scope) { return (scope || root).querySelector(selector); }
  function text(selector, value) { var el = $(selector); if (el) el.textContent = value || ""; }

  var socket = new T.WorkshopSocket({
    url: root.getAttribute("data-socket-url"),
    storageKey: root.getAttribute("data-storage-key"),
    onStatus: function (status) {
      if (statusLine) {
        statusLine.textContent = T.STATUS_TEXT[status] || status;
        statusLine.setAttribute("data-status", status);
      }
      root.setAttribute("data-connection", status);
    },
    onFrame: function (frame) { (handlers[frame.type] || function () {})(frame); }
  });

  var timerEl = $("[data-timer]");
  var countdown = timerEl && new T.Countdown(timerEl, socket, function () {
    T.announce(gettext("時間になりました。"));
  });

  function showPhase(phase) {
    if (!phase) return;
    text("[data-phase-name]", phase.name);
    text("[data-phase-index]", phase.index + " / " + phase.count);
    text("[data-phase-instructions]", phase.instructions);
    var list = $("[data-phase-prompts]");
    if (list) {
      list.textContent = "";
      phase.prompts.forEach(function (prompt) {
        var item = document.createElement("li");
        item.textContent = prompt;
        list.appendChild(item);
      });
    }
  }

  function showTimer(timer) {
    if (countdown) countdown.show(timer);
    text("[data-timer-state]", timer && timer.running ? gettext("進行中") : gettext("一時停止中"));
  }

  function showAnnouncement(announcement, quietly) {
    var list = $("[data-announcements]");
    if (!list) return;
    var item = document.createElement("li");
    var time = document.createElement("time");
    time.setAttribute("datetime", announcement.created_at);
    time.textContent = new Date(announcement.created_at).toLocaleTimeString(timeLocale, { hour: "2-digit", minute: "2-digit" }) + " ";
    item.appendChild(time);
    item.appendChild(document.createTextNode(announcement.text));
    list.insertBefore(item, list.firstChild);
    if (!quietly) T.announce(interpolate(gettext("全体への連絡: %(text)s"), { text: announcement.text }, true));
  }

  function boardList(groupId) {
    return screen === "console" ? $("[data-group-posts='" + groupId + "']") : $("[data-posts]");
  }

  function addPost(post, quietly) {
    var list = boardList(post.group_id);
    if (!list) return;
    var pending = document.getElementById("post-" + post.client_id);
    if (pending && post.author_id === userId) pending.remove();
    if (document.getElementById("post-" + post.id)) return;
    var item = T.postElement(post);
    if (screen === "console" && !readOnly) item.appendChild(highlightButton(post));
    list.appendChild(item);
    if (!quietly && post.author_id !== userId) {
      var fields = { group: groupName(post.group_id), kind: post.kind_label, text: post.text };
      T.announce(interpolate(screen === "console"
        ? gettext("%(group)s、新しい投稿（%(kind)s）: %(text)s")
        : gettext("新しい投稿（%(kind)s）: %(text)s"), fields, true));
    }
  }

  function groupName(groupId) {
    var heading = $("[data-group-name-for='" + groupId + "']");
    return heading ? heading.textContent : "";
  }

  function showPending() {
    var list = $("[data-posts]");
    if (!list) return;
    socket.pending.forEach(function (item) {
      if (document.getElementById("post-" + item.client_id)) return;
      var kindOption = $("#post-kind option[value='" + item.kind + "']");
      list.appendChild(T.postElement({
        client_id: item.client_id, kind: item.kind, text: item.text,
        kind_label: kindOption ? kindOption.textContent : "", author: gettext("あなた")
      }, { pending: true }));
    });
  }

  var highlighted = {};

  function highlightButton(post) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--quiet button--small";
    button.setAttribute("data-highlight", post.id);
    button.setAttribute("aria-pressed", highlighted[post.id] ? "true" : "false");
    button.textContent = gettext("全体共有に出す");
    button.setAttribute("aria-label", interpolate(gettext("全体共有に出す: %(text)s"), { text: post.text.slice(0, 40) }, true));
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      socket.send({ type: "highlight", post_id: post.id, on: on });
    });
    return button;
  }

  function showHighlights(posts) {
    var list = $("[data-highlights]");
    if (list) list.textContent = "";
    highlighted = {};
    posts.forEach(function (post) { setHighlight(post, true, true); });
  }

  function setHighlight(post, on, quietly) {
    highlighted[post.id] = on;
    root.querySelectorAll("[data-highlight='" + post.id + "']").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    var list = $("[data-highlights]");
    if (!list) return;
    var existing = document.getElementById("highlight-" + post.id);
    if (!on) { if (existing) existing.remove(); return; }
    if (existing) return;
    var item = T.postElement(post);
    item.id = "highlight-" + post.id;
    var group = document.createElement("p");
    group.className = "post-group";
    group.textContent = post.group_name;
    item.insertBefore(group, item.firstChild);
    list.appendChild(item);
    if (!quietly) T.announce(interpolate(gettext("全体共有: %(text)s"), { text: post.text }, true));
  }

  function showStatus(status) {
    root.setAttribute("data-workshop-status", status);
    var form = $("#post-form");
    if (status === "ended") {
      text("[data-ended]", gettext("このグループワークは終了しました。"));
      if (form) form.querySelectorAll("textarea, select, button").forEach(function (el) { el.disabled = true; });
    }
  }

  function renderRoster(groups) {
    var container = $("[data-groups]");
    if (!container) return;
    groups.forEach(function (group) {
      socket.trackGroup(group.id);
      var card = $("[data-group='" + group.id + "']");
      if (!card) {
        card = document.importNode($("#group-template").content, true).firstElementChild;
        card.setAttribute("data-group", group.id);
        var heading = card.querySelector("h3");
        heading.id = "group-heading-" + group.id;
        heading.setAttribute("data-group-name-for", group.id);
        card.setAttribute("aria-labelledby", heading.id);
        card.querySelector("ol").setAttribute("data-group-posts", group.id);
        container.appendChild(card);
      }
      card.querySelector("h3").textContent = group.name;
      var members = card.querySelector("[data-members]");
      members.textContent = "";
      group.members.forEach(function (member) {
        members.appendChild(memberItem(member, group, groups));
      });
      var online = group.members.filter(function (m) { return m.online; }).length;
      card.querySelector("[data-online]").textContent = interpolate(
        ngettext("接続中 %(online)s / %(total)s人", "接続中 %(online)s / %(total)s人", group.members.length),
        { online: online, total: group.members.length }, true);
    });
  }

  function memberItem(member, group, groups) {
    var item = document.createElement("li");
    var state = document.createElement("span");
    state.className = member.online ? "presence presence--on" : "presence";
    state.textContent = member.online ? gettext("●接続中") : gettext("○未接続");
    item.appendChild(document.createTextNode(member.name + " "));
    item.appendChild(state);
    if (readOnly) return item;
    var select = document.createElement("select");
    select.id = "move-" + member.id;
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.setAttribute("for", select.id);
    label.textContent = interpolate(gettext("%(name)sさんの移動先"), { name: member.name }, true);
    groups.forEach(function (target) {
      var option = document.createElement("option");
      option.value = target.id;
      option.textContent = target.name;
      option.selected = target.id === group.id;
      select.appendChild(option);
    });
    var none = document.createElement("option");
    none.value = "";
    none.textContent = gettext("グループから外す");
    select.appendChild(none);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--quiet button--small";
    button.textContent = gettext("移動");
    button.setAttribute("aria-label", interpolate(gettext("%(name)sさんを移動"), { name: member.name }, true));
    button.addEventListener("click", function () {
      socket.send({ type: "member.move", user_id: member.id, group_id: select.value ? Number(select.value) : null });
    });
    item.appendChild(label);
    item.appendChild(select);
    item.appendChild(button);
    return item;
  }

  var currentGroup = null;

  var handlers = {
    state: function (frame) {
      showPhase(frame.phase);
      showTimer(frame.timer);
      showStatus(frame.workshop.status);
      var list = $("[data-announcements]");
      if (list) list.textContent = "";
      frame.announcements.forEach(function (a) { showAnnouncement(a, true); });
      showHighlights(frame.highlights);
      if (screen === "board") {
        var groupId = frame.group ? frame.group.id : null;
        if (groupId !== currentGroup) {
          socket.resetGroups();
          var posts = $("[data-posts]");
          if (posts) posts.textContent = "";
        }
        currentGroup = groupId;
        socket.trackGroup(groupId);
        text("[data-group-name]", frame.group ? frame.group.name : gettext("グループ未定"));
        var form = $("#post-form");
        if (form) form.hidden = !frame.group;
        text("[data-no-group]", frame.group ? "" : gettext("まだグループに入っていません。ファシリテーターの案内を待ってください。"));
        showPending();
      }
      if (frame.groups) renderRoster(frame.groups);
    },
    posts: function (frame) { frame.posts.forEach(function (post) { addPost(post, true); }); },
    post: function (frame) { addPost(frame.post, false); },
    "post.ack": function (frame) {
      var item = document.getElementById("post-" + frame.client_id);
      if (item) {
        item.classList.remove("is-pending");
        var badge = item.querySelector(".post-pending");
        if (badge) badge.textContent = gettext("送信済み");
      }
    },
    phase: function (frame) {
      showPhase(frame.phase);
      showTimer(frame.timer);
      T.announce(interpolate(gettext("フェーズが「%(name)s」に変わりました。"), { name: frame.phase.name }, true));
    },
    timer: function (frame) { showTimer(frame.timer); },
    announcement: function (frame) { showAnnouncement(frame.announcement, false); },
    highlight: function (frame) { setHighlight(frame.post, frame.on, false); },
    roster: function (frame) { renderRoster(frame.groups); },
    status: function (frame) { showStatus(frame.status); T.announce(gettext("グループワークが終了しました。")); },
    moved: function (frame) { T.announce(frame.message); },
    removed: function (frame) { T.announce(frame.message); },
    "session.ended": function () { /* onclose shows the status */ },
    error: function (frame) {
      var out = $("[data-error]");
      if (out) out.textContent = frame.message;
      if (frame.client_id) {
        var item = document.getElementById("post-" + frame.client_id);
        if (item && frame.code !== "flood") item.remove();
        if (frame.failedText) {
          var area = $("#post-text");
          if (area && !area.value) area.value = frame.failedText;
        }
      }
    }
  };

  // Trainee board: post form.
  var form = $("#post-form");
  if (form) {
    var area = $("#post-text");
    var counter = $("#post-count");
    var limit = Number(area.getAttribute("maxlength"));
    function showCount() {
      counter.textContent = interpolate(
        ngettext("%(count)s / %(limit)s文字", "%(count)s / %(limit)s文字", limit),
        { count: area.value.length, limit: limit }, true);
    }
    area.addEventListener("input", showCount);
    showCount();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = area.value.trim();
      var out = $("[data-error]");
      if (!value) { out.textContent = gettext("内容を入力してください。"); area.focus(); return; }
      out.textContent = "";
      var kind = $("#post-kind").value;
      socket.post(kind, value);
      area.value = "";
      showCount();
      showPending();
      area.focus();
    });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    });
  }

  // Console controls.
  root.querySelectorAll("[data-control]").forEach(function (button) {
    button.addEventListener("click", function () {
      var frame = { type: button.getAttribute("data-control") };
      var minutes = button.getAttribute("data-minutes");
      if (minutes) frame.minutes = Number(minutes);
      if (frame.type === "workshop.end" && !window.confirm(gettext("グループワークを終了しますか。終了後は投稿できません。"))) return;
      socket.send(frame);
    });
  });
  var announceForm = $("#announce-form");
  if (announceForm) {
    announceForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = $("#announce-text");
      if (!field.value.trim()) { $("[data-error]").textContent = gettext("連絡の内容を入力してください。"); return; }
      if (socket.send({ type: "announce", text: field.value })) field.value = "";
    });
  }

  socket.open();
})();
