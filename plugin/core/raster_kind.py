"""Whether a one-band raster is an image or data (a DEM), from what it says of itself and from its pixels.

Used to list signed 16-bit panchromatic images as imagery while DEMs of the same data type stay data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

import numpy as np

#: Words (whole tokens of the band's description or name, or of the file's name) of a panchromatic image:
#: WorldView/GeoEye products name their pan scenes P1BS / P2AS.
PAN_WORDS = frozenset({"pan", "panchromatic", "p1bs", "p2as"})
#: Words of elevation data.
ELEVATION_WORDS = frozenset({"dem", "dsm", "dtm", "elevation", "elev", "altitude", "hgt", "srtm", "gdem", "nasadem",
                             "copdem"})

#: A texture of an image: the median difference between neighbouring pixels of at least this many units
#: (a DEM in metres whose pixels are 20 m or finer differs by 0-3 m from one pixel to the next, the noise of
#: an image's sensor alone by several units) ...
IMAGE_STEP = 2.0
#: ... and second differences at least this fraction of the first: edges and noise change at every pixel
#: (about 1 in images, 1.7 in pure noise), a surface's slope changes slowly (0.2-0.5 for terrain at 5-20 m).
IMAGE_ROUGHNESS = 0.6


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[^0-9a-z]+", str(text).lower()) if t}


def said_kind(band_texts: Iterable[str], path: str | None = None) -> str | None:
    """'pan' or 'elevation' when the band's own texts (its description, name metadata) or else the file's name
    say so in a whole word ('Panchromatic', 'PAN', 'srtm_n38e125.tif', 'site_dsm.tif'); None when neither.
    A pan word wins over an elevation word where both are said."""
    sources = [set().union(*(_tokens(t) for t in band_texts if t))]
    if path:
        sources.append(_tokens(os.path.splitext(os.path.basename(path))[0]))
    for words in sources:
        if words & PAN_WORDS:
            return "pan"
        if words & ELEVATION_WORDS:
            return "elevation"
    return None


def looks_like_image(patches: Iterable[np.ndarray], nodata: float | None = None) -> bool:
    """Whether small patches of a band (2-D arrays read at full resolution) have an image's texture rather than a
    surface's (:data:`IMAGE_STEP`, :data:`IMAGE_ROUGHNESS`). Nodata and a fill value below 0 (the lowest value,
    where some pixels hold it) are left out, with every difference they take part in. Constant or nearly
    constant patches are no image."""
    patches = [np.asarray(p, dtype=np.float64) for p in patches if np.asarray(p).size]
    if not patches:
        return False
    values = np.concatenate([p.ravel() for p in patches])
    valid_values = np.isfinite(values)
    if nodata is not None:
        valid_values &= values != nodata
    if not valid_values.any():
        return False
    lowest = float(values[valid_values].min())
    fill = lowest if lowest < 0 and np.mean(values[valid_values] == lowest) >= 0.01 else None
    first, second = [], []
    for p in patches:
        valid = np.isfinite(p)
        if nodata is not None:
            valid &= p != nodata
        if fill is not None:
            valid &= p != fill
        for arr, ok in ((p, valid), (p.T, valid.T)):
            if arr.shape[1] < 3:
                continue
            d1 = np.abs(np.diff(arr, axis=1))[ok[:, 1:] & ok[:, :-1]]
            d2 = np.abs(arr[:, :-2] - 2 * arr[:, 1:-1] + arr[:, 2:])[ok[:, :-2] & ok[:, 1:-1] & ok[:, 2:]]
            first.append(d1)
            second.append(d2)
    first = np.concatenate(first) if first else np.empty(0)
    second = np.concatenate(second) if second else np.empty(0)
    if first.size < 64 or second.size < 64:
        return False
    mean_first = float(first.mean())
    return bool(np.median(first) >= IMAGE_STEP and mean_first > 0
                and float(second.mean()) >= IMAGE_ROUGHNESS * mean_first)
