"""Exports of text as it arrives from other programs (no QGIS): control characters in titles and names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest
from shapely.geometry import Point
from support.export_files import leftovers, read_kmz

from basestation_mapper.plugin.core import kml

NS = "{http://www.opengis.net/kml/2.2}"


def test_title_layer_name_and_description_with_control_characters_stay_well_formed(tmp_path):
    # a title pasted from a document (vertical tab, form feed) and a layer named after a GeoPackage table
    title = "Koryolink\x0bcoverage\x0c 2019 & <draft>"
    folder = kml.KmlFolder("기지국\x01 stations", [kml.KmlFeature(Point(125.7, 39.0), {"name": "T1"})],
                           description="from scan\x02 & review")
    path = tmp_path / "network.kmz"
    kml.write_kmz(path, title, [folder], description="report\x1f <b>1</b>")
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("doc.kml"))  # was: not well-formed (invalid token)
    assert root.findtext(f".//{NS}Document/{NS}name") == "Koryolinkcoverage 2019 & <draft>"
    assert root.findtext(f".//{NS}Document/{NS}description") == "report <b>1</b>"
    assert root.findtext(f".//{NS}Folder/{NS}description") == "from scan & review"
    assert [pm["name"] for pm in read_kmz(path)["기지국 stations"]] == ["T1"]


def test_a_read_only_destination_is_kept_with_advice_that_fits(tmp_path):
    from basestation_mapper.plugin.core.safe_write import ExportError
    from basestation_mapper.plugin.core.tables import write_station_columns

    path = tmp_path / "기지국 stations.csv"
    path.write_text("kept\n", encoding="utf-8")
    path.chmod(0o444)  # marked read-only (replaced all the same when running as root, with a wrong hint otherwise)
    try:
        with pytest.raises(ExportError, match=r"read-only\. Make it writable or choose another name"):
            write_station_columns({"lon": [125.7], "lat": [39.0], "name": ["탑"]}, path, overwrite=True)
        assert path.read_text(encoding="utf-8") == "kept\n" and leftovers(tmp_path) == []
    finally:
        path.chmod(0o644)
