// The live workshop connection, shared by the board, the console and the plenary screen.
// It reconnects by itself, asks for what it missed by sequence number, keeps posts written
// offline in localStorage until the server acknowledges them, and shows the server's timer.
// Protocol: docs/websocket-protocol.md.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines gettext; without it the Japanese msgids show.
  var gettext = window.gettext || function (msgid) { return msgid; };

  var PING_EVERY_MS = 20000;
  var PONG_WITHIN_MS = 8000;
  var FLOOD_RETRY_MS = 10000;

  function WorkshopSocket(options) {
    this.url = options.url;
    this.storageKey = options.storageKey;
    this.onFrame = options.onFrame;
    this.onStatus = options.onStatus || function () {};
    this.lastSeq = {};        // group id -> highest number seen without a gap
    this.pending = this.loadPending();
    this.socket = null;
    this.backoff = 500;
    this.pingTimer = null;
    this.pongTimer = null;
    this.clockOffset = 0;     // server time minus browser time, in ms
    var self = this;
    window.addEventListener("offline", function () { self.drop("offline"); });
    window.addEventListener("online", function () { self.backoff = 500; self.open(); });
  }

  WorkshopSocket.prototype.open = function () {
    if (this.socket && this.socket.readyState <= 1) return;
    if (navigator.onLine === false) { this.onStatus("offline"); return; }
    var self = this;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + this.url);
    this.socket = socket;
    this.onStatus("connecting");
    socket.onopen = function () { self.backoff = 500; self.heartbeat(); };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      self.receive(frame);
    };
    socket.onclose = function (event) {
      if (self.socket !== socket) return;
      self.stopHeartbeat();
      self.socket = null;
      if (event.code === 4401) { self.onStatus("signed-out"); return; }
      if (event.code === 4403) { self.onStatus("forbidden"); return; }
      self.onStatus(navigator.onLine === false ? "offline" : "reconnecting");
      setTimeout(function () { self.open(); }, self.backoff);
      self.backoff = Math.min(self.backoff * 2, 10000);
    };
  };

  // Close a connection the browser believes dead; onclose schedules the reconnect.
  WorkshopSocket.prototype.drop = function (status) {
    var socket = this.socket;
    this.stopHeartbeat();
    this.socket = null;
    if (socket) { try { socket.close(); } catch (e) { /* already closed */ } }
    this.onStatus(status || "reconnecting");
    if (status !== "offline") {
      var self = this;
      setTimeout(function () { self.open(); }, this.backoff);
    }
  };

  WorkshopSocket.prototype.heartbeat = function () {
    var self = this;
    this.stopHeartbeat();
    this.pingTimer = setInterval(function () {
      self.send({ type: "ping" });
      clearTimeout(self.pongTimer);
      self.pongTimer = setTimeout(function () { self.drop("reconnecting"); }, PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  };

  WorkshopSocket.prototype.stopHeartbeat = function () {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  };

  WorkshopSocket.prototype.send = function (frame) {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  };

  WorkshopSocket.prototype.receive = function (frame) {
    if (frame.server_time) this.setClock(frame.server_time);
    if (frame.timer && frame.timer.server_time) this.setClock(frame.timer.server_time);
    if (frame.type === "pong") { clearTimeout(this.pongTimer); return; }
    if (frame.type === "state") {
      this.onStatus("connected");
      this.onFrame(frame);
      this.resume();
      this.flush();
      return;
    }
    if (frame.type === "post") {
      if (!this.accept(frame.post)) return;
    } else if (frame.type === "posts") {
      var self = this;
      frame.posts = frame.posts.filter(function (post) { return self.accept(post); });
    } else if (frame.type === "post.ack") {
      this.forget(frame.client_id);
    } else if (frame.type === "error" && frame.client_id) {
      this.refused(frame);
    }
    this.onFrame(frame);
  };

  // A post is shown once, in order; a gap means frames were lost, so ask again.
  WorkshopSocket.prototype.accept = function (post) {
    var seen = this.lastSeq[post.group_id] || 0;
    if (post.seq <= seen) return false;
    if (post.seq > seen + 1) { this.resume(); return false; }
    this.lastSeq[post.group_id] = post.seq;
    this.forget(post.client_id);
    return true;
  };

  WorkshopSocket.prototype.resume = function () {
    this.send({ type: "resume", last_seq: this.lastSeq });
  };

  WorkshopSocket.prototype.trackGroup = function (groupId) {
    if (groupId && !(groupId in this.lastSeq)) this.lastSeq[groupId] = 0;
  };

  WorkshopSocket.prototype.resetGroups = function () { this.lastSeq = {}; };

  // Posts: kept in localStorage until acknowledged, so a reload or a dropped line loses nothing.
  WorkshopSocket.prototype.post = function (kind, text) {
    var id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : String(Date.now()) + "-" + Math.random().toString(16).slice(2);
    var item = { client_id: id, kind: kind, text: text, created: Date.now() };
    this.pending.push(item);
    this.savePending();
    this.flushOne(item);
    return item;
  };

  WorkshopSocket.prototype.flush = function () {
    var self = this;
    this.pending.forEach(function (item) { self.flushOne(item); });
  };

  WorkshopSocket.prototype.flushOne = function (item) {
    if (item.waitUntil && item.waitUntil > Date.now()) return;
    this.send({ type: "post", client_id: item.client_id, kind: item.kind, text: item.text });
  };

  WorkshopSocket.prototype.refused = function (frame) {
    var item = this.pending.find(function (p) { return p.client_id === frame.client_id; });
    if (!item) return;
    if (frame.code === "flood") {
      var self = this;
      item.waitUntil = Date.now() + FLOOD_RETRY_MS;
      setTimeout(function () { item.waitUntil = 0; self.flushOne(item); }, FLOOD_RETRY_MS);
      return;
    }
    frame.failedText = item.text;
    this.forget(item.client_id);
  };

  WorkshopSocket.prototype.forget = function (clientId) {
    var before = this.pending.length;
    this.pending = this.pending.filter(function (p) { return p.client_id !== clientId; });
    if (this.pending.length !== before) this.savePending();
  };

  WorkshopSocket.prototype.loadPending = function () {
    try { return JSON.parse(localStorage.getItem(this.storageKey) || "[]"); } catch (e) { return []; }
  };

  WorkshopSocket.prototype.savePending = function () {
    try { localStorage.setItem(this.storageKey, JSON.stringify(this.pending)); } catch (e) { /* private mode */ }
  };

  WorkshopSocket.prototype.setClock = function (serverTime) {
    var parsed = Date.parse(serverTime);
    if (!isNaN(parsed)) this.clockOffset = parsed - Date.now();
  };

  WorkshopSocket.prototype.now = function () { return Date.now() + this.clockOffset; };

  // The server holds the deadline; the browser only counts down to it.
  function Countdown(element, socket, onZero) {
    this.element = element;
    this.socket = socket;
    this.onZero = onZero || function () {};
    this.timer = null;
    this.firedZero = false;
  }

  Countdown.prototype.show = function (timer) {
    var self = this;
    clearInterval(this.timer);
    this.data = timer;
    this.firedZero = false;
    this.render();
    if (timer && timer.running) this.timer = setInterval(function () { self.render(); }, 500);
  };

  Countdown.prototype.seconds = function () {
    var timer = this.data;
    if (!timer) return 0;
    if (!timer.running || !timer.deadline) return timer.remaining_seconds;
    return Math.max(0, Math.ceil((Date.parse(timer.deadline) - this.socket.now()) / 1000));
  };

  Countdown.prototype.render = function () {
    var left = this.seconds();
    var text = String(Math.floor(left / 60)).padStart(2, "0") + ":" + String(left % 60).padStart(2, "0");
    this.element.textContent = text;
    this.element.setAttribute("datetime", "PT" + left + "S");
    if (this.data && this.data.running && left === 0 && !this.firedZero) {
      this.firedZero = true;
      clearInterval(this.timer);
      this.onZero();
    }
  };

  var KIND_CLASS = { notice: "notice", question: "question", proposal: "proposal", strength: "strength", issue: "issue" };

  // User text goes in with textContent only, so nothing a trainee writes becomes markup.
  function postElement(post, options) {
    var item = document.createElement("li");
    item.className = "post post--" + (KIND_CLASS[post.kind] || "notice");
    item.id = "post-" + (post.id || post.client_id);
    if (post.seq) item.setAttribute("data-seq", post.seq);
    var meta = document.createElement("p");
    meta.className = "post-meta";
    var kind = document.createElement("span");
    kind.className = "post-kind";
    kind.textContent = post.kind_label || "";
    meta.appendChild(kind);
    meta.appendChild(document.createTextNode(" " + (post.author || "")));
    if (post.created_at) {
      var time = document.createElement("time");
      time.setAttribute("datetime", post.created_at);
      time.textContent = " " + new Date(post.created_at).toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
      meta.appendChild(time);
    }
    if (post.seq) {
      var number = document.createElement("span");
      number.className = "post-seq";
      number.textContent = " #" + post.seq;
      meta.appendChild(number);
    }
    if (options && options.pending) {
      var state = document.createElement("span");
      state.className = "post-pending";
      state.textContent = gettext("送信待ち");
      meta.appendChild(state);
      item.classList.add("is-pending");
    }
    var text = document.createElement("p");
    text.className = "post-text";
    text.textContent = post.text;
    item.appendChild(meta);
    item.appendChild(text);
    return item;
  }

  function announce(message) {
    var region = document.getElementById("live-announcer");
    if (!region) return;
    region.textContent = "";
    // A fresh text node after a tick makes screen readers read repeated messages too.
    setTimeout(function () { region.textContent = message; }, 50);
  }

  var STATUS_TEXT = {
    connecting: gettext("接続しています…"),
    connected: gettext("接続中"),
    reconnecting: gettext("接続が切れました。再接続しています…"),
    offline: gettext("オフラインです。投稿は送信待ちとして保存され、再接続すると送られます。"),
    "signed-out": gettext("ログアウトしました。もう一度ログインしてください。"),
    forbidden: gettext("このグループワークには参加できません。")
  };

  window.Tsunagu = window.Tsunagu || {};
  window.Tsunagu.WorkshopSocket = WorkshopSocket;
  window.Tsunagu.Countdown = Countdown;
  window.Tsunagu.postElement = postElement;
  window.Tsunagu.announce = announce;
  window.Tsunagu.STATUS_TEXT = STATUS_TEXT;
})();
