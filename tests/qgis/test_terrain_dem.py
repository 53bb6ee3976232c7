"""qgis_io.dem on the real DEMs: reprojection, units, bad input, and agreement with gdal_viewshed."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from osgeo import gdal, osr

from basestation_mapper.plugin.core import terrain
from basestation_mapper.plugin.qgis_io import dem as dem_io

REAL_DEMS = [
    # file, radius m, antenna heights
    ("pysheds_dem_texas_3arcsec.tif", 8000.0),
    ("mapme_nasadem_sierra_de_neiba.tif", 5000.0),
]


def _raster_layer(path, name="dem"):
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(str(path), name)
    assert layer.isValid(), path
    return layer


def _write_grid(path, array, grid):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), grid.width, grid.height, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(grid.geotransform)
    ds.SetProjection(grid.crs_wkt)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None


def _gdal_viewshed_cli(dem_path, out_path, x, y, oz, tz, radius, cc):
    exe = shutil.which("gdal_viewshed")
    if exe is None:
        pytest.skip("gdal_viewshed is not installed (Debian package gdal-bin)")
    subprocess.run([exe, "-q", "-oz", str(oz), "-tz", str(tz), "-md", str(radius), "-cc", repr(cc),
                    "-ox", repr(x), "-oy", repr(y), "-vv", "1", "-iv", "0", "-ov", "0", str(dem_path), str(out_path)],
                   check=True, capture_output=True)
    ds = gdal.Open(str(out_path))
    return ds.GetRasterBand(1).ReadAsArray(), ds.GetGeoTransform()


def _observer_cells(array, n):
    """Peak, valley and two more cells whose whole window of radius n cells has data."""
    valid = ~np.isnan(array)
    from scipy import ndimage

    ok = ndimage.minimum_filter(valid.astype(np.uint8), size=2 * n + 1, mode="constant", cval=0).astype(bool)
    assert ok.any(), "no cell has a complete window: use a smaller radius"
    masked = np.where(ok, array, np.nan)
    peak = np.unravel_index(np.nanargmax(masked), array.shape)
    valley = np.unravel_index(np.nanargmin(masked), array.shape)
    rows, cols = np.nonzero(ok)
    rng = np.random.default_rng(5)
    others = [(int(rows[i]), int(cols[i])) for i in rng.choice(len(rows), 2, replace=False)]
    return [tuple(map(int, peak)), tuple(map(int, valley)), *others]


@pytest.mark.parametrize(("name", "radius"), REAL_DEMS)
def test_line_of_sight_agrees_with_gdal_viewshed_on_real_dems(qgis_new_project, shared_data, tmp_path, name, radius):
    layer = _raster_layer(shared_data / "dem" / name)
    prepared = dem_io.prepare_dem(layer)  # degrees -> UTM of the DEM's centre
    assert not prepared.crs.isGeographic()
    grid = prepared.grid
    dem_path = tmp_path / "dem_utm.tif"
    _write_grid(dem_path, prepared.array, grid)
    n = int(np.ceil(radius / grid.dx))
    cells = _observer_cells(prepared.array, n)
    heights = [30.0, 30.0, 15.0, 60.0]
    xs, ys = grid.cell_center([c[0] for c in cells], [c[1] for c in cells])
    params = terrain.TerrainParams(target_height_m=1.5, refraction_k=4.0 / 3.0)
    observers = terrain.make_observers(xs, ys, heights, radius)
    masks = {sm.index: sm for sm in terrain.visibility_masks(prepared.array, grid, observers, params)}
    for i, (row, col) in enumerate(cells):
        ref, gt = _gdal_viewshed_cli(dem_path, tmp_path / f"vs{i}.tif", float(xs[i]), float(ys[i]), heights[i], 1.5,
                                     radius, terrain.curvature_coefficient(4.0 / 3.0))
        full_ref = np.zeros(grid.shape, dtype=bool)
        r0 = round((gt[3] - grid.y0) / -grid.dy)
        c0 = round((gt[0] - grid.x0) / grid.dx)
        full_ref[r0:r0 + ref.shape[0], c0:c0 + ref.shape[1]] = ref == 1
        ours = np.zeros(grid.shape, dtype=bool)
        ours[masks[i].window] = masks[i].mask
        rr, cc = np.indices(grid.shape)
        reach = ((rr - row) * grid.dy) ** 2 + ((cc - col) * grid.dx) ** 2 <= radius**2
        agreement = float((ours == full_ref)[reach].mean())
        assert agreement >= 0.99, f"{name} observer {i} at {(row, col)}: {agreement:.4f}"
        # not a trivial case: some cells hidden, some seen
        assert 0 < ours[reach].sum() < reach.sum()


def test_vertical_unit_feet_and_native_resolution(qgis_new_project, shared_data):
    layer = _raster_layer(shared_data / "dem" / "pysheds_dem_texas_3arcsec.tif")
    metres = dem_io.prepare_dem(layer)
    feet = dem_io.prepare_dem(layer, vertical_unit="foot")
    assert metres.crs.authid() == "EPSG:32614"
    # 3 arc-seconds at 32.7° N: 78 m east-west, 92 m north-south; the smaller one is used
    assert 75.0 < metres.grid.dx < 80.0
    assert np.allclose(feet.array, metres.array * 0.3048, equal_nan=True)
    assert np.nanmin(metres.array) >= 147.0 and np.nanmax(metres.array) <= 298.0
    with pytest.raises(dem_io.DemError, match="vertical unit"):
        dem_io.prepare_dem(layer, vertical_unit="furlong")


def test_dem_without_crs_is_refused_with_a_clear_message(qgis_new_project, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem

    path = tmp_path / "nocrs.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 20, 20, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((0.0, 30.0, 0.0, 600.0, 0.0, -30.0))
    ds.GetRasterBand(1).WriteArray(np.zeros((20, 20), dtype=np.float32))
    ds = None
    layer = _raster_layer(path, "nocrs")
    layer.setCrs(QgsCoordinateReferenceSystem())
    with pytest.raises(dem_io.DemError, match="nocrs has no coordinate reference system"):
        dem_io.prepare_dem(layer)


def test_nodata_holes_become_nan_and_are_reported(qgis_new_project, tmp_path):
    path = tmp_path / "holes.tif"
    array = np.full((100, 100), 100.0, dtype=np.float32)
    array[40:60, 40:60] = -9999.0
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 100, 100, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((400_000.0, 30.0, 0.0, 4_000_000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    band.WriteArray(array)
    ds = None
    prepared = dem_io.prepare_dem(_raster_layer(path, "holes"))
    assert prepared.crs.authid() == "EPSG:32652"
    assert prepared.grid.dx == 30.0 and prepared.array.shape == (100, 100)
    assert np.isnan(prepared.array[45:55, 45:55]).all()
    assert prepared.nodata_fraction == pytest.approx(0.04, abs=0.01)
    assert any("no data" in w for w in prepared.warnings)
    assert np.nanmin(prepared.array) == pytest.approx(100.0)


def test_cell_size_of_a_continental_dem_is_measured_where_the_stations_are(qgis_new_project, tmp_path):
    """A DEM of 1 arc-minute over Asia (60-180° E, 0-60° N) cut for stations at 40.5° N: its cell
    size was measured at its own centre (120° E, 30° N) in the stations' UTM zone, 1.6 km instead
    of the 1.41 km east-west of a cell where the stations are."""
    from pyproj import Geod
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    path = tmp_path / "asia_1min.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 7200, 3600, 1, gdal.GDT_Int16,
                                              ["COMPRESS=DEFLATE", "TILED=YES", "SPARSE_OK=TRUE"])
    ds.SetGeoTransform((60.0, 1 / 60, 0.0, 60.0, 0.0, -1 / 60))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-32768)
    rng = np.random.default_rng(8)
    ds.GetRasterBand(1).WriteArray(rng.integers(100, 900, (60, 60)).astype(np.int16), (127 - 60) * 60,
                                   (60 - 41) * 60)
    ds = None
    layer = _raster_layer(path, "asia")
    area = QgsRectangle(127.3, 40.3, 127.7, 40.7)
    prepared = dem_io.prepare_dem(layer, area, QgsCoordinateReferenceSystem("EPSG:4326"))
    assert prepared.crs.authid() == "EPSG:32652"
    geod = Geod(ellps="WGS84")
    east_west = geod.inv(127.5, 40.5, 127.5 + 1 / 60, 40.5)[2]
    north_south = geod.inv(127.5, 40.5 - 1 / 120, 127.5, 40.5 + 1 / 120)[2]
    assert east_west < north_south
    assert prepared.grid.dx == pytest.approx(east_west, rel=0.003)


def test_every_point_of_a_multipoint_station_is_an_observer(qgis_new_project, tmp_path):
    """A station feature holding two masts (a MultiPoint layer) gave one observer, its first point, and the
    extent and centre of the stations left the second out, silently; each point is now a station."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry, QgsVectorLayer

    path = tmp_path / "flat.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 200, 200, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((400_000.0, 30.0, 0.0, 4_006_000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.full((200, 200), 50.0, dtype=np.float32))
    ds = None
    layer = QgsVectorLayer("MultiPoint?crs=EPSG:32652&field=name:string", "masts", "memory")
    pair, single = QgsFeature(layer.fields()), QgsFeature(layer.fields())
    pair.setAttributes(["pair"])
    pair.setGeometry(QgsGeometry.fromWkt("MULTIPOINT((401000 4005000),(405000 4001000))"))
    single.setAttributes(["single"])
    single.setGeometry(QgsGeometry.fromWkt("MULTIPOINT((403000 4003000))"))
    layer.dataProvider().addFeatures([pair, single])
    crs = QgsCoordinateReferenceSystem("EPSG:32652")
    extent = dem_io.stations_extent(layer, crs, 500.0)
    assert (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()) == (
        400_500.0, 4_000_500.0, 405_500.0, 4_005_500.0)
    lon, lat = dem_io.stations_center_wgs84(layer)
    assert lon == pytest.approx(127.9, abs=0.2) and lat == pytest.approx(36.15, abs=0.2)
    prepared = dem_io.prepare_dem(_raster_layer(path, "flat"), extent, crs, crs)
    stations = dem_io.read_observers(layer, prepared, default_radius_m=500.0)
    assert len(stations.observers) == 3 and stations.feature_ids == [1, 1, 2]
    assert stations.labels == ["pair (fid 1) point 1", "pair (fid 1) point 2", "single (fid 2)"]
    assert sorted(zip(stations.observers.x, stations.observers.y)) == [
        (401000.0, 4005000.0), (403000.0, 4003000.0), (405000.0, 4001000.0)]


def test_height_warnings_name_the_layers_own_field(qgis_new_project, tmp_path):
    """A station list's 'height' field of 0 (unknown) was said as 'antenna_height_m 0 (OBSERVER_HEIGHT is used)',
    and a height it cannot use as 'antenna_height_m=600', the schema's field, where the coverage's warnings name
    the layer's own; the terrain's name it too."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    path = tmp_path / "flat.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 100, 100, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((400_000.0, 30.0, 0.0, 4_003_000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.full((100, 100), 50.0, dtype=np.float32))
    ds = None
    layer = QgsVectorLayer("Point?crs=EPSG:32652&field=name:string&field=height:double", "masts", "memory")
    feats = []
    for name, height, x in (("zero", 0.0, 401000), ("tall", 600.0, 402000), ("ok", 25.0, 401500)):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([name, height])
        feat.setGeometry(QgsGeometry.fromWkt(f"POINT ({x} 4001500)"))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    prepared = dem_io.prepare_dem(_raster_layer(path, "flat"))
    stations = dem_io.read_observers(layer, prepared, 30.0, 500.0)
    assert list(stations.observers.height_m) == [30.0, 30.0, 25.0]
    said = "\n".join(stations.warnings)
    assert "1 station with height 0, read as not given (OBSERVER_HEIGHT is used): zero (fid 1)" in said, said
    assert "tall (fid 2): height=600" in said, said
    assert "antenna_height_m 0" not in said and "antenna_height_m=" not in said, said


def test_terrain_warnings_write_counts_with_thousands_separators(qgis_new_project, tmp_path):
    """1,200 stations of a network around a small DEM were warned of as '1200 stations outside DEM flat were
    skipped' (and '1200 stations with height 0'); the counts have their thousands separators ('1,200 stations')."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    path = tmp_path / "flat.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 100, 100, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((400_000.0, 30.0, 0.0, 4_003_000.0, 0.0, -30.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.full((100, 100), 50.0, dtype=np.float32))
    ds = None
    layer = QgsVectorLayer("Point?crs=EPSG:32652&field=name:string&field=height:double", "masts", "memory")
    rng = np.random.default_rng(12)
    feats = []
    for k, x in enumerate(rng.uniform(420_000, 460_000, 1200)):  # east of the DEM
        feat = QgsFeature(layer.fields())
        feat.setAttributes([f"s{k}", 0.0])
        feat.setGeometry(QgsGeometry.fromWkt(f"POINT ({x} 4001500)"))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    prepared = dem_io.prepare_dem(_raster_layer(path, "flat"))
    said = "\n".join(dem_io.read_observers(layer, prepared, 30.0, 500.0).warnings)
    assert "1,200 stations outside DEM flat were skipped" in said, said
    assert "1,200 stations with height 0, read as not given" in said, said
