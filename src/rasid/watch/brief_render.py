"""The brief as Markdown, as one self-contained HTML page, and as PDF (that page, printed).

Both formats are written from one outline (``_sections``): headings, then
blocks -- paragraphs, tables, lists, quotes, figures -- whose text is a list of
plain strings and a few marked pieces (a link, bold text, an incident's
origin mark, an area's arrow), so the two never say different things.

The HTML page needs nothing from outside: its CSS is inline and its figures
are PNG ``data:`` URIs; the only URLs in it are the sources' own links.  Every
text from the store is escaped (``html.escape`` for HTML, backslashes for
Markdown), and a link is written only for an http(s) address.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

from rasid.errors import RasidError

from . import acled_rules
from .brief import BASELINE_WINDOWS, DETERIORATED, IMPROVED, LISTED, MACHINE_CODED, Brief, mark

SYMBOLS = {DETERIORATED: "▲", IMPROVED: "▼"}
UNCHANGED_SYMBOL = "●"
QUOTE_CHARS = 320  # a quote, summary or claim longer than this is cut, with an ellipsis
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")

Inline = list[Any]  # str, or ("a", text, url), ("b", text), ("mark", origin), ("arrow", arrow)
Block = tuple[Any, ...]


def _short(text: str | None, limit: int = QUOTE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_QUOTE_MARKS = "\"“”„«»'‘’"


def _unquoted(text: str) -> str:
    """A direct quote as stored keeps its own quotation marks; the brief sets its own."""
    text = (text or "").strip()
    if len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip()
    return text.rstrip(",;: ")  # "..., he said": the comma belongs to the sentence around it


def _percent(value: int, previous: int) -> str:
    change = acled_rules.change(value, previous)
    if change is None:
        return "new" if value else "no change"
    return f"{change:+.0%}"


def _place(incident: dict[str, Any]) -> str:
    parts = [incident["location"], incident["admin1"], incident["country"]]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or "place unknown"


def _killed(incident: dict[str, Any]) -> str:
    n = incident["fatalities"]
    text = "fatalities not reported" if n is None else f"{n} killed"
    return f"{text} ({incident['dispute']})" if incident["dispute"] else text


def _claimant(figure: dict[str, Any]) -> str:
    who = (figure["claimant"], figure["organization"])
    return ", ".join(dict.fromkeys(x for x in who if x)) or "unattributed"


def _web(url: str | None) -> bool:
    return bool(url) and re.match(r"https?://", url, re.IGNORECASE) is not None


def _source(outlet: str | None, url: str | None, published: str | None) -> Inline:
    return [("a", outlet or "unknown outlet", url), f", {published or 'no date'}"]


def _sources(incident: dict[str, Any]) -> Inline:
    out: Inline = ["Sources: "]
    for i, s in enumerate(incident["sources"]):
        out += ["; "] if i else []
        if s["dataset"]:
            out.append(s["reference"] or s["outlet"] or s["dataset"])
        else:
            out += _source(s["outlet"], s["url"], s["published"])
    return out if incident["sources"] else ["Sources: none stored"]


def _none(text: str) -> Block:
    return ("p", [text], "none")


def _listed(items: Any, what: str) -> list[Block]:
    if not items:
        return [_none(f"No {what}.")]
    return [_none(f"… and {len(items) - LISTED} more.")] if len(items) > LISTED else []


def _sections(b: Brief) -> list[tuple[str, list[Block]]]:
    """The brief's outline: (heading, blocks) in reading order."""
    head: list[Block] = [_none("No incidents in this window match the filters.")]
    out = [("Headline numbers", (head if not b.incidents else []) + [("numbers", b.numbers)])]
    if b.areas:
        rows = [
            [[a["name"]], [("arrow", a["arrow"])], [str(a["violent"])], [str(a["fatalities"])],
             [a["reason"]]]
            for a in b.areas
        ]  # fmt: skip
        areas = [("table", ("area", "trend", "violent", "killed", "why"), rows, {2, 3})]
    else:
        areas = [_none(f"No incidents in this window or the {BASELINE_WINDOWS} before it.")]
    out.append((f"Areas (by {b.by})", areas))
    out.append(("Week by week", [("img", "weekly", "Incidents and killed per week")]))
    unplaced = b.incidents - len(b.points)
    note = [_none(f"{unplaced} incident(s) without coordinates are not on the map.")]
    out.append(
        ("Map", [("img", "map", "Map of the window's incidents")] + (note if unplaced else []))
    )
    items = []
    for inc in b.serious:
        actors = "; ".join(inc["actors"]) or "actors not named"
        kind = f"{inc['event_type']} / {inc['sub_event_type']}"
        first = [("b", f"{inc['date']} — {_place(inc)}"), f" · {kind} · ", ("b", _killed(inc)),
                 f" · {actors} ", ("mark", inc["mark"])]  # fmt: skip
        summary = [("summary", [_short(inc["summary"])])] if inc["summary"] else []
        items.append([("", first), *summary, ("sources", _sources(inc))])
    serious = [("ol", items)] if items else [_none("No incidents in this window.")]
    out.append(("Most serious incidents", serious))
    return out + _said_sections(b)


def _said_sections(b: Brief) -> list[tuple[str, list[Block]]]:
    """What the window's articles said, the disputed tolls, and the method notes."""
    out: list[tuple[str, list[Block]]] = []
    said: list[Block] = []
    for sp in b.said["speakers"]:
        about = f" ({sp['about']})" if sp["about"] else ""
        said.append(("p", [("b", sp["name"]), f"{about}, quoted {sp['statements']} time(s)"], ""))
        for q in sp["quotes"]:
            source = _source(q["outlet"], q["url"], q["published"])
            said.append(("quote", [f"“{_short(_unquoted(q['quote']))}” — ", *source]))
    out.append(("What officials said", said or [_none("No attributed statements.")]))
    figures = b.said["figures"]
    rows = [
        [[f["text"]], [f["metric"]], [f["period"] or "-"], [_claimant(f)],
         _source(f["article_outlet"], f["url"], f["published"])]
        for f in figures[:LISTED]
    ]  # fmt: skip
    table = ("table", ("figure", "what", "period", "claimed by", "source"), rows, set())
    out.append(("Claimed figures", ([table] if rows else []) + _listed(figures, "figures claimed")))
    rows = []
    for inc in b.disputes[:LISTED]:
        told: Inline = []
        for i, s in enumerate(inc["sources"]):
            n = "-" if s["fatalities"] is None else s["fatalities"]
            told += ["; "] * bool(i) + [("a", s["outlet"] or "unknown outlet", s["url"]), f": {n}"]
        rows.append([[inc["date"]], [_place(inc)], [inc["dispute"]], told])
    table = ("table", ("date", "place", "tolls", "who said what"), rows, set())
    blocks = ([table] if rows else []) + _listed(b.disputes, "disputed tolls")
    out.append(("Where sources disagree on a toll", blocks))
    claims = []
    for c in b.said["claims"][:LISTED]:
        cue = f" (“{c['cue']}”)" if c["cue"] else ""
        line = [("b", c["kind"]), f"{cue}: {_short(c['text'])} — "]
        claims.append([("", line + _source(c["outlet"], c["url"], c["published"]))])
    blocks = ([("ul", claims)] if claims else []) + _listed(b.said["claims"], "such claims")
    out.append(("Unattributed or hedged claims", blocks))
    out.append(("Method notes", [("ul", [[("", [line])] for line in _method(b)])]))
    return out


def _method(b: Brief) -> list[str]:
    w = b.window
    imported = "".join(f"; {n} {mark(o)}" for o, n in b.origins if o != "rasid")
    return [
        f"{b.machine_coded} of {b.incidents} incidents machine-coded and unreviewed{imported}.",
        "Counts are of incidents (one per real-world event, however many reports), dated by "
        f"their first day; the window {w.label()} ({w.days} days) is compared with the "
        f"{w.days} days before it ({w.back(1).label()}). Reports are the articles (or dataset "
        "rows) behind the incidents.",
        "Area arrows: violent incidents (ACLED's political violence) in the window against "
        f"their mean over the {BASELINE_WINDOWS} windows of {w.days} days before, with ACLED's "
        "change levels (above +25 % a large increase, +10 % to +25 % moderate, below -25 % a "
        "large decrease; at most 2 before and at most 5 now is limited change). A large or "
        "moderate increase, or fatalities more than doubled to 10 or more, is 'deteriorated'; "
        "a large decrease 'improved'; anything else 'unchanged'.",
        "Fatalities are each incident's most conservative figure; where sources disagree, the "
        "other figures are given.",
        f"Statements, figures and claims are from the {b.said['articles']} coded article(s) "
        "published in the window"
        + (" that reported an incident the filters select." if b.filters else "."),
    ]


# -- Markdown -----------------------------------------------------------------


def _md(text: Any) -> str:
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def _md_inline(parts: Inline) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(_md(p))
        elif p[0] == "a" and _web(p[2]):
            target = re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", p[2])
            out.append(f"[{_md(p[1])}](<{target}>)")
        elif p[0] == "arrow":
            out.append(f"{SYMBOLS.get(p[1], UNCHANGED_SYMBOL)} {p[1]}")
        else:
            out.append({"b": "**{}**", "mark": "*{}*"}.get(p[0], "{}").format(_md(p[1])))
    return "".join(out)


def markdown(brief: Brief, images: dict[str, str] | None = None) -> str:
    """The brief as Markdown; ``images`` names the chart and map files ("weekly", "map")."""
    images, w = images or {}, brief.window
    out = [
        f"# {_md(brief.title)}\n",
        f"- **Window:** {w.label()} ({w.days} days), compared with {w.back(1).label()}",
        f"- **Filters:** {_md(brief.filters or 'none')}",
        f"- **Store:** {_md(brief.store or '-')}",
        f"- **Generated:** {brief.generated_at:%Y-%m-%d %H:%M} UTC",
    ]
    for heading, blocks in _sections(brief):
        out.append(f"\n## {heading}")
        for block in blocks:
            kind = block[0]
            if kind == "img":
                if block[1] in images:
                    out.append(f"\n![{block[2]}]({images[block[1]]})")
                continue
            if kind == "numbers":
                rows = [
                    [[n.name], [str(n.value)], [str(n.previous)], [_percent(n.value, n.previous)]]
                    for n in block[1]
                ]
                block = ("table", ("", "this window", "previous window", "change"), rows, {1, 2, 3})
                kind = "table"
            out.append("")
            if kind == "p":
                out.append(_md_inline(block[1]))
            elif kind == "quote":
                out.append("> " + _md_inline(block[1]))
            elif kind == "table":
                _, headers, rows, numeric = block
                out.append("| " + " | ".join(headers) + " |")
                rule = ("---:" if i in numeric else "---" for i in range(len(headers)))
                out.append("|" + "|".join(rule) + "|")
                out += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in rows]
            else:
                for i, lines in enumerate(block[1], 1):
                    bullet = f"{i}. " if kind == "ol" else "- "
                    out.append(bullet + _md_inline(lines[0][1]))
                    out += [" " * len(bullet) + "- " + _md_inline(line) for _, line in lines[1:]]
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 15mm 14mm 17mm;
  @bottom-left { content: "Rasid situation brief"; font: 7.5pt "DejaVu Sans"; color: #777; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 7.5pt "DejaVu Sans";
    color: #777; } }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 9.5pt;
  line-height: 1.4; color: #1c2833; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; } a { color: #1a5276; overflow-wrap: anywhere; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #d5d8dc; padding-bottom: 1mm;
  break-after: avoid; }
.meta { color: #566573; font-size: 8.5pt; margin: 0; } .meta b { color: #1c2833; }
.numbers { display: flex; gap: 3mm; margin: 3mm 0; }
.number { flex: 1; border: 1px solid #d5d8dc; border-radius: 2mm; padding: 2mm 3mm; }
.number .v { font-size: 17pt; font-weight: bold; } .number .n { font-size: 8pt; color: #566573; }
.number .c { font-size: 8pt; } .up { color: #a93226; } .down { color: #1e8449; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; } tr { break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 1px solid #eee; }
th { background: #f4f6f7; } td.n { text-align: right; white-space: nowrap; }
.arrow { white-space: nowrap; font-weight: bold; } .deteriorated { color: #a93226; }
.improved { color: #1e8449; } .unchanged { color: #7f8c8d; }
img { width: 100%; } figure { margin: 2mm 0; break-inside: avoid; }
li { margin-bottom: 1.5mm; break-inside: avoid; } ol { padding-left: 6mm; }
.mark { font-size: 7.5pt; padding: 0 1.2mm; border-radius: 1mm; white-space: nowrap; }
.machine { background: #fdebd0; color: #9c640c; } .imported { background: #d6eaf8; color: #1b4f72; }
.summary { color: #34495e; } .sources { font-size: 8pt; color: #566573; }
.none { color: #7f8c8d; font-style: italic; }
blockquote { margin: 1mm 0 2mm 4mm; padding-left: 3mm; border-left: 2px solid #d5d8dc; }
section.method { font-size: 8pt; color: #566573; }
section.method li:first-child { font-weight: bold; color: #1c2833; }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_inline(parts: Inline) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(_e(p))
        elif p[0] == "a":
            out.append(f'<a href="{_e(p[2])}">{_e(p[1])}</a>' if _web(p[2]) else _e(p[1]))
        elif p[0] == "b":
            out.append(f"<b>{_e(p[1])}</b>")
        elif p[0] == "mark":
            kind = "machine" if p[1] == MACHINE_CODED else "imported"
            out.append(f'<span class="mark {kind}">{_e(p[1])}</span>')
        else:  # an area's arrow
            symbol = SYMBOLS.get(p[1], UNCHANGED_SYMBOL)
            out.append(f'<span class="arrow {_e(p[1])}">{symbol} {_e(p[1])}</span>')
    return "".join(out)


def _html_block(block: Block, images: dict[str, bytes | None]) -> str:
    kind = block[0]
    if kind == "p":
        return f'<p class="{block[2]}">{_html_inline(block[1])}</p>'
    if kind == "quote":
        return f"<blockquote>{_html_inline(block[1])}</blockquote>"
    if kind == "img":
        png = images.get(block[1])
        if not png:
            return ""
        data = base64.b64encode(png).decode("ascii")
        return f'<figure><img alt="{_e(block[2])}" src="data:image/png;base64,{data}"></figure>'
    if kind == "numbers":
        cards = []
        for n in block[1]:
            trend = "up" if n.value > n.previous else "down" if n.value < n.previous else ""
            cards.append(
                f'<div class="number"><div class="v">{n.value}</div><div class="n">{_e(n.name)}'
                f'</div><div class="c {trend}">{_percent(n.value, n.previous)} vs {n.previous}'
                "</div></div>"
            )
        return f'<div class="numbers">{"".join(cards)}</div>'
    if kind == "table":
        _, headers, rows, numeric = block
        head = "".join(f"<th>{_e(h)}</th>" for h in headers)
        body = "".join(_html_row(row, numeric) for row in rows)
        return f"<table><tr>{head}</tr>{body}</table>"
    items = []
    for lines in block[1]:
        first, *more = lines
        rest = "".join(f'<div class="{cls}">{_html_inline(line)}</div>' for cls, line in more)
        items.append(f"<li>{_html_inline(first[1])}{rest}</li>")
    return f"<{kind}>{''.join(items)}</{kind}>"


def _html_row(row: list[Inline], numeric: set[int]) -> str:
    cells = (
        f'<td class="n">{_html_inline(c)}</td>' if i in numeric else f"<td>{_html_inline(c)}</td>"
        for i, c in enumerate(row)
    )
    return f"<tr>{''.join(cells)}</tr>"


def html_page(
    brief: Brief, *, weekly_png: bytes | None = None, map_png: bytes | None = None
) -> str:
    """The brief as one self-contained HTML page."""
    w, images = brief.window, {"weekly": weekly_png, "map": map_png}
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(brief.title)} {w.label()}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(brief.title)}</h1>",
        f'<p class="meta"><b>Window</b> {w.label()} ({w.days} days), compared with '
        f"{w.back(1).label()} · <b>Filters</b> {_e(brief.filters or 'none')}</p>",
        f'<p class="meta"><b>Store</b> {_e(brief.store or "-")} · <b>Generated</b> '
        f"{brief.generated_at:%Y-%m-%d %H:%M} UTC</p></header>",
    ]
    for heading, blocks in _sections(brief):
        css = ' class="method"' if heading == "Method notes" else ""
        inner = "".join(_html_block(block, images) for block in blocks)
        parts.append(f"<section{css}><h2>{_e(heading)}</h2>{inner}</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# -- PDF ----------------------------------------------------------------------


def write_pdf(page: str, path: Path) -> None:
    """Print the HTML ``page`` to ``path`` with WeasyPrint, fetching nothing but data: URIs."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise RasidError(f"PDF needs WeasyPrint and Pango; use --format html ({error})") from None
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    try:
        weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf(str(path))
    except OSError as error:
        raise RasidError(f"cannot write {path} ({error.strerror or error})") from error
