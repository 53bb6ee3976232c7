"""Messages of the Processing algorithms name the layer, parameter or file they are about, and say it once."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException
from support.coverage_terrain import wall_dem
from support.processing_feedback import Feedback

DEGREES = [(125.75, 39.02), (125.8, 39.05), (125.82, 39.07)]


def _shapefile(folder, name, xy):
    """A point shapefile without .prj (no CRS), owned by the project."""
    from osgeo import ogr
    from qgis.core import QgsProject, QgsVectorLayer

    folder.mkdir(exist_ok=True)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / f"{name}.shp"))
    lyr = ds.CreateLayer(name, None, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for i, (x, y) in enumerate(xy):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("name", f"T{i}")
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    layer = QgsVectorLayer(str(folder / f"{name}.shp"), name, "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def _run(alg, params, feedback=None):
    import processing

    return processing.run(f"basestationmapper:{alg}", params, feedback=feedback)


def test_exportstationscsv_names_a_selected_only_source_after_its_layer(plugin, tmp_path):
    """The source of 'Selected features only' was named 'stations' in the CSV's warnings."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    towers = _shapefile(tmp_path / "shp", "Mast survey", DEGREES)
    towers.selectByIds([f.id() for f in towers.getFeatures()][:2])
    feedback = Feedback()
    out = _run("exportstationscsv", {"STATIONS": QgsProcessingFeatureSourceDefinition(towers.id(), True),
                                     "OUTPUT": str(tmp_path / "s.csv")}, feedback)
    assert out["STATIONS_WRITTEN"] == 2
    said = [w for w in feedback.warnings if "no coordinate reference system" in w]
    assert said == ["The layer 'Mast survey' has no coordinate reference system: its coordinates are longitudes and "
                    "latitudes and are read as WGS84."]


def test_a_csv_read_as_points_says_wgs84_once(plugin, tmp_path):
    """exportstationscsv reads STATIONS as a source and as a layer: the CSV's note came twice."""
    path = tmp_path / "towers.csv"
    path.write_text("name,lon,lat\n" + "".join(f"T{i},{x},{y}\n" for i, (x, y) in enumerate(DEGREES)),
                    encoding="utf-8")
    feedback = Feedback()
    out = _run("exportstationscsv", {"STATIONS": str(path), "OUTPUT": str(tmp_path / "out.csv")}, feedback)
    assert out["STATIONS_WRITTEN"] == 3
    said = [w for w in feedback.warnings if "no coordinate reference system" in w]
    assert said == ["The layer 'towers' has no coordinate reference system: its coordinates are longitudes and "
                    "latitudes and are read as WGS84."]


def test_terraincoverage_names_the_empty_station_layer(plugin, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    empty = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "Mast survey", "memory")
    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    QgsProject.instance().addMapLayers([empty, dem])
    with pytest.raises(QgsProcessingException, match=r"^STATIONS: the layer 'Mast survey' has no features\."):
        _run("terraincoverage", {"STATIONS": empty, "DEM": dem, "RADIUS": 1000, "OUTPUT": str(tmp_path / "t.tif")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif"]
    QgsProject.instance().removeMapLayers([empty.id(), dem.id()])


def test_evaluatedetections_names_the_reference_layer_without_points(plugin, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

    detections = QgsVectorLayer("Point?crs=EPSG:4326", "Candidates", "memory")
    feat = QgsFeature()
    feat.setGeometry(QgsGeometry.fromWkt("POINT(125.75 39.02)"))
    detections.dataProvider().addFeatures([feat])
    reference = QgsVectorLayer("Point?crs=EPSG:4326", "Field survey", "memory")
    reference.dataProvider().addFeatures([QgsFeature()])  # a row without a position
    QgsProject.instance().addMapLayers([detections, reference])
    with pytest.raises(QgsProcessingException, match=r"^REFERENCE: the layer 'Field survey' has no points\.$"):
        _run("evaluatedetections", {"DETECTIONS": detections, "REFERENCE": reference,
                                    "OUTPUT": str(tmp_path / "e.gpkg")})
    assert list(tmp_path.iterdir()) == []
    QgsProject.instance().removeMapLayers([detections.id(), reference.id()])
