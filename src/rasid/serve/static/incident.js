// The incident view: what was coded, from which reports, on what evidence, who said what,
// and what reviewers changed. Review forms join it for a signed-in reviewer.

import { api, isAbort } from "./api.js";
import { clear, externalLink, fmtDates, fmtNumber, fmtPercent, fmtTimestamp, h, plural, speakerText, typeClass } from "./dom.js";
import { badges } from "./table.js";
import { reviewSection, splitForm } from "./review.js";

const HIGHLIGHT_KINDS = new Set(["trigger", "actor", "place", "count"]);

/**
 * An evidence sentence with its highlighted spans as <mark class="kind">. Offsets count
 * Unicode code points (as the server's Python strings do), not UTF-16 units.
 */
export function highlighted(text, highlights) {
  const chars = Array.from(text || "");
  const spans = (highlights || [])
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const span of spans) {
    const start = Math.max(span.start, at);
    const end = Math.min(span.end, chars.length);
    if (start >= end) continue; // overlaps one already marked, or out of range
    if (start > at) out.push(chars.slice(at, start).join(""));
    const kind = HIGHLIGHT_KINDS.has(span.kind) ? span.kind : "other";
    out.push(h("mark", { class: kind, title: kind }, chars.slice(start, end).join("")));
    at = end;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}

const PLACE_FIELDS = new Set(["location", "admin1", "admin2", "country", "lat", "lon", "location_precision", "geonames_id"]);
const FIELD_NAMES = { event_type: "type", sub_event_type: "sub-type", fatalities: "killed", date_start: "date", date_end: "date", date_precision: "date" };

/** The fields a reviewer corrected, as a reader names them ("place", not lat and lon). */
function correctedText(fields) {
  const names = fields.map((f) => (PLACE_FIELDS.has(f) ? "place" : FIELD_NAMES[f] || f.replace(/_/g, " ")));
  return [...new Set(names)].join(", ");
}

function section(title, ...children) {
  return h("section", { class: "panel-section" }, h("h3", {}, title), ...children);
}

function fact(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

function figureValue(figure) {
  if (typeof figure === "number") return figure;
  if (figure && typeof figure === "object") return figure.value ?? figure.fatalities ?? null;
  return null;
}

/** The figures the reports gave, side by side, the one kept marked. */
function figures(incident) {
  const reported = Array.isArray(incident.figures_reported) && incident.figures_reported.length
    ? incident.figures_reported
    : (incident.fatalities_reported || []).map((value) => ({ fatalities: value }));
  const values = new Set(reported.map(figureValue).filter((v) => v !== null));
  if (values.size < 2) return null;
  const kept = incident.fatalities;
  const chips = reported.map((figure) => {
    const value = figureValue(figure);
    const who = [figure.outlet, figure.claimant].filter(Boolean).join(", ");
    return h("li", { class: value === kept ? "figure kept" : "figure", title: value === kept ? "the figure kept" : null },
      h("span", { class: "figure-value" }, fmtNumber(value)),
      who ? h("span", { class: "figure-who" }, who) : null);
  });
  return h("div", { class: "figures" },
    h("div", { class: "muted" }, `The reports disagree; the lowest figure, ${fmtNumber(kept)}, is kept.`),
    h("ul", { class: "figure-list" }, chips));
}

function statementItem(s, outlets) {
  const reportedBy = outlets.get(s.article_id);
  return h("li", { class: "statement" },
    h("blockquote", {}, s.quote),
    h("div", { class: "attribution" },
      h("span", { class: "speaker" }, speakerText(s)),
      s.kind ? h("span", { class: "tag" }, s.kind) : null,
      s.outlet ? h("span", { class: "muted" }, `to ${s.outlet}`) : null,
      reportedBy && reportedBy !== s.outlet ? h("span", { class: "muted" }, `in ${reportedBy}`) : null));
}

function claimItem(c, outlets) {
  const reportedBy = outlets.get(c.article_id);
  return h("li", { class: "claim" },
    h("span", { class: `tag claim-${c.kind}` }, c.kind),
    " ",
    h("span", {}, c.text),
    c.cue ? h("span", { class: "muted" }, ` (cue: “${c.cue}”)`) : null,
    reportedBy ? h("span", { class: "muted" }, ` · ${reportedBy}`) : null);
}

function historyTable(history) {
  return h("table", { class: "history" },
    h("thead", {}, h("tr", {}, ["When", "Who", "What", "Change", "Note"].map((t) => h("th", {}, t)))),
    h("tbody", {}, history.map((e) => h("tr", {},
      h("td", { class: "nowrap" }, fmtTimestamp(e.created_at)),
      h("td", {}, e.author || ""),
      h("td", {}, [e.action, e.field].filter(Boolean).join(" ")),
      h("td", {}, e.old !== null && e.old !== undefined || e.new !== null && e.new !== undefined
        ? [h("del", {}, valueText(e.old)), " → ", h("ins", {}, valueText(e.new))]
        : ""),
      h("td", {}, e.note || "")))));
}

function valueText(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") {
    if (value.name) return [value.name, value.admin1, value.country].filter(Boolean).join(", ");
    return JSON.stringify(value);
  }
  return String(value);
}

export class IncidentPanel {
  /**
   * @param {object} els {panel, title, body, close}
   * @param {object} hooks {href(id), changed(), open(id), reviewer() -> {name}|null}
   */
  constructor(els, hooks) {
    this.els = els;
    this.hooks = hooks;
    this.id = null;
    this.controller = null;
    this.incident = null;
  }

  hide() {
    this.id = null;
    if (this.controller) this.controller.abort();
    this.els.panel.hidden = true;
    document.body.classList.remove("panel-open");
  }

  async show(id, { reload = false } = {}) {
    if (id === this.id && !reload) return;
    if (id !== this.id) this.els.notice.hidden = true;
    this.id = id;
    this.els.panel.hidden = false;
    document.body.classList.add("panel-open");
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.els.panel.dataset.loading = "true";
    if (!reload) {
      this.els.body.scrollTop = 0;
      this.els.title.textContent = `Incident ${id}`;
      clear(this.els.body).append(h("p", { class: "muted" }, "Loading…"));
    }
    try {
      const incident = await api(`/api/incidents/${encodeURIComponent(id)}`, { signal: controller.signal });
      if (controller !== this.controller) return;
      this.render(incident);
    } catch (err) {
      if (isAbort(err)) return;
      const message = err.status === 404 ? `There is no incident ${id}.` : `The incident cannot be loaded: ${err.message}`;
      clear(this.els.body).append(h("p", { class: "error", role: "alert" }, message));
    } finally {
      if (controller === this.controller) delete this.els.panel.dataset.loading;
    }
  }

  /** Re-render from the current incident (e.g. after signing in or out). */
  refresh() {
    if (this.incident && this.id !== null) this.render(this.incident);
  }

  /** After a write: show the incident as it now is, say what was done, tell the page. */
  async updated(incident, { open, notice, link } = {}) {
    this.hooks.changed();
    const id = open !== undefined ? String(open) : this.id;
    if (id !== this.id) {
      this.hooks.open(id);
    } else {
      await this.show(id, { reload: true });
    }
    if (notice) this.say(notice, link);
    return incident;
  }

  /** A notice under the panel's title, with a link to another incident when given. */
  say(text, linkId) {
    const notice = clear(this.els.notice);
    notice.append(text);
    if (linkId !== undefined && linkId !== null) {
      notice.append(" ", h("a", { href: this.hooks.href(String(linkId)) }, `Open incident ${linkId}`));
    }
    notice.hidden = false;
  }

  render(incident) {
    this.incident = incident;
    const id = String(incident.id);
    this.els.panel.dataset.id = id;
    this.els.title.textContent = `Incident ${id}`;
    const body = clear(this.els.body);
    const reviewer = this.hooks.reviewer();

    body.append(h("div", { class: "badges" }, badges(incident)));
    body.append(h("p", { class: `headline ${typeClass(incident.event_type)}` },
      h("span", { class: `swatch ${typeClass(incident.event_type)}`, "aria-hidden": "true" }),
      `${incident.event_type} — ${incident.sub_event_type}`));

    const where = [incident.location, incident.admin2, incident.admin1, incident.country]
      .filter((v, i, all) => v && all.indexOf(v) === i).join(", ") || "place unknown";
    const coords = typeof incident.lat === "number" && typeof incident.lon === "number"
      ? h("span", { class: "muted" }, ` (${incident.lat.toFixed(3)}, ${incident.lon.toFixed(3)})`)
      : null;
    body.append(h("dl", { class: "facts" },
      fact("Date", fmtDates(incident.date_start, incident.date_end)),
      fact("Actor 1", incident.actor1 || "unidentified"),
      fact("Actor 2", incident.actor2 || "–"),
      fact("Place", where, coords),
      fact("Killed", h("strong", { class: "killed" }, fmtNumber(incident.fatalities)), figures(incident)),
      fact("Sources", `${plural(incident.n_articles, "article")} from ${plural(incident.n_outlets, "outlet")}`),
      fact("Machine confidence", h("meter", { min: 0, max: 1, value: incident.confidence ?? 0 }), " ", fmtPercent(incident.confidence)),
      incident.corrected && incident.corrected.length ? fact("Corrected by a reviewer", correctedText(incident.corrected)) : [],
      fact("Last changed", fmtTimestamp(incident.updated_at)),
    ));

    if (reviewer) body.append(reviewSection(incident, this, reviewer));

    const reports = incident.reports || [];
    body.append(section(`Reports (${reports.length})`,
      reports.length ? h("p", { class: "mark-key" }, "Marked in the evidence: ",
        ["trigger", "actor", "place", "count"].map((k) => h("mark", { class: k }, k))) : null,
      reports.length
        ? h("ol", { class: "reports" }, reports.map((r) => this.report(r, reviewer && reports.length > 1)))
        : h("p", { class: "muted" }, "No reports: an imported incident has its dataset's notes only.")));

    const outlets = new Map(reports.map((r) => [r.article_id, r.outlet]));
    const statements = incident.statements || [];
    if (statements.length) {
      body.append(section(`Statements (${statements.length})`,
        h("ul", { class: "statement-list" }, statements.map((s) => statementItem(s, outlets)))));
    }
    const claims = incident.claims || [];
    if (claims.length) {
      body.append(section(`Claims (${claims.length})`,
        h("ul", { class: "claim-list" }, claims.map((c) => claimItem(c, outlets)))));
    }

    const history = incident.history || [];
    body.append(section("History", history.length ? historyTable(history) : h("p", { class: "muted" }, "No changes by reviewers.")));
  }

  report(r, canSplit) {
    const evidence = (r.evidence || []).map((e) => h("blockquote", { class: "evidence" }, highlighted(e.text, e.highlights)));
    return h("li", { class: "report", "data-event-id": r.event_id },
      h("div", { class: "report-head" },
        h("span", { class: "outlet" }, r.outlet || "unknown outlet"),
        r.published ? h("span", { class: "muted" }, ` · ${r.published}`) : null),
      h("div", { class: "report-title" }, externalLink(r.url, r.title || r.article_id || "untitled")),
      r.summary ? h("p", { class: "summary" }, r.summary) : null,
      evidence.length ? h("div", { class: "evidence-list" }, evidence) : null,
      h("div", { class: "report-meta muted" },
        `killed: ${fmtNumber(r.fatalities)} · confidence ${fmtPercent(r.confidence)}`),
      canSplit ? splitForm(r, this) : null);
  }
}
