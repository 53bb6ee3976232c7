"""Exports of text as it arrives from other programs (no QGIS): control characters in titles and names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

from shapely.geometry import Point
from support.export_files import read_kmz

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
