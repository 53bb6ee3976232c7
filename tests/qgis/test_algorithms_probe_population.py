"""basestationmapper:populationfromareas against an independent spreading written here (shapely cell by cell):
districts with holes, multipolygons, overlapping districts, a district smaller than a cell, NULL / negative / text
counts, a projected CRS and degrees; coveragestats on its raster against POPULATION_AREAS given directly."""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsProcessingException
from support.coverage import features, polygon_layer, station_layer
from support.population_areas import area_layer
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")

X0, Y0 = 385000.0, 6673000.0  # Helsinki in ETRS-TM35FIN (EPSG:3067)


def _box(x0, y0, x1, y1):
    return f"(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def _districts():
    """(wkt, people): a square on cell edges, one with a hole, a multipolygon, one overlapping the first, one smaller
    than a cell, a rotated one crossing cells anyhow."""
    x, y = X0, Y0
    return [
        (f"MULTIPOLYGON({_box(x, y, x + 2000, y + 2000)})", 20000),
        (f"POLYGON(({x + 2000} {y},{x + 4000} {y},{x + 4000} {y + 2000},{x + 2000} {y + 2000},{x + 2000} {y}),"
         f"({x + 2700} {y + 700},{x + 3300} {y + 700},{x + 3300} {y + 1300},{x + 2700} {y + 1300},"
         f"{x + 2700} {y + 700}))",
         15000),
        (f"MULTIPOLYGON({_box(x, y + 2000, x + 1000, y + 3000)},{_box(x + 3000, y + 2000, x + 4000, y + 3000)})", 8000),
        (f"POLYGON({_box(x + 1500, y + 1500, x + 2500, y + 2500)[1:-1]})", 5000),
        (f"POLYGON({_box(x + 1210, y + 2610, x + 1240, y + 2640)[1:-1]})", 50),
        (f"POLYGON(({x + 4500} {y + 1000},{x + 5500} {y + 1600},{x + 4900} {y + 2600},{x + 4100} {y + 2000},"
         f"{x + 4500} {y + 1000}))", 12345),
    ]


def _read(path):
    from osgeo import gdal, osr

    ds = gdal.Open(str(path))
    values = ds.GetRasterBand(1).ReadAsArray().astype(np.float64)
    gt = ds.GetGeoTransform()
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    ds = None
    return values, gt, srs.GetAuthorityCode(None)


def _expected(polys, people, gt, shape):
    """People per cell by hand: each polygon's people times the share of its area in the cell."""
    from shapely.geometry import box

    out = np.zeros(shape)
    for poly, n in zip(polys, people):
        xmin, ymin, xmax, ymax = poly.bounds
        c0, c1 = int((xmin - gt[0]) // gt[1]), int(-(-(xmax - gt[0]) // gt[1]))
        r0, r1 = int((gt[3] - ymax) // -gt[5]), int(-(-(gt[3] - ymin) // -gt[5]))
        for r in range(max(r0, 0), min(r1, shape[0])):
            for c in range(max(c0, 0), min(c1, shape[1])):
                cell = box(gt[0] + c * gt[1], gt[3] + (r + 1) * gt[5], gt[0] + (c + 1) * gt[1], gt[3] + r * gt[5])
                out[r, c] += n * cell.intersection(poly).area / poly.area
    return out


def _run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


def test_grid_matches_the_hand_spreading_in_a_projected_crs(tmp_path):
    from shapely import wkt as shapely_wkt

    districts = _districts()
    layer = area_layer([w for w, _ in districts], [n for _, n in districts], crs="EPSG:3067")
    out = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CELL_SIZE": 100, "CRS": "EPSG:3067",
                                       "OUTPUT": str(tmp_path / "people.tif")})
    values, gt, epsg = _read(out["OUTPUT"])
    assert epsg == "3067" and gt[1] == 100 and out["CELL_SIZE_M"] == 100
    total = sum(n for _, n in districts)
    assert out["PEOPLE"] == pytest.approx(total) and values.sum() == pytest.approx(total, rel=1e-12)
    polys = [shapely_wkt.loads(w) for w, _ in districts]
    want = _expected(polys, [n for _, n in districts], gt, values.shape)
    np.testing.assert_allclose(values, want, rtol=1e-9, atol=1e-9)
    # per district (cells on its edges): the hole holds nobody, the small one its 50 people in one cell
    hole_r, hole_c = int((gt[3] - (Y0 + 1000)) // 100), int((X0 + 3000 - gt[0]) // 100)
    assert values[hole_r, hole_c] == 0
    r, c = int((gt[3] - (Y0 + 2625)) // 100), int((X0 + 1225 - gt[0]) // 100)
    assert values[r, c] == pytest.approx(50)
    # the hole's own district: 15,000 people on 4 km² less the hole, 0.36 km²
    r0, r1 = int((gt[3] - (Y0 + 2000)) // 100), int((gt[3] - Y0) // 100)
    c0, c1 = int((X0 + 2000 - gt[0]) // 100), int((X0 + 4000 - gt[0]) // 100)
    overlap = 5000 * 0.25 / 1.0  # the overlapping district's quarter inside this one
    assert values[r0:r1, c0:c1].sum() == pytest.approx(15000 + overlap)


def test_degrees_keep_every_district_and_text_counts(tmp_path):
    from pyproj import Transformer
    from shapely import wkt as shapely_wkt
    from shapely.ops import transform

    to_deg = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True).transform
    districts = _districts()
    polys = [shapely_wkt.loads(w) for w, _ in districts]
    layer = area_layer([transform(to_deg, p).wkt for p in polys], [f"{n:,}" for _, n in districts], kind="str",
                       crs="EPSG:4326")
    out = _run("populationfromareas", {"INPUT": layer, "FIELD": "pop", "CELL_SIZE": 50,
                                       "OUTPUT": str(tmp_path / "people.tif")})
    values, gt, epsg = _read(out["OUTPUT"])
    assert epsg == "32635"
    total = sum(n for _, n in districts)
    assert values.sum() == pytest.approx(total, rel=1e-12)
    to_utm = Transformer.from_crs("EPSG:3067", "EPSG:32635", always_xy=True).transform
    want = _expected([transform(to_utm, p) for p in polys], [n for _, n in districts], gt, values.shape)
    # the districts' edges run straight in degrees, not in metres: a cell along an edge may differ a little
    assert np.abs(values - want).sum() < 0.002 * total


def test_null_negative_and_text_counts(tmp_path):
    districts = _districts()[:3]
    wkts = [w for w, _ in districts]
    bad = area_layer(wkts, ["100", "-5", "7"], kind="str", crs="EPSG:3067", name="kaupunginosat")
    with pytest.raises(QgsProcessingException,
                       match=r"population areas 'kaupunginosat', feature 2: pop = '-5' must be a non-negative"):
        _run("populationfromareas", {"INPUT": bad, "FIELD": "pop", "OUTPUT": str(tmp_path / "bad.tif")})
    assert not (tmp_path / "bad.tif").exists()
    feedback = Feedback()
    ok = area_layer(wkts, ["1 200", None, "3,400"], kind="str", crs="EPSG:3067", name="kaupunginosat")
    out = _run("populationfromareas", {"INPUT": ok, "FIELD": "pop", "OUTPUT": str(tmp_path / "ok.tif")}, feedback)
    assert out["PEOPLE"] == pytest.approx(4600) and _read(out["OUTPUT"])[0].sum() == pytest.approx(4600)
    assert any("'kaupunginosat'" in w and "feature 2" in w for w in feedback.warnings), feedback.warnings


def test_coveragestats_on_the_raster_equals_population_areas_given_directly(tmp_path):
    districts = _districts()
    areas = area_layer([w for w, _ in districts], [n for _, n in districts], crs="EPSG:3067")
    regions = polygon_layer([districts[0][0].replace("MULTIPOLYGON(", "POLYGON")[:-1], districts[1][0],
                             districts[5][0]], crs="EPSG:3067", names=["A", "B", "F"])
    stations = station_layer([(X0 + 2100, Y0 + 900)], crs="EPSG:3067", radius_m=[1500.0])
    raster = _run("populationfromareas", {"INPUT": areas, "FIELD": "pop", "CELL_SIZE": 50, "CRS": "EPSG:32635",
                                          "OUTPUT": str(tmp_path / "people.tif")})["OUTPUT"]
    common = {"STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "RESOLUTION": 50,
              "OUTPUT": "memory:"}
    via_raster = {r["region"]: r for r in features(_run("coveragestats", {**common, "POPULATION": raster})["OUTPUT"])}
    direct = {r["region"]: r for r in features(_run("coveragestats", {**common, "POPULATION_AREAS": areas,
                                                                       "POPULATION_AREAS_FIELD": "pop"})["OUTPUT"])}
    assert set(via_raster) == set(direct) == {"A", "B", "F", "TOTAL"}
    for name in direct:
        for col in ("population", "covered_pop", "covered_km2"):
            assert direct[name][col] == pytest.approx(via_raster[name][col], rel=1e-6, abs=1e-6), (name, col)
    # region A holds its 20,000 and a quarter of the overlapping district (its cells follow A's border)
    assert direct["A"]["population"] == pytest.approx(20000 + 1250, rel=1e-6)


def _curved_layer(kind, wkts, people):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer(f"{kind}?crs=EPSG:3067", "alueet", "memory")
    layer.dataProvider().addAttributes([QgsField("population", QVariant.Type.Int)])
    layer.updateFields()
    feats = []
    for wkt, n in zip(wkts, people):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([n])
        feats.append(f)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


@pytest.mark.parametrize("kind", ["CurvePolygon", "MultiSurface"])
def test_curved_districts_are_spread(tmp_path, kind):
    """Districts with arcs (CurvePolygon / MultiSurface, as GML and GeoPackage hold them) stopped the run with a
    traceback from shapely ('Unknown WKB type 10'); they are spread as straight segments."""
    circle = f"CURVEPOLYGON(CIRCULARSTRING({X0} {Y0}, {X0 + 1000} {Y0}, {X0} {Y0}))"  # a disc of 500 m radius
    square = f"POLYGON({_box(X0 + 2000, Y0, X0 + 3000, Y0 + 1000)[1:-1]})"
    wkts = [circle, square] if kind == "CurvePolygon" else [f"MULTISURFACE({circle})", f"MULTISURFACE({square})"]
    layer = _curved_layer(kind, wkts, [3000, 1000])
    out = _run("populationfromareas", {"INPUT": layer, "CELL_SIZE": 50, "OUTPUT": str(tmp_path / "people.tif")})
    values, gt, _epsg = _read(out["OUTPUT"])
    assert out["PEOPLE"] == pytest.approx(4000) and values.sum() == pytest.approx(4000)
    # the disc's cells: its centre cell holds 3,000 people x 2,500 m² / (pi 500²) m²
    r, c = int((gt[3] - (Y0 + 25)) // 50), int((X0 + 525 - gt[0]) // 50)
    assert values[r, c] == pytest.approx(3000 * 2500 / (np.pi * 500 ** 2), rel=1e-3)
