"""One layer of a KML, KMZ or OpenStreetMap file named as QGIS names it ('doc.kml|layername=Towers',
'x.osm|layername=points'): only that layer's stations are read, an unknown one refused listing the file's layers."""

from __future__ import annotations

import bz2
import gzip
import zipfile

import pytest
from support.stations_data import KML_HEAD, layered_osm, survey_kml, survey_placemarks

from basestation_mapper.plugin.core import importers as im


def _names(result):
    return sorted(result.stations["name"])


def _ogr_layers(path):
    from osgeo import gdal

    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    return {ds.GetLayer(i).GetName(): sorted(f.GetField("Name") for f in ds.GetLayer(i))
            for i in range(ds.GetLayerCount())}


def test_a_kml_layer_named_as_qgis_names_it_reads_that_layer_only(tmp_path):
    path = tmp_path / "doc.kml"
    path.write_text(survey_kml(), encoding="utf-8")
    layers = _ogr_layers(path)
    assert set(layers) == {"Survey", "Towers", "Rooftops", "Towers (#2)", "Layer3", "Empty"}
    for layer, placemarks in layers.items():  # what QGIS shows of each layer is what is read of it
        if placemarks:
            assert _names(im.import_file(path, layer=layer)) == placemarks, layer
    assert _names(im.import_file(path, layer="Towers")) == ["T1", "T2", "T3"]
    assert len(im.import_file(path).stations) == 7  # no layer: every placemark
    with pytest.raises(im.ImportFailed) as exc:
        im.import_file(path, layer="Masts")
    assert str(exc.value) == ("doc.kml: has no layer 'Masts' (layers: 'Survey', 'Towers', 'Rooftops', "
                              "'Towers (#2)', 'Layer3', 'Empty')")
    with pytest.raises(im.ImportFailed, match=r"^doc\.kml: layer 'Empty' holds no placemarks$"):
        im.import_file(path, layer="Empty")
    # QGIS's other form: the layer's number, from 0
    assert im.split_source(f"{path}|layerid=1") == (str(path), "Towers")
    with pytest.raises(im.ImportFailed, match=r"has no layer 6 \(\|layerid= numbers its layers from 0: 0 'Survey'"):
        im.split_source(f"{path}|layerid=6")


def test_a_kmz_layer_named_as_qgis_names_it_reads_that_layer_only(tmp_path):
    path = tmp_path / "survey.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", survey_kml())
        archive.writestr("files/tower.png", b"\x89PNG\r\n\x1a\n")
    assert _names(im.import_file(path, layer="Towers (#2)")) == ["D1"]
    assert _names(im.import_file(path, layer="Rooftops")) == ["R1"]
    with pytest.raises(im.ImportFailed, match=r"^survey\.kmz: has no layer 'Masts' \(layers: 'Survey', 'Towers',"):
        im.import_file(path, layer="Masts")


def test_a_kmz_of_several_kml_files_reads_the_folder_named(tmp_path):
    path = tmp_path / "parts.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", KML_HEAD + "<Document><name>Index</name><Folder><name>North</name>"
                         + survey_placemarks(["N1"], 7) + "</Folder></Document></kml>")
        archive.writestr("south.kml", KML_HEAD + "<Document><name>South</name><Folder><name>Masts</name>"
                         + survey_placemarks(["S1", "S2"], 8) + "</Folder></Document></kml>")
    assert _names(im.import_file(path, layer="North")) == ["N1"]
    assert _names(im.import_file(path, layer="Masts")) == ["S1", "S2"]
    with pytest.raises(im.ImportFailed, match=r"^parts\.kmz: has no layer 'West' \(layers: 'North'\)$"):
        im.import_file(path, layer="West")


def test_a_kmz_whose_doc_kml_links_its_other_files_reads_each_as_ogr_names_it(tmp_path):
    """doc.kml linking the archive's other KML files: OGR (LIBKML) reads it as the index of the archive, each linked
    file a layer named after the file (its own placemarks), each of its Folders a layer; the layer named after a
    file was refused as one that cannot be told apart."""
    path = tmp_path / "linked.kmz"
    link = '<NetworkLink><name>{name}</name><Link><href>{href}</href></Link></NetworkLink>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", KML_HEAD + "<Document><name>Survey</name><Folder><name>Towers</name>"
                         + survey_placemarks(["T1"], 7) + "</Folder>"
                         + link.format(name="North sites", href="files/north.kml")
                         + link.format(name="Single", href="files/one site.kml") + "</Document></kml>")
        archive.writestr("files/north.kml", KML_HEAD + "<Document><name>North</name>"
                         + survey_placemarks(["N1", "N2"], 8) + "<Folder><name>Hill</name>"
                         + survey_placemarks(["H1"], 9) + "</Folder></Document></kml>")
        archive.writestr("files/one site.kml", KML_HEAD + survey_placemarks(["S1"], 6) + "</kml>")
    layers = _ogr_layers(path)
    assert "north" in layers
    for layer, placemarks in layers.items():  # what QGIS shows of each layer is what is read of it
        assert _names(im.import_file(path, layer=layer)) == placemarks, layer
    assert _names(im.import_file(path)) == ["H1", "N1", "N2", "S1", "T1"]  # the whole file: every placemark
    assert _names(im.import_file(path, layer="Towers")) == ["T1"]


def test_an_osm_layer_named_as_qgis_names_it_reads_that_layer_only(tmp_path):
    path = layered_osm(tmp_path / "x.osm")
    assert _names(im.import_file(path)) == ["Node mast", "Way tower"]
    points = im.import_file(path, layer="points")
    assert _names(points) == ["Node mast"] and points.stations["source"].str.contains("node").all()
    lines = im.import_file(path, layer="lines")
    assert _names(lines) == ["Way tower"] and lines.stations["source"].str.contains("way").all()
    with pytest.raises(im.ImportFailed) as exc:
        im.import_file(path, layer="towers")
    assert str(exc.value) == ("x.osm: has no layer 'towers' (layers: 'points', 'lines', 'multilinestrings', "
                              "'multipolygons', 'other_relations')")
    with pytest.raises(im.ImportFailed, match=r"^x\.osm: layer 'multipolygons' holds no features$"):
        im.import_file(path, layer="multipolygons")
    assert im.split_source(f"{path}|layerid=0") == (str(path), "points")
    # a layer of a gzipped file is read as QGIS reads it; of a bzip2 one, which OGR cannot, it is said so
    gz = tmp_path / "x.osm.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert _names(im.import_file(gz, layer="lines")) == ["Way tower"]
    bz = tmp_path / "x.osm.bz2"
    bz.write_bytes(bz2.compress(path.read_bytes()))
    assert _names(im.import_file(bz)) == ["Node mast", "Way tower"]
    with pytest.raises(im.ImportFailed, match=r"^x\.osm\.bz2: a layer of a bzip2-compressed OpenStreetMap file "
                                              r"cannot be chosen: decompress it, or import the whole file$"):
        im.import_file(bz, layer="points")
