// The timeline: incidents per week as bars, the number killed as a line on its own scale.
// Dragging across it picks a range of whole weeks (Monday to Sunday) as the date filter.

import { api, isAbort } from "./api.js";
import { clear, fmtNumber, h, plural, svg } from "./dom.js";
import { filterQuery } from "./state.js";

const DAY = 86400000;
const HEIGHT = 170;
const M = { top: 12, right: 44, bottom: 26, left: 40 };

function parseDay(s) {
  const [y, m, d] = s.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function isoDay(t) {
  return new Date(t).toISOString().slice(0, 10);
}

/** The Monday of the week of day `t` (UTC ms). */
function monday(t) {
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return t - weekday * DAY;
}

/** About `count` round tick values from 0 to max. */
function ticks(max, count = 4) {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Math.round(v));
  return out;
}

export class Timeline {
  /**
   * @param {HTMLElement} el the chart's container
   * @param {HTMLElement} rangeEl where the selected range is written
   * @param {HTMLButtonElement} clearButton
   * @param {(since: string|null, until: string|null) => void} onRange
   */
  constructor(el, rangeEl, clearButton, onRange) {
    this.el = el;
    this.rangeEl = rangeEl;
    this.clearButton = clearButton;
    this.onRange = onRange;
    this.weeks = [];
    this.since = null;
    this.until = null;
    this.controller = null;
    this.queryKey = null;
    clearButton.addEventListener("click", () => this.onRange(null, null));
    new ResizeObserver(() => this.draw()).observe(el);
  }

  /** Show the weeks of the incidents matching `filters`, with since/until as the selection. */
  async setFilters(filters) {
    this.since = filters.since || null;
    this.until = filters.until || null;
    this.showRange();
    // The chart shows every week the other filters allow: the dates are the selection.
    const { since, until, ...rest } = filters;
    const key = filterQuery(rest);
    if (key === this.queryKey) {
      this.draw();
      return;
    }
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.el.dataset.loading = "true";
    try {
      const rows = await api(`/api/stats?${new URLSearchParams({ by: "week" })}&${key}`, { signal: controller.signal });
      if (controller !== this.controller) return;
      this.queryKey = key;
      this.weeks = this.fill(rows);
      this.draw();
    } catch (err) {
      if (isAbort(err)) return;
      clear(this.el).append(h("p", { class: "error" }, `The timeline cannot be loaded: ${err.message}`));
    } finally {
      if (controller === this.controller) delete this.el.dataset.loading;
    }
  }

  /** Every week from the first to the last, the empty ones as zero. */
  fill(rows) {
    const byKey = new Map(rows.filter((r) => r.key).map((r) => [isoDay(monday(parseDay(r.key))), r]));
    if (!byKey.size) return [];
    const keys = [...byKey.keys()].sort();
    const weeks = [];
    for (let t = parseDay(keys[0]); t <= parseDay(keys[keys.length - 1]); t += 7 * DAY) {
      const row = byKey.get(isoDay(t));
      weeks.push({ start: t, events: row ? row.events : 0, fatalities: row ? row.fatalities : 0 });
    }
    return weeks;
  }

  showRange() {
    const selected = this.since || this.until;
    this.clearButton.hidden = !selected;
    this.rangeEl.textContent = selected ? `${this.since || "…"} to ${this.until || "…"}` : "";
  }

  draw() {
    const width = Math.max(320, this.el.clientWidth);
    clear(this.el);
    const weeks = this.weeks;
    if (!weeks.length) {
      this.el.append(h("p", { class: "empty" }, "No dated incidents match the filters."));
      return;
    }
    const innerW = width - M.left - M.right;
    const innerH = HEIGHT - M.top - M.bottom;
    const band = innerW / weeks.length;
    const maxEvents = Math.max(1, ...weeks.map((w) => w.events));
    const maxKilled = Math.max(1, ...weeks.map((w) => w.fatalities));
    const eventTicks = ticks(maxEvents);
    const killedTicks = ticks(maxKilled);
    const yTop = Math.max(maxEvents, eventTicks[eventTicks.length - 1]);
    const kTop = Math.max(maxKilled, killedTicks[killedTicks.length - 1]);
    const y = (v) => M.top + innerH - (v / yTop) * innerH;
    const k = (v) => M.top + innerH - (v / kTop) * innerH;
    const x = (i) => M.left + i * band;

    const chart = svg("svg", {
      class: "timeline-svg",
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: "img",
      "aria-label": `Incidents and people killed per week, ${isoDay(weeks[0].start)} to ${isoDay(weeks[weeks.length - 1].start + 6 * DAY)}`,
    });

    for (const v of eventTicks) {
      chart.append(
        svg("line", { class: "grid", x1: M.left, x2: width - M.right, y1: y(v), y2: y(v) }),
        svg("text", { class: "axis", x: M.left - 6, y: y(v) + 4, "text-anchor": "end" }, fmtNumber(v)),
      );
    }
    for (const v of killedTicks) {
      chart.append(svg("text", { class: "axis killed", x: width - M.right + 6, y: k(v) + 4 }, fmtNumber(v)));
    }

    // selection, under the bars
    const selStart = this.since ? parseDay(this.since) : null;
    const selEnd = this.until ? parseDay(this.until) : null;
    if (selStart !== null || selEnd !== null) {
      const first = weeks[0].start;
      const lastEnd = weeks[weeks.length - 1].start + 7 * DAY;
      const a = Math.max(first, selStart ?? first);
      const b = Math.min(lastEnd, (selEnd ?? lastEnd - DAY) + DAY);
      if (b > a) {
        const px = (t) => M.left + ((t - first) / (lastEnd - first)) * innerW;
        chart.append(svg("rect", { class: "selection", x: px(a), y: M.top, width: Math.max(2, px(b) - px(a)), height: innerH }));
      }
    }

    const barW = Math.max(1, band * 0.78);
    weeks.forEach((w, i) => {
      const end = isoDay(w.start + 6 * DAY);
      const inside = (!this.since || end >= this.since) && (!this.until || isoDay(w.start) <= this.until);
      if (w.events > 0) {
        chart.append(svg("rect", {
          class: inside ? "bar" : "bar outside",
          x: x(i) + (band - barW) / 2,
          y: y(w.events),
          width: barW,
          height: y(0) - y(w.events),
        }, svg("title", {}, `Week of ${isoDay(w.start)}: ${plural(w.events, "incident")}, ${fmtNumber(w.fatalities)} killed`)));
      }
    });

    const points = weeks.map((w, i) => `${(x(i) + band / 2).toFixed(1)},${k(w.fatalities).toFixed(1)}`);
    chart.append(svg("polyline", { class: "killed-line", points: points.join(" ") }));
    weeks.forEach((w, i) => {
      if (w.fatalities > 0) chart.append(svg("circle", { class: "killed-dot", cx: x(i) + band / 2, cy: k(w.fatalities), r: 2.5 }));
    });

    // x axis: the first week of each month (or of each quarter when space is short)
    chart.append(svg("line", { class: "baseline", x1: M.left, x2: width - M.right, y1: y(0), y2: y(0) }));
    const monthsShown = weeks.length / 4.3;
    const every = monthsShown * 58 > innerW ? 3 : 1;
    let lastMonth = null;
    weeks.forEach((w, i) => {
      const d = new Date(w.start);
      const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
      if (month !== lastMonth && month % every === 0) {
        const label = d.toLocaleString("en", { month: "short", timeZone: "UTC" }) +
          (d.getUTCMonth() === 0 || lastMonth === null ? ` ${d.getUTCFullYear()}` : "");
        chart.append(
          svg("line", { class: "tick", x1: x(i), x2: x(i), y1: y(0), y2: y(0) + 4 }),
          svg("text", { class: "axis", x: x(i), y: HEIGHT - 8 }, label),
        );
      }
      if (month !== lastMonth) lastMonth = month;
    });

    this.addBrush(chart, { first: weeks[0].start, band, innerH, count: weeks.length });
    this.el.append(chart);
  }

  addBrush(chart, { first, band, innerH, count }) {
    const overlay = svg("rect", {
      class: "brush-area",
      x: M.left,
      y: M.top,
      width: band * count,
      height: innerH,
      "data-first": isoDay(first),
    });
    const brush = svg("rect", { class: "brush", x: 0, y: M.top, width: 0, height: innerH, visibility: "hidden" });
    chart.append(overlay, brush);
    const indexAt = (event) => {
      const box = chart.getBoundingClientRect();
      const px = event.clientX - box.left - M.left;
      return Math.min(count - 1, Math.max(0, Math.floor(px / band)));
    };
    let startIndex = null;
    const show = (a, b) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      brush.setAttribute("x", String(M.left + lo * band));
      brush.setAttribute("width", String((hi - lo + 1) * band));
      brush.setAttribute("visibility", "visible");
      return [lo, hi];
    };
    overlay.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      overlay.setPointerCapture(event.pointerId);
      startIndex = indexAt(event);
      show(startIndex, startIndex);
    });
    overlay.addEventListener("pointermove", (event) => {
      if (startIndex !== null) show(startIndex, indexAt(event));
    });
    const finish = (event) => {
      if (startIndex === null) return;
      const [lo, hi] = show(startIndex, indexAt(event));
      startIndex = null;
      const since = isoDay(first + lo * 7 * DAY);
      const until = isoDay(first + hi * 7 * DAY + 6 * DAY);
      this.onRange(since, until);
    };
    overlay.addEventListener("pointerup", finish);
    overlay.addEventListener("pointercancel", () => {
      startIndex = null;
      brush.setAttribute("visibility", "hidden");
    });
  }
}
