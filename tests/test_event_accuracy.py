"""Evaluation gate for events: pinned score floors on the development files.

The floors sit a little under what ``rasid eval`` measured when they were set:
on ``realnews-dev.jsonl`` (whole articles, one event per incident) precision
0.902, recall 0.887 and coded over reported deaths 1.08; on ``ucdp-ged-iraq.jsonl``
(headlines) detection 0.953, fatalities 0.965, date 0.930, admin1 0.919 and civilian
targeting 0.810
(balanced between one-sided violence and fighting); on the project's own
``tests/data/eval/realnews-probes.jsonl`` (84 reports written for Rasid in the same
format, of regions and genres the shared set lacks: Indian Maoists, a Ukrainian general
staff summary, Serbian, Nepali and Togolese protests, OCHA flash updates, Nigerian Army
weekly summaries ...) precision 0.565, recall 0.735 and deaths 1.23.
A change that codes mentions again instead of incidents,
or loses the headlines, fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid import sources
from rasid.evaluation import evaluate
from rasid.pipeline import extract_many
from rasid.records import Article

pytestmark = pytest.mark.slow

REALNEWS = {"precision": 0.88, "recall": 0.86}
PROBES = {"precision": 0.54, "recall": 0.71}
PROBES_FILE = Path(__file__).resolve().parent / "data" / "eval" / "realnews-probes.jsonl"
# coded deaths over the articles' own conservative tolls: the issue's band is 0.8-1.25
FATALITIES_RATIO = (0.8, 1.25)
UCDP = {"detection": 0.95, "fatalities": 0.95, "date": 0.92, "admin1": 0.91}
CIVILIAN_TARGETING = 0.80  # the target of the issue, met


def _metrics(shared, name: str, dataset: str) -> dict:
    path = shared / "eval" / name if shared is not None else Path(name)
    if not path.is_file():
        pytest.skip(f"{path} not present")
    # read as `rasid eval` reads them: publication dates and outlets come along
    articles = [a for a in sources.read([path]) if isinstance(a, Article)]
    preds = [r.to_dict() for r in extract_many(articles, processes=2)]
    return evaluate(path, preds)["datasets"][dataset]["metrics"]


@pytest.fixture(scope="module")
def realnews(shared):
    return _metrics(shared, "realnews-dev.jsonl", "realnews")


@pytest.fixture(scope="module")
def ucdp(shared):
    return _metrics(shared, "ucdp-ged-iraq.jsonl", "ucdp-ged-iraq")


@pytest.fixture(scope="module")
def probes():
    return _metrics(None, str(PROBES_FILE), "realnews")


@pytest.mark.parametrize("metric", sorted(PROBES))
def test_reports_of_other_regions_and_genres_are_coded_as_incidents(probes, metric):
    assert probes[metric]["score"] >= PROBES[metric]


def test_coded_deaths_of_other_reports_add_up_to_their_tolls(probes):
    low, high = FATALITIES_RATIO
    assert low <= probes["fatalities_coded_over_gold"]["score"] <= high


@pytest.mark.parametrize("metric", sorted(REALNEWS))
def test_whole_articles_are_coded_as_incidents(realnews, metric):
    assert realnews[metric]["score"] >= REALNEWS[metric]


def test_coded_deaths_add_up_to_the_articles_tolls(realnews):
    low, high = FATALITIES_RATIO
    assert low <= realnews["fatalities_coded_over_gold"]["score"] <= high


@pytest.mark.parametrize("metric", sorted(UCDP))
def test_headlines_stay_where_they_are(ucdp, metric):
    assert ucdp[metric]["score"] >= UCDP[metric]


def test_civilians_targeted_are_told_from_fighting(ucdp):
    assert ucdp["civilian_targeting_balanced"]["score"] >= CIVILIAN_TARGETING
