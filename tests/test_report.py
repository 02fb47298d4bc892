"""`rasid report`: the situation brief in Markdown, HTML and PDF, every number from the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import storekit
from rasid.cli import main
from rasid.records import (
    Actor,
    Article,
    ArticleResult,
    Claim,
    Count,
    DateMention,
    Event,
    Evidence,
    Figure,
    PlaceMention,
    Statement,
)
from rasid.records import Speaker as SpeakerRecord
from rasid.store.imported import import_incidents
from rasid.store.ingest import ingest
from rasid.store.models import ClusterMemberRow, ClusterRow, EventRow
from rasid.store.store import Store
from rasid.watch import acled_rules, brief, brief_render, maps
from watchkit import incident

SINCE, UNTIL = dt.date(2024, 6, 8), dt.date(2024, 6, 14)  # an ACLED week, Saturday..Friday
WINDOW = ["--since", SINCE.isoformat(), "--until", UNTIL.isoformat()]
SCRIPT = "<script>alert('x')</script> Gunmen attacked a checkpoint."
PLACES = {"Nineveh": (36.34, 43.13), "Basra": (30.51, 47.81), "Anbar": (33.42, 43.30)}
KIRKUK = PlaceMention("Kirkuk", 0, 6, "Kirkuk", None, "IQ", 35.468, 44.392, 1)
URLS = ("https://northern.example/news/1", "https://gulf.example/story?id=2")


def _imported() -> list:
    """Nineveh rises (1 a week before, 8 in the window); Basra stays at 4 a week."""
    items, n = [], 0

    def add(day: dt.date, admin1: str, **kw) -> None:
        nonlocal n
        n += 1
        lat, lon = PLACES[admin1]
        item = incident(n, day, admin1, **kw)
        items.append(dataclasses.replace(item, lat=lat + n % 5 * 0.05, lon=lon - n % 3 * 0.05))

    for week in range(1, 5):
        end = UNTIL - dt.timedelta(days=7 * week)
        add(end - dt.timedelta(days=2), "Nineveh", fatalities=1)
        for i in range(4):
            add(end - dt.timedelta(days=i), "Basra", fatalities=1)
    for i in range(8):
        add(UNTIL - dt.timedelta(days=i % 7), "Nineveh", fatalities=3)
    for i in range(4):
        add(UNTIL - dt.timedelta(days=i), "Basra", fatalities=1)
    add(SINCE, "Basra", event_type="Protests", sub_event_type="Peaceful protest", fatalities=0)
    item = incident(99, UNTIL - dt.timedelta(days=1), "Anbar", fatalities=30,
                    event_type="Violence against civilians", sub_event_type="Attack")  # fmt: skip
    items.append(dataclasses.replace(item, notes=SCRIPT, lat=None, lon=None))
    return items


def _article(key: str, outlet: str, url: str | None, day: dt.date, toll: int | None, **parts):
    """A coded article: the Kirkuk bombing of 10 June with ``toll`` killed, and ``parts``."""
    text = f"Report {key}: a roadside bomb exploded in Kirkuk."
    sentence = Evidence(0, len(text), text)
    events = ()
    if toll is not None:
        bomb_day = dt.date(2024, 6, 10)
        events = (
            Event(
                event_id=key, event_type="Explosions/Remote violence",
                sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT",
                date=DateMention(bomb_day, bomb_day, 1, None, None, None),
                actor1=Actor("Islamic State", "rebel_group", None, "IS", 0, 2),
                actor2=Actor("Civilians (Iraq)", "civilians", "IQ", "people", 0, 6),
                assoc_actors=(), location=KIRKUK, places=(KIRKUK,),
                fatalities=Count("fatalities", toll, toll, toll, "exact", str(toll), 0, 2),
                counts=(), modality="reported", attribution=None, confidence=0.9,
                evidence=(sentence,), trigger=sentence, summary=f"A bomb killed {toll} in Kirkuk.",
            ),
        )  # fmt: skip
    article = Article(id=key, text=text, source=outlet, url=url, published=day)
    return ArticleResult(article=article, events=events, **parts)


def _said(name, quote, start, role=None, org=None):
    speaker = SpeakerRecord(name, role, org, 0, 5)
    return Statement(speaker, quote, start, start + len(quote), "direct", None, "said")


def _coded() -> list[ArticleResult]:
    spokesman = ("military spokesman", "Joint Operations Command")
    return [
        _article(
            "a1", "Northern Wire", URLS[0], dt.date(2024, 6, 10), 12,
            statements=(
                _said("Yahya Rasool", "The attackers will be pursued.", 10, *spokesman),
                _said("Yahya Rasool", "Security was tightened in Kirkuk.", 60, *spokesman),
                _said("Ali Hassan", "We heard a huge blast.", 120),
            ),
            figures=(Figure("Interior Ministry", "killed", 84, 84, 84, "exact",
                            "since January", "84", 0, 2),),
        ),
        _article(
            "a2", "Gulf Press", URLS[1], dt.date(2024, 6, 11), 15,
            statements=(_said("Yahya Rasool", "The attackers will be pursued.", 5, *spokesman),),
            claims=(
                Claim("hedged", "Militants reportedly fled toward the desert.", 0, 9,
                      "reportedly"),
                Claim("unattributed", "The group planted more bombs on the road.", 20, 40,
                      "planted"),
            ),
        ),
        _article(
            "old", "Northern Wire", "https://northern.example/old", dt.date(2024, 5, 1), None,
            statements=(_said("Old Speaker", "This was said before the window.", 0),),
        ),
    ]  # fmt: skip


db_url = storekit.db_url  # SQLite, and PostgreSQL when one is reachable


@pytest.fixture
def store_url(db_url):
    """A store of imported ACLED rows and three coded articles, on each backend."""
    results = _coded()
    with Store(db_url) as store:
        import_incidents(store, _imported(), dataset="acled")
        ingest(store, [r.article for r in results], extract=storekit.replay(results))
    return db_url


def _brief(url: str, since=SINCE, until=UNTIL, **kw) -> brief.Brief:
    with Store(url) as store, store.connect() as conn:
        return brief.build(conn, since=since, until=until, store=url, **kw)


def _run(*args: str):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False)


def test_headline_numbers_match_the_store(store_url, tmp_path):
    C, E, M = ClusterRow.__table__.c, EventRow.__table__.c, ClusterMemberRow.__table__.c
    expected = {}
    with Store(store_url) as store, store.connect() as conn:
        for name, (since, until) in {
            "now": (SINCE, UNTIL),
            "before": (SINCE - dt.timedelta(days=7), UNTIL - dt.timedelta(days=7)),
        }.items():
            rows = conn.execute(
                select(C.event_type, C.sub_event_type, C.fatalities).where(
                    C.date_start >= since, C.date_start <= until
                )
            ).all()
            ids = select(C.id).where(C.date_start >= since, C.date_start <= until)
            reports = conn.execute(
                select(func.count(E.article_id.distinct()))
                .select_from(EventRow.__table__.join(ClusterMemberRow.__table__))
                .where(M.cluster_id.in_(ids))
            ).scalar_one()
            expected[name] = (
                len(rows),
                sum(acled_rules.is_violent(t, s) for t, s, _ in rows),
                sum(f or 0 for *_, f in rows),
                reports,
            )
    assert expected["now"] == (8 + 4 + 1 + 1 + 1, 8 + 4 + 1 + 1, 24 + 4 + 30 + 12, 14 + 2)
    out = tmp_path / "brief.md"
    result = _run("--db", store_url, *WINDOW, "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    names = ("incidents", "violent incidents", "fatalities", "reports")
    for i, name in enumerate(names):
        now, before = expected["now"][i], expected["before"][i]
        change = f"{(now - before) / before:+.0%}"
        assert f"| {name} | {now} | {before} | {change} |" in text
    assert (tmp_path / "brief-weekly.png").stat().st_size > 1000
    assert "(brief-map.png)" in text and (tmp_path / "brief-map.png").exists()
    assert "1 of 15 incidents machine-coded and unreviewed" in text  # the Kirkuk bombing


def test_rising_area_deteriorated_quiet_one_unchanged(store_url):
    areas = {a["name"]: a for a in _brief(store_url).areas}
    nineveh, basra = areas["Nineveh"], areas["Basra"]
    assert nineveh["arrow"] == "deteriorated"
    assert (nineveh["violent"], nineveh["violent_baseline"]) == (8, 1.0)
    assert nineveh["reason"] == (
        "large increase: 8 violent incidents vs 1 per week before (+700%); 24 killed vs 1 "
        "(fatalities more than doubled)"
    )
    assert (basra["arrow"], basra["violent"], basra["violent_baseline"]) == ("unchanged", 4, 4.0)
    assert areas["Kirkuk"]["arrow"] == "deteriorated"  # new: 1 incident, 12 killed
    assert len(nineveh["ids"]) == 8 and len(basra["ids"]) == 5  # the protest counts here


def test_any_window_length_compares_like_windows(store_url):
    # 14 days: the window holds Nineveh's 8 plus 1; before it, 4 windows of 14 days.
    fortnight = _brief(store_url, since=UNTIL - dt.timedelta(days=13))
    nineveh = next(a for a in fortnight.areas if a["name"] == "Nineveh")
    assert (nineveh["violent"], nineveh["violent_baseline"]) == (9, 0.75)
    assert "vs 0.8 per 2 weeks before" in nineveh["reason"]
    ten = _brief(store_url, since=UNTIL - dt.timedelta(days=9))
    assert ten.window.days == 10 and ten.numbers[0].previous == 6
    assert "per 10 days" in next(a for a in ten.areas if a["name"] == "Basra")["reason"]


def test_serious_incidents_link_their_sources_and_disputes(store_url, tmp_path):
    b = _brief(store_url)
    assert [i["fatalities"] for i in b.serious[:3]] == [30, 12, 3]
    for inc in b.serious:
        assert inc["sources"], inc
        want = "machine-coded, unreviewed" if inc["origin"] == "rasid" else "imported from ACLED"
        assert inc["mark"] == want
    kirkuk = b.serious[1]
    assert kirkuk["dispute"] == "sources disagree: 12, 15; 12 kept"
    assert [s["url"] for s in kirkuk["sources"]] == list(URLS)
    assert [d["incident"] for d in b.disputes] == [kirkuk["incident"]]
    out = tmp_path / "brief.html"
    assert _run("--db", store_url, *WINDOW, "-o", str(out)).exit_code == 0
    page = out.read_text()
    items = re.findall(r"<li><b>.*?</li>", page, re.DOTALL)[: len(b.serious)]
    for inc, item in zip(b.serious, items, strict=True):
        for s in inc["sources"]:
            assert (f'href="{s["url"]}"' if s["url"] else s["reference"]) in item
    assert "12 killed (sources disagree: 12, 15; 12 kept)" in page


def test_html_escapes_store_text_and_fetches_nothing(store_url, tmp_path):
    out = tmp_path / "brief.html"
    result = _run("--db", store_url, *WINDOW, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    # the only addresses are the sources' own links: no CDN, no font, no image fetched
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == set(URLS)
    assert "<link" not in page and "@import" not in page and 'src="data:image/png;base64,' in page


def test_what_was_said_in_the_window(store_url):
    b = _brief(store_url)
    speakers = b.said["speakers"]
    assert [(s["name"], s["statements"]) for s in speakers] == [
        ("Yahya Rasool", 3),
        ("Ali Hassan", 1),
    ]  # "Old Speaker" spoke before the window
    assert speakers[0]["about"] == "military spokesman, Joint Operations Command"
    assert [q["quote"] for q in speakers[0]["quotes"]] == [
        "The attackers will be pursued.",
        "Security was tightened in Kirkuk.",
    ]
    assert [(f["claimant"], f["value"], f["article_outlet"]) for f in b.said["figures"]] == [
        ("Interior Ministry", 84, "Northern Wire")
    ]
    assert [c["kind"] for c in b.said["claims"]] == ["hedged", "unattributed"]
    text = brief_render.markdown(b)
    assert "**hedged** (“reportedly”): Militants reportedly fled toward the desert." in text
    # with a filter on incidents, only the articles that reported a selected one are read
    basra = _brief(store_url, filters=brief.Filters(admin1="Basra"))
    assert basra.said["articles"] == 0 and not basra.said["speakers"]


@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_pdf_renders(store_url, tmp_path):
    out = tmp_path / "brief.pdf"
    result = _run("--db", store_url, *WINDOW, "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: page 1 was not rendered")
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", str(out), str(tmp_path / "page")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    (page,) = tmp_path.glob("page*.png")
    assert page.stat().st_size > 5000


def test_pdf_without_weasyprint_says_what_to_do(store_url, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # "import weasyprint" fails
    result = _run("--db", store_url, *WINDOW, "-o", str(tmp_path / "brief.pdf"))
    assert result.exit_code == 1
    assert "PDF needs WeasyPrint and Pango; use --format html" in result.output


def test_usage_errors_and_an_empty_window(store_url, tmp_path):
    out = tmp_path / "brief.md"
    result = _run(
        "--db", store_url, "--since", "2024-06-20", "--until", "2024-06-14", "-o", str(out)
    )
    assert result.exit_code == 2 and "after --until" in result.output
    assert _run("--db", store_url, *WINDOW, "-o", str(tmp_path / "brief.txt")).exit_code == 2
    empty = ["--since", "2020-01-01", "--until", "2020-01-07"]
    result = _run("--db", store_url, *empty, "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "No incidents in this window match the filters." in out.read_text()
    assert "| incidents | 0 | 0 | no change |" in out.read_text()
    page = brief_render.html_page(_brief(store_url, dt.date(2020, 1, 1), dt.date(2020, 1, 7)))
    assert "No incidents in this window" in page


def test_by_country_and_basemap(store_url, tmp_path):
    b = _brief(store_url, by="country")
    assert [(a["name"], a["country"], a["violent"]) for a in b.areas] == [("Iraq", "IQ", 14)]
    shape = tmp_path / "iraq.geojson"
    square = [[[40.0, 29.0], [48.0, 29.0], [48.0, 37.0], [40.0, 37.0], [40.0, 29.0]]]
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square}}
    shape.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert maps.load_basemap(shape) == [[tuple(p) for p in square[0]]]
    out = tmp_path / "brief.html"
    result = _run(
        "--db", store_url, *WINDOW, "--by", "country", "--basemap", str(shape), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "Areas (by country)" in out.read_text()
    bad = tmp_path / "notes.geojson"
    bad.write_text('{"name": "not a map"}')
    result = _run("--db", store_url, *WINDOW, "--basemap", str(bad), "-o", str(out))
    assert result.exit_code == 1 and f"{bad}: not GeoJSON" in result.output
