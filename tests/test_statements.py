"""Statements: who said what, to which outlet, directly or indirectly."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.records import Article


@pytest.fixture(scope="module")
def statements_of(extractor):
    def run(text: str):
        result = extractor(Article(id="t", text=text, published=dt.date(2024, 12, 31)))
        return result.statements

    return run


def _one(statements, needle):
    found = [s for s in statements if needle in s.quote]
    assert found, f"no statement containing {needle!r}: {[s.quote for s in statements]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "needle", "kind", "name", "outlet"),
    [
        (
            "“We will not allow the terrorists to return,” Defence Minister Thabet al-Abbasi said.",
            "We will not allow",
            "direct",
            "Thabet al-Abbasi",
            None,
        ),
        (
            "Police spokesman Colonel Ali Jawad told Rudaw that the attackers fled toward the desert.",
            "the attackers fled",
            "indirect",
            "Ali Jawad",
            "Rudaw",
        ),
        (
            "According to Shafaq News, Kirkuk governor Rakan al-Jubouri stated that the curfew was lifted.",
            "the curfew was lifted",
            "indirect",
            "Rakan al-Jubouri",
            "Shafaq News",
        ),
        (
            "Speaking in an interview with Al Jazeera, analyst Hisham al-Hashimi said that the cells were weak.",
            "the cells were weak",
            "indirect",
            "Hisham al-Hashimi",
            "Al Jazeera",
        ),
        (
            "The convoy was ambushed near Baiji, police said.",
            "The convoy was ambushed",
            "indirect",
            "police",
            None,
        ),
        (
            "Hadi al-Amiri: Fatah Alliance Will Not Join the Next Government\n\nBody text.",
            "Fatah Alliance Will Not Join",
            "indirect",
            "Hadi al-Amiri",
            None,
        ),
        (
            "Many Kirkuk officials say they expect the curfew to end, just as it did in 2019.",
            "just as it did in 2019",
            "indirect",
            "Kirkuk officials",
            None,
        ),
        (
            "According to the Interior Ministry, 12 suspects were detained in Basra.",
            "12 suspects were detained",
            "indirect",
            "Ministry of Interior",  # the actor dictionary's canonical name
            None,
        ),
        (
            "Governor Rakan al-Jubouri urged the ministry to reopen the road to Hawija.",
            "to reopen the road",  # what the ministry is urged to do was said too
            "indirect",
            "Rakan al-Jubouri",
            None,
        ),
        (
            "Kirkuk officials expressed their concerns about reports of militants regrouping.",
            "reports of militants regrouping",  # "their" is the officials'
            "indirect",
            "Kirkuk officials",
            None,
        ),
        (
            "Kirkuk officials were confident that the militants had left the valley.",
            "the militants had left the valley",
            "indirect",
            "Kirkuk officials",
            None,
        ),
        (
            "The Kirkuk police chief noted the rising number of night attacks on farmers.",
            "the rising number of night attacks",
            "indirect",
            "Kirkuk police chief",
            None,
        ),
        (
            "Governor Rakan al-Jubouri asked the federal police to leave the city by Friday.",
            "the federal police to leave the city by Friday",
            "indirect",
            "Rakan al-Jubouri",
            None,
        ),
        (
            "MP Hassan Salem asked the minister whether the border fence had been finished.",
            "whether the border fence had been finished",
            "indirect",
            "Hassan Salem",
            None,
        ),
        (
            "Commander Ali Jawad said the road was open, but that he would not allow convoys at night.",
            "but that he would not allow convoys",
            "indirect",
            "Ali Jawad",
            None,
        ),
        (
            "The cells will regroup in the desert, Iraqi officials believe.",
            "The cells will regroup in the desert",
            "indirect",
            "Iraqi officials",
            None,
        ),
        (
            "Abadi: Mosul will be free by the end of the year\n"
            "Prime Minister Haider al-Abadi spoke in Baghdad on Monday.",
            "Mosul will be free",
            "indirect",
            "Abadi",
            None,
        ),
    ],
)
def test_statement_table(statements_of, text, needle, kind, name, outlet):
    s = _one(statements_of(text), needle)
    assert s.kind == kind
    assert name.casefold() in (s.speaker.name or "").casefold()
    assert s.outlet == outlet
    assert text[s.start : s.end] == s.quote


def test_later_references_resolve_to_the_full_name(statements_of):
    text = (
        "Brigadier General Yahya Rasool, spokesman for the Joint Operations Command, said the "
        "operation had ended.\n"
        "“Our forces are in full control of the valley,” he added.\n"
        "“No civilians were harmed,” Rasool said.\n"
        "“The militants fled to the mountains,” added the spokesman."
    )
    found = statements_of(text)
    for needle in ("full control", "No civilians", "fled to the mountains"):
        s = _one(found, needle)
        assert s.speaker.name == "Yahya Rasool", needle
        assert s.speaker.role and "spokesman" in s.speaker.role
    assert _one(found, "full control").speaker.text == "he"


def test_interrupted_quote_is_one_statement(statements_of):
    text = "“The road is open,” the governor said, “and trucks are moving again.”"
    (s,) = [s for s in statements_of(text) if s.kind == "direct"]
    assert s.quote == text


def test_quoted_words_inside_reported_speech_belong_to_it(statements_of):
    """A mixed quote is the whole clause, not only its quoted words."""
    text = "The governor said that the army “will stay in the city” until the elections."
    (s,) = statements_of(text)
    assert s.quote == "that the army “will stay in the city” until the elections"
    assert s.speaker.text == "The governor"


def test_the_owner_of_a_spokesman_is_not_the_speaker(statements_of):
    text = "Ms. Merkel's spokesman, Steffen Seibert, said the talks would go on."
    (s,) = statements_of(text)
    assert s.speaker.name == "Steffen Seibert"
    (s,) = statements_of("Mr. Sanders's supporters said the vote was rigged.")
    assert s.speaker.name != "Sanders" and "supporters" in s.speaker.name


def test_it_said_after_an_organisation_is_that_organisation(statements_of):
    text = (
        "The Iraqi Defence Ministry issued a statement on Monday. "
        "It said 12 militants were killed in the raid."
    )
    (s,) = statements_of(text)  # "issued a statement" says nothing itself
    assert s.quote == "12 militants were killed in the raid"
    assert s.speaker.name == "Iraqi Ministry of Defence" and s.speaker.text == "It"
    (s,) = statements_of(
        "Amnesty International published a report on the camps. It said detainees were tortured."
    )
    assert s.speaker.name == "Amnesty International"


def test_a_date_the_parser_hung_on_the_verb_belongs_to_what_was_told(statements_of):
    text = (
        "Separately, Boko Haram militants killed nine farmers near Maiduguri, the capital "
        "of Borno state, on Wednesday, a local vigilante leader told River Wire. "
        "The militants beheaded some of the victims, he said."
    )
    first, second = statements_of(text)
    assert first.quote.endswith("on Wednesday") and first.outlet == "River Wire"
    assert first.speaker.name == "local vigilante leader"
    assert second.speaker.name == "local vigilante leader" and second.speaker.text == "he"


def test_a_tally_by_an_outlet_is_the_outlets(statements_of):
    text = (
        "Bandits have kidnapped more than 1,400 people since January, "
        "according to a tally by River Wire."
    )
    (s,) = statements_of(text)
    assert s.speaker.name == "River Wire"


def test_the_source_and_the_cell_are_the_ones_named_before(statements_of):
    text = (
        "The Security Media Cell announced on Thursday that jets had killed three militants. "
        "In a statement, the Cell said the strike was carried out on intelligence, adding "
        "that the hideout was destroyed.\n"
        "A security source in Diyala told Shafaq News that a bomb went off near a patrol. "
        "The source added that security forces cordoned off the area."
    )
    found = statements_of(text)
    cell = _one(found, "the strike was carried out")
    assert cell.speaker.name == "Iraqi Security Media Cell"
    added = _one(found, "the hideout was destroyed")
    assert added.speaker.name == "Iraqi Security Media Cell"  # not "the strike"
    source = _one(found, "cordoned off")
    assert source.speaker.name == "security source in Diyala"


def test_what_was_not_said_is_no_statement(statements_of):
    text = (
        "The PMF said two of the dead were its members. It did not say who was behind the strike."
    )
    assert [s.quote for s in statements_of(text)] == ["two of the dead were its members"]
    assert statements_of("Police did not say whether anyone was arrested.") == ()


def test_what_it_said_is_remembered_for_the_statement_that_follows(statements_of):
    text = (
        "The Iraqi Defence Ministry issued a statement on Monday. It said 12 militants were "
        "killed in the raid. The statement added that two soldiers were wounded."
    )
    first, second = statements_of(text)
    assert first.speaker.name == second.speaker.name == "Iraqi Ministry of Defence"


def test_an_expletive_it_says_nothing(statements_of):
    assert (
        statements_of("The army launched an operation. It appears that the militants fled.") == ()
    )


def test_a_clause_that_is_all_quote_is_the_direct_quotation(statements_of):
    text = "The spokesman confirmed that “the operation killed 12 militants.”"
    (s,) = statements_of(text)
    assert s.kind == "direct" and s.quote.startswith("“the operation killed")


def test_quoted_paragraph_without_verb_belongs_to_the_speaker_before(statements_of):
    text = (
        "Ahmed Hassan, a member of parliament, stressed that the border is secure.\n"
        "“Our forces have taken all necessary measures to counter any border violations.”"
    )
    s = _one(statements_of(text), "all necessary measures")
    assert s.kind == "direct" and s.speaker.name == "Ahmed Hassan"


def test_scare_quotes_are_not_statements(statements_of):
    found = statements_of("The group announced a new “caliphate” in the desert last year.")
    assert not any(s.kind == "direct" for s in found)


def test_a_stray_mark_does_not_lose_other_quotes(statements_of):
    text = (
        'The "operation began at dawn, officials said.\n'
        "“We destroyed five tunnels,” the army spokesman said.\n"
        "“Three fighters were killed,” he added."
    )
    quotes = [s.quote for s in statements_of(text) if s.kind == "direct"]
    assert "“We destroyed five tunnels,”" in quotes
    assert "“Three fighters were killed,”" in quotes


def test_event_inside_a_quote_is_attributed_to_the_speaker(extractor):
    text = (
        "Colonel Saad Maan, spokesman for the Security Media Cell, spoke to INA on Monday.\n"
        "“A roadside bomb killed two soldiers near Tarmiyah on Sunday. The area was then "
        "searched,” he said."
    )
    result = extractor(Article(id="t", text=text, published=dt.date(2024, 12, 31)))
    (event,) = result.events
    assert event.attribution is not None
    assert event.attribution.name == "Saad Maan"


def test_raising_adjectives_are_not_beliefs(statements_of):
    assert not statements_of("The Kirkuk governor is certain to remain in office.")


def test_a_place_after_in_is_not_the_speakers_name(statements_of):
    text = "The gunmen fled toward the desert, a police officer in Tuz Khurmatu said."
    (s,) = statements_of(text)
    assert s.speaker.name != "Tuz Khurmatu"
    assert "police officer" in f"{s.speaker.name} {s.speaker.role}"


def test_without_saying_says_nothing(statements_of):
    text = (
        "The ministry said its forces killed two militants in the north, without naming the place."
    )
    quotes = [s.quote for s in statements_of(text)]
    assert "the place" not in quotes
    assert any("its forces killed two militants" in q for q in quotes)


def test_a_thing_that_appears_to_act_holds_no_view(statements_of):
    assert not statements_of("A roadside bomb appeared to target a police patrol near Baquba.")
    (s,) = statements_of("The minister appeared to reject the plan.")
    assert s.speaker.role == "minister" or s.speaker.name == "minister"


def test_an_intention_does_not_report_the_event(extractor):
    text = "Militants attempted to storm a checkpoint near Baquba, killing two soldiers."
    (event,) = extractor(Article(id="t", text=text)).events
    assert event.attribution is None


def test_the_service_and_the_statement_are_the_organisation(statements_of):
    text = (
        "Iraq's Counter-Terrorism Service killed six militants near Kirkuk on Sunday.\n"
        "The service said the militants had used the valley to store weapons.\n"
        "The Security Media Cell said in a statement that the area was cleared.\n"
        "The statement said two tunnels were destroyed."
    )
    speakers = {s.quote: s.speaker.name for s in statements_of(text)}
    assert speakers["the militants had used the valley to store weapons"] == (
        "Counter-Terrorism Service"
    )
    assert speakers["two tunnels were destroyed"] == "Iraqi Security Media Cell"


def test_a_name_given_is_not_speech(statements_of):
    text = "Its soldier named Mahdi Hamed was killed in the clashes, officials said."
    assert [s.speaker.name for s in statements_of(text)] == ["officials"]


def test_one_concern_is_one_statement(statements_of):
    text = "Iraqi officials expressed their concerns about reports of prison breaks in Syria."
    (s,) = statements_of(text)
    assert "reports of prison breaks" in s.quote


def test_what_was_said_starts_after_the_dateline(statements_of):
    text = (
        "GUSAU, Nigeria, March 4 (Reuters) - Gunmen killed nine villagers in Zamfara state, "
        "police said on Monday."
    )
    (said,) = statements_of(text)
    assert said.quote == "Gunmen killed nine villagers in Zamfara state"
    assert text[said.start : said.end] == said.quote
