"""GeoJSON properties holding numbers in some features and text in others ("pop": 1200, "pop": "1,300"): GDAL
gives such a field its JSON subtype, and QGIS 3.22 reads every value of it as NULL. The station, region and
population readers read those values through OGR: the people, radii and names are counted as written."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer
from support.coverage import features

pytestmark = pytest.mark.usefixtures("provider")


def _write(path, rows, geometry):
    feats = [{"type": "Feature", "properties": props, "geometry": geometry(i)} for i, props in enumerate(rows)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return str(path)


def _square(x0, y0, side=0.1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side],
                                                 [x0, y0]]]}


@pytest.fixture
def files(tmp_path):
    points = [(125.70, 39.02), (125.72, 39.03), (125.82, 39.05)]
    people = _write(tmp_path / "places.geojson", [{"pop": 1200}, {"pop": "1,300"}, {"pop": "12 500"}],
                    lambda i: {"type": "Point", "coordinates": points[i]})
    areas = _write(tmp_path / "districts.geojson", [{"pop": 40000}, {"pop": "25 000"}],
                   lambda i: _square(125.65 + 0.1 * i, 39.0))
    regions = _write(tmp_path / "provinces.geojson", [{"name": "West"}, {"name": "East"}],
                     lambda i: _square(125.65 + 0.1 * i, 39.0))
    stations = _write(tmp_path / "towers.geojson", [{"technology": "3G", "radius_m": 3000},
                                                   {"technology": "3G", "radius_m": "2 km"}],
                      lambda i: {"type": "Point", "coordinates": [125.70 + 0.1 * i, 39.05]})
    return people, areas, regions, stations


def test_qgis_reads_such_a_field_as_null(files):
    """What the readers work around (if QGIS reads the values one day, the readers still give the same)."""
    layer = QgsVectorLayer(files[0], "places", "ogr")
    assert layer.fields().field("pop").typeName() == "JSON"
    assert all(f["pop"] is None or f["pop"] == 1200 for f in layer.getFeatures())


def _stats(people, regions, stations, **population):
    import processing

    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "OUTPUT": "memory:", **population})
    return {row["region"]: row for row in features(out["OUTPUT"])}


def test_population_points_radii_and_areas_with_numbers_and_text(files):
    people, areas, regions, stations = files
    rows = _stats(people, regions, stations, POPULATION_POINTS=people, POPULATION_FIELD="pop")
    assert rows["West"]["population"] == 2500 and rows["East"]["population"] == 12500
    # radius_m 3000 and "2 km": the discs (not the 3G preset) lie wholly inside their province
    assert rows["West"]["covered_km2"] == pytest.approx(math.pi * 9, rel=0.01)
    assert rows["East"]["covered_km2"] == pytest.approx(math.pi * 4, rel=0.01)
    rows = _stats(people, regions, stations, POPULATION_AREAS=areas, POPULATION_AREAS_FIELD="pop")
    assert rows["West"]["population"] == pytest.approx(40000, rel=0.02)
    assert rows["East"]["population"] == pytest.approx(25000, rel=0.02)


def test_population_areas_read_later_in_a_task_too(files):
    """The dock reads the areas in its task (``deferred``): the same values."""
    from basestation_mapper.plugin.qgis_io.population_areas import AreaPopulation

    layer = QgsVectorLayer(files[1], "districts", "ogr")
    now, later = AreaPopulation(layer, "pop"), AreaPopulation(layer, "pop", deferred=True)
    assert now.values == ["40000", "25 000"]
    later.read()
    assert later.values == now.values and later.key == now.key


def test_region_names_with_numbers_and_text(tmp_path, files):
    from basestation_mapper.plugin.qgis_io.coverage_io import read_regions

    path = _write(tmp_path / "mixed_names.geojson", [{"code": 1200}, {"code": "P-2"}],
                  lambda i: _square(125.65 + 0.1 * i, 39.0))
    layer = QgsVectorLayer(path, "provinces", "ogr")
    if layer.fields().field("code").typeName() != "JSON":
        pytest.skip("this GDAL reads numbers and text of one property as text (no JSON subtype)")
    regions, _warnings = read_regions(layer, "code")
    assert regions.names == ["1200", "P-2"]


def test_merged_stations_keep_such_values(tmp_path):
    """mergestations reads its input layers as the dock's duplicate check and the detector's do
    (:func:`layer_to_frame`): a radius given as 3000 in one feature and "2000" in another is kept."""
    import processing

    path = _write(tmp_path / "sites.geojson", [{"technology": "3G", "radius_m": 3000},
                                               {"technology": "3G", "radius_m": "2000"}],
                  lambda i: {"type": "Point", "coordinates": [125.70 + 0.1 * i, 39.05]})
    assert QgsVectorLayer(path, "sites", "ogr").fields().field("radius_m").typeName() == "JSON"
    out = processing.run("basestationmapper:mergestations", {"INPUT": [path], "DISTANCE": 10, "OUTPUT": "memory:"})
    radii = sorted(f["radius_m"] for f in out["OUTPUT"].getFeatures())
    assert radii == [2000, 3000]


def test_exports_keep_such_values(tmp_path, files):
    """exportstationscsv, exporttable and exportlayers wrote such a field empty in every row (3000 and "2 km"
    lost); a property QGIS reads (an object) keeps QGIS's value."""
    import csv

    import processing

    stations = _write(tmp_path / "sites.geojson", [{"name": "A", "radius_m": 3000, "tags": {"mast": 1}},
                                                   {"name": "B", "radius_m": "2 km", "tags": "lattice"}],
                      lambda i: {"type": "Point", "coordinates": [125.70 + 0.1 * i, 39.05]})
    layer = QgsVectorLayer(stations, "sites", "ogr")
    assert layer.fields().field("radius_m").typeName() == "JSON"
    for alg, key in (("exportstationscsv", "STATIONS"), ("exporttable", "INPUT")):
        out = processing.run(f"basestationmapper:{alg}", {key: layer, "OUTPUT": str(tmp_path / f"{alg}.csv")})
        with open(out["OUTPUT"], encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert [(r["name"], r["radius_m"], r["tags"]) for r in rows] == [("A", "3000", '{"mast": 1}'),
                                                                          ("B", "2 km", "lattice")], alg
    for ext in ("gpkg", "geojson", "shp"):
        out = processing.run("basestationmapper:exportlayers",
                             {"LAYERS": [layer], "OUTPUT": str(tmp_path / f"o.{ext}")})
        written = QgsVectorLayer(out["OUTPUT"], "o", "ogr")
        assert [(f["name"], str(f["radius_m"])) for f in written.getFeatures()] == [("A", "3000"), ("B", "2 km")], ext


def test_review_queue_reads_such_confidences(plugin, tmp_path):
    """Candidates kept as GeoJSON with confidences written as numbers and as text: the queue had them all at
    NULL (unordered, shown '–'); the queue orders them by the values written."""
    from qgis.core import QgsProject

    path = _write(tmp_path / "candidates.geojson",
                  [{"name": n, "status": "candidate", "confidence": c, "source": "a.tif"}
                   for n, c in (("low", 0.3), ("high", "0.9"), ("mid", 0.6))],
                  lambda i: {"type": "Point", "coordinates": [125.70 + 0.01 * i, 39.05]})
    layer = QgsVectorLayer(path, "candidates", "ogr")
    assert layer.fields().field("confidence").typeName() == "JSON"
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    names = {f.id(): f["name"] for f in layer.getFeatures()}
    assert [names[fid] for fid in review.queue] == ["high", "mid", "low"]
    assert "0.90" in review.current_label.text()
    review.set_layer(None)
    QgsProject.instance().removeMapLayer(layer.id())


def test_the_methods_name_such_station_radii(tmp_path):
    """The report's methods said the presets covered a layer whose radii are written 3000 and "2 km" (QGIS reads
    NULL, and "2 km" was no number to it): they say each station's own radius, as the coverage used them."""
    from basestation_mapper.plugin.core.methods import station_radii_words
    from basestation_mapper.plugin.qgis_io.report import RADIUS_PARAMETER, with_station_radii

    path = _write(tmp_path / "sites.geojson", [{"technology": "3G", "radius_m": 3000},
                                               {"technology": "3G", "radius_m": "2 km"},
                                               {"technology": "3G", "radius_m": None}],
                  lambda i: {"type": "Point", "coordinates": [125.70 + 0.1 * i, 39.05]})
    layer = QgsVectorLayer(path, "sites", "ogr")
    assert layer.fields().field("radius_m").typeName() == "JSON"
    presets = {"3G": "4 km"}
    assert with_station_radii(presets, layer) == {RADIUS_PARAMETER: station_radii_words(2, 3), **presets}


def test_station_counts_and_evaluation_read_such_values(tmp_path):
    """The Stations section's counts listed a technology written 4 and "LTE" as unknown, and evaluatedetections
    with a minimum confidence dropped every detection whose confidence is one of such a property."""
    import processing

    from basestation_mapper.plugin.qgis_io.station_layer import station_counts

    path = _write(tmp_path / "found.geojson", [{"technology": "LTE", "confidence": 0.9},
                                               {"technology": 4, "confidence": "0.8"},
                                               {"technology": "LTE", "confidence": "0.2"}],
                  lambda i: {"type": "Point", "coordinates": [125.70 + 0.01 * i, 39.05]})
    layer = QgsVectorLayer(path, "found", "ogr")
    assert layer.fields().field("confidence").typeName() == "JSON"
    assert station_counts(layer)["technology"] == {"LTE": 2, "4": 1}
    reference = _write(tmp_path / "towers.geojson", [{}, {}, {}],
                       lambda i: {"type": "Point", "coordinates": [125.70 + 0.01 * i, 39.05]})
    out = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": layer, "REFERENCE": reference, "MIN_CONFIDENCE": 0.5, "OUTPUT": "memory:"})
    assert out["PRECISION"] == 1.0 and out["RECALL"] == pytest.approx(2 / 3)


def _candidates_geojson(path):
    """Two candidates, their first_seen a year in one and a date in the other."""
    return _write(path, [{"name": n, "status": "candidate", "confidence": 0.8, "first_seen": seen, "last_seen": seen,
                          "image_date": "2021-05-01"} for n, seen in (("old", 2015), ("seen", "2016-03-01"))],
                  lambda i: {"type": "Point", "coordinates": [125.70 + 0.01 * i, 39.05]})


def test_gdal_rewrites_such_values_when_an_edit_is_saved(tmp_path):
    """What the plugin refuses to do (if GDAL writes them back unchanged one day, this fails: the refusal can go).
    Saving any edit of such a GeoJSON file changes the values of every feature."""
    from osgeo import ogr

    path = _candidates_geojson(tmp_path / "candidates.geojson")
    ds = ogr.Open(path, 1)
    lyr = ds.GetLayer(0)
    feat = lyr.GetFeature(0)
    feat.SetField("status", "rejected")
    lyr.SetFeature(feat)
    ds = feat = lyr = None
    saved = [f["properties"]["first_seen"] for f in json.loads(Path(path).read_text(encoding="utf-8"))["features"]]
    assert saved != [2015, "2016-03-01"], saved


def test_reviewing_such_a_geojson_is_refused(plugin, tmp_path):
    """Accepting a candidate of a GeoJSON file whose first_seen mixes a year and a date: saving it would have GDAL
    write '2016-03-01' back as 2016 in every feature; the decision is refused with the reason, the file unchanged."""
    from qgis.core import QgsProject

    path = _candidates_geojson(tmp_path / "candidates.geojson")
    before = Path(path).read_text(encoding="utf-8")
    layer = QgsVectorLayer(path, "candidates", "ogr")
    assert layer.fields().field("first_seen").typeName() == "JSON"
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    fid = review.current_fid()
    review.accept()
    assert not layer.isEditable() and not layer.isModified()
    assert review.current_fid() == fid and fid not in review.decided
    message = plugin.iface.messageBar().currentItem()
    assert message is not None and "'first_seen', 'last_seen'" in message.text() and "GeoPackage" in message.text()
    review.set_layer(None)
    QgsProject.instance().removeMapLayer(layer.id())
    assert Path(path).read_text(encoding="utf-8") == before


def test_adding_stations_to_such_a_geojson_is_refused(tmp_path):
    """Detected candidates or imported stations added to such a file: refused, the file unchanged."""
    import pandas as pd

    from basestation_mapper.plugin.core.stations import default_record
    from basestation_mapper.plugin.qgis_io.station_layer import StationLayerError, append_frame

    path = _candidates_geojson(tmp_path / "candidates.geojson")
    before = Path(path).read_text(encoding="utf-8")
    layer = QgsVectorLayer(path, "candidates", "ogr")
    df = pd.DataFrame([{**default_record(name="new", status="candidate"), "lon": 125.8, "lat": 39.1}])
    with pytest.raises(StationLayerError, match="candidates: its properties 'first_seen', 'last_seen' hold numbers"):
        append_frame(layer, df)
    assert not layer.isEditable()
    assert Path(path).read_text(encoding="utf-8") == before



def test_accepting_a_candidate_keeps_json_first_seen_dates(plugin, tmp_path):
    """A GeoPackage whose first_seen and last_seen are JSON fields (a year in one feature, a date in another):
    QGIS read the date as NULL, so accepting the candidate wrote its image date over it (the earliest sighting
    lost); the values are read as written, and the dates written back as JSON text."""
    from osgeo import ogr, osr
    from qgis.core import QgsProject

    path = str(tmp_path / "candidates.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lyr = ds.CreateLayer("candidates", srs, ogr.wkbPoint)
    for name, json_field in (("name", False), ("status", False), ("confidence", False), ("first_seen", True),
                             ("last_seen", True), ("image_date", False)):
        defn = ogr.FieldDefn(name, ogr.OFTReal if name == "confidence" else ogr.OFTString)
        if json_field:
            defn.SetSubType(ogr.OFSTJSON)
        lyr.CreateField(defn)
    for i, (name, seen) in enumerate((("old", "2015"), ("seen", '"2016-03-01"'))):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for key, value in (("name", name), ("status", "candidate"), ("confidence", 0.8), ("first_seen", seen),
                           ("last_seen", seen), ("image_date", "2021-05-01")):
            feat.SetField(key, value)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({125.7 + 0.01 * i} 39.05)"))
        lyr.CreateFeature(feat)
    ds = lyr = feat = None
    layer = QgsVectorLayer(f"{path}|layername=candidates", "candidates", "ogr")
    assert layer.fields().field("first_seen").typeName() == "JSON"
    assert [f["first_seen"] for f in layer.getFeatures()] == [None, None]  # as QGIS 3.22 reads them
    QgsProject.instance().addMapLayer(layer)
    review = plugin.dock.sections["detection"].review
    review.set_layer(layer)
    fid = next(f.id() for f in layer.getFeatures() if f["name"] == "seen")
    if review.current_fid() != fid:
        review.skip()
    review.accept()
    assert layer.commitChanges(), layer.commitErrors()
    review.set_layer(None)
    QgsProject.instance().removeMapLayer(layer.id())
    ds = ogr.Open(path)
    saved = {f.GetField("name"): (f.GetField("status"), f.GetField("first_seen"), f.GetField("last_seen"))
             for f in ds.GetLayer(0)}
    assert saved == {"old": ("candidate", "2015", "2015"), "seen": ("confirmed", '"2016-03-01"', '"2021-05-01"')}


def test_report_map_labels_such_region_names(tmp_path):
    """The report's map labelled regions by their name field as QGIS reads it: a property holding a number in
    one province and text in another (NULL in QGIS) left them all unlabelled; its copy labels them as written."""
    from basestation_mapper.plugin.qgis_io.report import _regions_copy

    path = _write(tmp_path / "mixed_names.geojson", [{"code": 1200}, {"code": "P-2"}, {"code": None}],
                  lambda i: _square(125.65 + 0.1 * i, 39.0))
    layer = QgsVectorLayer(path, "provinces", "ogr")
    if layer.fields().field("code").typeName() != "JSON":
        pytest.skip("this GDAL reads numbers and text of one property as text (no JSON subtype)")
    copy, field = _regions_copy(layer, "code")
    assert [f[field] for f in copy.getFeatures()] == ["1200", "P-2", None]
    assert copy.featureCount() == 3
    plain = QgsVectorLayer(_write(tmp_path / "names.geojson", [{"code": "A"}, {"code": "B"}],
                                  lambda i: _square(125.65 + 0.1 * i, 39.0)), "provinces", "ogr")
    copy, field = _regions_copy(plain, "code")
    assert field == "code" and [f[field] for f in copy.getFeatures()] == ["A", "B"]


def test_report_with_such_region_names(plugin, qgis_new_project, tmp_path):
    """The whole report drawn with such a region layer: written, nothing said of unnamed regions."""
    import processing
    from qgis.core import QgsProject
    from support.export_layers import REGIONS, coverage_layer, station_layer, stats_layer
    from support.processing_feedback import Feedback

    names = [1200, "P-2", "East"][:len(REGIONS)]
    path = _write(tmp_path / "provinces.geojson", [{"name": n} for n in names],
                  lambda i: _square(REGIONS[i][1], REGIONS[i][2], REGIONS[i][3] - REGIONS[i][1]))
    regions = QgsVectorLayer(path, "provinces", "ogr")
    stations = station_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, regions, stats])
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "COVERAGE": coverage_layer(stations),
        "STATISTICS": stats, "OUTPUT_PDF": str(tmp_path / "report.pdf")}, feedback=feedback)
    assert out["PAGES"] == 2 and Path(out["OUTPUT_PDF"]).stat().st_size > 0
    assert not any("no name" in w for w in feedback.warnings), feedback.warnings
