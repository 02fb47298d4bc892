// The statements view: who said what, to which outlet, searchable by speaker,
// organisation, outlet and date.

import { api, isAbort } from "./api.js";
import { clear, externalLink, h, plural, safeUrl, speakerText } from "./dom.js";
import { STATEMENT_KEYS, filterQuery } from "./state.js";

export class StatementsView {
  /**
   * @param {object} els {form, reset, list, counts, pager, error}
   * @param {(filters: object, page: number) => void} go  navigate to a search and page
   */
  constructor(els, go) {
    this.els = els;
    this.go = go;
    this.controller = null;
    this.key = null;
    els.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.go(this.formFilters(), 1);
    });
    els.reset.addEventListener("click", () => this.go({}, 1));
  }

  formFilters() {
    const out = {};
    for (const key of STATEMENT_KEYS) {
      const value = this.els.form.elements[key].value.trim();
      if (value) out[key] = value;
    }
    return out;
  }

  async show(filters, page) {
    for (const key of STATEMENT_KEYS) this.els.form.elements[key].value = filters[key] || "";
    const query = [filterQuery(filters, STATEMENT_KEYS), page > 1 ? `page=${page}` : ""].filter(Boolean).join("&");
    if (query === this.key) return;
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.els.list.dataset.loading = "true";
    try {
      const data = await api(`/api/statements${query ? `?${query}` : ""}`, { signal: controller.signal });
      if (controller !== this.controller) return;
      this.key = query;
      this.els.error.textContent = "";
      this.render(data, filters);
    } catch (err) {
      if (isAbort(err)) return;
      this.els.error.textContent = `The statements cannot be loaded: ${err.message}`;
    } finally {
      if (controller === this.controller) delete this.els.list.dataset.loading;
    }
  }

  render(data, filters) {
    this.els.counts.textContent = plural(data.total, "statement");
    const list = clear(this.els.list);
    if (!data.statements.length) list.append(h("li", { class: "empty" }, "No statements match."));
    for (const s of data.statements) {
      list.append(h("li", { class: "statement" },
        h("blockquote", {}, s.quote),
        h("div", { class: "attribution" },
          h("span", { class: "speaker" }, speakerText(s)),
          s.kind ? h("span", { class: "tag" }, s.kind) : null,
          s.outlet ? h("span", { class: "muted" }, `to ${s.outlet}`) : null,
          s.published ? h("span", { class: "muted" }, s.published) : null,
          safeUrl(s.url) ? h("span", { class: "source" }, externalLink(s.url, "article")) : null)));
    }
    const pages = Math.max(1, Math.ceil(data.total / (data.per_page || 50)));
    const page = data.page || 1;
    const pager = clear(this.els.pager);
    if (pages > 1) {
      pager.append(
        h("button", { type: "button", disabled: page <= 1, onclick: () => this.go(filters, page - 1) }, "‹ Previous"),
        h("span", { class: "page-of" }, `Page ${page} of ${pages}`),
        h("button", { type: "button", disabled: page >= pages, onclick: () => this.go(filters, page + 1) }, "Next ›"));
    }
  }
}
