// Charts with Chart.js (Debian's libjs-chart.js, served by the gateway). Without it the page
// says so once, where a chart would be, and shows the tables alone.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const colours = ["#1f5fa8", "#b5461b", "#2e7d32", "#6a3d9a", "#8a6d00", "#00838f"];

export function chartsAvailable() {
  return typeof window.Chart === "function";
}

/**
 * A bar chart of `datasets` ({ label, data }) over `labels`, with `title` as its accessible
 * name; a note instead when the chart library is missing.
 */
export function barChart(title, labels, datasets) {
  if (!chartsAvailable()) return h("p", { class: "note charts-missing" }, t("charts.missing"));
  // The charts' text in the page's text colour (7:1 and more on white), not Chart.js's grey.
  window.Chart.defaults.color = "#1a1a1a";
  const canvas = h("canvas", { role: "img", "aria-label": title });
  const figure = h("figure", { class: "chart" }, h("div", { class: "chart-box" }, canvas), h("figcaption", {}, title));
  // Drawn once the canvas is in the page (Chart.js measures its box).
  requestAnimationFrame(() => {
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels,
        datasets: datasets.map((set, index) => ({ ...set, backgroundColor: colours[index % colours.length] })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { ticks: { autoSkip: false, maxRotation: 90, minRotation: 0 } }, y: { beginAtZero: true } },
      },
    });
  });
  return figure;
}
