"""Messages with a count read right for one and for several, in English and in Korean (Qt's plural forms)."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from basestation_mapper.plugin.i18n import tr


def _report_warnings(unnamed: int):
    """The report's warnings for a region layer with ``unnamed`` regions without a name (and one named)."""
    import pandas as pd

    from basestation_mapper.plugin.qgis_io.report import ReportInputs, input_warnings

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "provinces", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i in range(unnamed + 1):
        feat = QgsFeature(layer.fields())
        feat.setAttributes(["North" if i == 0 else None])
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(125 + i, 38, 125.5 + i, 38.5)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    stats = pd.DataFrame({"region": ["North", "TOTAL"], "population": [10.0, 10.0]})
    return input_warnings(ReportInputs(regions=layer, region_field="name", statistics=stats))


def test_english_one_and_several(plugin):
    assert tr("{n} file written to {folder}", "{n} files written to {folder}", 1).format(n=1, folder="out") \
        == "1 file written to out"
    assert tr("{n} file written to {folder}", "{n} files written to {folder}", 0).format(n=0, folder="out") \
        == "0 files written to out"
    assert tr("{n} station can be imported.", "{n} stations can be imported.", 2).format(n=2) \
        == "2 stations can be imported."
    assert _report_warnings(1) == [
        "1 region of the layer 'provinces' has no name in the field 'name': the map leaves it unlabelled."]
    assert _report_warnings(3) == [
        "3 regions of the layer 'provinces' have no name in the field 'name': the map leaves them unlabelled."]


def test_korean_one_and_several(korean_plugin):
    for n in (1, 5):
        assert tr("{n} station can be imported.", "{n} stations can be imported.", n).format(n=n) \
            == f"기지국 {n}개를 가져올 수 있습니다."
        assert _report_warnings(n) == [
            f"레이어 'provinces'의 지역 {n}개는 필드 'name'에 이름이 없습니다: 지도에 레이블이 표시되지 않습니다."]
