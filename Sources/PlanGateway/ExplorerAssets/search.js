// Search: one box, the document's Chinese text; each hit's snippet with its matches marked,
// linking to where it lives (the programme's page, at the unit).
import { get } from "./api.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

/** The snippet with the highlighted ranges (in characters) as <mark>. */
function highlighted(snippet, highlights) {
  const characters = Array.from(snippet);
  const parts = [];
  let at = 0;
  for (const { start, length } of [...(highlights || [])].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    parts.push(characters.slice(at, start).join(""), h("mark", {}, characters.slice(start, start + length).join("")));
    at = start + length;
  }
  parts.push(characters.slice(at).join(""));
  return parts;
}

function target(location) {
  const programme = `p${location.programme}`;
  const focus = location.unit_id ? `unit-${location.unit_id}` : "";
  return `#/programme/${programme}` + (focus ? `?focus=${encodeURIComponent(focus)}` : "");
}

/** Renders the search page for `params` (q) into `view`. */
export async function search(view, params, navigate) {
  const q = params.get("q") || "";
  const input = h("input", { id: "q", name: "q", type: "search", value: q, required: true, lang: "zh-Hans", autocomplete: "off" });
  const results = h("div", { id: "search-results", "aria-live": "polite" });
  replace(view,
    h("h2", {}, t("search.title")),
    h("form", { role: "search", class: "inline", onsubmit: (event) => {
      event.preventDefault();
      navigate("#/search?" + new URLSearchParams({ q: input.value.trim() }).toString());
    } }, h("label", { for: "q" }, t("search.label")), input, h("button", { type: "submit" }, t("search.submit"))),
    results);
  if (!q) { input.focus(); return; }
  const body = await get("/v1/search", { q, page_size: 50 });
  replace(results,
    h("p", {}, h("strong", {}, body.total_hits ?? body.hits.length), " ", t("search.hits")),
    body.hits.length === 0 ? h("p", {}, t("search.none")) :
      h("ol", { class: "hits" }, body.hits.map((hit) => h("li", { class: "hit" },
        h("a", { href: target(hit.location) }, h("span", { class: "printed snippet" }, highlighted(hit.snippet, hit.highlights))),
        h("span", { class: "where" }, ` — ${t("programme")} ${hit.location.programme} · ${hit.location.scope} · ${hit.location.entity_id} · ${t("search.line")} ${hit.location.line}`)))));
}
