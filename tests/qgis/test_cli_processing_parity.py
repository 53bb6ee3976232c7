"""The command line (plugin/cli.py, no QGIS) and basestationmapper:coveragestats on the same files give the same
numbers: sites counted by site id, a Shapefile's azimuth 0 read as not given, the link-budget radius model."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from support.coverage import rows_by_region
from support.processing_feedback import Feedback
from support.rasters import write_raster

from basestation_mapper.plugin.cli import main as cli_main

CRS = "EPSG:32652"
CENTRE = (400_000.0, 4_100_000.0)
HALF = 12_000.0  # the raster and the regions reach this far (m) from CENTRE
CELL = 40.0


def lonlat(x, y):
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)
    return float(lon), float(lat)


@pytest.fixture
def scene(tmp_path):
    """People on a 40 m grid over 24 x 24 km (a fixed random count per cell), and two regions (West, East)."""
    rng = np.random.default_rng(7)
    n = int(2 * HALF / CELL)
    people = write_raster(tmp_path / "people.tif", rng.integers(0, 5, (n, n)).astype(float),
                          (CENTRE[0] - HALF, CELL, 0, CENTRE[1] + HALF, 0, -CELL), crs=CRS)
    x0, x1, y0, y1 = CENTRE[0] - HALF, CENTRE[0] + HALF, CENTRE[1] - HALF, CENTRE[1] + HALF
    feats = []
    for name, (a, b) in (("West", (x0, CENTRE[0])), ("East", (CENTRE[0], x1))):
        ring = [lonlat(x, y) for x, y in ((a, y0), (b, y0), (b, y1), (a, y1), (a, y0))]
        feats.append({"type": "Feature", "properties": {"name": name},
                      "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}})
    regions = tmp_path / "regions.geojson"
    regions.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return {"population": people, "regions": str(regions), "folder": tmp_path}


def station_geojson(path, rows):
    """Stations at UTM positions ``(dx, dy)`` from CENTRE with their properties, as a GeoJSON file."""
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": list(lonlat(CENTRE[0] + dx,
                                                                                         CENTRE[1] + dy))},
              "properties": props} for (dx, dy), props in rows]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return str(path)


def run_cli(scene, stations, *options):
    out = scene["folder"] / "cli.csv"
    rc = cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--region-field", "name",
                   "--population", scene["population"], "--output", str(out), "--overwrite", "--quiet", *options])
    assert rc == 0
    return pd.read_csv(out).set_index("region")


def run_processing(scene, stations, **params):
    import processing

    feedback = Feedback()
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": scene["regions"], "REGION_FIELD": "name", "POPULATION": scene["population"],
        "OUTPUT": "memory:", **params}, feedback=feedback)["OUTPUT"]
    return rows_by_region(out), feedback


COLUMNS = ("stations", "population", "covered_pop", "covered_pop_min", "covered_pop_max")


def assert_same(cli, alg):
    for region in ("West", "East", "TOTAL"):
        for column in COLUMNS:
            assert cli.loc[region, column] == pytest.approx(alg[region][column], rel=1e-9), (region, column)


#: Stations of site lists: (dx, dy) from CENTRE (m), their fields; 6 sites, 3 in the West and 3 in the East.
SITE_ROWS = [((-3000, 0), {"name": "A1", "operator": "KT"}),  # three sector rows of one mast: one site
             ((-3000, 0), {"name": "A2", "operator": "KT"}),
             ((-3000, 0), {"name": "A3", "operator": "KT"}),
             ((3000, 0), {"name": "B1", "operator": "KT", "eNodeB_ID": 1001}),  # one roof, 30 m apart: one site
             ((3030, 0), {"name": "B2", "operator": "KT", "eNodeB_ID": 1001}),
             ((3000, 30), {"name": "D", "operator": "SKT", "eNodeB_ID": 1001}),  # another operator's 1001
             ((3000, 5000), {"name": "C", "operator": "KT", "eNodeB_ID": 1001}),  # the id reused 5 km away
             ((-6000, 0), {"name": "E1", "operator": "KT"}),  # 40 m apart without an id: two sites
             ((-6040, 0), {"name": "E2", "operator": "KT"})]


def test_coveragestats_site_id_is_one_operators(plugin, scene):
    """coveragestats read no operator: another operator's station of the same eNodeB id 30 m away was counted in
    the same site, while the site id is said (and the dock counts it) as one operator's."""
    stations = station_geojson(scene["folder"] / "sites.geojson", SITE_ROWS)
    alg, feedback = run_processing(scene, stations, RADIUS=1000)
    assert [alg[r]["stations"] for r in ("West", "East", "TOTAL")] == [3, 3, 6]
    assert any("sites counted by field 'eNodeB_ID'" in w for w in feedback.warnings)


def test_command_line_counts_sites_by_site_id_as_processing(plugin, scene, capsys):
    """The command line read no site id: the stations of one eNodeB a few metres apart were several sites in its
    stations column, one in coveragestats'. It reads the site id field by the same function, said on stderr."""
    stations = station_geojson(scene["folder"] / "sites.geojson", SITE_ROWS)
    alg, feedback = run_processing(scene, stations, RADIUS=1000)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--radius", "1000", "--output", str(out)]) == 0
    # A2 and A3 repeat A1 (nothing but their names differs): counted once, as coveragestats does
    said = "sites counted by field 'eNodeB_ID' (stations of one operator and site id within 100 m of one another " \
           "are one site, stations without one by position): 4 stations of 7 have one"
    assert said in capsys.readouterr().err
    assert any(said in w for w in feedback.warnings), feedback.warnings
    cli = run_cli(scene, stations, "--radius", "1000")
    assert cli.loc[["West", "East", "TOTAL"], "stations"].tolist() == [3, 3, 6]
    assert_same(cli, alg)


@pytest.mark.parametrize("field", ["site", "Site-ID"])
def test_command_line_reads_a_site_column_that_also_names_the_stations(plugin, scene, field):
    """A site list whose only label is its 'site' column: the importers read it as the stations' names and the
    command line took no site id from it, where coveragestats counts its sites by it. A 'Site-ID' field (read
    by the importers as site_id) was no site id field for coveragestats. Both count them alike."""
    rows = [((3000, 0), {field: "S1", "operator": "KT"}), ((3030, 0), {field: "S1", "operator": "KT"}),
            ((-3000, 0), {field: "S2", "operator": "KT"}), ((-3050, 0), {field: "S2", "operator": "KT"}),
            ((-3000, 3000), {field: "S3", "operator": "KT"})]
    stations = station_geojson(scene["folder"] / "site_list.geojson", rows)
    alg, _feedback = run_processing(scene, stations, RADIUS=1000)
    assert [alg[r]["stations"] for r in ("West", "East", "TOTAL")] == [2, 1, 3]
    assert_same(run_cli(scene, stations, "--radius", "1000"), alg)


def shapefile(folder, rows):
    """Stations written by OGR to a Shapefile with numeric azimuth and beamwidth fields (no NULL numbers)."""
    from osgeo import ogr, osr

    path = folder / "towers.shp"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    lyr = ds.CreateLayer("towers", srs, ogr.wkbPoint)
    for name, kind in (("name", ogr.OFTString), ("azimuth", ogr.OFTReal), ("beamwidth", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for (dx, dy), values in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        for name, value in zip(("name", "azimuth", "beamwidth"), values):
            if value is not None:
                feat.SetField(name, value)
        feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} {})".format(*lonlat(CENTRE[0] + dx, CENTRE[1] + dy))))
        lyr.CreateFeature(feat)
    ds = None
    return str(path)


def test_command_line_reads_a_shapefiles_azimuth_zero_without_beamwidth_as_processing(plugin, scene, capsys):
    """A Shapefile stores a missing azimuth as 0: coveragestats reads azimuth 0 with no beamwidth as a disc, the
    command line drew a 120° sector pointing north; both read it as a disc, a sector with a beamwidth kept."""
    rows = [((-5000, 0), ("no azimuth", 0.0, None)), ((5000, 0), ("north sector", 0.0, 65.0)),
            ((5000, -6000), ("east sector", 90.0, None)), ((-5000, -6000), ("omni", 0.0, 360.0))]
    stations = shapefile(scene["folder"], rows)
    alg, _feedback = run_processing(scene, stations, RADIUS=2000, BEAMWIDTH=120)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--radius", "2000", "--output", str(out), "--overwrite"]) == 0
    err = capsys.readouterr().err
    assert "is a Shapefile, which stores a missing azimuth as 0: 2 stations with azimuth 0 and no beamwidth (or 0 or " \
           "360) read as omnidirectional (a full disc): station 1 (no azimuth), station 4 (omni)" in err
    cli = run_cli(scene, stations, "--radius", "2000")
    assert_same(cli, alg)
    # West holds the two discs: its people covered are those of two full discs of 2 km
    disc_cells = math.pi * 2000.0 ** 2 / CELL ** 2
    assert cli.loc["West", "covered_pop"] == pytest.approx(2 * disc_cells * 2.0, rel=0.05)


def test_command_line_link_budget_model_gives_processings_radii(plugin, scene, capsys):
    """Processing's MODEL hata / cost231 computes each station's radius from the link budget at its own frequency
    and antenna height; the command line had no such model (its stations' frequencies changed nothing). Its
    --model, --frequency, --base-height, --mobile-height, --eirp, --rx-threshold, --rx-gain, --losses,
    --environment and --city-size select the same model with the same defaults."""
    rows = [((-6000, 3000), {"name": "low band", "technology": "4G", "frequency_mhz": 800, "antenna_height_m": 40}),
            ((-6000, -5000), {"name": "mid band", "technology": "4G", "band": "B3"}),
            ((5000, 4000), {"name": "no frequency", "technology": "3G", "antenna_height_m": 0}),
            ((5000, -5000), {"name": "own radius", "technology": "2G", "frequency_mhz": 900, "radius_m": 1500})]
    stations = station_geojson(scene["folder"] / "budget.geojson", rows)
    # the defaults: the budget at each station's frequency, 900 MHz Okumura-Hata without one
    alg, feedback = run_processing(scene, stations, MODEL=1)
    assert any("1 station computed with COST-231 Hata rather than Okumura-Hata" in w for w in feedback.warnings)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--model", "hata", "--output", str(out), "--overwrite"]) == 0
    err = capsys.readouterr().err
    assert "1 station computed with COST-231 Hata rather than Okumura-Hata, the one that holds at its own " \
           "frequency: station 2 (mid band) (1842.5 MHz)" in err
    cli = run_cli(scene, stations, "--model", "hata")
    assert_same(cli, alg)
    preset = run_cli(scene, stations)
    assert preset.loc["TOTAL", "covered_pop"] != pytest.approx(cli.loc["TOTAL", "covered_pop"], rel=1e-3)
    # every budget parameter, the same on both sides
    alg, _feedback = run_processing(scene, stations, MODEL=2, FREQUENCY=1900, BASE_HEIGHT=45, MOBILE_HEIGHT=2,
                                    EIRP=55, RX_THRESHOLD=-95, RX_GAIN=2, LOSSES=6, ENVIRONMENT=1, CITY_SIZE=1,
                                    SCENARIO_MIN=0.6, SCENARIO_MAX=1.2)
    cli = run_cli(scene, stations, "--model", "cost231", "--frequency", "1900", "--base-height", "45",
                  "--mobile-height", "2", "--eirp", "55", "--rx-threshold", "-95", "--rx-gain", "2", "--losses", "6",
                  "--environment", "suburban", "--city-size", "large", "--scenario-min", "0.6",
                  "--scenario-max", "1.2")
    assert_same(cli, alg)


def test_command_line_refuses_budget_options_out_of_processings_range(plugin, scene, capsys, tmp_path):
    """A link-budget option outside the range the Processing parameter takes is refused naming it, nothing
    written; one given without --model hata or cost231 is said to be unused."""
    stations = station_geojson(tmp_path / "one.geojson", [((0, 0), {"name": "A", "frequency_mhz": 800})])
    out = tmp_path / "stats.csv"
    for options, said in ((["--model", "hata", "--base-height", "-5"], "--base-height -5: expected"),
                          (["--model", "hata", "--frequency", "0"], "--frequency 0: expected"),
                          (["--model", "cost231", "--rx-threshold", "10"], "--rx-threshold 10: expected")):
        rc = cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                       scene["population"], "--output", str(out), *options])
        err = capsys.readouterr().err
        assert rc == 1 and said in err, err
        assert not out.exists()
    rc = cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                   scene["population"], "--output", str(out), "--eirp", "60"])
    err = capsys.readouterr().err
    assert rc == 0 and "warning: --eirp is of the link budget (--model hata or cost231): not used" in err, err


def test_command_line_budget_radius_stops_at_20_km_as_processing(plugin, scene, capsys):
    """A budget reaching beyond the models' 20 km: 20 km on both sides, said naming the station."""
    stations = station_geojson(scene["folder"] / "far.geojson", [((0, 0), {"name": "A", "frequency_mhz": 3500})])
    alg, feedback = run_processing(scene, stations, MODEL=1, EIRP=100)
    assert any("reaches beyond 20 km" in w for w in feedback.warnings)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--model", "hata", "--eirp", "100", "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "COST-231 Hata reaches beyond 20 km, where the model no longer holds: the radius is 20 km (give radius_m " \
           "or --radius for a longer reach): 1 station: station 1 (A)" in err, err
    assert "1 station has a frequency outside the 150-2000 MHz where the Hata models hold" in err
    assert_same(run_cli(scene, stations, "--model", "hata", "--eirp", "100"), alg)


def test_command_line_reads_no_value_markers_of_beamwidth_and_frequency_as_processing(plugin, scene, capsys):
    """'N/A' in a beamwidth and '-' in a frequency field, how site lists say no value: coveragestats reads them
    as not given (the run's beamwidth, the budget's frequency), the command line refused the file ('beamwidth
    'N/A' must be a number of degrees'); both read them so, said naming the stations."""
    rows = [((-5000, 0), {"name": "A", "azimuth": "90", "beamwidth": "N/A", "frequency": "-"}),
            ((5000, 0), {"name": "B", "azimuth": "90", "beamwidth": "65", "frequency": "1800"})]
    stations = station_geojson(scene["folder"] / "markers.geojson", rows)
    alg, feedback = run_processing(scene, stations, MODEL=1)
    assert any("'N/A' read as not given" in w for w in feedback.warnings)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--model", "hata", "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "beamwidth 'N/A' read as not given for 1 station: station 1 (A)" in err, err
    assert "frequency '-' read as not given for 1 station: station 1 (A)" in err, err
    assert_same(run_cli(scene, stations, "--model", "hata"), alg)


#: Stations of a site list as coveragestats reads them with a warning: a radius 0, heights below the ground or above
#: 500 m, 'N/A' in azimuth, height and radius, a technology that is none, and one station given twice.
LOOSE_ROWS = [((-5000, 0), {"name": "A", "technology": "3G", "radius_m": "0"}),
              ((5000, 0), {"name": "B", "technology": "3G", "antenna_height_m": "-5"}),
              ((5000, 3000), {"name": "C", "technology": "4G", "antenna_height_m": "800"}),
              ((-5000, 3000), {"name": "D", "technology": "2G", "azimuths": "N/A", "antenna_height_m": "N/A",
                               "radius_m": "N/A"}),
              ((0, -5000), {"name": "E", "technology": "Koryolink"}),
              ((-3000, -5000), {"name": "F", "technology": "4G", "station_id": "f1", "radius_m": "2500"}),
              ((-3000, -5000), {"name": "F", "technology": "4G", "station_id": "f1", "radius_m": "2500"}),
              ((3000, -5000), {"name": "G", "technology": "2G"}),
              ((3000, -5000), {"name": "G", "technology": "2G"}),
              ((3000, -6000), {"name": "H", "technology": "3G", "radius_m": "0"})]


def test_command_line_reads_station_fields_as_processing(plugin, scene, capsys):
    """The command line's importers refused the file coveragestats reads with warnings ('antenna_height_m: -5 is
    below 0', "not a number: 'N/A'", 'not a known technology', 'duplicate id'), and took a radius_m 0 as not given
    where coveragestats refused it; both read such a file alike, with the same numbers and a warning for each:
    radius 0 and the heights read as not given, 'N/A' as not given, the technology counted as 'unknown', the
    station given twice counted once."""
    stations = station_geojson(scene["folder"] / "loose.geojson", LOOSE_ROWS)
    alg, feedback = run_processing(scene, stations)
    warned = " | ".join(feedback.warnings)
    cli = run_cli(scene, stations)
    err = capsys.readouterr().err
    for text in (warned, err):
        assert "2 stations with radius_m 0, read as not given" in text, text
        assert "negative antenna_height_m" in text and "antenna_height_m above 500 m" in text, text
        for field in ("antenna_height_m", "azimuths", "radius_m"):
            assert f"{field} 'N/A' read as not given for 1 station" in text, text
        assert "unknown technology for 1 station, counted as 'unknown'" in text and "'Koryolink'" in text, text
        assert "2 stations repeat another one" in text, text
    assert "station 7 (F) (= station 6 (F)), station 9 (G) (= station 8 (G))" in err, err
    assert "station 1 (A), station 10 (H)" in err and "station 5 (E): 'Koryolink'" in err, err
    assert_same(cli, alg)


def test_command_line_and_coveragestats_refuse_a_negative_radius_naming_the_station(plugin, scene, capsys):
    """A negative radius_m is no radius: coveragestats refuses the layer naming the feature, the command line the
    file naming its row (--skip-bad leaves the row out)."""
    rows = [((-5000, 0), {"name": "A", "radius_m": "-300"}), ((5000, 0), {"name": "B", "radius_m": "3000"})]
    stations = station_geojson(scene["folder"] / "negative.geojson", rows)
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=r"feature \d+ \(A\): radius_m: -300 m"):
        run_processing(scene, stations)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--output",
                     str(out)]) == 1
    assert "radius_m" in capsys.readouterr().err
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--output",
                     str(out), "--skip-bad", "--overwrite"]) == 0


def test_command_line_names_the_files_own_columns_as_processing(plugin, scene, capsys):
    """A station file whose columns are named 'height', 'azimuth' and 'radius' (read as antenna_height_m, azimuths
    and radius_m): coveragestats names them in its warnings, the command line named the schema's fields ('a
    negative antenna_height_m', "azimuths 'N/A'", 'radius_m 0'); it names the file's columns too."""
    rows = [((-5000, 0), {"name": "A", "technology": "3G", "radius": "0"}),
            ((5000, 0), {"name": "B", "technology": "3G", "height": "-5"}),
            ((5000, 3000), {"name": "C", "technology": "4G", "height": "800"}),
            ((-5000, 3000), {"name": "D", "technology": "2G", "azimuth": "N/A", "height": "N/A", "radius": "N/A"})]
    stations = station_geojson(scene["folder"] / "own_names.geojson", rows)
    alg, feedback = run_processing(scene, stations)
    warned = " | ".join(feedback.warnings)
    cli = run_cli(scene, stations)
    err = capsys.readouterr().err
    for text in (warned, err):
        assert "negative height, read as not given" in text and "1 station with height above 500 m" in text, text
        for field in ("height", "azimuth", "radius"):
            assert f"{field} 'N/A' read as not given for 1 station" in text, text
        assert "1 station with radius 0, read as not given" in text, text
    assert "antenna_height_m" not in err and "radius_m" not in err and "azimuths" not in err, err
    assert_same(cli, alg)
