// Recording an actual output: the write token is typed by the user and kept only in this tab's
// sessionStorage (never in localStorage, a cookie or the URL); the API's problem documents are
// shown as clear messages; the row's history follows, and updates live.
import { get, post, Problem } from "./api.js";
import { h, replace, scroller } from "./dom.js";
import { t, problemText } from "./i18n.js";
import { figureCell } from "./figures.js";

const tokenKey = "plan.writeToken";

function newRequestID() {
  return "explorer-" + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
}

async function history(target, rowID) {
  if (!rowID) return replace(target);
  try {
    const body = await get("/v1/rows/" + encodeURIComponent(rowID) + "/history", { page_size: 100 });
    const current = body.current;
    replace(target,
      h("h3", {}, t("record.history"), " ", h("code", {}, rowID)),
      current ? h("p", {}, `${current.row.subcategory || ""} (${current.row.measure_text || ""}) — ${t("table")} `,
        h("a", { href: `#/programme/p${current.programme}?focus=table-${current.table_id}` }, current.table_id)) : null,
      current ? scroller(h("table", { class: "data", id: "current-figures" },
        h("caption", {}, t("record.current")),
        h("thead", {}, h("tr", {}, ["planned_2018", "actual_2018", "planned_2019", "actual_2019", "planned_2020", "actual_2020"].map((key) => h("th", { scope: "col" }, t(key))))),
        h("tbody", {}, h("tr", {},
          ["planned_2018", "actual_2018", "planned_2019"].map((key) => figureCell(current.row[key])),
          figureCell(current.actual_2019, { class: "fig recorded" }),
          figureCell(current.row.planned_2020),
          figureCell(current.actual_2020, { class: "fig recorded" })))), t("record.current")) : null,
      body.recordings.length === 0 ? h("p", {}, t("record.none")) :
        scroller(h("table", { class: "data", id: "history" },
          h("caption", {}, t("record.history")),
          h("thead", {}, h("tr", {}, ["sequence", "year", "value", "previous", "reporter", "note", "recorded_at"].map((key) => h("th", { scope: "col" }, t(key))))),
          h("tbody", {}, body.recordings.map((recording) => h("tr", { dataset: { sequence: recording.sequence } },
            h("td", {}, recording.sequence), h("td", {}, recording.year),
            figureCell(recording.value), figureCell(recording.previous),
            h("td", {}, recording.reported_by), h("td", {}, recording.source_note || ""),
            h("td", {}, new Date(recording.recorded_at_unix_micros / 1000).toISOString()))))), t("record.history")));
  } catch (error) {
    replace(target, h("p", { class: "problem", role: "alert" }, error instanceof Problem ? problemText(error) : String(error)));
  }
}

/** Renders the recording form for `params` (row) into `view`; returns the live handler. */
export async function record(view, params) {
  const rowID = params.get("row") || "";
  const message = h("div", { id: "record-message", role: "status", "aria-live": "polite" });
  const historyBox = h("div", { id: "record-history" });
  const field = (id, label, input) => h("div", { class: "field" }, h("label", { for: id }, label), input);
  const kind = h("select", { id: "kind", name: "kind" },
    h("option", { value: "number" }, t("record.number")), h("option", { value: "dash" }, t("record.dash")),
    h("option", { value: "blank" }, t("record.blank")));
  const form = h("form", { id: "record-form", class: "stack", autocomplete: "off" },
    field("token", t("record.token"), h("input", { id: "token", name: "token", type: "password", required: true, autocomplete: "off", value: sessionStorage.getItem(tokenKey) || "" })),
    field("row", t("record.row"), h("input", { id: "row", name: "row", required: true, value: rowID, pattern: "[0-9A-Za-z._-]+" })),
    field("year", t("record.year"), h("select", { id: "year", name: "year" }, h("option", { value: "2019" }, "2019"), h("option", { value: "2020" }, "2020"))),
    field("kind", t("record.kind"), kind),
    field("value", t("record.value"), h("input", { id: "value", name: "value", type: "number", min: "0", step: "1", inputmode: "numeric" })),
    field("reporter", t("record.reporter"), h("input", { id: "reporter", name: "reporter", required: true })),
    field("note", t("record.note"), h("input", { id: "note", name: "note" })),
    field("request", t("record.request"), h("input", { id: "request", name: "request", value: newRequestID() })),
    h("button", { type: "submit" }, t("record.submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const token = String(data.get("token"));
    sessionStorage.setItem(tokenKey, token);
    const choice = data.get("kind");
    const value = choice === "dash" ? "—" : choice === "blank" ? null : Number(data.get("value"));
    const body = {
      row_id: String(data.get("row")).trim(), year: Number(data.get("year")), value,
      reported_by: String(data.get("reporter")), request_id: String(data.get("request")),
    };
    if (data.get("note")) body.source_note = String(data.get("note"));
    replace(message, t("loading"));
    message.className = "";
    try {
      const answer = await post("/v1/actuals", body, token);
      const recording = answer.body.recording;
      message.className = "done";
      replace(message, `${answer.body.replayed ? t("record.replayed") : t("record.done")} ${recording.sequence}`);
      form.elements.request.value = newRequestID();
      history(historyBox, body.row_id);
    } catch (error) {
      message.className = "problem";
      message.setAttribute("role", "alert");
      replace(message, error instanceof Problem ? problemText(error) : String(error));
    }
  });
  // A number is needed only when the value is a number; a dash and a blank have none.
  const numberNeeded = () => {
    const needed = kind.value === "number";
    form.elements.value.required = needed;
    form.elements.value.disabled = !needed;
  };
  kind.addEventListener("change", numberNeeded);
  numberNeeded();
  form.elements.row.addEventListener("change", () => history(historyBox, form.elements.row.value.trim()));
  replace(view, h("h2", {}, t("record.title")), form, message, historyBox);
  await history(historyBox, rowID);
  return (recording) => {
    if (recording.row_id === form.elements.row.value.trim()) history(historyBox, recording.row_id);
  };
}
