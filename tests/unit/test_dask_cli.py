"""The command line runs end to end in a subprocess where ``import qgis`` is impossible."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from basestation_mapper.plugin.cli import read_regions_file, read_stations_file
from basestation_mapper.plugin.core.pipeline import StatsJob, run_statistics

#: run the CLI module with qgis made unimportable (a cluster node without QGIS)
LAUNCH = ("import runpy, sys; sys.modules['qgis'] = None; sys.argv = ['cli'] + sys.argv[1:]; "
          "runpy.run_module('basestation_mapper.plugin.cli', run_name='__main__')")


def cli(*args, check_rc: int | None = 0):
    result = subprocess.run([sys.executable, "-c", LAUNCH, *map(str, args)], capture_output=True, text=True,
                            timeout=300, check=False)
    if check_rc is not None:
        assert result.returncode == check_rc, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from shapely.geometry import mapping
    from support.dask_data import regions, stations, write_population

    folder = tmp_path_factory.mktemp("cli")
    st = stations()
    pd.DataFrame({"name": [f"site {i}" for i in range(st.n)], "lon": st.lon, "lat": st.lat,
                  "technology": "3G", "radius_m": st.radius_m}).to_csv(folder / "stations.csv", index=False)
    reg = regions()
    feats = [{"type": "Feature", "geometry": mapping(g), "properties": {"province": name}}
             for name, g in zip(reg.names, reg.geoms)]
    (folder / "regions.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return {"stations": folder / "stations.csv", "regions": folder / "regions.geojson",
            "population": write_population(folder / "pop.tif"), "folder": folder}


def test_coveragestats_on_a_local_cluster(files, tmp_path):
    out = tmp_path / "stats.csv"
    run = cli("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
              "province", "--population", files["population"], "--penetration", "0.27", "--scheduler", "local:2",
              "--tile", 64, "--output", out)
    assert "people covered" in run.stderr
    got = pd.read_csv(out, float_precision="round_trip")
    stations = read_stations_file(str(files["stations"]))
    regions = read_regions_file(str(files["regions"]), "province")
    expected = run_statistics(StatsJob(stations, regions, raster_path=files["population"]), tile=64).table
    assert list(got["region"]) == ["north-west", "north-east", "south-west", "south-east", "TOTAL"]
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)


def test_coveragestats_geojson_here(files, tmp_path):
    out = tmp_path / "stats.geojson"
    cli("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
        "province", "--population", files["population"], "--radius", 3000, "--quiet", "--output", out)
    data = json.loads(out.read_text())
    feats = data["features"]
    assert [f["properties"]["region"] for f in feats][-1] == "TOTAL"
    assert feats[-1]["geometry"] is None and all(f["geometry"]["type"] == "Polygon" for f in feats[:-1])
    total = feats[-1]["properties"]
    assert total["population"] == pytest.approx(sum(f["properties"]["population"] for f in feats[:-1]))
    assert 0 < total["covered_pop"] < total["population"]
    # refuses to clobber without --overwrite, and leaves the file as it was
    before = out.read_bytes()
    run = cli("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--population",
              files["population"], "--output", out, check_rc=1)
    assert "exists" in run.stderr and out.read_bytes() == before


def test_bad_inputs_are_named_and_nothing_is_written(files, tmp_path):
    out = tmp_path / "stats.csv"
    run = cli("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
              "nom", "--population", files["population"], "--output", out, check_rc=1)
    assert "no field 'nom'" in run.stderr and "province" in run.stderr
    run = cli("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--population",
              files["population"], "--scheduler", "nonsense", "--output", out, check_rc=1)
    assert "give 'local:N' or an address" in run.stderr
    assert not out.exists()


def test_detect_end_to_end(shared_data, tmp_path):
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect import DetectorParams, detect_raster

    scene = make_scene(shared_data, 11, "atlanta", 0.5, n_masts=4, size_m=300.0)
    image = scene.write(tmp_path / "scene.tif", tiled=True)
    out = tmp_path / "candidates.geojson"
    cli("detect", "--image", image, "--sun-azimuth", scene.sun_azimuth, "--min-confidence", 0.3, "--max-shadow", 40,
        "--tile", 380, "--scheduler", "local:2", "--output", out)
    feats = json.loads(out.read_text())["features"]
    expected = detect_raster(str(image), DetectorParams(sun_azimuth=scene.sun_azimuth, min_confidence=0.3,
                                                        max_shadow_m=40.0), tile=380)
    assert len(feats) == len(expected) > 0
    np.testing.assert_allclose([f["properties"]["x"] for f in feats], [c.x for c in expected])
    assert all(f["properties"]["status"] == "candidate" and f["properties"]["origin"] == "detected" for f in feats)
    lon, lat = feats[0]["geometry"]["coordinates"]
    assert -85 < lon < -84 and 33 < lat < 34.5  # Atlanta


def test_detect_sun_from_metadata_and_the_sun_searched(shared_data, tmp_path):
    from osgeo import gdal
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect import DetectorParams, detect_raster

    scene = make_scene(shared_data, 11, "atlanta", 0.5, n_masts=4, size_m=300.0)
    image = scene.write(tmp_path / "scene.tif")
    ds = gdal.Open(str(image), gdal.GA_Update)
    ds.SetMetadataItem("IMAGE_1.meanSunAz", f"{scene.sun_azimuth:.4f}")
    ds = None
    out = tmp_path / "tagged.geojson"
    run = cli("detect", "--image", image, "--sun-from-metadata", "--min-confidence", 0.3, "--max-shadow", 40,
              "--output", out)
    assert "from the image metadata (IMAGE_1.meanSunAz)" in run.stderr
    expected = detect_raster(str(image), DetectorParams(sun_azimuth=round(scene.sun_azimuth, 4), min_confidence=0.3,
                                                        max_shadow_m=40.0))
    feats = json.loads(out.read_text())["features"]
    assert len(feats) == len(expected) > 0
    np.testing.assert_allclose([f["properties"]["x"] for f in feats], [c.x for c in expected])
    # without the flag the sun is searched, and the sun found is reported
    run = cli("detect", "--image", image, "--min-confidence", 0.3, "--max-shadow", 40,
              "--output", tmp_path / "searched.geojson")
    assert "sun searched: the shadows of the candidates point away from a sun at about" in run.stderr


def test_detect_tells_heights_from_the_shadows_under_the_sun_elevation(shared_data, tmp_path):
    """--sun-elevation (or the image metadata's elevation): antenna_height_m is each mast's height told from its
    shadow; without one it is empty; an elevation heights are not told under is refused."""
    import math

    from osgeo import gdal
    from support.scenes import make_scene

    scene = make_scene(shared_data, 11, "atlanta", 0.5, n_masts=4, size_m=300.0)
    image = scene.write(tmp_path / "scene.tif")
    common = ("--sun-azimuth", scene.sun_azimuth, "--min-confidence", 0.3, "--max-shadow", 40)

    def heights(path):
        feats = json.loads(path.read_text())["features"]
        assert feats
        return [(f["properties"]["x"], f["properties"]["y"], f["properties"]["antenna_height_m"]) for f in feats]

    cli("detect", "--image", image, *common, "--sun-elevation", scene.sun_elevation, "--output", tmp_path / "a.geojson")
    told = 0
    for x, y, height in heights(tmp_path / "a.geojson"):
        mast = min(scene.masts, key=lambda m: math.hypot(m.x - x, m.y - y))
        if math.hypot(mast.x - x, mast.y - y) <= 15.0:
            told += 1
            assert height == pytest.approx(mast.height_m, rel=1 / 3)
    assert told >= 2
    cli("detect", "--image", image, *common, "--output", tmp_path / "b.geojson")
    assert all(h is None for _x, _y, h in heights(tmp_path / "b.geojson"))  # empty: not known
    ds = gdal.Open(str(image), gdal.GA_Update)
    ds.SetMetadataItem("IMAGE_1.meanSunAz", f"{scene.sun_azimuth:.4f}")
    ds.SetMetadataItem("IMAGE_1.meanSunEl", f"{scene.sun_elevation:.4f}")
    ds = None
    run = cli("detect", "--image", image, *common, "--output", tmp_path / "c.geojson")
    assert "sun elevation" in run.stderr
    assert [h for *_xy, h in heights(tmp_path / "c.geojson")] == [h for *_xy, h in heights(tmp_path / "a.geojson")]
    run = cli("detect", "--image", image, *common, "--sun-elevation", 85, "--output", tmp_path / "d.geojson",
              check_rc=None)
    assert run.returncode != 0 and "--sun-elevation 85" in run.stderr
    assert not (tmp_path / "d.geojson").exists()
    # a file dated by its name (no sun in its metadata): the candidates carry the date, and the sun's elevation
    # at their shadows' azimuth that day tells their heights
    import shutil

    from pyproj import Transformer

    from basestation_mapper.plugin.core.detect.sun import elevation_at_azimuth

    dated = shutil.copy(scene.write(tmp_path / "plain.tif"), tmp_path / "WV02_20210115_scene.tif")
    run = cli("detect", "--image", dated, *common, "--output", tmp_path / "e.geojson")
    props = [f["properties"] for f in json.loads((tmp_path / "e.geojson").read_text())["features"]]
    assert props and {(p["image_date"], p["first_seen"], p["last_seen"]) for p in props} == {("2021-01-15",) * 3}
    lon, lat = Transformer.from_crs(f"EPSG:{scene.epsg}", "EPSG:4326", always_xy=True).transform(
        np.mean([p["x"] for p in props]), np.mean([p["y"] for p in props]))
    expected = elevation_at_azimuth("2021-01-15", lat, lon, scene.sun_azimuth)
    assert f"sun elevation {expected:.1f} deg: as high as the sun stands" in run.stderr
    for p in props:
        assert p["antenna_height_m"] == pytest.approx(p["shadow_length_m"] * math.tan(math.radians(expected)),
                                                      abs=0.06)
    # its sun searched: only among the azimuths the sun takes that day there (Atlanta in January: SE to SW)
    run = cli("detect", "--image", dated, "--min-confidence", 0.3, "--max-shadow", 40, "--output",
              tmp_path / "f.geojson")
    assert "sun searched among the azimuths the sun takes on 2021-01-15 there" in run.stderr
    for p in json.loads((tmp_path / "f.geojson").read_text())["features"]:
        assert 110 <= (p["properties"]["shadow_azimuth"] + 180.0) % 360.0 <= 250


def test_nodata_values_given_on_the_command_line(files, tmp_path):
    """A UInt16 raster whose 65535 fill has no nodata tag: counted with a warning saying how to mark it, and
    left out with --nodata 65535, as the same value set on the layer in QGIS."""
    from osgeo import gdal, osr
    from support.dask_data import RES, UTM, X0, Y0

    from basestation_mapper.plugin.core.population import NoDataRule

    people = np.random.default_rng(4).integers(0, 40, (260, 300)).astype(np.uint16)
    people[100:160, 120:200] = 65535
    path = str(tmp_path / "ppp_uint16.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 300, 260, 1, gdal.GDT_UInt16)
    ds.SetGeoTransform((X0, RES, 0.0, Y0, 0.0, -RES))
    srs = osr.SpatialReference()
    srs.SetFromUserInput(UTM)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(people)
    ds = None
    args = ["coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
            "province", "--population", path, "--quiet"]
    run = cli(*args, "--output", tmp_path / "counted.csv")
    assert "cells holding 65535" in run.stderr and "--nodata" in run.stderr
    run = cli(*args, "--nodata", 65535, "--output", tmp_path / "marked.csv")
    assert "cells holding 65535" not in run.stderr
    got = pd.read_csv(tmp_path / "marked.csv", float_precision="round_trip")
    assert got["population"].iloc[-1] == people[people != 65535].astype(float).sum()
    stations = read_stations_file(str(files["stations"]))
    regions = read_regions_file(str(files["regions"]), "province")
    job = StatsJob(stations, regions, raster_path=path,
                   raster_nodata=NoDataRule(True, ((65535.0, 65535.0, True, True),)))
    pd.testing.assert_frame_equal(got, run_statistics(job).table, check_exact=True, check_dtype=False)


def test_band_note_only_without_band(files, tmp_path):
    """A population file of two bands: without --band the run says band 1 is counted; with --band it says
    nothing of the bands (the analyst chose)."""
    from osgeo import gdal

    vrt = tmp_path / "pop2.vrt"
    gdal.BuildVRT(str(vrt), [str(files["population"])] * 2, separate=True).FlushCache()
    common = ("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
              "province", "--population", vrt, "--radius", 3000)
    run = cli(*common, "--output", tmp_path / "default.csv")
    assert "has 2 bands: band 1" in run.stderr
    run = cli(*common, "--band", 2, "--output", tmp_path / "chosen.csv")
    assert "has 2 bands" not in run.stderr
    assert pd.read_csv(tmp_path / "chosen.csv").equals(pd.read_csv(tmp_path / "default.csv"))


def test_coveragestats_without_population_gives_the_area_covered(files, tmp_path):
    """--population was required: regions alone gave no statistics, while Processing's coveragestats and the dock
    count the area covered per region without a population source. Without it the table is that one (same
    numbers as the core's, on --resolution cells), its population columns empty, and the summary in km²."""
    out = tmp_path / "area.csv"
    common = ("coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--region-field",
              "province", "--radius", 3000)
    run = cli(*common, "--resolution", 200, "--output", out)
    assert "no --population nor --population-areas: the area covered per region only" in run.stderr
    assert "km² covered" in run.stderr and "people covered" not in run.stderr
    got = pd.read_csv(out, float_precision="round_trip")
    stations = read_stations_file(str(files["stations"]), 3000.0)
    regions = read_regions_file(str(files["regions"]), "province")
    expected = run_statistics(StatsJob(stations, regions, area_resolution_m=200.0)).table
    assert list(got["region"]) == ["north-west", "north-east", "south-west", "south-east", "TOTAL"]
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_dtype=False)
    assert got["population"].isna().all() and got["estimated_subscribers"].isna().all()
    assert 0 < got["covered_km2"].iloc[-1] < got["area_km2"].iloc[-1]
    # the raster's options without a raster are said; a negative cell size is refused, nothing written
    run = cli(*common, "--band", 2, "--resolution", 200, "--quiet", "--output", tmp_path / "band.csv")
    assert "--band, --density and --nodata are of a --population raster" in run.stderr
    assert "--penetration" not in run.stderr
    run = cli(*common, "--penetration", 0.4, "--resolution", 200, "--quiet", "--output", tmp_path / "pen.csv")
    assert "--penetration 0.4 is not used: no --population" in run.stderr
    run = cli(*common, "--resolution", -5, "--output", tmp_path / "bad.csv", check_rc=1)
    assert "--resolution -5" in run.stderr and not (tmp_path / "bad.csv").exists()
