"""The sun of an image from its metadata: provider angles, or UTC time and place (no QGIS)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from basestation_mapper.plugin.core.detect.sun import parse_utc_time, solar_position, sun_from_metadata


def _gap(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def _solar_noon(day: datetime, lon: float) -> datetime:
    """The time of the sun's highest elevation that day (searched minute by minute)."""
    start = day - timedelta(hours=lon / 15.0) + timedelta(hours=-1)
    return max((start + timedelta(minutes=m) for m in range(120)), key=lambda t: solar_position(t, 40.0, lon)[1])


def test_sun_at_the_equinox_and_solstice():
    # March equinox 2021 (20 March, 09:37 UTC): at solar noon the sun stands 90 - latitude high,
    # due south in the north, due north in the south
    noon = _solar_noon(datetime(2021, 3, 20, 12), 0.0)
    assert abs((noon - datetime(2021, 3, 20, 12, 7)).total_seconds()) <= 120  # equation of time ~ -7.5 min
    az, el = solar_position(noon, 40.0, 0.0)
    assert _gap(az, 180.0) < 1.0 and el == pytest.approx(50.0, abs=0.3)
    az, el = solar_position(noon, -35.0, 0.0)
    assert _gap(az, 0.0) < 1.0 and el == pytest.approx(55.0, abs=0.3)
    # June solstice: overhead on the tropic of Cancer at solar noon
    az, el = solar_position(datetime(2021, 6, 21, 12, 2), 23.44, 0.0)
    assert el == pytest.approx(90.0, abs=0.5)
    # before noon the sun is east of south, after noon west, symmetrically
    am, _ = solar_position(noon - timedelta(hours=2), 40.0, 0.0)
    pm, _ = solar_position(noon + timedelta(hours=2), 40.0, 0.0)
    assert 90 < am < 180 < pm < 270 and am + pm == pytest.approx(360.0, abs=0.5)
    # the equinox sun rises in the east, and longitude is time: 15° east = one hour earlier
    az, el = solar_position(noon - timedelta(hours=6), 0.0, 0.0)
    assert _gap(az, 90.0) < 1.0 and abs(el) < 1.0
    east = solar_position(noon - timedelta(hours=1), 40.0, 15.0)
    assert east == pytest.approx(solar_position(noon, 40.0, 0.0), abs=0.05)
    # an aware time is the same instant as its UTC time
    kst = timezone(timedelta(hours=9))
    local = noon.replace(tzinfo=timezone.utc).astimezone(kst)
    assert local.hour == 21 and solar_position(local, 40.0, 0.0) == solar_position(noon, 40.0, 0.0)


def test_times_with_and_without_a_zone():
    assert parse_utc_time("2019-03-04T02:31:10.123456Z") == datetime(2019, 3, 4, 2, 31, 10)
    assert parse_utc_time("2019-03-04 11:31:10+09:00") == datetime(2019, 3, 4, 2, 31, 10)
    assert parse_utc_time("2019:03:04 02:31:10 -0130") == datetime(2019, 3, 4, 4, 1, 10)
    assert parse_utc_time("2019-03-04 02:31:10") is None
    assert parse_utc_time("2019-03-04 02:31:10", zone_required=False) == datetime(2019, 3, 4, 2, 31, 10)
    assert parse_utc_time("2019-03-04") is None and parse_utc_time(None) is None


@pytest.mark.parametrize("text", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59-01:00", "2019-02-30T10:00:00Z",
                                  "2019-05-14T24:61:00Z", "0000:00:00 00:00:00"])
def test_times_that_are_no_time_give_none(text):
    """A time pushed before year 1 or past 9999 by its zone raised OverflowError (the Detection panel,
    filling its sun box when such an image is chosen, failed)."""
    assert parse_utc_time(text) is None
    assert sun_from_metadata({"ACQUISITIONDATETIME": text}, 39.0, 126.0) is None


def test_sun_from_provider_angles_first():
    tags = {"IMAGE_1.meanSunAz": "152.3", "IMAGE_1.meanSunEl": "38.1", "ACQUISITIONDATETIME": "2019-03-04 02:31:10"}
    sun = sun_from_metadata(tags, 39.0, 125.7)
    assert sun.azimuth == pytest.approx(152.3) and sun.elevation == pytest.approx(38.1)
    assert sun.source == "IMAGE_1.meanSunAz"
    assert sun_from_metadata({"SUN_AZIMUTH": "-10.5"}).azimuth == pytest.approx(349.5)
    assert sun_from_metadata({"SUN_AZIMUTH": "n/a"}) is None


def test_sun_from_the_acquisition_time_and_place():
    # GDAL's IMAGERY domain: ACQUISITIONDATETIME in UTC; 02:31 UTC is 11:31 in Pyongyang, before
    # its solar noon (~12:48 local): the sun in the south-south-east
    sun = sun_from_metadata({"ACQUISITIONDATETIME": "2019-03-04 02:31:10.0"}, 39.03, 125.75)
    assert sun is not None and 140 < sun.azimuth < 170 and 30 < sun.elevation < 50
    assert sun.azimuth == pytest.approx(solar_position(datetime(2019, 3, 4, 2, 31, 10), 39.03, 125.75)[0])
    assert "2019-03-04 02:31 UTC" in sun.source
    # other keys need their zone; a file time (TIFFTAG_DATETIME) or a bare date says nothing
    assert sun_from_metadata({"SENSING_TIME": "2019-03-04T02:31:10"}, 39.0, 125.7) is None
    assert sun_from_metadata({"SENSING_TIME": "2019-03-04T02:31:10Z"}, 39.0, 125.7) is not None
    assert sun_from_metadata({"TIFFTAG_DATETIME": "2019:03:04 02:31:10"}, 39.0, 125.7) is None
    assert sun_from_metadata({"ACQUISITIONDATETIME": "2019-03-04"}, 39.0, 125.7) is None
    # no place, no sun from a time; a night-time stamp is not believed
    assert sun_from_metadata({"ACQUISITIONDATETIME": "2019-03-04 02:31:10"}) is None
    assert sun_from_metadata({"ACQUISITIONDATETIME": "2019-03-04 15:00:00"}, 39.0, 125.7) is None


def test_a_masts_height_is_its_shadows_length_times_the_tangent_of_the_sun_elevation():
    from basestation_mapper.plugin.core.detect.sun import mast_height_m

    assert mast_height_m(30.0, 45.0) == pytest.approx(30.0)
    assert mast_height_m(52.0, 30.0) == pytest.approx(52.0 / 3 ** 0.5)
    assert mast_height_m(10.0, 80.0) == pytest.approx(56.71, abs=0.01)
    # unknown, too low (the shadow runs out of sight) or too high a sun (a metre of shadow is many of height),
    # and lengths that are none
    for length, elevation in ((30.0, None), (30.0, 9.9), (30.0, 80.1), (float("nan"), 40.0), (0.0, 40.0),
                              (-5.0, 40.0), (None, 40.0), ("long", 40.0)):
        assert mast_height_m(length, elevation) is None, (length, elevation)


def test_heights_told_from_detected_shadows_are_near_the_masts_drawn(shared_data):
    """On generated scenes with the sun given (forest and Atlanta at 0.3 m, Atlanta at 0.75 m), the height told
    from each detected mast's shadow and the scene's sun elevation is within a third of the drawn mast's, and
    half of them within a fifth (on 205 masts detected in 80 further scenes: median 12 %, 80 % within 24 %)."""
    import math

    from support.scenes import make_scene, scene_settings

    from basestation_mapper.plugin.core.detect import DetectorParams, detect_array
    from basestation_mapper.plugin.core.detect.sun import mast_height_m

    errors = []
    for seed in (0, 1, 5):
        sc = make_scene(shared_data, seed, *scene_settings(seed))
        found = detect_array(sc.image, sc.transform, DetectorParams(sun_azimuth=sc.sun_azimuth))
        for mast in sc.masts:
            near = [c for c in found if math.hypot(c.x - mast.x, c.y - mast.y) <= 15.0]
            if near:
                best = max(near, key=lambda c: c.confidence)
                errors.append(mast_height_m(best.shadow_length_m, sc.sun_elevation) / mast.height_m - 1.0)
    assert len(errors) >= 8, errors
    assert max(abs(e) for e in errors) < 1 / 3, errors
    assert sorted(abs(e) for e in errors)[len(errors) // 2] < 0.2, errors


@pytest.mark.parametrize("lat, lon, when", [
    (39.0, 125.75, datetime(2019, 3, 4, 2, 31)),     # Pyongyang, a March morning
    (39.0, 126.0, datetime(2021, 12, 21, 1, 30)),    # the winter solstice, a low sun
    (39.0, 126.0, datetime(2021, 6, 21, 1, 30)),     # the summer solstice
    (60.2, 24.9, datetime(2021, 6, 20, 7, 0)),       # Helsinki
    (-33.9, 18.4, datetime(2020, 12, 21, 9, 0)),     # Cape Town: the sun in the north at noon
    (5.0, 0.0, datetime(2020, 6, 21, 10, 30)),       # the tropics, the sun north of the zenith
    (33.75, -84.4, datetime(2016, 1, 12, 16, 10)),   # Atlanta, west of Greenwich
])
def test_the_sun_elevation_is_told_by_the_day_and_the_sun_azimuth(lat, lon, when):
    """The sun passes each azimuth once in a day: the image date and its shadows' azimuth give the elevation the
    sun had when the image was taken, whatever its time."""
    from basestation_mapper.plugin.core.detect.sun import elevation_at_azimuth

    azimuth, elevation = solar_position(when, lat, lon)
    local_day = (when + timedelta(hours=lon / 15.0)).date()  # the day as on site
    assert elevation_at_azimuth(local_day.isoformat(), lat, lon, azimuth) == pytest.approx(elevation, abs=0.05)
    # a sun a few degrees off (searched, or clicked on a shadow) moves the elevation little
    told = elevation_at_azimuth(local_day, lat, lon, (azimuth + 3.0) % 360.0)
    assert told is not None and abs(told - elevation) < 3.0


def test_no_elevation_without_a_full_date_or_a_sun_that_stands_there():
    from basestation_mapper.plugin.core.detect.sun import elevation_at_azimuth

    for day in ("2021-06", "2021", "", None, "21/06/2021", "2021-02-30"):
        assert elevation_at_azimuth(day, 39.0, 126.0, 150.0) is None, day
    # at 39° N in December the sun never stands in the north
    assert elevation_at_azimuth("2021-12-21", 39.0, 126.0, 0.0) is None
    assert elevation_at_azimuth("2021-12-21", 39.0, 126.0, float("nan")) is None


def test_the_days_sky_holds_the_suns_of_daytime():
    from basestation_mapper.plugin.core.detect.sun import day_sky, sun_allowed

    def arc(sky):
        return [a for a in range(360) if sky[a]]

    winter, summer = arc(day_sky(39.0, 126.0, "2021-12-21")), arc(day_sky(39.0, 126.0, "2021-06-21"))
    # at 39° N the winter sun stands 10° or more only from the south-east to the south-west; the summer sun
    # from the east-north-east to the west-north-west
    assert 125 <= winter[0] <= 140 and 220 <= winter[-1] <= 235 and len(winter) < 110
    assert 60 <= summer[0] <= 75 and 285 <= summer[-1] <= 300 and len(summer) > 200
    south = day_sky(-33.9, 18.4, "2021-06-21")  # Cape Town in winter: the sun in the north
    assert south[0] and not south[180] and sun_allowed(south, 358.0) and not sun_allowed(south, 170.0)
    assert day_sky(39.0, 126.0, "2021-12") is None and day_sky(80.0, 0.0, "2021-12-21") is None  # polar night
    assert sun_allowed(None, 0.0)  # no day: any sun


def test_a_sun_searched_within_the_days_sky(shared_data):
    """A one-mast scene in open country where the sun searched over the whole circle settles on a wrong sun
    (two false alarms): with the image's day and place, only the suns of that day's sky are looked along, and
    the mast is found alone, every candidate agreeing on a sun of that sky."""
    from support.scenes import make_scene

    from basestation_mapper.plugin.core.detect import DetectorParams, detect_array
    from basestation_mapper.plugin.core.detect.mast import _angle_gap
    from basestation_mapper.plugin.core.detect.sun import day_sky, sun_allowed

    sc = make_scene(shared_data, 6039, "open", 0.6, n_masts=1)
    lat = 39.0 if sun_allowed(day_sky(39.0, 127.0, "2021-03-20"), sc.sun_azimuth, 0) else -39.0
    params = DetectorParams(min_confidence=0.5, sun_day=(lat, 127.0, "2021-03-20"))
    found = detect_array(sc.image, sc.transform, params)
    assert len(found) == 1 and math.hypot(found[0].x - sc.truth[0][0], found[0].y - sc.truth[0][1]) <= 15.0
    sun = (found[0].shadow_azimuth + 180.0) % 360.0
    assert sun_allowed(day_sky(lat, 127.0, "2021-03-20"), sun) and _angle_gap(sun, sc.sun_azimuth) < 10.0
