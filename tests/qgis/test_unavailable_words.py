"""An unavailable layer is worded alike wherever it is said: a file moved away is named as not found (the Detection
panel said so in words of its own, the other sections said 'its data cannot be opened' of a missing file too), a
file that is there but cannot be read is said unreadable with its source."""

from __future__ import annotations

from qgis.core import QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QUrl
from support.paths import POSIX_ONLY, analyst_folder

from basestation_mapper.plugin.qgis_io.sources import missing_file
from basestation_mapper.plugin.ui.sections.layer_choice import unavailable_text

REPAIR = "Repair it in the Layers panel (right-click it › Repair Data Source…) or choose another layer in the list."


@POSIX_ONLY
def test_a_missing_file_is_named_as_not_found(qgis_new_project, tmp_path):
    folder = analyst_folder(tmp_path)
    gone = folder / "역 목록 #1.gpkg"
    layer = QgsVectorLayer(f"{gone}|layername=stations", "stations", "ogr")
    assert not layer.isValid()
    assert missing_file(layer) == str(gone)
    assert unavailable_text("station layer", layer) == (
        f"The station layer 'stations' is unavailable: its file {gone} cannot be found. {REPAIR}")
    raster = QgsRasterLayer(f"GPKG:{gone}:tiles", "tiles", "gdal")
    assert missing_file(raster) == str(gone)
    url = QUrl.fromLocalFile(str(folder / "sites.csv"))
    url.setQuery("type=csv&xField=lon&yField=lat")
    csv = QgsVectorLayer(url.toString(QUrl.ComponentFormattingOption.FullyEncoded), "sites", "delimitedtext")
    assert missing_file(csv) == str(folder / "sites.csv")


def test_a_file_that_is_there_but_unreadable_is_said_so_with_its_source(qgis_new_project, tmp_path):
    broken = tmp_path / "stations.gpkg"
    broken.write_text("not a GeoPackage", encoding="utf-8")
    layer = QgsVectorLayer(f"{broken}|layername=stations", "stations", "ogr")
    assert not layer.isValid()
    assert missing_file(layer) == ""
    assert unavailable_text("station layer", layer) == (
        f"The station layer 'stations' is unavailable: its data cannot be opened ({layer.publicSource()}). {REPAIR}")


def test_web_and_memory_sources_are_never_missing_files(qgis_new_project):
    web = QgsRasterLayer("type=xyz&url=https://tiles.example.invalid/{z}/{x}/{y}.png", "tiles", "wms")
    memory = QgsVectorLayer("Point?crs=EPSG:4326", "scratch", "memory")
    assert missing_file(web) == "" and missing_file(memory) == ""
