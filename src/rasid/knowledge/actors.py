"""The actor dictionary: how reports name armed actors, kept as data.

Who "Daesh", "the Hashd" or "security forces" are is knowledge analysts must be
able to read and correct without touching code, so it lives in
``data/actors.yaml`` and in user files layered on top.  Everything is validated
at load: a typo in a data file must fail loudly, naming the file and entry,
rather than silently leave actors un-normalised in the output.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import spacy
import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from rasid.errors import KnowledgeError
from rasid.extract.doccache import entities
from rasid.knowledge.countries import country_label, country_names
from rasid.records import Actor

SHIPPED = Path(__file__).parent / "data" / "actors.yaml"
SUPPORTED_VERSIONS = frozenset({1})

# Actor types, in ACLED inter-code order (1..8; "other" shares 8 with external forces).
_TYPE_ORDER = "state_forces rebel_group political_militia identity_militia rioters protesters"
_TYPE_ORDER += " civilians external_forces other"
TYPES: Mapping[str, int] = MappingProxyType(
    {t: min(i, 8) for i, t in enumerate(_TYPE_ORDER.split(), 1)}
)

# ISO 3166-1 alpha-2, plus XK (Kosovo) which ACLED codes as a country.
_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS XK YE YT ZA ZM ZW"""
_ISO = frozenset(_ISO_CODES.split())

# Country names written with "the" after "of" ("Military Forces of the United States").
_THE_COUNTRIES = ("United ", "Democratic Republic", "Central African", "Philippines",
                  "Netherlands", "Gambia")  # fmt: skip

_FILE_KEYS = frozenset({"version", "demonyms", "actors"})
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
_EDGE = ' \t\n"\u201c\u201d()[]{},;:!?'
_ENT_LABELS = ("ORG", "NORP")


def _core(text: str) -> str:
    """The surface form without a leading "the" or trailing possessive, case kept."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).strip(_EDGE)
    t = re.sub(r"(?i)^the\s+", "", t)
    return re.sub(r"(?i)'s?$", "", t).strip()


def _key(text: str) -> str:
    """Fold the spelling differences wires and regional outlets disagree on.

    Case, apostrophes (Da'esh/Daesh), dots (U.S./US), hyphen or space
    (al-Shaabi/al Shaabi) and a leading Arabic article (al-Hashd/Hashd).
    """
    t = _core(text).lower().replace("'", "").replace(".", "")
    t = _DASHES.sub(" ", t).strip()
    return t[3:] if t.startswith("al ") and len(t) > 3 else t


def _all_caps(form: str) -> bool:
    """Acronyms written in capitals ("IS", "PMF") must match in capitals only."""
    return any(c.isalpha() for c in form) and form == form.upper()


def _variants(form: str) -> set[str]:
    """Spellings of one alias that tokenise differently, for the phrase matcher."""
    out = {form}
    for v in list(out):
        out |= {v.replace("'", "\u2019"), re.sub(r"(?<=\w)'(?=\w)", "", v)}
    out |= {v.replace("-", " ") for v in out}
    out |= {re.sub(r"\bUS\b", "U.S.", v) for v in out}
    out |= {re.sub(r"(?i)^al[- ]", "", v) for v in out}
    return {v for v in out if v.strip()}


@dataclass(frozen=True)
class ActorEntry:
    """One validated dictionary entry; ``source`` is the file that defined it."""

    name: str
    type: str
    country: str | None
    inter: int
    aliases: tuple[str, ...] = ()
    context_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    country_from_context: bool = False
    name_in_country: str | None = None
    parent: str | None = None
    note: str | None = None
    source: str = ""


_ENTRY_KEYS = frozenset(f.name for f in fields(ActorEntry)) - {"source"}


@dataclass(frozen=True)
class ActorInfo:
    """What one surface form means: the canonical actor, resolved for a country."""

    name: str
    type: str
    country: str | None
    inter: int


@dataclass
class _Target:
    """Meanings of one folded alias: a default actor and per-country overrides."""

    default: str | None = None
    by_country: dict[str, str] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)

    @property
    def case_sensitive(self) -> bool:
        return all(_all_caps(f) for f in self.forms)


class _FileReader:
    """Validates one actor file; every error names the file and the entry."""

    def __init__(self, path: Path, demonyms: dict[str, str]):
        self.path = path
        self.demonyms = demonyms

    def need(self, ok: Any, message: str) -> None:
        if not ok:
            raise KnowledgeError(message, input=str(self.path))

    def read(self) -> tuple[int, list[ActorEntry]]:
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise KnowledgeError(f"cannot read actor file: {exc}", input=str(self.path)) from exc
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"not valid YAML: {exc}", input=str(self.path)) from exc
        self.need(isinstance(data, dict), "expected a mapping with 'version' and 'actors'")
        unknown = sorted(set(data) - _FILE_KEYS)
        self.need(not unknown, f"unknown top-level keys {unknown}; expected {sorted(_FILE_KEYS)}")
        version = data.get("version")
        ok = type(version) is int and version in SUPPORTED_VERSIONS
        self.need(ok, f"'version' must be one of {sorted(SUPPORTED_VERSIONS)}, got {version!r}")
        demonyms = data.get("demonyms") or {}
        ok = isinstance(demonyms, dict) and all(isinstance(v, str) for v in demonyms.values())
        self.need(ok, "'demonyms' must map demonyms to country names")
        self.demonyms.update({str(k): v for k, v in demonyms.items()})
        self.need(isinstance(data.get("actors"), list), "'actors' must be a list of entries")
        entries = [self.entry(f"actor #{i}", item) for i, item in enumerate(data["actors"], 1)]
        self.check_clashes(entries)
        return version, entries

    def entry(self, where: str, item: Any) -> ActorEntry:
        self.need(isinstance(item, dict), f"{where}: expected a mapping, got {item!r}")
        name = item.get("name")
        self.need(isinstance(name, str) and name.strip(), f"{where}: missing or empty 'name'")
        where = f"{where} ({name!r})"
        extra = sorted(set(item) - _ENTRY_KEYS)
        self.need(not extra, f"{where}: unknown keys {extra}")
        kind = item.get("type")
        ok = isinstance(kind, str) and kind in TYPES
        self.need(ok, f"{where}: unknown type {kind!r}; expected one of {', '.join(TYPES)}")
        country = self.country(where, item.get("country"))
        contextual = item.get("country_from_context", False)
        self.need(isinstance(contextual, bool), f"{where}: country_from_context: true or false")
        self.need(not (contextual and country), f"{where}: country_from_context needs no country")
        inter = item.get("inter", TYPES[kind])
        ok = isinstance(inter, int) and not isinstance(inter, bool) and 1 <= inter <= 8
        self.need(ok, f"{where}: 'inter' must be an ACLED inter code 1..8, got {inter!r}")
        context = item.get("context_aliases") or {}
        self.need(isinstance(context, dict), f"{where}: context_aliases: {{COUNTRY: [aliases]}}")
        for key in ("parent", "note"):
            self.need(isinstance(item.get(key) or "", str), f"{where}: '{key}' must be a string")
        named = item.get("name_in_country")
        ok = named is None or (isinstance(named, str) and "{country}" in named and contextual)
        self.need(
            ok, f"{where}: 'name_in_country' must hold {{country}} and go with country_from_context"
        )
        by_country = {self.country(where, c): self.aliases(where, v) for c, v in context.items()}
        return ActorEntry(
            name=name.strip(),
            type=kind,
            country=country,
            inter=inter,
            aliases=self.aliases(where, item.get("aliases") or []),
            context_aliases=MappingProxyType(by_country),
            country_from_context=contextual,
            name_in_country=named,
            parent=item.get("parent"),
            note=item.get("note"),
            source=str(self.path),
        )

    def country(self, where: str, value: Any) -> str | None:
        ok = value is None or (isinstance(value, str) and value in _ISO)
        self.need(ok, f"{where}: bad country code {value!r}; expected ISO 3166-1 alpha-2 or null")
        return value

    def aliases(self, where: str, value: Any) -> tuple[str, ...]:
        ok = isinstance(value, list) and all(isinstance(a, str) and a.strip() for a in value)
        self.need(ok, f"{where}: aliases must be a list of non-empty strings, got {value!r}")
        return tuple(a.strip() for a in value)

    def check_clashes(self, entries: list[ActorEntry]) -> None:
        """One file may not give one name, or one alias, two meanings."""
        names: set[str] = set()
        seen: dict[tuple[str | None, str], str] = {}
        for i, e in enumerate(entries, 1):
            self.need(e.name not in names, f"actor #{i} ({e.name!r}): name used twice in one file")
            names.add(e.name)
            claims = [(None, f) for f in _forms(e, self.demonyms)]
            claims += [(c, a) for c, aliases in e.context_aliases.items() for a in aliases]
            for country, alias in claims:
                other = seen.setdefault((country, _key(alias)), e.name)
                scope = f" in context {country}" if country else ""
                msg = f"actor #{i} ({e.name!r}): alias {alias!r}{scope} already means {other!r}"
                self.need(other == e.name, msg)


def _forms(entry: ActorEntry, demonyms: Mapping[str, str]) -> list[str]:
    """The canonical name, aliases, and "Iraq's army" / "Iraq army" forms of "Iraqi army"."""
    out = [entry.name, *entry.aliases]
    for alias in list(out):
        head, _, rest = alias.partition(" ")
        if rest and head in demonyms:
            out += [f"{demonyms[head]}'s {rest}", f"{demonyms[head]} {rest}"]
    return out


class ActorDictionary:
    """Validated actors with lookup and in-document search; treat as immutable.

    Matchers are built lazily, once per spaCy vocab, because building them
    tokenises some thousands of patterns and documents are searched many times.
    """

    def __init__(self, entries: dict[str, ActorEntry], targets: dict[str, _Target], sources):
        self._entries = MappingProxyType(entries)
        self._plain_names = {_plain(n): n for n in entries}
        # "Military Forces of " -> the generic entry that names actors so
        self._name_heads = tuple(
            (e.name_in_country.split("{country}")[0], e)
            for e in entries.values()
            if e.name_in_country
        )
        self._targets = MappingProxyType(targets)
        self.sources: tuple[tuple[str, int], ...] = tuple(sources)  # (path, version) per file
        self._acronyms = frozenset(f for t in targets.values() for f in t.forms if _all_caps(f))
        self._matchers: dict[int, tuple[Vocab, PhraseMatcher, PhraseMatcher]] = {}

    @classmethod
    def load(cls, paths: Sequence[Path | str] | None = None) -> ActorDictionary:
        """Load the shipped file, then user files that add or override by name."""
        entries: dict[str, ActorEntry] = {}
        demonyms: dict[str, str] = {}
        sources = []
        for path in [SHIPPED, *(Path(p) for p in paths or ())]:
            version, file_entries = _FileReader(path, demonyms).read()
            sources.append((str(path), version))
            for e in file_entries:
                entries.pop(e.name, None)  # re-insert so later files win alias clashes
                entries[e.name] = e
        for e in entries.values():
            msg = f"actor {e.name!r}: unknown parent {e.parent!r}"
            _FileReader(Path(e.source), demonyms).need(e.parent is None or e.parent in entries, msg)
        targets: dict[str, _Target] = {}
        for e in entries.values():
            for form in _forms(e, demonyms):
                t = targets.setdefault(_key(form), _Target())
                t.default = e.name
                t.forms.add(form)
            for country, aliases in e.context_aliases.items():
                for alias in aliases:
                    t = targets.setdefault(_key(alias), _Target())
                    t.by_country[country] = e.name
                    t.forms.add(alias)
        return cls(entries, targets, sources)

    # --- the mapping of entries ---------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def entry(self, name: str) -> ActorEntry | None:
        return self._entries.get(name)

    def inter_code(self, name: str, *, country: str | None = None) -> int | None:
        """ACLED inter code of a canonical name (or alias); None if unknown.

        With the event's ``country``, a state's forces acting outside their
        own country are external forces (8), as ACLED codes them.
        """
        if name not in self._entries:
            info = self.lookup(name)
            name = info.name if info else name
        entry, home = self._entries.get(name), None
        if entry is None:
            entry, home = self._generic_named(name)
        if entry is None:
            return None
        home = entry.country or home
        if country and entry.type == "state_forces" and home not in (None, country):
            return TYPES["external_forces"]
        return entry.inter

    # --- normalisation ---------------------------------------------------------
    def _resolve(self, key: str, country: str | None) -> ActorInfo | None:
        target = self._targets.get(key)
        if target is None:
            return None
        name = (target.by_country.get(country) if country else None) or target.default
        if name is None:
            return None
        e = self._entries[name]
        place = e.country or (country if e.country_from_context else None)
        return ActorInfo(self._name_in(e, place), e.type, place, e.inter)

    def _generic_named(self, name: str) -> tuple[ActorEntry | None, str | None]:
        """The generic entry a country's name was made from, and the country:
        "Military Forces of Mali" -> (Military forces, "ML")."""
        for head, e in self._name_heads:
            if name.startswith(head):
                return e, country_names().get(name[len(head) :].lower())
        return None, None

    def _name_in(self, e: ActorEntry, country: str | None) -> str:
        """ "Military forces" of Mali are "Military Forces of Mali", as ACLED names them;
        where the dictionary has that actor ("Military Forces of the United States"),
        its own spelling."""
        label = country_label(country) if e.name_in_country and country else None
        if label is None:
            return e.name
        if label.startswith(_THE_COUNTRIES) and "{country}" in e.name_in_country.split()[-1]:
            label = f"the {label}"  # "Police Forces of the United States"
        name = e.name_in_country.format(country=label)
        return self._plain_names.get(_plain(name), name)

    def lookup(self, text: str, *, country: str | None = None) -> ActorInfo | None:
        """Normalise one surface string; acronyms only match in capitals."""
        country = country.upper() if country else None
        key = _key(text)
        target = self._targets.get(key)
        if target is None:
            return self._national(text)
        if target.case_sensitive and not _all_caps(_core(text)):
            return None
        return self._resolve(key, country)

    def _national(self, text: str) -> ActorInfo | None:
        """ "Somali forces", "Nigerian troops", "Burkina Faso army": a nation's forces are
        its military, which the dictionary names only for some nations; the generic
        entry names the rest."""
        words = text.split()
        if len(words) < 2 or words[-1].lower() not in _FORCE_NOUNS:
            return None
        code = country_names().get(" ".join(words[:-1]).lower())
        return self.lookup("military", country=code) if code else None

    def _national_forces(self, doc: Doc) -> list[tuple[int, int, ActorInfo]]:
        """ "Nigerian forces", "the forces of Sudan": "forces" alone is no actor, but a
        nation's forces are its military.  Only the lower-case word: "Lebanese Forces"
        is a party's militia."""
        out = []
        for tok in doc:
            if tok.text == "forces" and (owner := _owner_country(doc, tok.i, tok.i + 1)):
                info = self._resolve(_key("military"), owner)
                if info is not None:
                    out.append((tok.i, tok.i + 1, info))
        return out

    # --- search in documents -------------------------------------------------
    def _matchers_for(self, doc: Doc) -> tuple[PhraseMatcher, PhraseMatcher]:
        cached = self._matchers.get(id(doc.vocab))
        if cached is not None and cached[0] is doc.vocab:
            return cached[1], cached[2]
        tokenizer = spacy.util.get_lang_class(doc.lang_ or "en")(vocab=doc.vocab).tokenizer
        lower = PhraseMatcher(doc.vocab, attr="LOWER")
        orth = PhraseMatcher(doc.vocab, attr="ORTH")
        for key, target in self._targets.items():
            caps = {v for f in target.forms for v in _variants(f) if _all_caps(f)}
            rest = {v for f in target.forms for v in _variants(f) if not _all_caps(f)}
            if rest:  # some spelling is not an acronym: the whole key ignores case
                lower.add(key, [tokenizer(v) for v in sorted(rest | caps)])
            elif caps:
                orth.add(key, [tokenizer(v) for v in sorted(caps)])
        self._matchers[id(doc.vocab)] = (doc.vocab, lower, orth)
        return lower, orth

    def _named_before(self, found: list[Actor]) -> list[Actor]:
        """ "Two RAF jets struck ... The jets then used guided bombs": a word that means
        the country's own force only by context ("jets", "warplanes") is the force the
        text named with it before."""
        out: list[Actor] = []
        for actor in sorted(found, key=lambda a: a.start):
            key = _key(actor.text)
            target = self._targets.get(key)
            if target is not None and target.by_country:
                words = key.split()
                earlier = next(
                    (
                        a
                        for a in reversed(out)
                        if a.name != actor.name
                        and a.type is not None
                        and len(a.text.split()) > len(words)
                        and _key(a.text).split()[-len(words) :] == words
                    ),
                    None,
                )
                if earlier is not None:
                    actor = replace(
                        actor, name=earlier.name, type=earlier.type, country=earlier.country
                    )
            out.append(actor)
        return out

    def find(self, doc: Doc, *, country: str | None = None) -> list[Actor]:
        """Every actor mention in ``doc``, in text order, with character offsets.

        The longest dictionary match wins where matches overlap.  ``country``
        is the article's country: it decides what generic words ("soldiers")
        mean and gives generic actors a country.  spaCy ORG/NORP entities the
        dictionary lacks still come out, with their text as name and no type.
        """
        country = country.upper() if country else None
        lower, orth = self._matchers_for(doc)
        candidates: list[tuple[int, int, ActorInfo]] = []
        acronyms = self._acronyms
        for matcher, caps in ((lower, False), (orth, True)):
            for match_id, start, end in matcher(doc):
                noise = _shouted(doc, start, end, acronyms) if caps else _modifier(doc, start, end)
                if noise or _ties_only(doc, end) or _in_place_name(doc, end):
                    continue
                owner = _owner_country(doc, start, end)
                info = self._resolve(doc.vocab.strings[match_id], owner or country)
                if info is not None:
                    candidates.append((_with_article(doc, start), end, info))
        candidates += self._national_forces(doc)
        taken: set[int] = set()
        found: list[Actor] = []
        for start, end, info in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                found.append(_actor(info, doc[start:end]))
        found = self._named_before(found)
        for ent in entities(doc):
            span = _trim(ent) if ent.label_ in _ENT_LABELS and not _adjective(ent) else None
            if span is None or not taken.isdisjoint(range(ent.start, ent.end)):
                continue
            if span[-1].lower_ in _PLACE_HEADS:
                continue  # "Maradun Local Government Area": a place, not an organisation
            if span.end < len(doc) and doc[span.end].lower_ in _ROUTE_HEADS:
                continue  # "the Lokoja-Abuja highway": a road's name, not an organisation
            found.append(_actor(self.lookup(span.text, country=country), span))
        return _defined_acronyms(doc, sorted(found, key=lambda a: (a.start, a.end)))


# Nouns that, after a nationality, name a nation's armed forces.
_FORCE_NOUNS = {"forces", "troops", "soldiers", "army", "military"}

_TIES = {"linked", "affiliated", "allied", "aligned", "inspired", "backed", "supported",
         "sponsored", "funded", "trained", "armed", "leaning", "loyal"}  # fmt: skip


def _ties_only(doc: Doc, end: int) -> bool:
    """'the al Qaeda-linked group', 'Iran-backed militias': a name hyphened to a
    participle describes another actor's ties; it is not the actor that acts.
    (Whole aliases such as "Iran-backed Houthis" still match as one name.)"""
    return (
        end + 1 < len(doc)
        and doc[end].text in ("-", "‑")
        and not doc[end - 1].whitespace_
        and doc[end + 1].lower_ in _TIES
    )


# Nouns that end the proper name of an area or a building: "Maradun Local Government
# Area", "Government House", "Police College". A name before them is the place's.
_PLACE_HEADS = frozenset(
    {"area", "areas", "house", "hospital", "school", "college", "academy", "secretariat",
     "lodge", "estate", "road", "street", "avenue"}
)  # fmt: skip


_ROUTE_HEADS = frozenset(
    {"highway", "road", "expressway", "motorway", "route", "axis", "corridor", "bridge",
     "junction", "crossing", "border", "pipeline"}
)  # fmt: skip


def _in_place_name(doc: Doc, end: int) -> bool:
    """'Maradun Local Government Area': a name written into a place's name is not an actor."""
    return end < len(doc) and doc[end].is_title and doc[end].lower_ in _PLACE_HEADS


def _defined_acronyms(doc: Doc, found: list[Actor]) -> list[Actor]:
    """'the Zeitgeist Brigade (ZB) ... the ZB said': an acronym the report defines
    after an actor is that actor wherever it comes again, known to the dictionary
    or not; the report's own definition wins over the dictionary's ("Somali National
    Army (SNA)" is not the Syrian National Army)."""
    defined: dict[str, Actor] = {}
    for a in found:
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is None or span.end + 2 >= len(doc) or doc[span.end].text != "(":
            continue
        acro, close = doc[span.end + 1], doc[span.end + 2]
        if close.text == ")" and acro.is_upper and len(acro.text) >= 2 and acro.is_alpha:
            defined.setdefault(acro.text, a)
    if not defined:
        return found
    out = [
        replace(a, name=d.name, type=d.type, country=d.country)
        if (d := defined.get(a.text)) is not None and d is not a
        else a
        for a in found
    ]
    for tok in doc:
        d = defined.get(tok.text)
        if d is not None and not any(a.start <= tok.idx < a.end for a in out):
            out.append(Actor(d.name, d.type, d.country, tok.text, tok.idx, tok.idx + len(tok)))
    return sorted(out, key=lambda a: (a.start, a.end))


def _plain(name: str) -> str:
    """ "Military Forces of the United States" and "... of United States" alike."""
    return " ".join(w for w in name.lower().split() if w != "the")


def _actor(info: ActorInfo | None, span: Span) -> Actor:
    """An Actor for a span; unknown to the dictionary, its text is its name."""
    name, kind, place = (info.name, info.type, info.country) if info else (span.text, None, None)
    return Actor(name, kind, place, span.text, span.start_char, span.end_char)


def _owner_country(doc: Doc, start: int, end: int) -> str | None:
    """The country a generic name belongs to by its own words: "Turkey's defence
    ministry", "the Syrian army", "the defence ministry of Turkey", and two-word
    names ("South Sudanese troops" are not Sudan's, "Burkina Faso's army")."""
    names = country_names()
    last = start - 1
    possessive = last >= 1 and doc[last].text in ("'s", "’s", "'", "’")
    if possessive:
        last -= 1
    if last >= 0:
        code = _country_before(doc, last, names)
        if code is not None:
            return code
        if not possessive and doc[last].is_title and last >= 1:
            code = _country_before(doc, last - 1, names)  # "the Somali National Army"
            if code is not None:
                return code
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        if end + 2 < len(doc) and f"{doc[end + 1].lower_} {doc[end + 2].lower_}" in names:
            return names[f"{doc[end + 1].lower_} {doc[end + 2].lower_}"]
        if doc[end + 1].lower_ in names:
            return names[doc[end + 1].lower_]
    return None


def _country_before(doc: Doc, i: int, names: Mapping[str, str]) -> str | None:
    """The country named by the word at ``i``, or by the two words ending there."""
    if i >= 1 and f"{doc[i - 1].lower_} {doc[i].lower_}" in names:
        return names[f"{doc[i - 1].lower_} {doc[i].lower_}"]
    return names.get(doc[i].lower_)


def _shouted(doc: Doc, start: int, end: int, acronyms: frozenset[str]) -> bool:
    """A short acronym among capitalised words ("THERE IS A", "WHAT IS NEXT") is shouting.

    All-caps headlines and wire archives (MUC-4) write the verb "is" as "IS".
    """
    if len(doc[start:end].text) > 3:
        return False
    before = [t for t in reversed(doc[max(0, start - 8) : start]) if t.is_alpha]
    after = [t for t in doc[end : end + 8] if t.is_alpha]
    words = [t for t in before[:3] + after[:3] if t.text not in acronyms]
    return bool(words) and 2 * sum(t.is_upper for t in words) >= len(words)


def _modifier(doc: Doc, start: int, end: int) -> bool:
    """A lower-case word modifying a noun ("military base", "police station") is no actor,
    unless a country owns it ("a Malian army drone strike")."""
    if end - start != 1 or not doc.has_annotation("DEP"):
        return False
    tok = doc[start]
    return (
        tok.is_lower
        and tok.dep_ in ("compound", "amod")
        and tok.head.pos_ in ("NOUN", "PROPN")
        and _owner_country(doc, start, end) is None
    )


def _adjective(ent: Span) -> bool:
    """An adjectival NORP ("Iraqi" officials) describes the actor named next; it is not one.
    Nor is an adjective a recogniser took for an organisation ("Communal clashes")."""
    if ent.label_ == "ORG":
        return len(ent) == 1 and ent.root.tag_ == "JJ" and ent.root.dep_ == "amod"
    return ent.label_ == "NORP" and (
        ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound")
    )


def _with_article(doc: Doc, start: int) -> int:
    """Extend a match over a leading Arabic article: "al-Hashd al-Shaabi"."""
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].text_with_ws.lower() == "al":
        return start - 2
    return start - 1 if start >= 1 and doc[start - 1].lower_ == "al" else start


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ == "the":
        start += 1
    while end > start and span.doc[end - 1].text.translate(_QUOTES) in ("'s", "'"):
        end -= 1
    return span.doc[start:end] if end > start else None


@functools.lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """The shipped dictionary, loaded once per process."""
    return ActorDictionary.load()
