"""Radio models: technology presets and the coverage radius from a link budget.

* Okumura–Hata (150–1500 MHz) and its COST-231 extension (1500–2000 MHz), as given in the
  COST 231 final report (eqs. 4.4.1 and 4.4.3), urban / suburban / open environments.
* :func:`max_distance_m` inverts the model: the largest distance at which the received level
  (EIRP + receiver gain − losses − path loss) still reaches the receiver threshold.
* Every function reports when its parameters leave the model's validity range (frequency,
  base antenna 30–200 m, mobile antenna 1–10 m, distance 1–20 km) instead of silently
  extrapolating.

Units: MHz, metres above ground, dBm / dBi / dB, kilometres for model distances and metres
for the returned radius.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .messages import joined, literal, message_of, num, tr

#: GSMA / Collins Bartholomew coverage-map convention (metres); ``radius_m`` of a station wins.
DEFAULT_RADII_M: dict[str, float] = {"2G": 12000.0, "3G": 4000.0, "4G": 4000.0, "5G": 500.0, "unknown": 4000.0}

#: Model identifiers used by the dock, the settings and the Processing parameter MODEL.
MODEL_PRESET = "preset"
MODEL_HATA = "hata"
MODEL_COST231 = "cost231"
MODELS = (MODEL_PRESET, MODEL_HATA, MODEL_COST231)

ENVIRONMENTS = ("urban", "suburban", "open")
CITY_SIZES = ("medium", "large")

HATA_FREQ_MHZ = (150.0, 1500.0)
COST231_FREQ_MHZ = (1500.0, 2000.0)
BASE_HEIGHT_M = (30.0, 200.0)
MOBILE_HEIGHT_M = (1.0, 10.0)
DISTANCE_KM = (1.0, 20.0)

#: The frequency (MHz) of a COST-231 Hata budget given none (it holds for 1500-2000 MHz); Okumura-Hata's is
#: :class:`LinkBudget`'s 900 MHz.
COST231_FREQUENCY_MHZ = 1800.0
#: The values a link budget's parameters may take (the Processing parameters' and the command line's ranges).
BUDGET_LIMITS = {"frequency_mhz": (1.0, 100000.0), "base_height_m": (0.1, 1000.0), "mobile_height_m": (0.1, 100.0),
                 "eirp_dbm": (-50.0, 120.0), "rx_threshold_dbm": (-200.0, 0.0), "rx_gain_dbi": (-50.0, 50.0),
                 "losses_db": (0.0, 100.0)}
#: The sector beamwidths (degrees) a run may give its stations without their own (BEAMWIDTH, --beamwidth).
BEAMWIDTH_DEG = (1.0, 360.0)
#: The highest antenna above ground (m) a station field may give; above it, an altitude or another unit.
MAX_ANTENNA_HEIGHT_M = 500.0

#: Typical carrier frequency per technology (MHz) when a link budget needs one.
TYPICAL_FREQUENCY_MHZ = {"2G": 900.0, "3G": 2100.0, "4G": 1800.0, "5G": 3500.0, "unknown": 900.0}


class RadioModelError(ValueError):
    """Parameters the model cannot evaluate at all (non-positive heights, frequency, ...)."""


def mobile_height_correction(f_mhz, h_m, city_size: str = "medium"):
    """a(h_m) of the Hata model (dB): small/medium city, or large city (f >= 400 MHz / <= 200 MHz)."""
    f_mhz = np.asarray(f_mhz, dtype=float)
    h_m = np.asarray(h_m, dtype=float)
    if city_size == "large":
        low = 8.29 * np.log10(1.54 * h_m) ** 2 - 1.1
        high = 3.2 * np.log10(11.75 * h_m) ** 2 - 4.97
        # between 200 and 400 MHz the model gives no formula: interpolate linearly in f
        t = np.clip((f_mhz - 200.0) / 200.0, 0.0, 1.0)
        return low * (1.0 - t) + high * t
    log_f = np.log10(f_mhz)
    return (1.1 * log_f - 0.7) * h_m - (1.56 * log_f - 0.8)


def _environment_correction(f_mhz, environment: str):
    log_f = np.log10(f_mhz)
    if environment == "urban":
        return 0.0 * log_f
    if environment == "suburban":
        return -2.0 * np.log10(f_mhz / 28.0) ** 2 - 5.4
    if environment == "open":
        return -4.78 * log_f ** 2 + 18.33 * log_f - 40.94
    raise RadioModelError(tr("unknown environment {value} (expected one of {expected})", value=repr(environment),
                             expected=", ".join(ENVIRONMENTS)))


def _terms(model: str, f_mhz, h_b, h_m, environment: str, city_size: str):
    """(loss at 1 km, slope per decade of distance) in dB."""
    f_mhz = np.asarray(f_mhz, dtype=float)
    h_b = np.asarray(h_b, dtype=float)
    h_m = np.asarray(h_m, dtype=float)
    if np.any(f_mhz <= 0) or np.any(h_b <= 0) or np.any(h_m <= 0):
        raise RadioModelError(tr("frequency and antenna heights must be positive"))
    if city_size not in CITY_SIZES:
        raise RadioModelError(tr("unknown city size {value} (expected one of {expected})", value=repr(city_size),
                                 expected=", ".join(CITY_SIZES)))
    log_f = np.log10(f_mhz)
    a_hm = mobile_height_correction(f_mhz, h_m, city_size)
    if model == MODEL_HATA:
        base = 69.55 + 26.16 * log_f
    elif model == MODEL_COST231:
        # C_m = 3 dB for metropolitan centres ("large"), 0 for medium cities and suburbs
        base = 46.3 + 33.9 * log_f + (3.0 if city_size == "large" else 0.0)
    else:
        raise RadioModelError(tr("unknown path-loss model {value} (expected {hata} or {cost231})", value=repr(model),
                                 hata=MODEL_HATA, cost231=MODEL_COST231))
    at_1km = base - 13.82 * np.log10(h_b) - a_hm + _environment_correction(f_mhz, environment)
    slope = 44.9 - 6.55 * np.log10(h_b)
    return at_1km, slope


def path_loss_db(model: str, f_mhz, h_b, h_m, d_km, environment: str = "urban", city_size: str = "medium"):
    """Median path loss (dB) of Okumura–Hata (``"hata"``) or COST-231 Hata (``"cost231"``).

    Vectorised over every numeric argument. For COST-231 the suburban / open corrections of
    the Hata model are applied, as is common practice (COST 231 defines only urban).
    """
    d_km = np.asarray(d_km, dtype=float)
    if np.any(d_km <= 0):
        raise RadioModelError(tr("distance must be positive"))
    at_1km, slope = _terms(model, f_mhz, h_b, h_m, environment, city_size)
    out = at_1km + slope * np.log10(d_km)
    return float(out) if np.ndim(out) == 0 else out


@dataclass
class LinkBudget:
    """Everything that turns a path-loss model into a maximum distance.

    ``max_path_loss = eirp_dbm + rx_gain_dbi - rx_threshold_dbm - losses_db``
    (``losses_db`` holds body / building penetration / fade margins).
    """

    model: str = MODEL_HATA
    frequency_mhz: float = 900.0
    base_height_m: float = 30.0
    mobile_height_m: float = 1.5
    eirp_dbm: float = 58.0  # 43 dBm (20 W) transmitter + 15 dBi sector antenna
    rx_threshold_dbm: float = -100.0
    rx_gain_dbi: float = 0.0
    losses_db: float = 0.0
    environment: str = "urban"
    city_size: str = "medium"

    def max_path_loss_db(self) -> float:
        return self.eirp_dbm + self.rx_gain_dbi - self.rx_threshold_dbm - self.losses_db


@dataclass
class RadiusResult:
    radius_m: float
    path_loss_db: float
    warnings: list[str] = field(default_factory=list)


def validity_warnings(model: str, f_mhz: float, h_b: float, h_m: float, d_km: float | None = None) -> list[str]:
    """Human-readable warnings for parameters outside the model's published validity range."""
    out = []
    lo, hi = HATA_FREQ_MHZ if model == MODEL_HATA else COST231_FREQ_MHZ
    name = "Okumura-Hata" if model == MODEL_HATA else "COST-231 Hata"
    if not lo <= f_mhz <= hi:
        out.append(tr("{model}: frequency {value} MHz is outside its validity range {lo}-{hi} MHz", model=name,
                      value=num(f_mhz, "g"), lo=num(lo, "g"), hi=num(hi, "g")))
    if not BASE_HEIGHT_M[0] <= h_b <= BASE_HEIGHT_M[1]:
        out.append(tr("{model}: base antenna height {value} m is outside {lo}-{hi} m", model=name, value=num(h_b, "g"),
                      lo=num(BASE_HEIGHT_M[0], "g"), hi=num(BASE_HEIGHT_M[1], "g")))
    if not MOBILE_HEIGHT_M[0] <= h_m <= MOBILE_HEIGHT_M[1]:
        out.append(tr("{model}: mobile antenna height {value} m is outside {lo}-{hi} m", model=name,
                      value=num(h_m, "g"), lo=num(MOBILE_HEIGHT_M[0], "g"), hi=num(MOBILE_HEIGHT_M[1], "g")))
    if d_km is not None and not DISTANCE_KM[0] <= d_km <= DISTANCE_KM[1]:
        out.append(tr("{model}: distance {value} km is outside {lo}-{hi} km (the radius is extrapolated)",
                      model=name, value=num(d_km, ".3g"), lo=num(DISTANCE_KM[0], "g"), hi=num(DISTANCE_KM[1], "g")))
    return out


def max_distance_m(budget: LinkBudget, base_height_m: float | None = None) -> RadiusResult:
    """Largest distance (m) where the path loss stays within the link budget.

    ``base_height_m`` overrides the budget's antenna height (per-station heights).
    """
    h_b = budget.base_height_m if base_height_m is None else float(base_height_m)
    if not math.isfinite(h_b) or h_b <= 0:
        raise RadioModelError(tr("antenna height must be a positive number of metres, got {value}", value=repr(h_b)))
    if budget.environment not in ENVIRONMENTS:
        raise RadioModelError(tr("unknown environment {value}", value=repr(budget.environment)))
    at_1km, slope = _terms(budget.model, budget.frequency_mhz, h_b, budget.mobile_height_m,
                           budget.environment, budget.city_size)
    at_1km, slope = float(at_1km), float(slope)
    if slope <= 0:
        raise RadioModelError(tr("base antenna height {value} m makes the Hata distance term non-positive",
                                 value=num(h_b, "g")))
    lmax = budget.max_path_loss_db()
    d_km = 10.0 ** ((lmax - at_1km) / slope)
    warnings = validity_warnings(budget.model, budget.frequency_mhz, h_b, budget.mobile_height_m, d_km)
    return RadiusResult(radius_m=d_km * 1000.0, path_loss_db=lmax, warnings=warnings)


def received_level_dbm(budget: LinkBudget, d_m, base_height_m=None):
    """Received level (dBm) at ``d_m`` metres (distances below 1 m are clamped)."""
    h_b = budget.base_height_m if base_height_m is None else base_height_m
    d_km = np.maximum(np.asarray(d_m, dtype=float), 1.0) / 1000.0
    loss = path_loss_db(budget.model, budget.frequency_mhz, h_b, budget.mobile_height_m, d_km,
                        budget.environment, budget.city_size)
    return budget.eirp_dbm + budget.rx_gain_dbi - budget.losses_db - loss


def preset_radius_m(technology: str, radii: dict | None = None) -> float:
    """Radius of a technology preset (``unknown`` for anything not listed)."""
    radii = radii or DEFAULT_RADII_M
    if technology in radii:
        return float(radii[technology])
    return float(radii.get("unknown", DEFAULT_RADII_M["unknown"]))


# -- frequencies as station lists write them ----------------------------------------------------
#: Downlink frequency (MHz, middle of the band) of the E-UTRA (LTE) bands site lists name ('B3', 'band 20').
LTE_BAND_MHZ = {1: 2140.0, 2: 1960.0, 3: 1842.5, 4: 2132.5, 5: 881.5, 7: 2655.0, 8: 942.5, 12: 737.5, 13: 751.0,
                14: 763.0, 17: 740.0, 18: 867.5, 19: 882.5, 20: 806.0, 25: 1962.5, 26: 876.5, 28: 780.5,
                32: 1474.5, 38: 2595.0, 39: 1900.0, 40: 2350.0, 41: 2593.0, 42: 3500.0, 43: 3700.0, 66: 2155.0,
                71: 634.5}
#: Downlink frequency (MHz, middle of the band) of the NR (5G) bands ('n78').
NR_BAND_MHZ = {1: 2140.0, 2: 1960.0, 3: 1842.5, 5: 881.5, 7: 2655.0, 8: 942.5, 20: 806.0, 25: 1962.5, 28: 780.5,
               38: 2595.0, 40: 2350.0, 41: 2593.0, 66: 2155.0, 71: 634.5, 77: 3750.0, 78: 3550.0, 79: 4700.0,
               257: 28000.0, 258: 25875.0, 260: 38500.0, 261: 27925.0}
#: EARFCN ranges: (first downlink EARFCN, last, band's lowest downlink frequency in MHz) — 3GPP TS 36.101.
_EARFCN = ((0, 599, 2110.0), (600, 1199, 1930.0), (1200, 1949, 1805.0), (1950, 2399, 2110.0), (2400, 2649, 869.0),
           (2750, 3449, 2620.0), (3450, 3799, 925.0), (5010, 5179, 729.0), (5180, 5279, 746.0), (5280, 5379, 758.0),
           (5730, 5849, 734.0), (5850, 5999, 860.0), (6000, 6149, 875.0), (6150, 6449, 791.0), (8040, 8689, 1930.0),
           (8690, 9039, 859.0), (9210, 9659, 758.0), (9920, 10359, 1452.0), (37750, 38249, 2570.0),
           (38250, 38649, 1880.0), (38650, 39649, 2300.0), (39650, 41589, 2496.0), (41590, 43589, 3400.0),
           (43590, 45589, 3600.0), (66436, 67335, 2110.0), (68586, 68935, 617.0))
#: UARFCN downlink ranges: (first, last, offset in MHz): F = offset + N / 5 — 3GPP TS 25.101.
_UARFCN = ((10562, 10838, 0.0), (9662, 9938, 0.0), (1162, 1513, 1575.0), (1537, 1738, 1805.0), (4357, 4458, 0.0),
           (2937, 3088, 340.0))

_NUMBER_UNIT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(ghz|mhz|khz|hz)?\s*$", re.IGNORECASE)
_BAND = re.compile(r"^\s*(?:(?:lte|e-?utra|4g)[\s_-]*)?(?:band|b)[\s_-]*([0-9]{1,3})\s*$", re.IGNORECASE)
_NR_BAND = re.compile(r"^\s*(?:(?:nr|5g)[\s_-]*)?n[\s_-]*([0-9]{1,3})\s*$", re.IGNORECASE)
_TECH_MHZ = re.compile(r"^\s*[a-z][a-z0-9+/ _-]*?[\s_-]?([0-9]{3,4})\s*(?:mhz)?\s*$", re.IGNORECASE)

#: Separators of several frequencies or bands in one value ('900/1800', 'B3; B7', 'L800 + L1800').
_SEVERAL = re.compile(r"\s*[/;|+&]\s*|\s*,\s+|\s+and\s+|\s{2,}")

#: kinds of frequency fields: how their values are read
FREQUENCY_KINDS = ("mhz", "ghz", "band", "earfcn", "uarfcn", "nrarfcn", "arfcn")


def frequency_mhz_of(value, kind: str = "mhz") -> tuple[float, str | None]:
    """The frequency (MHz) of a station field's value, and how it was read when not as MHz.

    ``kind`` is the field's: ``mhz`` (a frequency: 1800, '1800 MHz', '1.8 GHz', 'LTE1800', 'B3', 'n78'; a
    bare number up to 100 is read as GHz, as lists giving 0.9 / 1.8 / 3.5 mean), ``ghz``, ``band`` (3GPP
    band numbers; a number above 100 is MHz, 'GSM900'), ``earfcn``, ``uarfcn``, ``nrarfcn`` or ``arfcn``
    (GSM; 512-885 read as DCS 1800). Raises ValueError saying what is expected.
    """
    if kind not in FREQUENCY_KINDS:
        raise ValueError(tr("unknown frequency field kind {value}", value=repr(kind)))
    text = str(value).strip()
    parts = [p for p in _SEVERAL.split(text) if p.strip()] if isinstance(value, str) else [text]
    if len(parts) > 1:  # a site of several bands ('900/1800', 'L800, L2600'): its widest reach, the lowest
        found = [frequency_mhz_of(p.strip(), kind) for p in parts]
        lowest = min(found)
        return lowest[0], f"the lowest of {len(parts)}" + (f", {lowest[1]}" if lowest[1] else "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(tr("is not a finite number"))
        unit = None
    else:
        m = _NUMBER_UNIT.match(text)
        number = float(m.group(1).replace(",", ".")) if m else None
        unit = m.group(2).lower() if m and m.group(2) else None
    if kind in ("earfcn", "uarfcn", "nrarfcn", "arfcn"):
        if number is None or unit is not None or number != int(number) or number < 0:
            raise ValueError(tr("is not an {kind} (a whole channel number)", kind=kind.upper()))
        return _channel_mhz(int(number), kind), kind.upper()
    if number is None:  # text: a band, or a technology with its band in MHz
        for pattern, table, name in ((_BAND, LTE_BAND_MHZ, "LTE band"), (_NR_BAND, NR_BAND_MHZ, "NR band")):
            m = pattern.match(text)
            if m:
                band = int(m.group(1))
                if band not in table:
                    raise ValueError(tr("{name} {band} is not one the plugin knows ({bands}); give the frequency "
                                        "in MHz", name=name, band=band, bands=", ".join(str(b) for b in sorted(table))))
                return table[band], f"{name} {band}"
        m = _TECH_MHZ.match(text)
        if m:
            return float(m.group(1)), None
        raise ValueError(tr("is neither a frequency (1800, '1800 MHz', '3.5 GHz') nor a band ('B3', 'n78')"))
    if unit is not None:
        scale = {"ghz": 1000.0, "mhz": 1.0, "khz": 1e-3, "hz": 1e-6}[unit]
        return number * scale, None if unit == "mhz" else unit.replace("hz", "Hz").upper().replace("HZ", "Hz")
    if number <= 0:
        raise ValueError(tr("must be a positive frequency"))
    if kind == "ghz":
        return number * 1000.0, "GHz"
    if kind == "band" and number <= 300 and number == int(number):
        band = int(number)
        if band in LTE_BAND_MHZ:
            return LTE_BAND_MHZ[band], f"LTE band {band}"
        if band in NR_BAND_MHZ:
            return NR_BAND_MHZ[band], f"NR band {band}"
        raise ValueError(tr("band {band} is not one the plugin knows; give the frequency in MHz", band=band))
    if number <= 100.0:
        return number * 1000.0, "GHz"
    if number > 1e7:
        return number / 1e6, "Hz"
    if number > 1e5:
        return number / 1e3, "kHz"
    return number, None


def _channel_mhz(n: int, kind: str) -> float:
    if kind == "earfcn":
        for first, last, low in _EARFCN:
            if first <= n <= last:
                return low + 0.1 * (n - first)
    elif kind == "uarfcn":
        for first, last, offset in _UARFCN:
            if first <= n <= last:
                return offset + n / 5.0
    elif kind == "nrarfcn":
        if n < 600000:
            return 0.005 * n
        if n < 2016667:
            return 3000.0 + 0.015 * (n - 600000)
        if n <= 3279165:
            return 24250.08 + 0.06 * (n - 2016667)
    else:  # GSM ARFCN, downlink
        if 0 <= n <= 124:
            return 935.0 + 0.2 * n
        if 975 <= n <= 1023:
            return 935.0 + 0.2 * (n - 1024)
        if 512 <= n <= 885:
            return 1805.2 + 0.2 * (n - 512)
        if 128 <= n <= 251:
            return 869.2 + 0.2 * (n - 128)
    raise ValueError(tr("{kind} {channel} is in no downlink band the plugin knows; give the frequency in MHz",
                        kind=kind.upper(), channel=n))


def hata_family_model(f_mhz: float) -> str:
    """The member of the Hata family whose validity range holds ``f_mhz`` (the nearest one outside both):
    Okumura-Hata up to 1500 MHz, COST-231 Hata above."""
    return MODEL_HATA if f_mhz <= HATA_FREQ_MHZ[1] else MODEL_COST231


def model_name(model: str) -> str:
    return "Okumura-Hata" if model == MODEL_HATA else "COST-231 Hata"


# -- a station's own radio fields ---------------------------------------------------------------------
#: Fields giving a station's frequency, first set one first, and how their values are read
#: (:func:`frequency_mhz_of`).
FREQUENCY_COLUMNS = {"frequency_mhz": "mhz", "frequency_ghz": "ghz", "band": "band", "earfcn": "earfcn",
                     "uarfcn": "uarfcn", "nrarfcn": "nrarfcn", "arfcn": "arfcn"}
#: Other names station lists give the beamwidth and frequency fields (matched in any case).
RADIO_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "beamwidth": ("beamwidth_deg", "beam_width", "horizontal_beamwidth", "h_beamwidth", "hbw", "h_bw", "bw", "빔폭"),
    "frequency_mhz": ("frequency", "freq", "freq_mhz", "주파수"),
    "frequency_ghz": ("freq_ghz",),
    "band": ("frequency_band", "freq_band", "밴드", "대역"),
    "earfcn": ("dl_earfcn", "earfcn_dl"),
    "uarfcn": ("dl_uarfcn", "uarfcn_dl"),
    "nrarfcn": ("nr_arfcn", "ssb_arfcn", "nrarfcn_dl"),
    "arfcn": ("bcch_arfcn", "bcch"),
}


#: What site lists and spreadsheets write in a cell for "no value" ('N/A', 'NULL' from a database
#: dump, '-'): in a radio field of a station, read as not given.
MISSING_MARKERS = frozenset({"null", "n/a", "na", "nan", "none", "-", "--", "?", "#n/a", "unknown", "없음"})


def missing_markers(values) -> list[int]:
    """The positions of ``values`` (a station field's) that are "no value" markers (:data:`MISSING_MARKERS`)."""
    return [k for k, v in enumerate(values) if isinstance(v, str) and v.strip().lower() in MISSING_MARKERS]


def _given(value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def _listed(label, ks) -> str:
    return ", ".join(label(k) for k in ks[:5]) + (" …" if len(ks) > 5 else "")


def _must_be(station: str, field: str, value: str, expected) -> str:
    return tr("{station}: {field} {value} must be {expected}", station=station, field=field, value=value,
              expected=expected)


def station_beamwidths(values, n: int, label, default: float, warnings: list, field: str = "beamwidth"
                       ) -> np.ndarray:
    """Each of the ``n`` stations' sector beamwidth (degrees) from its ``beamwidth`` values (None: no such field), else
    ``default``. 0 and 360 (or more, up to 360.5) are how site lists say omnidirectional: a full disc, said in
    ``warnings`` for 0; a negative or larger value, or text that is no number, raises ValueError naming the
    station (``label(k)``)."""
    expected = tr("a number of degrees from 0 (omnidirectional) to 360")
    out = np.full(n, np.nan)
    for k, v in enumerate(values if values is not None else ()):
        if not _given(v):
            continue
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ValueError(_must_be(label(k), field, repr(v), expected)) from None
        if not math.isfinite(x):
            raise ValueError(_must_be(label(k), field, repr(v), expected))
        if x < 0 or x > 360.5:
            raise ValueError(_must_be(label(k), field, num(x, "g"), expected))
        out[k] = x
    zero = np.nonzero(out == 0)[0]
    if len(zero):
        warnings.append(tr("{n} station with {field} 0, read as omnidirectional (a full disc): {items}",
                           "{n} stations with {field} 0, read as omnidirectional (a full disc): {items}", len(zero),
                           field=field, items=_listed(label, zero)))
    out[(out == 0) | (out >= 360)] = 360.0
    return np.where(np.isnan(out), float(default), out)


def shapefile_missing_azimuths(azimuths, beamwidths) -> list[int]:
    """The stations of a Shapefile whose azimuth, a number field, is most likely not given: many writers store a
    missing number as 0 in a Shapefile, which has no NULL. Those of one azimuth 0 (``azimuths``: each station's
    bearings) without a beamwidth (``beamwidths``: NaN where not given), or with 0 or 360 (omnidirectional), are
    read as omnidirectional (a disc); one with a beamwidth keeps its sector pointing north."""
    beam = np.asarray(beamwidths, dtype=float)
    return [k for k, az in enumerate(azimuths) if len(az) == 1 and az[0] == 0.0
            and (np.isnan(beam[k]) or beam[k] == 0 or beam[k] >= 360)]


def station_frequencies(columns: dict, n: int, label, field_map: dict, warnings: list) -> np.ndarray:
    """Each station's frequency (MHz; NaN where none) from the first of its frequency fields that is set
    (``columns``: :data:`FREQUENCY_COLUMNS` name -> the stations' values; ``field_map`` names the file's field
    of each), read by :func:`frequency_mhz_of`; what was not read as MHz is said in ``warnings``, a value that
    is no frequency raises ValueError naming the station and the field."""
    out = np.full(n, np.nan)
    how: dict[str, list[tuple[int, str]]] = {}
    for column, kind in FREQUENCY_COLUMNS.items():
        values = columns.get(column)
        if values is None:
            continue
        field = field_map.get(column, column)
        for k, value in enumerate(values):
            if not np.isnan(out[k]) or not _given(value):
                continue
            try:
                mhz, note = frequency_mhz_of(value, kind)
            except ValueError as exc:
                raise ValueError(tr("{station}: {field} {value} {error}", station=label(k), field=field,
                                    value=repr(value), error=message_of(exc))) from None
            if not (math.isfinite(mhz) and 1.0 <= mhz <= 100_000.0):
                raise ValueError(tr("{station}: {field} {value} is {mhz} MHz, no radio frequency of a base station",
                                    station=label(k), field=field, value=repr(value), mhz=num(mhz, "g")))
            out[k] = mhz
            if note is None:
                continue
            if note in ("GHz", "kHz", "Hz"):
                what = (field, note)
            elif note.startswith("the lowest"):  # a site of several bands: its widest reach
                what = (field, "lowest")
            else:
                what = (field, "")
            how.setdefault(what, []).append((k, literal("{value} → {mhz} MHz", value=f"{value}", mhz=num(mhz, "g"))))
    for (field, note), items in how.items():
        listed = joined(", ", (literal("{station}: {text}", station=label(k), text=text) for k, text in items[:5]))
        if len(items) > 5:
            listed = joined("", (listed, " …"))
        if note == "lowest":
            warnings.append(tr("{field} of several frequencies read as the lowest (the widest reach) for {n} station: "
                               "{items}",
                               "{field} of several frequencies read as the lowest (the widest reach) for {n} "
                               "stations: {items}", len(items), field=field, items=listed))
        elif note:
            warnings.append(tr("{field} read as {unit} for {n} station: {items}",
                               "{field} read as {unit} for {n} stations: {items}", len(items), field=field, unit=note,
                               items=listed))
        else:
            warnings.append(tr("frequency from {field} for {n} station: {items}",
                               "frequency from {field} for {n} stations: {items}", len(items), field=field,
                               items=listed))
    return out


# -- the link budget of each station ------------------------------------------------------------
def station_antenna_heights(raw) -> tuple[np.ndarray, dict[str, list[int]]]:
    """Each station's own antenna height above ground (m; NaN where the budget's is to be used) from its field's
    numbers ``raw`` (NaN where empty), and the stations read as not given, by why: ``below`` (a negative height,
    how some lists say unknown), ``zero`` (0, how many lists say unknown), ``tall`` (above
    :data:`MAX_ANTENNA_HEIGHT_M`: an altitude above the sea, or feet or centimetres)."""
    heights = np.array(raw, dtype=float)
    why = {"below": np.nonzero(heights < 0)[0].tolist(), "zero": np.nonzero(heights == 0)[0].tolist(),
           "tall": np.nonzero(heights > MAX_ANTENNA_HEIGHT_M)[0].tolist()}
    for ks in why.values():
        heights[ks] = np.nan
    return heights, why


def station_radii(raw) -> tuple[np.ndarray, list[int]]:
    """Each station's own coverage radius (m; NaN where the model's is to be used) from its radius_m numbers ``raw``
    (NaN where empty), and the stations whose radius_m is 0, read as not given: 0 is how many station lists say
    unknown (as an antenna height 0), and no station covers nothing. A negative radius is no radius: the callers
    refuse it naming the station."""
    radii = np.array(raw, dtype=float)
    zero = np.nonzero(radii == 0)[0].tolist()
    radii[zero] = np.nan
    return radii, zero


#: Station fields a repeated station agrees in (with its position): the same station given twice, one server.
REPEAT_FIELDS = ("technology", "operator", "station_id", "azimuths", "radius_m", "antenna_height_m", "beamwidth",
                 *FREQUENCY_COLUMNS)


def repeated_stations(positions, values: dict) -> list[tuple[int, int]]:
    """The stations repeating an earlier one, each as ``(k, first)``: the same position (``positions``, one
    hashable per station) and the same :data:`REPEAT_FIELDS` (``values``: a field's values, one per station; a
    field not given is the same for all) — the same station imported twice is one server. Stations of one mast that
    differ in any (2G and 3G, two operators, two cells, the 800 and 1800 MHz carriers of one sector) stay apart.
    The technology is compared as :func:`.stations.normalize_technology` reads it, the azimuths as bearings."""
    from .stations import normalize_technology, parse_azimuths

    def text(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():  # 30.0 from a number field, '30' from a text one
            v = int(v)
        return str(v).strip()

    def bearings(v):
        try:
            return tuple(sorted(round(float(a), 6) for a in parse_azimuths(text(v)))) if text(v) else ()
        except ValueError:  # refused later, naming the station
            return text(v)

    readers = {"technology": normalize_technology, "azimuths": bearings}
    columns = [(values[name], readers.get(name, text)) for name in REPEAT_FIELDS if name in values]
    first: dict = {}
    out = []
    for k, position in enumerate(positions):
        key = (position, *(read(col[k]) for col, read in columns))
        if key in first:
            out.append((k, first[key]))
        else:
            first[key] = k
    return out


def station_budgets(budget: LinkBudget, freqs) -> tuple[list[LinkBudget], list[int], list[int]]:
    """The link budget of each station: ``budget``, at the station's own frequency (``freqs``, MHz; NaN: none) where
    it has one, with the member of the Hata family that holds there (Okumura-Hata to 1500 MHz, COST-231 Hata to
    2000 MHz) and, outside 150-2000 MHz, at the nearest end of that range. Also the stations computed with the
    other member than ``budget.model``, and those whose frequency was brought to that range (to be said)."""
    import dataclasses

    lo, hi = HATA_FREQ_MHZ[0], COST231_FREQ_MHZ[1]
    out, made = [], {}
    other, clamped = [], []
    for k, f in enumerate(freqs):
        if np.isnan(f):
            out.append(budget)
            continue
        used = min(max(float(f), lo), hi)
        model = hata_family_model(used)
        if used != f:
            clamped.append(k)
        elif model != budget.model:
            other.append(k)
        key = (model, used)
        if key not in made:
            made[key] = dataclasses.replace(budget, model=model, frequency_mhz=used)
        out.append(made[key])
    return out, other, clamped


#: The longest budget radius (m): beyond the models' 20 km they no longer hold.
BUDGET_REACH_M = DISTANCE_KM[1] * 1000.0
#: A note of :func:`budget_radii`: ``(BEYOND_REACH, model)``, the model reaching beyond :data:`BUDGET_REACH_M`.
BEYOND_REACH = "beyond"


def budget_radii(budgets: list[LinkBudget], heights, stations, label) -> tuple[np.ndarray, dict]:
    """The radius (m) of each station of ``stations`` (indices) from its link budget (``budgets``) at its antenna
    height (``heights``, m): the distance where the budget's path loss is reached, at most
    :data:`BUDGET_REACH_M`. NaN for the other stations. Also the notes to say, in the order first met, each with
    the stations it concerns: a validity warning of the model (text), or ``(BEYOND_REACH, model)`` for a radius
    cut to :data:`BUDGET_REACH_M`. A budget the model cannot evaluate raises ValueError naming the station
    (``label(k)``)."""
    radii = np.full(len(budgets), np.nan)
    done: dict = {}
    notes: dict = {}
    for k in stations:
        h, budget = float(heights[k]), budgets[k]
        key = (h, budget.model, budget.frequency_mhz)
        if key not in done:
            try:
                res = max_distance_m(budget, h)
            except RadioModelError as exc:
                raise ValueError(tr("{station}: {error}", station=label(k), error=message_of(exc))) from None
            said = list(res.warnings)
            if res.radius_m > BUDGET_REACH_M:
                said = [w for w in said if "distance" not in w]
                said.append((BEYOND_REACH, budget.model))
            done[key] = (min(res.radius_m, BUDGET_REACH_M), said)
        radii[k] = done[key][0]
        for note in done[key][1]:
            notes.setdefault(note, []).append(int(k))
    return radii, notes
