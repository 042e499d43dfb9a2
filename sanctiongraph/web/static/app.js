// The explorer's pages. Every name from the graph goes into the page as text
// (textContent), never as HTML. Views are chosen by the address's #fragment.
(function () {
  "use strict";
  var view = document.getElementById("view");
  var status = document.getElementById("status");
  var network = null, nodes = null, edges = null, hidden = {}, expand = null, stable = false;

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function add(parent) { for (var i = 1; i < arguments.length; i++) parent.appendChild(arguments[i]); return parent; }
  function link(text, hash) { var a = el("a", text); a.href = hash; return a; }
  function entityLink(n) { var a = link(n.name || n.id, "#/entity/" + encodeURIComponent(n.id)); a.dataset.id = n.id; return a; }
  function clear() { view.textContent = ""; }
  function fail(err) { var p = el("p", err.message || String(err), "error"); p.id = "error"; view.appendChild(p); }
  function ready() { document.body.dataset.ready = "1"; }

  function api(path, options) {
    status.textContent = "…";
    return fetch(path, options).then(function (r) {
      return r.json().then(function (body) {
        status.textContent = "";
        if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
        return body;
      });
    });
  }
  function qs(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== "" && params[k] != null; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function parseHash() {
    var h = location.hash.replace(/^#\/?/, "");
    var q = h.indexOf("?"), path = q < 0 ? h : h.slice(0, q), params = {};
    if (q >= 0) h.slice(q + 1).split("&").forEach(function (kv) {
      var i = kv.indexOf("="); if (i > 0) params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    var slash = path.indexOf("/");
    return { page: slash < 0 ? path : path.slice(0, slash), arg: slash < 0 ? "" : decodeURIComponent(path.slice(slash + 1)), params: params };
  }

  // -- tables: sortable, with a CSV download -------------------------------------------
  function cell(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.map(cell).join("; ");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function table(columns, rows, id, filename) {
    var wrap = el("div"), t = el("table"), head = el("tr"), body = el("tbody"), order = { col: null, dir: 1 };
    t.id = id;
    function fill() {
      body.textContent = "";
      rows.forEach(function (r) {
        var tr = el("tr");
        columns.forEach(function (c) { tr.appendChild(el("td", cell(r[c]))); });
        body.appendChild(tr);
      });
    }
    columns.forEach(function (c) {
      var th = el("th", c); th.title = "Sort by " + c;
      th.addEventListener("click", function () {
        order.dir = order.col === c ? -order.dir : 1; order.col = c;
        rows.sort(function (a, b) {
          var x = a[c], y = b[c];
          if (typeof x === "number" && typeof y === "number") return (x - y) * order.dir;
          return cell(x).localeCompare(cell(y)) * order.dir;
        });
        fill();
      });
      head.appendChild(th);
    });
    add(t, add(el("thead"), head), body); fill();
    var csv = [columns.map(csvCell).join(",")].concat(rows.map(function (r) {
      return columns.map(function (c) { return csvCell(cell(r[c])); }).join(",");
    })).join("\r\n");
    var a = link("Download CSV", URL.createObjectURL(new Blob([csv], { type: "text/csv" })));
    a.download = filename + ".csv"; a.id = id + "-csv";
    add(wrap, el("p", rows.length + " rows", "muted"), a, t);
    return wrap;
  }
  function csvCell(s) { s = String(s); return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }

  // -- search ----------------------------------------------------------------------------
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    location.hash = "#/search?" + qs({ q: document.getElementById("q").value });
  });
  function chips(title, list) {
    var span = el("span", list.length ? title + " " : "", "muted");
    list.forEach(function (x) { span.appendChild(el("span", x.name, "chip")); });
    return span;
  }
  function showSearch(p) {
    clear();
    document.getElementById("q").value = p.q || "";
    if (!p.q) { add(view, el("h1", "Search the graph"), el("p", "Type a name or alias above: word beginnings, misspellings, accents and other scripts are fine.", "muted")); return ready(); }
    return api("/api/search?" + qs({ q: p.q, kind: p.kind, authority: p.authority, country: p.country })).then(function (r) {
      add(view, el("h1", r.count + (r.count === 1 ? " result" : " results") + " for “" + r.query + "”"));
      // Filters: kind, listing authority, country (seat, office or nationality).
      var form = el("form", null, "toolbar"), kind = el("select"), auth = el("input"), country = el("input");
      form.id = "filters"; kind.name = "kind"; auth.name = "authority"; country.name = "country";
      ["", "organization", "person", "vessel", "aircraft"].forEach(function (k) {
        var o = el("option", k || "any kind"); o.value = k; o.selected = (p.kind || "") === k; kind.appendChild(o);
      });
      auth.placeholder = "authority (jp, us, …)"; auth.value = p.authority || "";
      country.placeholder = "country (DE, Syria, …)"; country.value = p.country || "";
      var apply = el("button", "Filter"); apply.type = "submit";
      add(form, kind, auth, country, apply);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        location.hash = "#/search?" + qs({ q: p.q, kind: kind.value, authority: auth.value, country: country.value });
      });
      view.appendChild(form);
      var ul = el("ul", null, "results"); ul.id = "results";
      r.results.forEach(function (hit) {
        var li = el("li");
        add(li, entityLink(hit), el("span", " " + (hit.kind || ""), "muted"));
        if (hit.matched !== hit.name) add(li, el("div", "matched: " + hit.matched, "muted"));
        add(li, el("div", null), chips("listed by", hit.authorities), chips(" countries", hit.countries));
        ul.appendChild(li);
      });
      view.appendChild(ul); ready();
    });
  }

  // -- entity ----------------------------------------------------------------------------
  function section(title, id) { var s = el("section"); s.id = id; add(s, el("h2", title)); view.appendChild(s); return s; }
  // A listing's presence as its list's editions show it: each interval, the newest
  // edition that showed it and the editions that no longer did.
  function presenceText(l) {
    var parts = (l.intervals || []).map(function (i) {
      return "listed from " + i.from + (i.until ? " until " + i.until : ", still listed");
    });
    if (l.last_seen_on) parts.push("last seen in the edition of " + l.last_seen_on);
    if ((l.removed_by || []).length) parts.push("removed by " + l.removed_by.join(", "));
    return parts.join("; ");
  }
  function showEntity(id) {
    clear();
    return api("/api/entity/" + encodeURIComponent(id)).then(function (e) {
      // A key a judgement merged away: the address shows the key it moved to.
      if (e.id !== id) history.replaceState(null, "", "#/entity/" + encodeURIComponent(e.id));
      add(view, el("h1", e.name), el("p", [e.label, e.kind, e.id].filter(Boolean).join(" · "), "muted"));
      var actions = el("p", null, "actions");
      add(actions, link("Network", "#/network/" + encodeURIComponent(e.id)),
          link("Path from here", "#/path?" + qs({ from: e.id })));
      view.appendChild(actions);

      var ls = section("Listings, by authority", "listings");
      e.listings.forEach(function (g) {
        add(ls, el("h3", g.name));
        var ul = el("ul", null, "timeline");
        g.listings.forEach(function (l) {
          var li = el("li", (l.listed_on || "date unknown") + " — " + (l.programme || "") +
            (l.reference ? " (ref. " + l.reference + ")" : "") + (l.status === "delisted" ? " — delisted " + (l.delisted_on || "") : ""));
          var shown = presenceText(l);
          if (shown) add(li, el("div", shown, "muted presence"));
          l.events.forEach(function (ev) { add(li, el("span", " ↳ " + ev.relationship + " ", "muted"), entityLink(ev)); });
          ul.appendChild(li);
        });
        ls.appendChild(ul);
      });
      if (!e.listings.length) add(ls, el("p", "No listings.", "muted"));

      var os = section("Offices, by country", "offices");
      e.offices.forEach(function (g) {
        add(os, el("h3", g.name));
        var ul = el("ul");
        g.offices.forEach(function (o) { ul.appendChild(el("li", [o.name, o.role, o.city].filter(Boolean).join(" · "))); });
        os.appendChild(ul);
      });
      if (e.seat.length) add(os, el("p", "Head office country: " + e.seat.map(function (s) { return s.name; }).join(", ")));
      if (!e.offices.length) add(os, el("p", "No offices.", "muted"));

      var lk = section("Linked entities", "linked"), ul = el("ul");
      e.linked.forEach(function (n) { add(ul, add(el("li"), entityLink(n), el("span", n.role ? " (" + n.role + ")" : "", "muted"))); });
      add(lk, e.linked.length ? ul : el("p", "None.", "muted"));

      var es = section("Events its listings answer", "events"), eu = el("ul");
      e.events.forEach(function (ev) {
        add(eu, add(el("li"), el("span", (ev.date || "") + " "), entityLink(ev),
          el("span", " — " + ev.listings.map(function (l) { return l.authority + " " + (l.listed_on || "") + " (" + l.relationship + ")"; }).join("; "), "muted")));
      });
      add(es, e.events.length ? eu : el("p", "None.", "muted"));

      var ps = section("Properties", "props"), dl = el("dl", null, "props");
      Object.keys(e.props).forEach(function (k) { if (k !== "sources" && k !== "records") add(dl, el("dt", k), el("dd", cell(e.props[k]))); });
      ps.appendChild(dl);

      var ss = section("Sources", "sources"), su = el("ul");
      e.sources.forEach(function (s) { add(su, add(el("li"), el("span", s.name + " "), el("span", s.id + (s.list_date ? " · " + s.list_date : ""), "muted"))); });
      ss.appendChild(su);
      var fs = section("Every fact and its records", "facts");
      fs.appendChild(table(["fact", "sources", "records"], e.facts, "facts-table", "facts"));
      ready();
    });
  }

  // -- network ---------------------------------------------------------------------------
  function visNode(n) {
    // The legend group is kept as sgGroup: a vis-network "group" would recolour the node.
    return { id: n.id, label: n.label, shape: n.shape, size: n.size, sgGroup: n.group,
             color: { background: n.color, border: n.color }, font: { size: 11 } };
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, arrows: "to", color: { color: e.color }, font: { size: 8, align: "middle" } };
  }
  function merge(data) {
    data.nodes.forEach(function (n) { if (!nodes.get(n.id)) nodes.add(visNode(n)); });
    data.edges.forEach(function (e) { if (!edges.get(e.id)) edges.add(visEdge(e)); });
    applyHidden();
  }
  function applyHidden() {
    nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: !!hidden[n.sgGroup] }; }));
  }
  // The visible nodes' label boxes, as vis-network last drew them (canvas coordinates).
  function labelBoxes() {
    return nodes.get({ filter: function (n) { return !n.hidden && n.label; } }).map(function (n) {
      var s = network.body.nodes[n.id].labelModule.size;
      return { id: n.id, left: s.left, top: s.top, width: s.width, height: s.height };
    });
  }
  // Labels the layout left overlapping are moved apart (the physics places nodes, not their
  // labels): one by one, the most connected first, each to the free spot nearest where the
  // layout put it, tried on rings of growing radius. Once all are placed none overlaps.
  // Pushing overlapping pairs apart instead went round in circles where tens of labels
  // crowd around a hub (148 overlapping pairs left at 187 nodes).
  function declutter() {
    var gap = 2, placed = [], moved = false;
    var boxes = labelBoxes().map(function (b, i) { b.order = i; b.degree = network.getConnectedEdges(b.id).length; return b; });
    boxes.sort(function (a, b) { return b.degree - a.degree || a.order - b.order; });
    function free(left, top, b) {
      for (var i = 0; i < placed.length; i++) {
        var p = placed[i];
        if (left < p.left + p.width + gap && p.left < left + b.width + gap &&
            top < p.top + p.height + gap && p.top < top + b.height + gap) return false;
      }
      return true;
    }
    boxes.forEach(function (b) {
      var step = Math.max(4, b.height / 2), dx = 0, dy = 0;
      // Ring r has 8r points; 400 rings reach 400 label half-heights away, far more
      // than 150 labels can need.
      search: for (var r = 0; r < 400; r++) {
        var count = Math.max(1, 8 * r);
        for (var k = 0; k < count; k++) {
          var angle = 2 * Math.PI * k / count + Math.PI / 2;  // below first, then around
          var x = r * step * 2 * Math.cos(angle), y = r * step * Math.sin(angle);
          if (free(b.left + x, b.top + y, b)) { dx = x; dy = y; break search; }
        }
      }
      if (dx || dy) {
        var n = network.body.nodes[b.id];
        network.moveNode(b.id, n.x + dx, n.y + dy);
        moved = true;
      }
      placed.push({ left: b.left + dx, top: b.top + dy, width: b.width, height: b.height });
    });
    return moved;
  }
  function showNetwork(id, p) {
    clear();
    if (typeof vis === "undefined") { fail(new Error("the network view needs vis-network: pip install 'sanctiongraph[viz]'")); return ready(); }
    var hops = p.hops || "1";
    return api("/api/network/" + encodeURIComponent(id) + "?" + qs({ hops: hops })).then(function (data) {
      add(view, el("h1", "Network of " + data.title), el("p", "Click a node to expand it; double-click to open it.", "muted"));
      var bar = el("div", null, "toolbar"), sel = el("select"); sel.id = "hops";
      ["1", "2", "3"].forEach(function (h) { var o = el("option", h + " hop" + (h === "1" ? "" : "s")); o.value = h; o.selected = h === hops; sel.appendChild(o); });
      sel.addEventListener("change", function () { location.hash = "#/network/" + encodeURIComponent(id) + "?hops=" + sel.value; });
      var relayout = el("button", "Re-layout"); relayout.id = "relayout"; relayout.type = "button";
      add(bar, sel, relayout);
      hidden = {};
      data.legend.forEach(function (item) {
        var lab = el("label"), box = el("input"), sw = el("span", null, "swatch");
        box.type = "checkbox"; box.checked = true; box.dataset.group = item.group; sw.style.background = item.color;
        box.addEventListener("change", function () { hidden[item.group] = !box.checked; applyHidden(); });
        add(bar, add(lab, box, sw, document.createTextNode(item.group)));
      });
      var div = el("div"); div.id = "graph";
      var details = el("div"); details.id = "details";
      add(view, bar, div, details);
      nodes = new vis.DataSet([]); edges = new vis.DataSet([]);
      // vis-network skips measuring a label it does not draw, and it does not draw labels
      // smaller than its drawThreshold (the view of 100 nodes and more, fitted): until the
      // labels are placed every label is drawn, so every one is measured.
      var measureAll = { nodes: { scaling: { label: { drawThreshold: 0 } } } };
      var usual = { nodes: { scaling: { label: { drawThreshold: 5 } } } };
      // The data is in before the network is made: only then does vis-network run its
      // stabilisation iterations (undrawn, quick) rather than animate the whole layout.
      // 80 of them: about 0.4 s for 120 nodes in a busy headless Chromium, where 150
      // took 0.7 s and the view of a first render is to be drawn within a second.
      merge(data);
      network = new vis.Network(div, { nodes: nodes, edges: edges }, { physics: { stabilization: { iterations: 80 } }, interaction: { hover: true } });
      network.setOptions(measureAll);
      stable = false;
      network.on("startStabilizing", function () { stable = false; delete div.dataset.stable; });
      // The layout is the stabilisation's: physics then stops, rather than going on moving
      // nodes for tens of seconds on a busy machine (and moving labels already placed).
      // Labels are measured in the frame drawn after it, placed, and checked in the next.
      var passes = 0;
      var settle = function () {
        if (declutter() && ++passes < 3) {
          network.once("afterDrawing", settle);
          network.fit();  // what was moved stays in view
          network.redraw();
          return;
        }
        network.setOptions(usual);
        network.redraw();
        stable = true; div.dataset.stable = "1";
      };
      network.on("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        passes = 0;
        network.once("afterDrawing", settle);
        network.redraw();
      });
      // The first frame drawn, in the DOM: a browser test or benchmark waits for it.
      network.once("afterDrawing", function () { div.dataset.drawn = "1"; });
      // A new layout (asked for, or after an expansion brought nodes in) runs the physics
      // again, then places the labels again.
      var relay = function () {
        network.setOptions(measureAll);
        network.setOptions({ physics: { enabled: true } });
        network.stabilize(150);
      };
      relayout.addEventListener("click", relay);
      expand = function (nid) {
        details.textContent = "";
        add(details, el("span", "Expanded: "), entityLink({ id: nid, name: nodes.get(nid).label }));
        return api("/api/network/" + encodeURIComponent(nid) + "?hops=1").then(function (more) { merge(more); relay(); }).catch(function (e) { details.appendChild(el("p", e.message, "error")); });
      };
      network.on("click", function (params) { if (params.nodes.length) expand(params.nodes[0]); });
      network.on("doubleClick", function (params) { if (params.nodes.length) location.hash = "#/entity/" + encodeURIComponent(params.nodes[0]); });
      ready();
    });
  }

  // -- path ------------------------------------------------------------------------------
  function showPath(p) {
    clear();
    add(view, el("h1", "Path between two entities"));
    var form = el("form", null, "params"), from = el("input"), to = el("input"), hubs = el("input"), go = el("button", "Find a path");
    from.id = "path-from"; to.id = "path-to"; hubs.id = "path-hubs"; hubs.type = "checkbox";
    from.value = p.from || ""; to.value = p.to || ""; hubs.checked = p.hubs === "true";
    from.placeholder = to.placeholder = "name, alias or key";
    add(form, add(el("label", "From "), from), add(el("label", "To "), to),
        add(el("label"), hubs, document.createTextNode(" through countries, authorities, sources, events, places (hubs)")), go);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); location.hash = "#/path?" + qs({ from: from.value, to: to.value, hubs: hubs.checked ? "true" : "" }); });
    var out = el("div"); out.id = "path-result";
    add(view, form, out);
    if (!p.from || !p.to) return ready();
    return api("/api/path?" + qs({ from: p.from, to: p.to, hubs: p.hubs || "false" })).then(function (r) {
      if (!r.found) { add(out, el("p", "No path" + (r.hubs ? "" : " without walking through hubs; try allowing them") + ".", "muted")); return ready(); }
      add(out, el("p", r.hops + " steps" + (r.link ? ": " + r.link : "") + (r.paths > 1 ? " (the most specific of " + r.paths + " shortest paths)" : "")));
      var ol = el("ol");
      r.nodes.forEach(function (n, i) {
        var li = add(el("li"), entityLink(n), el("span", " (" + n.label + ")", "muted"));
        if (i < r.steps.length) add(li, el("span", "  " + (r.steps[i].forward ? "—" + r.steps[i].relationships.join("/") + "→" : "←" + r.steps[i].relationships.join("/") + "—"), "muted"));
        ol.appendChild(li);
      });
      out.appendChild(ol);
      if (typeof vis !== "undefined" && r.graph) {
        var div = el("div", null, "small"); div.id = "graph"; out.appendChild(div);
        nodes = new vis.DataSet(r.graph.nodes.map(visNode)); edges = new vis.DataSet(r.graph.edges.map(visEdge));
        network = new vis.Network(div, { nodes: nodes, edges: edges }, { physics: { stabilization: { iterations: 100 } } });
      }
      ready();
    });
  }

  // -- named queries ---------------------------------------------------------------------
  function showQueries(name, p) {
    clear();
    return api("/api/queries").then(function (r) {
      add(view, el("h1", "Named queries"));
      var sel = el("select"); sel.id = "query-name";
      add(sel, el("option", "choose a query…"));
      r.queries.forEach(function (q) { var o = el("option", q.name); o.value = q.name; o.selected = q.name === name; sel.appendChild(o); });
      sel.addEventListener("change", function () { location.hash = "#/queries/" + encodeURIComponent(sel.value); });
      view.appendChild(sel);
      var q = r.queries.filter(function (x) { return x.name === name; })[0];
      if (!q) return ready();
      add(view, el("p", q.purpose, "muted"));
      var form = el("form", null, "params"); form.id = "query-form";
      q.params.forEach(function (param) {
        var input = el("input"); input.name = param.name; input.value = p[param.name] || "";
        input.placeholder = param.type + (param.optional ? " (optional)" : "") + (param.default != null ? " (default " + param.default + ")" : "");
        add(form, add(el("label", param.name + " — " + param.doc + " "), input));
      });
      var run = el("button", "Run"); run.type = "submit"; form.appendChild(run);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var values = {};
        Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) { values[i.name] = i.value; });
        location.hash = "#/queries/" + encodeURIComponent(q.name) + "?" + qs(values) + "&run=1";
      });
      var out = el("div"); out.id = "query-result";
      add(view, form, out);
      if (!p.run) return ready();
      var given = {}; q.params.forEach(function (param) { if (p[param.name]) given[param.name] = p[param.name]; });
      return api("/api/queries/" + encodeURIComponent(q.name) + "?" + qs(given)).then(function (res) {
        out.appendChild(table(res.columns, res.rows, "query-table", q.name)); ready();
      }).catch(function (e) { out.appendChild(el("p", e.message, "error")); ready(); });
    });
  }

  // -- Cypher console ------------------------------------------------------------------------
  function showCypher() {
    clear();
    add(view, el("h1", "Cypher console"), el("p", "Read-only: a query that writes is refused. Limits on time and rows apply.", "muted"));
    var text = el("textarea"); text.id = "cypher-text"; text.rows = 6;
    text.value = "MATCH (a:Authority)-[:ISSUED]->(l:Listing) RETURN a.name AS authority, count(l) AS listings ORDER BY listings DESC";
    var run = el("button", "Run"); run.id = "cypher-run"; run.type = "button";
    var out = el("div"); out.id = "cypher-result";
    run.addEventListener("click", function () {
      out.textContent = "";
      api("/api/cypher", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ query: text.value, params: {} }) })
        .then(function (r) { out.appendChild(table(r.columns, r.rows, "cypher-table", "cypher")); })
        .catch(function (e) { var p = el("p", e.message, "error"); p.id = "cypher-error"; out.appendChild(p); });
    });
    add(view, text, el("div"), run, out); ready();
  }

  // -- events ----------------------------------------------------------------------------
  function showEvents() {
    clear();
    return api("/api/events").then(function (r) {
      add(view, el("h1", "Events and the listings that answered them"));
      var list = el("div"); list.id = "events-list";
      r.events.forEach(function (ev) {
        var s = el("section");
        add(s, add(el("h2"), el("span", (ev.date || "") + " "), entityLink(ev), el("span", " " + (ev.type || ""), "muted")));
        if (!ev.responses.length) add(s, el("p", "No listing is recorded as answering it.", "muted"));
        else s.appendChild(table(["listed_on", "days_after", "authority", "entity"], ev.responses.map(function (x) {
          return { listed_on: x.listed_on, days_after: x.days_after, authority: x.authority ? x.authority.name : "", entity: x.entity.name };
        }), "event-" + ev.id.replace(/[^a-z0-9-]/gi, "-"), ev.id.replace(/[^a-z0-9-]/gi, "-")));
        list.appendChild(s);
      });
      view.appendChild(list); ready();
    });
  }

  function home() {
    clear();
    add(view, el("h1", "Explore the connections"),
        el("p", "Search an organisation, person or vessel by any of its names; open it to see who lists it and when, where its offices are, what its listings answered, and the sources of every fact. Draw its network, find a path to another entity, run a named query or your own read-only Cypher.", "muted"));
    return api("/api/stats").then(function (s) {
      var ul = el("ul"); Object.keys(s.nodes).forEach(function (k) { ul.appendChild(el("li", k + ": " + s.nodes[k])); });
      add(view, el("p", s.backend + " store · " + s.total_nodes + " nodes · " + s.total_relationships + " relationships"), ul); ready();
    });
  }

  var ui = { view: view, el: el, add: add, api: api, qs: qs, table: table, entityLink: entityLink, clear: clear, fail: fail, ready: ready };
  function route() {
    delete document.body.dataset.ready;
    var h = parseHash(), done;
    try {
      if (h.page === "search") done = showSearch(h.params);
      else if (h.page === "entity") done = showEntity(h.arg);
      else if (h.page === "network") done = showNetwork(h.arg, h.params);
      else if (h.page === "path") done = showPath(h.params);
      else if (h.page === "queries") done = showQueries(h.arg, h.params);
      else if (h.page === "cypher") done = showCypher();
      else if (h.page === "events") done = showEvents();
      // Views of their own scripts (review.js), given the page's helpers.
      else if (window.sanctiongraphViews && window.sanctiongraphViews[h.page]) done = window.sanctiongraphViews[h.page](ui, h.arg, h.params);
      else done = home();
    } catch (e) { fail(e); ready(); }
    if (done && done.catch) done.catch(function (e) { fail(e); ready(); });
  }
  window.addEventListener("hashchange", route);
  window.sanctiongraph = {
    nodeCount: function () { return nodes ? nodes.length : 0; },
    visibleCount: function () { return nodes ? nodes.get({ filter: function (n) { return !n.hidden; } }).length : 0; },
    expand: function (id) { return expand(id); },
    stable: function () { return stable; },
    // The visible nodes' label boxes in canvas coordinates, as vis-network last drew them
    // (for the check that a first layout has no overlapping labels).
    labelBoxes: function () { return network ? labelBoxes() : []; },
    // Where a node is drawn, in page coordinates (for a test's mouse click).
    position: function (id) {
      var d = network.canvasToDOM(network.getPositions([id])[id]);
      var r = document.getElementById("graph").getBoundingClientRect();
      return { x: r.left + d.x, y: r.top + d.y };
    }
  };
  route();
})();
