"""The Detection panel's imagery list: signed 16-bit panchromatic images are listed, DEMs of the same data type
are not (by their pixels' texture, what the band or file says, how QGIS draws them, the Coverage section's DEM)."""

from __future__ import annotations

import numpy as np
from osgeo import gdal, osr
from qgis.core import QgsProject, QgsRasterLayer, QgsRasterShader, QgsSingleBandPseudoColorRenderer
from scipy import ndimage as ndi


def _pan(seed: int, n: int = 160) -> np.ndarray:
    """A panchromatic scene in 11-bit counts: ground texture, roofs and shadows, sensor noise."""
    rng = np.random.default_rng(seed)
    img = 600 + 250 * ndi.gaussian_filter(rng.standard_normal((n, n)), 4) / 0.07
    for _ in range(25):
        r, c = rng.integers(0, n - 12, 2)
        img[r:r + rng.integers(4, 12), c:c + rng.integers(4, 12)] += rng.uniform(-300, 600)
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.round(img), 0, 2047).astype(np.int16)


def _dem(seed: int, relief: float, n: int = 160) -> np.ndarray:
    """Heights in whole metres: smooth hills of ``relief`` metres."""
    rng = np.random.default_rng(seed)
    z = ndi.gaussian_filter(rng.standard_normal((n, n)), n / 6)
    return np.round((z - z.min()) / np.ptp(z) * relief + 150).astype(np.int16)


def _layer(tmp_path, file_name: str, name: str, values: np.ndarray, pixel: float,
           description: str = "") -> QgsRasterLayer:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    path = str(tmp_path / file_name)
    ds = gdal.GetDriverByName("GTiff").Create(path, values.shape[1], values.shape[0], 1, gdal.GDT_Int16)
    ds.SetGeoTransform((350000.0, pixel, 0.0, 4330000.0, 0.0, -pixel))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(values)
    if description:
        band.SetDescription(description)
    ds = None
    layer = QgsRasterLayer(path, name)
    assert layer.isValid()
    return layer


def _listed(combo) -> set[str]:
    return {combo.itemText(i) for i in range(combo.count())}


def test_int16_pan_image_is_listed_and_int16_dems_are_not(plugin, tmp_path):
    """A single-band Int16 panchromatic image was left out of the Detection list (and the Imagery section's) as
    data, like a DEM, though Processing's detect reads it. It is listed; DEMs in Int16 are not offered: heights in
    whole metres at 1 m or 10 m are smooth from pixel to pixel, a file or band naming elevation, a DEM drawn with
    a colour ramp and the Coverage section's DEM stay out."""
    from basestation_mapper.plugin.qgis_io.imagery import imagery_layers

    project = QgsProject.instance()
    combo = plugin.dock.sections["detection"].detection.raster_combo
    dems = [_layer(tmp_path, "survey_a.tif", "lidar 1 m", _dem(3, 40.0), 1.0),
            _layer(tmp_path, "survey_b.tif", "hills 10 m", _dem(4, 900.0), 10.0),
            _layer(tmp_path, "srtm_n38e125_1m.tif", "named srtm", _pan(5), 1.0),
            _layer(tmp_path, "band_described.tif", "described", _pan(6), 1.0, description="Elevation")]
    project.addMapLayers(dems)
    assert combo.currentLayer() is None  # the list does not fall on a DEM
    assert _listed(combo) == set()

    pan = _layer(tmp_path, "scene_0412.tif", "pan", _pan(7), 0.5)
    project.addMapLayer(pan)
    assert _listed(combo) == {"pan"}
    assert combo.currentLayer() is pan
    assert [lyr.name() for lyr in imagery_layers()] == ["pan"]

    # a smooth image says it is panchromatic in its band's description: listed
    dim = _layer(tmp_path, "dark_field.tif", "said pan", _dem(8, 30.0), 0.5, description="Panchromatic")
    project.addMapLayer(dim)
    assert _listed(combo) == {"pan", "said pan"}

    # a raster of an image's texture drawn with a colour ramp (a DEM styled as one) leaves the list, and comes back
    rough = _layer(tmp_path, "surface.tif", "rough surface", _pan(9), 1.0)
    project.addMapLayer(rough)
    assert "rough surface" in _listed(combo)
    grey = rough.renderer().clone()
    rough.setRenderer(QgsSingleBandPseudoColorRenderer(rough.dataProvider(), 1, QgsRasterShader()))
    assert "rough surface" not in _listed(combo)
    rough.setRenderer(grey)
    assert "rough surface" in _listed(combo)

    # chosen as the Coverage section's DEM: no longer offered, and offered again when another DEM is chosen
    plugin.dock.sections["coverage"].dem_combo.setLayer(rough)
    assert _listed(combo) == {"pan", "said pan"}
    plugin.dock.sections["coverage"].dem_combo.setLayer(dems[0])
    assert _listed(combo) == {"pan", "said pan", "rough surface"}
    assert combo.currentLayer() is pan


def _table_names(section) -> set[str]:
    return {section.table.item(i, 1).text() for i in range(section.table.rowCount())}


def test_imagery_section_judges_a_restyled_raster_again(plugin, tmp_path):
    """The Imagery section's list kept a raster given a colour ramp (drawn as data, which the Detection list
    leaves out at once) until another layer was added or removed; its table, its compare lists and the dock's
    summary follow the restyle both ways, as the Detection list does."""
    section = plugin.dock.sections["imagery"]
    combo = plugin.dock.sections["detection"].detection.raster_combo
    pan = _layer(tmp_path, "scene_0412.tif", "pan", _pan(7), 0.5)
    rough = _layer(tmp_path, "surface.tif", "rough surface", _pan(9), 1.0)
    QgsProject.instance().addMapLayers([pan, rough])
    assert _table_names(section) == {"pan", "rough surface"} == _listed(combo)
    assert section.summary() == "2 imagery layers"

    grey = rough.renderer().clone()
    rough.setRenderer(QgsSingleBandPseudoColorRenderer(rough.dataProvider(), 1, QgsRasterShader()))
    assert _table_names(section) == {"pan"} == _listed(combo)
    assert _listed(section.compare_a) == _listed(section.compare_b) == {"undated · pan"}
    assert section.summary() == "1 imagery layer"

    rough.setRenderer(grey)
    assert _table_names(section) == {"pan", "rough surface"} == _listed(combo)
    assert _listed(section.compare_b) == {"undated · pan", "undated · rough surface"}


def test_imagery_section_leaves_out_the_coverage_dem_as_the_detection_list_does(plugin, tmp_path):
    """A raster chosen as the Coverage section's DEM whose pixels look like imagery (a rough surface model) left
    the Detection list but stayed in the Imagery section's table, compare lists and the dock's summary; both leave
    it out while it is the DEM, and list it again once another DEM (or none) is chosen."""
    section = plugin.dock.sections["imagery"]
    combo = plugin.dock.sections["detection"].detection.raster_combo
    dem_combo = plugin.dock.sections["coverage"].dem_combo
    pan = _layer(tmp_path, "scene_0412.tif", "pan", _pan(7), 0.5)
    surface = _layer(tmp_path, "block_07.tif", "surface model", _pan(9), 1.0)
    QgsProject.instance().addMapLayers([pan, surface])
    assert _table_names(section) == {"pan", "surface model"} == _listed(combo)

    dem_combo.setLayer(surface)
    assert _table_names(section) == {"pan"} == _listed(combo)
    assert _listed(section.compare_a) == _listed(section.compare_b) == {"undated · pan"}
    assert section.summary() == "1 imagery layer"
    assert "1 imagery layer" in plugin.dock.summary_label.text()

    dem_combo.setLayer(None)
    assert _table_names(section) == {"pan", "surface model"} == _listed(combo)
    assert section.summary() == "2 imagery layers"
    assert "2 imagery layers" in plugin.dock.summary_label.text()
