"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

An outlet's name, a quote or a place can begin with ``=``, ``+``, ``-`` or ``@``;
Excel, LibreOffice and Google Sheets run such a cell as a formula
(``=HYPERLINK(...)``, ``=cmd|...``).  By default every text cell that begins with
one of them, or with a tab or carriage return, is written with a leading ``'``,
which the spreadsheet shows as text; numbers (``-33.5``) are left as they are.
Machine readers that want the exact strings pass ``formulas=True``
(``--csv-formulas`` on the command line).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` that neutralises formula cells unless ``formulas`` is true."""

    def __init__(self, f: Any, fieldnames: Iterable[str], *, formulas: bool = False, **kw: Any):
        super().__init__(f, fieldnames, **kw)
        self.formulas = formulas

    def _safe(self, row: Mapping[str, Any]) -> Mapping[str, Any]:
        return row if self.formulas else {k: safe_cell(v) for k, v in row.items()}

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(self._safe(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
