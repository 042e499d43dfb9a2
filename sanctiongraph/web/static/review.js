// The review page (#/review), shown only when the explorer runs with `serve --review`.
// Candidate pairs side by side, judged with the keyboard: s same, d different, u unsure,
// z undo the last judgement, j / k next / previous pair, r read the records from the lists. Each judgement is written at
// once to the resolver file; "Apply" updates the graph with all of them in one batch.
// Every value from the graph or the lists goes into the page as text (textContent).
(function () {
  "use strict";
  var KEYS = { s: "same", d: "different", u: "unsure" };
  var state = { rows: [], index: 0, last: null, params: {}, ui: null, busy: false, total: 0 };

  // The tab shows only when the server says reviewing is on.
  fetch("/api/review/status").then(function (r) { return r.json(); }).then(function (s) {
    var tab = document.getElementById("review-tab");
    if (tab && s.enabled) tab.hidden = false;
  }).catch(function () { /* the tab stays hidden */ });

  function post(path, body) {
    return state.ui.api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }
  function list(values) {
    if (values === null || values === undefined || values === "") return [];
    return Array.isArray(values) ? values : [values];
  }

  // One row of the side-by-side table: a label and what each side says.
  function row(tbody, label, a, b) {
    var ui = state.ui, tr = ui.el("tr"), th = ui.el("th", label);
    th.scope = "row";
    tr.appendChild(th);
    [a, b].forEach(function (values) {
      var td = ui.el("td"), items = list(values);
      if (!items.length) td.appendChild(ui.el("span", "—", "muted"));
      items.forEach(function (v) { td.appendChild(typeof v === "string" ? ui.el("div", v) : v); });
      tr.appendChild(td);
    });
    if (JSON.stringify(list(a).map(text)) === JSON.stringify(list(b).map(text)) && list(a).length) tr.className = "agree";
    tbody.appendChild(tr);
  }
  function text(v) { return typeof v === "string" ? v : v.textContent; }

  function offices(side) {
    var out = [];
    side.offices.forEach(function (g) {
      g.offices.forEach(function (o) { out.push(g.name + ": " + [o.address, o.city].filter(Boolean).join(", ") + (o.role ? " (" + o.role + ")" : "")); });
    });
    return out;
  }
  function listings(side) {
    var out = [];
    side.listings.forEach(function (g) {
      g.listings.forEach(function (l) {
        out.push(g.name + " " + (l.listed_on || "date not given") + " — " + (l.programme || "") +
          (l.reference ? " (ref. " + l.reference + ")" : "") + (l.status === "delisted" ? " — delisted " + (l.delisted_on || "") : ""));
      });
    });
    return out;
  }
  function records(side) {
    return side.records.map(function (r) {
      var d = state.ui.el("div");
      state.ui.add(d, state.ui.el("span", r.record + " "), state.ui.el("span", [r.name, r.list_date].filter(Boolean).join(" · "), "muted"));
      return d;
    });
  }
  function identifiers(side) {
    return Object.keys(side.identifiers).map(function (k) { return k + ": " + list(side.identifiers[k]).join(", "); });
  }

  function showPair(box, detail) {
    var ui = state.ui, a = detail.a, b = detail.b, ev = detail.evidence;
    box.textContent = "";
    box.dataset.a = a.id; box.dataset.b = b.id;
    var t = ui.el("table", null, "review-sides"), head = ui.el("tr"), body = ui.el("tbody");
    t.id = "review-sides";
    head.appendChild(ui.el("th", ""));
    [a, b].forEach(function (s) { var th = ui.el("th"); th.appendChild(ui.entityLink({ id: s.id, name: s.names.name })); head.appendChild(th); });
    ui.add(t, ui.add(ui.el("thead"), head), body);
    row(body, "key", a.id, b.id);
    row(body, "kind", a.kind, b.kind);
    row(body, "local name", a.names.name_local, b.names.name_local);
    row(body, "aliases", a.names.aliases, b.names.aliases);
    row(body, "birth dates", a.person.birth_dates, b.person.birth_dates);
    row(body, "nationalities", a.person.nationalities, b.person.nationalities);
    row(body, "posts", a.person.positions, b.person.positions);
    row(body, "identifiers", identifiers(a), identifiers(b));
    row(body, "addresses", offices(a), offices(b));
    row(body, "seat", a.seat.map(function (s) { return s.name; }), b.seat.map(function (s) { return s.name; }));
    row(body, "listings", listings(a), listings(b));
    row(body, "records", records(a), records(b));
    row(body, "notes", a.other.notes, b.other.notes);

    var evidence = ui.el("section", null, "review-evidence"); evidence.id = "review-evidence";
    ui.add(evidence, ui.el("h3", "Evidence · score " + ev.score + " · " + ev.evidence + (ev.lines > 1 ? " · met " + ev.lines + " times" : "")));
    var forList = ui.el("ul", null, "for"), against = ui.el("ul", null, "against");
    forList.id = "review-for"; against.id = "review-against";
    ev["for"].forEach(function (x) { forList.appendChild(ui.el("li", x)); });
    ev.logged.forEach(function (x) { if (ev["for"].indexOf(x) < 0) forList.appendChild(ui.el("li", x + " (when loaded)")); });
    ev.against.forEach(function (x) { against.appendChild(ui.el("li", x)); });
    if (!ev.against.length) against.appendChild(ui.el("li", "nothing", "muted"));
    ui.add(evidence, ui.el("h4", "For"), forList, ui.el("h4", "Against"), against,
      ui.el("p", "The scorer on the two entities as they are now: " + ev.scorer.verdict + " (" + ev.scorer.evidence + ", " + ev.scorer.score + ")", "muted"));

    var said = ui.el("section"); said.id = "review-statements";
    var read = ui.el("button", "Read each record from its list (r)"); read.type = "button"; read.id = "review-read";
    read.addEventListener("click", function () { readRecords(box, said, a.id, b.id); });
    ui.add(said, ui.el("h3", "What each list's records say"),
      ui.el("p", "Read on request from the copies of the list files the loads kept: a second on small lists, ten or more on large ones.", "muted"), read);
    ui.add(box, t, evidence, said);
  }

  // What each record asserts, read back from the kept list files (slow on large lists,
  // so only when asked: a reviewer moving on with j does not leave reads piling up).
  function readRecords(box, said, a, b) {
    var ui = state.ui;
    if (said.dataset.reading) return;
    said.dataset.reading = "1";
    said.appendChild(ui.el("p", "reading the lists…", "muted"));
    ui.api("/api/review/statements?" + ui.qs({ a: a, b: b })).then(function (r) {
      if (box.dataset.a !== a || box.dataset.b !== b) return;  // moved on meanwhile
      said.textContent = "";
      said.appendChild(ui.el("h3", "What each list's records say"));
      var wrap = ui.el("div", null, "review-columns");
      [r.a, r.b].forEach(function (s, i) {
        var col = ui.el("div");
        col.appendChild(ui.table(["record", "property", "value", "file"], s.statements, "review-statements-" + "ab"[i], "statements"));
        if (s.not_kept.length) col.appendChild(ui.el("p", "no copy kept of: " + s.not_kept.join(", "), "muted"));
        wrap.appendChild(col);
      });
      said.appendChild(wrap);
    }).catch(function (e) { said.appendChild(ui.el("p", e.message, "error")); });
  }

  function render() {
    var ui = state.ui, queue = document.getElementById("review-queue"), box = document.getElementById("review-pair");
    var count = document.getElementById("review-count"), apply = document.getElementById("review-apply");
    queue.textContent = "";
    count.textContent = state.total + (state.total === 1 ? " pair" : " pairs") + " to judge";
    apply.textContent = "Apply " + state.toApply + (state.toApply === 1 ? " judgement" : " judgements") + " to the graph";
    apply.disabled = !state.toApply;
    state.rows.forEach(function (r, i) {
      var li = ui.el("li", null, i === state.index ? "current" : "");
      ui.add(li, ui.el("span", r.score.toFixed(2) + " ", "muted"), ui.el("span", r.name + " ~ " + r.other_name));
      li.addEventListener("click", function () { state.index = i; render(); });
      queue.appendChild(li);
    });
    box.textContent = "";
    delete box.dataset.a; delete box.dataset.b;
    var current = state.rows[state.index];
    if (!current) { box.appendChild(ui.el("p", "No candidate pairs to judge.", "muted")); ui.ready(); return; }
    delete document.body.dataset.ready;
    ui.api("/api/review/pair?" + ui.qs({ a: current.entity, b: current.other_entity })).then(function (d) {
      showPair(box, d); ui.ready();
    }).catch(function (e) { box.appendChild(ui.el("p", e.message, "error")); ui.ready(); });
  }

  function load() {
    var p = state.params;
    delete document.body.dataset.ready;
    return state.ui.api("/api/review/queue?" + state.ui.qs({ limit: 50, min_score: p.min_score, kind: p.kind, authority: p.authority })).then(function (q) {
      state.rows = q.rows; state.total = q.total; state.toApply = q.to_apply;
      state.index = Math.max(0, Math.min(state.index, state.rows.length - 1));
      render();
    });
  }

  function say(message, cls) {
    var last = document.getElementById("review-last");
    last.textContent = message; last.className = cls || "";
  }

  function judge(verdict) {
    var current = state.rows[state.index];
    if (!current || state.busy) return;
    state.busy = true;
    post("/api/review/judge", { a: current.entity, b: current.other_entity, verdict: verdict }).then(function (j) {
      state.last = j;
      say(current.name + " ~ " + current.other_name + ": " + j.verdict + " (by " + j.who + " at " + j.when + "; z undoes it)");
      return load();
    }).catch(function (e) { say(e.message, "error"); }).then(function () { state.busy = false; });
  }

  function undo() {
    if (!state.last || state.busy) return;
    state.busy = true;
    var j = state.last;
    post("/api/review/undo", { a: j.a, b: j.b }).then(function () {
      state.last = null;
      say("undone: " + j.a + " / " + j.b);
      return load();
    }).catch(function (e) { say(e.message, "error"); }).then(function () { state.busy = false; });
  }

  function applyAll() {
    if (state.busy) return;
    state.busy = true;
    delete document.body.dataset.ready;
    say("applying the judgements to the graph…");
    post("/api/review/apply", {}).then(function (r) {
      var refused = r.refused || [];
      say("applied " + r.applied + (r.applied === 1 ? " judgement" : " judgements") + " (" + r.records + " records placed again)" +
        (refused.length ? "; " + refused.length + (refused.length === 1 ? " join" : " joins") + " refused, because judgements disagree (undo one of them):" : ""),
        refused.length ? "applied refused" : "applied");
      if (refused.length) {
        // Each line names the two records judged the same and the entities holding records judged different.
        var lines = state.ui.el("ul"); lines.id = "review-refused";
        refused.forEach(function (line) { lines.appendChild(state.ui.el("li", line)); });
        document.getElementById("review-last").appendChild(lines);
      }
      document.getElementById("review-pair").dataset.applied = String(r.applied);
      return load();
    }).catch(function (e) { say(e.message, "error"); state.ui.ready(); }).then(function () { state.busy = false; });
  }

  function onKey(ev) {
    if (location.hash.indexOf("#/review") !== 0 || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target && ev.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") return;
    var k = ev.key;
    if (KEYS[k]) judge(KEYS[k]);
    else if (k === "z") undo();
    else if (k === "r" && document.getElementById("review-read")) document.getElementById("review-read").click();
    else if (k === "j" && state.index < state.rows.length - 1) { state.index++; render(); }
    else if (k === "k" && state.index > 0) { state.index--; render(); }
    else return;
    ev.preventDefault();
  }
  document.addEventListener("keydown", onKey);

  function show(ui, arg, params) {
    state.ui = ui; state.params = params; state.index = 0;
    ui.clear();
    var view = ui.view, el = ui.el, add = ui.add;
    return fetch("/api/review/status").then(function (r) { return r.json(); }).then(function (s) {
      if (!s.enabled) { ui.fail(new Error("Reviewing is off: start the explorer with `sanctiongraph serve --review`.")); return ui.ready(); }
      add(view, el("h1", "Review candidate pairs"),
        el("p", "Judging as " + s.who + " into " + s.resolver + ". Keys: s same · d different · u unsure · z undo · j / k next / previous · r read the records from the lists. The graph changes only when you apply.", "muted"));
      var bar = el("form", null, "toolbar"), min = el("input"), kind = el("select"), auth = el("input"), go = el("button", "Filter");
      bar.id = "review-filters"; min.name = "min_score"; min.type = "number"; min.step = "0.01"; min.min = "0"; min.max = "1";
      min.placeholder = "min score"; min.value = params.min_score || "";
      ["", "organization", "person", "vessel", "aircraft"].forEach(function (k) {
        var o = el("option", k || "any kind"); o.value = k; o.selected = (params.kind || "") === k; kind.appendChild(o);
      });
      kind.name = "kind"; auth.name = "authority"; auth.placeholder = "authority (uk, ofac, jp…)"; auth.value = params.authority || "";
      go.type = "submit";
      bar.addEventListener("submit", function (ev) {
        ev.preventDefault();
        location.hash = "#/review?" + ui.qs({ min_score: min.value, kind: kind.value, authority: auth.value });
      });
      var apply = el("button", "Apply"); apply.type = "button"; apply.id = "review-apply";
      apply.addEventListener("click", applyAll);
      var count = el("span", "", "muted"); count.id = "review-count";
      add(bar, min, kind, auth, go, count, apply);
      var last = el("p"); last.id = "review-last"; last.setAttribute("role", "status");
      var layout = el("div", null, "review-layout"), queue = el("ol", null, "review-queue"), box = el("div", null, "review-pair");
      queue.id = "review-queue"; box.id = "review-pair";
      add(layout, queue, box);
      add(view, bar, last, layout);
      return load();
    });
  }

  window.sanctiongraphViews = window.sanctiongraphViews || {};
  window.sanctiongraphViews.review = show;
})();
