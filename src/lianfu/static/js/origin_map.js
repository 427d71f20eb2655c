/* The three-colour origin map: regions coloured by their risk level, circles
   sized by the workers away (or those who want to return), click to go down a
   level, the breadcrumb to go back up. The figures come from the JSON endpoint,
   the boundaries from our own offline GeoJSON files; the table beside the map
   is the server's (swapped in by htmx), so it says the same as without JS. */
(function () {
  "use strict";
  const el = document.getElementById("origin-map");
  const configEl = document.getElementById("origin-map-config");
  if (!el || !configEl || !window.echarts) return;
  const config = JSON.parse(configEl.textContent);
  const note = document.getElementById("origin-map-note");
  const encode = echarts.format.encodeHTML;
  // 海南省's file reaches down to 三沙's reefs: open on the island, pan south for the rest.
  const VIEWS = { "460000000000": [[108.3, 20.4], [111.4, 17.9]] };
  const chart = echarts.init(el, null, { renderer: "svg" });
  const registered = {};
  let current = null;            // the figures shown
  let measure = "away";

  function url(base, params) {
    const query = new URLSearchParams();
    Object.keys(params).forEach(function (key) { if (params[key]) query.set(key, params[key]); });
    const text = query.toString();
    return text ? base + "?" + text : base;
  }

  function getJSON(address) {
    return fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(address + ": " + response.status);
        return response.json();
      });
  }

  function boundaries(name) {
    if (!name || registered[name]) return Promise.resolve(name);
    return getJSON(config.maps.replace("CODE", name)).then(function (geojson) {
      echarts.registerMap(name, geojson);     // "china": ECharts adds the 南海诸岛 inset itself
      registered[name] = true;
      return name;
    });
  }

  function byCode() {
    const found = {};
    (current ? current.regions : []).forEach(function (r) { found[r.code] = r; });
    return found;
  }

  function tooltip(params) {
    const code = params.componentType === "geo" ? params.name : params.data && params.data.code;
    const r = byCode()[code];
    if (!r) return "";
    const w = config.words;
    return "<b>" + encode(r.name) + "</b><br>" + encode(w.away) + ": " + r.away.toLocaleString() +
      "<br>" + encode(w.wants) + ": " + r.wants.toLocaleString() +
      "<br>" + encode(w.high) + ": " + r.high.toLocaleString() +
      "<br>" + encode(w.level) + ": " + encode(r.level_label);
  }

  function circles() {
    const values = current.regions.filter(function (r) { return r.centre && r[measure] > 0; });
    const most = values.reduce(function (m, r) { return Math.max(m, r[measure]); }, 1);
    return values.map(function (r) {
      return { name: r.name, code: r.code, value: [r.centre[0], r.centre[1], r[measure]],
               symbolSize: 8 + 34 * Math.sqrt(r[measure] / most) };
    });
  }

  function draw(mapName) {
    const colours = config.colours;
    const many = current.regions.length > 40 || !current.at;
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: tooltip },
      geo: {
        map: mapName, nameProperty: "code", roam: true, selectedMode: false,
        top: 8, bottom: 8, left: 8, right: 8,
        boundingCoords: VIEWS[current.at] || null,
        itemStyle: { areaColor: colours.none, borderColor: "#ffffff", borderWidth: 0.8 },
        emphasis: { itemStyle: { areaColor: null, borderColor: "#1f2933", borderWidth: 1.5 },
                    label: { show: true, formatter: function (p) { const r = byCode()[p.name]; return r ? r.name : ""; } } },
        label: { show: !many, fontSize: 11, color: "#1f2933",
                 formatter: function (p) { const r = byCode()[p.name]; return r ? r.name : ""; } },
        regions: current.regions.map(function (r) {
          return { name: r.code, itemStyle: { areaColor: colours[r.level] || colours.none } };
        }),
      },
      series: [{
        type: "scatter", coordinateSystem: "geo", geoIndex: 0, data: circles(),
        symbolSize: function (value, params) { return params.data.symbolSize; },
        itemStyle: { color: "rgba(31, 58, 147, 0.72)", borderColor: "#ffffff", borderWidth: 1 },
        label: { show: true, position: "inside", color: "#ffffff", fontSize: 10,
                 formatter: function (p) { return p.value[2].toLocaleString(); } },
        emphasis: { scale: 1.15 },
      }],
    }, { notMerge: true });
  }

  function show(figures) {
    current = figures;
    el.dataset.at = figures.at || "";
    if (!figures.map) {
      chart.clear();
      el.hidden = true;
      note.hidden = false;
      note.textContent = config.words.no_map;
      el.dataset.ready = figures.at || "china";
      return Promise.resolve();
    }
    el.hidden = false;
    note.hidden = true;
    return boundaries(figures.map).then(function (name) {
      chart.resize();
      draw(name);
      el.dataset.ready = figures.at || "china";
    });
  }

  function load(at, how) {
    el.dataset.ready = "";
    const params = { at: at, day: config.day };
    const figures = getJSON(url(config.figures, params)).then(show);
    if (how !== "first") {
      const page = url(config.page, params);
      if (how === "push") history.pushState({ at: at }, "", page);
      if (window.htmx) {
        htmx.ajax("GET", page, { target: "#origin-panel", swap: "outerHTML" });
      } else {
        window.location.assign(page);
      }
    }
    return figures.catch(function (error) {
      note.hidden = false;
      note.textContent = String(error);
    });
  }

  chart.on("click", function (params) {
    const code = params.componentType === "geo" ? params.name : params.data && params.data.code;
    const region = byCode()[code];
    if (region && region.drillable) load(code, "push");
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#origin-panel a[data-at]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    load(link.dataset.at, "push");
  });

  window.addEventListener("popstate", function (event) {
    const at = event.state ? event.state.at : new URLSearchParams(window.location.search).get("at") || "";
    load(at, "back");
  });

  document.querySelectorAll(".measure button[data-measure]").forEach(function (button) {
    button.addEventListener("click", function () {
      measure = button.dataset.measure;
      document.querySelectorAll(".measure button[data-measure]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      if (current && current.map) chart.setOption({ series: [{ data: circles() }] });
    });
  });

  window.addEventListener("resize", function () { chart.resize(); });
  history.replaceState({ at: config.at }, "", window.location.href);
  load(config.at, "first");
})();
