"""Telling a one-band image from elevation data by what it says of itself and by its pixels' texture."""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from basestation_mapper.plugin.core.raster_kind import looks_like_image, said_kind


def test_words_are_whole_tokens_the_band_before_the_file():
    assert said_kind(["PAN"]) == "pan"
    assert said_kind(["Panchromatic"], "/d/scene.tif") == "pan"
    assert said_kind([""], "/d/18APR12-P1BS-0123.tif") == "pan"
    assert said_kind([""], "/d/srtm_n38e125.tif") == "elevation"
    assert said_kind(["Band 1"], "/d/site_dsm_0p5.tif") == "elevation"
    assert said_kind([""], "/d/demo_panama.tif") is None  # 'demo', 'panama': no word of either
    assert said_kind(["pan"], "/d/dem_mosaic.tif") == "pan"  # the band's own word first
    assert said_kind(["height above ground"], "/d/x.tif") is None


def _patches(a, size=32):
    n = a.shape[0]
    return [a[(n - size) * (2 * j + 1) // 8:][:size, (n - size) * (2 * i + 1) // 8:][:, :size]
            for i in range(4) for j in range(4)]


def test_an_image_has_texture_terrain_is_smooth_a_negative_fill_left_out():
    rng = np.random.default_rng(2)
    image = 600 + 250 * ndi.gaussian_filter(rng.standard_normal((160, 160)), 4) / 0.07 + rng.normal(0, 12, (160, 160))
    image = np.round(image).astype(np.int16)
    assert looks_like_image(_patches(image))
    z = ndi.gaussian_filter(rng.standard_normal((160, 160)), 25)
    for relief in (40.0, 400.0, 1500.0):
        assert not looks_like_image(_patches(np.round((z - z.min()) / np.ptp(z) * relief).astype(np.int16)))
    assert not looks_like_image(_patches(np.full((160, 160), 300, np.int16)))
    filled = image.copy()
    filled[:, :90] = -9999  # a fill value undeclared as nodata over half the image
    assert looks_like_image(_patches(filled))
    filled[:, :90] = 0
    assert looks_like_image(_patches(filled), nodata=0)
