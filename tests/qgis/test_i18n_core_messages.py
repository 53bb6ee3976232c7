"""Warnings and errors the core builds (terrain, a station's radio fields, population rasters, regions, raster
export) reach the analyst in Korean in a Korean QGIS, through Processing and the functions the dock calls, with
their values filled; in English otherwise."""

from __future__ import annotations

import re

import numpy as np
import pytest
from support.coverage import polygon_layer, station_layer, write_raster
from support.processing_feedback import Feedback


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


def _towers(rows, fields=(("name", "string"), ("freq", "string"))):
    """A memory point layer 'towers' (EPSG:4326), one feature per ((lon, lat), values)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    spec = "&".join(f"field={n}:{t}" for n, t in fields)
    layer = QgsVectorLayer(f"Point?crs=EPSG:4326&{spec}", "towers", "memory")
    feats = []
    for (x, y), values in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes(list(values))
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _small_dem(folder):
    """A 20 m plain of 0.02° around 127.01° E, 37.01° N (noise of a fixed seed)."""
    rng = np.random.default_rng(7)
    dem = 20.0 + rng.random((40, 40))
    return write_raster(folder / "plain.tif", dem, (127.0, 0.0005, 0.0, 37.02, 0.0, -0.0005))


def test_terrain_and_radio_field_warnings_in_korean(korean_plugin, tmp_path):
    dem = _small_dem(tmp_path)
    layer = _towers([((127.01, 37.01), ("quay", "1.8 GHz")), ((127.5, 37.3), ("hill", "900"))])
    fb = Feedback()
    run("coverage", {"STATIONS": layer, "RADIUS": 500, "DEM": dem, "OUTPUT": "memory:"}, fb)
    said = fb.warnings
    assert "freq를 GHz(으)로 읽은 기지국 1개: 피처 1 (quay): 1.8 GHz → 1800 MHz" in said
    assert [w for w in said if w.startswith("DEM plain 범위 밖에 있는 기지국 1개는 지형을 고려하면 아무 곳도 커버하지 "
                                            "않습니다: hill (fid 2)")], said


def test_radio_field_error_in_korean(korean_plugin):
    from qgis.core import QgsProcessingException

    layer = _towers([((127.01, 37.01), ("quay", "B99"))])
    with pytest.raises(QgsProcessingException) as caught:
        run("coverage", {"STATIONS": layer, "RADIUS": 500, "OUTPUT": "memory:"})
    text = str(caught.value)
    assert text.startswith("STATIONS: 피처 1 (quay): freq 'B99': LTE band 99은(는) 플러그인이 아는 밴드가 "
                           "아닙니다(1, 2, 3, "), text
    assert text.endswith("). 주파수를 MHz로 입력하십시오"), text


def _stats_inputs(folder, description):
    """Two overlapping squares r0 / r1, a station in each and a raster of 100 people per cell."""
    people = np.full((40, 40), 100.0)
    raster = write_raster(folder / "people.tif", people, (127.0, 0.001, 0.0, 37.04, 0.0, -0.001),
                          description=description)
    regions = polygon_layer(["POLYGON((127.0 37.0,127.025 37.0,127.025 37.04,127.0 37.04,127.0 37.0))",
                             "POLYGON((127.015 37.0,127.04 37.0,127.04 37.04,127.015 37.04,127.015 37.0))"])
    stations = station_layer([(127.01, 37.02), (127.03, 37.02)])
    return stations, regions, raster


def test_population_and_region_warnings_in_korean(korean_plugin, tmp_path):
    stations, regions, raster = _stats_inputs(tmp_path, "people per km2")
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                          "POPULATION": raster, "OUTPUT": "memory:"}, fb)
    said = fb.warnings
    assert [w for w in said if w.startswith(f"인구 래스터 {raster}은(는) 셀당 인구 수가 아니라 밀도(km²당 인구: "
                                            "'people.tif people per km2 AREA_OR_POINT=Area')로 보입니다")], said
    assert "지역 1쌍이 겹칩니다. 겹친 부분은 레이어의 첫 지역에서만 셉니다(작은 지역 대비 비율): r1 / r0 (40.0 %)" \
           in said, said


def test_population_and_region_warnings_in_english(plugin, tmp_path):
    stations, regions, raster = _stats_inputs(tmp_path, "people per km2")
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                          "POPULATION": raster, "OUTPUT": "memory:"}, fb)
    said = fb.warnings
    assert [w for w in said if w.startswith(f"population raster {raster} looks like a density (people per km²: "
                                            "'people.tif people per km2 AREA_OR_POINT=Area'), not counts per "
                                            "cell")], said
    assert ("1 pair of regions overlaps; the overlap is counted in the first region of the layer only (share of the "
            "smaller region): r1 / r0 (40.0 %)") in said, said


def test_population_error_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsProcessingException

    stations, regions, _raster = _stats_inputs(tmp_path, "")
    far = write_raster(tmp_path / "far.tif", np.full((10, 10), 5.0), (10.0, 0.01, 0.0, 50.0, 0.0, -0.01))
    with pytest.raises(QgsProcessingException) as caught:
        run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                              "POPULATION": far, "OUTPUT": "memory:"})
    assert str(caught.value) == (f"지역과 인구 래스터 {far}이(가) 겹치지 않습니다: 두 레이어의 좌표계와 범위를 "
                                 "확인하십시오")


def test_raster_export_messages_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsRasterLayer

    from basestation_mapper.plugin.core.safe_write import ExportError
    from basestation_mapper.plugin.qgis_io import export as ex

    values = write_raster(tmp_path / "heights.tif", np.linspace(0.5, 9.5, 100).reshape(10, 10),
                          (127.0, 0.001, 0.0, 37.01, 0.0, -0.001))
    result = ex.export_raster(values, tmp_path / "out.tif")
    assert result.warnings == ["값이 작은 음이 아닌 정수가 아니므로 색상표 없이 저장했습니다"]
    empty = write_raster(tmp_path / "empty.tif", np.full((4, 4), -1.0), (127.0, 0.001, 0.0, 37.01, 0.0, -0.001),
                         nodata=-1.0)
    assert QgsRasterLayer(empty, "empty").isValid()
    with pytest.raises(ExportError) as caught:
        ex.export_raster(empty, tmp_path / "empty_out.tif", name="coverage count")
    assert str(caught.value) == ("래스터 레이어 'coverage count'에 데이터가 없습니다(모든 셀이 NoData): 내보낼 것이 "
                                 "없습니다.")


def test_azimuth_and_raster_grid_errors_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsProcessingException

    layer = _towers([((127.01, 37.01), ("quay", "north-ish"))], fields=(("name", "string"), ("azimuths", "string")))
    with pytest.raises(QgsProcessingException) as caught:
        run("coverage", {"STATIONS": layer, "RADIUS": 500, "OUTPUT": "memory:"})
    assert str(caught.value) == ("STATIONS: 피처 1 (quay): 방위각 'north-ish' — 방위각 'north-ish'은(는) 도 단위 "
                                 "방위도 나침반 방위(N, NE, E, SE, S, SW, W, NW...)도 아닙니다")
    stations, regions, _raster = _stats_inputs(tmp_path, "")
    rotated = write_raster(tmp_path / "rotated.tif", np.full((40, 40), 5.0),
                           (127.0, 0.001, 0.0001, 37.04, 0.0001, -0.001))
    with pytest.raises(QgsProcessingException) as caught:
        run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                              "POPULATION": rotated, "OUTPUT": "memory:"})
    assert str(caught.value) == (f"인구 래스터 {rotated}: 회전된 래스터는 지원하지 않습니다: 먼저 래스터를 북쪽이 위인 "
                                 "격자로 변환(워프)하십시오")


def test_destination_errors_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsProcessingException

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("not a folder")
    with pytest.raises(QgsProcessingException) as caught:
        run("exportstationscsv", {"STATIONS": station_layer([(127.01, 37.01)]),
                                  "OUTPUT": str(not_a_folder / "towers.csv")})
    assert f"{not_a_folder}은(는) 폴더가 아닙니다." in str(caught.value)
    values = write_raster(tmp_path / "counts.tif", np.ones((4, 4)), (127.0, 0.001, 0.0, 37.01, 0.0, -0.001))
    folder = tmp_path / "out.tif"
    folder.mkdir()
    with pytest.raises(QgsProcessingException) as caught:
        run("exportraster", {"INPUT": values, "OUTPUT": str(folder)})
    assert f"{folder}은(는) 파일이 아니라 폴더입니다." in str(caught.value)


def test_import_errors_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsProcessingException

    csv = tmp_path / "sites.csv"
    csv.write_text("name,lon,lat,technology\nA,127.0,37.0,4G\nB,127.1,200,4G\nC,127.2,37.2,6G\n", encoding="utf-8")
    fb = Feedback()
    with pytest.raises(QgsProcessingException) as caught:
        run("importstations", {"INPUT": str(csv), "OUTPUT": "memory:"}, fb)
    assert str(caught.value) == ("sites.csv: 3행, lat: 200.0이(가) [-90, 90] 범위를 벗어납니다; 4행, technology: "
                                 "'6G'은(는) 알려진 기술(2G, 3G, 4G, 5G, GSM, UMTS, LTE, NR)이 아닙니다 아무것도 "
                                 "가져오지 않았습니다: 이 행들을 고치거나 건너뛰기를 선택하십시오.")
    assert fb.errors[0] == "3행, lat: 200.0이(가) [-90, 90] 범위를 벗어납니다"
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(QgsProcessingException) as caught:
        run("importstations", {"INPUT": str(empty), "OUTPUT": "memory:"})
    assert str(caught.value) == "empty.csv: 파일이 비어 있습니다"  # not "empty.csv: 파일: ..."


def test_import_errors_in_english(plugin, tmp_path):
    from qgis.core import QgsProcessingException

    csv = tmp_path / "sites.csv"
    csv.write_text("name,lon,lat,technology\nA,127.0,37.0,4G\nB,127.1,200,4G\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException) as caught:
        run("importstations", {"INPUT": str(csv), "OUTPUT": "memory:"})
    assert str(caught.value) == ("sites.csv: line 3, lat: 200.0 is outside [-90, 90] Nothing was imported: fix these "
                                 "rows, or choose to skip them.")


def test_import_dialog_report_in_korean(korean_plugin, tmp_path):
    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    path = tmp_path / "survey.csv"
    path.write_text("name;lon;lat\nA;125.7;39.0\nB;125.8;95\n", encoding="utf-8")
    dialog = ImportDialog(None, 150.0)
    dialog.file_widget.setFilePath(str(path))
    dialog.check()
    assert dialog.report.toPlainText().splitlines()[-1] == "3행, lat: 95.0이(가) [-90, 90] 범위를 벗어납니다"
    dialog.delimiter.setCurrentIndex(dialog.delimiter.findData(","))
    assert dialog.report.toPlainText() == ("survey.csv: 1행: 구분자 ','(으)로는 열이 하나만 있습니다; 파일은 ';'을(를) "
                                           "쓰는 것 같습니다")
    dialog.deleteLater()


def test_dask_scheduler_error_in_korean(korean_plugin, tmp_path):
    from qgis.core import QgsProcessingException

    stations, regions, raster = _stats_inputs(tmp_path, "")
    with pytest.raises(QgsProcessingException) as caught:
        run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                              "POPULATION": raster, "DASK_SCHEDULER": "local:0", "OUTPUT": "memory:"})
    assert str(caught.value) == "DASK_SCHEDULER: 스케줄러 'local:0': 작업자 수는 1 이상이어야 합니다"


def test_detection_input_error_in_korean(korean_plugin, tmp_path):
    from osgeo import gdal, osr
    from qgis.core import QgsProcessingException

    path = tmp_path / "sheared.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 64, 64, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((500000.0, 0.5, 0.1, 4100000.0, 0.0, -0.5))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(3)
    for b in range(1, 4):
        ds.GetRasterBand(b).WriteArray(rng.integers(0, 255, (64, 64), dtype=np.uint8))
    ds = None
    with pytest.raises(QgsProcessingException) as caught:
        run("detect", {"INPUT": str(path), "OUTPUT": "memory:"})
    said = "sheared.tif: 픽셀이 정사각형이 아닙니다(0.5 x 0.509902 지도 단위, 축이 직각에서 11° 벗어남)"
    assert said in str(caught.value), str(caught.value)


def test_dock_coverage_shows_core_warnings_in_korean(korean_plugin, tmp_path):
    """The dock's Coverage section: a population raster of two bands, band 1 counted without being chosen."""
    from qgis.core import QgsProject, QgsRasterLayer
    from support.coverage import SCENE_X0, SCENE_Y0, wait_for_coverage, west_east_scene
    from support.rasters import write_raster as write_bands

    _pop, regions, stations = west_east_scene(tmp_path)
    rng = np.random.default_rng(3)
    path = write_bands(tmp_path / "two_bands.tif", [rng.uniform(0, 4, (200, 200)), rng.uniform(0, 9, (200, 200))],
                       (SCENE_X0, 100.0, 0, SCENE_Y0, 0, -100.0), crs="EPSG:32652")
    layer = QgsRasterLayer(path, "two bands")
    QgsProject.instance().addMapLayer(layer)
    section = korean_plugin.dock.sections["coverage"]
    try:
        section.station_combo.setLayer(stations)
        section.region_combo.setLayer(regions)
        section.region_field.setField("name")
        section.raster_combo.setLayer(layer)
        section.points_combo.setLayer(None)
        section.live_check.setChecked(False)
        wait_for_coverage(section, section.run, timeout=30.0)
        text = section.status_label.text()
        assert f"인구 래스터 {path}에 밴드가 2개 있습니다: 1번 밴드(" in text, text
        assert "has 2 bands" not in text
    finally:
        section.runner.shutdown()


def test_osm_file_without_phone_masts_refused_in_korean(korean_plugin, tmp_path):
    """An OpenStreetMap file of a TV mast and a school: no mobile base station, said in Korean with its counts (one
    mast, two elements) rather than '1 mast(s) or tower(s) carry no such tag'."""
    from qgis.core import QgsProcessingException

    path = tmp_path / "masts.osm"
    path.write_text('<?xml version="1.0"?><osm version="0.6">'
                    '<node id="1" lat="39.0" lon="125.7" version="1"><tag k="man_made" v="mast"/></node>'
                    '<node id="2" lat="39.1" lon="125.8" version="1"><tag k="amenity" v="school"/></node></osm>',
                    encoding="utf-8")
    with pytest.raises(QgsProcessingException) as caught:
        run("importstations", {"INPUT": str(path), "OUTPUT": "memory:"})
    text = str(caught.value)
    assert text.startswith("masts.osm: 요소 2개 중에 이동통신 기지국이 없습니다("), text
    assert text.endswith("; 철탑 1개에는 그런 태그가 없습니다(tower:type=communication을 추가하거나 "
                         "GeoJSON 포인트 레이어로 가져오십시오)"), text


def _kml(placemarks: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n' \
           f'{placemarks}</Document></kml>\n'


def test_kml_area_too_large_for_a_footprint_in_korean(korean_plugin, tmp_path):
    """A KML placemark drawn as an area of about 1.4 km (a district, no tower's footprint) is a bad row said in
    Korean with its size; a KMZ of KML files holding only such areas is refused saying so."""
    import zipfile

    from qgis.core import QgsProcessingException

    ring = "127.00,37.00 127.01,37.00 127.01,37.01 127.00,37.01 127.00,37.00"
    district = f"<Placemark><name>District</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}" \
               "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n"
    path = tmp_path / "towers.kml"
    path.write_text(_kml("<Placemark><name>Mast</name><Point><coordinates>127.02,37.02</coordinates></Point>"
                         f"</Placemark>\n{district}"), encoding="utf-8")
    fb = Feedback()
    with pytest.raises(QgsProcessingException):
        run("importstations", {"INPUT": str(path), "OUTPUT": "memory:"}, fb)
    said = r"4행, geometry: 플레이스마크 'District'은\(는\) 점이 아니라 Polygon입니다" \
           r"\(크기 1,4\d\d m, 철탑 바닥보다 큼\)"
    assert len(fb.errors) == 1 and re.fullmatch(said, fb.errors[0]), fb.errors
    kmz = tmp_path / "districts.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.writestr("doc.kml", _kml(district))
        archive.writestr("more/east.kml", _kml(district.replace("127.0", "127.1")))
    with pytest.raises(QgsProcessingException) as caught:
        run("importstations", {"INPUT": str(kmz), "OUTPUT": "memory:"})
    assert str(caught.value).startswith("districts.kmz: 3행, geometry: KMZ의 KML 파일 2개에는 점이 없고 선이나 면만 "
                                        "있습니다(폴리곤 2개): 기지국은 점입니다"), str(caught.value)


def test_position_chosen_as_none_refused_in_korean(korean_plugin, tmp_path):
    """'(none)' chosen for the position: a CSV without a column of both coordinates is refused by the reader in the
    Import… dialog, and a workbook's sheet given lon without lat, in Korean."""
    from osgeo import gdal, ogr

    from basestation_mapper.plugin.core import importers as im
    from basestation_mapper.plugin.i18n import translated
    from basestation_mapper.plugin.ui.import_dialog import ImportDialog

    csv = tmp_path / "survey.csv"
    csv.write_text("name,lon,lat\nA,125.7,39.0\n", encoding="utf-8")
    dialog = ImportDialog(None, 0.0)
    dialog.file_widget.setFilePath(str(csv))
    for role in ("lon", "lat"):
        dialog.role_combos[role].setCurrentIndex(dialog.role_combos[role].findData(""))
    dialog.check()
    assert dialog.report.toPlainText() == ("survey.csv: 1행: 위치 열(lon과 lat, 또는 x와 y)이 선택되지 않았고 "
                                           "두 좌표를 함께 담은 열도 없습니다. 열: name, lon, lat")
    dialog.deleteLater()
    gdal.UseExceptions()
    book = tmp_path / "towers.xlsx"
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(str(book))
    lyr = ds.CreateLayer("Towers", geom_type=ogr.wkbNone)
    for column in ("lon", "lat"):
        lyr.CreateField(ogr.FieldDefn(column, ogr.OFTReal))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("lon", 125.7)
    feat.SetField("lat", 39.0)
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    with pytest.raises(im.ImportFailed) as caught:
        im.import_file(str(book), mapping={"lon": "lon", "lat": ""})
    assert translated(caught.value) == ("towers.xlsx: 1행, lon: 레이어 'Towers': 열 'lon'을(를) lon(으)로 "
                                        "선택했지만 lat에는 선택한 열이 없습니다: 위치에는 둘 다 필요합니다(lon과 "
                                        "lat, 또는 x와 y)")


def test_link_budget_notes_in_korean(korean_plugin):
    """coverage's link budget (MODEL hata): the radius cut at 20 km and the model's validity note name the stations
    in Korean."""
    layer = _towers([((127.0, 37.0), ("hill", 60.0)), ((127.5, 37.0), ("short", 5.0))],
                    fields=(("name", "string"), ("antenna_height_m", "double")))
    fb = Feedback()
    run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "ENVIRONMENT": "suburban", "EIRP": 65,
                     "OUTPUT": "memory:"}, fb)
    said = fb.warnings
    assert ("Okumura-Hata이(가) 모델이 더 이상 성립하지 않는 20 km 너머까지 도달합니다: 반경은 20 km입니다(더 먼 "
            "도달 거리는 radius_m 또는 RADIUS로 지정): 기지국 1개: 피처 1 (hill)") in said, said
    assert "Okumura-Hata: 기지국 안테나 높이 5 m가 30-200 m를 벗어납니다: 기지국 1개: 피처 2 (short)" in said, said

@pytest.mark.skipif(not hasattr(__import__("qgis.core", fromlist=["QgsRasterDataProvider"]).QgsRasterDataProvider,
                                "encodeVirtualRasterProviderUri"), reason="no virtual raster URI before QGIS 3.18")
def test_computed_population_raster_warning_in_korean(korean_plugin, tmp_path, monkeypatch):
    """A population raster QGIS computes (virtualraster), read through a temporary GeoTIFF: a core warning naming
    that file named the layer instead but in English (the message lost its template); it is Korean."""
    import tempfile

    from qgis.core import QgsProject, QgsRasterDataProvider, QgsRasterLayer

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stations, regions, _raster = _stats_inputs(tmp_path, "")
    rng = np.random.default_rng(5)
    path = write_raster(tmp_path / "west.tif", np.round(rng.random((40, 20)) * 5, 2),
                        (127.0, 0.001, 0.0, 37.04, 0.0, -0.001))  # the west half of the regions only
    source = QgsRasterLayer(path, "west")
    params = QgsRasterDataProvider.VirtualRasterParameters()
    params.crs, params.extent = source.crs(), source.extent()
    params.height, params.width = 40, 20
    params.formula = '"west@1" * 2'
    entry = QgsRasterDataProvider.VirtualRasterInputLayers()
    entry.name, entry.uri, entry.provider = "west", path, "gdal"
    params.rInputLayers = [entry]
    virtual = QgsRasterLayer(QgsRasterDataProvider.encodeVirtualRasterProviderUri(params), "Doubled", "virtualraster")
    assert virtual.isValid()
    QgsProject.instance().addMapLayers([source, virtual])
    fb = Feedback()
    run("coveragestats", {"STATIONS": stations, "RADIUS": 1000, "REGIONS": regions, "REGION_FIELD": "name",
                          "POPULATION": virtual, "OUTPUT": "memory:"}, fb)
    partly = [w for w in fb.warnings if "'Doubled'" in w]
    assert partly and all(w.startswith("인구 래스터 'Doubled'") for w in partly), fb.warnings
    QgsProject.instance().removeMapLayers([source.id(), virtual.id()])
