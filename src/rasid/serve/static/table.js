// The table of incidents: one page of rows at a time, sortable, with the totals of the
// filtered set and links that download exactly that set.

import { api, isAbort } from "./api.js";
import { clear, fmtDates, fmtNumber, fmtPercent, h, plural, typeClass } from "./dom.js";
import { filterQuery, join } from "./state.js";

export const PER_PAGE = 50;

// header → [sort on first click, sort on second click]
const SORT_CYCLE = {
  date: ["-date", "date"],
  fatalities: ["-fatalities", "fatalities"],
  outlets: ["-outlets", "-outlets"],
};

const ORIGIN_NAMES = { acled: "ACLED", "ucdp-ged": "UCDP GED" };

/** Status badges of an incident: what a reader must know before trusting it. */
export function badges(incident) {
  const out = [];
  if (incident.not_event) out.push(h("span", { class: "badge not-event" }, "not an event"));
  if (incident.origin && incident.origin !== "rasid") {
    out.push(h("span", { class: "badge imported" }, ORIGIN_NAMES[incident.origin] || incident.origin));
  } else if (incident.reviewed) {
    out.push(h("span", { class: "badge reviewed" }, "reviewed"));
  } else {
    out.push(h("span", { class: "badge machine" }, "machine-coded, unreviewed"));
  }
  if (incident.corrected && incident.corrected.length) {
    out.push(h("span", { class: "badge corrected", title: `corrected: ${incident.corrected.join(", ")}` }, "corrected"));
  }
  return out;
}

export function actorsText(incident) {
  if (incident.actor1 && incident.actor2) return [incident.actor1, " vs ", incident.actor2];
  return [incident.actor1 || incident.actor2 || "unidentified"];
}

export function placeText(incident) {
  const parts = [incident.location, incident.admin1 !== incident.location ? incident.admin1 : null, incident.country];
  const text = parts.filter(Boolean).join(", ");
  return text || "place unknown";
}

export class IncidentTable {
  /**
   * @param {object} els {table, counts, pager, error, downloads: {acled, geojson, parquet}}
   * @param {object} hooks {href(id), open(id), sort(sort), page(page)}
   */
  constructor(els, hooks) {
    this.els = els;
    this.hooks = hooks;
    this.controller = null;
    this.tbody = els.table.querySelector("tbody");
    for (const th of els.table.querySelectorAll("th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => {
        const [first, second] = SORT_CYCLE[th.dataset.sort];
        this.hooks.sort(this.sort === first ? second : first);
      });
    }
    this.tbody.addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-id]");
      if (!row || event.target.closest("a")) return;
      this.hooks.open(row.dataset.id);
    });
  }

  async load(filters, sort, page) {
    this.sort = sort;
    this.markSort();
    const query = filterQuery(filters);
    for (const format of ["acled", "geojson", "parquet"]) {
      this.els.downloads[format].href = `/api/export?${join(`format=${format}`, query)}`;
    }
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.els.table.dataset.loading = "true";
    const params = join(query, new URLSearchParams({ sort, page, per_page: PER_PAGE }).toString());
    try {
      const [data, totals] = await Promise.all([
        api(`/api/incidents?${params}`, { signal: controller.signal }),
        // the number killed over the whole filtered set, not just this page
        api(`/api/stats?${join("by=origin", query)}`, { signal: controller.signal }).catch((err) => {
          if (isAbort(err)) throw err;
          return null;
        }),
      ]);
      if (controller !== this.controller) return;
      this.els.error.textContent = "";
      this.render(data, totals);
    } catch (err) {
      if (isAbort(err)) return;
      this.els.error.textContent = `The incidents cannot be loaded: ${err.message}`;
    } finally {
      if (controller === this.controller) delete this.els.table.dataset.loading;
    }
  }

  markSort() {
    for (const th of this.els.table.querySelectorAll("th[data-sort]")) {
      const [first, second] = SORT_CYCLE[th.dataset.sort];
      const current = this.sort === first || this.sort === second;
      th.setAttribute("aria-sort", !current ? "none" : this.sort.startsWith("-") ? "descending" : "ascending");
    }
  }

  render(data, totals) {
    const killed = totals ? totals.reduce((sum, row) => sum + (row.fatalities || 0), 0) : null;
    this.els.counts.textContent = killed === null
      ? plural(data.total, "incident")
      : `${plural(data.total, "incident")}, ${fmtNumber(killed)} killed`;
    this.els.counts.dataset.total = String(data.total);
    if (killed !== null) this.els.counts.dataset.killed = String(killed);

    clear(this.tbody);
    if (!data.incidents.length) {
      this.tbody.append(h("tr", { class: "empty" }, h("td", { colspan: 8 }, "No incidents match the filters.")));
    }
    for (const incident of data.incidents) this.tbody.append(this.row(incident));
    this.renderPager(data);
  }

  row(incident) {
    const id = String(incident.id);
    return h("tr", { "data-id": id, class: incident.not_event ? "not-event" : null },
      h("td", { class: "date" }, h("a", { href: this.hooks.href(id) }, fmtDates(incident.date_start, incident.date_end))),
      h("td", {},
        h("span", { class: `swatch ${typeClass(incident.event_type)}`, "aria-hidden": "true" }),
        h("span", { class: "type" }, incident.event_type),
        h("div", { class: "sub" }, incident.sub_event_type)),
      h("td", {}, actorsText(incident)),
      h("td", {}, placeText(incident)),
      h("td", { class: "num" }, fmtNumber(incident.fatalities)),
      h("td", { class: "num" }, fmtNumber(incident.n_outlets)),
      h("td", { class: "num" }, fmtPercent(incident.confidence)),
      h("td", { class: "status" }, badges(incident)),
    );
  }

  renderPager(data) {
    const pages = Math.max(1, Math.ceil(data.total / (data.per_page || PER_PAGE)));
    const page = data.page || 1;
    const pager = clear(this.els.pager);
    if (pages <= 1) return;
    const go = (p) => () => this.hooks.page(p);
    pager.append(
      h("button", { type: "button", disabled: page <= 1, onclick: go(page - 1), "aria-label": "Previous page" }, "‹ Previous"),
      h("span", { class: "page-of" }, `Page ${fmtNumber(page)} of ${fmtNumber(pages)}`),
      h("button", { type: "button", disabled: page >= pages, onclick: go(page + 1), "aria-label": "Next page" }, "Next ›"),
    );
  }
}
