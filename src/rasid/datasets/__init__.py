"""Existing event datasets (ACLED exports, UCDP GED releases) read into Rasid's terms."""

from __future__ import annotations

from rasid.errors import DatasetError

from .reader import FORMATS, read
from .records import BadRow, ImportedIncident

__all__ = ["FORMATS", "BadRow", "DatasetError", "ImportedIncident", "read"]
