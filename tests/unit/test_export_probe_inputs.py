"""Core export inputs the other unit tests had not tried: a chart fed the values a statistics table with empty
whole-number cells gives (pandas' NA), numpy's float32 NaN or an infinity; a shapefile named in upper case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from basestation_mapper.plugin.core.chart import bar_chart_svg
from basestation_mapper.plugin.core.safe_write import sidecar_paths, staged, temp_name


def _bar_widths(svg: str) -> dict[str, float]:
    """``{label: bar width}`` of the chart (the SVG parsed: it must be well formed)."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    labels = [t.text for t in root.iter(f"{ns}text") if t.get("text-anchor") == "end"]
    bars = [float(r.get("width")) for r in root.iter(f"{ns}rect")][1:]  # the first is the background
    return dict(zip(labels, bars))


def test_chart_of_an_integer_column_with_empty_cells_draws_them_as_no_bar():
    # a statistics table read from a layer: a whole-number column with an empty cell is pandas' Int64, whose
    # missing value is pd.NA (float(pd.NA) raises: the report failed with a TypeError)
    covered = pd.to_numeric(pd.Series([120_000, None, 80_000], dtype="Int64"), errors="coerce").tolist()
    lows = pd.to_numeric(pd.Series([100_000, None, 70_000], dtype="Int64"), errors="coerce").tolist()
    highs = pd.to_numeric(pd.Series([130_000, None, 90_000], dtype="Int64"), errors="coerce").tolist()
    assert covered[1] is pd.NA
    svg = bar_chart_svg(["A", "B", "C"], covered, lows, highs)
    widths = _bar_widths(svg)
    assert widths["B"] == 0.0 and widths["A"] > widths["C"] > 0.0
    assert "nan" not in svg.lower()


def test_chart_of_float32_nan_and_infinite_values_stays_a_valid_drawing():
    values = np.array([5.0, np.nan, 3.0, np.inf], dtype="float32")  # numpy's float32 is no Python float
    svg = bar_chart_svg(["a", "b", "c", "d"], list(values), [np.float32(4), np.float32("nan"), None, None],
                        [np.float32(6), np.inf, None, None])
    widths = _bar_widths(svg)
    assert widths["b"] == 0.0 and widths["d"] == 0.0 and widths["a"] > widths["c"] > 0.0
    assert "nan" not in svg.lower() and "inf" not in svg.lower()


def test_upper_case_shapefile_gets_its_sidecars_in_upper_case(tmp_path):
    assert [p.name for p in sidecar_paths(tmp_path / "ROADS.SHP")][:3] == ["ROADS.SHP", "ROADS.SHX", "ROADS.DBF"]
    assert [p.name for p in sidecar_paths(tmp_path / "roads.shp")][:3] == ["roads.shp", "roads.shx", "roads.dbf"]
    # the temporary file has the extension a driver writes (the shapefile driver writes '.shp' in lower case)
    assert temp_name(tmp_path / "ROADS.SHP").name.endswith(".part.shp")
    with staged(tmp_path / "ROADS.SHP") as tmp:
        for ext in (".shp", ".shx", ".dbf"):
            tmp.with_suffix(ext).write_bytes(ext.encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ROADS.DBF", "ROADS.SHP", "ROADS.SHX"]
    assert (tmp_path / "ROADS.DBF").read_bytes() == b".dbf"


def test_kml_longitudes_of_a_0_to_360_layer_are_written_within_180():
    # Pacific data kept in 0..360° longitudes (R's st_shift_longitude): KML allows -180..180 only
    from shapely.geometry import Point, Polygon

    from basestation_mapper.plugin.core.kml import geometry_kml

    def lons(kml: str) -> list[float]:
        root = ET.fromstring(f"<r>{kml}</r>")
        return [float(xy.split(",")[0]) for c in root.iter("coordinates") for xy in c.text.split()]

    assert lons(geometry_kml((180.5, -16.5))) == [-179.5]
    assert lons(geometry_kml(Point(-181.25, -16.5))) == [178.75]
    ring = [(179.5, -17.0), (181.0, -17.0), (181.0, -16.0), (179.5, -16.0), (179.5, -17.0)]
    hole = [(179.9, -16.8), (180.1, -16.8), (180.1, -16.6), (179.9, -16.6), (179.9, -16.8)]
    kml = geometry_kml(Polygon(ring, [hole]))
    assert lons(kml) == [179.5, -179.0, -179.0, 179.5, 179.5, 179.9, 179.9, -179.9, -179.9, 179.9]
    # the outer ring counter-clockwise (as given), the hole turned clockwise, judged across the antimeridian
    assert all(-180.0 <= x <= 180.0 for x in lons(kml))
    assert lons(geometry_kml((180.0, 0.0))) == [180.0] and lons(geometry_kml((-180.0, 0.0))) == [-180.0]
