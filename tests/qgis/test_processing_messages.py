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


def _virtual_raster(tmp_path, values):
    """A virtual raster (QGIS's on-the-fly raster calculator) doubling a GeoTIFF of ``values``, nodata -1."""
    import numpy as np
    from osgeo import gdal, osr
    from qgis.core import QgsRasterDataProvider, QgsRasterLayer

    path = tmp_path / "counts.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 6, 5, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((700000.0, 250.0, 0.0, 4400000.0, 0.0, -250.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-1)
    ds.GetRasterBand(1).WriteArray(np.asarray(values, "float32"))
    ds = None
    source = QgsRasterLayer(str(path), "counts")
    params = QgsRasterDataProvider.VirtualRasterParameters()
    params.crs = source.crs()
    params.extent = source.extent()
    params.width, params.height = 6, 5
    params.formula = '"counts@1" * 2'
    entry = QgsRasterDataProvider.VirtualRasterInputLayers()
    entry.name, entry.uri, entry.provider = "counts", str(path), "gdal"
    params.rInputLayers = [entry]
    virtual = QgsRasterLayer(QgsRasterDataProvider.encodeVirtualRasterProviderUri(params), "Doubled counts",
                             "virtualraster")
    assert virtual.isValid()
    return source, virtual


def test_exportraster_of_a_computed_raster_keeps_its_nodata_and_names_it(plugin, tmp_path):
    """A virtual raster is written through a temporary GeoTIFF: its nodata cells (-3.4e38, undeclared)
    came out as values, and a raster of nodata only was named by that file ('.~raster.x1y2.part.tif holds no
    data') instead of the layer."""
    import numpy as np
    from osgeo import gdal
    from qgis.core import QgsProject

    values = np.full((5, 6), -1.0)
    values[0, :3] = [1.0, 2.0, 3.0]
    source, virtual = _virtual_raster(tmp_path, values)
    QgsProject.instance().addMapLayers([source, virtual])
    out = _run("exportraster", {"INPUT": virtual, "OUTPUT": str(tmp_path / "doubled.tif")})
    ds = gdal.Open(out["OUTPUT"])  # kept alive while its band is read
    band = ds.GetRasterBand(1)
    written = band.ReadAsArray()
    assert list(written[0, :3]) == [2, 4, 6] and (written[values < 0] == band.GetNoDataValue()).all()
    band = ds = None
    QgsProject.instance().removeMapLayers([source.id(), virtual.id()])

    empty = tmp_path / "empty"
    empty.mkdir()
    source, virtual = _virtual_raster(empty, np.full((5, 6), -1.0))
    QgsProject.instance().addMapLayers([source, virtual])
    with pytest.raises(QgsProcessingException, match=r"^The raster layer 'Doubled counts' holds no data"):
        _run("exportraster", {"INPUT": virtual, "OUTPUT": str(empty / "out.tif")})
    assert sorted(p.name for p in empty.iterdir()) == ["counts.tif"]
    QgsProject.instance().removeMapLayers([source.id(), virtual.id()])


def test_dock_export_names_a_computed_raster_holding_no_data(plugin, qgis_new_project, tmp_path):
    import time

    import numpy as np
    from qgis.core import QgsApplication, QgsProject

    source, virtual = _virtual_raster(tmp_path, np.full((5, 6), -1.0))
    QgsProject.instance().addMapLayers([source, virtual])
    section = plugin.dock.sections["export"]
    for layer in section.checked_layers():
        section.set_layer_checked(layer, False)
    section.stations_csv.setChecked(False)
    section.stats_combo.setLayer(None)
    section.raster_combo.setLayer(virtual)
    section.raster_tif.setChecked(True)
    out = tmp_path / "내 out"
    section.folder.setFilePath(str(out))
    section.base_name.setText("net")
    assert section.export() is not None
    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        assert time.time() - start < 20
        time.sleep(0.01)
    QgsApplication.processEvents()
    assert any(e.startswith("The raster layer 'Doubled counts' holds no data") for e in section.last_errors), \
        section.last_errors
    QgsProject.instance().removeMapLayers([source.id(), virtual.id()])


@pytest.fixture(autouse=True)
def _forget_export_settings():
    """The dock's Export section stores the last folder and formats: leave the test profile clean."""
    yield
    from qgis.core import QgsSettings

    from basestation_mapper.plugin.settings import ExportSettings

    ExportSettings.reset()
    QgsSettings().sync()
