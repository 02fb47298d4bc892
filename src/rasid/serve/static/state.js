// What the page shows lives in its URL: the filters, sort and page in the query string,
// the view in the fragment (#incident/12, #statements?speaker=...). Back and forward
// replay it; a copied URL opens the same view.

export const FILTER_KEYS = [
  "since", "until", "country", "admin1", "type", "actor", "text",
  "min_fatalities", "min_outlets", "min_confidence", "reviewed", "origin", "not_events",
];
export const STATEMENT_KEYS = ["speaker", "organization", "outlet", "since", "until"];
export const SORTS = ["-date", "date", "-fatalities", "fatalities", "-outlets"];
export const DEFAULT_SORT = "-date";

function pick(params, keys) {
  const out = {};
  for (const key of keys) {
    const value = (params.get(key) || "").trim();
    if (value && !(key === "reviewed" && value === "any") && !(key === "origin" && value === "any")) {
      out[key] = value;
    }
  }
  return out;
}

function positive(value) {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** The state of the page at `loc` (default: the current location). */
export function readState(loc = window.location) {
  const params = new URLSearchParams(loc.search);
  const sort = SORTS.includes(params.get("sort")) ? params.get("sort") : DEFAULT_SORT;
  const state = {
    filters: pick(params, FILTER_KEYS),
    sort,
    page: positive(params.get("page")),
    route: { name: "incidents" },
  };
  const hash = loc.hash.replace(/^#/, "");
  const incident = /^incident\/(.+)$/.exec(hash);
  if (incident) {
    let id = incident[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      // a malformed escape: keep the id as written
    }
    state.route = { name: "incident", id };
  } else if (hash === "statements" || hash.startsWith("statements?")) {
    const q = new URLSearchParams(hash.slice("statements".length + 1));
    state.route = { name: "statements", filters: pick(q, STATEMENT_KEYS), page: positive(q.get("page")) };
  }
  return state;
}

/** The query string of a set of filters (no leading "?"), keys in a stable order. */
export function filterQuery(filters, keys = FILTER_KEYS) {
  const params = new URLSearchParams();
  for (const key of keys) if (filters[key]) params.set(key, filters[key]);
  return params.toString();
}

export function join(...parts) {
  return parts.filter(Boolean).join("&");
}

/** The URL (path, query and fragment) of a state. */
export function stateUrl(state) {
  const params = new URLSearchParams(filterQuery(state.filters));
  if (state.sort && state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  let hash = "";
  const route = state.route || { name: "incidents" };
  if (route.name === "incident") hash = `#incident/${encodeURIComponent(route.id)}`;
  if (route.name === "statements") {
    const q = new URLSearchParams(filterQuery(route.filters || {}, STATEMENT_KEYS));
    if (route.page > 1) q.set("page", String(route.page));
    hash = q.toString() ? `#statements?${q}` : "#statements";
  }
  return `${window.location.pathname}${query ? `?${query}` : ""}${hash}`;
}

/** A link to an incident that keeps the current filters. */
export function incidentHref(state, id) {
  return stateUrl({ ...state, route: { name: "incident", id: String(id) } });
}
