"""Vector, table and station exports re-opened with OGR (and the KMZ's KML parsed) show the source data."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)
from shapely import wkt
from support.export_files import (
    leftovers,
    locked_by_other_process,
    locked_for_other_process,
    ogr_records,
    read_kmz,
    same_values,
)
from support.export_layers import coverage_layer, empty_like, layer_records, station_layer, stats_layer

from basestation_mapper.plugin.core.safe_write import DestinationExists, ExportError, check_destination
from basestation_mapper.plugin.qgis_io import export as ex


@pytest.fixture
def layers(qgis_app):
    stations = station_layer()
    return {"stations": stations, "coverage": coverage_layer(stations), "stats": stats_layer()}


def _geoms(layer):
    return [wkt.loads(f.geometry().asWkt()) for f in layer.getFeatures()]


def test_geopackage_holds_every_layer(layers, tmp_path):
    path = tmp_path / "평양 network export.gpkg"
    result = ex.export_vector([ex.snapshot(v) for v in layers.values()], path)
    assert result.layers == {"Stations": 12, "Coverage": 12, "Coverage statistics": 3}
    for name, layer in (("Stations", layers["stations"]), ("Coverage", layers["coverage"]),
                        ("Coverage statistics", layers["stats"])):
        records, geoms = ogr_records(path, name)
        source = layer_records(layer)
        assert len(records) == len(source)
        for a, b in zip(source, records):
            b.pop("fid", None)
            assert same_values(a, b), (a, b)
        if layer.isSpatial():
            for g0, g1 in zip(_geoms(layer), geoms):
                assert g0.equals_exact(wkt.loads(g1), 1e-9)
    assert leftovers(tmp_path) == []


def test_geojson_is_wgs84_and_complete(layers, tmp_path):
    cov = layers["coverage"]
    path = tmp_path / "coverage.geojson"
    ex.export_vector([ex.snapshot(cov)], path)
    records, geoms = ogr_records(path)
    assert [r["station_id"] for r in records] == [f["station_id"] for f in cov.getFeatures()]
    for g0, g1 in zip(_geoms(cov), geoms):
        assert g0.symmetric_difference(wkt.loads(g1)).area < 1e-5 * g0.area  # RFC 7946: 7 decimals


def test_shapefile_field_names_shortened_uniquely(layers, tmp_path):
    path = tmp_path / "stats table 통계.shp"
    stations = layers["stations"]
    result = ex.export_vector([ex.snapshot(stations)], path)
    renamed = result.renamed["Stations"]
    assert renamed["antenna_height_m"] == "antenna_he" and result.warnings
    records, _geoms = ogr_records(path)
    for src, out in zip(layer_records(stations), records):
        assert out[renamed["antenna_height_m"]] == src["antenna_height_m"]
        assert out["image_date"] == src["image_date"]
        assert out["name"] == src["name"]
    assert {p.suffix for p in tmp_path.iterdir()} >= {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    # a table without geometry cannot be a shapefile
    with pytest.raises(ExportError, match="no geometry"):
        ex.export_vector([ex.snapshot(layers["stats"])], tmp_path / "stats.shp")
    assert not (tmp_path / "stats.shp").exists() and not (tmp_path / "stats.dbf").exists()


def test_shapefile_names_unique():
    names = ["covered_pop", "covered_pop_min", "covered_pop_max", "covered_pop_pct", "인구_커버리지"]
    short = ex.shapefile_names(names)
    assert len(set(short.values())) == len(names)
    assert all(len(v.encode("utf-8")) <= 10 for v in short.values())


def test_kmz_matches_layers(layers, tmp_path):
    path = tmp_path / "coverage 커버리지.kmz"
    ex.export_vector([ex.snapshot(layers["coverage"]), ex.snapshot(layers["stations"])], path, title="Demo")
    folders = read_kmz(path)
    assert list(folders) == ["Coverage", "Stations"]
    stations = layer_records(layers["stations"])
    placemarks = folders["Stations"]
    assert len(placemarks) == len(stations)
    for src, pm in zip(stations, placemarks):
        assert set(pm["data"]) == set(src)
        for key, value in src.items():
            text = pm["data"][key]
            if isinstance(value, float):
                assert float(text) == value
            else:
                assert text == ("" if value is None else str(value))
        assert pm["style"] == f"#station-{src['technology']}"
    pts = [f.geometry().asPoint() for f in layers["stations"].getFeatures()]
    for pt, pm in zip(pts, placemarks):
        lon, lat = pm["coords"][0][0]
        assert lon == pytest.approx(pt.x(), abs=1e-7) and lat == pytest.approx(pt.y(), abs=1e-7)
    cov = folders["Coverage"]
    assert len(cov) == 12 and all(p["style"].startswith("#area-") for p in cov)


def test_kmz_from_projected_layer_is_wgs84(layers, tmp_path):
    utm = layers["stations"]
    to_utm = QgsCoordinateTransform(utm.crs(), QgsCoordinateReferenceSystem("EPSG:32652"), QgsProject.instance())
    projected = QgsVectorLayer("Point?crs=EPSG:32652", "UTM stations", "memory")
    projected.dataProvider().addAttributes(utm.fields().toList())
    projected.updateFields()
    feats = []
    for f in utm.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(to_utm)
        f.setGeometry(g)
        feats.append(f)
    projected.dataProvider().addFeatures(feats)
    path = tmp_path / "utm.kmz"
    ex.export_vector([ex.snapshot(projected)], path)
    coords = [pm["coords"][0][0] for pm in read_kmz(path)["UTM stations"]]
    originals = [f.geometry().asPoint() for f in utm.getFeatures()]
    for (lon, lat), pt in zip(coords, originals):
        assert lon == pytest.approx(pt.x(), abs=1e-6) and lat == pytest.approx(pt.y(), abs=1e-6)


def test_stations_csv_has_wgs84_and_every_attribute(layers, tmp_path):
    path = tmp_path / "stations.csv"
    ex.export_stations_csv(ex.snapshot(layers["stations"]), path)
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    names = [f.name() for f in layers["stations"].fields()]
    assert list(back.columns) == ["lon", "lat", *names]
    for (_i, row), feat in zip(back.iterrows(), layers["stations"].getFeatures()):
        pt = feat.geometry().asPoint()
        assert float(row["lon"]) == pytest.approx(pt.x(), abs=1e-9)
        assert float(row["lat"]) == pytest.approx(pt.y(), abs=1e-9)
        assert row["confidence"] and float(row["confidence"]) == feat["confidence"]
        assert row["source"] == feat["source"] and row["image_date"] == feat["image_date"]
    records, _ = ogr_records(path)  # GDAL reads it too
    assert len(records) == 12


def test_statistics_xlsx_and_csv(layers, tmp_path):
    stats = layers["stats"]
    for name in ("statistics.xlsx", "statistics.csv"):
        path = tmp_path / name
        ex.export_table(ex.snapshot(stats), path)
        records, _ = ogr_records(path)
        source = layer_records(stats)
        assert len(records) == len(source)
        for a, b in zip(source, records):
            for key, value in a.items():
                if isinstance(value, (int, float)):
                    assert float(b[key]) == pytest.approx(float(value), rel=1e-12), (name, key)
                else:
                    assert b[key] == value


def test_empty_coverage_layer_written_empty(layers, tmp_path):
    empty = empty_like(layers["coverage"])
    for ext in (".gpkg", ".kmz", ".geojson", ".shp"):
        path = tmp_path / f"empty{ext}"
        result = ex.export_vector([ex.snapshot(layers["stations"]), ex.snapshot(empty)] if ext in (".gpkg", ".kmz")
                                  else [ex.snapshot(empty)], path)
        assert f"The layer 'Empty coverage' has no features: {path.name} holds it empty." in result.warnings
        assert path.exists()


def test_existing_file_kept_unless_overwrite(layers, tmp_path):
    path = tmp_path / "coverage.gpkg"
    ex.export_vector([ex.snapshot(layers["coverage"])], path)
    before = path.read_bytes()
    with pytest.raises(DestinationExists):
        ex.export_vector([ex.snapshot(layers["stations"])], path)
    assert path.read_bytes() == before
    ex.export_vector([ex.snapshot(layers["stations"])], path, overwrite=True)
    records, _ = ogr_records(path, "Stations")
    assert len(records) == 12


def test_locked_geopackage_reported(layers, tmp_path):
    path = tmp_path / "busy.gpkg"
    ex.export_vector([ex.snapshot(layers["coverage"])], path)
    before = path.read_bytes()
    with locked_by_other_process(path), pytest.raises(ExportError, match="another program"):
        ex.export_vector([ex.snapshot(layers["stations"])], path, overwrite=True)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="fcntl locks are POSIX")
def test_lock_check_keeps_locks_of_a_geopackage_edited_here(layers, tmp_path):
    # QGIS's SQLite connection holds fcntl locks on the GeoPackage it edits; the check before
    # replacing the file opened and closed it, which released them (another program could then
    # write or checkpoint the file under the open edit session)
    path = tmp_path / "edited.gpkg"
    ex.export_vector([ex.snapshot(layers["stations"])], path)
    project = QgsProject.instance()
    project.setAutoTransaction(True)
    layer = QgsVectorLayer(f"{path}|layername=Stations", "edited", "ogr")
    try:
        assert layer.isValid()
        project.addMapLayer(layer)
        assert layer.startEditing()
        assert layer.changeAttributeValue(next(layer.getFeatures()).id(), layer.fields().indexOf("name"), "moved")
        assert locked_for_other_process(path)
        check_destination(path, overwrite=True)
        assert locked_for_other_process(path)
    finally:
        layer.rollBack()
        project.removeMapLayer(layer.id())
        project.setAutoTransaction(False)


def test_cancel_leaves_nothing(qgis_app, tmp_path):
    big = station_layer(2500, seed=3)
    calls = []

    class Stop(Exception):
        pass

    def check():
        calls.append(1)
        if len(calls) == 12:  # mid-way: more than one batch of features already written
            raise Stop()

    for ext in (".gpkg", ".kmz", ".geojson"):
        path = tmp_path / f"cancel{ext}"
        calls.clear()
        with pytest.raises(Stop):
            ex.export_vector([ex.snapshot(big)], path, check=check)
        assert not path.exists() and leftovers(tmp_path) == [], ext


def test_geojson_with_two_layers_refused(layers, tmp_path):
    with pytest.raises(ExportError, match="one layer"):
        ex.export_vector([ex.snapshot(layers["stations"]), ex.snapshot(layers["coverage"])],
                         tmp_path / "two.geojson")
