"""KML/KMZ writer: folders, placemarks, balloon attributes, styles by technology, geometry."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon
from support.export_files import kml_styles, leftovers, read_kmz

from basestation_mapper.plugin.core import kml
from basestation_mapper.plugin.core.palette import TECHNOLOGY_COLORS, kml_color
from basestation_mapper.plugin.core.safe_write import DestinationExists


def _folders():
    stations = kml.KmlFolder("Stations 기지국", [
        kml.KmlFeature(Point(125.75, 39.03), {"station_id": "a", "name": "Pyongyang 1", "technology": "3G",
                                              "confidence": 0.875, "image_date": "2021-05-04", "notes": None}),
        kml.KmlFeature(Point(127.5, 39.9), {"station_id": "b", "name": "함흥 <tower> & co", "technology": "2G",
                                            "confidence": 1.0, "image_date": None, "notes": "a\x01b"}),
    ])
    hole = Polygon([(125, 39), (126, 39), (126, 40), (125, 40)], [[(125.4, 39.4), (125.6, 39.4), (125.6, 39.6)]])
    coverage = kml.KmlFolder("Coverage", [
        kml.KmlFeature(hole, {"station_id": "a", "technology": "3G"}),
        kml.KmlFeature(MultiPolygon([Polygon([(127, 39), (128, 39), (128, 40)]),
                                     Polygon([(129, 39), (130, 39), (130, 40)])]), {"overlap": 3}),
    ])
    return [stations, coverage]


def test_kmz_round_trip(tmp_path):
    path = tmp_path / "net work 네트워크.kmz"
    kml.write_kmz(path, "Demo", _folders())
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["doc.kml", kml.ICON_NAME]
        png = zf.read(kml.ICON_NAME)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (32, 32)
    folders = read_kmz(path)
    assert list(folders) == ["Stations 기지국", "Coverage"]
    st = folders["Stations 기지국"]
    assert [p["name"] for p in st] == ["Pyongyang 1", "함흥 <tower> & co"]
    assert st[0]["data"] == {"station_id": "a", "name": "Pyongyang 1", "technology": "3G", "confidence": "0.875",
                             "image_date": "2021-05-04", "notes": ""}
    assert st[1]["data"]["notes"] == "ab"  # control characters are not valid XML
    assert st[0]["style"] == "#station-3G" and st[1]["style"] == "#station-2G"
    assert st[0]["coords"] == [[(125.75, 39.03)]]
    assert st[0]["description"] == ""  # Google Earth's own balloon shows the ExtendedData table
    cov = folders["Coverage"]
    assert cov[0]["geometry"] == "Polygon" and len(cov[0]["coords"]) == 2  # outer ring + hole
    assert cov[0]["coords"][1][1] == (125.6, 39.6)  # the hole turned clockwise (drawn counter-clockwise)
    assert cov[1]["geometry"] == "MultiGeometry" and len(cov[1]["coords"]) == 2
    assert cov[0]["style"] == "#area-3G" and cov[1]["style"] == "#count-3"


def test_styles_follow_palette_and_are_semi_transparent(tmp_path):
    path = tmp_path / "s.kmz"
    kml.write_kmz(path, "Demo", _folders())
    styles = kml_styles(path)
    for tech, colour in TECHNOLOGY_COLORS.items():
        poly = styles[f"area-{tech}"]["poly"]
        assert poly == kml_color(colour, kml.FILL_ALPHA)
        assert 0 < int(poly[:2], 16) < 255  # alpha: semi-transparent
        assert styles[f"station-{tech}"]["icon"] == kml_color(colour)


def test_plain_kml_uses_web_icon(tmp_path):
    path = tmp_path / "s.kml"
    kml.write_kmz(path, "Demo", _folders())
    root = ET.parse(path).getroot()
    hrefs = {h.text for h in root.iter("{http://www.opengis.net/kml/2.2}href")}
    assert hrefs == {kml.WEB_ICON}
    assert len(read_kmz(path)["Coverage"]) == 2


def test_empty_layers_give_empty_folders(tmp_path):
    """As QGIS writes an empty layer: a valid document with an empty folder (it was refused)."""
    path = tmp_path / "empty.kmz"
    kml.write_kmz(path, "Demo", [kml.KmlFolder("Coverage", [])])
    assert read_kmz(path) == {"Coverage": []} and leftovers(tmp_path) == []


def test_existing_kmz_kept_without_consent(tmp_path):
    path = tmp_path / "a.kmz"
    path.write_bytes(b"old")
    with pytest.raises(DestinationExists):
        kml.write_kmz(path, "Demo", _folders())
    assert path.read_bytes() == b"old"


def test_text_of_values():
    assert kml.text(None) == "" and kml.text(float("nan")) == ""
    assert kml.text(0.1) == "0.1" and float(kml.text(1 / 3)) == 1 / 3
    assert kml.text(True) == "true"


def test_icon_png_decodes():
    png = kml.station_icon_png(16)
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    raw = zlib.decompress(idat)
    assert len(raw) == 16 * (1 + 16 * 4)


def test_balloon_values_escaped_as_one_by_one():
    """The balloon text of every value is ``xml_text(text(value))``, repeated strings included."""
    values = [1.5, float("nan"), float("inf"), -0.0, 1e-300, 3, True, False, None, "3G", "a & b <c>",
              "ctrl\x01\x0bchar\ufffe", "기지국", "3G", "a & b <c>", 0, 1]
    cache: dict = {}
    for _round in range(2):
        assert [kml._value_text(v, cache) for v in values] == [kml.xml_text(kml.text(v)) for v in values]
    # the features of a layer share one set of tags; a second layer with other fields gets its own
    a = kml.placemark(kml.KmlFeature((1.0, 2.0), {"name": "x", "status": "ok & go"}), 0, cache)
    b = kml.placemark(kml.KmlFeature((1.0, 2.0), {"technology": "4G"}), 1, cache)
    assert '<Data name="status"><value>ok &amp; go</value></Data>' in a and "status" not in b
    assert '<Data name="technology"><value>4G</value></Data>' in b
