"""The country table: every country, ACLED's spelling, nationality words, checked data."""

from __future__ import annotations

import datetime as dt

import pycountry
import pytest

from rasid.errors import KnowledgeError
from rasid.knowledge import countries
from rasid.knowledge.countries import country_label, country_names, main_country
from rasid.records import Article

HEADER = "iso2,name,aliases\n"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("kenyan", "KE"),
        ("Kenyans", "KE"),
        ("peruvian", "PE"),
        ("guinean", "GN"),
        ("guineans", "GN"),
        ("chadian", "TD"),
        ("bangladeshi", "BD"),
        ("cameroonian", "CM"),
        ("ivorian", "CI"),
        ("côte d'ivoire", "CI"),
        ("cote d’ivoire", "CI"),
        ("burma", "MM"),
        ("congo", "CD"),  # in the news, "Congo" alone is Kinshasa's
        ("congo-brazzaville", "CG"),
        ("republic of congo", "CG"),
        ("guinea-bissau", "GW"),
        ("equatorial guinea", "GQ"),
        ("dominican", "DO"),  # not Dominica's
        ("kosovar", "XK"),
        ("iraqi", "IQ"),  # the rows that were there before stay
    ],
)
def test_nationality_words_name_their_country(word, code):
    assert country_names()[word.lower()] == code


def test_every_sovereign_state_and_acleds_territories_are_listed():
    listed = {code for code, _, _ in countries._rows()}
    assert len(listed) >= 200
    # a sample of states pycountry lists that the first table left out
    assert {"KE", "PE", "GN", "BD", "CM", "TD", "NP", "VE", "BO", "TZ", "UG", "HT"} <= listed
    assert {"PS", "XK", "EH", "TW", "HK"} <= listed
    assert all(code == "XK" or pycountry.countries.get(alpha_2=code) for code in listed)


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("PE", "Peru"),
        ("KE", "Kenya"),
        ("CD", "Democratic Republic of Congo"),
        ("CG", "Republic of Congo"),
        ("CI", "Ivory Coast"),
        ("SZ", "eSwatini"),
        ("CZ", "Czech Republic"),
        ("TL", "East Timor"),
        ("CV", "Cape Verde"),
        ("MD", "Moldova"),
        ("KP", "North Korea"),
        ("XK", "Kosovo"),
        ("TR", "Turkey"),
    ],
)
def test_labels_are_acleds_short_names(code, label):
    assert country_label(code) == label


@pytest.mark.parametrize(
    "word",
    [
        # identity groups in conflict reports, not nationalities
        "kurdish", "arab", "albanian", "serb", "croat", "bosniak", "tajik", "uzbek",
        "turkmen", "azeri", "malay", "khmer", "bengali", "papuan", "sahrawi", "persian",
        # ambiguous between countries, or everyday words
        "korea", "korean", "macedonian", "car", "english", "spanish", "portuguese", "irish",
        "poles", "jersey", "reunion",
    ],
)  # fmt: skip
def test_words_that_do_not_name_one_country_are_left_out(word):
    assert word not in country_names()


def test_the_country_an_article_cites_most():
    assert main_country(["Kenyan", "Nairobi", "Kenya", "American"]) == "KE"
    assert main_country(["Guineans", "Conakry"]) == "GN"


def test_generic_forces_in_a_newly_listed_country_take_its_name(nlp):
    from rasid.knowledge.actors import default_dictionary

    actors = default_dictionary()
    found = actors.find(nlp("Kenyan police and Chadian soldiers were deployed."))
    assert [(a.text, a.name, a.country) for a in found] == [
        ("police", "Police Forces of Kenya", "KE"),
        ("soldiers", "Military Forces of Chad", "TD"),
    ]
    (police,) = actors.find(nlp("Police were deployed."), country="PE")
    assert police.name == "Police Forces of Peru"
    (army,) = actors.find(nlp("Troops were deployed."), country="CD")
    assert army.name == "Military Forces of the Democratic Republic of Congo"  # ACLED's "the"
    assert actors.inter_code("Military Forces of Kenya", country="SO") == 8  # abroad


def test_police_in_a_kenya_report_are_kenyas(extractor):
    text = "Kenyan police fired tear gas at protesters in Nairobi on Tuesday, witnesses said."
    result = extractor(Article(id="ke", text=text, published=dt.date(2024, 6, 25)))
    names = {(a.name, a.country) for e in result.events for a in (e.actor1, e.actor2) if a}
    assert ("Police Forces of Kenya", "KE") in names


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "KE,Kenya,Kenyan\nGN,Guinea,Guinean|Kenyan\n",
            "row 3 (GN,Guinea): 'Kenyan' already names KE at row 2",
        ),
        ("KE,Kenya,\nKE,Kenya,Kenyan\n", "row 3 (KE,Kenya): KE is listed again (first at row 2)"),
        ("ZZ,Zedland,\n", "row 2 (ZZ,Zedland): bad iso2 code 'ZZ'"),
        ("ke,Kenya,\n", "row 2 (ke,Kenya): bad iso2 code 'ke'"),
        ("KEN,Kenya,\n", "bad iso2 code 'KEN'"),
        ("KE,,Kenyan\n", "row 2 (KE,): no name"),
    ],
)
def test_a_bad_table_is_refused_naming_the_file_and_row(rows, message):
    with pytest.raises(KnowledgeError) as err:
        countries.parse_countries(HEADER + rows, source="my-countries.csv")
    assert str(err.value).startswith("my-countries.csv: ")
    assert message in str(err.value)


def test_kosovo_is_allowed_though_iso_leaves_its_code_to_users():
    rows = countries.parse_countries(HEADER + "XK,Kosovo,Kosovar\n")
    assert rows == (("XK", "Kosovo", ("Kosovar",)),)


def test_a_name_repeated_in_its_own_row_is_no_clash():
    rows = countries.parse_countries(HEADER + "SZ,eSwatini,Eswatini|Swazi\n")
    assert rows[0][2] == ("Eswatini", "Swazi")
