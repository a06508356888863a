// A programme's page: its parts, subprogrammes and offices, objectives, mandates (with their UN
// document symbols), the results framework with its performance measures, the narrative, and
// every deliverables table as the document prints it, each with its chart and the API's CSV.
// The recorded actuals (2019, 2020) come from GET /v1/rows and update live.
import { get, all, query } from "./api.js";
import { h, replace, scroller } from "./dom.js";
import { t, measureName } from "./i18n.js";
import { figureCell, chartValue } from "./figures.js";
import { barChart } from "./charts.js";

const printed = ["planned_2018", "actual_2018", "planned_2019", "planned_2020"];
const recorded = ["actual_2019", "actual_2020"];

function paragraphs(list) {
  return (list || []).map((paragraph) =>
    h("p", { class: "printed" }, paragraph.number ? h("span", { class: "para" }, paragraph.number, " ") : null, paragraph.text));
}

function mandates(list, id) {
  if (!list || list.length === 0) return null;
  return h("details", { class: "mandates", open: list.length <= 8 },
    h("summary", {}, `${t("mandates")} (${list.length})`),
    scroller(h("table", { class: "data", id },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t("mandates.body")), h("th", { scope: "col" }, t("mandates.symbols")),
        h("th", { scope: "col" }, t("mandates.canonical")), h("th", { scope: "col" }, t("mandates.title")))),
      h("tbody", {}, list.map((mandate) => h("tr", { id: "mandate-" + mandate.id },
        h("td", {}, mandate.issuing_body),
        h("td", {}, (mandate.symbols || []).join("; ")),
        h("td", { class: "symbols" }, (mandate.canonical_symbols || []).map((symbol) => h("code", {}, symbol))),
        h("td", {}, mandate.title || ""))))), t("mandates")));
}

function plannedResult(result) {
  if (!result) return null;
  const performance = result.performance;
  return h("section", { class: "result", id: "result-" + result.id },
    h("h4", {}, t("results")),
    h("p", { class: "printed result-title" }, result.title),
    paragraphs(result.paragraphs),
    performance ? h("div", { class: "performance" },
      h("h5", {}, t("performance"), performance.caption ? `: ${performance.caption}` : ""),
      (performance.cells || []).length ? scroller(h("table", { class: "data" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("performance.year")), h("th", { scope: "col" }, t("performance.text")))),
        h("tbody", {}, performance.cells.map((cell) => h("tr", {}, h("th", { scope: "row" }, cell.year), h("td", { class: "printed" }, cell.text))))),
      t("performance")) : null) : null);
}

function narrative(sections) {
  if (!sections || sections.length === 0) return null;
  return h("section", { class: "narrative" }, h("h4", {}, t("narrative")),
    sections.map((section) => h("details", { id: "section-" + section.id },
      h("summary", {}, section.heading || "…"), paragraphs(section.paragraphs))));
}

/** A deliverables table as printed, with the recorded actuals beside it, its chart and CSV. */
function deliverables(table, figures) {
  const quantified = table.rows.filter((row) => row.quantified && printed.some((key) => row[key] !== null && row[key] !== undefined));
  return h("section", { class: "deliverables", id: "table-" + table.id, dataset: { table: table.id } },
    h("h4", {}, `${t("table")} ${table.id}`,
      table.printed_label && table.printed_label !== table.id ? ` (${t("table.printed")} ${table.printed_label})` : "",
      " ", h("span", { class: "printed" }, table.title)),
    h("p", {}, h("a", { href: "/v1/tables/" + encodeURIComponent(table.id) + query({ format: "csv" }), download: `table-${table.id}.csv` }, t("table.csv"))),
    scroller(h("table", { class: "data deliverables-table", id: "rows-" + table.id },
      h("caption", { class: "sr" }, `${t("table")} ${table.id}: ${table.title}`),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t("table.category")), h("th", { scope: "col" }, t("table.subcategory")),
        printed.map((key) => h("th", { scope: "col" }, t(key))),
        recorded.map((key) => h("th", { scope: "col", class: "recorded" }, t(key))),
        h("th", { scope: "col" }, h("span", { class: "sr" }, t("table.record"))))),
      h("tbody", {}, table.rows.map((row) => {
        const current = figures.get(row.id) || {};
        return h("tr", { id: "row-" + row.id, dataset: { row: row.id } },
          h("td", {}, row.printed_category || row.category || ""),
          h("th", { scope: "row", class: "printed" }, row.subcategory || "", row.measure_text ? `(${row.measure_text})` : ""),
          printed.map((key) => figureCell(row[key], { dataset: { column: key } })),
          recorded.map((key) => {
            const cell = figureCell(current[key], { dataset: { column: key } });
            cell.classList.add("recorded");
            return cell;
          }),
          h("td", {}, row.quantified ? h("a", { href: "#/record" + query({ row: row.id }) }, t("table.record")) : ""));
      })),
      (table.footnotes || []).length ? h("tfoot", {}, table.footnotes.map((note) =>
        h("tr", {}, h("td", { colspan: 9, class: "printed" }, `${note.marker}: ${note.text}`)))) : null),
    `${t("table")} ${table.id}`),
    quantified.length ? barChart(`${t("table.chart")}: ${t("table")} ${table.id}`,
      quantified.map((row) => `${row.subcategory} (${measureName(row.measure)})`),
      [
        { label: t("planned_2018"), data: quantified.map((row) => chartValue(row.planned_2018)) },
        { label: t("actual_2018"), data: quantified.map((row) => chartValue(row.actual_2018)) },
        { label: t("planned_2019"), data: quantified.map((row) => chartValue(row.planned_2019)) },
        { label: t("planned_2020"), data: quantified.map((row) => chartValue(row.planned_2020)) },
      ]) : null);
}

/** The recorded actuals of the programme's rows, by row id. */
async function loadFigures(programmeID) {
  const body = await get("/v1/rows", { cut: `programme:${programmeID}` });
  return new Map((body.rows || []).map((entry) => [entry.row.id, entry]));
}

/** Puts new recorded actuals into the page's cells (after a recording, live). */
function updateFigures(view, figures) {
  for (const [rowID, entry] of figures) {
    for (const key of recorded) {
      const cell = view.querySelector(`tr[data-row="${CSS.escape(rowID)}"] td[data-column="${key}"]`);
      if (!cell) continue;
      const fresh = figureCell(entry[key], { dataset: { column: key } });
      fresh.classList.add("recorded");
      if (cell.className !== fresh.className || cell.textContent !== fresh.textContent) {
        fresh.classList.add("changed");
        cell.replaceWith(fresh);
      }
    }
  }
}

function unitSection(unit, tablesByID, figures) {
  const tables = (unit.table_ids || []).map((id) => tablesByID.get(id)).filter(Boolean);
  return h("section", { class: "unit", id: "unit-" + unit.id },
    h("h3", {}, unit.number ? `${unit.number} ` : "", unit.title, h("span", { class: "kind" }, ` · ${t("kind." + unit.kind)}`)),
    unit.objective ? h("div", { class: "objective" }, h("h4", {}, t("objective")),
      h("p", { class: "printed" }, unit.objective.paragraph ? h("span", { class: "para" }, unit.objective.paragraph, " ") : null, unit.objective.text)) : null,
    plannedResult(unit.planned_result),
    tables.map((table) => deliverables(table, figures)),
    mandates(unit.mandates, "mandates-" + unit.id),
    narrative(unit.narrative));
}

/** Renders programme `id` into `view`; returns the handler of live recordings. */
export async function programme(view, id, params) {
  const [detail, tables, figures] = await Promise.all([
    get("/v1/programmes/" + encodeURIComponent(id), { view: "full" }),
    all("/v1/tables", { programme_id: id }, "tables"),
    loadFigures(id),
  ]);
  const tablesByID = new Map(tables.map((table) => [table.id, table]));
  const placed = new Set((detail.units || []).flatMap((unit) => unit.table_ids || []));
  const units = detail.units || [];
  const parts = detail.parts || [];
  const unitsOf = (partID) => units.filter((unit) => (unit.part_id || "") === (partID || ""));
  replace(view,
    h("h2", {}, `${t("programme")} ${detail.number}: `, h("span", { class: "printed" }, detail.title)),
    parts.length ? h("nav", { class: "toc", "aria-label": t("parts") }, h("h3", {}, t("parts")),
      h("ul", {}, parts.map((part) => h("li", {}, h("a", { href: `#/programme/${id}?focus=part-${part.id}` }, part.letter ? `${part.letter}. ` : "", part.title))))) : null,
    units.length ? h("nav", { class: "toc", "aria-label": t("units") }, h("h3", {}, t("units")),
      h("ul", {}, units.map((unit) => h("li", {}, h("a", { href: `#/programme/${id}?focus=unit-${unit.id}` }, unit.number ? `${unit.number} ` : "", unit.title))))) : null,
    narrative(detail.narrative),
    mandates(detail.mandates, "mandates-" + id),
    parts.length
      ? parts.map((part) => h("section", { class: "part", id: "part-" + part.id },
          h("h3", { class: "part-title" }, part.letter ? `${part.letter}. ` : "", h("span", { class: "printed" }, part.title)),
          mandates(part.mandates, "mandates-" + part.id),
          unitsOf(part.id).map((unit) => unitSection(unit, tablesByID, figures))))
        .concat(unitsOf("").map((unit) => unitSection(unit, tablesByID, figures)))
      : units.map((unit) => unitSection(unit, tablesByID, figures)),
    tables.filter((table) => !placed.has(table.id)).map((table) => deliverables(table, figures)));
  const focus = params.get("focus");
  if (focus) document.getElementById(focus)?.scrollIntoView();
  return async (recording) => {
    if (`p${recording.programme}` !== id) return;
    updateFigures(view, await loadFigures(id));
  };
}
