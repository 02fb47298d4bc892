"""The actor dictionary: shipped data, normalisation, search in text, user files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from rasid.errors import KnowledgeError
from rasid.knowledge.actors import TYPES, ActorDictionary, default_dictionary
from rasid.nlp import load
from rasid.records import Article

IS_ = ("Islamic State", "rebel_group", None)
PMF = ("Popular Mobilization Forces", "political_militia", "IQ")
CTS = ("Counter-Terrorism Service", "state_forces", "IQ")
IQ_ARMY = ("Military Forces of Iraq", "state_forces", "IQ")
PESH = ("Peshmerga", "state_forces", "IQ")
HTS = ("Hayat Tahrir al-Sham", "rebel_group", "SY")
TURKEY = ("Military Forces of Turkey", "state_forces", "TR")
COALITION = ("US-led coalition", "external_forces", None)

TABLE = [
    # alias, article country, (canonical name, type, country)
    ("ISIS", None, IS_),
    ("ISIL", None, IS_),
    ("IS", None, IS_),
    ("Daesh", None, IS_),
    ("Da'esh", None, IS_),
    ("Da\u2019esh", None, IS_),
    ("Islamic State", None, IS_),
    ("the Islamic State group", None, IS_),
    ("Islamic State of Iraq and the Levant", None, IS_),
    ("jihadists of IS", None, IS_),
    ("ISIS's", None, IS_),
    ("Islamic State of Iraq", None, ("Islamic State of Iraq", "rebel_group", "IQ")),
    ("AQI", None, ("Al-Qaeda in Iraq", "rebel_group", "IQ")),
    ("al-Qaida", None, ("Al-Qaeda", "rebel_group", None)),
    ("PMF", None, PMF),
    ("PMU", None, PMF),
    ("Hashd al-Shaabi", None, PMF),
    ("Hashed al-Shaabi", None, PMF),
    ("al-Hashd al-Shaabi", None, PMF),
    ("Hashd al Shaabi", None, PMF),
    ("Popular Mobilisation Units", None, PMF),
    ("CTS", None, CTS),
    ("Golden Division", None, CTS),
    ("Iraqi counter-terrorism forces", None, CTS),
    ("Iraqi army", None, IQ_ARMY),
    ("Iraq's army", None, IQ_ARMY),
    ("the Iraqi army\u2019s", None, IQ_ARMY),
    ("ISF", None, IQ_ARMY),
    ("Iraqi security forces", None, IQ_ARMY),
    ("soldiers", "IQ", IQ_ARMY),
    ("security forces", "IQ", IQ_ARMY),
    ("soldiers", None, ("Military forces", "state_forces", None)),
    ("soldiers", "SY", ("Military Forces of Syria", "state_forces", "SY")),
    ("security forces", None, ("Security forces", "state_forces", None)),
    ("police", "IQ", ("Police Forces of Iraq", "state_forces", "IQ")),
    ("Federal Police", None, ("Police Forces of Iraq", "state_forces", "IQ")),
    ("Iraqi warplanes", None, ("Iraqi Air Force", "state_forces", "IQ")),
    ("F-16", "IQ", ("Iraqi Air Force", "state_forces", "IQ")),
    ("Peshmerga", None, PESH),
    ("Kurdish troops", None, PESH),
    ("Peshmerga fighters", None, PESH),
    ("Kurdish forces", "SY", ("Syrian Democratic Forces", "rebel_group", "SY")),
    ("PKK", None, ("Kurdistan Workers' Party", "rebel_group", "TR")),
    ("HTS", None, HTS),
    ("Nusra Front", None, HTS),
    ("Jabhat Fateh al-Sham", None, HTS),
    ("Hay\u2019at Tahrir al-Sham", None, HTS),
    ("SDF", None, ("Syrian Democratic Forces", "rebel_group", "SY")),
    ("YPG", None, ("People's Protection Units", "rebel_group", "SY")),
    ("Assad forces", None, ("Syrian Arab Army", "state_forces", "SY")),
    ("Turkish-backed factions", None, ("Syrian National Army", "rebel_group", "SY")),
    ("new Syrian authorities", None, ("Syrian transitional government", "state_forces", "SY")),
    ("Turkish forces", None, TURKEY),
    ("Turkish drones", None, TURKEY),
    ("Turkey's army", None, TURKEY),
    ("US-led coalition", None, COALITION),
    ("U.S.-led coalition", None, COALITION),
    ("international coalition", None, COALITION),
    ("CJTF-OIR", None, COALITION),
    ("U.S. forces", None, ("Military Forces of the United States", "state_forces", "US")),
    ("IRGC", None, ("Islamic Revolutionary Guard Corps", "state_forces", "IR")),
    ("IDF", None, ("Military Forces of Israel", "state_forces", "IL")),
    ("Ansar Allah", None, ("Houthis", "rebel_group", "YE")),
    ("Kata'ib Hezbollah", None, ("Kataib Hezbollah", "political_militia", "IQ")),
    ("Hezbollah", None, ("Hezbollah", "political_militia", "LB")),
    ("Asa'ib Ahl al-Haq", None, ("Asaib Ahl al-Haq", "political_militia", "IQ")),
    ("Mahdi Army", None, ("Saraya al-Salam", "political_militia", "IQ")),
    ("Sahwa", None, ("Sons of Iraq", "identity_militia", "IQ")),
    ("tribesmen", "IQ", ("Tribal militia", "identity_militia", "IQ")),
    ("unknown gunmen", "IQ", ("Unidentified armed group", "political_militia", "IQ")),
    ("unidentified gunmen", None, ("Unidentified armed group", "political_militia", None)),
    ("militants", "IQ", ("Militants", "rebel_group", None)),
    ("civilians", "IQ", ("Civilians", "civilians", "IQ")),
    ("worshippers", None, ("Civilians", "civilians", None)),
    ("Yazidis", "IQ", ("Yazidis", "civilians", "IQ")),
    ("protesters", "iq", ("Protesters", "protesters", "IQ")),
    ("Iraqi government", None, ("Government of Iraq", "state_forces", "IQ")),
    ("Security Media Cell", None, ("Iraqi Security Media Cell", "state_forces", "IQ")),
    ("INIS", None, ("Iraqi National Intelligence Service", "state_forces", "IQ")),
    ("KRG", None, ("Kurdistan Regional Government", "state_forces", "IQ")),
    ("Iraq soldiers", None, IQ_ARMY),  # headline style
    ("Qaeda gunmen", None, ("Al-Qaeda", "rebel_group", None)),
    ("U.N.", None, ("United Nations", "other", None)),
    ("Kurds", "IQ", ("Kurds", "civilians", "IQ")),
    # Nigeria's and the Sahel's unnamed gangs, as ACLED codes them
    ("armed bandits", "NG", ("Unidentified armed group", "political_militia", "NG")),
]


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return default_dictionary()


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.mark.parametrize(("alias", "country", "expected"), TABLE)
def test_lookup_table(actors, alias, country, expected):
    info = actors.lookup(alias, country=country)
    assert info is not None, alias
    assert (info.name, info.type, info.country) == expected


@pytest.mark.parametrize("text", ["is", "Is", "it is", "pmf", "Sdf", "Reuters", "", "   "])
def test_lookup_misses(actors, text):
    assert actors.lookup(text) is None


def test_shipped_file_size_and_types(actors):
    assert 200 <= len(actors) <= 300
    assert {e.type for e in actors} <= set(TYPES)
    assert actors.sources[0][1] == 1
    assert "Islamic State" in actors and actors.entry("Kataib Hezbollah").parent in actors


def test_default_dictionary_is_cached():
    assert default_dictionary() is default_dictionary()


def test_inter_codes(actors):
    assert actors.inter_code("Islamic State") == 2
    assert actors.inter_code("Civilians") == 7
    assert actors.inter_code("US-led coalition") == 8
    assert actors.inter_code("Military Forces of Iraq", country="IQ") == 1
    # A state's forces abroad are external forces, as ACLED codes them.
    assert actors.inter_code("Military Forces of Turkey", country="IQ") == 8
    assert actors.inter_code("Daesh") == 2
    assert actors.inter_code("Nobody at all") is None


def _found(actors, nlp, text, country=None):
    doc = nlp(text)
    found = actors.find(doc, country=country)
    for a in found:
        assert doc.text[a.start : a.end] == a.text
    return [(a.text, a.name) for a in found], found


def test_find_wire_sentence(actors, nlp):
    pairs, _ = _found(
        actors,
        nlp,
        "A Popular Mobilization Forces (PMF) fighter was killed when ISIS remnants attacked "
        "a Hashd al-Shaabi position in Diyala, the Security Media Cell said on Sunday.",
    )
    assert ("PMF", "Popular Mobilization Forces") in pairs
    assert ("ISIS remnants", "Islamic State") in pairs
    assert ("Hashd al-Shaabi", "Popular Mobilization Forces") in pairs
    assert ("Security Media Cell", "Iraqi Security Media Cell") in pairs


def test_find_possessives_and_longest_match(actors, nlp):
    pairs, _ = _found(
        actors,
        nlp,
        "Iraq's army and the Iraqi army's 9th division fought al-Hashd al-Shaabi rivals, "
        "while Kata\u2019ib Hezbollah said the US-led coalition struck its base.",
    )
    assert ("Iraq's army", "Military Forces of Iraq") in pairs
    assert ("Iraqi army", "Military Forces of Iraq") in pairs
    assert ("al-Hashd al-Shaabi", "Popular Mobilization Forces") in pairs
    assert ("Kata\u2019ib Hezbollah", "Kataib Hezbollah") in pairs
    assert ("US-led coalition", "US-led coalition") in pairs
    assert not any(name in ("Hezbollah", "Military forces") for _, name in pairs)


def test_find_uses_article_country(actors, nlp):
    text = "Soldiers and security forces killed three gunmen; two civilians were wounded."
    _, plain = _found(actors, nlp, text)
    _, iraq = _found(actors, nlp, text, country="IQ")
    assert [(a.name, a.country) for a in plain] == [
        ("Military forces", None),
        ("Security forces", None),
        ("Unidentified armed group", None),
        ("Civilians", None),
    ]
    assert [(a.name, a.country) for a in iraq] == [
        ("Military Forces of Iraq", "IQ"),
        ("Military Forces of Iraq", "IQ"),
        ("Unidentified armed group", "IQ"),
        ("Civilians", "IQ"),
    ]


def test_a_named_owner_country_beats_the_articles(actors, nlp):
    text = (
        "Turkey's defence ministry and the army of Syria said so; the defence ministry denied it."
    )
    _, found = _found(actors, nlp, text, country="IQ")
    before = [(a.text, a.name) for a in found if a.start < text.index(";")]
    after = [a.name for a in found if a.start > text.index(";")]
    assert "Iraqi Ministry of Defence" not in [name for _, name in before]  # Turkey's
    assert ("army", "Military Forces of Iraq") not in before  # of Syria
    assert after == ["Iraqi Ministry of Defence"]  # no owner named: the article's country


def test_find_kurdish_forces_depend_on_country(actors, nlp):
    text = "Turkish drones hit Kurdish forces near the border, the SDF said."
    _, syria = _found(actors, nlp, text, country="SY")
    _, iraq = _found(actors, nlp, text, country="IQ")
    assert [a.name for a in syria if a.text == "Kurdish forces"] == ["Syrian Democratic Forces"]
    assert [a.name for a in iraq if a.text == "Kurdish forces"] == ["Peshmerga"]


def test_the_english_word_is_is_not_islamic_state(actors, nlp):
    text = (
        "It is not clear who is responsible. Is this the work of IS? "
        "Officials said IS claimed it. WHAT IS NEXT FOR MOSUL"
    )
    pairs, found = _found(actors, nlp, text)
    assert pairs == [("IS", "Islamic State"), ("IS", "Islamic State")]
    assert [a.start for a in found] == [text.index("IS?"), text.index("IS claimed")]


def test_all_caps_text_is_not_islamic_state(actors, nlp):
    pairs, _ = _found(actors, nlp, "THERE\nIS A LIMIT TO WHAT A LEADER CAN DO. THE ARMY IS READY.")
    assert "Islamic State" not in {name for _, name in pairs}


def test_adjectival_nationality_is_not_an_actor(actors, nlp):
    pairs, _ = _found(actors, nlp, "Iraqi officials said Kurds fled the town.")
    assert ("Iraqi", "Iraqi") not in pairs
    assert ("Kurds", "Kurds") in pairs


def test_lower_case_acronym_lookalikes_do_not_match(actors, nlp):
    pairs, _ = _found(actors, nlp, "The cts and sdf files were sent; pkk is a typo.")
    names = {name for _, name in pairs}
    assert not names & {"Counter-Terrorism Service", "Syrian Democratic Forces"}


def test_generic_word_modifying_a_noun_is_not_an_actor(actors, nlp):
    pairs, _ = _found(actors, nlp, "A rocket hit an army checkpoint, police sources said.")
    assert pairs == []


def test_a_name_written_into_a_place_name_is_not_an_actor(actors, nlp):
    text = "Bandits attacked a village in Maradun Local Government Area near Government House."
    _, found = _found(actors, nlp, text)
    assert [(a.text, a.name) for a in found] == [("Bandits", "Unidentified armed group")]


def test_generic_forces_take_their_countrys_name(actors, nlp):
    text = "Nigerian troops and Malian police were deployed; a Malian army drone strike hit a camp."
    _, found = _found(actors, nlp, text)
    assert [(a.text, a.name, a.country) for a in found] == [
        ("troops", "Military Forces of Nigeria", "NG"),
        ("police", "Police Forces of Mali", "ML"),
        ("army", "Military Forces of Mali", "ML"),  # a country's army, even as a modifier
    ]
    # where the dictionary has the country's forces, their own spelling
    (us,) = actors.find(nlp("Troops were deployed."), country="US")
    assert us.name == "Military Forces of the United States"
    (police,) = actors.find(nlp("Police were deployed."), country="US")
    assert police.name == "Police Forces of the United States"  # ACLED's "the"
    assert actors.inter_code("Military Forces of Nigeria", country="NG") == 1
    assert actors.inter_code("Military Forces of Nigeria", country="ML") == 8


def test_an_acronym_the_report_defines_is_that_actor(actors, nlp):
    doc = nlp("Fighters of the Zeitgeist Brigade (ZB) attacked a village. The ZB denied it.")
    assert [(a.text, a.name) for a in actors.find(doc)] == [
        ("Zeitgeist Brigade", "Zeitgeist Brigade"),
        ("ZB", "Zeitgeist Brigade"),
        ("ZB", "Zeitgeist Brigade"),
    ]


def test_a_name_hyphened_to_its_ties_is_not_the_actor(actors, nlp):
    assert actors.find(nlp("The al Qaeda-linked group claimed the attack.")) == []
    (houthis,) = actors.find(nlp("Iran-backed Houthis fired a missile."))
    assert houthis.name == "Houthis"


def test_unknown_organisation_still_comes_out(actors, nlp):
    _, found = _found(
        actors,
        nlp,
        "A previously unknown group calling itself the Zeitgeist Brigade claimed the attack.",
    )
    unknown = [a for a in found if a.name == "Zeitgeist Brigade"]
    assert len(unknown) == 1
    assert unknown[0].type is None and unknown[0].country is None
    assert unknown[0].text == "Zeitgeist Brigade"


def test_matchers_built_once_per_vocab(actors, nlp):
    actors.find(nlp("Daesh attacked."))
    actors.find(nlp("PMF repelled it."))
    built = len(actors._matchers)
    blank = spacy.blank("en")  # another vocab, no parser, no entities
    found = actors.find(blank("Hashd al-Shaabi and the Iraqi army repelled IS."))
    assert len(actors._matchers) == built + 1
    assert [a.name for a in found] == [
        "Popular Mobilization Forces",
        "Military Forces of Iraq",
        "Islamic State",
    ]


# --- armed actors of other conflicts --------------------------------------------

M23 = ("M23: March 23 Movement", "rebel_group", "CD")
FARDC = ("Military Forces of the Democratic Republic of Congo", "state_forces", "CD")
NPA = ("NPA: New People's Army", "rebel_group", "PH")
MAOISTS = ("CPI (Maoist): Communist Party of India (Maoist)", "rebel_group", "IN")
PK_ARMY = ("Military Forces of Pakistan", "state_forces", "PK")
MM_ARMY = ("Military Forces of Myanmar", "state_forces", "MM")
PDF = ("PDF: People's Defense Force", "rebel_group", "MM")
ISM = ("Islamic State (Mozambique)", "rebel_group", "MZ")

WORLD = [
    # alias, article country, (canonical name, type, country)
    # Sahel and West Africa
    ("JNIM", None, ("Jama'at Nusrat al-Islam wal-Muslimin", "rebel_group", "ML")),
    ("ISSP", None, ("Islamic State Sahel Province", "rebel_group", "ML")),
    (
        "Islamic State in the Greater Sahara",
        None,
        ("Islamic State Sahel Province", "rebel_group", "ML"),
    ),
    ("Ansarul Islam", None, ("Ansaroul Islam", "rebel_group", "BF")),
    ("Ansar al-Islam", "BF", ("Ansaroul Islam", "rebel_group", "BF")),
    ("VDP", None, ("VDP: Volunteers for the Defense of the Homeland", "political_militia", "BF")),
    ("Dozo hunters", "CI", ("Dozo Communal Militia (Ivory Coast)", "identity_militia", "CI")),
    ("FAMa", "ML", ("Military Forces of Mali", "state_forces", "ML")),
    ("Malian troops", None, ("Military Forces of Mali", "state_forces", "ML")),
    ("Burkina Faso army", None, ("Military Forces of Burkina Faso", "state_forces", "BF")),
    (
        "Permanent Strategic Framework for Peace, Security and Development",
        None,
        (
            "CSP-PSD: Permanent Strategic Framework for Peace, Security and Development",
            "rebel_group",
            "ML",
        ),
    ),
    ("Amba Boys", None, ("Ambazonian Separatists", "rebel_group", "CM")),
    ("separatists", "CM", ("Ambazonian Separatists", "rebel_group", "CM")),
    ("Lakurawa", None, ("Lakurawa", "rebel_group", "NG")),
    ("IPOB", None, ("IPOB: Indigenous People of Biafra", "political_militia", "NG")),
    ("CJTF", "NG", ("Civilian JTF", "political_militia", "NG")),
    ("Nigerian troops", None, ("Military Forces of Nigeria", "state_forces", "NG")),
    ("Operation Hadin Kai", None, ("Military Forces of Nigeria", "state_forces", "NG")),
    # Central Africa and the Great Lakes
    ("M23 fighters", None, M23),
    ("AFC/M23", None, M23),
    ("ADF", "CD", ("ADF: Allied Democratic Forces", "rebel_group", "UG")),
    ("ISCAP", None, ("ADF: Allied Democratic Forces", "rebel_group", "UG")),
    ("Wazalendo", None, ("Wazalendo", "political_militia", "CD")),
    (
        "CODECO",
        None,
        ("CODECO: Cooperative for the Development of Congo", "political_militia", "CD"),
    ),
    ("FDLR", None, ("FDLR: Democratic Forces for the Liberation of Rwanda", "rebel_group", "RW")),
    ("Twirwaneho", None, ("Twirwaneho", "identity_militia", "CD")),
    ("FARDC", None, FARDC),
    ("Congolese army", None, FARDC),
    ("RDF", "MZ", ("Military Forces of Rwanda", "state_forces", "RW")),
    ("UPDF", None, ("Military Forces of Uganda", "state_forces", "UG")),
    ("anti-balaka militiamen", None, ("Anti-Balaka", "political_militia", "CF")),
    # Sudan, South Sudan and the Horn
    ("SAF", "SD", ("Military Forces of Sudan", "state_forces", "SD")),
    ("Sudanese Armed Forces", None, ("Military Forces of Sudan", "state_forces", "SD")),
    ("SPLM-N", None, ("SPLM-N: Sudan People's Liberation Movement-North", "rebel_group", "SD")),
    ("SSPDF", None, ("Military Forces of South Sudan", "state_forces", "SS")),
    ("South Sudanese troops", None, ("Military Forces of South Sudan", "state_forces", "SS")),
    ("ENDF", None, ("Military Forces of Ethiopia", "state_forces", "ET")),
    ("Fano", "ET", ("Fano Militia", "identity_militia", "ET")),
    ("Fano fighters", None, ("Fano Militia", "identity_militia", "ET")),
    ("OLA", None, ("OLF-Shane: Oromo Liberation Front-Shane", "rebel_group", "ET")),
    (
        "Tigray Defence Forces",
        None,
        ("TPLF: Tigray People's Liberation Front", "rebel_group", "ET"),
    ),
    ("Danab", None, ("Military Forces of Somalia", "state_forces", "SO")),
    (
        "ATMIS",
        None,
        ("ATMIS: African Union Transition Mission in Somalia", "external_forces", None),
    ),
    ("KDF", None, ("Military Forces of Kenya", "state_forces", "KE")),
    ("al-Shabaab", "MZ", ISM),
    ("al-Shabaab", "SO", ("Al-Shabaab", "rebel_group", "SO")),
    ("Ahlu Sunna Wal Jama'a", None, ("Ahlu Sunna Wal Jama'a", "political_militia", "SO")),
    ("ASWJ", "MZ", ISM),
    # Libya and Yemen
    ("LNA", None, ("LNA: Libyan National Army", "state_forces", "LY")),
    ("Radaa", "LY", ("Radaa Special Deterrence Force", "political_militia", "LY")),
    ("STC", "YE", ("STC: Southern Transitional Council", "political_militia", "YE")),
    # South Asia
    ("Naxalites", None, MAOISTS),
    ("CPI (Maoist)", None, MAOISTS),
    ("Maoist rebels", "IN", MAOISTS),
    ("Baloch Liberation Army", None, ("BLA: Balochistan Liberation Army", "rebel_group", "PK")),
    ("BLF", None, ("BLF: Balochistan Liberation Front", "rebel_group", "PK")),
    ("Lashkar-e-Toiba", None, ("LeT: Lashkar-e-Taiba", "rebel_group", "PK")),
    ("JeM", "IN", ("JeM: Jaish-e-Mohammed", "rebel_group", "PK")),
    ("JEM", "SD", ("JEM: Justice and Equality Movement", "rebel_group", "SD")),
    ("The Resistance Front", "IN", ("TRF: The Resistance Front", "rebel_group", "IN")),
    ("ULFA-I", None, ("ULFA-I: United Liberation Front of Asom-Independent", "rebel_group", "IN")),
    ("Arambai Tenggol", None, ("Arambai Tenggol", "identity_militia", "IN")),
    ("Kuki militants", None, ("Kuki Ethnic Militia (India)", "identity_militia", "IN")),
    ("CRPF", None, ("Police Forces of India", "state_forces", "IN")),
    ("Pakistani security forces", None, PK_ARMY),
    ("security forces", "PK", PK_ARMY),
    ("Frontier Corps", None, PK_ARMY),
    ("CTD", "PK", ("Police Forces of Pakistan", "state_forces", "PK")),
    ("khwarij", "PK", ("Tehreek-e-Taliban Pakistan", "rebel_group", "PK")),
    # Myanmar
    ("Tatmadaw", None, MM_ARMY),
    ("Myanmar's junta", None, MM_ARMY),
    ("junta", "MM", MM_ARMY),
    ("regime forces", "MM", MM_ARMY),
    ("PDF", "MM", PDF),
    ("PDF fighters", None, PDF),
    ("People's Defence Forces", "MM", PDF),
    ("Arakan Army", None, ("AA: Arakan Army", "rebel_group", "MM")),
    ("AA", "MM", ("AA: Arakan Army", "rebel_group", "MM")),
    ("KIA", "MM", ("KIA: Kachin Independence Army", "rebel_group", "MM")),
    ("TNLA", None, ("TNLA: Ta'ang National Liberation Army", "rebel_group", "MM")),
    ("MNDAA", None, ("MNDAA: Myanmar National Democratic Alliance Army", "rebel_group", "MM")),
    (
        "KNLA",
        None,
        ("KNU/KNLA: Karen National Union/Karen National Liberation Army", "rebel_group", "MM"),
    ),
    ("Chin National Front", None, ("CNF: Chin National Front", "rebel_group", "MM")),
    # Philippines, Thailand, Indonesia
    ("NPA", "PH", NPA),
    ("NPA rebels", None, NPA),
    ("Maoist rebels", "PH", NPA),
    ("MILF", None, ("MILF: Moro Islamic Liberation Front", "rebel_group", "PH")),
    ("BIFF", None, ("BIFF: Bangsamoro Islamic Freedom Fighters", "rebel_group", "PH")),
    ("Abu Sayyaf", None, ("Abu Sayyaf Group", "rebel_group", "PH")),
    ("Maute Group", None, ("Dawlah Islamiyah", "rebel_group", "PH")),
    ("PNP", "PH", ("Police Forces of the Philippines", "state_forces", "PH")),
    ("BRN", None, ("BRN: Barisan Revolusi Nasional", "rebel_group", "TH")),
    ("OPM", "ID", ("TPNPB: West Papua National Liberation Army", "rebel_group", "ID")),
    # Latin America and the Caribbean
    ("ELN", None, ("National Liberation Army (ELN)", "rebel_group", "CO")),
    ("FARC dissidents", None, ("FARC Dissidents", "rebel_group", "CO")),
    ("Estado Mayor Central", None, ("EMC: Central General Staff", "rebel_group", "CO")),
    ("Segunda Marquetalia", None, ("Segunda Marquetalia", "rebel_group", "CO")),
    (
        "Clan del Golfo",
        None,
        ("AGC: Gaitanist Self-Defense Forces of Colombia", "political_militia", "CO"),
    ),
    ("Sinaloa Cartel", None, ("Sinaloa Cartel", "political_militia", "MX")),
    ("CJNG", None, ("CJNG: Jalisco New Generation Cartel", "political_militia", "MX")),
    ("National Guard", "MX", ("Military Forces of Mexico", "state_forces", "MX")),
    ("Tren de Aragua", None, ("Tren de Aragua", "political_militia", "VE")),
    ("Viv Ansanm", None, ("Viv Ansanm gang coalition (Haiti)", "political_militia", "HT")),
    ("400 Mawozo", None, ("400 Mawozo", "political_militia", "HT")),
    ("PNH", "HT", ("Police Forces of Haiti", "state_forces", "HT")),
    ("Los Choneros", None, ("Los Choneros", "political_militia", "EC")),
    ("Los Lobos", "EC", ("Los Lobos (Ecuador)", "political_militia", "EC")),
    # Europe and the Caucasus: a nation's forces, named by the generic entry
    ("Azerbaijani forces", None, ("Military Forces of Azerbaijan", "state_forces", "AZ")),
    ("Armenian troops", None, ("Military Forces of Armenia", "state_forces", "AM")),
]


@pytest.mark.parametrize(("alias", "country", "expected"), WORLD)
def test_lookup_actors_of_other_conflicts(actors, alias, country, expected):
    info = actors.lookup(alias, country=country)
    assert info is not None, alias
    assert (info.name, info.type, info.country) == expected


FOUND = [
    # sentence, article country, (text, canonical name) that must be found
    ("Congolese soldiers clashed with M23 rebels near Sake.", None,
     [("soldiers", FARDC[0]), ("M23 rebels", M23[0])]),
    ("FARDC soldiers and Wazalendo fighters retook the village.", None,
     [("FARDC soldiers", FARDC[0]), ("Wazalendo fighters", "Wazalendo")]),
    ("Maoist rebels ambushed a CRPF convoy in Bijapur.", "IN",
     [("Maoist rebels", MAOISTS[0]), ("CRPF", "Police Forces of India")]),
    ("Maoist rebels ambushed soldiers in Negros Occidental.", "PH",
     [("Maoist rebels", NPA[0]), ("soldiers", "Military Forces of the Philippines")]),
    ("Security forces killed five khwarij in North Waziristan.", "PK",
     [("Security forces", PK_ARMY[0]), ("khwarij", "Tehreek-e-Taliban Pakistan")]),
    ("The Arakan Army said its fighters seized the town.", None,
     [("Arakan Army", "AA: Arakan Army")]),
    ("South Sudanese troops clashed with SPLA-IO fighters.", None,
     [("South Sudanese troops",  "Military Forces of South Sudan"),
      ("SPLA-IO fighters",
       "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)")]),
    ("Burkina Faso's army said it killed 50 terrorists.", None,
     [("army", "Military Forces of Burkina Faso")]),
    ("Nigerian forces and Rwandan forces were deployed.", None,
     [("forces", "Military Forces of Nigeria"), ("forces", "Military Forces of Rwanda")]),
    ("Uganda People's Defence Forces deployed to Ituri.", "CD",
     [("Uganda People's Defence Forces", "Military Forces of Uganda")]),
    ("Al-Shabaab insurgents attacked Mocimboa da Praia.", "MZ",
     [("Al-Shabaab insurgents", ISM[0])]),
    ("ELN guerrillas and FARC dissidents fought in Catatumbo.", None,
     [("ELN guerrillas", "National Liberation Army (ELN)"), ("FARC dissidents", "FARC Dissidents")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "country", "expected"), FOUND)
def test_find_actors_of_other_conflicts(actors, nlp, text, country, expected):
    pairs, _ = _found(actors, nlp, text, country)
    for pair in expected:
        assert pair in pairs, (pair, pairs)


NOT_ACTORS = [
    # sentence, article country, dictionary actors it must not name
    ("The report is available as a PDF file.", None, "PDF: People's Defense Force"),
    ("Download the PDF of the report.", "TH", "PDF: People's Defense Force"),
    ("Buy AA batteries and aa cells.", None, "AA: Arakan Army"),
    ("Let us say that we let it go.", None, "LeT: Lashkar-e-Taiba"),
    ("Fano is a seaside town in Italy.", None, "Fano Militia"),
    ("Los Lobos played a concert in Los Angeles.", None, "Los Lobos (Ecuador)"),
    ("The ISM manufacturing index rose in May.", None, ISM[0]),
    ("The ADF said its troops were ready.", "AU", "ADF: Allied Democratic Forces"),
    ("CTD officials in Erbil said so.", "IQ", "Police Forces of Pakistan"),
    ("NPA officials said ships were delayed at Apapa.", "NG", NPA[0]),
    ("The CPC Central Committee met in Beijing.", "CN", "CPC: Coalition of Patriots for Change"),
    ("Protesters marched in Rada'a.", "YE", "Radaa Special Deterrence Force"),
    ("People's Defence Forces fighters attacked.", "TR", PDF[0]),
    ("Shane said the KIA count was three.", None, "KIA: Kachin Independence Army"),
    ("Shane said the KIA count was three.", None, "OLF-Shane: Oromo Liberation Front-Shane"),
    ("The SAF statement was brief.", None, "Military Forces of Sudan"),
    ("Regime forces shelled Idlib.", "SY", MM_ARMY[0]),
    ("The Lebanese Forces party said.", None, "Military Forces of Lebanon"),
    ("Maoist rebels attacked.", None, MAOISTS[0]),
    (
        "Peace, security and development were discussed.",
        "ML",
        "CSP-PSD: Permanent Strategic Framework for Peace, Security and Development",
    ),
    ("A border security force was set up.", "NG", "Military Forces of India"),
    ("The Resistance Front of the opposition met.", "AF", "TRF: The Resistance Front"),
]


@pytest.mark.parametrize(("text", "country", "name"), NOT_ACTORS)
def test_ambiguous_forms_are_not_those_actors(actors, nlp, text, country, name):
    _, found = _found(actors, nlp, text, country)
    assert not [a for a in found if a.name == name and a.type is not None]


@pytest.mark.parametrize("text", ["aa", "pdf", "kia", "npa", "eln", "m23", "cpc", "ism", "let"])
def test_lower_case_words_are_not_acronyms_of_armed_groups(actors, text):
    assert actors.lookup(text) is None
    assert actors.lookup(text, country="MM") is None


def test_state_forces_abroad_are_external(actors):
    assert actors.inter_code("Military Forces of Rwanda", country="CD") == 8
    assert actors.inter_code("Military Forces of Rwanda", country="RW") == 1
    assert actors.inter_code("M23: March 23 Movement", country="CD") == 2
    assert actors.inter_code("Dozo Communal Militia (Mali)") == 4


REPORTS = {
    "cd": (
        "M23 rebels clash with Congolese army near Sake\n\nGOMA, Congo (Reuters) - M23 rebels"
        " clashed with Congolese soldiers and Wazalendo militiamen near the town of Sake in"
        " North Kivu province on Tuesday, killing at least 12 people, local officials said.\n",
        "Battles",
        M23[0],
        FARDC[0],
    ),
    "ph": (
        "Two soldiers killed in NPA ambush in Negros\n\nBACOLOD CITY, Philippines - New People's"
        " Army rebels ambushed an army patrol in Himamaylan City, Negros Occidental, on Monday,"
        " killing two soldiers, the military said.\n",
        "Battles",
        NPA[0],
        "Military Forces of the Philippines",
    ),
    "pk": (
        "Five terrorists killed in North Waziristan operation: ISPR\n\nRAWALPINDI, Pakistan -"
        " Security forces killed five terrorists in an intelligence-based operation in the Mir"
        " Ali area of North Waziristan district on Sunday, the military's media wing said.\n",
        "Battles",
        PK_ARMY[0],
        "Militants",
    ),
    "co": (
        "ELN attack on army base in Arauca kills two soldiers\n\nBOGOTA (Reuters) - Fighters of"
        " the ELN guerrilla group attacked a military base in the municipality of Saravena in"
        " Arauca province on Saturday, killing two soldiers, Colombia's army said.\n",
        "Battles",
        "National Liberation Army (ELN)",
        "Military Forces of Colombia",
    ),
    "mm": (
        "Junta air strike kills 20 villagers in Sagaing\n\nMyanmar's junta bombed a village in"
        " Sagaing region on Friday, killing at least 20 villagers, including children, local"
        " resistance groups said.\n",
        "Explosions/Remote violence",
        MM_ARMY[0],
        "Civilians",
    ),
    "in": (
        "Maoists kill three policemen in Chhattisgarh ambush\n\nRAIPUR, India - Maoist rebels"
        " ambushed a police patrol in Bijapur district of Chhattisgarh on Wednesday, killing"
        " three policemen, officials said.\n",
        "Battles",
        MAOISTS[0],
        "Police Forces of India",
    ),
    "ss": (
        "South Sudan army clashes with SPLA-IO in Upper Nile\n\nJUBA - South Sudanese troops"
        " clashed with SPLA-IO fighters in Nasir county of Upper Nile state on Monday, killing"
        " at least 20 people, officials said.\n",
        "Battles",
        "Military Forces of South Sudan",
        "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)",
    ),
    "mx": (
        "Sinaloa Cartel gunmen kill six in Culiacán\n\nCULIACAN, Mexico - Gunmen from the Sinaloa"
        " Cartel attacked a family party in Culiacán, Sinaloa, on Saturday night, killing six"
        " people, state prosecutors said.\n",
        "Violence against civilians",
        "Sinaloa Cartel",
        "Civilians",
    ),
}


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_reports_of_other_conflicts_name_their_sides(extractor, key):
    text, event_type, actor1, actor2 = REPORTS[key]
    result = extractor(Article(id=key, text=text, published=dt.date(2025, 3, 12)))
    (event,) = result.events
    assert event.event_type == event_type
    assert (event.actor1.name, event.actor2.name) == (actor1, actor2)


# --- user files ---------------------------------------------------------------

USER_FILE = """
version: 1
actors:
  - name: Zeitgeist Brigade
    type: rebel_group
    country: IQ
    aliases: [Zeitgeist, ZB]
    note: invented for the test
  - name: Taliban
    type: state_forces
    country: AF
    aliases: [Taliban, Islamic Emirate]
  - name: Saraya Test
    type: political_militia
    country: IQ
    parent: Popular Mobilization Forces
    inter: 3
    aliases: [Badr]
"""


def _write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_and_overrides(tmp_path, nlp):
    path = _write(tmp_path, USER_FILE)
    d = ActorDictionary.load([path])
    assert d.sources[-1] == (str(path), 1)
    assert d.lookup("ZB").name == "Zeitgeist Brigade"
    assert d.lookup("Taliban").type == "state_forces"
    assert d.lookup("Taleban") is None  # the override replaced the whole entry
    assert d.lookup("Badr").name == "Saraya Test"  # a later file claims the alias
    assert d.lookup("Badr Organization").name == "Badr Organization"
    found = d.find(nlp("Zeitgeist fighters shelled the town."))
    assert [a.name for a in found] == ["Zeitgeist Brigade"]
    assert default_dictionary().lookup("ZB") is None


BAD_FILES = [
    ("version: 1\nactors:\n  - name: X\n    type: warlords\n", "'X'"),
    ("version: 1\nactors:\n  - name: X\n    type: other\n    country: UK\n", "country"),
    ("version: 1\nactors:\n  - type: other\n    aliases: [x]\n", "actor #1"),
    (
        "version: 1\nactors:\n  - {name: A, type: other, aliases: [Foo]}\n"
        "  - {name: B, type: other, aliases: [foo]}\n",
        "'B'",
    ),
    ("version: 1\nactors:\n  - {name: A, type: other, alias: [x]}\n", "unknown keys"),
    ("version: 1\nactors:\n  - {name: A, type: other, inter: 9}\n", "inter"),
    ("version: 1\nactors:\n  - {name: A, type: other, parent: Nobody}\n", "Nobody"),
    ("version: 1\nactors:\n  - {name: A, type: [other]}\n", "unknown type"),
    (
        "version: 1\nactors:\n  - {name: A, type: other, country_from_context: true,"
        " name_in_country: A of X}\n",
        "name_in_country",
    ),
    ("actors: []\n", "version"),
    ("version: 1\nactors: {}\n", "list"),
    ("version: 1\nactors: [\n", "YAML"),
]


@pytest.mark.parametrize(("text", "fragment"), BAD_FILES)
def test_bad_user_file_names_file_and_entry(tmp_path, text, fragment):
    path = _write(tmp_path, text, "bad.yaml")
    with pytest.raises(KnowledgeError) as err:
        ActorDictionary.load([path])
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_missing_user_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(KnowledgeError, match="nope.yaml"):
        ActorDictionary.load([path])
