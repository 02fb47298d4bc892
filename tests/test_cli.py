"""The `rasid` command as a user runs it: help, extract, bad inputs, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rasid.cli import EXIT_PARTIAL, main
from rasid.schema import validate_result

REPORT = (
    "Iraqi security forces killed five Islamic State militants in clashes near Tikrit on Sunday, "
    "the Joint Operations Command said. Two soldiers were wounded."
)


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("command", [(), *_commands(main)])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_extract_writes_valid_results(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--published", "2025-03-04"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    data = json.loads(line)
    validate_result(data)
    (event,) = data["events"]
    assert event["event_type"] == "Battles"
    assert event["fatalities"]["total"] == 5
    assert event["date"]["start"] == "2025-03-02"
    assert event["actor2"]["name"] == "Islamic State"


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "a1", "text": REPORT, "published": "2025-03-04"}) + "\n{not json\n",
        encoding="utf-8",
    )
    (tmp_path / "french.txt").write_text(
        "Les forces de sécurité irakiennes ont tué cinq militants de l'État islamique lors "
        "d'affrontements près de Tikrit dimanche, a déclaré le commandement des opérations.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == EXIT_PARTIAL
    rows = [json.loads(line) for line in result.stdout.strip().splitlines()]
    for row in rows:
        validate_result(row)
    codes = {e["code"] for row in rows for e in row["errors"]}
    assert {"empty", "binary", "malformed", "unsupported_language"} <= codes
    coded = [row for row in rows if row["events"]]
    assert len(coded) == 2  # good.txt and the good JSON line
    assert "lines.jsonl:2" in result.stderr
    assert "empty.txt" in result.stderr


def test_table_format_is_readable(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(src), "--published", "2025-03-04", "--format", "table"]
    )
    assert result.exit_code == 0
    assert "Battles / Armed clash" in result.stdout
    assert "killed: 5" in result.stdout


def test_bad_published_option_is_a_usage_error(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--published", "yesterday"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_eval_scores_predictions(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "dataset": "ucdp-ged-iraq",
                "text": "Car bomb kills 12 in Baghdad",
                "published": "2015-05-01",
                "source": "Wire",
                "gold": {
                    "events": [
                        {
                            "type": "one-sided violence",
                            "acled_type": None,
                            "date_start": "2015-05-01",
                            "date_end": "2015-05-01",
                            "date_precision": 1,
                            "actors": {},
                            "location": None,
                            "fatalities": {"total": 12, "low": 12, "high": 12},
                            "trigger": None,
                            "text_checks": {
                                "location_name_in_text": False,
                                "best_in_text": "digits",
                            },
                        }
                    ],
                    "quotes": None,
                    "entities": None,
                },
                "notes": "",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["eval", str(gold), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    metrics = report["datasets"]["ucdp-ged-iraq"]["metrics"]
    assert metrics["detection"]["score"] == 1.0
    assert metrics["fatalities"]["score"] == 1.0


def test_geocode_prints_places_and_the_event_location():
    result = CliRunner().invoke(
        main, ["geocode", "Clashes near the Hamrin Mountains in Kirkuk province"]
    )
    assert result.exit_code == 0, result.output
    assert "Hamrin Mountains" in result.output
    assert "admin1=Kirkuk" in result.output
