// The page's only way to the data: the public HTTP API of the gateway, as any client calls it.
// The write token is read from the tab's sessionStorage (where the recording form put it) and
// sent only with recordings.

/** An answer that is an RFC 9457 problem document (or any non-2xx answer). */
export class Problem extends Error {
  constructor(status, document) {
    super(document.detail || document.title || `HTTP ${status}`);
    this.status = status;
    this.title = document.title || `HTTP ${status}`;
    this.detail = document.detail || "";
    this.parameter = document.parameter;
    this.requestID = document.request_id;
  }
}

/** The query string of `params` (arrays repeat the name; empty values are left out). */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of [].concat(value)) {
      if (item !== undefined && item !== null && item !== "") search.append(name, item);
    }
  }
  const text = search.toString();
  return text ? "?" + text : "";
}

async function answer(response) {
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : { detail: await response.text() };
  if (!response.ok) throw new Problem(response.status, body);
  return { status: response.status, body };
}

/** GET `path` with `params`: the JSON answer, or a Problem. */
export async function get(path, params) {
  const { body } = await answer(await fetch(path + query(params), { headers: { Accept: "application/json" } }));
  return body;
}

/** Every page of a list endpoint: the items under `key` of each page, in order. */
export async function all(path, params, key, maxPages = 50) {
  const items = [];
  let token = "";
  for (let page = 0; page < maxPages; page++) {
    const body = await get(path, { ...params, page_size: 100, page_token: token });
    items.push(...(body[key] || []));
    token = body.next_page_token || "";
    if (!token) break;
  }
  return items;
}

/** POST `body` as JSON to `path` with the bearer `token`: { status, body }, or a Problem. */
export async function post(path, body, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  return answer(await fetch(path, { method: "POST", headers, body: JSON.stringify(body) }));
}
