"""The command line refuses bad arguments before any work, in one line on stderr naming the option, exit 1, no
traceback and no output file."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support.rasters import write_raster

from basestation_mapper.plugin.cli import main


@pytest.fixture
def files(tmp_path):
    stations = tmp_path / "역.csv"
    stations.write_text("lon,lat,technology,radius_m\n127.0,37.5,4G,3000\n127.05,37.52,3G,2000\n", encoding="utf-8")
    ring = [[126.95, 37.45], [127.1, 37.45], [127.1, 37.57], [126.95, 37.57], [126.95, 37.45]]
    regions = tmp_path / "regions.geojson"
    regions.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {"name": "A"}}]}))
    rng = np.random.default_rng(0)
    image = write_raster(tmp_path / "image.tif", (rng.random((64, 64)) * 255).astype("uint8"),
                         (300000.0, 0.5, 0, 4150000.0, 0, -0.5), crs="EPSG:32652", dtype="Byte")
    return {"stations": str(stations), "regions": str(regions), "image": str(image), "folder": tmp_path}


def refused(argv, capsys, *expected):
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 1, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and "Traceback" not in err, err
    for text in expected:
        assert text in last, last
    return last


def stats(files, out, *more):
    return ["coveragestats", "--stations", files["stations"], "--regions", files["regions"], "--output", str(out),
            "--quiet", *more]


def test_bad_metric_crs_is_one_line_naming_the_option(files, capsys):
    """--metric-crs bogus ended in a pyproj CRSError traceback after the stations and regions were read."""
    out = files["folder"] / "stats.csv"
    refused(stats(files, out, "--metric-crs", "bogus"), capsys, "--metric-crs", "bogus")
    assert not out.exists()


def test_existing_output_is_refused_before_the_work_naming_overwrite(files, capsys):
    """An existing --output was refused only after the whole job had run, with the Processing wording
    '(OVERWRITE)'; it is refused first, naming --overwrite, and the file is left untouched."""
    out = files["folder"] / "stats.csv"
    out.write_text("keep")
    last = refused(stats(files, out), capsys, "--overwrite", str(out))
    assert "OVERWRITE" not in last and out.read_text() == "keep"
    # the job did not run: none of its notes or progress were said (without --quiet)
    argv = [a for a in stats(files, out) if a != "--quiet"]
    assert main(argv) == 1
    assert capsys.readouterr().err.strip().splitlines() == [last]
    assert main(stats(files, out, "--overwrite")) == 0 and out.read_text() != "keep"


def test_output_of_another_format_is_refused(files, capsys):
    """--output stats.gpkg wrote CSV text into a file named .gpkg."""
    out = files["folder"] / "stats.gpkg"
    refused(stats(files, out), capsys, "--output", ".csv or .geojson")
    assert not out.exists()
    cands = files["folder"] / "cands.shp"
    refused(["detect", "--image", files["image"], "--output", str(cands), "--quiet"], capsys, "--output")
    assert not cands.exists()


def test_stats_tile_below_processing_minimum_is_refused(files, capsys):
    out = files["folder"] / "stats.csv"
    refused(stats(files, out, "--tile", "0"), capsys, "--tile 0")
    assert not out.exists()


def test_detect_missing_or_unreadable_image_is_one_line(files, capsys):
    """detect --image of a file that does not exist (or is no raster) ended in a RasterioIOError traceback from
    the sun-metadata read."""
    out = files["folder"] / "cands.csv"
    refused(["detect", "--image", str(files["folder"] / "none.tif"), "--output", str(out)], capsys, "none.tif")
    refused(["detect", "--image", files["stations"], "--output", str(out)], capsys, "역.csv")
    assert not out.exists()


@pytest.mark.parametrize("option,value", [("--threads", "-2"), ("--threads", "0"), ("--min-confidence", "5"),
                                          ("--min-confidence", "nan"), ("--min-shadow", "-3"),
                                          ("--max-shadow", "900"), ("--sun-azimuth", "400"),
                                          ("--sun-azimuth", "nan")])
def test_detect_values_out_of_processing_range_are_refused(files, capsys, option, value):
    """--threads -2 ended in an IndexError traceback, --sun-azimuth nan in 'cannot convert float NaN to integer'
    naming no option; --min-confidence 5, --min-shadow -3 and --sun-azimuth 400 ran (Processing's ranges refuse
    them: 0-1, 2-500 m, 0-360°)."""
    out = files["folder"] / "cands.csv"
    refused(["detect", "--image", files["image"], "--output", str(out), "--quiet", option, value], capsys, option)
    assert not out.exists()
