"""The output contract as a JSON Schema, and a validator that says what is wrong.

Downstream tools (held-out scorers, the store, exports) read fixed field paths,
so every result Rasid writes can be checked against ``result.schema.json``
(draft 2020-12) before it leaves the process or in tests.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from rasid.errors import RasidError

SCHEMA: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("result.schema.json").read_text("utf-8")
)

# Errors shown in one message; the rest are counted so the message stays readable.
_SHOWN = 5


class ResultSchemaError(RasidError):
    """A result dict does not follow the output contract."""

    code = "invalid_result"

    def __init__(self, message: str, *, input: str | None = None, problems: list[str]):
        super().__init__(message, input=input)
        self.problems = problems


@cache
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA)


def _path(error: ValidationError) -> str:
    """``events[0].date.precision`` style path to the offending value."""
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "(top level)"


def _describe(error: ValidationError) -> str:
    # anyOf/allOf failures say little; the deepest sub-error names the real problem.
    while error.context:
        error = min(error.context, key=lambda e: (-len(e.absolute_path), str(e.message)))
    return f"{_path(error)}: {error.message}"


def validate_result(obj: Any) -> None:
    """Raise ``ResultSchemaError`` listing where ``obj`` breaks the contract."""
    errors = sorted(_validator().iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    problems = [_describe(e) for e in errors]
    shown = "; ".join(problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    rid = obj.get("id") if isinstance(obj, dict) else None
    raise ResultSchemaError(
        f"result does not follow the output contract: {shown}{more}",
        input=f"result {rid!r}" if isinstance(rid, str) else None,
        problems=problems,
    )


__all__ = ["SCHEMA", "ResultSchemaError", "validate_result"]
