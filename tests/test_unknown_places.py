"""Places the gazetteer lacks: found by the words around them, kept by name."""

from __future__ import annotations

import datetime as dt

import pytest

from rasid.geo.unknown import place_unknown, unknown_places
from rasid.records import Article, PlaceMention


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("armed raiders attacked a village in Mingala area", ["Mingala"]),
        ("gunmen stormed Magami village on Saturday", ["Magami"]),
        ("troops entered the town of Adan Yabaal", ["Adan Yabaal"]),
        ("forces liberated Wadi al-Sakran area in Anbar", ["Wadi al-Sakran"]),
        ("a raid in the North Waziristan district", ["North Waziristan"]),
        # a front or road named as an axis, as Nigerian military releases write
        ("engaged terrorists at a crossing point along the Bita axis", ["Bita"]),
        ("Kurds repel an attack in a disputed Iraqi village", []),  # whose village, not which
        # camps for the displaced are where many incidents happen; the camp's kind is not a name
        ("an air strike on a house in the Maghazi refugee camp", ["Maghazi"]),
        ("artillery shells struck Abu Shouk camp", ["Abu Shouk"]),
        ("children picked up a shell outside an IDP camp", []),
        # a list, then its kind in the plural: each name is one of the kind
        ("operations in the Hakurk and Zap regions", ["Hakurk", "Zap"]),
        ("gunmen raided Kiliba, Luvungi and Sange villages", ["Kiliba", "Luvungi", "Sange"]),
        ("The village was burned", []),
        ("a village near the border", []),
    ],
)
def test_names_found(text, names):
    assert [n for n, _, _ in unknown_places([(0, text)], [])] == names


def test_a_name_the_gazetteer_resolved_or_an_actor_is_not_unknown():
    text = "fighting in the Kouango area and in Boko Haram camp"
    kouango = PlaceMention("Kouango", 15, 22)
    assert unknown_places([(0, text)], [kouango], taken=[(37, 46)]) == []


def test_offsets_are_into_the_article():
    (found,) = unknown_places([(100, "attacked Magami village")], [])
    assert found == ("Magami", 109, 115)


def test_placed_at_the_area_around_it_with_a_coarser_precision():
    district = PlaceMention("Maradun", 0, 7, admin1="Zamfara", country="NG", lat=12.6,
                            lon=6.2, precision=1, geonames_id=1, kind="town")  # fmt: skip
    place = place_unknown("Magami", 20, 26, district, "NG")
    assert (place.name, place.admin1, place.lat, place.precision) == ("Magami", "Zamfara", 12.6, 2)
    assert place.geonames_id is None


def test_with_no_area_around_it_it_has_no_coordinates():
    place = place_unknown("Mingala", 0, 7, None, "CF")
    assert (place.country, place.lat, place.lon, place.precision) == ("CF", None, None, None)


def test_a_name_the_recogniser_places_after_near_is_the_place_the_gazetteer_lacks(extractor):
    text = (
        "On Thursday, M23 fighters clashed with Wazalendo militiamen near Kamanyola, further "
        "north on the border with Rwanda and Burundi, according to local sources."
    )
    (event,) = extractor(Article(id="kamanyola", text=text, published=dt.date(2025, 6, 11))).events
    # not Rwanda or Burundi: the border is beside the countries, not in them
    assert event.location.name == "Kamanyola"


def test_a_neighbourhood_of_a_town_told_beside_it_is_no_place_of_its_own(extractor):
    text = (
        "Police fired tear gas and live ammunition at demonstrators in Maputo and Nampula on "
        "Thursday, killing at least four people. In Nampula, police opened fire on a crowd "
        "that had blocked the main road through the Namutequeliua neighbourhood, killing a "
        "16-year-old boy."
    )
    result = extractor(Article(id="nampula", text=text, published=dt.date(2024, 11, 8)))
    assert sorted(e.location.name for e in result.events) == ["Maputo", "Nampula"]


def test_a_persons_surname_after_at_is_no_place(extractor):
    text = (
        "Opposition candidate Venancio Mondlane called for a march on Maputo. On October 21, "
        "police fired tear gas at Mondlane and journalists as he spoke to reporters in Maputo."
    )
    result = extractor(Article(id="mondlane", text=text, published=dt.date(2024, 11, 8)))
    assert all(p.name != "Mondlane" for e in result.events for p in (e.location,) if p)


def test_a_village_measured_from_a_town_is_placed_there_wherever_it_recurs(extractor):
    text = (
        "Jihadist fighters attacked the army post at Yatakala, about 40 km northwest of Tera "
        "in Niger's Tillaberi region, on Tuesday, killing seven soldiers.\n\n"
        "The ministry said the air force struck the retreating column on Wednesday morning in "
        "an area west of Yatakala, close to the border, killing several dozen fighters."
    )
    result = extractor(Article(id="yatakala", text=text, published=dt.date(2025, 10, 16)))
    strike = next(e for e in result.events if e.date.start_date == dt.date(2025, 10, 15))
    # not the dateline or the capital: the point 40 km northwest of Tera, near the village
    assert strike.location.name == "Yatakala" and strike.location.lat is not None
    assert strike.location.lat > 14.1 and strike.location.lon < 0.7
