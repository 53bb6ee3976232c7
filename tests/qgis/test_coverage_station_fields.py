"""coverage on station layers as site lists, OpenCelliD-like exports and Shapefiles write their fields.

The layers are made in the test (memory layers with the fields as those sources name them, a real
Shapefile on disk) and run through processing.run; areas and radii are checked against the
model's own numbers.
"""

from __future__ import annotations

import contextlib
import math

import pytest
from support.coverage import features
from support.processing_feedback import Feedback


def run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


@pytest.fixture
def algs(plugin):
    return plugin


def towers(fields, rows, crs="EPSG:4326", name="towers"):
    """A memory point layer with ``fields`` ((name, type) pairs) and one feature per ((x, y), values)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    spec = "&".join(f"field={n}:{t}" for n, t in fields)
    layer = QgsVectorLayer(f"Point?crs={crs}&{spec}", name, "memory")
    feats = []
    for (x, y), values in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes(list(values))
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def by_fid(layer):
    return {row["station_fid"]: row for row in features(layer)}


def test_site_list_fields_azimuth_beamwidth_and_radio_are_read(algs):
    """A site list opened as it is: 'radio', 'Azimuth' (one bearing, -180..180 as some tools write
    it), 'beamwidth' with 0 and 360 for omnidirectional antennas. Every station came out as a full
    disc of the 'unknown' radius, the fields unread and unsaid."""
    layer = towers([("radio", "string"), ("Azimuth", "string"), ("beamwidth", "double")], [
        ((127.0, 37.0), ("LTE", "90", 65.0)),
        ((127.3, 37.0), ("LTE", "-90", 65.0)),
        ((127.6, 37.0), ("LTE", "180", 0.0)),
        ((127.9, 37.0), ("LTE", "0", 360.0)),
        ((128.2, 37.0), ("GSM", "45", None)),
    ])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "RADIUS": 2000, "BEAMWIDTH": 90, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = by_fid(out)
    disc = math.pi * 2.0 ** 2
    assert [rows[k]["area_km2"] for k in sorted(rows)] == pytest.approx(
        [disc * 65 / 360, disc * 65 / 360, disc, disc, disc * 90 / 360], rel=0.01)
    assert [rows[k]["technology"] for k in sorted(rows)] == ["4G", "4G", "4G", "4G", "2G"]
    # the sector of -90 points west: its polygon lies west of the mast
    geoms = {f["station_fid"]: f.geometry() for f in out.getFeatures()}
    assert geoms[2].boundingBox().xMaximum() == pytest.approx(127.3, abs=1e-6)
    said = " ".join(fb.warnings)
    assert "field 'Azimuth' read as azimuths" in said and "field 'radio' read as technology" in said
    assert "beamwidth 0, read as omnidirectional" in said and "feature 3" in said


def test_preset_radii_follow_the_radio_field(algs):
    layer = towers([("radio", "string")], [((127.0, 37.0), ("GSM",)), ((127.5, 37.0), ("NR",))])
    rows = by_fid(run("coverage", {"STATIONS": layer, "OUTPUT": "memory:"})["OUTPUT"])
    assert [rows[1]["radius_m"], rows[2]["radius_m"]] == [12000.0, 500.0]


@pytest.mark.parametrize("value", [-30.0, 400.0, "wide"])
def test_bad_beamwidth_names_the_feature(algs, value):
    from qgis.core import QgsProcessingException

    kind = "string" if isinstance(value, str) else "double"
    layer = towers([("name", "string"), ("azimuths", "string"), ("beamwidth", kind)],
                   [((127.0, 37.0), ("ok", "0", 65 if kind == "double" else "65")),
                    ((127.2, 37.0), ("Bad mast", "120", value))])
    with pytest.raises(QgsProcessingException, match=r"STATIONS: feature 2 \(Bad mast\): beamwidth .*0 "
                                                     r"\(omnidirectional\) to 360"):
        run("coverage", {"STATIONS": layer, "RADIUS": 2000, "OUTPUT": "memory:"})


def test_shapefile_antenna_height_cut_to_antenna_he_is_used_by_the_link_budget(algs, tmp_path):
    """A station layer saved as a Shapefile holds antenna_height_m as 'antenna_he': the Hata radius
    used the 30 m default for every station, the masts' own heights unread."""
    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    layer = shapefile(towers([("name", "string"), ("antenna_height_m", "double")],
                             [((127.0, 37.0), ("low", 35.0)), ((127.5, 37.0), ("tall", 80.0))]),
                      tmp_path / "towers.shp")
    assert "antenna_he" in layer.fields().names()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "OUTPUT": "memory:"})["OUTPUT"]
    radii = sorted(row["radius_m"] for row in features(out))
    expected = [max_distance_m(LinkBudget(frequency_mhz=900), h).radius_m for h in (35.0, 80.0)]
    assert radii == pytest.approx(expected, rel=1e-6)


def shapefile(layer, path):
    """``layer`` written as a real Shapefile (field names cut to 10 characters), opened again."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return QgsVectorLayer(str(path), path.stem, "ogr")


@pytest.mark.parametrize("written", ["shapefile", "osm"])
def test_terraincoverage_reads_the_antenna_height_of_a_shapefile(algs, tmp_path, written):
    """The mast behind the 300 m wall is 450 m tall in its Shapefile's 'antenna_he', or in an OSM
    export's height=1476 ft: terraincoverage took the 30 m OBSERVER_HEIGHT ('1476 ft' an invalid value)
    and the town behind the wall was out of sight."""
    from osgeo import gdal
    from support.coverage_terrain import EPSG, STATION, X0, Y0, wall_dem

    if written == "shapefile":
        layer = shapefile(towers([("name", "string"), ("antenna_height_m", "double")],
                                 [(STATION, ("tall mast", 450.0))], crs=EPSG), tmp_path / "masts.shp")
        assert "antenna_he" in layer.fields().names()
    else:
        layer = towers([("name", "string"), ("height", "string")], [(STATION, ("tall mast", "1476 ft"))], crs=EPSG)
    fb = Feedback()
    out = run("terraincoverage", {"STATIONS": layer, "DEM": wall_dem(tmp_path), "RADIUS": 4500,
                                  "OUTPUT": str(tmp_path / "seen.tif")}, fb)["OUTPUT"]
    ds = gdal.Open(out)
    gt = ds.GetGeoTransform()
    town = ds.GetRasterBand(1).ReadAsArray()[int((gt[3] - (Y0 - 3000.0)) / -gt[5]),
                                             int((X0 + 5400.0 - gt[0]) / gt[1])]
    ds = None
    assert town == 1
    field = "antenna_he" if written == "shapefile" else "height"
    assert any(f"'{field}' as antenna_height_m" in w for w in fb.warnings)


def test_link_budget_at_each_station_frequency_as_site_lists_write_it(algs):
    """'freq' in GHz (0.9, 1.8), a 'band' of 'n78' and an 'EARFCN': every station was computed at
    FREQUENCY with the chosen model (900 MHz Okumura-Hata for a 3.5 GHz 5G mast), the fields unread.
    Each is now computed at its own frequency by the Hata model that holds there, 3.5 GHz at the
    2000 MHz end of COST-231 with a warning naming the station."""
    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    layer = towers([("name", "string"), ("freq", "double"), ("band", "string"), ("EARFCN", "int")], [
        ((127.0, 37.0), ("gsm", 0.9, None, None)),
        ((127.3, 37.0), ("dcs", 1.8, None, None)),
        ((127.6, 37.0), ("nr", None, "n78", None)),
        ((127.9, 37.0), ("lte", None, None, 6300)),
        ((128.2, 37.0), ("plain", None, None, None)),
        ((128.5, 37.0), ("dual", None, "900/1800", None)),
    ])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = by_fid(out)

    def radius(model, f):
        return max_distance_m(LinkBudget(model=model, frequency_mhz=f), 30.0).radius_m

    assert [rows[k]["radius_m"] for k in sorted(rows)] == pytest.approx(
        [radius("hata", 900), radius("cost231", 1800), radius("cost231", 2000), radius("hata", 806),
         radius("hata", 900), radius("hata", 900)], rel=1e-9)
    assert [rows[k]["model"] for k in sorted(rows)] == ["hata", "cost231", "cost231", "hata", "hata", "hata"]
    said = " | ".join(fb.warnings)
    assert "freq read as GHz for 2 stations: feature 1 (gsm): 0.9 → 900 MHz" in said
    assert "frequency from band for 1 station: feature 3 (nr): n78 → 3550 MHz" in said
    assert "frequency from EARFCN for 1 station: feature 4 (lte): 6300 → 806 MHz" in said
    assert "band of several frequencies read as the lowest (the widest reach) for 1 station: feature 6 (dual): " \
           "900/1800 → 900 MHz" in said
    assert "1 station computed with COST-231 Hata rather than Okumura-Hata" in said and "feature 2 (dcs)" in said
    assert "1 station has a frequency outside the 150-2000 MHz" in said and "feature 3 (nr) (3550 MHz)" in said


def test_radius_beyond_twenty_km_is_the_models_limit_naming_the_stations(algs):
    """A suburban budget from a 60 m mast reaching 38 km came out as a 38 km disc (the model extrapolated
    past its range, said once without naming any station); it is 20 km, naming the stations."""
    layer = towers([("name", "string"), ("antenna_height_m", "double")],
                   [((127.0, 37.0), ("hill", 60.0)), ((127.5, 37.0), ("short", 5.0))])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "ENVIRONMENT": "suburban",
                           "EIRP": 65, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = by_fid(out)
    assert rows[1]["radius_m"] == pytest.approx(20000.0)
    assert rows[2]["radius_m"] < 20000.0
    said = " | ".join(fb.warnings)
    assert "reaches beyond 20 km, where the model no longer holds: the radius is 20 km" in said
    assert "1 station: feature 1 (hill)" in said
    assert "base antenna height 5 m is outside 30-200 m: 1 station: feature 2 (short)" in said


@pytest.mark.parametrize(("field", "kind", "value", "message"), [
    ("frequency_mhz", "string", "high", "frequency_mhz 'high' is neither a frequency"),
    ("band", "string", "B99", "band 'B99' LTE band 99 is not one"),
    ("earfcn", "int", 4000, "earfcn 4000 EARFCN 4000 is in no downlink band"),
])
def test_frequency_that_is_none_names_the_feature_and_field(algs, field, kind, value, message):
    from qgis.core import QgsProcessingException

    layer = towers([("name", "string"), (field, kind)], [((127.0, 37.0), ("ok", None)),
                                                          ((127.2, 37.0), ("Bad mast", value))])
    with pytest.raises(QgsProcessingException, match=rf"STATIONS: feature 2 \(Bad mast\): {message}"):
        run("coverage", {"STATIONS": layer, "MODEL": "hata", "OUTPUT": "memory:"})


def test_terraincoverage_fresnel_zone_at_a_frequency_given_in_ghz(algs, tmp_path):
    """frequency_mhz 1.8 (GHz, as many lists write it) was taken as 1.8 MHz: a Fresnel zone 166 m wide
    at its widest that the ground blocked everywhere past a few hundred metres. It is 1800 MHz, in sight
    as the same mast written 1800, and the log says how it was read."""
    import numpy as np
    from osgeo import gdal
    from support.coverage_terrain import EPSG, STATION, X0, Y0, write_geotiff

    dem = write_geotiff(tmp_path / "flat.tif", np.full((240, 240), 100.0), X0, Y0, 25.0)
    seen = {}
    for value in (1800.0, 1.8):
        layer = towers([("name", "string"), ("frequency_mhz", "double")], [(STATION, ("mast", value))], crs=EPSG)
        fb = Feedback()
        out = run("terraincoverage", {"STATIONS": layer, "DEM": dem, "RADIUS": 3000, "FRESNEL_CLEARANCE": 0.6,
                                      "OUTPUT": str(tmp_path / f"seen{value}.tif")}, fb)["OUTPUT"]
        ds = gdal.Open(out)
        seen[value] = int((ds.GetRasterBand(1).ReadAsArray() == 1).sum())
        ds = None
    assert seen[1800.0] > 1000
    assert seen[1.8] == seen[1800.0]
    assert any("not given in MHz, read as: mast (fid 1): 1.8 → 1800 MHz" in w for w in fb.warnings)


def test_antenna_height_above_500_m_is_read_as_not_given_naming_the_stations(algs, tmp_path):
    """A KML's absolute altitude (1,240 m above the sea) in antenna_height_m: coverage took the antenna
    1,240 m above the ground, its line of sight over the 300 m wall reaching the town behind it and,
    with a link budget, a radius of the 20 km limit; it is read as not given, as terraincoverage reads
    it, with a warning naming the station."""
    from support.coverage_terrain import EPSG, STATION, X0, wall_dem

    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    layer = towers([("name", "string"), ("antenna_height_m", "double")], [(STATION, ("hilltop", 1240.0))],
                   crs=EPSG)
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "BASE_HEIGHT": 30,
                           "DEM": wall_dem(tmp_path), "OUTPUT": "memory:"}, fb)["OUTPUT"]
    feat = next(out.getFeatures())
    assert feat["radius_m"] == pytest.approx(max_distance_m(LinkBudget(frequency_mhz=900), 30.0).radius_m)
    # the 30 m mast does not see past the wall 1.5 km east of it
    assert feat.geometry().boundingBox().xMaximum() < X0 + 3100.0
    assert any("1 station with antenna_height_m above 500 m above ground" in w and "feature 1 (hilltop): 1240" in w
               for w in fb.warnings)


def sea_dem(folder):
    """A DEM in longitudes / latitudes (not the stations' CRS) whose sea, west of 127.06° E, has no data
    (-9999), as SRTM-derived DEMs deliver it; the land is a plain at 20 m."""
    import numpy as np
    from support.coverage import write_raster

    dem = np.full((200, 200), 20.0)
    dem[:, :60] = -9999.0
    return write_raster(folder / "coast.tif", dem, (127.0, 0.001, 0.0, 37.2, 0.0, -0.001), nodata=-9999.0)


def test_mast_on_the_shore_of_a_sea_without_data_covers_the_land(algs, tmp_path):
    """A mast on the quay, its cell on the DEM's sea (no data): coverage and terraincoverage dropped it
    ('standing on DEM cells without data cover nothing'). It stands on the nearest ground and sees the
    plain; a mast out at sea, far from any height, still covers nothing and is named."""
    from pyproj import Transformer

    dem = sea_dem(tmp_path)
    to_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    points = [to_3857.transform(lon, 37.1) for lon in (127.0595, 127.02)]
    layer = towers([("name", "string")], [(points[0], ("quay",)), (points[1], ("buoy",))], crs="EPSG:3857")
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "RADIUS": 3000, "DEM": dem, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = by_fid(out)
    half_disc = math.pi * 3.0 ** 2 / 2
    assert rows[1]["area_km2"] == pytest.approx(half_disc, rel=0.1)
    assert rows[2]["area_km2"] == 0.0
    said = " | ".join(fb.warnings)
    assert "1 station stands on a DEM cell without data (the sea of a DEM, a void)" in said and "quay" in said
    assert "none holding data within 3 cells, covers nothing with terrain: buoy" in said

    fb = Feedback()
    result = run("terraincoverage", {"STATIONS": layer, "RADIUS": 3000, "DEM": dem,
                                     "OUTPUT": str(tmp_path / "seen.tif")}, fb)
    assert (result["STATIONS_USED"], result["STATIONS_SKIPPED"]) == (1, 1)
    said = " | ".join(fb.warnings)
    assert "nearest cell with data, within 3 cells: quay (fid 1)" in said
    assert "was skipped: buoy (fid 2)" in said


# stations of one network spread over a country, across the antimeridian, near the poles
SPREAD = {
    "russia": [(30.3, 59.9), (37.6, 55.7), (60.6, 56.8), (82.9, 55.0), (104.3, 52.3), (131.9, 43.1), (158.6, 53.0),
               (177.5, 64.7)],
    "chile": [(-70.3, -18.5), (-70.6, -33.4), (-73.0, -41.5), (-70.9, -53.2), (-109.4, -27.1)],
    "antimeridian": [(179.95, -16.8), (-179.95, -16.8), (179.5, 65.0), (-179.5, 65.5)],
    "high latitudes": [(15.6, 78.2), (-62.3, 82.5), (-56.0, -62.2), (25.0, 71.0)],
}


@pytest.mark.parametrize("where", list(SPREAD))
def test_footprints_are_true_on_the_ground_wherever_the_stations_lie(algs, where):
    """One UTM zone for a whole country (Russia spans 25 of them): each footprint is still a circle of
    the asked radius on the ellipsoid, measured geodesically from the station to every vertex."""
    import numpy as np
    from pyproj import Geod

    points = SPREAD[where]
    out = run("coverage", {"STATIONS": towers([("name", "string")], [(p, (f"s{i}",)) for i, p in enumerate(points)]),
                           "RADIUS": 10000, "OUTPUT": "memory:"})["OUTPUT"]
    geod = Geod(ellps="WGS84")
    for f in out.getFeatures():
        lon0, lat0 = points[f["station_fid"] - 1]
        xy = np.array([(v.x(), v.y()) for v in f.geometry().vertices()])
        _, _, d = geod.inv(np.full(len(xy), lon0), np.full(len(xy), lat0), xy[:, 0], xy[:, 1])
        assert d.min() == pytest.approx(10000.0, rel=0.01) and d.max() == pytest.approx(10000.0, rel=0.01), \
            (where, lon0, lat0)


def test_overlap_of_stations_spread_over_a_country_says_its_cells_are_coarse(algs):
    """Across Russia the automatic grid of 4 million cells has cells of about 2.8 km, and the overlap
    areas of 10 km discs came out 2.5 % larger than the discs without a word; the log says so."""
    fb = Feedback()
    layer = towers([("name", "string")], [(p, (f"s{i}",)) for i, p in enumerate(SPREAD["russia"])])
    run("coverage", {"STATIONS": layer, "RADIUS": 10000, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:"}, fb)
    assert any("coarse for the smallest radius (10000 m)" in w for w in fb.warnings)


@pytest.mark.parametrize("region", ["korea", "fiji across 180°"])
def test_overlap_and_best_server_match_the_union_of_the_coverage(algs, region):
    """A regional network (in Korea, and in Fiji across the antimeridian, output in longitudes and
    latitudes): its overlap and best-server areas are the union of its coverage polygons within 1 %."""
    if region == "korea":
        points = [(127.0 + 0.05 * i, 37.0 + 0.04 * (i % 3)) for i in range(8)]
    else:
        points = [((179.9 + 0.05 * i + 180.0) % 360.0 - 180.0, -16.8 + 0.04 * (i % 3)) for i in range(8)]
    fb = Feedback()
    layer = towers([("name", "string")], [(p, (f"s{i}",)) for i, p in enumerate(points)])
    out = run("coverage", {"STATIONS": layer, "RADIUS": 3000, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:",
                           "OUTPUT_BEST_SERVER": "memory:"}, fb)
    from qgis.core import QgsGeometry

    union = QgsGeometry.unaryUnion([f.geometry() for f in out["OUTPUT"].getFeatures()])
    from basestation_mapper.plugin.qgis_io.coverage_io import _area_km2

    covered = _area_km2(union, out["OUTPUT"].crs())
    assert sum(f["area_km2"] for f in out["OUTPUT_OVERLAP"].getFeatures()) == pytest.approx(covered, rel=0.01)
    assert sum(f["area_km2"] for f in out["OUTPUT_BEST_SERVER"].getFeatures()) == pytest.approx(covered, rel=0.01)
    assert not any("coarse" in w for w in fb.warnings)


def test_carriers_of_one_sector_are_each_a_server(algs):
    """A cell list gives the 800 and 1800 MHz carriers of one sector as two rows (same site, station_id
    and azimuth): the second was dropped as a repeat of the first, the larger 800 MHz coverage lost
    when it came second. Rows that differ only in frequency are each a server; a true repeat is still
    counted once."""
    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    fields = [("station_id", "string"), ("name", "string"), ("azimuth", "string"), ("frequency", "double")]
    layer = towers(fields, [((127.0, 37.0), ("site-1", "L1800", "90", 1800.0)),
                            ((127.0, 37.0), ("site-1", "L800", "90", 800.0)),
                            ((127.0, 37.0), ("site-1", "L800 again", "90", 800.0))])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = by_fid(out)
    assert sorted(rows) == [1, 2]
    assert rows[2]["radius_m"] == pytest.approx(max_distance_m(LinkBudget(frequency_mhz=800.0), 30.0).radius_m)
    assert any("1 station repeats another one" in w and "feature 3 (= feature 2)" in w for w in fb.warnings)


def test_no_value_markers_of_a_csv_are_read_as_not_given(algs, tmp_path):
    """A site list saved from a spreadsheet or a database writes 'N/A', 'NULL' or '-' where it has no
    value; opened in QGIS as delimited text those are text, and coverage refused the whole layer
    ("azimuths 'N/A' — azimuth 'N/A' is neither a bearing..."). They are read as not given, said per
    field naming the stations; a real value beside them is still read. Its tilts, which no model here
    uses, are said not to be used."""
    from qgis.core import QgsVectorLayer

    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    path = tmp_path / "sites.csv"
    path.write_text("lon,lat,name,radio,azimuth,height,frequency,e_tilt\n"
                    "127.0,37.0,A,LTE,N/A,NULL,-,4\n"
                    "127.3,37.0,B,LTE,120,45,1800,6\n"
                    "127.6,37.0,C,LTE,-,n/a,NULL,\n", encoding="utf-8")
    layer = QgsVectorLayer(f"file://{path}?delimiter=,&xField=lon&yField=lat&crs=EPSG:4326", "sites", "delimitedtext")
    assert layer.isValid() and layer.featureCount() == 3
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    rows = {row["name"]: row for row in features(out)}
    default = max_distance_m(LinkBudget(frequency_mhz=900.0), 30.0).radius_m
    assert rows["A"]["radius_m"] == pytest.approx(default) and rows["C"]["radius_m"] == pytest.approx(default)
    assert rows["B"]["radius_m"] == pytest.approx(max_distance_m(LinkBudget(model="cost231", frequency_mhz=1800.0),
                                                                45.0).radius_m)
    disc = math.pi * (default / 1000.0) ** 2
    assert rows["A"]["area_km2"] == pytest.approx(disc, rel=0.01)
    said = " | ".join(fb.warnings)
    assert "': field 'e_tilt' not used: the coverage models have no antenna tilt" in said
    assert "azimuth 'N/A' read as not given for 2 stations: feature 2 (A), feature 4 (C)" in said
    assert "height 'NULL' read as not given for 2 stations" in said
    assert "frequency '-' read as not given for 2 stations" in said


def test_sectors_of_a_site_as_rows_or_as_one_row_cover_the_same(algs):
    """Three rows of one mast (azimuth 0, 120, 240; 120° wide) and one row '0;120;240': the same disc,
    served once everywhere (the wedges meet but do not overlap), each wedge its own best server."""
    site = (127.0, 37.0)
    rows = towers([("station_id", "string"), ("azimuth", "string")],
                  [(site, ("s1", "0")), (site, ("s1", "120")), (site, ("s1", "240"))])
    one = towers([("station_id", "string"), ("azimuths", "string")], [(site, ("s1", "0;120;240"))])
    disc = math.pi * 2.0 ** 2
    for layer, n in ((rows, 3), (one, 1)):
        out = run("coverage", {"STATIONS": layer, "RADIUS": 2000, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:",
                               "OUTPUT_BEST_SERVER": "memory:"})
        assert sum(f["area_km2"] for f in out["OUTPUT"].getFeatures()) == pytest.approx(disc, rel=0.005)
        overlap = {f["servers"]: f["area_km2"] for f in out["OUTPUT_OVERLAP"].getFeatures()}
        assert overlap.get(1, 0.0) == pytest.approx(disc, rel=0.01)
        assert sum(v for k, v in overlap.items() if k > 1) < 0.002 * disc
        best = [f["area_km2"] for f in out["OUTPUT_BEST_SERVER"].getFeatures()]
        assert len(best) == n and sum(best) == pytest.approx(disc, rel=0.01)


def test_heights_written_with_their_unit_as_osm_tags_them(algs):
    """OpenStreetMap masts opened as they are carry height=* as text with its unit ('45 m', '150 ft'):
    read as the antenna height in metres; text that is no length is refused naming the field."""
    from qgis.core import QgsProcessingException

    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    layer = towers([("name", "string"), ("height", "string")], [((127.0, 37.0), ("a", "45 m")),
                                                                ((127.3, 37.0), ("b", "150 ft")),
                                                                ((127.6, 37.0), ("c", "30"))])
    rows = by_fid(run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900,
                                   "OUTPUT": "memory:"})["OUTPUT"])
    assert [rows[k]["radius_m"] for k in (1, 2, 3)] == pytest.approx(
        [max_distance_m(LinkBudget(frequency_mhz=900.0), h).radius_m for h in (45.0, 45.72, 30.0)])
    bad = towers([("name", "string"), ("height", "string")], [((127.0, 37.0), ("tall", "very"))])
    with pytest.raises(QgsProcessingException, match=r"feature 1 \(tall\): height 'very' must be a positive number"):
        run("coverage", {"STATIONS": bad, "MODEL": "hata", "OUTPUT": "memory:"})


class CancelAt(Feedback):
    """Cancels the first time the progress reaches ``at`` %."""

    def __init__(self, at):
        super().__init__()
        self.at = at
        self.progressChanged.connect(self._maybe_cancel)

    def _maybe_cancel(self, value):
        if value >= self.at and not self.isCanceled():
            self.cancel()


@pytest.mark.parametrize("at", [5, 30, 60])
def test_coverage_over_a_dem_of_another_crs_canceled_mid_run_writes_nothing(algs, tmp_path, at):
    """Line of sight over a DEM in longitudes and latitudes with a sea without data, stations in Web
    Mercator: canceled while the viewsheds or the polygons are made, no output file is left."""
    from pyproj import Transformer

    dem = sea_dem(tmp_path)
    to_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    points = [to_3857.transform(127.07 + 0.01 * i, 37.05 + 0.01 * (i % 5)) for i in range(20)]
    layer = towers([("name", "string")], [(p, (f"m{i}",)) for i, p in enumerate(points)], crs="EPSG:3857")
    out = tmp_path / "out"
    out.mkdir()
    fb = CancelAt(at)
    result = run("coverage", {"STATIONS": layer, "RADIUS": 3000, "DEM": dem, "OUTPUT": str(out / "cov.gpkg"),
                              "OUTPUT_OVERLAP": str(out / "overlap.gpkg"), "OUTPUT_RASTER": str(out / "count.tif")},
                 fb)
    assert fb.isCanceled()
    assert result == {}
    assert list(out.iterdir()) == []


def test_small_footprints_traced_on_coarse_population_cells_are_said(algs, tmp_path):
    """5G masts (500 m) counted on a 30-arcsecond population grid (GPW, about 740 x 920 m cells at
    37° N): their overlap was traced on those cells, 0 or 1 cell per mast, far from the discs, without
    a word; the log says so. A 20 km radius on the same grid is not coarse (nothing said)."""
    import numpy as np
    from support.coverage import write_raster

    pop = write_raster(tmp_path / "gpw.tif", np.ones((120, 120)), (126.9, 1 / 120, 0.0, 37.5, 0.0, -1 / 120))
    layer = towers([("name", "string"), ("technology", "string")],
                   [((127.0 + 0.05 * i, 37.0), (f"g{i}", "5G")) for i in range(6)])
    fb = Feedback()
    out = run("coverage", {"STATIONS": layer, "POPULATION": pop, "OUTPUT": "memory:", "OUTPUT_OVERLAP": "memory:"},
              fb)
    # six 0.79 km² discs, and not one cell centre in any of them
    assert sum(f["area_km2"] for f in out["OUTPUT_OVERLAP"].getFeatures()) < 0.5 * 6 * math.pi * 0.5 ** 2
    assert any("traced on the cells of POPULATION (about 921 m), coarse for the smallest radius (500 m)" in w
               for w in fb.warnings)
    fb = Feedback()
    run("coverage", {"STATIONS": layer, "POPULATION": pop, "RADIUS": 20000, "OUTPUT": "memory:",
                     "OUTPUT_OVERLAP": "memory:"}, fb)
    assert not any("coarse" in w for w in fb.warnings)


def test_terraincoverage_reads_the_dem_as_far_as_a_radius_written_with_its_unit(algs, tmp_path):
    """radius '4 km' with RADIUS 1000: the DEM was read 1 km around the mast only, its coverage cut there."""
    import numpy as np
    from osgeo import gdal
    from support.coverage_terrain import EPSG, STATION, X0, Y0, write_geotiff

    dem = write_geotiff(tmp_path / "flat.tif", np.full((240, 240), 100.0), X0, Y0, 25.0)
    layer = towers([("name", "string"), ("radius", "string")], [(STATION, ("mast", "4 km"))], crs=EPSG)
    out = run("terraincoverage", {"STATIONS": layer, "DEM": dem, "RADIUS": 1000, "TARGET_HEIGHT": 10,
                                  "OUTPUT": str(tmp_path / "seen.tif")})["OUTPUT"]
    ds = gdal.Open(out)
    gt = ds.GetGeoTransform()
    x, y = X0 + 5000.0, Y0 - 3000.0  # 3.5 km east of the mast
    col, row = int((x - gt[0]) / gt[1]), int((y - gt[3]) / gt[5])
    inside = 0 <= col < ds.RasterXSize and 0 <= row < ds.RasterYSize
    value = ds.GetRasterBand(1).ReadAsArray()[row, col] if inside else None
    ds = None
    assert value == 1


def test_radius_below_one_km_is_still_said_to_be_extrapolated(algs):
    """Below 1 km the Hata models are extrapolated too: said, naming the station (small cells)."""
    layer = towers([("name", "string")], [((127.0, 37.0), ("small cell",))])
    fb = Feedback()
    rows = by_fid(run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "RX_THRESHOLD": -65,
                                   "OUTPUT": "memory:"}, fb)["OUTPUT"])
    assert rows[1]["radius_m"] < 1000.0
    assert any("is outside 1-20 km (the radius is extrapolated): 1 station: feature 1 (small cell)" in w
               for w in fb.warnings)


def test_a_sectors_field_of_counts_is_not_read_as_bearings(algs):
    """A site list's 'sectors' field saying how many sectors a site has (3, 1, 6) was read as bearings:
    a 120° wedge pointing 3° east of north for a three-sector site. Counts are not bearings: discs, said
    in the log; a 'sectors' field of bearings is still read."""
    counts = towers([("name", "string"), ("sectors", "int")], [((127.0, 37.0), ("a", 3)), ((127.3, 37.0), ("b", 1)),
                                                               ((127.6, 37.0), ("c", 6))])
    fb = Feedback()
    out = run("coverage", {"STATIONS": counts, "RADIUS": 2000, "OUTPUT": "memory:"}, fb)["OUTPUT"]
    disc = math.pi * 2.0 ** 2
    assert [f["area_km2"] for f in out.getFeatures()] == pytest.approx([disc] * 3, rel=0.005)
    assert any("field 'sectors' holds how many sectors each site has (1, 3, 6), not their bearings" in w
               for w in fb.warnings)
    bearings = towers([("name", "string"), ("sectors", "string")], [((127.0, 37.0), ("a", "0;120")),
                                                                    ((127.3, 37.0), ("b", "240"))])
    out = run("coverage", {"STATIONS": bearings, "RADIUS": 2000, "OUTPUT": "memory:"})["OUTPUT"]
    assert [f["area_km2"] for f in out.getFeatures()] == pytest.approx([disc * 2 / 3, disc / 3], rel=0.005)


@pytest.mark.parametrize("value", [-1.0, -9999.0])
def test_negative_antenna_height_is_read_as_not_given_naming_the_station(algs, value):
    """-1 or -9999 where a list has no height refused the whole layer ('must be a positive number of
    metres') in coverage and coveragestats while terraincoverage used its default; all read it as not
    given, the warning naming the station and its value."""
    from basestation_mapper.plugin.core.radio import LinkBudget, max_distance_m

    layer = towers([("name", "string"), ("antenna_height_m", "double")],
                   [((127.0, 37.0), ("ok", 45.0)), ((127.3, 37.0), ("unknown height", value))])
    fb = Feedback()
    rows = by_fid(run("coverage", {"STATIONS": layer, "MODEL": "hata", "FREQUENCY": 900, "OUTPUT": "memory:"},
                      fb)["OUTPUT"])
    assert [rows[1]["radius_m"], rows[2]["radius_m"]] == pytest.approx(
        [max_distance_m(LinkBudget(frequency_mhz=900.0), h).radius_m for h in (45.0, 30.0)])
    assert any(f"1 station with a negative antenna_height_m, read as not given (the default antenna height is "
               f"used): feature 2 (unknown height): {value:g}" in w for w in fb.warnings)


def test_station_warnings_write_counts_with_thousands_separators(algs):
    """A network of 1,200 stations whose list says 0 for an unknown antenna height and radius was warned of as
    '1200 stations with antenna_height_m 0 …' in the Coverage section and the Processing log, where every other
    count has its thousands separator; the warnings say '1,200 stations' ('1.200' in a German QGIS)."""
    import numpy as np
    from support.number_format import german, qgis_number_locale

    from basestation_mapper.plugin.qgis_io.coverage_io import CoverageOptions, read_stations

    rng = np.random.default_rng(5)
    layer = towers([("name", "string"), ("antenna_height_m", "double"), ("radius_m", "double")],
                   [((127.0 + rng.random(), 37.0 + rng.random()), (f"s{k}", 0.0, 0.0)) for k in range(1200)])
    for context, n in ((contextlib.nullcontext(), "1,200"), (qgis_number_locale(german()), "1.200")):
        with context:
            _table, warnings, _fids = read_stations(layer, CoverageOptions())
        assert any(w.startswith(f"{n} stations with antenna_height_m 0, read as not given") for w in warnings), warnings
        assert any(w.startswith(f"{n} stations with radius_m 0, read as not given") for w in warnings), warnings
