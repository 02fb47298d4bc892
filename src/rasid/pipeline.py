"""`extract(article) -> ArticleResult`: the one function everything else calls.

Models and knowledge files are loaded once per process by an `Extractor`;
`extract` itself has no side effects.  A batch never stops on a bad article:
the article's result carries the error instead.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import ctypes.util
import functools
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from rasid import errors
from rasid import nlp as nlp_mod
from rasid.extract.attribution import from_statements
from rasid.extract.claims import find_claims
from rasid.extract.datelines import Dateline, doc_datelines, inside, stories
from rasid.extract.dates import find_dates
from rasid.extract.doccache import doc_text, entities, keep_text
from rasid.extract.events import Context, extract_events
from rasid.extract.figures import attribute_figures
from rasid.extract.statements import extract_statements
from rasid.geo import Geocoder, default_geocoder
from rasid.knowledge.actors import ActorDictionary, default_dictionary
from rasid.knowledge.countries import main_country
from rasid.knowledge.lexicon import EventLexicon, default_lexicon
from rasid.knowledge.speech import SpeechKnowledge, default_speech
from rasid.normalise import Normalised, has_words, normalise, remap
from rasid.records import Actor, Article, ArticleResult, Failure, PlaceMention, Statement
from rasid.triage import Triage
from rasid.triage import enabled as triage_enabled

_PLACE_LABELS = ("GPE", "LOC", "FAC")
_BRAND_LABELS = ("ORG", "PRODUCT")
_COUNTRY_LABELS = ("GPE", "NORP", "LOC", "FAC")


class Extractor:
    """Holds the NLP pipeline and knowledge; turns articles into results.

    Dependencies are passed in (or default to the shipped ones), so tests can
    use a small lexicon or another spaCy pipeline.  ``triage`` blanks the
    sentences that cannot matter before the parse (``rasid.triage``); None
    reads ``RASID_TRIAGE``.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        lexicon: EventLexicon | None = None,
        actors: ActorDictionary | None = None,
        geocoder: Geocoder | None = None,
        speech: SpeechKnowledge | None = None,
        triage: bool | None = None,
    ):
        self.nlp = nlp or nlp_mod.load()
        self.lexicon = lexicon or default_lexicon()
        self.actors = actors or default_dictionary()
        self.geocoder = geocoder or default_geocoder()
        self.speech = speech or default_speech()
        self.triage = (
            Triage.for_pipeline(self.nlp, self.lexicon, self.speech)
            if triage_enabled(triage)
            else None
        )

    def __call__(self, article: Article) -> ArticleResult:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
        """Results in input order; articles that cannot be parsed get an error result."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: Sequence[Article]) -> Iterator[ArticleResult]:
        norms = [normalise(a.text if isinstance(a.text, str) else "") for a in batch]
        refusals = [_refusal(a, n.text) for a, n in zip(batch, norms, strict=True)]
        # a long text is coded in sections, a page of datelined stories story by story
        parts = [
            sections(n.text, SECTION_CHARS) if len(n.text) > SECTION_CHARS else stories(n.text)
            for n in norms
        ]
        ready = [
            (a, n.text)
            for a, n, r, p in zip(batch, norms, refusals, parts, strict=True)
            if r is None and not p
        ]
        docs = self._parse(ready)
        for article, norm, refusal, bounds in zip(batch, norms, refusals, parts, strict=True):
            if refusal is not None:
                yield ArticleResult(article=article, errors=(refusal,))
                continue
            try:
                if bounds:
                    yield self._in_sections(article, norm, bounds)
                    continue
                doc = docs.get(id(article))
                if isinstance(doc, BaseException):
                    raise doc
                # offsets into the normalised text are moved back onto the article's own
                yield remap(self.from_doc(article, doc), norm, article.text)
            except Exception as exc:  # noqa: BLE001 - the article boundary: anything an article raises
                # is that article's failure, with its reason; the rest of the batch goes on
                failure = Failure(
                    article.origin or article.id,
                    errors.EXTRACTION_FAILED,
                    f"extraction failed on this article ({type(exc).__name__}: {exc})",
                )
                yield ArticleResult(article=article, errors=(failure,))

    def _in_sections(
        self, article: Article, norm: Normalised, bounds: Sequence[tuple[int, int]]
    ) -> ArticleResult:
        """A text longer than any news report (a dump, a book, a feed pasted whole) is
        coded section by section: time and memory grow with its length, not with its
        square. An incident told across two sections may come out as two events.  A
        page of stories, each with its own dateline, is coded story by story."""
        parts = []
        for k, (start, end) in enumerate(bounds):
            text = norm.text[start:end]
            # each section's offsets lead, through the normalised text, to the given one
            index = norm.index[start : end + 1] if norm.index else tuple(range(start, end + 1))
            part = replace(article, id=f"{article.id}~{k}", text=text)
            result = self.from_doc(part, self.parse(text))
            parts.append(remap(result, Normalised(text, index), article.text))
        return ArticleResult(
            article=article,
            events=tuple(e for p in parts for e in p.events),
            mentions=tuple(e for p in parts for e in p.mentions),
            statements=tuple(s for p in parts for s in p.statements),
            figures=tuple(f for p in parts for f in p.figures),
            claims=tuple(c for p in parts for c in p.claims),
        )

    def _parse(self, ready: Sequence[tuple[Article, str]]) -> dict[int, Doc | BaseException]:
        """Parse the batch in one pass; if one text breaks the pass, parse each alone so
        only that article fails."""
        try:
            parsed = list(self.parse_many([t for _, t in ready]))
            return {id(a): doc for (a, _), doc in zip(ready, parsed, strict=True)}
        except Exception:  # noqa: BLE001 - which article broke the pass is found below
            out: dict[int, Doc | BaseException] = {}
            for article, text in ready:
                try:
                    out[id(article)] = self.parse(text)
                except Exception as exc:  # noqa: BLE001 - reported as the article's failure
                    out[id(article)] = exc
            return out

    def parse(self, text: str) -> Doc:
        """The parsed doc of ``text``, as ``from_doc`` expects it."""
        return next(iter(self.parse_many([text])))

    def parse_many(self, texts: Sequence[str]) -> Iterator[Doc]:
        """Parsed docs of ``texts`` in one pass; with triage, the sentences that cannot
        matter are blanked for the parse, and the rules read each text as given."""
        if self.triage is None:
            for doc, text in zip(self.nlp.pipe(texts), texts, strict=True):
                keep_text(doc, text)
                yield doc
            return
        inputs: list[str | Doc] = []
        for text in texts:
            blanked, spans = self.triage.blank(text)
            if spans:
                doc = self.nlp.make_doc(blanked)
                doc.user_data[nlp_mod.BLANKED] = spans
                inputs.append(doc)
            else:
                inputs.append(text)
        for doc, text in zip(self.nlp.pipe(inputs), texts, strict=True):
            keep_text(doc, text)
            yield doc

    def from_doc(self, article: Article, doc: Doc) -> ArticleResult:
        """Extract from an already parsed doc of ``article.text``."""
        datelines = doc_datelines(doc)
        published = article.published or next((d.date for d in datelines if d.date), None)
        country, actors, resolved = self._ground(doc, datelines)
        filed_at = next((p for p in resolved if inside(p.start, datelines[:1])), None)
        if filed_at is not None and filed_at.name.isupper():
            filed_at = replace(filed_at, name=filed_at.name.title())  # "BASRA -" -> Basra
        places = tuple(
            p
            for p in resolved
            if not inside(p.start, datelines)
            # "Daesh" tagged as a place is the group, not a place
            and not any(a.type and a.start <= p.start < a.end for a in actors)
        )
        ctx = Context(
            article_id=article.id,
            published=published,
            lexicon=self.lexicon,
            actors=tuple(actors),
            dates=tuple(d for d in find_dates(doc, published) if not inside(d.start, datelines)),
            places=places,
            lookup=functools.partial(self.actors.lookup, country=country),
            filed_at=filed_at if filed_at is not None and filed_at.kind != "country" else None,
        )
        events, mentions, figures = extract_events(doc, ctx)
        statements = _past_datelines(extract_statements(doc, actors, self.speech), datelines)
        events = from_statements(events, statements)
        mentions = from_statements(mentions, statements)
        return ArticleResult(
            article=article,
            events=tuple(events),
            mentions=tuple(mentions),
            statements=tuple(statements),
            figures=tuple(attribute_figures(figures, statements)),
            claims=tuple(find_claims(doc, statements, events, actors, self.speech)),
        )

    def statements(self, doc: Doc) -> list[Statement]:
        """The statements of a parsed doc alone, found as ``from_doc`` finds them."""
        datelines = doc_datelines(doc)
        _, actors, _ = self._ground(doc, datelines)
        return _past_datelines(extract_statements(doc, actors, self.speech), datelines)

    def _ground(
        self, doc: Doc, datelines: Sequence[Dateline]
    ) -> tuple[str | None, list[Actor], list[PlaceMention]]:
        """The article's main country, its actors and its resolved places.

        Actors in datelines ("BAGHDAD (Reuters) -") are outlets, not sides.  A
        name spaCy tagged as an organisation that the gazetteer knows as a
        place and the actor dictionary does not know ("Nayef Khalaf, mayor of
        Sinjar") is the place.
        """
        text = doc_text(doc)
        ents = entities(doc)
        # The small model tags a country LOC or FAC often enough ("in northern
        # Burkina Faso"); only names in the country table vote.
        country = main_country([e.text for e in ents if e.label_ in _COUNTRY_LABELS])
        mentions = [(e.text, e.start_char, e.end_char) for e in ents if e.label_ in _PLACE_LABELS]
        # The dateline's town is resolved in the same pass (one scan of the text)
        # and kept apart: where the report was filed, not a place the text names.
        mentions += [(d.place, d.start, d.start + len(d.place)) for d in datelines[:1]]
        people = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        brands = [(e.start_char, e.end_char) for e in ents if e.label_ in _BRAND_LABELS]
        resolved = self.geocoder.resolve(
            text, mentions, country_hint=country, people=people, brands=brands
        )
        # Generic forces ("police said") belong to the country the report's towns
        # and provinces are in; the countries it names may be foreign actors
        # ("the U.S. military said" in a report from Mogadishu).
        guess = country
        local = _most_common(p.country for p in resolved if p.kind != "country")
        country = local or guess or _most_common(p.country for p in resolved)
        found = self.actors.find(doc, country=country)
        # A "place" inside an actor's name ("al-Shabab" read as Shabab in Iran) does
        # not vote: when it swung the vote, the actors are read again.
        named = [(a.start, a.end) for a in found if a.type is not None]
        places = [p for p in resolved if not any(s <= p.start < e for s, e in named)]
        local = _most_common(p.country for p in places if p.kind != "country")
        fixed = local or guess or _most_common(p.country for p in places)
        if fixed != country:
            country, resolved = fixed, places
            found = self.actors.find(doc, country=country)
        spans = {(p.start, p.end) for p in resolved}
        actors = [
            a
            for a in found
            if not inside(a.start, datelines)
            and (a.type is not None or (a.start, a.end) not in spans)
        ]
        return country, actors, resolved


def _most_common(values: Iterable[str | None]) -> str | None:
    votes = Counter(v for v in values if v)
    return votes.most_common(1)[0][0] if votes else None


def _past_datelines(
    statements: Sequence[Statement], datelines: Sequence[Dateline]
) -> list[Statement]:
    """ "GUSAU, Nigeria (Reuters) - Gunmen killed nine, police said": what the
    police said starts after the dateline, which is the outlet's."""
    out = []
    for s in statements:
        line = next((d for d in datelines if d.start <= s.start < d.end), None)
        if line is not None and line.end < s.end:
            cut = line.end - s.start
            s = replace(s, quote=s.quote[cut:], start=line.end)
        out.append(s)
    return out


# Texts longer than this are coded in sections of about this size. The longest report
# of the development files (a PolNeAR article) has 27,990 characters; coding cost grows
# faster than length (every mention is compared with the incidents before it), and a
# 900,000-character dump took most of an hour whole.
SECTION_CHARS = 30_000


def sections(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive sections of ``text`` of at most about ``size``
    characters, cut at a paragraph break, else a sentence end, else a space."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < size // 2:
            cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < size // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else size)
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _refusal(article: Article, text: str) -> Failure | None:
    """Articles Rasid will not code, with the reason (``text``: the normalised text)."""
    name = article.origin or article.id
    if not has_words(text):
        return Failure(
            name,
            errors.EMPTY,
            "the article has no text (nothing but spaces or invisible characters); "
            "expected some English text",
        )
    if len(article.text) > nlp_mod.MAX_CHARS:
        return Failure(
            name,
            errors.TOO_LARGE,
            f"the article has {len(article.text):,} characters; at most {nlp_mod.MAX_CHARS:,} are coded",
        )
    if article.language and article.language != "en":
        return Failure(
            name,
            errors.UNSUPPORTED_LANGUAGE,
            f"the article looks like language {article.language!r}; Rasid codes English text only",
        )
    return None


def default_extractor(triage: bool | None = None) -> Extractor:
    """The process's extractor with the shipped models; ``triage`` None reads
    ``RASID_TRIAGE``."""
    return _shipped_extractor(triage_enabled(triage))


@functools.lru_cache(maxsize=2)
def _shipped_extractor(triage: bool) -> Extractor:
    return Extractor(triage=triage)


def extract(article: Article) -> ArticleResult:
    """Extract events from one article with the shipped models and knowledge."""
    return default_extractor()(article)


# How often a worker checks that the process that started it still lives (seconds).
_PARENT_CHECK_S = 1.0


def _end_with_parent(parent: int) -> None:
    """A worker process ends when its parent does (a ``kill -9`` of ``rasid ingest -p 2``
    must not leave workers of several hundred MB running forever): Linux is asked to
    signal the worker at once; elsewhere a thread notices within a second."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the signal was asked for

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="rasid-parent-watch", daemon=True).start()


def _worker_batch(batch: list[Article], triage: bool | None = None) -> list[ArticleResult]:
    return list(default_extractor(triage).pipe(batch))


def extract_many(
    articles: Iterable[Article],
    *,
    processes: int = 1,
    batch_size: int = 32,
    triage: bool | None = None,
) -> Iterator[ArticleResult]:
    """Extract from many articles, in order, optionally over several processes.

    Worker processes are forked after the models are loaded, so they share the
    loaded pipeline's memory and start at once.  ``triage`` None reads
    ``RASID_TRIAGE`` (see ``rasid.triage``).
    """
    triage = triage_enabled(triage)
    if processes <= 1:
        yield from default_extractor(triage).pipe(articles, batch_size=batch_size)
        return
    default_extractor(triage)
    ctx = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(
        max_workers=processes,
        mp_context=ctx,
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: list[cf.Future] = []
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                pending.append(pool.submit(_worker_batch, batch, triage))
                batch = []
                while len(pending) > processes * 2:
                    yield from pending.pop(0).result()
        if batch:
            pending.append(pool.submit(_worker_batch, batch, triage))
        for fut in pending:
            yield from fut.result()
