// The explorer's entry: the routes of the page (all in the URL's fragment, so every view can be
// bookmarked and sent), the language switch and the live stream of recordings.
import { Problem } from "./api.js";
import { h, replace } from "./dom.js";
import { t, setLanguage, currentLanguage, problemText } from "./i18n.js";
import { legend, formatNumber } from "./figures.js";
import { overview } from "./overview.js";
import { programme } from "./programme.js";
import { search } from "./search.js";
import { aggregate } from "./aggregate.js";
import { record } from "./record.js";

const view = document.getElementById("view");
let onRecording = null;
let rendering = 0;

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Puts the page's own labels (data-i18n) in the language chosen. */
function label() {
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-label]")) element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  const button = document.getElementById("language");
  button.textContent = t("language");
  button.setAttribute("aria-label", t("language.label"));
  replace(document.getElementById("legend"), legend());
  const status = document.getElementById("live");
  if (status.dataset.state) replace(status, t(status.dataset.state === "on" ? "live.on" : "live.off"));
}

async function render() {
  const run = ++rendering;
  onRecording = null;
  const [path, search_ = ""] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(search_);
  for (const link of document.querySelectorAll("header nav a")) {
    const current = link.getAttribute("href").slice(1).split("?")[0];
    if (current === path || (current !== "/" && path.startsWith(current))) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.body.dataset.ready = "false";
  replace(view, h("p", { class: "loading" }, t("loading")));
  try {
    let handler;
    if (path.startsWith("/programme/")) handler = await programme(view, decodeURIComponent(path.slice("/programme/".length)), params);
    else if (path === "/search") handler = await search(view, params, navigate);
    else if (path === "/aggregate") handler = await aggregate(view, params, navigate);
    else if (path === "/record") handler = await record(view, params);
    else handler = await overview(view, params, navigate);
    if (run !== rendering) return;
    // The overview shows the recorded actuals: drawn again with the new figures.
    onRecording = handler || (path === "/" || path === "" ? () => render() : null);
  } catch (error) {
    if (run !== rendering) return;
    replace(view, h("p", { class: "problem", role: "alert" }, `${t("error")}: `, error instanceof Problem ? problemText(error) : String(error)));
  }
  document.body.dataset.ready = "true";
  // When the first view was ready to use, for the browser test's time-to-interactive figure.
  if (window.explorerFirstReady === undefined) window.explorerFirstReady = performance.now();
  // After a move within the page the content gets the focus (unless the view gave it to one of
  // its fields); on the first load it stays at the top, where Tab reaches the skip link first.
  if (run > 1 && !params.get("focus") && !view.contains(document.activeElement)) view.focus({ preventScroll: true });
}

/** The live stream: every recording is announced, and the view shown updates its figures. */
function live() {
  const status = document.getElementById("live");
  const log = document.getElementById("live-log");
  replace(status, t("live.connecting"));
  const source = new EventSource("/v1/recordings/stream");
  source.addEventListener("open", () => { status.dataset.state = "on"; replace(status, t("live.on")); });
  source.addEventListener("error", () => { status.dataset.state = "off"; replace(status, t("live.off")); });
  source.addEventListener("recording", (event) => {
    const recording = JSON.parse(event.data);
    const value = recording.value === null ? t("legend.blank") : recording.value === "—" ? "—" : formatNumber(recording.value);
    log.prepend(h("li", { dataset: { sequence: recording.sequence, row: recording.row_id } },
      `${t("live.recorded")} #${recording.sequence}: `,
      h("a", { href: `#/record?row=${encodeURIComponent(recording.row_id)}` }, recording.row_id),
      ` ${recording.year} = ${value} (${recording.reported_by})`));
    while (log.children.length > 5) log.lastElementChild.remove();
    if (onRecording) Promise.resolve(onRecording(recording)).catch(() => {});
  });
}

document.getElementById("language").addEventListener("click", () => {
  setLanguage(currentLanguage() === "zh" ? "en" : "zh");
  label();
  render();
});
setLanguage(currentLanguage());
label();
window.addEventListener("hashchange", render);
live();
render();
