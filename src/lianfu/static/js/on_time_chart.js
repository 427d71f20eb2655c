/* On-time rate per department, worst first (from the table data beside it). */
(function () {
  "use strict";
  const el = document.getElementById("on-time-chart");
  const data = document.getElementById("on-time-data");
  if (!el || !data || !window.echarts) return;
  const rows = JSON.parse(data.textContent).slice().reverse();   // worst at the top of the bars
  if (!rows.length) { el.hidden = true; return; }
  el.style.height = Math.max(160, 36 * rows.length + 48) + "px";
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 48, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, name: el.dataset.label, nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
    series: [{ type: "bar", data: rows.map(function (r) { return r[1]; }), color: "#0b6e4f",
               label: { show: true, position: "right", formatter: function (p) { return p.value == null ? "—" : p.value + "%"; } } }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
