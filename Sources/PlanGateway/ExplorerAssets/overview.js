// The overview: every programme with, per measure, planned 2018, actual 2018, planned 2019,
// planned 2020 (and the recorded actuals 2019, 2020), and the 2018 implementation rate;
// sortable; a chart of planned against actual 2018 per programme for one measure. Each figure
// is the API's aggregate of one column for one programme and one measure: never a sum across
// measures, never planned plus actual.
import { all } from "./api.js";
import { h, replace, scroller } from "./dom.js";
import { t, measureName, measureCodes } from "./i18n.js";
import { formatNumber } from "./figures.js";
import { barChart } from "./charts.js";

const columns = ["planned_2018", "actual_2018", "planned_2019", "planned_2020", "actual_2019", "actual_2020"];

/** Loads the overview's figures: one line per programme and measure. */
async function load() {
  const [programmes, rates, ...sums] = await Promise.all([
    all("/v1/programmes", { view: "basic" }, "programmes"),
    all("/v1/metrics/implementation-rate", { year: 2018, drilldown: "programme" }, "cells"),
    ...columns.map((column) => all("/v1/metrics/aggregate", { column, drilldown: "programme" }, "cells")),
  ]);
  const lines = new Map();
  const line = (key, measure) => {
    const id = `${key}|${measure}`;
    if (!lines.has(id)) lines.set(id, { programme: key, measure, figures: {} });
    return lines.get(id);
  };
  columns.forEach((column, index) => {
    for (const cell of sums[index]) {
      // A sum over rows none of which reported the column is shown blank, not 0.
      line(cell.drilldown[0].key, cell.measure).figures[column] = cell.count_reported > 0 ? cell.sum : null;
    }
  });
  for (const cell of rates) {
    line(cell.drilldown[0].key, cell.measure).rate = cell.rate;
  }
  // A programme without quantified deliverables still has its line, with no figure.
  for (const programme of programmes) {
    if (![...lines.values()].some((entry) => entry.programme === programme.id)) line(programme.id, "");
  }
  const order = new Map(programmes.map((programme, index) => [programme.id, index]));
  return {
    programmes,
    lines: [...lines.values()].filter((entry) => order.has(entry.programme))
      .sort((a, b) => order.get(a.programme) - order.get(b.programme) || measureCodes.indexOf(a.measure) - measureCodes.indexOf(b.measure)),
  };
}

function value(entry, key, titles) {
  if (key === "programme") return titles.get(entry.programme).number;
  if (key === "measure") return measureCodes.indexOf(entry.measure);
  if (key === "rate_2018") return entry.rate;
  return entry.figures[key];
}

/** Renders the overview into `view` with the state in `params` (measure, chart, sort, dir). */
export async function overview(view, params, navigate) {
  const data = await load();
  const titles = new Map(data.programmes.map((programme) => [programme.id, programme]));
  const measure = params.get("measure") || "all";
  const chartMeasure = params.get("chart") || "documents";
  const sort = params.get("sort") || "programme";
  const descending = params.get("dir") === "desc";
  const shown = data.lines.filter((entry) => measure === "all" || entry.measure === measure || !entry.measure);
  const sorted = [...shown].sort((a, b) => {
    const x = value(a, sort, titles), y = value(b, sort, titles);
    const missing = (x === null || x === undefined) - (y === null || y === undefined);
    if (missing) return missing; // lines without the figure last, either way
    return (descending ? -1 : 1) * ((x > y) - (x < y)) || value(a, "programme", titles) - value(b, "programme", titles);
  });
  const state = (changes) => {
    const next = new URLSearchParams(params);
    for (const [key, val] of Object.entries(changes)) next.set(key, val);
    navigate("#/?" + next.toString());
  };
  const header = (key) => {
    const active = key === sort;
    return h("th", { scope: "col", "aria-sort": active ? (descending ? "descending" : "ascending") : "none" },
      h("button", {
        type: "button", class: "sort",
        onclick: () => state({ sort: key, dir: active && !descending ? "desc" : "asc" }),
      }, t(key === "rate_2018" ? "rate_2018" : key), active ? (descending ? " ▼" : " ▲") : ""));
  };
  const present = measureCodes.filter((code) => data.lines.some((entry) => entry.measure === code));
  const charted = data.lines.filter((entry) => entry.measure === chartMeasure);
  replace(view,
    h("h2", {}, t("overview.title")),
    h("p", { class: "note" }, t("overview.note"), " ", h("strong", { id: "programme-count" }, data.programmes.length), " ", t("programmes"), "."),
    h("label", { for: "measure" }, t("measure"), " "),
    h("select", { id: "measure", onchange: (event) => state({ measure: event.target.value }) },
      h("option", { value: "all", selected: measure === "all" }, t("measure.all")),
      present.map((code) => h("option", { value: code, selected: code === measure }, measureName(code)))),
    h("label", { for: "chart-measure" }, " ", t("overview.chart"), " "),
    h("select", { id: "chart-measure", onchange: (event) => state({ chart: event.target.value }) },
      present.map((code) => h("option", { value: code, selected: code === chartMeasure }, measureName(code)))),
    barChart(`${t("overview.chart")}: ${measureName(chartMeasure)}`,
      charted.map((entry) => String(titles.get(entry.programme).number)),
      [
        { label: t("planned_2018"), data: charted.map((entry) => entry.figures.planned_2018 ?? null) },
        { label: t("actual_2018"), data: charted.map((entry) => entry.figures.actual_2018 ?? null) },
      ]),
    scroller(h("table", { class: "data", id: "overview" },
      h("caption", {}, t("overview.title"), measure === "all" ? "" : ` — ${measureName(measure)}`),
      h("thead", {}, h("tr", {}, header("programme"), header("measure"), columns.map(header), header("rate_2018"))),
      h("tbody", {}, sorted.map((entry) => {
        const programme = titles.get(entry.programme);
        return h("tr", { dataset: { programme: entry.programme, measure: entry.measure } },
          h("th", { scope: "row" }, h("a", { href: `#/programme/${programme.id}` }, `${programme.number}. `, programme.title)),
          h("td", {}, entry.measure ? measureName(entry.measure) : t("overview.nothing")),
          columns.map((column) => {
            const figure = entry.figures[column];
            const recorded = column.startsWith("actual_20") && column !== "actual_2018" ? " recorded" : "";
            return figure === null || figure === undefined
              ? h("td", { class: "fig blank" + recorded, title: t("legend.blank") }, h("span", { class: "sr" }, t("legend.blank")))
              : h("td", { class: "fig" + recorded }, formatNumber(figure));
          }),
          h("td", { class: "fig" }, entry.rate === undefined ? "" : formatNumber(entry.rate * 100, 1) + " %"));
      }))), t("overview.title")));
}
