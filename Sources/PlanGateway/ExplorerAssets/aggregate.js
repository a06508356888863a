// The aggregate explorer: column, drilldowns, cuts and order chosen on the page; the URL holds
// the state (#/aggregate?column=…&drilldown=…&cut=…&order=…), so a view can be bookmarked and
// sent. Table, chart and CSV are of the same answer of GET /v1/metrics/aggregate.
import { all, query } from "./api.js";
import { h, replace, scroller } from "./dom.js";
import { t, measureName } from "./i18n.js";
import { formatNumber } from "./figures.js";
import { barChart } from "./charts.js";

const columns = ["planned_2018", "actual_2018", "planned_2019", "actual_2019", "planned_2020", "actual_2020"];
const dimensions = ["programme", "part", "unit", "category", "subcategory", "measure", "period", "row"];

/** The API's query of the page's state. */
function request(params) {
  return {
    column: params.get("column") || "planned_2020",
    drilldown: (params.get("drilldown") || "").split(",").filter(Boolean),
    cut: params.getAll("cut").filter(Boolean),
    order: (params.get("order") || "").split(",").map((item) => item.trim()).filter(Boolean),
  };
}

export async function aggregate(view, params, navigate) {
  const state = request(params);
  const form = h("form", { id: "aggregate-form", class: "stack", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    next.set("column", data.get("column"));
    const drilldown = dimensions.filter((dimension) => data.getAll("drilldown").includes(dimension));
    if (drilldown.length) next.set("drilldown", drilldown.join(","));
    for (const cut of String(data.get("cut") || "").split("\n").map((line) => line.trim()).filter(Boolean)) next.append("cut", cut);
    const order = String(data.get("order") || "").trim();
    if (order) next.set("order", order);
    navigate("#/aggregate?" + next.toString());
  } },
    h("label", { for: "column" }, t("aggregate.column")),
    h("select", { id: "column", name: "column" }, columns.map((column) => h("option", { value: column, selected: column === state.column }, t(column)))),
    h("fieldset", {}, h("legend", {}, t("aggregate.drilldown")),
      dimensions.map((dimension) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: "drilldown", value: dimension, checked: state.drilldown.includes(dimension) }), " ", dimension))),
    h("label", { for: "cut" }, t("aggregate.cut")),
    h("textarea", { id: "cut", name: "cut", rows: 2, spellcheck: "false" }, state.cut.join("\n")),
    h("label", { for: "order" }, t("aggregate.order")),
    h("input", { id: "order", name: "order", value: state.order.join(","), autocomplete: "off" }),
    h("button", { type: "submit" }, t("aggregate.submit")));
  const output = h("div", { id: "aggregate-output", "aria-live": "polite" }, t("loading"));
  replace(view, h("h2", {}, t("aggregate.title")), form, output);
  const apiQuery = { column: state.column, drilldown: state.drilldown.join(",") || undefined, cut: state.cut, order: state.order.join(",") || undefined };
  const cells = await all("/v1/metrics/aggregate", apiQuery, "cells");
  const measures = [...new Set(cells.map((cell) => cell.measure))];
  const chartMeasure = measures.includes(params.get("chart")) ? params.get("chart") : measures[0];
  const charted = cells.filter((cell) => cell.measure === chartMeasure);
  // Measure is always a grouping: its own column unless it is one of the drilldowns.
  const measureApart = !state.drilldown.includes("measure");
  const groupLabel = (cell) => cell.drilldown.map((value) => value.label || value.key || "—").join(" / ") || t("measure.all");
  replace(output,
    h("p", {}, h("a", { href: location.hash, id: "aggregate-link" }, t("aggregate.link")), " · ",
      h("a", { href: "/v1/metrics/aggregate" + query({ ...apiQuery, format: "csv", page_size: 100 }), download: "aggregate.csv" }, t("table.csv")),
      cells.length > 100 ? ` (${t("aggregate.csvPage")})` : "",
      " · ", h("strong", { id: "aggregate-count" }, cells.length), " ", t("aggregate.cells")),
    measures.length > 1 ? h("p", {}, h("label", { for: "chart-measure" }, t("aggregate.chart"), " "),
      h("select", { id: "chart-measure", onchange: (event) => {
        const next = new URLSearchParams(params);
        next.set("chart", event.target.value);
        navigate("#/aggregate?" + next.toString());
      } }, measures.map((code) => h("option", { value: code, selected: code === chartMeasure }, measureName(code))))) : null,
    charted.length ? barChart(`${t("aggregate.chart")}: ${measureName(chartMeasure)} (${t(state.column)})`,
      charted.map(groupLabel), [{ label: `${t(state.column)} · ${t("sum")}`, data: charted.map((cell) => cell.sum) }]) : null,
    scroller(h("table", { class: "data", id: "aggregate-table" },
      h("caption", {}, `${t(state.column)}: ${state.drilldown.join(", ") || t("measure.all")}`),
      h("thead", {}, h("tr", {},
        state.drilldown.map((dimension) => h("th", { scope: "col" }, dimension)),
        measureApart ? h("th", { scope: "col" }, t("measure")) : null,
        ["sum", "count", "count_reported", "count_dashes"].map((key) => h("th", { scope: "col" }, t(key))))),
      h("tbody", {}, cells.map((cell) => h("tr", {},
        cell.drilldown.map((value) => h("td", { dataset: { key: value.key } }, value.label || value.key || "")),
        measureApart ? h("td", { dataset: { key: cell.measure || "" } }, measureName(cell.measure)) : null,
        h("td", { class: "fig", dataset: { value: cell.sum } }, formatNumber(cell.sum)),
        h("td", { class: "fig" }, cell.count),
        h("td", { class: "fig" }, cell.count_reported),
        h("td", { class: "fig" }, cell.count_dashes ?? 0))))), t("aggregate.title")));
  // Recorded actuals change the sums of their columns: shown again when one is recorded.
  return state.column === "actual_2019" || state.column === "actual_2020" ? () => navigate(location.hash) : null;
}
