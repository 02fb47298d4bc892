// Review forms: a signed-in reviewer corrects fields, marks the incident reviewed or not
// an event, merges it with another, or splits a report out. Each form shows the server's
// error message beside itself.

import { api } from "./api.js";
import { clear, debounce, h } from "./dom.js";

let typesPromise = null;
/** ACLED's types and their sub-types, fetched once. */
export function loadTypes() {
  if (!typesPromise) {
    typesPromise = api("/api/types").catch((err) => {
      typesPromise = null;
      throw err;
    });
  }
  return typesPromise;
}

function noteInput() {
  return h("input", { name: "note", class: "note", placeholder: "note (why)", "aria-label": "Note" });
}

/**
 * A form whose submit posts `body()` to `path` and hands the answer to `done`.
 * Errors, from the server or the form, are shown in the form.
 */
function reviewForm({ name, fields, submitLabel, path, body, done }) {
  const error = h("span", { class: "error", role: "alert" });
  const button = h("button", { type: "submit" }, submitLabel);
  const form = h("form", { class: "review-form", "data-form": name }, fields, button, error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    let payload;
    try {
      payload = body(form);
    } catch (err) {
      error.textContent = err.message;
      return;
    }
    button.disabled = true;
    try {
      const answer = await api(path, { body: payload, auth: true });
      await done(answer);
    } catch (err) {
      const hint = err.status === 401 ? " Sign in again." : "";
      error.textContent = `${err.message}${hint}`;
      button.disabled = false;
    }
  });
  return form;
}

function correctionForm(incident, panel, { field, label, control, value }) {
  return reviewForm({
    name: `correct-${field}`,
    fields: [h("label", { class: "field-label" }, label, control), noteInput()],
    submitLabel: "Save",
    path: `/api/incidents/${encodeURIComponent(incident.id)}/corrections`,
    body: (form) => ({ field, value: value(form), note: form.elements.note.value.trim() }),
    done: (answer) => panel.updated(answer, { notice: `Saved the ${label.toLowerCase()}.` }),
  });
}

/**
 * Type and sub-type as one form: the sub-types offered are the chosen type's. A new
 * sub-type is sent as such (the server sets its type with it); a new type alone as the type.
 */
function typeForm(types, incident, panel) {
  const typeSelect = h("select", { name: "type", "aria-label": "Event type" },
    Object.keys(types).map((type) => h("option", { value: type, selected: type === incident.event_type }, type)));
  const subSelect = h("select", { name: "sub", "aria-label": "Sub-event type" });
  const fillSubs = () => {
    const subs = types[typeSelect.value] || [];
    subSelect.replaceChildren(...subs.map((sub) =>
      h("option", { value: sub, selected: sub === incident.sub_event_type }, sub)));
  };
  fillSubs();
  typeSelect.addEventListener("change", fillSubs);
  return reviewForm({
    name: "correct-type",
    fields: [
      h("div", { class: "type-pair" },
        h("label", { class: "field-label" }, "Type", typeSelect),
        h("label", { class: "field-label" }, "Sub-type", subSelect)),
      noteInput(),
    ],
    submitLabel: "Save",
    path: `/api/incidents/${encodeURIComponent(incident.id)}/corrections`,
    body: (form) => {
      const note = form.elements.note.value.trim();
      if (subSelect.value !== incident.sub_event_type) return { field: "sub_event_type", value: subSelect.value, note };
      if (typeSelect.value !== incident.event_type) return { field: "event_type", value: typeSelect.value, note };
      throw new Error("Choose another type or sub-type first.");
    },
    done: (answer) => panel.updated(answer, { notice: "Saved the type." }),
  });
}

/** A search box over the gazetteer; the chosen place is kept on the input. */
function placePicker(incident) {
  const input = h("input", { type: "search", name: "place", placeholder: "search a place", value: incident.location || "", autocomplete: "off" });
  const chosen = h("div", { class: "place-chosen muted" }, "No place chosen yet.");
  const results = h("ul", { class: "place-results" });
  const wrap = h("div", { class: "place-picker" }, input, results, chosen);
  let seq = 0;
  const search = debounce(async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) {
      clear(results);
      return;
    }
    try {
      const places = await api(`/api/places?${new URLSearchParams({ q })}`);
      if (mine !== seq) return;
      clear(results);
      if (!places.length) results.append(h("li", { class: "muted" }, "No place of that name."));
      for (const place of places.slice(0, 12)) {
        const text = [place.name, place.admin2, place.admin1, place.country].filter(Boolean).join(", ");
        results.append(h("li", {}, h("button", {
          type: "button",
          class: "link",
          onclick: () => {
            wrap.place = place;
            chosen.textContent = `${text} (${Number(place.lat).toFixed(3)}, ${Number(place.lon).toFixed(3)})`;
            chosen.classList.remove("muted");
            clear(results);
          },
        }, text)));
      }
    } catch (err) {
      if (mine === seq) clear(results).append(h("li", { class: "error" }, err.message));
    }
  }, 250);
  input.addEventListener("input", search);
  return wrap;
}

export function reviewSection(incident, panel, reviewer) {
  if (reviewer.canWrite === false) {
    return h("section", { class: "panel-section review", "aria-label": "Review" }, h("h3", {}, "Review"),
      h("p", { class: "muted" }, "This server was started read-only: corrections are turned off."));
  }
  const id = encodeURIComponent(incident.id);
  const body = h("div", { class: "review-body" }, h("p", { class: "muted" }, "Loading the event types…"));
  const root = h("section", { class: "panel-section review", "aria-label": "Review" }, h("h3", {}, "Review"), body);

  loadTypes().then((types) => {
    clear(body);
    const picker = placePicker(incident);
    body.append(
      typeForm(types, incident, panel),
      correctionForm(incident, panel, { field: "actor1", label: "Actor 1", control: h("input", { name: "value", value: incident.actor1 || "" }), value: (f) => f.elements.value.value.trim() }),
      correctionForm(incident, panel, { field: "actor2", label: "Actor 2", control: h("input", { name: "value", value: incident.actor2 || "" }), value: (f) => f.elements.value.value.trim() }),
      correctionForm(incident, panel, {
        field: "date", label: "Date", control: h("input", { name: "value", type: "date", value: incident.date_start || "" }),
        value: (f) => {
          if (!f.elements.value.value) throw new Error("Choose a date.");
          return f.elements.value.value;
        },
      }),
      correctionForm(incident, panel, {
        field: "fatalities", label: "Killed", control: h("input", { name: "value", type: "number", min: 0, step: 1, value: incident.fatalities ?? "" }),
        value: (f) => {
          const n = Number.parseInt(f.elements.value.value, 10);
          if (!Number.isInteger(n) || n < 0) throw new Error("Give a whole number, 0 or more.");
          return n;
        },
      }),
      correctionForm(incident, panel, {
        field: "place", label: "Place", control: picker,
        value: () => {
          if (!picker.place) throw new Error("Search for a place and choose one.");
          return picker.place;
        },
      }),
    );

    const note = h("input", { name: "note", class: "note", placeholder: "note (why)", "aria-label": "Note" });
    const error = h("span", { class: "error", role: "alert" });
    const act = (path, label, done) => h("button", {
      type: "button",
      onclick: async (event) => {
        const button = event.currentTarget;
        error.textContent = "";
        button.disabled = true;
        try {
          const answer = await api(`/api/incidents/${id}/${path}`, { body: { note: note.value.trim() }, auth: true });
          await panel.updated(answer, { notice: done });
        } catch (err) {
          error.textContent = `${err.message}${err.status === 401 ? " Sign in again." : ""}`;
          button.disabled = false;
        }
      },
    }, label);
    if (!incident.reviewed || !incident.not_event) {
      body.append(h("div", { class: "review-form actions", "data-form": "decide" },
        note,
        incident.reviewed ? null : act("review", "Mark reviewed", "Marked reviewed."),
        incident.not_event ? null : act("not-event", "Not an event", "Marked as not an event."),
        error));
    }

    body.append(reviewForm({
      name: "merge",
      fields: [
        h("label", { class: "field-label" }, "Merge with #", h("input", { name: "other", inputmode: "numeric", size: 6, placeholder: "id" })),
        noteInput(),
      ],
      submitLabel: "Merge",
      path: `/api/incidents/${id}/merge`,
      body: (form) => {
        const raw = form.elements.other.value.trim().replace(/^#/, "");
        if (!raw) throw new Error("Give the number of the other incident.");
        const other = /^\d+$/.test(raw) ? Number(raw) : raw;
        return { other, note: form.elements.note.value.trim() };
      },
      done: (merged) => panel.updated(merged, { open: merged.id, notice: `Merged into incident ${merged.id}.` }),
    }));
  }).catch((err) => {
    clear(body).append(h("p", { class: "error" }, `The review forms cannot be shown: ${err.message}`));
  });
  return root;
}

/** "Split this report out": the report becomes an incident of its own. */
export function splitForm(report, panel) {
  const form = reviewForm({
    name: "split",
    fields: [noteInput()],
    submitLabel: "Split this report out",
    path: `/api/incidents/${encodeURIComponent(panel.incident.id)}/split`,
    body: (f) => ({ event_id: report.event_id, note: f.elements.note.value.trim() }),
    done: async (answer) => {
      const fresh = answer.new_incident;
      await panel.updated(answer.incident, {
        notice: fresh ? `Split out as incident ${fresh.id}.` : "Split out.",
        link: fresh ? fresh.id : undefined,
      });
    },
  });
  form.classList.add("split");
  return form;
}
