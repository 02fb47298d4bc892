// DOM helpers. Everything the store holds is untrusted text: it only ever reaches the page
// through textContent, attribute setters and the link check below, never through innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "text") el.textContent = String(value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "value" && "value" in el) el.value = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("a", {href, class}, "text", otherNode). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** The URL when it is an absolute http(s) URL, else null: nothing else becomes a link. */
export function safeUrl(url) {
  if (typeof url !== "string" || !url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link to an outside page when the URL is http(s); otherwise the text alone. */
export function externalLink(url, text) {
  const href = safeUrl(url);
  if (!href) return h("span", {}, text);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
}

const numberFormat = new Intl.NumberFormat("en");
export function fmtNumber(n) {
  return n === null || n === undefined || n === "" ? "–" : numberFormat.format(n);
}

export function fmtPercent(x) {
  return typeof x === "number" ? `${Math.round(x * 100)}%` : "–";
}

export function plural(n, one, many) {
  return `${fmtNumber(n)} ${n === 1 ? one : many || `${one}s`}`;
}

/** "2025-08-04" or "2025-08-04 – 2025-08-06". */
export function fmtDates(start, end) {
  if (!start) return "date unknown";
  return end && end !== start ? `${start} – ${end}` : start;
}

/** Date and time of an ISO timestamp, to the minute. */
export function fmtTimestamp(value) {
  if (!value) return "";
  return String(value).replace("T", " ").slice(0, 16);
}

/** Who spoke: name, role and organisation, each once ("Police Forces of Iraq" not twice). */
export function speakerText(s) {
  const seen = new Set();
  const parts = [];
  for (const part of [s.speaker, s.role, s.organization]) {
    const key = (part || "").trim().toLowerCase();
    if (key && !seen.has(key)) {
      seen.add(key);
      parts.push(part.trim());
    }
  }
  return parts.join(", ") || "unnamed source";
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** CSS class of an ACLED event type (its colour on the map, the legend and the table). */
export function typeClass(eventType) {
  const known = {
    "Battles": "t-battles",
    "Explosions/Remote violence": "t-explosions",
    "Violence against civilians": "t-civilians",
    "Protests": "t-protests",
    "Riots": "t-riots",
    "Strategic developments": "t-strategic",
  };
  return known[eventType] || "t-other";
}

export const EVENT_TYPES = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];
