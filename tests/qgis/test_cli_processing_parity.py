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
    alg, _feedback = run_processing(scene, stations, RADIUS=1000)
    out = scene["folder"] / "cli.csv"
    assert cli_main(["coveragestats", "--stations", stations, "--regions", scene["regions"], "--population",
                     scene["population"], "--radius", "1000", "--output", str(out)]) == 0
    assert "sites counted by field 'eNodeB_ID' (stations of one operator and site id within 100 m of one another are " \
           "one site, stations without one by position): 4 stations of 9 have one" in capsys.readouterr().err
    cli = run_cli(scene, stations, "--radius", "1000")
    assert cli.loc[["West", "East", "TOTAL"], "stations"].tolist() == [3, 3, 6]
    assert_same(cli, alg)


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
