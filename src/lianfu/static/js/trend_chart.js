/* The overview's trend: restart rate, capacity and on-duty rate by day (from the table beside it). */
(function () {
  "use strict";
  const el = document.getElementById("trend-chart");
  const data = document.getElementById("trend-data");
  if (!el || !data || !window.echarts) return;
  const rows = JSON.parse(data.textContent);
  const labels = (el.dataset.labels || "").split("|");
  const colours = ["#0b6e4f", "#1f5fa8", "#b5651d"];
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: labels, top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: rows.map(function (r) { return r[0]; }) },
    yAxis: { type: "value", min: 0, max: 100 },
    series: labels.map(function (label, i) {
      return { name: label, type: "line", data: rows.map(function (r) { return r[i + 1]; }),
               lineStyle: { width: 2 }, color: colours[i] };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
