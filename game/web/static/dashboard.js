// The teacher's dashboard and projector view: every few seconds, the class as the JSON API sees it.
// Everything a student typed goes in as text (textContent), never as markup.
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) { return; }
  var code = root.getAttribute("data-code");
  var csrf = root.getAttribute("data-csrf") || "";
  var names = root.getAttribute("data-names") !== "no";
  var EVERY_MS = 3000;

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function state(s) {
    if (s.finished) { return "finished: " + s.ending; }
    if (s.idle) { return "idle " + s.minutes_idle + " min"; }
    return "playing";
  }
  function render(data) {
    ["joined", "finished", "handed_in", "idle"].forEach(function (k) {
      var span = root.querySelector("[data-field=" + k + "]");
      if (span) { span.textContent = data[k]; }
    });
    var body = document.querySelector("#students tbody");
    if (body && names) {
      body.textContent = "";
      data.students.forEach(function (s) {
        var tr = el("tr");
        tr.appendChild(el("th", s.name, { scope: "row" }));
        tr.appendChild(el("td", s.chapter, { "data-label": "Chapter" }));
        tr.appendChild(el("td", s.decisions, { "data-label": "Decisions" }));
        tr.appendChild(el("td", s.last, { "data-label": "Last decision" }));
        tr.appendChild(el("td", state(s), { "data-label": "State" }));
        var cell = el("td", null, { "data-label": "Report" });
        if (s.handed_in) {
          cell.appendChild(el("a", "open", { href: "/teacher/class/" + code + "/report/" + encodeURIComponent(s.id) }));
        } else { cell.textContent = "–"; }
        tr.appendChild(cell);
        var resume = el("td", null, { "data-label": "Resume code" });
        resume.appendChild(el("span", s.resume, { "class": "resume-code" }));
        var form = el("form", null, { method: "post", "class": "let-in",
          action: "/teacher/class/" + code + "/let-in/" + encodeURIComponent(s.id) });
        form.appendChild(el("input", null, { type: "hidden", name: "csrf", value: csrf }));
        form.appendChild(el("button", "Let in", { type: "submit", "class": "secondary",
          "aria-label": "Let " + s.name + " in on another device" }));
        resume.appendChild(form);
        tr.appendChild(resume);
        body.appendChild(tr);
      });
    }
    var waiting = document.getElementById("not-joined");
    if (waiting && names && Array.isArray(data.not_joined)) {
      waiting.textContent = "";
      if (data.not_joined.length) {
        waiting.appendChild(el("h3", "On the class list, not joined yet (" + data.not_joined.length + ")"));
        var list = el("ul");
        data.not_joined.forEach(function (n) { list.appendChild(el("li", n)); });
        waiting.appendChild(list);
      }
    }
    var decisions = document.getElementById("decisions");
    if (decisions) {
      decisions.textContent = "";
      if (!data.decisions.length) { decisions.appendChild(el("p", "No decisions yet.")); }
      data.decisions.forEach(function (d) {
        var box = el("div", null, { "class": "decision-count" });
        box.appendChild(el(names ? "h3" : "h2", d.prompt));
        var line = (names ? d.total + (d.total === 1 ? " student" : " students") : "") +
          (d.historical_share === null ? "" : (names ? " · " : "") + d.historical_share + " % did what was done historically");
        box.appendChild(el("p", line));
        var ul = el("ul");
        d.options.forEach(function (o) {
          var li = el("li");
          li.appendChild(el("span", o.count, { "class": "tally-n" }));
          li.appendChild(document.createTextNode(" " + o.text));
          ul.appendChild(li);
        });
        box.appendChild(ul);
        decisions.appendChild(box);
      });
    }
    var answers = document.getElementById("answers");
    if (answers) {
      answers.textContent = "";
      if (!data.answers.length) { answers.appendChild(el("p", "None handed in yet.")); }
      data.answers.forEach(function (a) {
        answers.appendChild(el("h3", a.prompt));
        var ul = el("ul");
        a.answers.forEach(function (t) { ul.appendChild(el("li", t)); });
        answers.appendChild(ul);
      });
    }
  }
  function poll() {
    fetch("/api/classes/" + encodeURIComponent(code) + "?names=" + (names ? "yes" : "no"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, EVERY_MS); });
  }
  setTimeout(poll, EVERY_MS);
})();
