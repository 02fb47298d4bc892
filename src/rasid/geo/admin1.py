"""First-level administrative names for the world, beyond the curated Iraq and Syria.

GeoNames towns carry an admin1 code ("NG", "27"); ``data/admin1_names.csv`` gives
its name ("Borno"), derived from GeoNames data by ``tools/admin1_names.py``.
Loaded and validated once when the gazetteer index is built.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from rasid.errors import KnowledgeError

SHIPPED_ADMIN1 = Path(str(resources.files("rasid.geo") / "data" / "admin1_names.csv"))
_HEADER = ["country", "code", "name", "cities"]


def load_world_admin1(path: Path = SHIPPED_ADMIN1) -> dict[tuple[str, str], str]:
    """(country ISO alpha-2, GeoNames admin1 code) -> admin1 name."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"cannot read admin1 names ({exc})", input=str(path)) from exc
    rows = csv.reader(io.StringIO(text))
    if next(rows, None) != _HEADER:
        raise KnowledgeError(f"expected the header {','.join(_HEADER)}", input=str(path))
    out: dict[tuple[str, str], str] = {}
    for n, row in enumerate(rows, start=2):
        if len(row) != 4 or len(row[0]) != 2 or not row[0].isupper() or not row[2].strip():
            raise KnowledgeError(
                f"line {n}: expected country (two capitals),code,name,cities; got {row!r}",
                input=str(path),
            )
        out[(row[0], row[1])] = row[2].strip()
    return out
