/* Major projects by stage: projects (bars, left axis) and total investment in
   100 million yuan (bars, right axis), from the figures of the table beside it. */
(function () {
  "use strict";
  const el = document.getElementById("stage-chart");
  const data = document.getElementById("stage-data");
  if (!el || !data || !window.echarts) return;
  const figures = JSON.parse(data.textContent);
  if (!figures.labels.length) { el.hidden = true; return; }
  const chart = echarts.init(el, null, { renderer: "svg" });
  // Labels wrap under their bars (the legend names both series; no axis names to crowd it);
  // on a phone they slant and the legend goes below.
  const narrow = el.clientWidth < 480;
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: narrow ? { bottom: 0 } : { top: 0 },
    grid: { left: narrow ? 28 : 8, right: 8, top: narrow ? 16 : 36, bottom: narrow ? 32 : 8, containLabel: true },
    xAxis: { type: "category", data: figures.labels,
             axisLabel: narrow ? { interval: 0, rotate: 40 } : { interval: 0, width: 80, overflow: "break" } },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", splitLine: { show: false } }],
    series: [
      { name: el.dataset.projects, type: "bar", data: figures.projects, color: "#0b6e4f",
        label: { show: true, position: "top" } },
      { name: el.dataset.investment, type: "bar", yAxisIndex: 1, data: figures.investment, color: "#2f80ed" },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
