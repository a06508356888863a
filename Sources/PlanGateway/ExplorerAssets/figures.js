// How a figure is shown: a number, a dash (—) or a blank are three different things and look
// different (a blank cell is hatched and says so to screen readers); a legend explains them.
import { h } from "./dom.js";
import { t, currentLanguage } from "./i18n.js";

export const DASH = "—";

/** The kind of a figure as the API gives it: a number, "—" or null. */
export function kind(value) {
  if (value === DASH) return "dash";
  if (value === null || value === undefined) return "blank";
  return "number";
}

/** A number written for people (grouped digits), exactly: no rounding of integers. */
export function formatNumber(value, digits) {
  const locale = currentLanguage() === "zh" ? "zh-CN" : "en-GB";
  return Number(value).toLocaleString(locale, digits === undefined ? {} : { maximumFractionDigits: digits });
}

/** A table cell of a figure. */
export function figureCell(value, extra = {}) {
  switch (kind(value)) {
    case "dash":
      return h("td", { class: "fig dash", title: t("legend.dash"), ...extra }, DASH);
    case "blank":
      return h("td", { class: "fig blank", title: t("legend.blank"), ...extra }, h("span", { class: "sr" }, t("legend.blank")));
    default:
      return h("td", { class: "fig", ...extra }, formatNumber(value));
  }
}

/** The legend of the three kinds of figure. */
export function legend() {
  return h("aside", { class: "legend", "aria-label": t("legend.title") },
    h("h2", {}, t("legend.title")),
    h("ul", {},
      h("li", {}, h("span", { class: "swatch fig" }, "12"), " ", t("legend.number")),
      h("li", {}, h("span", { class: "swatch fig dash" }, DASH), " ", t("legend.dash")),
      h("li", {}, h("span", { class: "swatch fig blank", "aria-hidden": "true" }), " ", t("legend.blank")),
      h("li", {}, h("span", { class: "swatch fig recorded" }, "7"), " ", t("legend.recorded"))));
}

/** The value a chart draws for a figure: a dash as 0 (as totals count it), a blank as a gap. */
export function chartValue(value) {
  switch (kind(value)) {
    case "dash": return 0;
    case "blank": return null;
    default: return value;
  }
}
