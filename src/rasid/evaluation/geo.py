"""Governorate name matching and great-circle distance for geocoding scores.

Gold admin1 names come from UCDP ("Şalāḩ ad Dīn province") and predictions from
whatever gazetteer Rasid uses ("Salahuddin Governorate"); scoring spelling
differences as errors would measure transliteration, not geocoding. The
variants live in ``governorates.json`` so they can be reviewed as data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

# Words that say "this is an admin1 unit" rather than name it.
_UNIT_WORDS = frozenset({"province", "governorate", "governate", "muhafazat", "muhafazah"})
# Arabic article forms that may lead a transliterated name ("Al Anbar", "As Sulaymaniyah").
_ARTICLES = frozenset({"al", "el", "as", "an", "ar", "ad", "at", "ash"})
_APOSTROPHES = re.compile(r"['’‘ʼʻʿʾ`´]")
_SEPARATORS = re.compile(r"[\s\-_.,/()]+")


def _fold(name: str) -> str:
    """Strip diacritics, case and apostrophes: "Karbalā’" -> "karbala"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", plain.casefold())


def name_key(name: str) -> str:
    """A spelling-insensitive key: no diacritics, unit words or leading article."""
    words = [w for w in _SEPARATORS.split(_fold(name)) if w and w not in _UNIT_WORDS]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


@cache
def _aliases() -> dict[str, str]:
    """Map every variant's key to its governorate's canonical name."""
    raw = resources.files(__package__).joinpath("governorates.json").read_text("utf-8")
    table: dict[str, list[str]] = json.loads(raw)["governorates"]
    out: dict[str, str] = {}
    for canonical, variants in table.items():
        for variant in (canonical, *variants):
            out[name_key(variant)] = canonical
    return out


def governorate(name: str | None) -> str | None:
    """Canonical governorate for an admin1 name; unknown names keep their key."""
    if not isinstance(name, str) or not name.strip():
        return None
    key = name_key(name)
    if not key:
        return None
    return _aliases().get(key, key)


def same_admin1(a: str | None, b: str | None) -> bool:
    """True when two admin1 names name the same governorate."""
    ga, gb = governorate(a), governorate(b)
    return ga is not None and ga == gb
