"""Place-name normalisation: one key for the many ways news spells a place.

Arabic and Kurdish names reach English news through a dozen transliteration
habits ("Al-Rutba", "Ar Rutbah", "Rutba"; "Fallujah", "Falluja", "Fallouja";
"Sulaymaniyah", "Sulaimaniya").  Matching them by exact string would measure
spelling, not geography, so every name is reduced to two keys:

* ``key``: case, diacritics, apostrophes, hyphens, Arabic articles and unit
  words ("province", "district", "qada") removed -- safe for any lookup;
* ``loose_key``: ``key`` plus the generic transliteration folds (ou->u, q->k,
  y->i, doubled letters, a final -ah -> -a); it merges more spellings and a few
  unrelated names, so the resolver trusts it less.

Unit words are stripped for matching but reported by ``kind_hint`` because
"Kirkuk province" and "Kirkuk city" are different answers.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Arabic article forms that lead or sit inside transliterated names.
_ARTICLE_WORDS = "al el ar as ash ad at an az ath adh ul aj"  # "Aj Jazirah" (Sudan)
ARTICLES = frozenset(_ARTICLE_WORDS.split())

# Unit words -> the kind they ask for.  Stripped from keys, kept as a hint.
UNIT_WORDS: dict[str, str] = {
    "province": "admin1",
    "provinces": "admin1",
    "governorate": "admin1",
    "governorates": "admin1",
    "governate": "admin1",
    "muhafazat": "admin1",
    "muhafazah": "admin1",
    "muhafaza": "admin1",
    "district": "district",
    "districts": "district",
    # Nigeria's local government areas: "Gwoza LGA", "Bama LGA"
    "lga": "district",
    "lgas": "district",
    "qada": "district",
    "qadaa": "district",
    "qadha": "district",
    "nahiyat": "district",
    "nahiyah": "district",
    "nahiya": "district",
    "subdistrict": "district",
    "town": "town",
    "city": "town",
    "village": "town",
    "madinat": "town",
    "qaryat": "town",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "quarter": "neighbourhood",
}

# Feature words stay in keys ("Hamrin Mountains") but say what kind of place it is.
FEATURE_WORDS: dict[str, str] = {
    "mountains": "mountain",
    "mountain": "mountain",
    "mount": "mountain",
    "mt": "mountain",
    "jabal": "mountain",
    "jebel": "mountain",
    "range": "mountain",
    "desert": "desert",
    "valley": "valley",
    "wadi": "valley",
    "river": "river",
    "lake": "lake",
    "dam": "dam",
    "border": "border",
    "region": "region",
    "area": "region",
    "plains": "region",
    "plain": "region",
}

_DIRECTION_WORDS = """north northern south southern east eastern west western central northeast
    northeastern northwest northwestern southeast southeastern southwest southwestern"""
DIRECTIONS = frozenset(_DIRECTION_WORDS.split())

# Common English words that are also place names somewhere ("Hit" in Anbar, "Surprise"
# in Arizona).  In text they count as places only after a location cue.
_COMMON_WORDS = """
    a about above across after again against all also am an and any are around as at attack
    attacks back bad bath be because been before being below best between big black blast
    blue bomb bombs border both bring but by call camp can capital care center centre change
    chief city clash clashes clean close come cross day dead death deaths deal dear do does
    down early east end even ever fall far fell few field fight fighting fire first for force
    forces free from front full gate general get give go gold good grand great green ground
    guard had hand has have he heart help her here high hill him his hit hits hold home hope
    hot how i if in independence into is it its just key kill killed kills land last late
    latest law lead leader left less liberty life like line little long lost low made main make
    man many march market may me mission mobile more most much must my near new news next nice
    night no none north not now of off oil old on once one only open or orange order other our
    out over own park part peace plain plains police port post power press prime rain range
    reading real rebel red rest right ring river road rock round run safe said saint say says
    sea second security see shot side since small so some south split spring square star
    start state states still stone strike strikes such summit sun sunday surprise table take
    tall talk talks than that the their them then there these they this those three through
    time to today top toll town trade truth two under union unity up update us use valley very
    victoria victory view wall war was water way we wednesday well west what when where which
    while white who why will win with world year yes you young
    house palace hall street bridge airport station hospital university college school church
    mosque base office embassy middle upper lower sector zone division brigade battalion corps
    national federal royal public international republic democratic popular
    secretary minister president governor senator mayor commander colonel major captain
    sergeant agent director chairman ambassador spokesman officer
    commissioner inspector superintendent sheriff marshal deputy premier chancellor judge
    """
COMMON_WORDS = frozenset(_COMMON_WORDS.split())

# Words that are never a place in English news, whatever a gazetteer says: numbers,
# religious and ethnic adjectives ("Sunni" is a village name somewhere), months, days.
_NOT_PLACES = """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands dozen dozens
    sunni sunnis shia shiite shiites shiia muslim muslims islamic islam christian
    christians kurd kurds kurdish arab arabs arabic turkmen yazidi yazidis assyrian druze
    alawite alawites jihadist jihadists militant militants tribal tribe tribes
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    ramadan eid ashura muharram arbaeen christmas easter turk
    """
NOT_PLACES = frozenset(_NOT_PLACES.split())

# Given names that are also village names; in text they need a location cue.
_PERSON_NAMES = """
    abbas abdul abdullah abu adnan ahmad ahmed ali amin amir ammar anwar ayad bashar faisal
    fadhil hadi haidar haider hamid hamza hassan hussein hussain ibrahim ismail jaafar jabbar
    jamal jassim kamal karim khaled khalid mahdi mahmoud majid masoud mohammed mohammad
    muhammad mustafa nasser nouri omar osama qasim qassim rashid saad saddam salah salim
    sami talal tariq umar usama yasin yousef yusuf zaid
    sadr sistani maliki abadi barzani talabani allawi hakim baghdadi zarqawi
    """
PERSON_NAMES = frozenset(_PERSON_NAMES.split())

_QUOTES = re.compile(r"['’‘ʼʻʿʾ`´ʹ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_POSSESSIVE = re.compile(r"(?i)['’]s\b")
_SPECIAL = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss"}
)
_DOUBLE = re.compile(r"([a-z])\1+")
# Generic transliteration folds, applied in order to each word of a strict key.
_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("dh", "d"),
    ("q", "k"),
    ("y", "i"),
)
MAX_NAME_CHARS = 200  # longer strings are not place names; never fold megabytes


@functools.lru_cache(maxsize=65536)  # the same words recur across a batch
def fold(text: str) -> str:
    """Lower-case ASCII words: no diacritics, apostrophes or punctuation.

    "Ba‘qūbah" -> "baqubah", "Al-Rutba" -> "al rutba", "Iraq's" -> "iraq".
    """
    if not isinstance(text, str):
        return ""
    text = _POSSESSIVE.sub("", text[:MAX_NAME_CHARS])
    if text.isascii():
        # nothing to decompose, no diacritic to drop (the resolver folds a hundred
        # thousand capitalised runs a batch, nearly all of them ASCII)
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _QUOTES.sub("", plain)
    return _NON_ALNUM.sub(" ", plain).strip()


def _words(text: str) -> list[str]:
    words = fold(text).split()
    # "al" at the very start or inside: "Jurf al-Sakhar" and "Jurf as Sakhr" agree.
    kept = [w for w in words if w not in ARTICLES]
    return kept if kept else words


def split_units(text: str) -> tuple[list[str], str | None]:
    """Words without unit words, and the kind the unit words asked for."""
    words, hint = _split_units(text)
    return list(words), hint


@functools.lru_cache(maxsize=65536)
def _split_units(text: str) -> tuple[tuple[str, ...], str | None]:
    words = _words(text)
    hint = None
    kept = []
    for w in words:
        if w in UNIT_WORDS:
            hint = hint or UNIT_WORDS[w]
        else:
            kept.append(w)
    if not kept:  # "District" alone is a word, not a place
        return (), hint
    if hint is None:
        hint = next((FEATURE_WORDS[w] for w in kept if w in FEATURE_WORDS), None)
    return tuple(kept), hint


@functools.lru_cache(maxsize=65536)  # the same words recur across a batch
def key(text: str) -> str:
    """The strict matching key: "Ar Ramadi" -> "ramadi", "Anbar province" -> "anbar"."""
    words, _ = split_units(text)
    return " ".join(words)


def kind_hint(text: str) -> str | None:
    """The kind a unit or feature word in the name asks for ("Kirkuk province" -> admin1)."""
    return split_units(text)[1]


@functools.lru_cache(maxsize=65536)  # a text's words recur in many n-grams
def _loose_word(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 3 and word.endswith(("ah", "eh")):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=65536)  # the same words recur across a batch
def loose_key(text: str) -> str:
    """The transliteration-insensitive key: "Fallouja" and "Fallujah" -> "faluja"."""
    return "".join(_loose_word(w) for w in key(text).split())


def strip_possessive(text: str) -> str:
    """ "Iraq's" -> "Iraq"; the place is the owner, not the phrase."""
    return _POSSESSIVE.sub("", text)


def is_common_word(text: str) -> bool:
    """True for names made only of everyday English words or given names ("Eighty-four")."""
    words = [w for w in fold(text).split() if w not in ARTICLES]
    return bool(words) and all(w in COMMON_WORDS or w in PERSON_NAMES for w in words)


def is_not_place(text: str) -> bool:
    """True for names made only of numbers, group adjectives, months, holidays, or
    of unit and feature words alone ("Wadi", "Province")."""
    words = [w for w in fold(text).split() if w not in ARTICLES]
    if not words:
        return True
    if all(w in UNIT_WORDS or w in FEATURE_WORDS for w in words):
        return True
    return all(w in NOT_PLACES for w in words)


def is_latin(text: str) -> bool:
    """True when a name is written in Latin letters (English news can contain it)."""
    for ch in text:
        if ch.isalpha() and not (ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00):
            return False
    return any(ch.isalpha() for ch in text)
