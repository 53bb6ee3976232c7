"""The command line reads a station's own beamwidth and frequency fields as Processing and the dock do."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from support.rasters import write_raster

from basestation_mapper.plugin.cli import main, read_stations_file

CRS = "EPSG:32652"
MAST = (400_000.0, 4_100_000.0)


@pytest.fixture
def inputs(tmp_path):
    """One person per 10 m cell over 6 km around the mast, one region holding it all."""
    from pyproj import Transformer

    population = write_raster(tmp_path / "people.tif", np.ones((600, 600)),
                              (MAST[0] - 3000.0, 10.0, 0, MAST[1] + 3000.0, 0, -10.0), crs=CRS)
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(*MAST)
    ring = [[lon - 0.1, lat - 0.1], [lon + 0.1, lat - 0.1], [lon + 0.1, lat + 0.1], [lon - 0.1, lat + 0.1],
            [lon - 0.1, lat - 0.1]]
    regions = tmp_path / "regions.geojson"
    regions.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {"name": "all"}}]}))
    return {"population": population, "regions": regions, "lon": lon, "lat": lat, "folder": tmp_path}


def covered(inputs, stations, capsys, *more):
    out = inputs["folder"] / "stats.csv"
    rc = main(["coveragestats", "--stations", str(stations), "--regions", str(inputs["regions"]), "--population",
               inputs["population"], "--radius", "2000", "--output", str(out), "--overwrite", *more])
    err = capsys.readouterr().err
    assert rc == 0, err
    return pd.read_csv(out).set_index("region").loc["TOTAL", "covered_pop"], err


def test_cli_reads_each_stations_beamwidth_and_frequency(inputs, tmp_path, capsys):
    """coveragestats on the command line gave every sector the --beamwidth (120°) while Processing and the dock
    read the station's own 'beamwidth' field: a 90° sector covered a third of the disc instead of a quarter. The
    beamwidth and frequency fields are read by the same functions, under the same names, in a CSV and a GeoJSON."""
    disc_people = math.pi * 2000.0 ** 2 / 100.0
    lon, lat = inputs["lon"], inputs["lat"]
    csv = tmp_path / "sites.csv"
    csv.write_text(f"name,lon,lat,technology,azimuth,Beamwidth,freq\nA,{lon},{lat},4G,0,90,1.8 GHz\n")
    people, err = covered(inputs, csv, capsys)
    assert people == pytest.approx(disc_people / 4, rel=0.01)
    assert "'Beamwidth' as beamwidth" in err and "'freq' as frequency_mhz" in err
    assert "freq read as GHz for 1 station: station 1 (A): 1.8 GHz → 1800 MHz" in err
    # a station without a beamwidth takes --beamwidth; 0 or 360 is a disc (0 said)
    csv.write_text(f"name,lon,lat,azimuth,beamwidth\nA,{lon},{lat},0,\n")
    assert covered(inputs, csv, capsys, "--beamwidth", "60")[0] == pytest.approx(disc_people / 6, rel=0.01)
    csv.write_text(f"name,lon,lat,azimuth,beamwidth\nA,{lon},{lat},0,0\n")
    people, err = covered(inputs, csv, capsys)
    assert people == pytest.approx(disc_people, rel=0.01) and "beamwidth 0, read as omnidirectional" in err
    # a GeoJSON's numeric fields, a band and an EARFCN: the frequency the station carries
    geojson = tmp_path / "sites.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon + k / 100, lat]},
         "properties": {"name": f"S{k}", "azimuth": 90, "hbw": 65, **extra}}
        for k, extra in enumerate(({"band": "B3"}, {"earfcn": 6300}, {}))]}))
    stations = read_stations_file(str(geojson))
    assert stations.beamwidth.tolist() == [65.0, 65.0, 65.0]
    assert stations.frequency_mhz[:2].tolist() == pytest.approx([1842.5, 806.0]) and np.isnan(stations.frequency_mhz[2])


def test_cli_refuses_a_beamwidth_or_frequency_that_is_none_naming_the_station(inputs, tmp_path, capsys):
    lon, lat = inputs["lon"], inputs["lat"]
    out = tmp_path / "stats.csv"
    for header, value, said in (("beamwidth", "wide", "station 2 (B): beamwidth 'wide' must be a number of degrees"),
                                ("beamwidth", "400", "station 2 (B): beamwidth 400 must be a number of degrees"),
                                ("band", "B999", "station 2 (B): band 'B999'")):
        csv = tmp_path / "bad.csv"
        csv.write_text(f"name,lon,lat,{header}\nA,{lon},{lat},\nB,{lon + 0.01},{lat},{value}\n")
        rc = main(["coveragestats", "--stations", str(csv), "--regions", str(inputs["regions"]), "--population",
                   inputs["population"], "--output", str(out)])
        err = capsys.readouterr().err
        assert rc == 1 and said in err and "bad.csv" in err, err
        assert not out.exists()


def test_cli_refuses_a_beamwidth_or_radius_option_out_of_range(inputs, tmp_path, capsys):
    """--beamwidth 0, 400 or -10 and --radius -5 were taken (a sector of nothing, or of more than a disc; a
    negative radius reported as 'station 0: radius -4.99995 m'); they are refused naming the option, as
    Processing's BEAMWIDTH (1-360) and RADIUS refuse them, nothing written."""
    csv = tmp_path / "one.csv"
    csv.write_text(f"name,lon,lat,azimuth\nA,{inputs['lon']},{inputs['lat']},90\n")
    out = tmp_path / "stats.csv"
    for option, value, said in (("--beamwidth", "0", "--beamwidth 0: expected a sector width in degrees from 1 to 360"),
                                ("--beamwidth", "400", "--beamwidth 400: expected"),
                                ("--beamwidth", "-10", "--beamwidth -10: expected"),
                                ("--radius", "-5", "--radius -5: expected a positive number of metres")):
        rc = main(["coveragestats", "--stations", str(csv), "--regions", str(inputs["regions"]), "--population",
                   inputs["population"], "--output", str(out), option, value])
        err = capsys.readouterr().err
        assert rc == 1 and said in err, err
        assert not out.exists()


def _gpkg_layers(path, layers: dict) -> None:
    """A GeoPackage of layers {name: (geometry type, [(wkt, {field: value})])} in WGS 84."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, (geometry, features) in layers.items():
        lyr = ds.CreateLayer(name, srs, geometry)
        for field in features[0][1]:
            lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
        for wkt, values in features:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            for field, value in values.items():
                feat.SetField(field, value)
            lyr.CreateFeature(feat)
    ds = None


def test_cli_reads_a_layer_named_as_qgis_names_a_source(inputs, tmp_path, capsys):
    """--stations 'stations.gpkg|layername=towers', as QGIS shows a layer's source and Processing takes it, was
    'cannot be opened'; --stations and --regions read the layer named, --stations-layer and --regions-layer still
    work, and a source naming another layer than its option is refused."""
    lon, lat = inputs["lon"], inputs["lat"]
    far = (lon + 0.5, lat + 0.5)
    stations = tmp_path / "stations.gpkg"
    _gpkg_layers(stations, {"towers_old": (1, [(f"POINT ({far[0]} {far[1]})", {"station_id": "F"})]),
                            "towers": (1, [(f"POINT ({lon} {lat})", {"station_id": "A"})])})

    def ring(x, y, d):
        return f"POLYGON (({x - d} {y - d}, {x + d} {y - d}, {x + d} {y + d}, {x - d} {y + d}, {x - d} {y - d}))"

    regions = tmp_path / "regions.gpkg"
    _gpkg_layers(regions, {"elsewhere": (3, [(ring(*far, 0.01), {"name": "far"})]),
                           "provinces": (3, [(ring(lon, lat, 0.1), {"name": "here"})])})
    out = tmp_path / "stats.csv"
    disc_people = math.pi * 2000.0 ** 2 / 100.0

    def run(*args):
        rc = main(["coveragestats", *args, "--population", inputs["population"], "--radius", "2000", "--output",
                   str(out), "--overwrite", "--quiet"])
        return rc, capsys.readouterr().err

    rc, err = run("--stations", f"{stations}|layername=towers", "--regions", f"{regions}|layername=provinces")
    assert rc == 0, err
    table = pd.read_csv(out).set_index("region")
    assert list(table.index) == ["here", "TOTAL"]
    assert table.loc["TOTAL", "covered_pop"] == pytest.approx(disc_people, rel=0.01)
    rc, err = run("--stations", str(stations), "--stations-layer", "towers", "--regions", str(regions),
                  "--regions-layer", "provinces")
    assert rc == 0, err
    assert pd.read_csv(out).set_index("region").loc["TOTAL", "covered_pop"] == pytest.approx(disc_people, rel=0.01)
    rc, err = run("--stations", f"{stations}|layername=towers", "--stations-layer", "towers_old", "--regions",
                  str(regions))
    assert rc == 1 and "names layer 'towers' and --stations-layer 'towers_old': give one" in err
    rc, err = run("--stations", f"{stations}|subset=x", "--regions", str(regions))
    assert rc == 1 and "stations.gpkg: 'subset=x' after the file name is not understood" in err, err
    assert ": file: " not in err, err
    rc, err = run("--stations", f"{stations}|layerid=5", "--regions", str(regions))
    assert rc == 1 and "stations.gpkg: has no layer 5 (|layerid= numbers its layers from 0: 0 'towers_old', " \
        "1 'towers')" in err, err
    rc, err = run("--stations", str(stations), "--regions", f"{regions}|layername=nowhere")
    assert rc == 1 and "no layer 'nowhere'" in err


def test_cli_reads_a_layer_given_by_its_number_as_qgis_shows_some_sources(inputs, tmp_path, capsys):
    """--stations 'stations.gpkg|layerid=1' and --regions 'regions.gpkg|layerid=1', the other form of a layer's
    source in QGIS, were refused as 'not understood'; they read the layer of that number (from 0), and a
    shapefile's '|layerid=0' its only layer."""
    from osgeo import ogr, osr

    lon, lat = inputs["lon"], inputs["lat"]
    far = (lon + 0.5, lat + 0.5)
    stations = tmp_path / "stations.gpkg"
    _gpkg_layers(stations, {"towers_old": (1, [(f"POINT ({far[0]} {far[1]})", {"station_id": "F"})]),
                            "towers": (1, [(f"POINT ({lon} {lat})", {"station_id": "A"})])})

    def ring(x, y, d):
        return f"POLYGON (({x - d} {y - d}, {x + d} {y - d}, {x + d} {y + d}, {x - d} {y + d}, {x - d} {y - d}))"

    regions = tmp_path / "regions.gpkg"
    _gpkg_layers(regions, {"elsewhere": (3, [(ring(*far, 0.01), {"name": "far"})]),
                           "provinces": (3, [(ring(lon, lat, 0.1), {"name": "here"})])})
    shp = tmp_path / "towers.shp"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(shp))
    lyr = ds.CreateLayer("towers", srs, ogr.wkbPoint)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})"))
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    out = tmp_path / "stats.csv"
    disc_people = math.pi * 2000.0 ** 2 / 100.0
    for source in (f"{stations}|layerid=1", f"{shp}|layerid=0"):
        rc = main(["coveragestats", "--stations", source, "--regions", f"{regions}|layerid=1", "--population",
                   inputs["population"], "--radius", "2000", "--output", str(out), "--overwrite", "--quiet"])
        assert rc == 0, capsys.readouterr().err
        table = pd.read_csv(out).set_index("region")
        assert list(table.index) == ["here", "TOTAL"]
        assert table.loc["TOTAL", "covered_pop"] == pytest.approx(disc_people, rel=0.01)


def test_cli_says_which_osm_objects_were_downloaded_in_part(inputs, tmp_path, capsys):
    """A JOSM file of a relation whose member ways were partly downloaded was counted on the command line without
    a word; stderr names the incomplete relation and way, as the dock and Processing do."""
    from support.stations_data import partly_downloaded_osm

    path = partly_downloaded_osm(tmp_path / "josm.osm")
    rc = main(["coveragestats", "--stations", str(path), "--regions", str(inputs["regions"]), "--radius", "500",
               "--resolution", "50", "--output", str(tmp_path / "stats.csv"), "--overwrite"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "2 OSM objects downloaded in part" in err
    assert "relation 100 (line 1: 2 of 4 member ways), way 200 (line 1: 2 of 4 nodes)" in err


def test_cli_warnings_name_a_csvs_own_columns(inputs, tmp_path, capsys):
    """A CSV whose height column is '높이' and radius column 'radius': the warnings named antenna_height_m and
    radius_m, columns the file has not; they name '높이' and 'radius'."""
    lon, lat = inputs["lon"], inputs["lat"]
    stations = tmp_path / "sites.csv"
    stations.write_text(f"name,lon,lat,높이,radius\nA,{lon},{lat},-5,0\nB,{lon + 0.01},{lat},N/A,2000\n",
                        encoding="utf-8")
    out = tmp_path / "stats.csv"
    rc = main(["coveragestats", "--stations", str(stations), "--regions", str(inputs["regions"]), "--population",
               inputs["population"], "--output", str(out)])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "1 station with a negative 높이, read as not given" in err, err
    assert "높이 'N/A' read as not given for 1 station: station 2 (B)" in err, err
    assert "1 station with radius 0, read as not given" in err, err
    assert "antenna_height_m" not in err and "radius_m" not in err, err
