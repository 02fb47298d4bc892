"""Offline gazetteer and toponym resolution (Iraq and Syria in depth, the world's towns).

``Gazetteer.load()`` opens (building once) the SQLite index; ``Geocoder`` finds
and resolves the places a text names; ``choose_location`` picks an event's place
among those of one sentence and ``listed_with`` the places listed beside it
("in Baqubah and Baghdad": one event each); ``format_geocode`` is the ``rasid geocode`` report;
``rasid.geo.importer.import_geonames`` merges a GeoNames dump into the index.
"""

from rasid.geo.gazetteer import Candidate, Gazetteer
from rasid.geo.location import choose_location, listed_with
from rasid.geo.report import default_geocoder, format_geocode
from rasid.geo.resolve import Geocoder, Resolved

__all__ = [
    "Candidate",
    "Gazetteer",
    "Geocoder",
    "Resolved",
    "choose_location",
    "default_geocoder",
    "format_geocode",
    "listed_with",
]
