"""Okumura-Hata / COST-231 against published worked examples (to 0.1 dB), radius inversion, validity."""

from __future__ import annotations

import math

import pytest

from basestation_mapper.plugin.core.radio import (
    DEFAULT_RADII_M,
    LinkBudget,
    RadioModelError,
    max_distance_m,
    mobile_height_correction,
    path_loss_db,
    preset_radius_m,
)

# (model, f MHz, hb m, hm m, d km, environment, city size, published loss dB, source)
PUBLISHED = [
    # ns-3 network simulator, src/propagation/test/okumura-hata-test-suite.cc (reference values
    # computed with the Octave scripts of src/propagation/test/reference/), 869 MHz, 2 km, 30 m / 1 m
    ("hata", 869.0, 30.0, 1.0, 2.0, "urban", "large", 137.93, "ns-3 okumura-hata test suite, Urban large city"),
    ("hata", 869.0, 30.0, 1.0, 2.0, "urban", "medium", 137.88, "ns-3 okumura-hata test suite, Urban small city"),
    ("hata", 869.0, 30.0, 1.0, 2.0, "suburban", "large", 128.03, "ns-3 okumura-hata test suite, SubUrban"),
    # same suite, COST-231 at 2114 MHz (outside the 2000 MHz validity limit: a warning case too)
    ("cost231", 2114.0, 30.0, 1.0, 2.0, "urban", "medium", 150.64,
     "ns-3 okumura-hata test suite, COST231 Urban small city"),
    # RF Wireless World, "Hata Model Path Loss Calculator" worked example:
    # 900 MHz, BS 100 m, MS 2 m, 4 km -> a(hm) = 1.29 dB, path loss 137.05 dB
    ("hata", 900.0, 100.0, 2.0, 4.0, "urban", "medium", 137.05, "rfwireless-world.com Hata calculator example"),
]


@pytest.mark.parametrize("model,f,hb,hm,d,env,city,expected,source", PUBLISHED)
def test_published_examples(model, f, hb, hm, d, env, city, expected, source):
    assert path_loss_db(model, f, hb, hm, d, env, city) == pytest.approx(expected, abs=0.1), source


def test_mobile_correction_of_the_rfwireless_example():
    assert mobile_height_correction(900.0, 2.0) == pytest.approx(1.29, abs=0.005)


def test_open_and_suburban_corrections_follow_the_model():
    urban = path_loss_db("hata", 900.0, 50.0, 1.5, 5.0, "urban")
    lf = math.log10(900.0)
    assert path_loss_db("hata", 900.0, 50.0, 1.5, 5.0, "open") == pytest.approx(
        urban - 4.78 * lf * lf + 18.33 * lf - 40.94, abs=1e-9)
    assert path_loss_db("hata", 900.0, 50.0, 1.5, 5.0, "suburban") == pytest.approx(
        urban - 2 * math.log10(900 / 28) ** 2 - 5.4, abs=1e-9)
    # COST-231 metropolitan centres: +3 dB (C_m)
    med = path_loss_db("cost231", 1800.0, 50.0, 1.5, 5.0, "urban", "medium")
    large = path_loss_db("cost231", 1800.0, 50.0, 1.5, 5.0, "urban", "large")
    assert large - med == pytest.approx(3.0 + mobile_height_correction(1800.0, 1.5) -
                                        mobile_height_correction(1800.0, 1.5, "large"), abs=1e-9)


def test_radius_inverts_the_path_loss():
    budget = LinkBudget(model="hata", frequency_mhz=900.0, base_height_m=40.0, mobile_height_m=1.5,
                        eirp_dbm=60.0, rx_threshold_dbm=-95.0, losses_db=10.0)
    res = max_distance_m(budget)
    assert res.path_loss_db == pytest.approx(145.0)
    assert path_loss_db("hata", 900.0, 40.0, 1.5, res.radius_m / 1000.0) == pytest.approx(145.0, abs=1e-9)
    assert 1000.0 < res.radius_m < 20000.0
    assert res.warnings == []
    # a higher antenna reaches further
    assert max_distance_m(budget, base_height_m=80.0).radius_m > res.radius_m


def test_validity_warnings():
    res = max_distance_m(LinkBudget(model="hata", frequency_mhz=2100.0, base_height_m=15.0, mobile_height_m=12.0,
                                    eirp_dbm=70.0, rx_threshold_dbm=-120.0))
    text = " ".join(res.warnings)
    assert "2100 MHz" in text and "150-1500" in text
    assert "15 m" in text and "12 m" in text
    assert "extrapolated" in text  # 190 dB budget gives far more than 20 km
    res = max_distance_m(LinkBudget(model="cost231", frequency_mhz=1800.0, base_height_m=30.0, eirp_dbm=55.0,
                                    rx_threshold_dbm=-90.0))
    assert res.warnings == []


def test_bad_parameters():
    with pytest.raises(RadioModelError, match="unknown path-loss model"):
        path_loss_db("egli", 900.0, 30.0, 1.5, 1.0)
    with pytest.raises(RadioModelError, match="positive"):
        path_loss_db("hata", 900.0, -30.0, 1.5, 1.0)
    with pytest.raises(RadioModelError, match="environment"):
        max_distance_m(LinkBudget(environment="jungle"))
    with pytest.raises(RadioModelError, match="antenna height"):
        max_distance_m(LinkBudget(), base_height_m=float("nan"))


def test_presets():
    assert DEFAULT_RADII_M == {"2G": 12000.0, "3G": 4000.0, "4G": 4000.0, "5G": 500.0, "unknown": 4000.0}
    assert preset_radius_m("5G") == 500.0
    assert preset_radius_m("6G") == 4000.0
    assert preset_radius_m("3G", {"3G": 3000.0, "unknown": 1.0}) == 3000.0


@pytest.mark.parametrize(("value", "kind", "mhz", "how"), [
    (1800, "mhz", 1800.0, None),
    (1.8, "mhz", 1800.0, "GHz"),  # site lists giving 0.9 / 1.8 / 3.5
    ("3.5 GHz", "mhz", 3500.0, "GHz"),
    ("2100MHz", "mhz", 2100.0, None),
    ("LTE1800", "mhz", 1800.0, None),
    ("GSM 900", "band", 900.0, None),
    ("B3", "mhz", 1842.5, "LTE band 3"),
    ("LTE band 20", "band", 806.0, "LTE band 20"),
    ("n78", "band", 3550.0, "NR band 78"),
    (7, "band", 2655.0, "LTE band 7"),
    (1800, "band", 1800.0, None),
    (2.6, "ghz", 2600.0, "GHz"),
    (1300, "earfcn", 1815.0, "EARFCN"),  # band 3: 1805 + 0.1 (1300 - 1200)
    (6300, "earfcn", 806.0, "EARFCN"),  # band 20
    (10700, "uarfcn", 2140.0, "UARFCN"),  # band I
    (3011, "uarfcn", 942.2, "UARFCN"),  # band VIII: 340 + N/5
    (636666, "nrarfcn", 3549.99, "NRARFCN"),  # n78, 15 kHz raster
    (60, "arfcn", 947.0, "ARFCN"),
    (600, "arfcn", 1822.8, "ARFCN"),
    ("900/1800", "mhz", 900.0, "the lowest of 2"),  # a site of several bands: its widest reach
    ("L800, L2600", "mhz", 800.0, "the lowest of 2"),
    ("B3; B7", "band", 1842.5, "the lowest of 2, LTE band 3"),
    ("1,800", "mhz", 1800.0, "GHz"),  # a thousands separator is no list
])
def test_frequency_as_station_lists_write_it(value, kind, mhz, how):
    from basestation_mapper.plugin.core.radio import frequency_mhz_of

    got, note = frequency_mhz_of(value, kind)
    assert got == pytest.approx(mhz, abs=0.01)
    assert note == how


@pytest.mark.parametrize(("value", "kind", "message"), [
    ("high", "mhz", "neither a frequency"),
    ("B99", "mhz", "LTE band 99 is not one"),
    (4000, "earfcn", "EARFCN 4000 is in no downlink band"),
    ("12.5", "earfcn", "whole channel number"),
    (-3, "mhz", "positive"),
])
def test_frequency_that_is_none_says_what_is_expected(value, kind, message):
    from basestation_mapper.plugin.core.radio import frequency_mhz_of

    with pytest.raises(ValueError, match=message):
        frequency_mhz_of(value, kind)
