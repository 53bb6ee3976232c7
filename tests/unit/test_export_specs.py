"""GeoJSON written by the command line (no GDAL writer in between) checked against RFC 7946."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from osgeo import ogr
from shapely.geometry import Polygon, shape

from basestation_mapper.plugin.cli import write_candidates, write_statistics
from basestation_mapper.plugin.core.pipeline import RegionTable
from basestation_mapper.plugin.core.population import pyproj_crs


def _strict_json(path):
    raw = path.read_bytes()

    def refuse(token):
        raise AssertionError(f"{token} is not JSON")

    return raw, json.loads(raw.decode("utf-8"), parse_constant=refuse)


def _coordinates(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from _coordinates(c)


def _stats(names):
    return pd.DataFrame({"region": [*names, "TOTAL"], "population": [120.0] * len(names) + [120.0 * len(names)],
                         "covered_pop_pct": [float("nan")] * (len(names) + 1)})


def test_statistics_geojson_follows_rfc_7946(tmp_path):
    # a province drawn clockwise with a counter-clockwise hole (as shapefiles store them), in UTM 52N,
    # and one across the antimeridian in UTM zone 1: the file held them as drawn (clockwise outer
    # rings), with longitudes past -180°, coordinates to 16 digits and Korean names as \\u escapes
    shell = [(300000.0, 4300000.0), (300000.0, 4360000.0), (360000.0, 4360000.0), (360000.0, 4300000.0)]
    hole = [(320000.0, 4320000.0), (330000.0, 4320000.0), (330000.0, 4330000.0), (320000.0, 4330000.0)]
    korea = RegionTable(["평안남도 \"남\""], [Polygon(shell, [hole])], pyproj_crs("EPSG:32652").to_wkt())
    out = tmp_path / "통계 stats.geojson"
    write_statistics(_stats(korea.names), str(out), korea)
    raw, data = _strict_json(out)
    assert "평안남도".encode() in raw and b"\\u" not in raw
    assert "crs" not in data
    feats = data["features"]
    assert [f["properties"]["region"] for f in feats] == ["평안남도 \"남\"", "TOTAL"]
    assert feats[0]["properties"]["covered_pop_pct"] is None and feats[1]["geometry"] is None
    polygon = shape(feats[0]["geometry"])
    assert polygon.exterior.is_ccw and not polygon.interiors[0].is_ccw
    for lon, lat in _coordinates(feats[0]["geometry"]["coordinates"]):
        assert round(lon, 7) == lon and round(lat, 7) == lat
        assert 126.0 < lon < 128.0 and 38.0 < lat < 40.0

    chukotka = [(300000.0, 7200000.0), (300000.0, 7300000.0), (700000.0, 7300000.0), (700000.0, 7200000.0)]
    east = RegionTable(["Chukotka"], [Polygon(chukotka)], pyproj_crs("EPSG:32601").to_wkt())
    out = tmp_path / "east.geojson"
    write_statistics(_stats(east.names), str(out), east)
    _raw, data = _strict_json(out)
    geom = data["features"][0]["geometry"]
    assert geom["type"] == "MultiPolygon"
    lons = [lon for lon, _lat in _coordinates(geom["coordinates"])]
    assert min(lons) >= -180.0 and max(lons) <= 180.0 and min(lons) < -179.0 and max(lons) > 179.0
    parts = shape(geom)
    assert all(p.exterior.is_ccw for p in parts.geoms)
    assert 3.0 < parts.area < 8.0  # the region's square degrees, not a band around the earth (~360)

    ds = ogr.Open(str(out))  # GDAL's reader agrees
    assert ds.GetLayer(0).GetFeatureCount() == 2


def test_candidates_geojson_follows_rfc_7946(tmp_path):
    frame = pd.DataFrame({"lon": [126.12345678912345, 180.25], "lat": [38.98765432198765, 65.5],
                          "source": ["영상 1", "image 2"], "confidence": [0.5, float("inf")]})
    out = tmp_path / "candidates.geojson"
    write_candidates(frame, str(out))
    raw, data = _strict_json(out)
    assert "영상 1".encode() in raw
    coords = [f["geometry"]["coordinates"] for f in data["features"]]
    assert coords == [[pytest.approx(126.1234568, abs=1e-12), pytest.approx(38.9876543, abs=1e-12)],
                      [-179.75, 65.5]]
    assert data["features"][1]["properties"]["confidence"] is None


def test_kml_polygons_are_counter_clockwise_with_clockwise_holes(tmp_path):
    # coverage polygons come from GEOS buffers with clockwise outer rings: written as they came, against
    # the KML reference ('coordinates for polygons must be specified in counterclockwise order'; Google
    # Earth fills only the front face)
    import xml.etree.ElementTree as ET
    import zipfile

    from shapely.geometry import LinearRing, MultiPolygon

    from basestation_mapper.plugin.core import kml

    clockwise = Polygon([(125, 39), (125, 40), (126, 40), (126, 39)], [[(125.4, 39.4), (125.6, 39.4), (125.6, 39.6)]])
    assert not clockwise.exterior.is_ccw and clockwise.interiors[0].is_ccw
    other = Polygon([(127, 39), (127, 40), (128, 40)])
    # across the antimeridian: east from 179° to -179°, north, west back (counter-clockwise on the globe,
    # clockwise on a plane of raw longitudes) and the same ring the other way round
    dateline = Polygon([(179.0, 54.0), (-179.0, 54.0), (-179.0, 55.0), (179.0, 55.0)])
    folder = kml.KmlFolder("Coverage", [kml.KmlFeature(clockwise, {"technology": "3G"}),
                                        kml.KmlFeature(MultiPolygon([other]), {"overlap": 2}),
                                        kml.KmlFeature(dateline, {"overlap": 1}),
                                        kml.KmlFeature(Polygon(dateline.exterior.coords[::-1]), {"overlap": 1})])
    path = kml.write_kmz(tmp_path / "coverage.kmz", "Coverage", [folder])
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("doc.kml"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}

    def ring(element):
        text = element.find("k:LinearRing/k:coordinates", ns).text
        return LinearRing([tuple(float(v) for v in t.split(",")) for t in text.split()])

    outers = [ring(e) for e in root.iterfind(".//k:outerBoundaryIs", ns)]
    inners = [ring(e) for e in root.iterfind(".//k:innerBoundaryIs", ns)]
    assert len(outers) == 4 and len(inners) == 1
    assert all(r.is_ccw for r in outers[:2]) and not inners[0].is_ccw
    assert Polygon(outers[0], [inners[0]]).equals(clockwise)
    for crossing in outers[2:]:
        assert all(-180.0 <= x <= 180.0 for x, _y in crossing.coords)
        unwrapped = LinearRing([(x + 360.0 if x < 0 else x, y) for x, y in crossing.coords])
        assert unwrapped.is_ccw and Polygon(unwrapped).area == 2.0


def test_command_line_csv_records_end_with_crlf(tmp_path):
    # RFC 4180 records end with CRLF; pandas wrote a bare LF
    out = tmp_path / "stats.csv"
    write_statistics(_stats(['평양, "남"']), str(out))
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 3 and raw.count(b"\n") == 3
    assert pd.read_csv(out)["region"].tolist() == ['평양, "남"', "TOTAL"]


@pytest.mark.parametrize(("name", "bands", "dtype", "options", "expected"), [
    # four Byte bands of imagery stored blue, green, red, near infrared: written as red, green, blue and a
    # transparency band (pixels with no near infrared vanished)
    ("bgrn", 4, "Byte", ["PHOTOMETRIC=MINISBLACK"], ["Gray", "Undefined", "Undefined", "Undefined"]),
    ("rgba", 4, "Byte", ["PHOTOMETRIC=RGB", "ALPHA=YES"], ["Red", "Green", "Blue", "Alpha"]),
    # 16-bit RGB lost its colours, a height band with its alpha lost the alpha
    ("rgb16", 3, "UInt16", ["PHOTOMETRIC=RGB"], ["Red", "Green", "Blue"]),
    ("gray_alpha", 2, "UInt16", ["PHOTOMETRIC=MINISBLACK", "ALPHA=YES"], ["Gray", "Alpha"]),
])
def test_geotiff_export_keeps_the_bands_colour_interpretation(tmp_path, name, bands, dtype, options, expected):
    import numpy as np
    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.raster_export import write_geotiff

    src = str(tmp_path / f"{name}.tif")
    ds = gdal.GetDriverByName("GTiff").Create(src, 30, 20, bands, gdal.GetDataTypeByName(dtype), options)
    ds.SetGeoTransform((300000.0, 10.0, 0.0, 4300000.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(11)
    for b in range(1, bands + 1):
        ds.GetRasterBand(b).WriteArray(rng.integers(1, 250, (20, 30)))
        ds.GetRasterBand(b).SetDescription(f"band {b}")
    ds = None
    out = tmp_path / f"{name} out.tif"
    write_geotiff(src, out)
    ds = gdal.Open(str(out))
    got = [gdal.GetColorInterpretationName(ds.GetRasterBand(b).GetColorInterpretation()) for b in range(1, bands + 1)]
    descriptions = [ds.GetRasterBand(b).GetDescription() for b in range(1, bands + 1)]
    ds = None
    assert got == expected
    assert descriptions == [f"band {b}" for b in range(1, bands + 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{name}.tif", f"{name} out.tif"])


def test_geotiff_export_keeps_a_rasters_own_colour_table(tmp_path):
    # a classified raster (land cover, values 0-4 with their palette) came out in the overlap-count
    # blues: its own colours were replaced
    import numpy as np
    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.raster_export import write_geotiff

    colours = [(0, 100, 0, 255), (255, 255, 0, 255), (0, 0, 255, 255), (128, 128, 128, 255), (255, 0, 0, 255)]
    src = str(tmp_path / "landcover.tif")
    ds = gdal.GetDriverByName("GTiff").Create(src, 30, 20, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((300000.0, 10.0, 0.0, 4300000.0, 0.0, -10.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    values = np.random.default_rng(4).integers(0, 5, (20, 30)).astype("uint8")
    ds.GetRasterBand(1).WriteArray(values)
    table = gdal.ColorTable()
    for i, colour in enumerate(colours):
        table.SetColorEntry(i, colour)
    ds.GetRasterBand(1).SetRasterColorTable(table)
    ds = None
    result = write_geotiff(src, tmp_path / "out.tif")
    assert result.color_table
    ds = gdal.Open(str(tmp_path / "out.tif"))
    band = ds.GetRasterBand(1)
    got = [band.GetColorTable().GetColorEntry(i) for i in range(5)]
    data = band.ReadAsArray()
    ds = None
    assert got == colours and data.tolist() == values.tolist()


def test_geotiff_export_of_bands_of_several_types_keeps_every_value(tmp_path):
    # a VRT stacking a Byte count band and a Float32 signal band was written in the first band's type:
    # -71.25 dBm became 0
    import numpy as np
    from osgeo import gdal, osr

    from basestation_mapper.plugin.core.raster_export import write_geotiff

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    rng = np.random.default_rng(8)
    arrays = [rng.integers(0, 6, (20, 30)).astype("uint8"), rng.normal(-80.0, 8.0, (20, 30)).astype("float32")]
    paths = []
    for i, (array, kind) in enumerate(zip(arrays, (gdal.GDT_Byte, gdal.GDT_Float32))):
        paths.append(str(tmp_path / f"band{i}.tif"))
        ds = gdal.GetDriverByName("GTiff").Create(paths[-1], 30, 20, 1, kind)
        ds.SetGeoTransform((300000.0, 10.0, 0.0, 4300000.0, 0.0, -10.0))
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).WriteArray(array)
        ds = None
    gdal.BuildVRT(str(tmp_path / "stack.vrt"), paths, separate=True).FlushCache()  # written when closed
    result = write_geotiff(tmp_path / "stack.vrt", tmp_path / "stack.tif")
    assert result.data_type == "Float32"
    ds = gdal.Open(str(tmp_path / "stack.tif"))
    got = [ds.GetRasterBand(b).ReadAsArray() for b in (1, 2)]
    ds = None
    assert got[0].tolist() == arrays[0].tolist() and got[1].tolist() == arrays[1].tolist()
