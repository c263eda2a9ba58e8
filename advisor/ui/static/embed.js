// Minimal chat for prefectural sites (served at /embed, inside their iframe).
// Everything the server returns is inserted with textContent, never innerHTML: answers quote
// documents and echo user text, and neither may ever become markup.
(function () {
  "use strict";
  var root = document.getElementById("ax-embed");
  var maxChars = parseInt(root.getAttribute("data-max-chars"), 10) || 2000;
  var log = document.getElementById("ax-log");
  var form = document.getElementById("ax-form");
  var input = document.getElementById("ax-input");
  var send = document.getElementById("ax-send");
  var counter = document.getElementById("ax-counter");
  var status = document.getElementById("ax-status");
  var KEY = "ax-embed-session";

  function sessionId() {
    try { return window.sessionStorage.getItem(KEY); } catch (e) { return null; }
  }
  function keepSession(id) {
    try { window.sessionStorage.setItem(KEY, id); } catch (e) { /* storage blocked: one-shot questions */ }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function dateLabel(date) {
    if (!date) return "日付不明";
    var parts = String(date).split("-");
    var units = ["年", "月", "日"];
    var out = "";
    for (var i = 0; i < parts.length && i < 3; i++) {
      var n = parseInt(parts[i], 10);
      if (!isNaN(n)) out += n + units[i];
    }
    return out || String(date);
  }

  // context: which program a follow-up was taken to be about (so that a wrong carry-over is
  // visible, as in the full chat); notices: what the server adds beside the answer (profile
  // issues, warnings about the documents).
  function addMessage(role, text, citations, context, notices) {
    var item = el("li", "ax-msg ax-" + role);
    item.appendChild(el("span", "ax-sr", role === "user" ? "あなた: " : "アドバイザー: "));
    if (context) item.appendChild(el("p", "ax-context", "▶ " + context));
    item.appendChild(el("div", "ax-text", text));
    if (notices && notices.length) {
      var notes = el("ul", "ax-notices");
      notices.forEach(function (n) { notes.appendChild(el("li", null, n)); });
      item.appendChild(notes);
    }
    if (citations && citations.length) {
      var details = el("details", "ax-cites");
      details.appendChild(el("summary", null, "出典（" + citations.length + "件）"));
      var list = el("ol");
      citations.forEach(function (c) {
        var li = el("li", "ax-cite");
        li.appendChild(el("div", "ax-cite-head", c.title || "（題名不明）"));
        var where = c.page !== null && c.page !== undefined ? c.page + "ページ" : (c.section || "本文");
        li.appendChild(el("div", "ax-cite-meta", (c.issuer || "発行者不明") + "・" + dateLabel(c.date) + "・" + where));
        li.appendChild(el("blockquote", null, c.passage || ""));
        list.appendChild(li);
      });
      details.appendChild(list);
      item.appendChild(details);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function updateCounter() {
    var n = input.value.length;
    counter.textContent = n + " / " + maxChars + "文字";
    counter.className = n > maxChars ? "ax-counter ax-over" : "ax-counter";
  }

  input.addEventListener("input", updateCounter);
  input.addEventListener("keydown", function (ev) {
    // Enter sends, Shift+Enter adds a line; IME composition (Japanese input) must not send.
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var question = input.value.trim();
    if (!question) { status.textContent = "質問を入力してください。"; return; }
    addMessage("user", question);
    input.value = "";
    updateCounter();
    send.disabled = true;
    status.textContent = "回答を作成しています…";
    var body = { question: question };
    var sid = sessionId();
    if (sid) body.session_id = sid;
    fetch("api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.json().then(function (data) { return { ok: res.ok, data: data }; },
          function () { return { ok: false, data: { message: "サーバーから正しい応答がありませんでした。" } }; });
      })
      .then(function (r) {
        if (!r.ok) {
          addMessage("error", r.data.message || "エラーが発生しました。時間をおいてお試しください。");
          status.textContent = "";
          return;
        }
        if (r.data.session_id) keepSession(r.data.session_id);
        addMessage("assistant", r.data.answer, r.data.citations, r.data.context_line, r.data.notices);
        status.textContent = "回答しました。";
      })
      .catch(function () {
        addMessage("error", "通信できませんでした。ネットワークを確認して、もう一度お試しください。");
        status.textContent = "";
      })
      .then(function () { send.disabled = false; input.focus(); });
  });
  updateCounter();
})();
