"""The sample shipped with the plugin as project layers: North Korea's provinces (Natural Earth),
populated places with population (GeoNames) and the illustrative stations (not real towers)."""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsFillSymbol, QgsMarkerSymbol, QgsSingleSymbolRenderer, QgsVectorLayer

from ..constants import SAMPLE_DIR
from ..core.importers import import_file
from .project import add_layer
from .station_layer import frame_to_memory_layer

SAMPLE_PROVINCES = SAMPLE_DIR / "provinces_naturalearth.geojson"
SAMPLE_PLACES = SAMPLE_DIR / "places_geonames.geojson"
SAMPLE_STATIONS = SAMPLE_DIR / "stations_illustrative.csv"
#: Field of the provinces holding their names, and of the places holding their population.
PROVINCE_NAME_FIELD = "name"
PLACE_POPULATION_FIELD = "population"


@dataclass
class SampleLayers:
    provinces: QgsVectorLayer
    places: QgsVectorLayer
    stations: QgsVectorLayer


def load_sample() -> SampleLayers:
    """Add the sample to the project's plugin group; the stations as an editable memory layer
    (the shipped files stay untouched). Raises ValueError when a file cannot be read."""
    provinces = QgsVectorLayer(str(SAMPLE_PROVINCES), "Provinces (sample)", "ogr")
    places = QgsVectorLayer(str(SAMPLE_PLACES), "Populated places (sample)", "ogr")
    for layer, path in ((provinces, SAMPLE_PROVINCES), (places, SAMPLE_PLACES)):
        if not layer.isValid():
            raise ValueError(f"{path.name}: cannot be read")
    stations = frame_to_memory_layer(import_file(str(SAMPLE_STATIONS)).require_clean().stations,
                                     "Stations (illustrative sample)")
    # the provinces drawn as outlines (QGIS gave them an opaque fill of a random colour, under which nothing drawn
    # below them showed), the places as small dots under the stations' symbols
    provinces.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "77,77,77,255", "outline_width": "0.3"})))
    places.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "90,90,90,255", "outline_style": "no", "size": "1.4"})))
    add_layer(provinces)
    add_layer(places)
    add_layer(stations)
    return SampleLayers(provinces, places, stations)
