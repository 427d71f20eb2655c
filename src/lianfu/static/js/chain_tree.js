/* The supplier tree (ECharts, SVG renderer). We keep the open/closed state in
   our own copy of the data and redraw, so that search can open the paths to
   what it finds and the chart can grow with the number of visible rows. */
(function () {
  "use strict";
  const el = document.getElementById("tree");
  if (!el || !window.echarts) return;
  const t = el.dataset;
  const status = document.getElementById("tree-status");
  const ROW = 22;  // px per visible leaf
  let root = null;
  let chart = null;
  const nodes = [];  // ECharts copies its data, so a drawn node carries only its index here

  function say(text) { status.textContent = text; }

  function decorate(node, parent) {
    node.parent = parent;
    node.key = nodes.length;
    nodes.push(node);
    node.collapsed = node.tier >= 1;
    (node.children || []).forEach(function (c) { decorate(c, node); });
  }

  function toEcharts(node, hits) {
    const hit = hits && hits.has(node);
    const mark = node.cycle ? " ↺" : (node.repeat ? " …" : "");
    return {
      name: node.name + " · " + node.stage_label + mark,
      value: node.annual_value,
      key: node.key,
      collapsed: node.collapsed,
      itemStyle: { color: node.colour, borderColor: hit ? "#c62828" : node.colour, borderWidth: hit ? 3 : 1 },
      label: { color: hit ? "#c62828" : (node.in_county ? "#1f2933" : "#616e7c"), fontWeight: hit ? "bold" : "normal" },
      children: (node.children || []).map(function (c) { return toEcharts(c, hits); }),
    };
  }

  function visibleLeaves(node) {
    if (node.collapsed || !node.children || !node.children.length) return 1;
    return node.children.reduce(function (n, c) { return n + visibleLeaves(c); }, 0);
  }

  function escape(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function tooltip(p) {
    const n = nodes[p.data.key];
    const rows = [[t.i18nTier, n.tier], [t.i18nPlace, n.town || n.county]];
    if (n.item !== undefined) {
      rows.push([t.i18nItem, n.item], [t.i18nValue, n.annual_value]);
      if (n.share !== null) rows.push([t.i18nShare, (100 * n.share).toFixed(1) + "%"]);
      if (n.stock_days !== null) rows.push([t.i18nStock, n.stock_days]);
    }
    if (n.cycle) rows.push(["↺", t.i18nCycle]);
    if (n.repeat) rows.push(["…", t.i18nRepeat]);
    return "<b>" + escape(n.name) + "</b> " + escape(n.stage_label) + "<br>" +
      rows.map(function (r) { return escape(r[0]) + ": " + escape(r[1]); }).join("<br>");
  }

  function draw(hits) {
    el.style.height = Math.max(480, visibleLeaves(root) * ROW + 40) + "px";
    chart.resize();
    // A full redraw: without animation, ECharts' incremental update can leave
    // the labels of a collapsed branch's deeper nodes behind.
    chart.clear();
    chart.setOption({
      tooltip: { trigger: "item", formatter: tooltip, confine: true },
      series: [{
        type: "tree", data: [toEcharts(root, hits)], orient: "LR", roam: false, expandAndCollapse: false,
        top: 20, bottom: 20, left: 20, right: 260, symbolSize: 9,
        animation: false,  // large trees redraw at once; nothing moves under the pointer
        label: { position: "right", verticalAlign: "middle", fontSize: 12 },
      }],
    }, { notMerge: true });
  }

  function setAll(node, collapsed, fromTier) {
    if (node.tier >= fromTier) node.collapsed = collapsed;
    (node.children || []).forEach(function (c) { setAll(c, collapsed, fromTier); });
  }

  function search(text) {
    const q = text.trim().toLowerCase();
    if (!q) { draw(); say(t.i18nReady); return; }
    const hits = new Set();
    (function walk(n) {
      if (n !== root && (n.name.toLowerCase().includes(q) || n.uscc.toLowerCase() === q)) hits.add(n);
      (n.children || []).forEach(walk);
    })(root);
    hits.forEach(function (n) { for (let p = n.parent; p; p = p.parent) p.collapsed = false; });
    draw(hits);
    say(hits.size ? t.i18nFound.replace("{n}", hits.size) : t.i18nNone);
  }

  // The SVG renderer exports SVG only: paint that onto a canvas for a PNG.
  function savePng() {
    const img = new Image();
    img.onload = function () {
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = el.clientWidth * scale;
      canvas.height = el.clientHeight * scale;
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      const a = document.createElement("a");
      a.href = canvas.toDataURL("image/png");
      a.download = t.file;
      document.body.appendChild(a);
      a.click();
      a.remove();
    };
    img.src = chart.getDataURL({ type: "svg" });
  }

  function start(data) {
    root = data.tree;
    decorate(root, null);
    root.collapsed = false;
    chart = echarts.init(el, null, { renderer: "svg" });
    chart.on("click", function (p) {
      const n = p.data && nodes[p.data.key];
      if (!n || !n.children || !n.children.length) return;
      n.collapsed = !n.collapsed;
      draw();
    });
    window.addEventListener("resize", function () { chart.resize(); });
    draw();
    say(data.truncated ? t.i18nReady + " " + t.i18nTruncated : t.i18nReady);
    el.dataset.ready = "1";
  }

  document.getElementById("tree-search").addEventListener("submit", function (e) {
    e.preventDefault();
    if (root) search(document.getElementById("tree-q").value);
  });
  document.getElementById("tree-expand").addEventListener("click", function () {
    if (root) { setAll(root, false, 0); draw(); }
  });
  document.getElementById("tree-collapse").addEventListener("click", function () {
    if (root) { setAll(root, true, 1); draw(); }
  });
  document.getElementById("tree-png").addEventListener("click", function () { if (chart) savePng(); });
  const depth = document.getElementById("tree-depth");
  if (depth) depth.addEventListener("change", function () { depth.form.submit(); });

  fetch(t.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(start)
    .catch(function (e) { say(t.i18nFailed); console.error(e); });
})();
