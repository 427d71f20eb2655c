/* The lead firm's output day by day (from the table data beside it). */
(function () {
  "use strict";
  const el = document.getElementById("forecast-chart");
  const data = document.getElementById("forecast-data");
  if (!el || !data || !window.echarts) return;
  const rows = JSON.parse(data.textContent);
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
    yAxis: { type: "value", min: 0, max: 100, name: el.dataset.label },
    series: [{ type: "line", step: "end", data: rows.map(function (r) { return r[1]; }),
               areaStyle: { opacity: 0.15 }, lineStyle: { width: 2 }, color: "#0b6e4f" }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
