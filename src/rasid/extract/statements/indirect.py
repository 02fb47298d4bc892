"""Indirect speech: what a verb of saying, believing, stance or intention
attributes to its subject ("X confirmed that ...", "X told Al-Hurra that ...",
"..., saying that ...", "X believes that ...", "X plans to ..."), what an
adjective of belief or attitude holds ("X was confident that ..."), and
"according to X, ..."."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from rasid.extract.doccache import doc_text, entities, sent_of
from rasid.extract.statements.drafts import CUE_POS, Draft, is_cue, outlet_of, trim
from rasid.extract.statements.quotes import QuoteSpan
from rasid.extract.statements.speakers import ISSUED, mention_from, subject_of
from rasid.knowledge.speech import SpeechKnowledge
from rasid.records import Actor

_TOPIC_PREPS = {"about", "for", "of", "on", "against", "over"}
_SOURCE_NOUNS = {"announcement", "statement", "report", "data", "figure", "account", "estimate",
                 "tally", "count", "toll", "survey", "study", "analysis", "assessment"}  # fmt: skip


def indirect_drafts(
    doc: Doc, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> list[Draft]:
    out: list[Draft] = []
    words = speech.all_cue_words
    for tok in doc:
        if tok.i in in_quote or tok.lemma_.lower() not in words and tok.lower_ != "according":
            continue  # one set lookup rules out nearly every token
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and tok.nbor(1).lower_ == "to":
            draft = _according(tok, actors, speech)
            if draft is not None:
                out.append(draft)
            continue
        if tok.pos_ == "NOUN":
            draft = _owned_statement(tok, actors, speech, in_quote)
            if draft is not None:
                out.append(draft)
            continue
        if tok.pos_ == "ADJ":
            draft = _attitude(tok, actors, speech, in_quote)
            if draft is not None:
                out.append(draft)
            continue
        if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
            continue  # "without naming the place": nothing was said
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            continue  # "its soldier named Mahdi Hamed", "a group called X": a name, not speech
        if tok.lemma_.lower() in _SILENCE and _negated(tok):
            continue  # "did not immediately comment on the report": nothing was said
        comp = _complement(tok, speech)
        if comp is None:
            draft = _colon_content(tok, actors, speech, in_quote)
            if draft is None:
                draft = _parenthetical(tok, actors, speech, in_quote)
            if draft is not None:
                out.append(draft)
            continue
        content = trim(comp)
        if content is None or len(content) < 2 or all(t.i in in_quote for t in content):
            continue
        if _negated(tok) and content[0].lower_ in _OPEN_QUESTION:
            continue  # "It did not say who was behind the strike": nothing was said
        subject_tokens = subject_of(tok)
        if content.end <= tok.i:
            if not _reported_after(content, tok, subject_tokens):
                continue
            # "killed nine farmers ..., on Wednesday, a local leader told X": the
            # parser hung the date on the cue; it belongs to what was told
            adjunct = _adjuncts_before(content, tok)
            if adjunct is not None:
                content = doc[content.start : adjunct + 1]
        subject = mention_from(subject_tokens, doc, actors, speech)
        if subject is None or (
            subject.kind == "nominal" and tok.lemma_.lower() in speech.raising_verbs
        ):
            continue  # "the bomb appeared to target ...": a thing holds no view
        out.append(
            Draft(content.start_char, content.end_char, "indirect", tok, subject, outlet_of(tok))
        )
    out.extend(_headline_colons(doc, actors, speech, in_quote))
    return _attach_outlets(doc, out, speech)


def _complement(verb: Token, speech: SpeechKnowledge) -> Span | None:
    """What a verb attributes to its subject: the clause of a reporting or belief
    verb, the object of a verb of stance, the 'to ...' of a verb of intention."""
    if verb.pos_ not in CUE_POS:
        return None
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if is_cue(verb, speech):
        comp = next((c for c in children if c.dep_ == "ccomp"), None)
        if comp is not None:
            return _with_trailers(verb, comp)
        stated = _clause_after_medium(verb)
        if stated is not None:
            return stated
        addressee = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
        if addressee is not None:
            # "asked the network to donate ...", "told Bush to quiet down":
            # who was asked and what they were asked to do
            wanted = next((c for c in children if c.i > addressee.i and _infinitive(c)), None)
            if wanted is not None:
                return verb.doc[addressee.left_edge.i : wanted.right_edge.i + 1]
        if lemma in _QUESTION_VERBS:
            # "asked the students if they were serious", "wondered whether ..."
            asked = next(
                (
                    c
                    for c in children
                    if c.dep_ == "advcl" and c.i > verb.i and _QUESTION_MARKS & _marks(c)
                ),
                None,
            )
            if asked is not None:
                return _subtree(asked)
    if lemma in speech.intention_verbs:
        comp = next((c for c in children if c.pos_ == "VERB" and _infinitive(c)), None)
        if comp is not None:
            return _subtree(comp)
    if lemma in speech.attitude_verbs:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        predicate = next((c for c in children if c.dep_ == "oprd"), None)
        if obj is not None and predicate is not None:
            # "called him a liar", "described the attack as cowardly": both parts
            return verb.doc[obj.left_edge.i : predicate.right_edge.i + 1]
        if obj is not None and obj.pos_ in ("NOUN", "PROPN") and not _bare_medium(verb, obj):
            return _with_trailers(verb, obj)
    if lemma in speech.cue_verbs or lemma in speech.attitude_verbs:
        # "talked about the deal", "called for a ceasefire", "warned against it"
        for prep in children:
            if prep.dep_ == "prep" and prep.lower_ in _TOPIC_PREPS:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return _subtree(obj)
    return None


# What words come in, not what they say: "issued a statement", "released a report".
_MEDIA = ISSUED | {"report", "bulletin", "declaration", "video", "message", "letter", "tweet",
                   "post"}  # fmt: skip
_DESCRIBING = {"det", "amod", "compound", "poss", "nummod", "case", "punct"}


_ISSUING = {"issue", "release", "publish", "post", "put", "send", "deliver", "circulate", "tweet"}


def _bare_medium(verb: Token, obj: Token) -> bool:
    """'issued a statement' says nothing yet, unlike 'issued a statement on the
    raid' or 'denied the reports' (a stance on them)."""
    return (
        verb.lemma_.lower() in _ISSUING
        and obj.lemma_.lower() in _MEDIA
        and all(c.dep_ in _DESCRIBING for c in obj.children)
    )


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


# What a negated verb of saying left open: "did not say who / whether / how ...".
_OPEN_QUESTION = {"who", "what", "which", "whether", "if", "how", "when", "where", "why"}

# Verbs that, negated, mean no statement was made ("did not comment", "did not respond").
_SILENCE = {"comment", "respond", "reply", "answer", "speak", "talk", "elaborate", "specify"}

_QUESTION_VERBS = {"ask", "wonder", "question", "inquire", "enquire"}
_QUESTION_MARKS = {"if", "whether"}


def _clause_after_medium(verb: Token) -> Span | None:
    """'said in a statement that the area was cleared': the parser may hang the
    'that' clause on the statement rather than on the verb."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for medium in prep.children:
            if medium.dep_ != "pobj":
                continue
            clause = next(
                (c for c in medium.children if c.dep_ in ("acl", "ccomp") and "that" in _marks(c)),
                None,
            )
            if clause is not None:
                return _subtree(clause)
    return None


def _infinitive(tok: Token) -> bool:
    return tok.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _marks(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "mark"}


_ATTITUDE_PREPS = {"about", "of", "over", "with", "by", "on", "to"}


def _attitude(
    adj: Token, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> Draft | None:
    """ "Officials were confident that the road was safe", "she is opposed to
    the deal": what a belief or attitude adjective after "be" holds."""
    if adj.lemma_.lower() not in speech.attitude_adjectives or adj.dep_ != "acomp":
        return None
    # A clause ("sure that ..."), not an infinitive: "is certain to remain" is no belief.
    comp = next((c for c in adj.children if c.dep_ == "ccomp" and c.i > adj.i), None)
    if comp is None:
        prep = next(
            (c for c in adj.children if c.dep_ == "prep" and c.lower_ in _ATTITUDE_PREPS), None
        )
        comp = (
            next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep else None
        )
    if comp is None:
        return None
    content = trim(_subtree(comp))
    if content is None or len(content) < 2 or all(t.i in in_quote for t in content):
        return None
    subject = mention_from(subject_of(adj.head), adj.doc, actors, speech)
    if subject is None:
        return None
    return Draft(
        content.start_char, content.end_char, "indirect", adj, subject, outlet_of(adj.head)
    )


def _subtree(tok: Token) -> Span:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1]


# Dependents after the complement that still belong to what was said:
# "criticized Rubio [for opposing ...]", "say they expect X[, just as they did ...]".
_TRAILERS = ("prep", "advcl", "npadvmod", "advmod", "dative", "oprd", "xcomp", "conj")
_REASONS = {"for", "as", "over", "of"}


def _with_trailers(verb: Token, comp: Token) -> Span:
    """The complement's subtree, stretched over the verb's later modifiers."""
    end = comp.right_edge.i
    if comp.i > verb.i:
        for child in verb.children:
            if child.i <= comp.i or child.dep_ not in _TRAILERS:
                continue
            if _infinitive(child) or (child.dep_ == "conj" and "that" in _marks(child)):
                # "urged the ministry to review ...": what the ministry is to do was said
                # too; "said X, but that Y": the second clause as well
                end = max(end, child.right_edge.i)
                continue
            if child.dep_ == "conj":
                continue  # "said X and added Y": a second statement with its own cue
            if comp.dep_ == "dobj" and not (child.dep_ == "prep" and child.lower_ in _REASONS):
                continue  # "condemned the attack on Monday": the day is not what was said
            end = max(end, child.right_edge.i)
    return verb.doc[comp.left_edge.i : end + 1]


_LINE_COLON = re.compile(r"(?m)^(?P<who>[^:\n]{2,60}?):[ \t]+(?P<what>[^\n]{8,})$")


def _headline_colons(
    doc: Doc, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> list[Draft]:
    """'John McCain: Republican Populist Anger Appeals to ...' (a headline or a
    line of a transcript): a named person or organisation, a colon, their words."""
    out = []
    text = doc_text(doc)
    # "Trump: My plans aren't set in stone" -- a label the parser did not tag
    # is still a name when the article names that person in full elsewhere.
    surnames = {e[-1].lower_ for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1}
    for m in _LINE_COLON.finditer(text):
        who = doc.char_span(m.start("who"), m.end("who"), alignment_mode="contract")
        what = doc.char_span(m.start("what"), m.end("what"), alignment_mode="contract")
        if who is None or what is None or any(t.i in in_quote for t in what[:1]):
            continue
        named = any(
            e.start == who.start and e.end == who.end and e.label_ in ("PERSON", "ORG")
            for e in entities(doc)
        ) or any(a.start == who.start_char and a.end == who.end_char and a.type for a in actors)
        named = named or (len(who) == 1 and who[0].is_title and who[0].lower_ in surnames)
        if not named or speech.is_outlet(who.text) or text[what.start_char] in '"“':
            continue  # a quotation after the colon is the direct-quote finder's
        content = trim(what)
        mention = mention_from([who.root], doc, actors, speech)
        if content is None or mention is None:
            continue
        colon = doc.char_span(m.end("who"), m.end("who") + 1, alignment_mode="expand")
        cue = colon[0] if colon is not None else None
        out.append(Draft(content.start_char, content.end_char, "indirect", cue, mention, None))
    return out


def _owned_statement(
    noun: Token, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> Draft | None:
    """'the ministry's decision to impose a curfew', 'his claim that ...',
    'Sanders' criticism of the deal': an owned noun of saying or intending."""
    if noun.lemma_.lower() not in speech.statement_nouns:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    comp = next(
        (c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in CUE_POS), None
    )
    if comp is None:
        prep = next(
            (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS | {"to"}),
            None,
        )
        comp = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if comp is None:
        return None
    content = trim(noun.doc[comp.left_edge.i : comp.right_edge.i + 1])
    if content is None or len(content) < 2 or all(t.i in in_quote for t in content):
        return None
    owners = [owner]
    if owner.tag_ == "PRP$" and noun.head.pos_ in CUE_POS and noun.dep_ == "dobj":
        # "officials expressed their concerns about ...": "their" is the subject's
        owners = subject_of(noun.head) or owners
    mention = mention_from(owners, noun.doc, actors, speech)
    if mention is None:
        return None
    return Draft(content.start_char, content.end_char, "indirect", noun, mention, None)


def _colon_content(
    cue: Token, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> Draft | None:
    """'The governor added:' followed by unquoted words: they are his, to the
    end of the paragraph."""
    doc = cue.doc
    if not is_cue(cue, speech) or cue.i + 1 >= len(doc):
        return None
    nxt = cue.i + 1
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    if nxt >= len(doc) or doc[nxt].text != ":":
        return None
    start = nxt + 1
    while start < len(doc) and (doc[start].is_space or doc[start].is_punct):
        start += 1
    if start >= len(doc) or start in in_quote or doc[start - 1].text in '"“':
        return None  # a quotation follows: the direct-quote finder has it
    text = doc_text(doc)
    begin = doc[start].idx
    para_end = text.find("\n", begin)
    end = len(text) if para_end < 0 else para_end
    content = doc.char_span(begin, end, alignment_mode="contract")
    content = trim(content) if content is not None else None
    if content is None or len(content) < 3:
        return None
    subject = mention_from(subject_of(cue), doc, actors, speech)
    if subject is None:
        return None
    return Draft(content.start_char, content.end_char, "indirect", cue, subject, outlet_of(cue))


def _parenthetical(
    cue: Token, actors: Sequence[Actor], speech: SpeechKnowledge, in_quote: dict[int, QuoteSpan]
) -> Draft | None:
    """'In his state, Christie said, offenders are sent to treatment' and
    'X happened, Obama said.': the cue clause sits inside or after what was said."""
    if not is_cue(cue, speech):  # "..., Clinton allies believe" too
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
        return None
    subject = subject_of(cue)
    lo, hi = cue.left_edge.i, cue.right_edge.i + 1
    if hi - lo > 10 or not subject:
        return None
    sent = sent_of(cue)
    before = trim(cue.doc[sent.start : lo])
    after = trim(cue.doc[hi : sent.end])
    if cue.dep_ == "parataxis" and before is not None and after is not None:
        content = trim(cue.doc[before.start : after.end])
    else:
        content = before if cue.dep_ in ("ROOT", "parataxis") and after is None else None
    if content is None or len(content) < 4 or all(t.i in in_quote for t in content):
        return None
    mention = mention_from(subject, cue.doc, actors, speech)
    if mention is None:
        return None
    return Draft(content.start_char, content.end_char, "indirect", cue, mention, outlet_of(cue))


def _reported_after(content: Span, cue: Token, subject: Sequence[Token]) -> bool:
    """'X happened, police said': only punctuation and the speaker between content and cue."""
    doc = cue.doc
    between = doc[content.end : cue.i]
    speaker = {t.i for s in subject for t in s.subtree}
    adjunct = _adjuncts_before(content, cue)
    return all(
        t.is_punct
        or t.i in speaker
        or t.pos_ in ("ADV", "AUX")
        or (adjunct is not None and t.i <= adjunct)
        for t in between
    )


def _adjuncts_before(content: Span, cue: Token) -> int | None:
    """The last token of the cue's prepositional adjuncts between the content and
    the cue ("..., on Wednesday, a local leader told"), or None."""
    ends = [
        c.right_edge.i
        for c in cue.children
        if c.dep_ in ("prep", "npadvmod") and content.end <= c.i < cue.i
    ]
    return max(ends) if ends else None


def _according(tok: Token, actors: Sequence[Actor], speech: SpeechKnowledge) -> Draft | None:
    doc = tok.doc
    to = tok.nbor(1)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    if pobj.lemma_.lower() in _SOURCE_NOUNS:
        # "according to the announcement of the CTS", "a tally by AFP": the CTS, AFP
        of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("of", "by")), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if owner is not None:
            pobj = owner
    subject = mention_from([pobj], doc, actors, speech)
    if subject is None:
        return None
    sent = sent_of(tok)
    phrase_start = tok.i
    phrase_end = max(pobj.right_edge.i, to.i) + 1
    before = trim(doc[sent.start : phrase_start])
    after = trim(doc[phrase_end : sent.end])
    content = max((s for s in (before, after) if s is not None), key=len, default=None)
    if content is None or len(content) < 3:
        return None
    outlet = subject.text if speech.is_outlet(subject.text) else None
    return Draft(content.start_char, content.end_char, "indirect", tok, subject, outlet)


def _attach_outlets(doc: Doc, drafts: list[Draft], speech: SpeechKnowledge) -> list[Draft]:
    """'According to Shafaq News, X stated that ...': the outlet goes to X's statement."""
    by_outlet = [
        d for d in drafts if d.cue is not None and d.cue.lower_ == "according" and d.outlet
    ]
    keep = [d for d in drafts if d not in by_outlet]
    for d in by_outlet:
        same = [
            k
            for k in keep
            if k.cue is not None
            and sent_of(k.cue) == sent_of(d.cue)
            and k.cue.lower_ != "according"
        ]
        if same:
            keep = [replace(k, outlet=k.outlet or d.outlet) if k in same else k for k in keep]
        else:
            keep.append(d)
    return sorted(keep, key=lambda d: d.start)
