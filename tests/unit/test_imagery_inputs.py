"""Real-world raster variants read by the detector: formats, band layouts, masks, nodata, seams,
geotransforms, extents, and acquisition dates from sensor metadata, sidecars and file names."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np
import pytest
import rasterio
from osgeo import gdal
from rasterio.enums import ColorInterp
from rasterio.transform import Affine

from basestation_mapper.plugin.core.detect import DetectionInputError, DetectorParams, detect_raster
from basestation_mapper.plugin.core.detect.mast import valid_mask
from basestation_mapper.plugin.core.detect.metadata import acquisition_date, gdal_tags, parse_date
from basestation_mapper.plugin.core.detect.tiling import band_roles, plan_detection


@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def _write(path, scene, array=None, transform=None, colorinterp=None, **profile):
    arr = scene.image if array is None else array
    gt = scene.transform if transform is None else transform
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[2], height=arr.shape[1], count=arr.shape[0],
                       dtype=arr.dtype.name, crs=f"EPSG:{scene.epsg}", transform=Affine.from_gdal(*gt),
                       **profile) as dst:
        dst.write(arr)
        if colorinterp:
            dst.colorinterp = colorinterp
    return path


def _found(path, scene, sun=None, truth=None, **kw):
    """(true positives, false positives, false negatives) of the detector on ``path``."""
    from support.scenes import match

    sun = scene.sun_azimuth if sun is None else sun
    cands = detect_raster(str(path), DetectorParams(sun_azimuth=None if sun is False else sun), **kw)
    return match(np.array([(c.x, c.y) for c in cands]).reshape(-1, 2), scene.truth if truth is None else truth)


def _pixels(scene):
    gt = scene.transform
    return (scene.truth[:, 0] - gt[0]) / gt[1], (scene.truth[:, 1] - gt[3]) / gt[5]


# -- formats ---------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["cog", "jpeg_ycbcr", "jp2"])
def test_delivery_formats_find_the_masts(scene, tmp_path, variant):
    base = str(scene.write(tmp_path / "base.tif"))
    out = tmp_path / f"{variant}.{'jp2' if variant == 'jp2' else 'tif'}"
    if variant == "cog":
        gdal.Translate(str(out), base, format="COG", creationOptions=["OVERVIEWS=AUTO", "BLOCKSIZE=256"])
        with rasterio.open(out) as src:
            assert src.overviews(1)
    elif variant == "jpeg_ycbcr":
        gdal.Translate(str(out), base, creationOptions=["COMPRESS=JPEG", "PHOTOMETRIC=YCBCR", "TILED=YES",
                                                        "JPEG_QUALITY=85"])
    else:
        if gdal.GetDriverByName("JP2OpenJPEG") is None:
            pytest.skip("GDAL has no JP2OpenJPEG driver")
        gdal.Translate(str(out), base, format="JP2OpenJPEG", creationOptions=["QUALITY=50"])
    assert _found(out, scene) == (4, 0, 0)


def _mosaic(scene, tmp_path, gap: int, **vrt_options) -> str:
    img, gt = scene.image, scene.transform
    half = img.shape[2] // 2
    tiles = []
    for i, (r0, c0) in enumerate([(0, 0), (0, half + gap), (half + gap, 0), (half + gap, half + gap)]):
        tgt = (gt[0] + c0 * gt[1], gt[1], 0.0, gt[3] + r0 * gt[5], 0.0, gt[5])
        tiles.append(str(_write(tmp_path / f"tile{i}.tif", scene, img[:, r0:r0 + half, c0:c0 + half], tgt)))
    path = str(tmp_path / f"mosaic{gap}_{len(vrt_options)}.vrt")
    gdal.BuildVRT(path, tiles, **vrt_options)
    return path


@pytest.mark.parametrize("gap", [1, 3])
def test_mosaic_seams_give_no_candidates(scene, tmp_path, gap):
    """Gaps between the tiles of a VRT mosaic are black straight lines across the scene: missing,
    never a shadow (sun searched, the seams' own direction is tried too)."""
    path = _mosaic(scene, tmp_path, gap)
    cands = detect_raster(path, DetectorParams())
    gt = scene.transform
    seam = gt[3] + (scene.image.shape[1] // 2 + gap / 2) * gt[5]
    assert all(abs(c.y - seam) > 6.0 and abs(c.tip_y - seam) > 6.0 for c in cands), \
        [(c.x, c.y, c.tip_y) for c in cands]
    # with nodata declared as well, the masts are still found
    assert _found(_mosaic(scene, tmp_path, gap, VRTNodata=0), scene) == (4, 0, 0)


# -- bands -----------------------------------------------------------------------------------
def test_band_roles_follow_colour_interpretation():
    assert band_roles(["blue", "green", "red", "undefined"]) == ((3, 2, 1), None)
    assert band_roles(["Undefined", "Red", "Green", "Blue"]) == ((2, 3, 4), None)
    assert band_roles(["red", "green", "blue", "alpha"]) == ((1, 2, 3), 4)
    assert band_roles(["gray", "alpha"]) == ((1,), 2)
    assert band_roles(["undefined"] * 4) == ((1, 2, 3), None)


def test_nir_first_delivery_is_read_as_rgb(scene, tmp_path):
    """A 4-band raster stored NIR, R, G, B with its colour interpretation: the RGB bands are read."""
    nir = np.full_like(scene.image[:1], 230)
    path = _write(tmp_path / "nrgb.tif", scene, np.concatenate([nir, scene.image]),
                  colorinterp=[ColorInterp.undefined, ColorInterp.red, ColorInterp.green, ColorInterp.blue])
    plan = plan_detection(str(path))
    assert plan.bands == (2, 3, 4) and plan.alpha_index is None
    assert _found(path, scene) == (4, 0, 0)


def test_alpha_band_hides_a_mast(scene, tmp_path):
    cols, _rows = _pixels(scene)
    hidden = int(cols[0])
    alpha = np.full_like(scene.image[:1], 255)
    alpha[:, :, hidden - 150:hidden + 150] = 0
    path = _write(tmp_path / "rgba.tif", scene, np.concatenate([scene.image, alpha]),
                  colorinterp=[ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha])
    kept = np.abs(cols - hidden) >= 150
    assert _found(path, scene, truth=scene.truth[kept]) == (int(kept.sum()), 0, 0)


def test_nir_band_flagged_alpha_is_read_as_imagery(scene, tmp_path):
    """A red-green-blue-NIR GeoTIFF of 8-bit bands written with GDAL's (and rasterio's) defaults has
    its NIR band flagged alpha; read as transparency, its darkest pixels (a stretched NIR is 0 in
    the shadows) hid every mast's shadow. It holds imagery: the masts of the plain GeoTIFF are found."""
    luma = 0.299 * scene.image[0] + 0.587 * scene.image[1] + 0.114 * scene.image[2]
    lo, hi = np.percentile(luma, [4, 98])
    nir = np.clip((luma - lo) / (hi - lo) * 255, 0, 255).astype(np.uint8)[None]
    path = _write(tmp_path / "rgbn.tif", scene, np.concatenate([scene.image, nir]))
    with rasterio.open(path) as src:
        assert src.colorinterp[3] == ColorInterp.alpha  # the writer's default, not the delivery's intent
    assert plan_detection(str(path)).alpha_index is None
    _same_masts_as_plain(scene, tmp_path, path, confidence=0.05)


def test_alpha_bands_of_transparency_and_of_imagery():
    from basestation_mapper.plugin.core.detect.tiling import holds_transparency

    alpha = np.full((64, 64), 255, np.uint8)
    alpha[:, :20] = 0
    alpha[:, 20] = 128  # an anti-aliased edge
    assert holds_transparency(alpha) and holds_transparency(np.full(10, 255)) and holds_transparency(np.empty(0))
    assert holds_transparency(np.where(alpha > 0, 65535, 0).astype(np.uint16))
    nir = np.random.default_rng(3).integers(0, 256, (64, 64))
    assert not holds_transparency(nir)


@pytest.mark.parametrize("external", [False, True])
def test_dataset_mask_hides_a_mast(scene, tmp_path, external):
    """A JPEG delivery with an internal or a .msk mask: masked pixels hold imagery the delivery
    excludes (here a mast), never searched."""
    cols, _rows = _pixels(scene)
    hidden = int(cols[0])
    path = _write(tmp_path / "masked.tif", scene, compress="jpeg", photometric="ycbcr", tiled=True)
    mask = np.full(scene.image.shape[1:], 255, np.uint8)
    mask[:, hidden - 150:hidden + 150] = 0
    with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=not external), rasterio.open(path, "r+") as dst:
        dst.write_mask(mask)
    assert (tmp_path / "masked.tif.msk").exists() == external
    assert plan_detection(str(path)).dataset_mask
    kept = np.abs(cols - hidden) >= 150
    assert _found(path, scene, truth=scene.truth[kept]) == (int(kept.sum()), 0, 0)


def test_palette_raster_is_read_through_its_colours(scene, tmp_path):
    from PIL import Image

    pim = Image.fromarray(np.moveaxis(scene.image, 0, 2)).quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    pal = np.array(pim.getpalette()[:768]).reshape(-1, 3)
    path = _write(tmp_path / "pal.tif", scene, np.array(pim)[None].astype(np.uint8), photometric="palette")
    with rasterio.open(path, "r+") as dst:
        dst.write_colormap(1, {i: (*(int(v) for v in pal[i]), 255) for i in range(len(pal))})
    plan = plan_detection(str(path))
    assert plan.palette is not None and len(plan.palette) == 256
    assert _found(path, scene) == (4, 0, 0)


@pytest.mark.parametrize("kind", ["pan11", "reflectance"])
def test_eleven_bit_pan_and_float_reflectance(scene, tmp_path, kind):
    luma = 0.299 * scene.image[0] + 0.587 * scene.image[1] + 0.114 * scene.image[2]
    if kind == "pan11":
        arr = np.round(luma / 255 * 2047).astype(np.uint16)[None]
    else:
        arr = (scene.image.astype(np.float32) / 255 * 0.6).astype(np.float32)
    tp, fp, _fn = _found(_write(tmp_path / f"{kind}.tif", scene, arr), scene)
    assert tp >= 3 and fp == 0


def test_dark_image_with_nodata_zero_keeps_its_shadows(scene, tmp_path):
    """nodata=0 on a dark 8-bit image whose deepest shadows are 0: those pixels stay imagery."""
    dark = np.clip(scene.image.astype(np.float32) * 0.1 - 6, 0, 255).astype(np.uint8)
    assert (dark.max(axis=0) == 0).mean() > 0.001
    plain = _found(_write(tmp_path / "dark.tif", scene, dark), scene)
    flagged = _found(_write(tmp_path / "dark_nd0.tif", scene, dark, nodata=0), scene)
    assert plain[0] == 4 and flagged == plain


def _same_masts_as_plain(scene, tmp_path, path, metres=3.0, confidence=0.1):
    sun = DetectorParams(sun_azimuth=scene.sun_azimuth)
    plain = detect_raster(str(scene.write(tmp_path / "plain.tif")), sun)
    found = detect_raster(str(path), sun)
    assert len(plain) == 4 and len(found) == len(plain), (plain, found)
    for p, f in zip(sorted(plain, key=lambda c: c.x), sorted(found, key=lambda c: c.x)):
        assert math.hypot(p.x - f.x, p.y - f.y) < metres and abs(p.confidence - f.confidence) < confidence, (p, f)


@pytest.mark.parametrize("form", ["north_down", "grey_alpha", "int16_nodata", "nbits12", "nbits7"])
def test_forms_give_the_masts_of_the_plain_geotiff(scene, tmp_path, form):
    """Forms analysts have, read as the plain GeoTIFF of the same pixels is: a north-down grid (y pixel
    size positive), grey + alpha, Int16 with a -9999 nodata border, 12 bits in UInt16 (NBITS=12), 7-bit
    bytes (NBITS=7)."""
    img, gt = scene.image, scene.transform
    luma = np.round(0.299 * img[0] + 0.587 * img[1] + 0.114 * img[2])
    kw = {}
    if form == "north_down":
        rows = img.shape[1]
        arr, gt = img[:, ::-1, :].copy(), (gt[0], gt[1], 0.0, gt[3] + rows * gt[5], 0.0, -gt[5])
    elif form == "grey_alpha":
        alpha = np.full(luma.shape, 255, np.uint8)
        alpha[:, :40] = 0
        arr = np.stack([luma.astype(np.uint8), alpha])
        kw["colorinterp"] = [ColorInterp.gray, ColorInterp.alpha]
    elif form == "int16_nodata":
        arr = img.astype(np.int16) * 8
        arr[:, :, :40] = -9999
        kw["nodata"] = -9999
    elif form == "nbits12":
        arr, kw["nbits"] = np.round(img.astype(float) / 255 * 4095).astype(np.uint16), 12
    else:
        arr, kw["nbits"] = img // 2, 7
    _same_masts_as_plain(scene, tmp_path, _write(tmp_path / f"{form}.tif", scene, arr, transform=gt, **kw))


def test_nodata_regions_and_shadow_patches():
    img = np.full((3, 80, 80), 90, np.uint8)
    img[:, :, :12] = 0  # border
    img[:, 40, 12:70] = 0  # a one-pixel seam from the border
    img[:, 60:62, 60:63] = 0  # deep shadow patch
    for nodata in (None, 0):
        mask = valid_mask(img, nodata)
        assert not mask[:, :12].any() and not mask[40, 12:70].any()
        assert mask[60:62, 60:63].all() and mask[20, 20]
    floating = np.full((1, 80, 80), 500.0, np.float32)
    floating[0, 10:12, 10:40] = -9999.0  # nodata is nodata, whatever its shape
    floating[0, 50, 50] = -9999.0
    assert not valid_mask(floating, -9999.0)[10:12, 10:40].any()


@pytest.mark.parametrize("dtype,fill", [("int16", -9999), ("int16", -32768), ("float32", -9999.0)])
def test_undeclared_negative_fill_border_is_missing_imagery(scene, tmp_path, dtype, fill):
    """Int16 or Float32 imagery whose border holds a fill value below 0 that the file does not declare
    as nodata: read as imagery, the fill was a black point that lifted every level, and no mast was
    found; it is missing imagery, and the masts are those of the plain GeoTIFF."""
    img = scene.image.astype(dtype) * (8 if dtype == "int16" else 1 / 255)
    img[:, :60, :] = fill
    img[:, :, -60:] = fill
    path = _write(tmp_path / f"{dtype}{fill}.tif", scene, img)
    with rasterio.open(path) as src:
        assert src.nodata is None
    _same_masts_as_plain(scene, tmp_path, path, confidence=0.05)


def test_negative_values_inside_imagery_stay_imagery():
    refl = np.full((1, 80, 80), 0.2, np.float32)
    refl[0, :, :10] = -9999.0  # undeclared fill along the edge
    refl[0, 40:42, 40:43] = -0.01  # reflectance below 0 in a deep shadow
    refl[0, 60, 60] = -0.02
    mask = valid_mask(refl)
    assert not mask[:, :10].any() and mask[40:42, 40:43].all() and mask[60, 60] and mask[:, 10:].all()


@pytest.mark.parametrize("nodata", [None, 0])
def test_jpeg_footprint_collar_keeps_the_confidence_of_the_plain_geotiff(scene, tmp_path, nodata):
    """A footprint turned 20° in a black collar, JPEG-compressed (YCbCr), with nodata 0 or none: JPEG
    rings into the collar (levels 1-40), those near-black pixels were read as imagery and set the
    window's black point, every mast's confidence falling by up to 0.4; the ringing is part of the
    collar, and the masts and confidences are those of the plain GeoTIFF."""
    rows, cols = scene.image.shape[1:]
    yy, xx = np.mgrid[0:rows, 0:cols]
    a = math.radians(20)
    u = (xx - cols / 2) * math.cos(a) + (yy - rows / 2) * math.sin(a)
    v = -(xx - cols / 2) * math.sin(a) + (yy - rows / 2) * math.cos(a)
    img = scene.image.copy()
    img[:, ~((np.abs(u) < cols * 0.48) & (np.abs(v) < rows * 0.48))] = 0
    extra = {} if nodata is None else {"nodata": nodata}
    path = _write(tmp_path / "footprint_jpeg.tif", scene, img, compress="jpeg", photometric="ycbcr", tiled=True,
                  **extra)
    _same_masts_as_plain(scene, tmp_path, path, confidence=0.08)


def test_dark_fringe_of_a_black_region_is_missing_but_shadows_inside_stay():
    img = np.full((1, 120, 120), 160, np.uint8)
    img[0, :, :20] = 0  # collar
    img[0, :, 20:26] = [30, 12, 5, 3, 20, 9]  # JPEG ringing into it
    img[0, 60:63, 70:90] = 20  # a deep shadow inside imagery
    img[0, 100:103, 26:56] = 25  # a shadow from the collar: cut where it is within the ringing's reach (16 px)
    mask = valid_mask(img)
    assert not mask[:, :26].any() and not mask[100:103, 26:36].any() and mask[100:103, 37:56].all()
    assert mask[60:63, 70:90].all() and mask[:, 26:].sum() == mask[:, 26:].size - 3 * 10


def test_nodata_border_of_a_compressed_footprint_gives_no_candidates(scene, tmp_path):
    """A rotated footprint (outside 0, nodata 0) compressed as JPEG: the border's ringing is no shadow."""
    rows, cols = scene.image.shape[1:]
    yy, xx = np.mgrid[0:rows, 0:cols]
    a = math.radians(20)
    u = (xx - cols / 2) * math.cos(a) + (yy - rows / 2) * math.sin(a)
    v = -(xx - cols / 2) * math.sin(a) + (yy - rows / 2) * math.cos(a)
    inside = (np.abs(u) < cols * 0.42) & (np.abs(v) < rows * 0.42)
    img = scene.image.copy()
    img[:, ~inside] = 0
    path = _write(tmp_path / "fp.tif", scene, img, nodata=0, compress="jpeg", photometric="ycbcr", tiled=True)
    from scipy import ndimage as ndi

    depth = ndi.distance_transform_edt(inside) * scene.resolution
    gt = scene.transform
    for sun in (scene.sun_azimuth, None):
        for c in detect_raster(str(path), DetectorParams(sun_azimuth=sun)):
            if np.hypot(*(scene.truth - (c.x, c.y)).T).min() <= 30.0:
                continue  # a drawn mast (found with its base placed up to 30 m off): not the border's
            assert depth[int((c.y - gt[3]) / gt[5]), int((c.x - gt[0]) / gt[1])] > 20.0


# -- geotransforms and extents ---------------------------------------------------------------
def test_rotated_raster_is_measured_on_the_ground(scene, tmp_path):
    """A north-up grid rotated 30° on the ground: the masts are found where they stand."""
    a, r, gt = math.radians(30), scene.resolution, scene.transform
    rot = (gt[0], r * math.cos(a), r * math.sin(a), gt[3], r * math.sin(a), -r * math.cos(a))
    cols, rows = _pixels(scene)
    truth = np.column_stack([rot[0] + cols * rot[1] + rows * rot[2], rot[3] + cols * rot[4] + rows * rot[5]])
    path = _write(tmp_path / "rot.tif", scene, transform=rot)
    # the image turned 30° anticlockwise: its shadows point 30° less clockwise from north
    assert _found(path, scene, sun=(scene.sun_azimuth - 30.0) % 360.0, truth=truth) == (4, 0, 0)


@pytest.mark.parametrize("gt", [(0.0, 0.3, 0.15, 0.0, 0.0, -0.3), (0.0, 0.3, 0.0, 0.0, 0.0, -0.45)])
def test_sheared_or_oblong_pixels_are_refused(scene, tmp_path, gt):
    path = _write(tmp_path / "skew.tif", scene, transform=(500000.0, *gt[1:3], 3000000.0, *gt[4:]))
    with pytest.raises(DetectionInputError, match="not square"):
        plan_detection(str(path))


def test_huge_raster_searched_in_a_small_extent(scene, tmp_path):
    """A mosaic declared 300 km wide holding one scene: only the windows of the extent are read."""
    base = str(scene.write(tmp_path / "scene.tif"))
    gt = scene.transform
    huge = str(tmp_path / "huge.vrt")
    gdal.BuildVRT(huge, [base], outputBounds=(gt[0] - 150000, gt[3] - 150000, gt[0] + 150000, gt[3] + 150000))
    with rasterio.open(huge) as src:
        assert src.width * src.height > 10 ** 11
    rows, cols = scene.image.shape[1:]
    bounds = (gt[0], gt[3] - rows * scene.resolution, gt[0] + cols * scene.resolution, gt[3])
    plan = plan_detection(huge, bounds_xy=bounds)
    assert len(plan.windows) <= 4
    assert _found(huge, scene, bounds_xy=bounds) == (4, 0, 0)
    with pytest.raises(DetectionInputError, match="does not overlap"):
        plan_detection(huge, bounds_xy=(gt[0] + 10 ** 6, gt[3], gt[0] + 10 ** 6 + 50, gt[3] + 50))


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # the no-CRS case on purpose
def test_no_crs_and_degrees_are_refused_clearly(scene, tmp_path):
    from support.detect_data import write_plain

    with pytest.raises(DetectionInputError, match="no coordinate reference system"):
        plan_detection(str(write_plain(tmp_path / "nocrs.tif", scene.image)))
    geo = str(tmp_path / "geo.tif")
    gdal.Warp(geo, str(scene.write(tmp_path / "utm.tif")), dstSRS="EPSG:4326")
    with pytest.raises(DetectionInputError, match="geographic CRS"):
        plan_detection(geo)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # no geotransform on purpose
def test_ground_control_points_only_or_no_geotransform_are_refused_clearly(scene, tmp_path):
    """Without a geotransform GDAL gives the pixels' columns and rows as coordinates: a raster placed
    by ground control points only, or with a CRS chosen for it but no place, was searched there."""
    from osgeo import osr
    from support.detect_data import write_plain

    path = str(write_plain(tmp_path / "gcps.tif", scene.image[:, :200, :200]))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(scene.epsg)
    ds = gdal.Open(path, gdal.GA_Update)
    gt = scene.transform
    ds.SetGCPs([gdal.GCP(gt[0] + c * gt[1], gt[3] + r * gt[5], 0.0, c, r) for c, r in
                ((0, 0), (200, 0), (0, 200), (200, 200))], srs.ExportToWkt())
    ds = None
    with pytest.raises(DetectionInputError, match=r"placed by 4 ground control points only.*warp it first"):
        plan_detection(path)
    plain = str(write_plain(tmp_path / "plain.tif", scene.image[:, :200, :200]))
    with pytest.raises(DetectionInputError, match="no geotransform"):
        plan_detection(plain, crs_wkt=srs.ExportToWkt())


# -- acquisition dates -----------------------------------------------------------------------
IMD = """version = "28.4";
generationTime = 2020-01-02T08:00:00.000000Z;
productOrderId = "058123456010_01_P001";
bandId = "P";
numRows = 40;
numColumns = 40;
BEGIN_GROUP = IMAGE_1
\tsatId = "WV02";
\tCatId = "103001008F6E5A00";
\tfirstLineTime = 2019-05-14T02:11:23.123456Z;
\tmeanSunAz = 152.3;
END_GROUP = IMAGE_1
END;
"""

DIMAP = """<?xml version="1.0" encoding="UTF-8"?>
<Dimap_Document>
 <Metadata_Identification><METADATA_FORMAT version="2.0">DIMAP</METADATA_FORMAT>
  <METADATA_PROFILE>PHR_SENSOR</METADATA_PROFILE></Metadata_Identification>
 <Product_Information><Delivery_Identification><PRODUCTION_DATE>2020-01-02T08:00:00Z</PRODUCTION_DATE>
  </Delivery_Identification></Product_Information>
 <Dataset_Sources><Source_Identification><Strip_Source><MISSION>PLEIADES</MISSION><MISSION_INDEX>1A</MISSION_INDEX>
  <IMAGING_DATE>2019-05-14</IMAGING_DATE><IMAGING_TIME>02:11:23.1Z</IMAGING_TIME></Strip_Source>
 </Source_Identification></Dataset_Sources>
</Dimap_Document>
"""


def _small(tmp_path, name):
    from support.detect_data import write_plain

    return str(write_plain(tmp_path / name, np.full((1, 40, 40), 90, np.uint8),
                           (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652))


def test_maxar_imd_sidecar_gives_the_first_line_date_not_the_generation_date(tmp_path):
    stem = "19MAY14021123-P2AS-058123456010_01_P001"
    path = _small(tmp_path, f"{stem}.TIF")
    (tmp_path / f"{stem}.IMD").write_text(IMD)
    assert acquisition_date(gdal_tags(path), path) == "2019-05-14"
    assert acquisition_date({"generationTime": "2020-01-02T08:00:00Z",
                             "IMAGE_1.firstLineTime": "2019-05-14T02:11:23.123456Z"}) == "2019-05-14"


def test_dimap_sidecar_gives_the_imaging_date(tmp_path):
    stem = "PHR1A_P_201905140211232_SEN_1234567101-001"
    path = _small(tmp_path, f"IMG_{stem}_R1C1.TIF")
    (tmp_path / f"DIM_{stem}.XML").write_text(DIMAP)
    assert acquisition_date(gdal_tags(path), path) == "2019-05-14"
    assert acquisition_date({"Product_Information.Delivery_Identification.PRODUCTION_DATE": "2020-01-02",
                             "Strip_Source.IMAGING_DATE": "2019-05-14"}) == "2019-05-14"


@pytest.mark.parametrize("sidecar", ["scene_3B_AnalyticMS_metadata.json", "scene_metadata.json"])
def test_planet_metadata_json_gives_the_acquired_date(tmp_path, sidecar):
    path = _small(tmp_path, "scene_3B_AnalyticMS.tif")
    assert acquisition_date(gdal_tags(path), path) is None
    (tmp_path / sidecar).write_text(json.dumps({
        "id": "scene", "type": "Feature",
        "properties": {"acquired": "2019-05-14T02:11:23.123456Z", "published": "2019-06-01T00:00:00Z",
                       "updated": "2019-07-01T00:00:00Z", "sun_azimuth": 152.3}}))
    tags = gdal_tags(path)
    assert acquisition_date(tags, path) == "2019-05-14"
    assert acquisition_date({"published": "2019-06-01T00:00:00Z", "updated": "2019-07-01T00:00:00Z"}) is None


PLANET_XML = """<?xml version="1.0" encoding="UTF-8"?>
<ps:EarthObservation xmlns:ps="http://schemas.planet.com/ps/v1/planet_product_metadata_geocorrected_level"
  xmlns:eop="http://earth.esa.int/eop" xmlns:gml="http://www.opengis.net/gml" xmlns:opt="http://earth.esa.int/opt">
 <gml:metaDataProperty><ps:EarthObservationMetaData>
  <eop:identifier>scene_3B_AnalyticMS</eop:identifier>
  <eop:archivedIn><eop:ArchivingInformation><eop:archivingCenter>po</eop:archivingCenter>
   <eop:archivingDate>2020-01-02T08:00:00+00:00</eop:archivingDate></eop:ArchivingInformation></eop:archivedIn>
 </ps:EarthObservationMetaData></gml:metaDataProperty>
 <gml:using><eop:EarthObservationEquipment><eop:acquisitionParameters><ps:Acquisition>
  <opt:illuminationAzimuthAngle uom="deg">1.293e+02</opt:illuminationAzimuthAngle>
  <opt:illuminationElevationAngle uom="deg">6.31e+01</opt:illuminationElevationAngle>
  <ps:azimuthAngle uom="deg">2.8e+02</ps:azimuthAngle>
  ACQUIRED
 </ps:Acquisition></eop:acquisitionParameters></eop:EarthObservationEquipment></gml:using>
</ps:EarthObservation>
"""


@pytest.mark.parametrize("sidecar", ["scene_3B_AnalyticMS_metadata.xml", "scene_metadata_clip.xml"])
def test_planetscope_xml_gives_the_acquisition_date_and_sun(tmp_path, sidecar):
    """A PlanetScope delivery's XML metadata (no JSON beside it) gave no date and no sun: its
    acquisitionDateTime and illumination angles (written as 1.293e+02) are read; its archiving date
    is never the acquisition date."""
    from basestation_mapper.plugin.core.detect.sun import sun_of_raster

    path = _small(tmp_path, "scene_3B_AnalyticMS.tif" if "clip" not in sidecar else "scene_3B_AnalyticMS_clip.tif")
    acquired = "<ps:acquisitionDateTime>2019-05-14T02:11:23+00:00</ps:acquisitionDateTime>"
    (tmp_path / sidecar).write_text(PLANET_XML.replace("ACQUIRED", acquired))
    assert acquisition_date(gdal_tags(path), path) == "2019-05-14"
    sun = sun_of_raster(path)
    assert sun is not None and sun.azimuth == pytest.approx(129.3) and sun.elevation == pytest.approx(63.1)
    (tmp_path / sidecar).write_text(PLANET_XML.replace("ACQUIRED", ""))
    assert acquisition_date(gdal_tags(path), path) is None
    (tmp_path / sidecar).write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "2019-05-14">]><x><acquired>&a;'
                                    '</acquired></x>')
    assert acquisition_date(gdal_tags(path), path) is None
    # another metadata document under that name (ISO 19115): its dateStamp is when it was written
    (tmp_path / sidecar).write_text('<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco='
                                    '"http://www.isotc211.org/2005/gco"><gmd:dateStamp><gco:DateTime>'
                                    '2020-01-02T08:00:00</gco:DateTime></gmd:dateStamp></gmd:MD_Metadata>')
    assert acquisition_date(gdal_tags(path), path) is None


def test_tiff_datetime_and_file_names():
    assert acquisition_date({"TIFFTAG_DATETIME": "2019:05:14 10:22:01"}) == "2019-05-14"
    assert acquisition_date({}, "/data/20190514_021123_1014_3B_AnalyticMS.tif") == "2019-05-14"
    assert acquisition_date({}, "/data/2019-05-14_ortho.tif") == "2019-05-14"
    assert acquisition_date({}, "C:\\imagery\\S2A_MSIL2A_20190514T021123_N0212.tif") == "2019-05-14"


@pytest.mark.parametrize("name", ["ortho_20191399.tif", "tile_20190230.tif", "order_10345678.tif",
                                  "058123456010_01_P001.tif", "scan_14052019.tif", "scene_2019051412.tif"])
def test_impossible_or_ambiguous_dates_are_not_invented(name):
    assert acquisition_date({}, f"/data/{name}") is None


def test_future_dates_are_not_acquisition_dates():
    tomorrow_plus = (date.today() + timedelta(days=40)).strftime("%Y%m%d")
    assert acquisition_date({}, f"/data/plan_{tomorrow_plus}.tif") is None
    assert parse_date("2090-01-01") is None
    assert parse_date(date.today().isoformat()) == date.today().isoformat()


def test_the_file_name_date_comes_before_the_file_time():
    """A TIFF's DateTime is when the file was written (a drone orthomosaic's processing, an
    export): a date in the name, or the sensor's own metadata, says when the image was taken."""
    processed = {"TIFFTAG_DATETIME": "2021:03:02 17:45:10"}
    assert acquisition_date(processed, "/data/ortho_20190514.tif") == "2019-05-14"
    assert acquisition_date({**processed, "ACQUISITIONDATETIME": "2018-07-01T02:00:00Z"},
                            "/data/ortho_20190514.tif") == "2018-07-01"
    assert acquisition_date(processed, "/data/ortho.tif") == "2021-03-02"


def test_nitf_image_date_not_its_file_date():
    tags = {"NITF_FDT": "20210302174510", "NITF_IDATIM": "20190514021123"}
    assert acquisition_date(tags, "/data/19MAY14021123-P1BS-058123456010_01_P001.NTF") == "2019-05-14"
    assert acquisition_date({"NITF_FDT": "20210302174510"}, "/data/image.ntf") is None


@pytest.mark.parametrize("name", ["18APR01082815-M1BS-058219366010_01_P001_R1C1.TIF",
                                  "058219366010_01_P001_MUL/18APR01082815-M1BS-058219366010_01_P001_R2C1.TIF"])
def test_maxar_tile_names_give_their_date(name):
    """The tiles of a large Maxar product share one .IMD that GDAL does not find beside each
    tile; the catalogue id's YYMONDDhhmmss names the acquisition."""
    assert acquisition_date({}, f"/data/{name}") == "2018-04-01"


@pytest.mark.parametrize("text,iso", [("2019:4:12 10:00:00", "2019-04-12"), ("2019.05.14", "2019-05-14"),
                                      ("1 June 2017", "2017-06-01"), ("June 1, 2017", "2017-06-01"),
                                      ("acquired 3rd Sept 2016", "2016-09-03"), ("14-May-2019", "2019-05-14")])
def test_dates_people_write(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["04/05/2019", "version 3.1.4", "1 Junk 2017", "May 2019"])
def test_dates_that_cannot_be_read_are_not_guessed(text):
    assert parse_date(text) is None
