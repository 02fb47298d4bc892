// The map: country outlines from /api/basemap (no tile server), and the incidents as
// circles the server has already grouped for the zoom and the area in view.

import { api, isAbort } from "./api.js";
import { fmtNumber, h, plural, typeClass } from "./dom.js";
import { filterQuery, join } from "./state.js";

const WORLD = { west: -180, south: -85, east: 180, north: 85 };
const MAX_ZOOM = 12;
const FIT_ZOOM = 6;

/** The event type with most incidents in a cell (ties: the first in ACLED's order). */
function mainType(types) {
  let best = null;
  let bestCount = -1;
  for (const [type, count] of Object.entries(types || {})) {
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

/** Circle diameter in pixels: the area grows with the number killed. */
export function diameter(fatalities, count = 1) {
  const base = count > 1 ? 22 : 14;
  return Math.round(Math.min(64, base + 5 * Math.sqrt(Math.max(0, fatalities || 0))));
}

function round(x) {
  return Math.round(x * 1e4) / 1e4;
}

export class IncidentMap {
  /**
   * @param {HTMLElement} el the map's container
   * @param {HTMLElement} statusEl where loading and errors are said
   * @param {(id: string) => void} openIncident
   */
  constructor(el, statusEl, openIncident) {
    this.el = el;
    this.statusEl = statusEl;
    this.openIncident = openIncident;
    this.filters = {};
    this.controller = null;
    this.fitted = false;
    this.map = L.map(el, {
      minZoom: 2,
      maxZoom: MAX_ZOOM,
      worldCopyJump: false,
      maxBounds: [[-90, -200], [90, 200]],
      zoomSnap: 0.5,
    }).setView([30, 40], 3);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth");
    this.cells = L.layerGroup().addTo(this.map);
    this.map.on("moveend", () => this.refresh());
    this.loadBasemap();
  }

  async loadBasemap() {
    this.el.dataset.basemap = "loading";
    try {
      const geojson = await api("/api/basemap");
      L.geoJSON(geojson, {
        interactive: false,
        style: { className: "country", weight: 0.8, fillOpacity: 1 },
      }).addTo(this.map).bringToBack();
      // boundaries a user imported (rasid basemap import), over the countries
      const imported = await api("/api/basemap/user");
      if (imported.features && imported.features.length) {
        L.geoJSON(imported, {
          interactive: false,
          style: { className: "imported-boundary", weight: 0.5, fill: false },
        }).addTo(this.map);
      }
      this.el.dataset.basemap = "loaded";
    } catch (err) {
      this.el.dataset.basemap = "failed";
      this.say(`Country outlines cannot be loaded: ${err.message}`, true);
    }
  }

  say(text, isError = false) {
    this.statusEl.textContent = text;
    this.statusEl.classList.toggle("error", isError);
  }

  /** Show the incidents matching `filters`; the first time, fit the map to them. */
  setFilters(filters) {
    this.filters = filters;
    if (!this.fitted) this.fitToData();
    else this.refresh();
  }

  invalidate() {
    this.map.invalidateSize();
  }

  async fitToData() {
    this.fitted = true;
    // Fine cells over the whole world, once, to find where the incidents are.
    const data = await this.fetchCells(FIT_ZOOM, WORLD);
    if (!data) return;
    const pad = (data.cell_degrees || 1) / 2;
    const points = data.cells.filter((c) => c.lat !== null && c.lon !== null);
    if (points.length) {
      const lats = points.map((c) => c.lat);
      const lons = points.map((c) => c.lon);
      const bounds = L.latLngBounds(
        [Math.min(...lats) - pad, Math.min(...lons) - pad],
        [Math.max(...lats) + pad, Math.max(...lons) + pad],
      );
      // a moveend follows and asks for the cells of the view
      this.map.fitBounds(bounds, { maxZoom: 7, animate: false, padding: [16, 16] });
    }
    this.refresh();
  }

  viewQuery() {
    const b = this.map.getBounds();
    return {
      // the server groups by whole zoom levels; between two, the coarser grid
      zoom: Math.floor(this.map.getZoom()),
      west: round(Math.max(-180, b.getWest())),
      south: round(Math.max(-90, b.getSouth())),
      east: round(Math.min(180, b.getEast())),
      north: round(Math.min(90, b.getNorth())),
    };
  }

  async fetchCells(zoom, box) {
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    const query = join(filterQuery(this.filters), new URLSearchParams({ zoom, ...box }).toString());
    this.el.dataset.loading = "true";
    try {
      const data = await api(`/api/map?${query}`, { signal: controller.signal });
      if (controller !== this.controller) return null;
      this.el.dataset.query = query;
      return data;
    } catch (err) {
      if (!isAbort(err)) this.say(`The map cannot be loaded: ${err.message}`, true);
      return null;
    } finally {
      if (controller === this.controller) delete this.el.dataset.loading;
    }
  }

  async refresh() {
    const { zoom, ...box } = this.viewQuery();
    const data = await this.fetchCells(zoom, box);
    if (data) this.draw(data);
  }

  draw(data) {
    this.cells.clearLayers();
    let shown = 0;
    for (const cell of data.cells) {
      if (cell.lat === null || cell.lon === null) continue;
      this.cells.addLayer(this.marker(cell));
      shown += cell.count;
    }
    this.el.dataset.markers = String(this.cells.getLayers().length);
    const unplaced = Math.max(0, (data.total || 0) - shown);
    const parts = [`${plural(shown, "incident")} in view`];
    if (unplaced) parts.push(`${fmtNumber(unplaced)} elsewhere or without a place`);
    this.say(parts.join("; "));
  }

  marker(cell) {
    const type = mainType(cell.types);
    const size = diameter(cell.fatalities, cell.count);
    const single = cell.count === 1 && cell.id !== null && cell.id !== undefined;
    const label = h("span", { class: "cell-label" }, cell.count > 1 ? fmtNumber(cell.count) : "");
    const icon = L.divIcon({
      className: `cell ${typeClass(type)}${single ? " single" : ""}`,
      html: label,
      iconSize: [size, size],
    });
    const breakdown = Object.entries(cell.types || {})
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t}: ${n}`)
      .join(", ");
    const title = `${plural(cell.count, "incident")}, ${fmtNumber(cell.fatalities || 0)} killed (${breakdown})`;
    const marker = L.marker([cell.lat, cell.lon], { icon, title, alt: title, keyboard: true, riseOnHover: true });
    marker.on("add", () => {
      const el = marker.getElement();
      if (!el) return;
      el.dataset.count = String(cell.count);
      if (single) el.dataset.id = String(cell.id);
    });
    marker.on("click", () => {
      if (single) {
        this.openIncident(String(cell.id));
      } else if (this.map.getZoom() < MAX_ZOOM) {
        this.map.setView([cell.lat, cell.lon], Math.min(MAX_ZOOM, this.map.getZoom() + 2));
      } else {
        marker.bindPopup(this.popup(cell, breakdown)).openPopup();
      }
    });
    return marker;
  }

  popup(cell, breakdown) {
    return h("div", { class: "cell-popup" },
      h("strong", {}, `${plural(cell.count, "incident")} at this place`),
      h("div", {}, breakdown),
      h("div", { class: "muted" }, "They are listed in the table; narrow it with the filters."));
  }
}
