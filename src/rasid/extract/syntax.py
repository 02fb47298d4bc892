"""Small questions asked of the parse: a token's determiner, its clause, a headline."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def determiner(tok: Token) -> str | None:
    return next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None)


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def clause_verb(tok: Token) -> Token:
    """The verb of the token's clause; an auxiliary stands for the verb it helps
    ("had earlier on Wednesday fired": the parser hangs the date on "had")."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ in ("aux", "auxpass") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def under(tok: Token | None, ancestor: Token) -> bool:
    return tok is not None and (
        tok.i == ancestor.i or any(a.i == ancestor.i for a in tok.ancestors)
    )


_HEADLINES = "rasid.headlines"


def headline(sent: Span) -> bool:
    """A short sentence with no final stop: a headline or a heading.  Asked of each
    sentence many times (once per trigger, role and place rule), so remembered on
    the doc."""
    known = sent.doc.user_data.setdefault(_HEADLINES, {})
    key = (sent.start, sent.end)
    found = known.get(key)
    if found is None:
        text = sent.text.strip()
        found = known[key] = len(sent) <= 30 and not text.endswith((".", "?", "!", ":", '"', "”"))
    return found


def prep_object(tok: Token, preps: set[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


_TAG_BREAKS = frozenset({"-", "–", "—", ":"})


# Verbs whose "to death" is a court's word, not a killing: "sentenced to death".
_SENTENCING = frozenset({"sentence", "condemn"})


def killed_by(tok: Token) -> Token | None:
    """The verb of "beat a shopkeeper to death", "stoned a woman to death", when
    ``tok`` is its "death"; None for a court's "sentenced to death"."""
    if tok.lower_ != "death" or tok.dep_ != "pobj" or tok.head.lower_ != "to":
        return None
    verb = tok.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _SENTENCING:
        return None
    return verb


def headline_source(sent: Span) -> Span | None:
    """A headline's leading source tag: "Police: 36 killed as inmates escape".  Up to
    three nouns before a colon near the start."""
    if not headline(sent):
        return None
    words = [t for t in sent[:5] if not t.is_space]
    colon = next((i for i, t in enumerate(words) if t.text == ":"), None)
    if not colon or not all(t.pos_ in ("NOUN", "PROPN", "CCONJ") for t in words[:colon]):
        return None
    return sent.doc[words[0].i : words[colon - 1].i + 1]


def headline_tag(sent: Span) -> Span | None:
    """A headline's trailing source tag: "Car bomb kills 12, wounds 30 - police",
    "Toll reaches 30: officials".  Up to six words after the last spaced dash or
    colon, with a noun and no verb of their own."""
    if not headline(sent):
        return None
    doc = sent.doc
    for tok in reversed(sent):
        if tok.text not in _TAG_BREAKS:
            continue
        if tok.text != ":" and not (tok.whitespace_ and tok.i > 0 and doc[tok.i - 1].whitespace_):
            continue  # "Sadr-City", "pro-government": a hyphen, not a break
        words = [t for t in doc[tok.i + 1 : sent.end] if not t.is_space]
        # "...: Islamic State's rural fight" is a feature's title, not a source
        if (
            0 < len(words) <= 6
            and any(t.pos_ in ("NOUN", "PROPN") for t in words)
            and not any(t.pos_ == "VERB" or t.tag_ == "POS" for t in words)
        ):
            return doc[words[0].i : words[-1].i + 1]
        return None
    return None


_ACCUSING = {"accuse", "suspect", "blame", "charge", "convict", "responsible"}


def accusation(tok: Token) -> Token | None:
    """The word that blames someone for the act ``tok`` ("accused" in "soldiers were
    accused of killing", "a group accused soldiers of killing", "blamed for killing",
    "accuses the army of the Karma massacre")."""
    prep = tok.head
    if tok.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("of", "for", "with"):
        return None
    if prep.head.lemma_.lower() in _ACCUSING:
        return prep.head
    held = prep.head  # "accuses [the army of the massacre]": the parser hung it on the army
    if held.dep_ == "dobj" and held.head.lemma_.lower() in _ACCUSING:
        return held.head
    return None


def accused(tok: Token) -> Token | None:
    """Who is blamed for the act ``tok``: the accused, not the accuser."""
    verb = accusation(tok)
    if verb is None:
        return None
    if tok.head.head.i != verb.i:
        return tok.head.head  # "accuses the army of the massacre"
    kids = list(verb.children)
    roles = ("nsubj",) if verb.lemma_.lower() == "responsible" else ("dobj", "nsubjpass")
    if not any(c.dep_ == "dobj" for c in kids) and verb.tag_ == "VBN":
        roles += ("nsubj",)  # a headline's "Burkina soldiers accused of killing 156"
    # the last such word: a dateline before it ("KARMA (Wire) - Soldiers were accused")
    # is sometimes hung on the verb too
    return next((c for c in reversed(kids) if c.dep_ in roles and c.i < tok.i), None)
