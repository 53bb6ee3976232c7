"""KML exports the other importer tests never saw (files written here, small and fixed)."""

from __future__ import annotations

import pytest

from basestation_mapper.plugin.core import importers as im

# 'ogr2ogr -f KML sites.kml sites.csv' of a CSV whose lat/lon columns were not named as its geometry (no
# -oo X_POSSIBLE_NAMES): placemarks without geometry, their position in the data
_TABLE_AS_KML = """<?xml version="1.0" encoding="utf-8" ?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document id="root_doc">
<Schema name="sites" id="sites">
\t<SimpleField name="lat" type="string"></SimpleField>
\t<SimpleField name="lon" type="string"></SimpleField>
\t<SimpleField name="operator" type="string"></SimpleField>
</Schema>
<Folder><name>sites</name>
  <Placemark>
\t<name>A</name>
\t<ExtendedData><SchemaData schemaUrl="#sites">
\t\t<SimpleData name="lat">37.5</SimpleData>
\t\t<SimpleData name="lon">126.9</SimpleData>
\t\t<SimpleData name="operator">SKT</SimpleData>
\t</SchemaData></ExtendedData>
  </Placemark>
  <Placemark>
\t<name>B</name>
\t<ExtendedData><SchemaData schemaUrl="#sites">
\t\t<SimpleData name="lat">37,6</SimpleData>
\t\t<SimpleData name="lon">127,0</SimpleData>
\t\t<SimpleData name="operator">KT</SimpleData>
\t</SchemaData></ExtendedData>
  </Placemark>
  <Placemark>
\t<name>C</name>
\t<ExtendedData><SchemaData schemaUrl="#sites">
\t\t<SimpleData name="operator">KT</SimpleData>
\t</SchemaData></ExtendedData>
  </Placemark>
</Folder>
</Document></kml>
"""


def test_placemarks_without_geometry_are_placed_by_their_lon_lat_data(tmp_path):
    path = tmp_path / "sites.kml"
    path.write_text(_TABLE_AS_KML, encoding="utf-8")
    result = im.import_file(path, skip_bad=True)
    stations = result.stations.sort_values("name")
    assert list(stations["name"]) == ["A", "B"]
    assert list(stations["lon"]) == [126.9, 127.0]
    assert list(stations["lat"]) == [37.5, 37.6]
    assert list(stations["operator"]) == ["SKT", "KT"]
    # the one without lon/lat stays a bad row, named by its line and name
    assert [(p.line, p.field) for p in result.problems] == [(26, "geometry")]
    assert "'C'" in result.problems[0].reason
    with pytest.raises(im.ImportFailed, match=r"sites\.kml: line 26"):
        im.import_file(path)


def test_a_placemark_with_a_point_keeps_it_over_its_lon_lat_data(tmp_path):
    path = tmp_path / "moved.kml"
    path.write_text('<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name><ExtendedData>'
                    '<Data name="Latitude"><value>37.5</value></Data><Data name="Longitude"><value>126.9</value>'
                    '</Data></ExtendedData><Point><coordinates>126.95,37.55</coordinates></Point></Placemark>'
                    '</Document></kml>', encoding="utf-8")
    stations = im.import_file(path).stations
    assert (stations["lon"].iloc[0], stations["lat"].iloc[0]) == (126.95, 37.55)


def _declared_utf8(body: str, encoding: str) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode(encoding)


_KOREAN_KML = ('<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>SK텔레콤</name>\n'
               '<Placemark><name>서울역 기지국</name><Point><coordinates>126.97,37.55</coordinates></Point>'
               '</Placemark>\n'
               '</Folder></Document></kml>\n')


@pytest.mark.parametrize(("encoding", "name", "operator"), [("cp949", "서울역 기지국", "SK텔레콤"),
                                                            ("cp1252", "Café Zürich", "Orange")])
def test_kml_declared_utf8_but_saved_in_the_systems_encoding(tmp_path, encoding, name, operator):
    """A KML edited in Notepad and saved as 'ANSI' keeps its declaration of UTF-8: CP949 on Korean Windows,
    Windows-1252 on Western ones. Read as such (expat refused it: 'not well-formed (invalid token)')."""
    path = tmp_path / "edited.kml"
    path.write_bytes(_declared_utf8(_KOREAN_KML.replace("서울역 기지국", name).replace("SK텔레콤", operator), encoding))
    stations = im.import_file(path).stations
    assert list(stations["name"]) == [name]
    assert list(stations["operator"]) == [operator]


def test_kml_declared_utf8_and_not_utf8_past_its_first_block(tmp_path, monkeypatch):
    monkeypatch.setattr(im, "KML_BLOCK_BYTES", 256)
    places = "".join(f"<Placemark><name>T{i}</name><Point><coordinates>126.{i:02d},37.5</coordinates></Point>"
                     "</Placemark>\n" for i in range(20))
    path = tmp_path / "edited.kml"
    path.write_bytes(_declared_utf8(_KOREAN_KML.replace("<Placemark>", places + "<Placemark>", 1), "cp949"))
    stations = im.import_file(path).stations
    assert len(stations) == 21
    assert "서울역 기지국" in set(stations["name"])
    assert set(stations["operator"]) == {"SK텔레콤"}


def test_kml_declared_utf8_mixing_encodings_names_the_line_and_byte(tmp_path):
    text = _KOREAN_KML.replace("</Folder>", "<Placemark><name>Bé</name><Point><coordinates>126.9,37.5</coordinates>"
                                            "</Point></Placemark>\n</Folder>")
    data = _declared_utf8(text, "utf-8").replace("서울역 기지국".encode(), "서울역 기지국".encode("cp949"))
    path = tmp_path / "mixed.kml"
    path.write_bytes(data)
    with pytest.raises(im.ImportFailed, match=r"mixed.kml: line 3: the text is not valid UTF-8 as its XML "
                                              r"declaration says \(byte \d+\)"):
        im.import_file(path)
