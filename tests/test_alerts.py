"""`rasid alerts`: rules from YAML, alerts that fire once per rule, unit and period, carry their
evidence, are delivered (and retried when delivery failed), and are listed."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from rasid.cli import EXIT_PARTIAL, main
from rasid.errors import AlertError
from rasid.store.imported import import_incidents
from rasid.store.store import Store
from rasid.watch import alerts, rules
from storekit import db_url  # noqa: F401 - fixture
from watchkit import SURGE_WEEK_END, SURGING, incident, weekly_store_rows

AS_OF = SURGE_WEEK_END.isoformat()


@pytest.fixture
def store_url(db_url):  # noqa: F811 - SQLite and PostgreSQL
    with Store(db_url) as store:
        import_incidents(store, weekly_store_rows(noise=False), dataset="acled")
        deadly = incident(10**6, SURGE_WEEK_END - dt.timedelta(days=1), "Diyala", fatalities=12)
        import_incidents(store, [deadly], dataset="ucdp-ged")
    return db_url


def _rules_file(tmp_path, text: str):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULES = """
defaults:
  send: [{{jsonl: {out}}}]
rules:
  - name: surge
    method: surge
  - name: rise
    method: change-level
    min_events: 6
  - name: diyala-deaths
    method: threshold
    scope: {{admin1: Diyala}}
    fatalities: 10
"""


def test_alerts_fire_once_with_their_evidence(store_url, tmp_path):
    out = tmp_path / "alerts.jsonl"
    path = _rules_file(tmp_path, RULES.format(out=out))
    runner = CliRunner()
    args = ["alerts", "--db", store_url, "--rules", str(path), "--as-of", AS_OF]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    sent = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    fired = sorted((a["rule"], a["unit"]) for a in sent)
    assert [rule for rule, _ in fired] == ["diyala-deaths", "rise", "surge"]
    assert fired[1][1] == fired[2][1] == SURGING
    surge = next(a for a in sent if a["rule"] == "surge")
    assert surge["incidents"] == 14 and len(surge["evidence"]) == 14
    assert all(e["sources"] and e["date"] <= AS_OF for e in surge["evidence"])
    deadly = next(a for a in sent if a["rule"] == "diyala-deaths")
    assert deadly["evidence"][0]["fatalities"] == 12
    assert deadly["evidence"][0]["sources"][0]["dataset"] == "ucdp-ged"
    again = runner.invoke(main, args)
    assert again.exit_code == 0 and "0 alert(s) fired, 3 already sent" in again.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    listed = runner.invoke(main, ["alerts", "--list", "--db", store_url, "--format", "json"])
    assert sorted(a["rule"] for a in json.loads(listed.stdout)) == [
        "diyala-deaths",
        "rise",
        "surge",
    ]


@pytest.mark.parametrize("by", ["admin1", "actor", "type", "country", "admin2"])
def test_threshold_per_unit_counts_the_units_incidents(store_url, tmp_path, by):
    text = f"rules:\n  - {{name: busy, method: threshold, by: {by}, events: 10}}\n"
    with Store(store_url) as store, store.connect() as conn:
        fired = alerts.evaluate(conn, rules.load(_rules_file(tmp_path, text)), SURGE_WEEK_END)
    # 14 incidents in the surge province and 3 in each other one, in the last 7 days;
    # every synthetic incident is of one type, in one country, between the same two actors
    expected = 14 if by in ("admin1", "admin2") else 14 + 3 * 3 + 1
    units = {"actor": {"Islamic State", "Civilians (Iraq)"}, "admin1": {SURGING},
             "admin2": {SURGING}, "type": {"Explosions/Remote violence"}, "country": {"IQ"}}  # fmt: skip
    assert {a["unit"] for a in fired} == units[by]
    assert all(a["values"]["events"] == a["incidents"] == expected for a in fired)


def test_quiet_weeks_raise_no_alert(store_url, tmp_path):
    path = _rules_file(tmp_path, RULES.format(out=tmp_path / "a.jsonl"))
    loaded = rules.load(path)
    with Store(store_url) as store, store.connect() as conn:
        for back in range(2, 30):
            day = SURGE_WEEK_END - dt.timedelta(days=7 * back)
            assert alerts.evaluate(conn, loaded, day) == [], day


def test_a_failed_delivery_is_retried_at_the_next_run(store_url, tmp_path):
    out = tmp_path / "later" / "alerts.jsonl"  # the folder does not exist yet
    path = _rules_file(tmp_path, RULES.format(out=out))
    args = ["alerts", "--db", store_url, "--rules", str(path), "--as-of", AS_OF]
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == EXIT_PARTIAL
    assert "does not exist" in failed.stderr
    out.parent.mkdir()
    retried = CliRunner().invoke(main, args)
    assert retried.exit_code == 0, retried.output
    assert "3 resent" in retried.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_webhook_receives_the_alert_with_links(store_url, tmp_path):
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        text = f"rules:\n  - name: surge\n    method: surge\n    send: [{{webhook: {url}}}]\n"
        path = _rules_file(tmp_path, text)
        result = CliRunner().invoke(
            main, ["alerts", "--db", store_url, "--rules", str(path), "--as-of", AS_OF]
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    (alert,) = received
    assert alert["unit"] == SURGING and alert["method"] == "surge"
    assert "violent incident" in alert["message"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("rules: [{name: a, method: boom}]", "rule 'a': method: expected one of"),
        ("rules: [{name: a, method: surge, by: district}]", "rule 'a': by:"),
        ("rules: [{name: a, method: threshold}]", "rule 'a': threshold: expected at least one"),
        ("rules: [{name: a, method: threshold, fatalities: -3}]", "rule 'a': fatalities:"),
        ("rules: [{name: a, method: surge, scope: {town: X}}]", "rule 'a': scope:"),
        ("rules: [{name: a, method: surge, colour: red}]", "rule 'a': colour: unknown key"),
        ("rules: [{name: a, method: surge, send: [{ftp: x}]}]", "rule 'a': send[1]"),
        ("rules: [{name: a, method: surge}, {name: a, method: threat}]", "rule 'a': name: used"),
        ("rules: [{method: surge}]", "rule 1: name:"),
        ("rules: {a: 1}", "expected a mapping with a 'rules:' list"),
        ("rules: [unclosed", "not valid YAML"),
    ],
)
def test_bad_rule_files_name_the_rule_and_field(tmp_path, text, says):
    path = _rules_file(tmp_path, text)
    with pytest.raises(AlertError, match="rules.yaml") as caught:
        rules.load(path)
    assert says in str(caught.value)
    result = CliRunner().invoke(main, ["alerts", "--rules", str(path), "--db", "x.db"])
    assert result.exit_code == 1 and says in result.output


def test_the_shipped_rules_load_and_are_printed():
    loaded = rules.load(None)
    assert {r.method for r in loaded} == set(rules.METHODS)
    shown = CliRunner().invoke(main, ["alerts", "--show-default-rules"])
    assert shown.exit_code == 0 and "method: surge" in shown.stdout


def test_dry_run_stores_and_sends_nothing(store_url):
    result = CliRunner().invoke(
        main, ["alerts", "--db", store_url, "--as-of", AS_OF, "--dry-run", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    would = json.loads(result.stdout)
    assert {"surge", "mass-casualty"} <= {a["rule"] for a in would}
    listed = CliRunner().invoke(main, ["alerts", "--list", "--db", store_url])
    assert listed.stdout.strip() == "No alerts."


@pytest.mark.slow
def test_ingest_checks_alert_rules_after_storing(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        "A car bomb killed 14 people at a market in Baqubah, Diyala province, on Monday, "
        "police said.",
        encoding="utf-8",
    )
    out = tmp_path / "alerts.jsonl"
    text = f"rules:\n  - name: deadly\n    method: threshold\n    fatalities: 10\n" \
           f"    days: 30\n    send: [{{jsonl: {out}}}]\n"  # fmt: skip
    path = _rules_file(tmp_path, text)
    db = str(tmp_path / "s.db")
    args = ["ingest", str(report), "--db", db, "--published", dt.date.today().isoformat()]
    result = CliRunner().invoke(main, [*args, "--alerts", str(path)])
    assert result.exit_code == 0, result.output
    (alert,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert alert["values"]["fatalities"] == 14
    assert alert["evidence"][0]["sources"][0]["outlet"] is None or alert["evidence"][0]["sources"]
