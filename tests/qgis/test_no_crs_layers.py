"""Layers without a coordinate reference system (a shapefile without its .prj, a CSV of X/Y columns):
every reader (export, report, coverage, terraincoverage, a CSV given as points) reads degrees as WGS84
and refuses anything else with the same message naming the layer."""

from __future__ import annotations

import pytest
from support.coverage_terrain import wall_dem
from support.processing_feedback import Feedback

from basestation_mapper.plugin.core.safe_write import ExportError

UTM = [(350000.0, 4320000.0), (351000.0, 4320500.0)]
DEGREES = [(125.75, 39.02), (125.8, 39.05)]
REFUSED = ("The layer 'towers' has no coordinate reference system and its coordinates (x 350000 to 351000, "
           "y 4.32e+06 to 4.3205e+06) are not longitudes and latitudes: set its CRS (Layer Properties › Source, "
           "or crs= in a delimited-text URI) and try again.")


def _shapefile(folder, name, xy):
    """A point shapefile of station fields with no .prj, loaded as QGIS loads it (CRS unknown)."""
    from osgeo import ogr
    from qgis.core import QgsProject, QgsVectorLayer

    folder.mkdir(exist_ok=True)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / f"{name}.shp"))
    lyr = ds.CreateLayer(name, None, ogr.wkbPoint)
    for field in ("name", "technology"):
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for i, (x, y) in enumerate(xy):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("name", f"T{i}")
        feat.SetField("technology", "3G")
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} {y})"))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    layer = QgsVectorLayer(str(folder / f"{name}.shp"), name, "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    QgsProject.instance().addMapLayer(layer)  # owned by the project: freed before QGIS at exit
    return layer


def _terrain(params, feedback=None):
    import processing

    return processing.run("basestationmapper:terraincoverage", params, feedback=feedback)


def test_every_reader_refuses_metres_without_a_crs_with_one_message(plugin, tmp_path):
    from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer

    from basestation_mapper.plugin.qgis_io import export as ex
    from basestation_mapper.plugin.qgis_io.coverage_io import CoverageOptions, InputError, read_stations
    from basestation_mapper.plugin.qgis_io.report import known_crs

    towers = _shapefile(tmp_path / "shp", "towers", UTM)
    messages = []
    with pytest.raises(ExportError) as export:
        ex.export_vector([ex.snapshot(towers)], tmp_path / "towers.kmz")
    messages.append(str(export.value))
    with pytest.raises(ExportError) as report:
        known_crs(towers)
    messages.append(str(report.value))
    with pytest.raises(InputError) as coverage:
        read_stations(towers, CoverageOptions())
    messages.append(str(coverage.value))
    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    QgsProject.instance().addMapLayer(dem)  # owned by the project (a failed run keeps this frame)
    with pytest.raises(QgsProcessingException) as terrain:
        _terrain({"STATIONS": towers, "DEM": dem, "RADIUS": 3000, "OUTPUT": str(tmp_path / "count.tif")})
    messages.append(str(terrain.value))
    # a CSV of X/Y columns given by its path: read as points, still without a CRS, and refused so
    (tmp_path / "towers.csv").write_text("name,x,y\n" + "".join(f"T{i},{x},{y}\n" for i, (x, y) in enumerate(UTM)),
                                         encoding="utf-8")
    with pytest.raises(QgsProcessingException) as csv_path:
        _terrain({"STATIONS": str(tmp_path / "towers.csv"), "DEM": dem, "RADIUS": 3000,
                  "OUTPUT": str(tmp_path / "count.tif")})
    messages.append(str(csv_path.value))
    assert messages == [REFUSED] * 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dem.tif", "shp", "towers.csv"]  # nothing written


def test_every_reader_reads_degrees_without_a_crs_as_wgs84_saying_so(plugin, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    from basestation_mapper.plugin.qgis_io import export as ex
    from basestation_mapper.plugin.qgis_io.coverage_io import CoverageOptions, read_stations
    from basestation_mapper.plugin.qgis_io.report import known_crs

    towers = _shapefile(tmp_path / "shp", "towers", DEGREES)
    said = ("The layer 'towers' has no coordinate reference system: its coordinates are longitudes and latitudes "
            "and are read as WGS84.")
    assert ex.export_vector([ex.snapshot(towers)], tmp_path / "towers.kmz").warnings == [said]
    assert known_crs(towers).authid() == "EPSG:4326"
    table, warnings, _fids = read_stations(towers, CoverageOptions())
    assert warnings == [said] and list(table.lon) == [125.75, 125.8]
    # terraincoverage and a CSV path: the same note in the run's log (the stations lie off this DEM)
    dem = QgsRasterLayer(wall_dem(tmp_path), "dem")
    QgsProject.instance().addMapLayer(dem)  # owned by the project (a failed run keeps this frame)
    (tmp_path / "towers.csv").write_text("name,lon,lat\n" + "".join(f"T{i},{x},{y}\n"
                                                                   for i, (x, y) in enumerate(DEGREES)),
                                         encoding="utf-8")
    for stations in (towers, str(tmp_path / "towers.csv")):
        feedback = Feedback()
        with pytest.raises(Exception, match="outside DEM dem"):
            _terrain({"STATIONS": stations, "DEM": dem, "RADIUS": 3000, "OUTPUT": str(tmp_path / "count.tif")},
                     feedback)
        assert said in feedback.warnings


def test_coverage_refuses_positions_past_longitude_latitude_bounds_without_a_crs(plugin, tmp_path):
    """x 300, y 50 without a CRS: no longitude, yet the coverage drew it at 300° (60° W)."""
    import processing
    from qgis.core import QgsProcessingException

    towers = _shapefile(tmp_path / "shp", "towers", [(300.0, 50.0), (301.0, 50.5)])
    target = tmp_path / "coverage.gpkg"
    with pytest.raises(QgsProcessingException, match=r"STATIONS: The layer 'towers' has no coordinate reference "
                                                     r"system and its coordinates \(x 300 to 301, y 50 to 50.5\)"):
        processing.run("basestationmapper:coverage", {"STATIONS": towers, "RADIUS": 2000, "OUTPUT": str(target)})
    assert not target.exists()
    feedback = Feedback()
    degrees = _shapefile(tmp_path / "deg", "towers", DEGREES)
    result = processing.run("basestationmapper:coverage", {"STATIONS": degrees, "RADIUS": 2000,
                                                           "OUTPUT": str(target)}, feedback=feedback)
    assert target.exists() and result["OUTPUT"]
    assert any("'towers' has no coordinate reference system" in w and "WGS84" in w for w in feedback.warnings)
