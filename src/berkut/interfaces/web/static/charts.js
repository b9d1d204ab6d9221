/* berkut dashboard charts: Vega-Lite timelines with range zoom and click-through to events.
   Every piece of text from the store is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var QUADS = {quad1: "verbal cooperation", quad2: "material cooperation", quad3: "verbal conflict", quad4: "material conflict"};
  var COLORS = ["#91cf60", "#1a9850", "#fc8d59", "#d73027"];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function timelineSpec(rows, width) {
    var x = {field: "start", type: "temporal", title: null, scale: {domain: {param: "brush"}}};
    var tooltip = [{field: "period", title: "period"}, {field: "events", title: "events"},
                   {field: "goldstein_sum", title: "Goldstein sum"}, {field: "goldstein_mean", title: "Goldstein mean"}];
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: {values: rows},
      config: {view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11}},
      vconcat: [
        {
          width: width, height: 150, title: {text: "Goldstein (cooperation above zero, conflict below)", fontSize: 12, anchor: "start"},
          mark: {type: "bar", cursor: "pointer", stroke: "#fff", strokeWidth: 1},
          encoding: {
            x: x, x2: {field: "end"},
            y: {field: "goldstein_sum", type: "quantitative", title: "Goldstein sum"}, y2: {datum: 0},
            color: {condition: {test: "datum.goldstein_sum >= 0", value: "#1a9850"}, value: "#d73027"},
            tooltip: tooltip
          }
        },
        {
          width: width, height: 130, title: {text: "Events by quad class", fontSize: 12, anchor: "start"},
          // bars span their period (x to x2), so Vega-Lite will not stack them itself: stack here
          transform: [{fold: ["quad1", "quad2", "quad3", "quad4"], as: ["quad", "count"]},
                      {filter: "datum.count > 0"},
                      {calculate: JSON.stringify(QUADS) + "[datum.quad]", as: "kind"},
                      {stack: "count", groupby: ["start"], sort: [{field: "quad"}], as: ["y0", "y1"]}],
          mark: {type: "bar", cursor: "pointer", stroke: "#fff", strokeWidth: 1},
          encoding: {
            x: x, x2: {field: "end"},
            y: {field: "y0", type: "quantitative", title: "events"}, y2: {field: "y1"},
            color: {field: "kind", type: "nominal", title: null, legend: {orient: "bottom"},
                    scale: {domain: Object.values(QUADS), range: COLORS}},
            tooltip: tooltip.concat([{field: "kind", title: "quad class"}, {field: "count", title: "of this class"}])
          }
        },
        {
          width: width, height: 50, title: {text: "Drag here to zoom", fontSize: 11, anchor: "start", color: "#666"},
          params: [{name: "brush", select: {type: "interval", encodings: ["x"]}}],
          mark: "bar",
          encoding: {
            x: {field: "start", type: "temporal", title: null}, x2: {field: "end"},
            y: {field: "events", type: "quantitative", title: null, axis: {tickCount: 2}}, y2: {datum: 0},
            color: {value: "#8c8c8c"}
          }
        }
      ]
    };
  }

  function eventItem(e) {
    var li = el("li", "event q" + e.quad_class);
    var line = el("div", "line");
    line.appendChild(el("span", "date", e.date || "undated"));
    line.appendChild(el("span", "actor", e.source_code || "—"));
    var link = el("a", "cameo", e.cameo);
    link.href = "/event/" + encodeURIComponent(e.id);
    line.appendChild(link);
    line.appendChild(el("span", "actor", e.target_code || "—"));
    line.appendChild(el("span", "gs", (e.goldstein > 0 ? "+" : "") + e.goldstein.toFixed(1)));
    li.appendChild(line);
    li.appendChild(el("div", "sentence", e.sentence_text));
    li.appendChild(el("div", "src", e.document_title || e.document_id));
    return li;
  }

  function showEvents(target, filter, row) {
    var params = new URLSearchParams(filter);
    params.set("from", row.first);
    params.set("to", row.last);
    params.set("limit", "100");
    params.set("total", "true");
    target.replaceChildren(el("h2", null, "Events in " + row.period), el("p", "empty", "loading…"));
    fetch("/api/v1/events?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (page) {
        var list = el("ol", "events");
        (page.events || []).forEach(function (e) { list.appendChild(eventItem(e)); });
        target.replaceChildren(el("h2", null, "Events in " + row.period + " (" + page.total + ")"), list);
        target.scrollIntoView({behavior: "smooth", block: "nearest"});
      })
      .catch(function (err) { target.replaceChildren(el("p", "error", "Could not load events: " + err)); });
  }

  function timeline(node, rows, opts) {
    if (!rows.length) { node.replaceChildren(el("p", "empty", "No dated events to chart.")); return; }
    var width = Math.max(320, Math.min(node.clientWidth || 900, 1100) - 90);
    // Vega turns the fields it plots into Date objects; keep the period's ISO days for queries
    rows = rows.map(function (r) { return Object.assign({first: r.start, last: r.end}, r); });
    vegaEmbed(node, timelineSpec(rows, width), {renderer: "svg", actions: false}).then(function (result) {
      node.dataset.ready = "true";
      result.view.addEventListener("click", function (event, item) {
        var datum = item && item.datum;
        if (datum && datum.period && opts.picked) showEvents(opts.picked, opts.filter, datum);
      });
    }).catch(function (err) { node.replaceChildren(el("p", "error", "Chart failed: " + err)); });
  }

  function roles(node, rows) {
    var data = rows.filter(function (r) { return r.valid_from || r.valid_to; }).map(function (r) {
      return {label: (r.name ? r.name + ": " : "") + (r.title || r.code || r.sector || "role"),
              from: r.valid_from || "1990-01-01", to: r.valid_to || new Date().toISOString().slice(0, 10), code: r.code};
    });
    if (!data.length) { node.replaceChildren(el("p", "empty", "No dated roles.")); return; }
    var spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json", data: {values: data},
      width: Math.max(320, Math.min(node.clientWidth || 900, 1100) - 260), height: {step: 16},
      mark: {type: "bar", cornerRadius: 2},
      encoding: {y: {field: "label", type: "nominal", sort: {field: "from"}, title: null},
                 x: {field: "from", type: "temporal", title: null}, x2: {field: "to"},
                 color: {field: "code", type: "nominal", title: "code"},
                 tooltip: [{field: "label"}, {field: "code"}, {field: "from"}, {field: "to"}]}
    };
    vegaEmbed(node, spec, {renderer: "svg", actions: false}).then(function () { node.dataset.ready = "true"; });
  }

  window.berkut = {timeline: timeline, roles: roles, showEvents: showEvents, el: el};
})();
