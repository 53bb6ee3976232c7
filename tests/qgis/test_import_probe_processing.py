"""basestationmapper:importstations on exports the other tests never saw (files written here, small and fixed)."""

from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer

pytestmark = pytest.mark.usefixtures("provider")


def _run(params):
    import processing

    return processing.run("basestationmapper:importstations", params)


def test_processing_encoding_euc_kr_reads_a_korean_excel_csv(qgis_processing, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_bytes("이름,위도,경도,통신사\n햏 기지국,37.5,127.0,SK텔레콤\n".encode("cp949"))
    res = _run({"INPUT": str(path), "ENCODING": "EUC-KR", "OUTPUT": str(tmp_path / "out.gpkg")})
    layer = QgsVectorLayer(res["OUTPUT"], "out", "ogr")
    (feature,) = list(layer.getFeatures())
    assert (feature["name"], feature["operator"]) == ("햏 기지국", "SK텔레콤")


def test_processing_kml_declared_utf8_but_saved_as_cp949(qgis_processing, tmp_path):
    path = tmp_path / "edited.kml"
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + (
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>서울역 기지국</name>'
        '<Point><coordinates>126.97,37.55</coordinates></Point></Placemark></Document></kml>').encode("cp949"))
    res = _run({"INPUT": str(path), "OUTPUT": str(tmp_path / "out.gpkg")})
    layer = QgsVectorLayer(res["OUTPUT"], "out", "ogr")
    (feature,) = list(layer.getFeatures())
    assert feature["name"] == "서울역 기지국"
    point = feature.geometry().asPoint()
    assert (round(point.x(), 6), round(point.y(), 6)) == (126.97, 37.55)


def test_processing_says_which_no_value_markers_were_read_as_not_given(qgis_processing, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos = []

        def pushInfo(self, info):
            self.infos.append(info)
            super().pushInfo(info)

    path = tmp_path / "r_export.csv"
    path.write_text('"","name","lat","lon","height"\n"1","A",37.5,127,NA\n"2","B",37.6,127.1,NA\n'
                    '"3","C",37.7,127.2,25\n', encoding="utf-8")
    feedback = Feedback()
    res = processing.run("basestationmapper:importstations", {"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")},
                         feedback=feedback)
    layer = QgsVectorLayer(res["OUTPUT"], "out", "ogr")
    assert sorted((f["name"], f["antenna_height_m"]) for f in layer.getFeatures()) == [
        ("A", 30.0), ("B", 30.0), ("C", 25.0)]
    assert any("2 values written as 'no value'" in info and "'height' (2)" in info for info in feedback.infos), \
        feedback.infos
