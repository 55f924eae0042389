// After Lenin in the browser: the window's keys, the typed text, and the stage swapped in place.
// Every page works without this script (plain forms, post-redirect-get); this only adds comfort.
(function () {
  "use strict";
  var GUARD_MS = 300; // input this soon after a decision appears never chooses (issue 12: Enter never decides)
  var shownAt = performance.now();
  var busy = false;
  var typing = null;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function reduced() {
    return document.documentElement.classList.contains("reduce-motion") ||
      (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }
  function typingTarget(el) {
    var tag = el && el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable);
  }
  function interactive(el) {
    var tag = el && el.tagName;
    return tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || typingTarget(el) || tag === "LABEL";
  }

  // -- typed text: the newest line appears at the chosen speed; any key or click completes it --
  function startTyping() {
    var el = $("[data-typed]");
    var speed = parseInt(document.body.getAttribute("data-speed") || "0", 10);
    if (!el || !speed || reduced()) { return; }
    var nodes = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, null);
    while (walker.nextNode()) { nodes.push({ node: walker.currentNode, text: walker.currentNode.nodeValue }); }
    var total = nodes.reduce(function (n, x) { return n + x.text.length; }, 0);
    if (total < 2) { return; }
    nodes.forEach(function (x) { x.node.nodeValue = ""; });
    var start = performance.now();
    typing = { done: false, finish: function () {
      nodes.forEach(function (x) { x.node.nodeValue = x.text; });
      typing.done = true; el.removeAttribute("aria-busy");
    } };
    el.setAttribute("aria-busy", "true");
    function tick(now) {
      if (!typing || typing.done) { return; }
      var shown = Math.floor((now - start) / 1000 * speed);
      var left = shown;
      nodes.forEach(function (x) {
        var take = Math.max(0, Math.min(x.text.length, left));
        x.node.nodeValue = x.text.slice(0, take);
        left -= x.text.length;
      });
      if (shown >= total) { typing.finish(); return; }
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  }
  function finishTyping() {
    if (typing && !typing.done) { typing.finish(); return true; }
    return false;
  }

  // -- focus and announcements after a page or a stage appears --
  function settle(announce) {
    shownAt = performance.now();
    typing = null;
    var stage = $("#stage");
    if (stage) {
      var kind = stage.getAttribute("data-kind");
      var prompt = $(".prompt", stage);
      if ((kind === "choice" || kind === "appointments") && prompt) {
        prompt.focus({ preventScroll: false }); // the question, never an option: nothing is preselected
      } else {
        var go = $("[data-key=continue]", stage);
        if (go) { go.focus({ preventScroll: true }); }
      }
      if (announce) {
        var live = $("#live");
        var now = $("#now", stage);
        var text = $("#current-text", stage);
        if (live) {
          live.textContent = [now ? now.textContent : "", text ? text.textContent : ""].join(". ").trim();
        }
      }
      markTaken();
      // The box with the step sits below the scene's earlier lines: bring all of it into view.
      var box = $(".box", stage);
      if (box) {
        var rect = box.getBoundingClientRect();
        if (rect.bottom > window.innerHeight || rect.top < 0) {
          box.scrollIntoView({ block: rect.height > window.innerHeight ? "start" : "end",
                               behavior: reduced() ? "auto" : "smooth" });
        }
      }
    }
    startTyping();
  }

  // -- appointment boards: a person chosen for one post is marked as taken on the others --
  function markTaken() {
    var board = $("form.board");
    if (!board) { return; }
    var chosen = {};
    $all("input[type=radio]:checked", board).forEach(function (r) { chosen[r.value] = r.name; });
    $all("input[type=radio]", board).forEach(function (r) {
      var taken = chosen[r.value] && chosen[r.value] !== r.name;
      r.closest(".candidate").classList.toggle("taken", !!taken);
      r.disabled = !!taken;
    });
  }
  document.addEventListener("change", function (ev) {
    if (ev.target.closest && ev.target.closest("form.board")) { markTaken(); }
  });

  // -- sending a form: the stage is swapped in place, the address stays /play --
  function send(form, submitter) {
    if (busy) { return; }
    busy = true;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var body = new URLSearchParams();
    data.forEach(function (value, key) { body.append(key, value); });
    form.classList.add("waiting");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (response) {
        return response.text().then(function (html) { return { response: response, html: html }; });
      })
      .then(function (r) {
        var doc = new DOMParser().parseFromString(r.html, "text/html");
        var main = doc.getElementById("main");
        if (!main) { throw new Error("no page"); }
        $("#main").innerHTML = main.innerHTML;
        document.title = doc.title;
        var url = new URL(r.response.url);
        if (url.pathname !== location.pathname) { history.replaceState(null, "", url.pathname + url.hash); }
        busy = false;
        settle(true);
      })
      .catch(function () {
        busy = false;
        form.classList.remove("waiting");
        var live = $("#live");
        var msg = "The game could not reach the server. Your game is saved up to your last step; try again.";
        if (live) { live.textContent = msg; }
        var note = $(".notice") || document.createElement("p");
        note.className = "notice"; note.setAttribute("role", "alert"); note.textContent = msg;
        $("#main").insertBefore(note, $("#main").firstChild);
      });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("form.act, form.choices, form.board")) { return; }
    if (form.hasAttribute("data-decision") && performance.now() - shownAt < GUARD_MS) {
      ev.preventDefault(); // too soon after the decision appeared: a key held from the last line
      return;
    }
    ev.preventDefault();
    send(form, ev.submitter);
  });

  // -- the window's keys --
  function click(sel) { var el = $(sel); if (el) { el.click(); return true; } return false; }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var target = ev.target;
    if (typingTarget(target)) { return; }
    var key = ev.key;
    var stage = $("#stage");
    if (key === "Enter" || key === " ") {
      if (interactive(target) && target.tagName !== "LABEL") {
        if (finishTyping() && target.matches("[data-key=continue]")) { ev.preventDefault(); }
        return; // a focused button or link does its own thing
      }
      if (finishTyping()) { ev.preventDefault(); return; }
      if (stage && click("[data-key=continue]")) { ev.preventDefault(); }
      return; // never a choice: on a decision, Enter only acts on the option that has focus
    }
    if (/^[1-9]$/.test(key) && stage) {
      var option = $(".option[data-number='" + key + "']", stage);
      if (option) {
        ev.preventDefault();
        option.focus();
        if (performance.now() - shownAt >= GUARD_MS) { option.click(); }
      }
      return;
    }
    if ((key === "ArrowDown" || key === "ArrowUp") && stage) {
      var options = $all(".option", stage);
      if (!options.length) { return; }
      var i = options.indexOf(document.activeElement);
      var next = key === "ArrowDown" ? (i < 0 ? 0 : Math.min(options.length - 1, i + 1)) : (i < 0 ? options.length - 1 : Math.max(0, i - 1));
      options[next].focus();
      ev.preventDefault();
      return;
    }
    if (key === "Backspace" && stage) {
      var undo = $("form.act input[name=do][value=undo]");
      if (undo) { ev.preventDefault(); send(undo.form, null); }
      return;
    }
    if (key === "h" || key === "H") { ev.preventDefault(); location.href = "/history"; return; }
    if (key === "g" || key === "G") { ev.preventDefault(); location.href = "/glossary"; return; }
    if (key === "Escape" && !stage) { click("[data-key=back]"); }
  });

  document.addEventListener("click", function (ev) {
    // A click on the text completes it first, as in the window.
    if (typing && !typing.done && ev.target.closest && ev.target.closest(".box") && !ev.target.closest("button, a")) {
      finishTyping();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { settle(false); });
  } else { settle(false); }
})();
