"""Real-world raster variants through QGIS: the provider path (rasters in degrees) with palette,
blue-green-red-NIR and alpha bands; refusals naming the file; cancel writing nothing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import rasterio
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer, QgsVectorLayer
from rasterio.enums import ColorInterp
from rasterio.transform import Affine

pytestmark = pytest.mark.usefixtures("provider")


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def _write(path, scene, array, colorinterp=None, transform=None, **profile):
    gt = scene.transform if transform is None else transform
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[2], height=array.shape[1],
                       count=array.shape[0], dtype=array.dtype.name, crs=f"EPSG:{scene.epsg}",
                       transform=Affine.from_gdal(*gt), **profile) as dst:
        dst.write(array)
        if colorinterp:
            dst.colorinterp = colorinterp
    return str(path)


def _in_degrees(path: str) -> str:
    out = path.replace(".tif", "_geo.tif")
    gdal.Warp(out, path, dstSRS="EPSG:4326", resampleAlg="near")
    return out


def _detect(raster, scene, reference, **extra):
    import processing
    from support.detect_data import truth_layer

    out = processing.run("basestationmapper:detect", {
        "INPUT": raster, "RESOLUTION": 0.3, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:", **extra})["OUTPUT"]
    layer = out if isinstance(out, QgsVectorLayer) else QgsVectorLayer(out)
    ref = truth_layer(scene)
    if reference is not None:
        ref.dataProvider().truncate()
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

        feats = []
        for x, y in reference:
            f = QgsFeature()
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            feats.append(f)
        ref.dataProvider().addFeatures(feats)
    return processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": layer, "REFERENCE": ref, "MATCH_DISTANCE": 15, "OUTPUT": "memory:"})


def _palette(scene, tmp_path):
    from PIL import Image

    pim = Image.fromarray(np.moveaxis(scene.image, 0, 2)).quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    pal = np.array(pim.getpalette()[:768]).reshape(-1, 3)
    path = _write(tmp_path / "pal.tif", scene, np.array(pim)[None].astype(np.uint8), photometric="palette")
    with rasterio.open(path, "r+") as dst:
        dst.write_colormap(1, {i: (*(int(v) for v in pal[i]), 255) for i in range(len(pal))})
    return path


@pytest.mark.parametrize("kind", ["palette", "bgrn"])
def test_rasters_in_degrees_read_by_their_colours(qgis_processing, scene, tmp_path, kind):
    """Through the provider (reprojected to metres): palette indices become colours, a BGRN
    delivery is read as RGB."""
    if kind == "palette":
        path = _palette(scene, tmp_path)
    else:
        nir = np.full_like(scene.image[:1], 230)
        path = _write(tmp_path / "bgrn.tif", scene, np.concatenate([scene.image[::-1], nir]),
                      [ColorInterp.blue, ColorInterp.green, ColorInterp.red, ColorInterp.undefined])
    ev = _detect(_in_degrees(path), scene, None)
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75, ev


def test_alpha_hides_a_mast_in_degrees(qgis_processing, scene, tmp_path):
    gt = scene.transform
    cols = (scene.truth[:, 0] - gt[0]) / gt[1]
    hidden = int(cols[0])
    alpha = np.full_like(scene.image[:1], 255)
    alpha[:, :, hidden - 150:hidden + 150] = 0
    path = _write(tmp_path / "rgba.tif", scene, np.concatenate([scene.image, alpha]),
                  [ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha])
    kept = scene.truth[np.abs(cols - hidden) >= 150]
    ev = _detect(_in_degrees(path), scene, kept)
    assert ev["RECALL"] >= 0.66 and ev["PRECISION"] == 1.0, ev


def test_nir_band_flagged_alpha_in_degrees_is_imagery(qgis_processing, scene, tmp_path):
    """Red-green-blue-NIR in degrees, 8-bit bands written with GDAL's defaults (NIR flagged alpha),
    read through QGIS: the stretched NIR's dark shadows were taken for transparent pixels and the
    masts lost; the NIR is imagery and the masts are those of the plain RGB raster."""
    plain = _in_degrees(str(scene.write(tmp_path / "plain.tif")))
    with rasterio.open(plain) as src:
        rgb, gt = src.read(), src.transform.to_gdal()
    luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    lo, hi = np.percentile(luma[luma > 0], [4, 98])
    nir = np.clip((luma - lo) / (hi - lo) * 255, 0, 255).astype(np.uint8)[None]
    path = str(tmp_path / "rgbn_geo.tif")
    with rasterio.open(path, "w", driver="GTiff", width=rgb.shape[2], height=rgb.shape[1], count=4, dtype="uint8",
                       crs="EPSG:4326", transform=Affine.from_gdal(*gt)) as dst:
        dst.write(np.concatenate([rgb, nir]))
    assert QgsRasterLayer(path).dataProvider().colorInterpretationName(4) == "Alpha"
    keys = ("PRECISION", "RECALL", "MEAN_ERROR_M")
    found, expected = _detect(path, scene, None), _detect(plain, scene, None)
    assert expected["RECALL"] >= 0.75, expected
    assert [found[k] for k in keys] == pytest.approx([expected[k] for k in keys], abs=0.5), (found, expected)


def test_undeclared_negative_fill_in_degrees_is_missing_imagery(qgis_processing, scene, tmp_path):
    """Int16 imagery in degrees, read through QGIS, whose border holds -9999 the file does not declare
    as nodata: no mast was found (the fill taken for the darkest imagery); the masts are those of the
    plain raster."""
    plain = _in_degrees(str(scene.write(tmp_path / "plain.tif")))
    with rasterio.open(plain) as src:
        rgb, gt = src.read(), src.transform.to_gdal()
    img = rgb.astype(np.int16) * 8
    img[:, :80, :] = -9999
    path = str(tmp_path / "int16_geo.tif")
    with rasterio.open(path, "w", driver="GTiff", width=img.shape[2], height=img.shape[1], count=3, dtype="int16",
                       crs="EPSG:4326", transform=Affine.from_gdal(*gt)) as dst:
        dst.write(img)
    keys = ("PRECISION", "RECALL", "MEAN_ERROR_M")
    found, expected = _detect(path, scene, None), _detect(plain, scene, None)
    assert expected["RECALL"] >= 0.75, expected
    assert [found[k] for k in keys] == pytest.approx([expected[k] for k in keys], abs=0.5), (found, expected)


def test_jpeg_in_degrees_keeps_the_confidence_of_the_plain_raster(qgis_processing, scene, tmp_path):
    """The scene in degrees (its black collar of a warp) saved as JPEG-YCbCr, read through QGIS: the
    JPEG's ringing into the collar set the black point, lowering the masts' confidence (here by up to
    0.08) against the same raster uncompressed; they keep it."""
    import processing

    plain = str(tmp_path / "plain_geo.tif")
    gdal.Warp(plain, str(scene.write(tmp_path / "plain.tif")), dstSRS="EPSG:4326", resampleAlg="bilinear")
    jpeg = str(tmp_path / "jpeg_geo.tif")
    gdal.Translate(jpeg, plain, creationOptions=["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "TILED=YES",
                                                 "JPEG_QUALITY=75"])

    def found(path):
        out = processing.run("basestationmapper:detect", {"INPUT": path, "RESOLUTION": 0.3,
                                                          "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"})
        layer = out["OUTPUT"] if isinstance(out["OUTPUT"], QgsVectorLayer) else QgsVectorLayer(out["OUTPUT"])
        return sorted((f.geometry().asPoint().x(), f.geometry().asPoint().y(), f["confidence"])
                      for f in layer.getFeatures())

    expected, got = found(plain), found(jpeg)
    assert len(expected) == 4 and len(got) == len(expected), (expected, got)
    # (one mast's base is placed on another spot of its shadow by the JPEG's loss, 9 m off)
    for (x0, y0, c0), (x1, y1, c1) in zip(expected, got):
        assert math.hypot((x1 - x0) * 96_000, (y1 - y0) * 111_000) < 10.0 and abs(c1 - c0) < 0.05, (expected, got)


def test_sheared_raster_refused_naming_the_file(qgis_processing, scene, tmp_path):
    import processing

    gt = scene.transform
    path = _write(tmp_path / "sheared_delivery.tif", scene, scene.image,
                  transform=(gt[0], gt[1], 0.15, gt[3], 0.0, gt[5]))
    with pytest.raises(QgsProcessingException, match=r"sheared_delivery.tif: its pixels are not square"):
        processing.run("basestationmapper:detect", {"INPUT": path, "OUTPUT": "memory:"})


def test_jpeg_with_a_world_file_uses_the_crs_set_in_qgis(qgis_processing, scene, tmp_path):
    """A JPEG orthophoto with only a world file (no .prj, no .aux.xml), its CRS set on the layer:
    the detector read the file's CRS, found none and refused it ("georeference it first")."""
    import os

    from qgis.core import QgsCoordinateReferenceSystem

    jpg = str(tmp_path / "ortho.jpg")
    gdal.Translate(jpg, str(scene.write(tmp_path / "scene.tif")), format="JPEG",
                   creationOptions=["WORLDFILE=YES", "QUALITY=95"])
    for name in os.listdir(tmp_path):
        if name.endswith(".aux.xml"):
            os.remove(tmp_path / name)
    assert (tmp_path / "ortho.wld").exists() and not gdal.Open(jpg).GetProjection()
    layer = QgsRasterLayer(jpg, "ortho")
    assert not layer.crs().isValid()
    layer.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{scene.epsg}"))
    QgsProject.instance().addMapLayer(layer)
    ev = _detect(layer, scene, None)
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75, ev


@pytest.mark.parametrize("kind", ["png_world_file_aux_crs", "bgrn_11_bit", "web_mercator_66n"])
def test_deliveries_found_where_they_stand(qgis_processing, scene, tmp_path, kind):
    """A PNG placed by a world file with its CRS in .aux.xml; a WorldView-like blue-green-red-NIR
    delivery of 11-bit values in UInt16; the scene in Web Mercator at 66° N (2.46 map units per ground
    metre): the masts are found where they stand."""
    import processing
    from pyproj import Transformer
    from support.detect_data import truth_layer

    from basestation_mapper.plugin.core.detect.tiling import ground_scale

    gt = scene.transform
    crs, where = f"EPSG:{scene.epsg}", gt
    if kind == "png_world_file_aux_crs":
        path = str(tmp_path / "ortho.png")
        gdal.Translate(path, str(scene.write(tmp_path / "scene.tif")), format="PNG", creationOptions=["WORLDFILE=YES"])
        assert (tmp_path / "ortho.wld").exists() and (tmp_path / "ortho.png.aux.xml").exists()
    elif kind == "bgrn_11_bit":
        eleven = np.round(scene.image.astype(np.float32) / 255 * 2047).astype(np.uint16)
        path = _write(tmp_path / "bgrn.tif", scene, np.concatenate([eleven[::-1], np.full_like(eleven[:1], 1500)]),
                      [ColorInterp.blue, ColorInterp.green, ColorInterp.red, ColorInterp.undefined])
    else:
        crs = "EPSG:3857"
        x0, y0 = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(15.0, 66.0)
        k = ground_scale(crs, x0, y0)
        assert k > 2.4
        where = (x0, gt[1] * k, 0.0, y0, 0.0, gt[5] * k)
        path = str(tmp_path / "mercator.tif")
        with rasterio.open(path, "w", driver="GTiff", width=scene.image.shape[2], height=scene.image.shape[1],
                           count=3, dtype="uint8", crs=crs, transform=Affine.from_gdal(*where)) as dst:
            dst.write(scene.image)
    layer = QgsRasterLayer(path, kind)
    assert layer.isValid() and layer.crs().authid() == crs
    out = processing.run("basestationmapper:detect", {"INPUT": layer, "SUN_AZIMUTH": scene.sun_azimuth,
                                                      "OUTPUT": "memory:"})["OUTPUT"]
    ev = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": out, "REFERENCE": truth_layer(scene, crs=crs, transform=where), "MATCH_DISTANCE": 15,
        "OUTPUT": "memory:"})
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75, ev
    if kind == "web_mercator_66n":  # shadow lengths in ground metres: 8-100 m searched, not 2.46 times that
        lengths = [float(f["notes"].split()[1]) for f in out.getFeatures()]
        assert lengths and max(lengths) < 60.0, lengths


def _placed_by_gcps(scene, tmp_path, srs_epsg=None) -> str:
    """The scene's pixels with four ground control points at its corners and no geotransform."""
    from osgeo import osr
    from support.detect_data import write_plain

    path = str(write_plain(tmp_path / "raw_scene.tif", scene.image))
    gt, (rows, cols) = scene.transform, scene.image.shape[1:]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(srs_epsg or scene.epsg)
    ds = gdal.Open(path, gdal.GA_Update)
    ds.SetGCPs([gdal.GCP(gt[0] + c * gt[1], gt[3] + r * gt[5], 0.0, c, r) for c, r in
                ((0, 0), (cols, 0), (0, rows), (cols, rows))], srs.ExportToWkt())
    ds = None
    assert gdal.Open(path).GetGeoTransform(can_return_null=True) is None
    return path


def test_raster_placed_by_ground_control_points_is_read_where_qgis_shows_it(qgis_processing, scene, tmp_path):
    """A raster with ground control points and no geotransform: QGIS shows it warped, but the detector
    read the file in place, its pixels' columns and rows taken as coordinates (candidates near 0°N, 85°W
    for a scene in Florida). It is read through QGIS, as shown, at its own pixel size, and said so."""
    import processing
    from support.processing_feedback import Feedback

    layer = QgsRasterLayer(_placed_by_gcps(scene, tmp_path), "raw scene")
    assert layer.isValid() and layer.crs().authid() == f"EPSG:{scene.epsg}"
    feedback = Feedback()
    out = processing.run("basestationmapper:detect", {
        "INPUT": layer, "SUN_AZIMUTH": scene.sun_azimuth, "OUTPUT": "memory:"}, feedback=feedback)["OUTPUT"]
    ev = processing.run("basestationmapper:evaluatedetections", {
        "DETECTIONS": out, "REFERENCE": _truth_layer(scene), "MATCH_DISTANCE": 15, "OUTPUT": "memory:"})
    assert ev["RECALL"] >= 0.75 and ev["PRECISION"] >= 0.75, ev
    assert any("raw_scene.tif is placed by ground control points only" in text for text in feedback.infos), \
        feedback.infos
    assert any(f"Imagery read at {scene.resolution:g} m" in text for text in feedback.infos), feedback.infos


def _truth_layer(scene):
    from support.detect_data import truth_layer

    return truth_layer(scene)


def test_cancel_writes_no_output_file(qgis_processing, scene, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    class CancelAtFirstProgress(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(lambda _p: self.cancel())

    out = tmp_path / "candidates.gpkg"
    feedback = CancelAtFirstProgress()
    processing.run("basestationmapper:detect", {"INPUT": str(scene.write(tmp_path / "s.tif")),
                                                "OUTPUT": str(out)}, feedback=feedback)
    assert feedback.isCanceled()
    assert not out.exists()


def test_imagery_list_leaves_out_population_grids_and_dems(qgis_new_project, tmp_path):
    """Population (float) and DEM (Int16) rasters are data, not imagery; pan, RGB and dated rasters are."""
    from osgeo import gdal, osr
    from qgis.core import QgsProject, QgsRasterLayer

    from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY, imagery_layers

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    layers = {}
    for name, bands, dtype in (("rgb", 3, gdal.GDT_Byte), ("pan16", 1, gdal.GDT_UInt16),
                               ("population", 1, gdal.GDT_Float32), ("dem", 1, gdal.GDT_Int16),
                               ("dated_float", 1, gdal.GDT_Float32)):
        path = str(tmp_path / f"{name}.tif")
        ds = gdal.GetDriverByName("GTiff").Create(path, 8, 8, bands, dtype)
        ds.SetGeoTransform((400000, 1, 0, 4400000, 0, -1))
        ds.SetProjection(srs.ExportToWkt())
        ds = None
        layers[name] = QgsRasterLayer(path, name)
    layers["dated_float"].setCustomProperty(ACQ_DATE_PROPERTY, "2020-05-01")
    project = QgsProject.instance()
    project.addMapLayers(list(layers.values()))
    try:
        names = {lyr.name() for lyr in imagery_layers()}
        assert names == {"rgb", "pan16", "dated_float"}
    finally:
        project.removeMapLayers([lyr.id() for lyr in layers.values()])


def test_imagery_summary_counts_one_layer_in_the_singular(plugin, tmp_path):
    from osgeo import gdal, osr
    from qgis.core import QgsProject, QgsRasterLayer

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    path = str(tmp_path / "one.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 8, 8, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((400000, 1, 0, 4400000, 0, -1))
    ds.SetProjection(srs.ExportToWkt())
    ds = None
    layer = QgsRasterLayer(path, "one")
    QgsProject.instance().addMapLayer(layer)
    try:
        assert plugin.dock.sections["imagery"].summary() == "1 imagery layer"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


# -- tile URLs as users paste them -------------------------------------------------------------------
def _tile_url(layer) -> str:
    from qgis.core import QgsDataSourceUri

    uri = QgsDataSourceUri()
    uri.setEncodedUri(layer.source())
    return uri.param("url")


@pytest.mark.parametrize("pasted, expected", [
    # Bing-style quadkey: QGIS fills {q} itself
    ("https://ecn.t0.tiles.virtualearth.net/tiles/a{q}.jpeg?g=1",
     "https://ecn.t0.tiles.virtualearth.net/tiles/a{q}.jpeg?g=1"),
    # capitals: QGIS fills only {z} {x} {y}, so {Z}/{X}/{Y} fetched nothing
    ("https://tiles.example.org/{Z}/{X}/{-Y}.png", "https://tiles.example.org/{z}/{x}/{-y}.png"),
    # Leaflet's {s} (default subdomains a, b, c): QGIS does not fill it, every request went to '{s}.'
    ("https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png", "https://a.tile.opentopomap.org/{z}/{x}/{y}.png"),
    # a layer's source copied from QGIS (Layer Properties, Information)
    ("type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0",
     "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
])
def test_pasted_xyz_urls_become_layers_qgis_can_fill(qgis_new_project, pasted, expected):
    from basestation_mapper.plugin.qgis_io.imagery import web_layer

    layer = web_layer({"kind": "xyz", "url": pasted, "name": "pasted"})
    assert layer.isValid() and layer.providerType() == "wms"
    assert _tile_url(layer) == expected


def test_a_subdomain_qgis_cannot_guess_is_refused_with_the_fix(qgis_new_project):
    from basestation_mapper.plugin.qgis_io.imagery import ImageryError, source_uri

    with pytest.raises(ImageryError, match=r"\{s\}.*subdomains"):
        source_uri({"kind": "xyz", "url": "https://mt{s}.google.com/vt/lyrs=s&x={x}&y={y}&z={z}"})


def test_pasted_qgis_wms_source_keeps_its_layer_and_crs(qgis_new_project):
    from basestation_mapper.plugin.qgis_io.imagery import web_layer

    pasted = ("contextualWMSLegend=0&crs=EPSG:5179&dpiMode=7&featureCount=10&format=image/jpeg&layers=ortho_2019"
              "&styles=&url=https://map.example.org/wms")
    layer = web_layer({"kind": "xyz", "url": pasted, "name": "orthophoto"})
    source = layer.source()
    assert _tile_url(layer) == "https://map.example.org/wms"
    assert "layers=ortho_2019" in source and "crs=EPSG:5179" in source and "format=image/jpeg" in source
    assert "type=xyz" not in source
    # named by its server and layer when the pasted text is all the user gave (the Imagery section's default), as the
    # saved sources are listed: not by a URL, whose query may hold a key
    assert web_layer({"kind": "wms", "url": pasted, "name": pasted}).name() == "map.example.org: ortho_2019 (WMS)"


# -- acquisition dates of mosaics ----------------------------------------------------------------------
def _tiles(tmp_path, names, dated=None):
    """40 x 40 px tiles side by side (0.5 m, UTM 52N); ``dated``: {name: TIFFTAG_DATETIME}."""
    from support.detect_data import write_plain

    paths = []
    for i, name in enumerate(names):
        path = write_plain(tmp_path / name, np.full((3, 40, 40), 90, np.uint8),
                           (500000.0 + 20.0 * i, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
        if dated and name in dated:
            ds = gdal.Open(str(path), gdal.GA_Update)
            ds.SetMetadataItem("TIFFTAG_DATETIME", dated[name])
            ds = None
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("names, dated, expected", [
    (["ortho_20190412_r1c1.tif", "ortho_20190412_r1c2.tif"], None, "2019-04-12"),
    (["tile_a.tif", "tile_b.tif"], {"tile_a.tif": "2018:09:03 02:30:00", "tile_b.tif": "2018:09:03 02:31:10"},
     "2018-09-03"),
    (["ortho_20190412_r1c1.tif", "ortho_20200501_r1c2.tif"], None, None),  # two dates: none is the mosaic's
    (["ortho_20190412_r1c1.tif", "undated.tif"], None, None),
])
def test_a_vrt_mosaic_takes_the_date_its_tiles_share(qgis_new_project, tmp_path, names, dated, expected):
    from basestation_mapper.plugin.qgis_io.imagery import acquisition_date_of, local_layer

    vrt = tmp_path / "mosaic.vrt"
    gdal.BuildVRT(str(vrt), _tiles(tmp_path, names, dated)).FlushCache()
    assert acquisition_date_of(local_layer(str(vrt))) == expected


def test_imagery_list_leaves_out_coverage_count_rasters(qgis_new_project, tmp_path):
    """The plugin's own coverage outputs are 8/16-bit single-band rasters too: the count of covering
    stations on a 100 m grid (Processing adds it to the project), the stations in sight on a 3 arcsec
    DEM, the exported GeoTIFF with its colour table. They are data, not imagery to compare by date."""
    from osgeo import osr

    from basestation_mapper.plugin.core.raster_export import write_geotiff
    from basestation_mapper.plugin.qgis_io.imagery import imagery_layers

    rng = np.random.default_rng(5)
    counts = rng.integers(0, 4, (60, 80))

    def raster(name, dtype, gt, epsg, bands=1):
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / name), 80, 60, bands, dtype)
        ds.SetGeoTransform(gt)
        ds.SetProjection(srs.ExportToWkt())
        for b in range(1, bands + 1):
            ds.GetRasterBand(b).WriteArray(counts)
        ds = None
        return str(tmp_path / name)

    paths = {
        "coverage count": raster("count.tif", gdal.GDT_UInt16, (350000, 100, 0, 4330000, 0, -100), 32652),
        "in sight": raster("sight.tif", gdal.GDT_Byte, (125.5, 1 / 1200, 0, 39.5, 0, -1 / 1200), 4326),
        "pan 0.5 m": raster("pan.tif", gdal.GDT_UInt16, (350000, 0.5, 0, 4330000, 0, -0.5), 32652),
        "pan in degrees": raster("pan_geo.tif", gdal.GDT_Byte, (125.5, 5e-6, 0, 39.5, 0, -5e-6), 4326),
        "rgb 30 m": raster("rgb.tif", gdal.GDT_Byte, (350000, 30, 0, 4330000, 0, -30), 32652, bands=3),
    }
    paths["coverage styled"] = str(write_geotiff(paths["coverage count"], tmp_path / "styled.tif").path)
    layers = [QgsRasterLayer(path, name) for name, path in paths.items()]
    QgsProject.instance().addMapLayers(layers)
    assert {lyr.name() for lyr in imagery_layers()} == {"pan 0.5 m", "pan in degrees", "rgb 30 m"}


def test_imagery_added_through_qgis_itself_gets_its_date_once(qgis_new_project, tmp_path):
    """Dragged into QGIS or added from its browser (not the Imagery section): the date in the file's
    metadata or name was never read, so the list, the detector's candidates and the report said undated."""
    from basestation_mapper.plugin.qgis_io.imagery import acquisition_date_of, imagery_layers, set_acquisition_date
    from basestation_mapper.plugin.qgis_io.report import imagery_dates

    named, tagged = _tiles(tmp_path, ["WV02_20190412_ortho.tif", "scan.tif"], {"scan.tif": "2018:09:03 02:30:00"})
    layers = [QgsRasterLayer(named, "by name"), QgsRasterLayer(tagged, "by tag")]
    QgsProject.instance().addMapLayers(layers)
    assert imagery_dates([layers[1]]) == [("by tag", "2018-09-03")]  # the report reads it too
    assert [(lyr.name(), acquisition_date_of(lyr)) for lyr in imagery_layers()] == [
        ("by tag", "2018-09-03"), ("by name", "2019-04-12")]
    set_acquisition_date(layers[0], None)  # the analyst clears a date they know to be wrong
    assert [acquisition_date_of(lyr) for lyr in imagery_layers()] == ["2018-09-03", None]  # read once only
    # a DEM whose file carries a time stays data (its file time is not read as an acquisition date)
    from support.detect_data import write_plain

    dem = write_plain(tmp_path / "dem_20200101.tif", np.full((1, 20, 20), 120.0, np.float32),
                      (500000.0, 30.0, 0.0, 4300000.0, 0.0, -30.0), 32652)
    QgsProject.instance().addMapLayer(QgsRasterLayer(str(dem), "dem"))
    assert "dem" not in [lyr.name() for lyr in imagery_layers()]


def test_a_vrt_of_remote_cogs_is_dated_by_tile_names_without_fetching(qgis_new_project, tmp_path):
    """Listing a mosaic of COGs on a server must not request every tile from the main thread (256 tiles
    each waiting for the network froze QGIS): the tiles' names give the date."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from basestation_mapper.plugin.qgis_io.imagery import file_date

    requests = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_error(404)

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"/vsicurl/http://127.0.0.1:{server.server_port}/cog"
        sources = "".join(
            f'<SimpleSource><SourceFilename relativeToVRT="0">{base}/ortho_20190412_{i}.tif</SourceFilename>'
            f'<SourceBand>1</SourceBand><SrcRect xOff="0" yOff="0" xSize="40" ySize="40"/>'
            f'<DstRect xOff="{40 * i}" yOff="0" xSize="40" ySize="40"/></SimpleSource>' for i in range(3))
        vrt = tmp_path / "remote mosaic.vrt"
        vrt.write_text(f'<VRTDataset rasterXSize="120" rasterYSize="40"><SRS>EPSG:32652</SRS>'
                       f'<GeoTransform>500000, 0.5, 0, 4300000, 0, -0.5</GeoTransform>'
                       f'<VRTRasterBand dataType="Byte" band="1">{sources}</VRTRasterBand></VRTDataset>')
        assert file_date(str(vrt)) == "2019-04-12"  # what the Imagery list reads (QGIS draws the layer itself)
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_a_wms_or_wmts_source_qgis_cannot_use_is_reported(plugin):
    """A WMTS whose capabilities cannot be read (wrong URL, no network, a layer or tile matrix set it
    does not offer) gave an empty layer and no word in the plugin."""
    from support.message_bar import bar_messages, clear_bar

    from basestation_mapper.plugin.settings import ImagerySettings

    def said():
        return [text for text, _details in bar_messages(plugin.iface)]

    clear_bar(plugin.iface)
    imagery = plugin.dock.sections["imagery"]
    try:
        layer = imagery.add_url("wmts", "https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml", "ortho_2019",
                                name="정사영상 2019")
        assert layer is not None and not layer.isValid()
        seen = said()
        assert seen and seen[-1].startswith("정사영상 2019: QGIS cannot use this WMTS source")
        assert "'ortho_2019'" in seen[-1] and "GoogleMapsCompatible" in seen[-1]
        clear_bar(plugin.iface)  # a pasted QGIS WMTS source: the layer and tile matrix set it asks for are named
        imagery.add_url("wms", "crs=EPSG:3857&format=image/jpeg&layers=ortho_2020&styles=default"
                        "&tileMatrixSet=WebMercatorQuad&url=https://wmts.example.invalid/capabilities.xml", save=False)
        seen = said()
        assert seen and "WMTS" in seen[-1] and "'ortho_2020'" in seen[-1] and "WebMercatorQuad" in seen[-1]
        clear_bar(plugin.iface)
        imagery.add_url("xyz", "https://tiles.example.invalid/{z}/{x}/{y}.png", save=False)  # nothing to check
        assert said() == []
    finally:
        ImagerySettings.reset()


@pytest.mark.parametrize("name, driver, options", [
    ("scene.ntf", "NITF", []), ("ortho.png", "PNG", ["WORLDFILE=YES"]), ("ortho.jpg", "JPEG", ["WORLDFILE=YES"]),
    ("ortho.jpeg", "JPEG", ["WORLDFILE=YES"])])
def test_file_dialog_offers_nitf_and_world_file_imagery(qgis_app, tmp_path, name, driver, options):
    import fnmatch

    from osgeo import osr

    from basestation_mapper.plugin.qgis_io.imagery import local_layer
    from basestation_mapper.plugin.ui.sections.imagery import FILE_FILTER

    rng = np.random.default_rng(5)
    mem = gdal.GetDriverByName("MEM").Create("", 64, 48, 3, gdal.GDT_Byte)
    mem.SetGeoTransform([500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    mem.SetProjection(srs.ExportToWkt())
    for band in range(1, 4):
        mem.GetRasterBand(band).WriteArray(rng.integers(0, 256, (48, 64), dtype=np.uint8))
    path = tmp_path / name
    assert gdal.GetDriverByName(driver).CreateCopy(str(path), mem, options=options) is not None
    mem = None
    imagery = FILE_FILTER.split(";;")[0]
    patterns = imagery[imagery.index("(") + 1:imagery.index(")")].split()
    assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), imagery
    layer = local_layer(str(path))
    assert layer.isValid() and layer.width() == 64
    extent = layer.extent()
    assert extent.xMinimum() == pytest.approx(500000.0) and extent.yMaximum() == pytest.approx(4300000.0)


def test_saved_sources_are_listed_by_a_readable_name(plugin):
    """The saved-source list showed the pasted text itself (a whole QGIS layer source)."""
    from basestation_mapper.plugin.settings import ImagerySettings

    ImagerySettings.reset()
    imagery = plugin.dock.sections["imagery"]
    try:
        imagery.add_url("xyz", "type=xyz&url=https://tiles.example.invalid/hillshade/{z}/{x}/{y}.png&zmax=17&zmin=0")
        imagery.add_url("wms", "https://ows.example.invalid/service/wms?", "ortho_2019")
        imagery.add_url("wms", "contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&format=image/jpeg&layers=ortho_2020"
                        "&styles=default&tileMatrixSet=WebMercatorQuad&url=https://wmts.example.invalid/caps.xml")
        imagery.add_url("xyz", "https://a.tile.example.invalid/{z}/{x}/{y}.png", name="평양 지형도")
        imagery.add_url("xyz", "file:///data/offline tiles/{z}/{x}/{y}.png")
        labels = [imagery.saved_combo.itemText(i) for i in range(imagery.saved_combo.count())]
        assert labels == ["tiles.example.invalid/hillshade (XYZ)", "ows.example.invalid: ortho_2019 (WMS)",
                          "wmts.example.invalid: ortho_2020 (WMTS)", "평양 지형도", "offline tiles (XYZ)"]
        imagery.saved_combo.setCurrentIndex(1)
        assert imagery.saved_combo.currentData()["url"] == "https://ows.example.invalid/service/wms?"
    finally:
        ImagerySettings.reset()


def _params(layer) -> dict:
    from qgis.core import QgsDataSourceUri

    uri = QgsDataSourceUri()
    uri.setEncodedUri(layer.source())
    return {key: uri.params(key) for key in ("url", "layers", "styles", "format", "crs", "tileMatrixSet")}


def test_wms_and_wmts_options_set_in_the_dock_reach_the_layer_and_the_saved_source(plugin):
    """The dock offered a kind, a URL and a layer only: a WMTS in another tile matrix set than
    GoogleMapsCompatible, or a WMS in another CRS or format, could not be added. The add-URL form
    sets them; they make the QGIS source (offline: the layer is not valid, its source is checked)
    and are saved with the source."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from support.message_bar import bar_messages, clear_bar

    from basestation_mapper.plugin.settings import ImagerySettings

    ImagerySettings.reset()
    imagery = plugin.dock.sections["imagery"]
    try:
        assert imagery.service_options.isHidden()  # XYZ: nothing to ask a service
        imagery.kind_combo.setCurrentIndex(imagery.kind_combo.findData("wmts"))
        assert not imagery.service_options.isHidden() and not imagery.matrix_edit.isHidden()
        imagery.url_edit.setText("https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml")
        imagery.layers_edit.setText("ortho_2019")
        imagery.crs_edit.setText("EPSG:5179")
        imagery.format_combo.setCurrentText("image/jpeg")
        imagery.matrix_edit.setText("NGII_5179")
        QTest.mouseClick(imagery.add_url_button, Qt.MouseButton.LeftButton)
        wmts = next(lyr for lyr in imagery.layers() if "wmts.example.invalid" in lyr.source())
        assert _params(wmts) == {"url": ["https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml"],
                                 "layers": ["ortho_2019"], "styles": ["default"], "format": ["image/jpeg"],
                                 "crs": ["EPSG:5179"], "tileMatrixSet": ["NGII_5179"]}
        saved = ImagerySettings.load().custom_sources
        assert {"kind": "wmts", "url": "https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml",
                "name": "https://wmts.example.invalid/1.0.0/WMTSCapabilities.xml", "layers": "ortho_2019",
                "crs": "EPSG:5179", "format": "image/jpeg", "tile_matrix_set": "NGII_5179"} in saved

        # two WMS layers with a style for the second: one layers= and styles= per layer; no tile matrix set
        imagery.kind_combo.setCurrentIndex(imagery.kind_combo.findData("wms"))
        assert imagery.matrix_edit.isHidden()
        imagery.url_edit.setText("https://ows.example.invalid/wms?")
        imagery.layers_edit.setText("ortho_2020, roads")
        imagery.styles_edit.setText(",grey")
        imagery.crs_edit.setText("EPSG:4326")
        imagery.format_combo.setCurrentText("image/png")
        QTest.mouseClick(imagery.add_url_button, Qt.MouseButton.LeftButton)
        wms = next(lyr for lyr in imagery.layers() if "ows.example.invalid" in lyr.source())
        assert _params(wms) == {"url": ["https://ows.example.invalid/wms?"], "layers": ["ortho_2020", "roads"],
                                "styles": ["", "grey"], "format": ["image/png"], "crs": ["EPSG:4326"],
                                "tileMatrixSet": []}

        # the saved WMTS source added again asks for the same
        imagery.saved_combo.setCurrentIndex(0)
        before = {lyr.id() for lyr in imagery.layers()}
        QTest.mouseClick(imagery.add_saved_button, Qt.MouseButton.LeftButton)
        again = next(lyr for lyr in imagery.layers() if lyr.id() not in before)
        assert again.source() == wmts.source()

        # a CRS QGIS does not know is said, nothing added
        clear_bar(plugin.iface)
        before = len(imagery.layers())
        imagery.crs_edit.setText("EPSG:999999")
        QTest.mouseClick(imagery.add_url_button, Qt.MouseButton.LeftButton)
        assert len(imagery.layers()) == before
        said = [text for text, _details in bar_messages(plugin.iface)]
        assert any("'EPSG:999999' is not a coordinate reference system" in text for text in said), said
    finally:
        ImagerySettings.reset()


def test_imagery_list_measures_web_mercator_pixels_on_the_ground(qgis_new_project, tmp_path):
    """A single-band 10 m image in Web Mercator at 66° N has pixels of 24.6 map units: measured in map
    units it was taken for a coarse data raster and left out of the list. A 100 m coverage count there
    stays out."""
    from osgeo import osr
    from pyproj import Transformer

    from basestation_mapper.plugin.qgis_io.imagery import imagery_layers, pixel_metres

    x0, y0 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(15.0, 66.0)
    k = 1.0 / math.cos(math.radians(66.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3857)
    rng = np.random.default_rng(11)
    layers = []
    for name, ground in (("pan 10 m", 10.0), ("count 100 m", 100.0)):
        path = str(tmp_path / f"{ground:.0f}.tif")
        ds = gdal.GetDriverByName("GTiff").Create(path, 40, 40, 1, gdal.GDT_Byte)
        ds.SetGeoTransform((x0, ground * k, 0.0, y0, 0.0, -ground * k))
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).WriteArray(rng.integers(0, 4 if ground > 50 else 256, (40, 40)).astype(np.uint8))
        ds = None
        layers.append(QgsRasterLayer(path, name))
    QgsProject.instance().addMapLayers(layers)
    assert pixel_metres(layers[0]) == pytest.approx(10.0, rel=0.01)
    assert [lyr.name() for lyr in imagery_layers()] == ["pan 10 m"]


def test_a_web_layer_without_a_name_is_not_named_by_its_key(plugin):
    """A web layer added without a name was named by its URL, query string and all: '?apikey=…' went into the layer's
    name, so into the source of every candidate found in it and every file they were exported to."""
    from basestation_mapper.plugin.settings import ImagerySettings

    imagery = plugin.dock.sections["imagery"]
    try:
        layer = imagery.add_url("xyz", "https://tiles.example.invalid/satellite/{z}/{x}/{y}.jpg?apikey=S3CR3T",
                                save=False)
        assert layer is not None and "S3CR3T" not in layer.name()
        assert layer.name() == "tiles.example.invalid/satellite (XYZ)"
        named = imagery.add_url("xyz", "https://tiles.example.invalid/{z}/{x}/{y}.png?key=S3CR3T", name="ortho",
                                save=False)
        assert named.name() == "ortho"
    finally:
        ImagerySettings.reset()
