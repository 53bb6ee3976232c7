"""basestationmapper:coveragestats on generated station files: sites counted by site id."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support.coverage import rows_by_region
from support.processing_feedback import Feedback
from support.rasters import write_raster

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


def run_processing(scene, stations, **params):
    import processing

    feedback = Feedback()
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "REGIONS": scene["regions"], "REGION_FIELD": "name", "POPULATION": scene["population"],
        "OUTPUT": "memory:", **params}, feedback=feedback)["OUTPUT"]
    return rows_by_region(out), feedback


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
