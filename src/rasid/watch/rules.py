"""Alert rules, read from a YAML file and checked before anything runs.

A file holds ``rules:``, a list of rules, and may hold ``defaults:`` that every
rule inherits (any rule key).  A rule::

    - name: surge-by-province          # unique; names the alerts it raises
      method: surge                    # see METHODS
      by: admin1                       # the unit: admin1, admin2, actor, type, country
      period: week                     # week (ACLED's) or month
      scope: {country: Iraq}           # filters: country, admin1, actor, type, origin
      send: [stdout, {jsonl: alerts.jsonl}]

Methods (``rasid.watch.trends`` computes them): ``change-level`` fires for a
unit whose ACLED change level is at least ``level`` (default "large
increase") with at least ``min_events`` (default 1) in the latest period;
``surge`` and ``threat`` are ACLED's rules; ``detector`` is the seasonal
statistical detector; ``cusum`` a sustained rise; ``emerging-actor`` ACLED's
new non-state armed actor in a country; ``threshold`` fires per incident with
at least ``fatalities`` killed (``≥ 10 fatalities in one incident in Diyala``),
or per unit and period with at least ``events`` incidents or
``total_fatalities`` killed.  A threshold looks at incidents of the last
``days`` days (default 7) up to the day checked.

A trend method fires when a unit *enters* its state: a unit the same method
flagged the period before does not fire again while the state lasts (a
three-month threat is one alert, not twelve), and an emerging actor fires in
the week of its first incident.  ``repeat: true`` fires every period instead.

Every error names the rule and the field ("rule 'x': level: expected one of ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasid.errors import AlertError
from rasid.store.queries import ORIGINS, Filters

from . import acled_rules, sinks
from .trends import BY, Options

METHODS = (
    "change-level",
    "surge",
    "threat",
    "detector",
    "cusum",
    "emerging-actor",
    "threshold",
)
SCOPE_KEYS = ("country", "admin1", "actor", "type", "origin")
RULE_KEYS = frozenset(
    {"name", "method", "by", "period", "scope", "send", "level", "min_events", "events"}
    | {"baseline", "fatalities", "total_fatalities", "days", "description", "repeat"}
)
# change-level: a level fires, and so do the levels above it.
_RANK = {acled_rules.MODERATE_INCREASE: 1, acled_rules.LARGE_INCREASE: 2}
DEFAULT_FILE = "default-alerts.yaml"


@dataclass(frozen=True)
class Rule:
    name: str
    method: str
    options: Options  # unit, period, baseline, event selection and scope
    send: tuple[sinks.Sink, ...]
    level: str = acled_rules.LARGE_INCREASE
    min_events: int = 1
    fatalities: int | None = None  # threshold: in one incident
    events: int | None = None  # threshold: incidents in the unit and period
    total_fatalities: int | None = None  # threshold: killed in the unit and period
    days: int = 7
    description: str = ""
    repeat: bool = False  # fire every period the condition holds, not only on entry
    scope: Mapping[str, str] = field(default_factory=dict)

    def fires_at(self, level: str) -> bool:
        return _RANK.get(level, 0) >= _RANK[self.level]


def default_rules_text() -> str:
    return resources.files(__package__).joinpath("data", DEFAULT_FILE).read_text("utf-8")


def load(path: Path | None) -> list[Rule]:
    """The rules of ``path`` (the shipped default file when None), all checked."""
    if path is None:
        name, text = f"(default) {DEFAULT_FILE}", default_rules_text()
    else:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise AlertError(f"cannot read the rules file ({error})", input=name) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise AlertError(f"not valid YAML: {error}", input=name) from error
    return parse(data, name)


def parse(data: Any, name: str = "rules") -> list[Rule]:
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise AlertError("expected a mapping with a 'rules:' list", input=name)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise AlertError("defaults: expected a mapping of rule keys", input=name)
    rules: list[Rule] = []
    for i, raw in enumerate(data["rules"], 1):
        if not isinstance(raw, Mapping):
            raise AlertError(f"rule {i}: expected a mapping", input=name)
        rule = _rule({**defaults, **raw}, f"rule {i}", name)
        if any(r.name == rule.name for r in rules):
            raise AlertError(f"rule {rule.name!r}: name: used by an earlier rule", input=name)
        rules.append(rule)
    return rules


def _rule(raw: Mapping[str, Any], where: str, source: str) -> Rule:
    rule_name = raw.get("name")
    if not isinstance(rule_name, str) or not rule_name.strip() or len(rule_name) > 128:
        raise AlertError(f"{where}: name: expected a name of 1 to 128 characters", input=source)
    label = f"rule {rule_name!r}"

    def bad(key: str, expected: str) -> AlertError:
        return AlertError(f"{label}: {key}: {expected}, got {raw.get(key)!r}", input=source)

    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise AlertError(
            f"{label}: {unknown[0]}: unknown key; expected one of {', '.join(sorted(RULE_KEYS))}",
            input=source,
        )
    method = raw.get("method")
    if method not in METHODS:
        raise bad("method", f"expected one of {', '.join(METHODS)}")
    by = raw.get("by", "admin1")
    if by not in BY:
        raise bad("by", f"expected one of {', '.join(BY)}")
    period = raw.get("period", "week")
    if period not in ("week", "month"):
        raise bad("period", "expected week or month")
    scope = raw.get("scope") or {}
    if not isinstance(scope, Mapping) or any(k not in SCOPE_KEYS for k in scope):
        raise bad("scope", f"expected a mapping with keys among {', '.join(SCOPE_KEYS)}")
    if "origin" in scope and scope["origin"] not in ORIGINS:
        raise AlertError(
            f"{label}: scope.origin: expected one of {', '.join(ORIGINS)}, got {scope['origin']!r}",
            input=source,
        )
    repeat = raw.get("repeat", False)
    if not isinstance(repeat, bool):
        raise bad("repeat", "expected true or false")
    level = raw.get("level", acled_rules.LARGE_INCREASE)
    if level not in _RANK:
        raise bad("level", f"expected one of {', '.join(_RANK)}")
    numbers = {}
    for key, low in (("min_events", 0), ("fatalities", 1), ("events", 1)) + (
        ("total_fatalities", 1),
        ("days", 1),
        ("baseline", 1),
    ):
        value = raw.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise bad(key, f"expected a whole number of at least {low}")
        if value is not None and value < low:
            raise bad(key, f"expected a whole number of at least {low}")
        numbers[key] = value
    if method == "threshold" and not any(
        numbers[k] for k in ("fatalities", "events", "total_fatalities")
    ):
        raise AlertError(
            f"{label}: threshold: expected at least one of fatalities, events, total_fatalities",
            input=source,
        )
    send = raw.get("send", ["stdout"])
    if isinstance(send, str | Mapping):
        send = [send]
    if not isinstance(send, list) or not send:
        raise bad("send", "expected a list of sinks (stdout, jsonl, webhook, email)")
    try:
        targets = tuple(
            sinks.sink_from_config(s, rule_name, where=f"send[{j}]") for j, s in enumerate(send, 1)
        )
    except AlertError as error:  # the sink names the rule and field; add the file
        raise AlertError(error.message, input=source) from error
    filters = Filters(**{k: str(v) for k, v in scope.items()})
    options = Options(by=by, period=period, baseline=numbers["baseline"], filters=filters)
    return Rule(
        name=rule_name,
        method=method,
        options=options,
        send=targets,
        level=level,
        min_events=numbers["min_events"] if numbers["min_events"] is not None else 1,
        fatalities=numbers["fatalities"],
        events=numbers["events"],
        total_fatalities=numbers["total_fatalities"],
        days=numbers["days"] or 7,
        description=str(raw.get("description") or ""),
        repeat=repeat,
        scope=dict(scope),
    )
