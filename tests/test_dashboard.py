"""The dashboard (``rasid serve``) in a real browser: what a user sees on the seeded store.

Chromium (Debian's) is driven by Playwright; the API runs in a thread on a free port.
Screenshots of the main views go to test-output/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from dashkit import (
    HOSTILE_ID,
    IMG_TAG,
    SCRIPT_TAG,
    VIEWPORT,
    Dash,
    copy_store,
    fetch,
    get_json,
    live_server,
    query,
    require_chromium,
    seed_store,
)
from storekit import example_results  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, example_results, extractor) -> Path:  # noqa: F811
    """A closed SQLite store with the examples and the hostile article; tests use copies."""
    path = tmp_path_factory.mktemp("dashboard") / "seed.db"
    seed_store(path, example_results, extractor)
    return path


@pytest.fixture(scope="module")
def server(seeded, tmp_path_factory):
    url = copy_store(seeded, tmp_path_factory.mktemp("served") / "rasid.db")
    with live_server(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def new_dash(browser, base: str) -> Dash:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10000)
    return Dash(context.new_page(), base)


@pytest.fixture
def dash(browser, server):
    d = new_dash(browser, server)
    yield d
    d.page.context.close()


def table_ids(dash: Dash) -> list[str]:
    return dash.page.locator("#incidents tbody tr[data-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.id)"
    )


def api_incidents(dash: Dash, **filters) -> dict:
    return dash.api(f"/api/incidents?{query(sort='-date', page=1, per_page=50, **filters)}")


def killed(dash: Dash, **filters) -> int:
    rows = dash.api(f"/api/stats?{query(by='origin', **filters)}")
    return sum(row["fatalities"] or 0 for row in rows)


def counts_text(dash: Dash, **filters) -> str:
    total = api_incidents(dash, **filters)["total"]
    return f"{total} incident{'' if total == 1 else 's'}, {killed(dash, **filters)} killed"


def url_params(dash: Dash) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(dash.page.url).query))


def test_the_page_shows_the_seeded_store(dash):
    dash.open()
    expected = api_incidents(dash)
    # 14 incidents of the examples (the Basra protest's arrests are its intervention), 1 of
    # the hostile article
    assert expected["total"] == 15
    assert dash.page.locator("#counts").inner_text() == counts_text(dash)
    assert table_ids(dash) == [str(i["id"]) for i in expected["incidents"]]
    assert dash.page.locator(".timeline-svg .bar").count() > 0
    assert dash.page.locator("#legend li").count() == 6
    href = dash.page.locator("#dl-acled").get_attribute("href")
    assert href == "/api/export?format=acled"
    dash.screenshot("overview")

    dash.page.click("#incidents th[data-sort=fatalities] button")
    dash.page.wait_for_url(re.compile(r"\?sort=-fatalities$"))
    dash.wait_idle()
    by_toll = dash.api("/api/incidents?sort=-fatalities&per_page=50")["incidents"]
    assert table_ids(dash) == [str(i["id"]) for i in by_toll]
    killed_column = dash.page.locator("#incidents tbody td.num:nth-child(5)").all_inner_texts()
    assert killed_column[0] == str(max(i["fatalities"] or 0 for i in by_toll))
    assert dash.page.locator("th[data-sort=fatalities]").get_attribute("aria-sort") == "descending"
    dash.assert_clean()


def map_matches_the_server(dash: Dash) -> tuple[str, int]:
    """The markers are the API's cells for the map's zoom and bounds: (query, markers)."""
    map_query = dash.page.locator("#map").get_attribute("data-query")
    assert "zoom=" in map_query and "west=" in map_query
    cells = [c for c in dash.api(f"/api/map?{map_query}")["cells"] if c["lat"] is not None]
    markers = dash.page.locator(".leaflet-marker-pane .cell")
    assert markers.count() == len(cells) > 0
    shown = markers.evaluate_all("els => els.map(e => Number(e.dataset.count))")
    assert sorted(shown) == sorted(c["count"] for c in cells)
    labels = dash.page.locator(".leaflet-marker-pane .cell .cell-label").all_inner_texts()
    assert sorted(t for t in labels if t) == sorted(
        str(c["count"]) for c in cells if c["count"] > 1
    )
    return map_query, len(cells)


def test_the_map_draws_the_servers_cells_and_splits_them_on_zoom(dash):
    dash.open()
    map_query, markers = map_matches_the_server(dash)
    assert markers < 16  # grouped at first

    singles = dash.page.locator(".leaflet-marker-pane .cell.single")
    for _ in range(4):  # a click on a group zooms in on it, until one incident stands alone
        if singles.count():
            break
        zoom = int(url_param(map_query, "zoom"))
        dash.page.locator(".leaflet-marker-pane .cell").first.click()
        dash.page.wait_for_function(
            "q => document.getElementById('map').dataset.query !== q", arg=map_query
        )
        dash.wait_idle()
        map_query, more = map_matches_the_server(dash)
        assert int(url_param(map_query, "zoom")) > zoom and more >= markers
        markers = more
    incident_id = singles.first.get_attribute("data-id")
    singles.first.click()
    dash.page.wait_for_url(re.compile(rf"#incident/{incident_id}$"))
    dash.wait_idle()
    assert dash.page.locator("#incident-title").inner_text() == f"Incident {incident_id}"
    dash.assert_clean()


def url_param(query_string: str, name: str) -> str:
    from urllib.parse import parse_qs

    return parse_qs(query_string)[name][0]


def test_brushing_the_timeline_and_changing_a_filter_narrow_the_table(dash):
    dash.open()
    all_ids = table_ids(dash)

    area = dash.page.locator(".timeline-svg .brush-area").bounding_box()
    y = area["y"] + area["height"] / 2
    dash.page.mouse.move(area["x"] + 2, y)
    dash.page.mouse.down()
    dash.page.mouse.move(area["x"] + area["width"] * 0.45, y, steps=8)
    dash.page.mouse.up()
    dash.page.wait_for_url(re.compile(r"since=.*until="))
    dash.wait_idle()
    dates = url_params(dash)
    assert set(dates) == {"since", "until"}
    brushed = api_incidents(dash, **dates)
    assert 0 < brushed["total"] < len(all_ids)
    assert table_ids(dash) == [str(i["id"]) for i in brushed["incidents"]]
    assert dash.page.locator("#counts").inner_text() == counts_text(dash, **dates)
    assert (
        dash.page.locator("#timeline-range").inner_text() == f"{dates['since']} to {dates['until']}"
    )
    assert dash.page.locator("#dl-acled").get_attribute("href") == (
        f"/api/export?format=acled&{query(**dates)}"
    )

    dash.page.select_option("#filter-type", "Explosions/Remote violence")
    dash.page.wait_for_url(re.compile(r"type=Explosions"))
    dash.wait_idle()
    narrowed = dict(dates, type="Explosions/Remote violence")
    assert url_params(dash) == narrowed
    expected = api_incidents(dash, **narrowed)
    assert 0 < expected["total"] < brushed["total"]
    assert table_ids(dash) == [str(i["id"]) for i in expected["incidents"]]
    assert dash.page.locator("#counts").inner_text() == counts_text(dash, **narrowed)
    dash.screenshot("filtered")

    dash.page.go_back()  # the brushed dates, any type
    dash.wait_idle()
    assert url_params(dash) == dates
    assert table_ids(dash) == [str(i["id"]) for i in brushed["incidents"]]
    assert dash.page.locator("#filter-type").input_value() == ""

    dash.page.click("#timeline-clear")
    dash.page.wait_for_url(re.compile(r"/$"))
    dash.wait_idle()
    assert table_ids(dash) == all_ids
    dash.assert_clean()


def test_the_incident_view_highlights_the_evidence(dash):
    chosen = None
    for incident in api_incidents(dash)["incidents"]:
        detail = dash.api(f"/api/incidents/{incident['id']}")
        for report in detail["reports"]:
            for evidence in report["evidence"]:
                triggers = [s for s in evidence["highlights"] if s["kind"] == "trigger"]
                if triggers and detail["statements"] and len(detail["reports"]) > 1:
                    chosen = (detail, evidence, triggers[0])
    assert chosen, "no incident of several reports with a trigger and statements"
    detail, evidence, trigger = chosen
    dash.open(f"/#incident/{detail['id']}")

    panel = dash.page.locator("#incident-panel")
    word = evidence["text"][trigger["start"] : trigger["end"]]
    marks = panel.locator("blockquote.evidence mark.trigger")
    assert word in marks.all_inner_texts()
    assert panel.locator(".badge.machine").inner_text() == "machine-coded, unreviewed"
    assert panel.locator(".report").count() == len(detail["reports"])
    assert panel.locator(".statement").count() == len(detail["statements"])
    assert panel.locator(".killed").inner_text() == str(detail["fatalities"])
    dash.screenshot("incident", full_page=False)
    panel.locator(".panel-body").evaluate("el => el.scrollTo(0, el.scrollHeight)")
    dash.screenshot("incident-end", full_page=False)

    dash.page.keyboard.press("Escape")
    expect_hidden(dash)
    dash.assert_clean()


def expect_hidden(dash: Dash) -> None:
    from playwright.sync_api import expect

    expect(dash.page.locator("#incident-panel")).to_be_hidden()
    assert "#incident" not in dash.page.url


def test_the_hostile_article_is_shown_as_text(dash):
    found = api_incidents(dash, text="pwned")["incidents"]
    assert len(found) == 1, found
    detail = dash.api(f"/api/incidents/{found[0]['id']}")
    assert any(r["article_id"] == HOSTILE_ID for r in detail["reports"])
    dash.open(f"/?text=pwned#incident/{detail['id']}")

    panel = dash.page.locator("#incident-panel")
    evidence = panel.locator("blockquote.evidence").first.inner_text()
    assert SCRIPT_TAG in evidence and IMG_TAG in evidence
    report = panel.locator(".report").first
    assert SCRIPT_TAG in report.locator(".report-title").inner_text()
    assert report.locator(".outlet").inner_text() == "Kirkuk <b>Observer</b>"
    assert report.locator("a").count() == 0  # javascript: is no link
    assert (
        dash.page.locator('a[href^="javascript"], img[src="x"], body script:not([src])').count()
        == 0
    )
    assert dash.page.locator("#incidents tbody tr").count() == 1

    dash.page.click("#tab-statements")
    dash.page.fill("#statement-filters input[name=speaker]", "Ahmed Karim")
    dash.page.click("#statement-filters button[type=submit]")
    dash.page.wait_for_url(re.compile(r"#statements\?speaker=Ahmed"))
    dash.wait_idle()
    quotes = dash.page.locator("#statements blockquote").all_inner_texts()
    assert quotes and all(SCRIPT_TAG in q and IMG_TAG in q for q in quotes)
    assert dash.page.evaluate("() => typeof window.__pwned") == "undefined"
    dash.assert_clean()


def test_the_statements_view_searches_by_outlet(dash):
    dash.open("/#statements")
    everything = dash.api("/api/statements")
    assert (
        dash.page.locator("#statement-counts").inner_text() == f"{everything['total']} statements"
    )
    assert dash.page.locator("#statements li.statement").count() == len(everything["statements"])
    dash.screenshot("statements", full_page=False)

    outlet = next(s["outlet"] for s in everything["statements"] if s["outlet"])
    dash.page.fill("#statement-filters input[name=outlet]", outlet)
    dash.page.press("#statement-filters input[name=outlet]", "Enter")
    dash.page.wait_for_url(re.compile(r"#statements\?outlet="))
    dash.wait_idle()
    expected = dash.api(f"/api/statements?{query(outlet=outlet)}")
    assert 0 < expected["total"] < everything["total"]
    assert dash.page.locator("#statements li.statement").count() == len(expected["statements"])

    dash.page.go_back()
    dash.wait_idle()
    assert dash.page.locator("#statements li.statement").count() == len(everything["statements"])
    dash.page.click("#tab-incidents")
    dash.wait_idle()
    assert dash.page.locator("#map .cell").count() > 0
    dash.assert_clean()


def test_a_correction_made_in_the_page_reaches_the_export(browser, seeded, tmp_path):
    from playwright.sync_api import expect

    from rasid.store.review import create_token
    from rasid.store.store import Store

    url = copy_store(seeded, tmp_path / "review.db")
    with Store(url) as store:
        token = create_token(store, "Dana Reviewer")
    with live_server(url) as base:
        dash = new_dash(browser, base)
        try:
            incident = api_incidents(dash)["incidents"][0]
            new_value = (incident["fatalities"] or 0) + 40
            dash.open(f"/#incident/{incident['id']}")
            assert dash.page.locator("#incident-panel .review").count() == 0

            dash.page.fill("#signin-token", "not-a-token")
            dash.page.click("#signin-submit")
            expect(dash.page.locator("#signin-error")).to_have_text("That token is not accepted.")

            dash.page.fill("#signin-token", token)
            dash.page.click("#signin-submit")
            expect(dash.page.locator("#signin-user")).to_have_text("Reviewing as Dana Reviewer")
            form = dash.page.locator('#incident-panel form[data-form="correct-fatalities"]')
            form.locator("input[name=value]").fill(str(new_value))
            form.locator("input[name=note]").fill("the ministry's later toll")
            dash.screenshot("review", full_page=False)
            form.locator("button[type=submit]").click()

            panel = dash.page.locator("#incident-panel")
            expect(panel.locator(".killed")).to_have_text(str(new_value))
            expect(panel.locator(".history tbody tr")).to_have_count(1)
            assert "the ministry's later toll" in panel.locator(".history").inner_text()
            assert "Dana Reviewer" in panel.locator(".history").inner_text()
            dash.wait_idle()
            row = dash.page.locator(f'#incidents tbody tr[data-id="{incident["id"]}"]')
            expect(row.locator("td.num").first).to_have_text(str(new_value))
            panel.locator(".history").scroll_into_view_if_needed()
            dash.screenshot("review-saved", full_page=False)

            # a merge the server refuses: its message shows beside the form
            merge = dash.page.locator('#incident-panel form[data-form="merge"]')
            merge.locator("input[name=other]").fill(str(incident["id"]))
            merge.locator("button[type=submit]").click()
            expect(merge.locator(".error")).not_to_be_empty()

            dash.page.get_by_role("button", name="Mark reviewed").click()
            expect(panel.locator(".badges")).to_have_text("reviewedcorrected")
            expect(dash.page.locator("#incident-notice")).to_have_text("Marked reviewed.")
            assert get_json(f"{base}/api/incidents/{incident['id']}")["reviewed"] is True

            status, body = fetch(f"{base}/api/export?format=acled")
            assert status == 200
            rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
            ids = {re.sub(r"^[A-Z]*", "", r["event_id_cnty"]): r for r in rows}
            assert int(ids[str(incident["id"])]["fatalities"]) == new_value
            assert get_json(f"{base}/api/me", token=token)["name"] == "Dana Reviewer"
            dash.assert_clean(refused=2)  # the bad token, the merge
        finally:
            dash.page.context.close()
