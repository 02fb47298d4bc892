"""Speech knowledge is a data file a user can replace; it is checked when loaded."""

from __future__ import annotations

import pytest
import yaml

from rasid.errors import KnowledgeError
from rasid.knowledge.speech import default_speech, load_speech


def _shipped() -> dict:
    from importlib import resources

    raw = (resources.files("rasid.knowledge") / "data" / "speech.yaml").read_text("utf-8")
    return yaml.safe_load(raw)


def test_shipped_file_loads():
    speech = default_speech()
    assert {"say", "confirm"} <= speech.speech_verbs
    assert "confident" in speech.attitude_adjectives
    assert speech.is_outlet("Shafaq News")


def test_user_file_without_the_optional_lists_loads(tmp_path):
    data = _shipped()
    del data["attitude_adjectives"]
    del data["raising_verbs"]
    path = tmp_path / "speech.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    speech = load_speech(path)
    assert speech.attitude_adjectives == frozenset()
    assert speech.raising_verbs == frozenset()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("speech_verbs"), "'speech_verbs' must be a list"),
        (lambda d: d.update(hedges="reports say"), "'hedges' must be a list"),
        (lambda d: d.update(attitude_adjectives=[""]), "'attitude_adjectives' must be a list"),
    ],
)
def test_bad_user_file_names_the_file_and_the_key(tmp_path, change, message):
    data = _shipped()
    change(data)
    path = tmp_path / "my-speech.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message) as err:
        load_speech(path)
    assert "my-speech.yaml" in str(err.value)


def test_missing_and_broken_files_are_named(tmp_path):
    with pytest.raises(KnowledgeError, match="nope.yaml"):
        load_speech(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("speech_verbs: [say\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="broken.yaml"):
        load_speech(broken)
