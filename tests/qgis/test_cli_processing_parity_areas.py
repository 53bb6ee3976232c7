"""Population given as areas on the command line (--population-areas, --population-areas-field) and in Processing
coveragestats (POPULATION_AREAS, POPULATION_AREAS_FIELD): the same files give the same table; the command line
refuses what Processing refuses, naming the file, feature and field."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support.coverage import rows_by_region
from support.processing_feedback import Feedback

from basestation_mapper.plugin.cli import main as cli_main

CRS = "EPSG:32652"
X0, Y0 = 400_000.0, 4_100_000.0  # south-west corner of the 20 x 20 km scene
SIDE = 20_000.0
COLUMNS = ("stations", "population", "covered_pop", "covered_pop_min", "covered_pop_max", "estimated_subscribers")


def lonlat(x, y):
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)
    return [float(lon), float(lat)]


def polygon(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[lonlat(x, y) for x, y in
                                                ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]]}


def geojson(path, feats):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for geom, props in feats]}))
    return str(path)


@pytest.fixture
def scene(tmp_path):
    """Two regions (West, East halves), 16 districts of 5 x 5 km with a fixed random count of people (one without
    a count), 4 stations of 3 km, all GeoJSON in degrees."""
    rng = np.random.default_rng(11)
    regions = geojson(tmp_path / "regions.geojson", [
        (polygon(X0, Y0, X0 + SIDE / 2, Y0 + SIDE), {"name": "West"}),
        (polygon(X0 + SIDE / 2, Y0, X0 + SIDE, Y0 + SIDE), {"name": "East"})])
    districts = []
    for i in range(4):
        for j in range(4):
            people = int(rng.integers(1_000, 50_000))
            districts.append((polygon(X0 + 5000 * i, Y0 + 5000 * j, X0 + 5000 * (i + 1), Y0 + 5000 * (j + 1)),
                              {"district": f"D{i}{j}", "Pop_2020": people}))
    districts[9][1]["Pop_2020"] = None
    areas = geojson(tmp_path / "districts.geojson", districts)
    stations = geojson(tmp_path / "stations.geojson", [
        ({"type": "Point", "coordinates": lonlat(X0 + dx, Y0 + dy)}, {"name": f"S{k}", "technology": "4G",
                                                                      "radius_m": 3000})
        for k, (dx, dy) in enumerate(((4000, 4000), (6000, 15000), (14000, 9000), (17500, 17500)))])
    return {"regions": regions, "areas": areas, "stations": stations, "folder": tmp_path}


def run_cli(scene, *options, out_name="cli.csv"):
    out = scene["folder"] / out_name
    rc = cli_main(["coveragestats", "--stations", scene["stations"], "--regions", scene["regions"], "--region-field",
                   "name", "--population-areas", scene["areas"], "--output", str(out), "--overwrite", "--quiet",
                   *options])
    return rc, out


def run_processing(scene, **params):
    import processing

    feedback = Feedback()
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": scene["stations"], "REGIONS": scene["regions"], "REGION_FIELD": "name",
        "POPULATION_AREAS": scene["areas"], "OUTPUT": "memory:", **params}, feedback=feedback)["OUTPUT"]
    return rows_by_region(out), feedback


@pytest.fixture
def private_temp(tmp_path, monkeypatch):
    """The temporary folder of this test's runs alone (other test processes make and remove theirs in the
    system's): what is left in it is what the run left."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("resolution", [None, 100.0])
def test_command_line_counts_population_areas_as_processing(plugin, scene, capsys, resolution, private_temp):
    """The command line had no population areas (only a --population raster): --population-areas and its field give
    the table of coveragestats' POPULATION_AREAS, on automatic cells and on cells of --resolution; the district
    without a count is said as Processing says it, naming the file; the temporary GeoTIFF is removed."""
    before = set(private_temp.glob("bsm_areas_*"))
    extra = ["--resolution", f"{resolution:g}"] if resolution else []
    rc, out = run_cli(scene, "--population-areas-field", "Pop_2020", *extra)
    assert rc == 0
    err = capsys.readouterr().err
    assert "population areas 'districts.geojson'" not in err  # the file as given, not its name alone
    assert f"population areas {scene['areas']!r}: 1 feature without a Pop_2020 value is not counted: feature 9" \
        in err, err
    after = set(private_temp.glob("bsm_areas_*"))
    assert after == before
    cli = pd.read_csv(out).set_index("region")
    alg, feedback = run_processing(scene, POPULATION_AREAS_FIELD="Pop_2020", RESOLUTION=resolution or 0)
    assert any("1 feature without a Pop_2020 value is not counted: feature 9" in w for w in feedback.warnings)
    total_people = cli.loc["TOTAL", "population"]
    assert 300_000 < total_people < 800_000
    for region in ("West", "East", "TOTAL"):
        for column in COLUMNS:
            assert cli.loc[region, column] == pytest.approx(alg[region][column], rel=1e-9), (region, column)
    # the field guessed as Processing guesses it (Pop_2020), said on stderr
    rc, out = run_cli(scene, *extra, out_name="guessed.csv")
    assert rc == 0
    assert "--population-areas-field not given: the people of 'Pop_2020' are counted" in capsys.readouterr().err
    assert pd.read_csv(out).set_index("region").loc["TOTAL", "covered_pop"] == pytest.approx(
        cli.loc["TOTAL", "covered_pop"], rel=1e-12)


def test_command_line_refuses_population_areas_as_processing(plugin, scene, capsys, tmp_path, private_temp):
    """Given with --population, of a file without such a field, with a count that is no number: refused naming
    the option, file, feature and field, nothing written, nothing left in the temporary folder."""
    from support.rasters import write_raster

    raster = write_raster(tmp_path / "people.tif", np.ones((10, 10)), (X0, 100, 0, Y0 + 1000, 0, -100), crs=CRS)
    rc, out = run_cli(scene, "--population", str(raster))
    assert rc == 1 and not out.exists()
    assert "--population-areas is given with --population: give one population source, the raster or the areas" \
        in capsys.readouterr().err
    rc, out = run_cli(scene, "--population-areas-field", "people")
    assert rc == 1 and not out.exists()
    assert f"--population-areas {scene['areas']}: no field 'people' (fields: district, Pop_2020)" \
        in capsys.readouterr().err
    data = json.loads(Path(scene["areas"]).read_text())
    data["features"][3]["properties"]["Pop_2020"] = "lots"
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(data))
    before = set(private_temp.glob("bsm_areas_*"))
    rc = cli_main(["coveragestats", "--stations", scene["stations"], "--regions", scene["regions"],
                   "--population-areas", str(bad), "--output", str(out), "--quiet"])
    assert rc == 1 and not out.exists()
    assert set(private_temp.glob("bsm_areas_*")) == before  # its temporary folder removed
    said = f"population areas {str(bad)!r}, feature 3: Pop_2020 = 'lots' is not a number"
    assert said in capsys.readouterr().err  # as Processing says it of a layer (tests/qgis/test_population_areas.py)
