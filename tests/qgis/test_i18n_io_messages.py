"""Warnings and errors of the exports, the station layers, the imagery, the coverage inputs and the DEM reach the
analyst in Korean in a Korean QGIS, with their values filled (and in English otherwise)."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io import export as ex


def _stations(n_unplaced: int) -> QgsVectorLayer:
    """A point layer 'towers' with one placed station and ``n_unplaced`` without a position."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "towers", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i in range(n_unplaced + 1):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"site {i}"])
        if i == 0:
            feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_export_messages_in_english(plugin, tmp_path):
    result = ex.export_stations_csv(ex.snapshot(_stations(2)), tmp_path / "towers.csv")
    assert result.warnings == ["2 stations without a position: lon/lat left empty"]
    with pytest.raises(ExportError, match=r"^towers\.txt: unknown vector format '\.txt'\. Use one of \.geojson"):
        ex.export_vector([ex.snapshot(_stations(0))], tmp_path / "towers.txt")


def test_export_messages_in_korean(korean_plugin, tmp_path):
    for n in (1, 3):
        result = ex.export_stations_csv(ex.snapshot(_stations(n)), tmp_path / f"towers{n}.csv")
        assert result.warnings == [f"위치가 없는 기지국 {n}개: lon/lat를 비워 두었습니다"]
    with pytest.raises(ExportError) as caught:
        ex.export_vector([ex.snapshot(_stations(0))], tmp_path / "towers.txt")
    assert str(caught.value).startswith("towers.txt: 알 수 없는 벡터 형식 '.txt'입니다. 다음 중 하나를 사용하십시오: "
                                        ".geojson, ")
    with pytest.raises(ExportError, match=r"^'towers'은\(는\) 포인트 레이어가 아닙니다"):
        layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "towers", "memory")
        ex.export_stations_csv(ex.snapshot(layer), tmp_path / "areas.csv")


def test_station_layer_messages_in_korean(korean_plugin, tmp_path):
    from basestation_mapper.plugin.qgis_io import station_layer as sl

    existing = tmp_path / "towers.gpkg"
    existing.write_bytes(b"")
    with pytest.raises(sl.StationLayerError) as caught:
        sl.create_station_gpkg(str(existing))
    assert str(caught.value) == f"{existing}이(가) 이미 있습니다"
    layer = _stations(0)
    layer.startEditing()
    with pytest.raises(sl.StationLayerError) as caught:
        sl.add_missing_fields(layer)
    assert str(caught.value) == "towers에 저장하지 않은 편집 내용이 있습니다: 먼저 저장하거나 취소하십시오"
    layer.rollBack()
    stations = sl.create_memory_station_layer("stations")
    sl.configure_station_form(stations)
    status = stations.fields().indexOf("status")
    assert stations.constraintDescription(status) == "status: candidate, confirmed, rejected 중 하나"


def test_imagery_messages_in_korean(korean_plugin):
    from basestation_mapper.plugin.qgis_io import imagery

    with pytest.raises(imagery.ImageryError) as caught:
        imagery.xyz_url("https://tiles-{s}.example.invalid/{z}/{x}/{y}.png")
    assert str(caught.value) == ("QGIS는 https://tiles-{s}.example.invalid/{z}/{x}/{y}.png의 {s}를 채울 수 없습니다: "
                                 "{s}를 서버의 하위 도메인 중 하나(흔히 a, b, c 또는 0, 1, 2, 3)로 바꾸십시오")
    with pytest.raises(imagery.ImageryError, match=r"^'2019-13-45'은\(는\) 날짜가 아닙니다\(YYYY-MM-DD 형식 사용\)$"):
        imagery.set_acquisition_date(QgsVectorLayer("Point", "x", "memory"), "2019-13-45")
    layer = imagery.web_layer({"kind": "wmts", "url": "https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml",
                               "layers": "ortho_2019", "name": "정사영상 2019"})
    assert imagery.web_layer_problem(layer) == (
        "정사영상 2019: QGIS가 이 WMTS 소스를 사용할 수 없습니다. 주소, 서비스가 타일 매트릭스 세트 "
        "GoogleMapsCompatible의 EPSG:3857 레이어 'ortho_2019'을(를) 제공하는지, 그리고 네트워크를 확인하십시오"
        "(메시지 로그의 WMS 탭에 자세한 내용이 있습니다).")


def _towns() -> QgsVectorLayer:
    """A point layer 'towns' with a population field 'pop': one town counted, one without a value."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:double", "towns", "memory")
    feats = []
    for value in (1200.0, None):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([value])
        feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def _dem(tmp_path) -> QgsRasterLayer:
    """A flat DEM 'dem' of 20 x 20 cells of 0.001° around (125.7, 39.0)."""
    from osgeo import gdal, osr

    path = str(tmp_path / "dem.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 20, 20, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((125.69, 0.001, 0, 39.01, 0, -0.001))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).Fill(100.0)
    ds = None
    return QgsRasterLayer(path, "dem")


def _far_station(layer: QgsVectorLayer) -> QgsVectorLayer:
    """``layer`` with a station 'far' added well outside the DEM of :func:`_dem`."""
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["far"])
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(126.5, 39.0)))
    layer.dataProvider().addFeatures([feat])
    return layer


def _count_layer(tmp_path) -> QgsRasterLayer:
    """A 2 x 2 raster of stations in sight (0 to 3), styled."""
    from qgis.core import QgsCoordinateReferenceSystem

    from basestation_mapper.plugin.core.terrain import Grid
    from basestation_mapper.plugin.qgis_io import dem

    grid = Grid(500000.0, 4300000.0, 100.0, 100.0, 2, 2, QgsCoordinateReferenceSystem("EPSG:32652").toWkt())
    path = dem.write_count_raster(str(tmp_path / "sight.tif"), np.array([[0, 1], [2, 3]], np.uint8), grid)
    layer = QgsRasterLayer(path, "sight")
    dem.style_count_layer(layer, 3)
    return layer


def test_coverage_and_dem_messages_in_english(plugin, tmp_path):
    from basestation_mapper.plugin.qgis_io import coverage_io as cio
    from basestation_mapper.plugin.qgis_io import dem

    _, warnings, _ = cio.read_stations(_stations(1), cio.CoverageOptions())
    assert "layer 'towers': 1 station without geometry was skipped" in warnings
    said = []
    cio.read_population_points(_towns(), "pop", said)
    assert said == ["population layer 'towns': 1 feature without a pop value is not counted: feature 2"]
    observers = dem.read_observers(_far_station(_stations(0)), dem.prepare_dem(_dem(tmp_path)))
    assert "1 station outside DEM dem was skipped: far (fid 2)" in observers.warnings
    count = _count_layer(tmp_path)
    assert [c.label for c in count.renderer().classes()] == [
        "1 station in sight", "2 stations in sight", "3 stations in sight"]


def test_coverage_messages_in_korean(korean_plugin):
    from basestation_mapper.plugin.qgis_io import coverage_io as cio

    _, warnings, _ = cio.read_stations(_stations(2), cio.CoverageOptions())
    assert "레이어 'towers': 도형이 없는 기지국 2개를 건너뛰었습니다" in warnings
    with pytest.raises(cio.InputError) as caught:
        cio.read_regions(_stations(0), None)
    assert str(caught.value) == "레이어 'towers'은(는) 폴리곤 레이어가 아닙니다"
    said = []
    cio.read_population_points(_towns(), "pop", said)
    assert said == ["인구 레이어 'towns': pop 값이 없는 피처 1개는 집계하지 않습니다: 피처 2"]
    with pytest.raises(cio.InputError) as caught:
        cio.read_population_points(_towns(), "people")
    assert str(caught.value) == "인구 레이어 'towns'에 필드 'people'이(가) 없습니다(필드: pop)"


def test_dem_messages_in_korean(korean_plugin, tmp_path):
    from basestation_mapper.plugin.qgis_io import dem

    observers = dem.read_observers(_far_station(_stations(0)), dem.prepare_dem(_dem(tmp_path)))
    assert "DEM dem 밖에 있는 기지국 1개를 건너뛰었습니다: far (fid 2)" in observers.warnings
    count = _count_layer(tmp_path)
    assert [c.label for c in count.renderer().classes()] == [
        "가시 기지국 1개", "가시 기지국 2개", "가시 기지국 3개"]
