// Rasid's dashboard: map, timeline and table of incidents under one set of filters kept in
// the URL; the incident view; statements; and review for a signed-in reviewer.

import { api, getToken, setToken } from "./api.js";
import { EVENT_TYPES, h, typeClass } from "./dom.js";
import { IncidentPanel } from "./incident.js";
import { IncidentMap } from "./map.js";
import { loadTypes } from "./review.js";
import { FILTER_KEYS, filterQuery, incidentHref, readState, stateUrl } from "./state.js";
import { StatementsView } from "./statements.js";
import { IncidentTable } from "./table.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);

let state = readState();
let reviewer = null; // {name} once the token is accepted
let shownFilters = null; // the filters the map, timeline and table last loaded
let shownTable = null;

/** Go to a new state: a new history entry (or a replaced one), then show it. */
function navigate(next, { replace = false } = {}) {
  const url = stateUrl(next);
  if (url !== `${location.pathname}${location.search}${location.hash}`) {
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }
  state = readState();
  render();
}

function setFilters(filters) {
  navigate({ ...state, filters, page: 1 });
}

// --- filters form -------------------------------------------------------------------

const form = $("filters");

function formFilters() {
  const out = {};
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    const value = input.type === "checkbox" ? (input.checked ? input.value : "") : (input.value || "").trim();
    if (value) out[key] = value;
  }
  return out;
}

function fillForm(filters) {
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    const value = filters[key] || "";
    if (input.type === "checkbox") {
      input.checked = value === input.value;
      continue;
    }
    if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
      input.append(h("option", { value }, value)); // a type from the URL the list lacks
    }
    input.value = value;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  setFilters(formFilters());
});
form.addEventListener("change", (event) => {
  const target = event.target;
  if (target.tagName === "SELECT" || target.type === "date" || target.type === "checkbox") setFilters(formFilters());
});
$("filters-reset").addEventListener("click", () => setFilters({}));

async function fillTypes() {
  const select = $("filter-type");
  try {
    const types = await loadTypes();
    // the types first (a closed select shows their whole name), then each one's sub-types
    select.append(...Object.keys(types).map((type) => h("option", { value: type }, type)));
    for (const [type, subs] of Object.entries(types)) {
      select.append(h("optgroup", { label: type }, subs.map((sub) => h("option", { value: sub }, sub))));
    }
  } catch {
    for (const type of EVENT_TYPES) select.append(h("option", { value: type }, type));
  }
  fillForm(state.filters);
}

function fillLegend() {
  $("legend").replaceChildren(...EVENT_TYPES.map((type) =>
    h("li", {}, h("span", { class: `swatch ${typeClass(type)}`, "aria-hidden": "true" }), type)));
}

// --- views --------------------------------------------------------------------------

const openIncident = (id) => navigate({ ...state, route: { name: "incident", id: String(id) } });

const map = new IncidentMap($("map"), $("map-status"), openIncident);

const timeline = new Timeline($("timeline"), $("timeline-range"), $("timeline-clear"), (since, until) => {
  const filters = { ...state.filters };
  delete filters.since;
  delete filters.until;
  if (since) filters.since = since;
  if (until) filters.until = until;
  setFilters(filters);
});

const table = new IncidentTable({
  table: $("incidents"),
  counts: $("counts"),
  pager: $("pager"),
  error: $("table-error"),
  downloads: { acled: $("dl-acled"), geojson: $("dl-geojson"), parquet: $("dl-parquet") },
}, {
  href: (id) => incidentHref(state, id),
  open: openIncident,
  sort: (sort) => navigate({ ...state, sort, page: 1 }),
  page: (page) => {
    navigate({ ...state, page });
    $("counts").scrollIntoView({ block: "start" });
  },
});

/** Everything under the filters shows the current data again (after a review write). */
function reload() {
  shownFilters = null;
  shownTable = null;
  render();
}

const panel = new IncidentPanel({
  panel: $("incident-panel"),
  title: $("incident-title"),
  body: $("incident-body"),
  notice: $("incident-notice"),
}, {
  href: (id) => incidentHref(state, id),
  open: openIncident,
  changed: () => {
    map.fitted = true;
    reload();
  },
  reviewer: () => reviewer,
});

const statements = new StatementsView({
  form: $("statement-filters"),
  reset: $("statement-filters-reset"),
  list: $("statements"),
  counts: $("statement-counts"),
  pager: $("statement-pager"),
  error: $("statements-error"),
}, (filters, page) => navigate({ ...state, route: { name: "statements", filters, page } }));

function closePanel() {
  navigate({ ...state, route: { name: "incidents" } });
}

$("incident-close").addEventListener("click", (event) => {
  event.preventDefault();
  closePanel();
});
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest && event.target.closest("input, select, textarea");
  if (event.key === "Escape" && state.route.name === "incident" && !typing) closePanel();
});

// The tabs change the view without reloading the page (the map keeps its place).
$("tab-incidents").addEventListener("click", (event) => {
  event.preventDefault();
  navigate({ ...state, route: { name: "incidents" } });
});
$("tab-statements").addEventListener("click", (event) => {
  event.preventDefault();
  if (state.route.name !== "statements") navigate({ ...state, route: { name: "statements", filters: {}, page: 1 } });
});

function render() {
  const route = state.route;
  const onStatements = route.name === "statements";
  $("incidents-view").hidden = onStatements;
  $("statements-view").hidden = !onStatements;
  $("tab-incidents").classList.toggle("active", !onStatements);
  $("tab-statements").classList.toggle("active", onStatements);
  $("tab-incidents").href = stateUrl({ ...state, route: { name: "incidents" } });
  document.title = onStatements ? "Statements · Rasid" : route.name === "incident" ? `Incident ${route.id} · Rasid` : "Rasid";

  if (onStatements) {
    panel.hide();
    statements.show(route.filters, route.page);
    return;
  }
  map.invalidate();
  fillForm(state.filters);
  const key = filterQuery(state.filters);
  if (key !== shownFilters) {
    shownFilters = key;
    map.setFilters(state.filters);
    timeline.setFilters(state.filters);
  }
  const tableKey = `${key}|${state.sort}|${state.page}`;
  if (tableKey !== shownTable) {
    shownTable = tableKey;
    table.load(state.filters, state.sort, state.page);
  }
  if (route.name === "incident") panel.show(route.id);
  else panel.hide();
}

window.addEventListener("popstate", () => {
  state = readState();
  render();
});

// --- sign in ------------------------------------------------------------------------

function showReviewer() {
  const signedIn = reviewer !== null;
  $("signin-user").hidden = !signedIn;
  $("signin-user").textContent = signedIn ? `Reviewing as ${reviewer.name}` : "";
  $("signin-token").hidden = signedIn;
  $("signin-submit").hidden = signedIn;
  $("signout").hidden = !signedIn;
  document.body.classList.toggle("reviewing", signedIn);
  panel.refresh();
}

async function signIn(token) {
  const me = await api("/api/me", { token });
  reviewer = { name: String(me.name), canWrite: me.can_write !== false };
  setToken(token);
  showReviewer();
}

$("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("signin-token");
  const token = input.value.trim();
  $("signin-error").textContent = "";
  if (!token) return;
  try {
    await signIn(token);
    input.value = "";
  } catch (err) {
    $("signin-error").textContent = err.status === 401 ? "That token is not accepted." : err.message;
  }
});

$("signout").addEventListener("click", () => {
  reviewer = null;
  setToken(null);
  showReviewer();
});

// --- start --------------------------------------------------------------------------

fillLegend();
fillTypes();
render();
const saved = getToken();
if (saved) {
  signIn(saved).catch(() => {
    setToken(null);
    showReviewer();
  });
}
