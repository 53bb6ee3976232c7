"""Points (masts, towns) in provinces drawn across 180° in longitudes, as some exports draw Fiji or Chukotka."""

from __future__ import annotations

import numpy as np
from shapely.geometry import MultiPolygon, box

from basestation_mapper.plugin.core.regions import region_of_points

# drawn from 178° to 181° (one polygon past 180°), and split at 180° as GADM draws it
PAST_180 = box(178.0, -17.5, 181.0, -16.0)
SPLIT = MultiPolygon([box(178.0, -17.5, 180.0, -16.0), box(-180.0, -17.5, -179.0, -16.0)])
ELSEWHERE = box(176.0, -19.0, 177.0, -18.0)


def test_points_a_turn_away_from_a_province_drawn_past_180_degrees_are_in_it():
    x = np.array([179.0, -179.5, 180.5, 176.5, -179.0, 10.0])
    y = np.array([-16.7, -16.7, -16.7, -18.5, -16.0, -16.7])
    for regions in ([PAST_180, ELSEWHERE], [SPLIT, ELSEWHERE]):
        # -179° -16°: the province's corner, on its border
        assert region_of_points(regions, x, y, lonlat=True).tolist() == [0, 0, 0, 1, 0, -1]


def test_points_are_not_moved_a_turn_in_a_projected_crs():
    # metres: 360 m away is not the same place
    region = box(0.0, 0.0, 100.0, 50.0)
    assert region_of_points([region], np.array([50.0, 410.0, -310.0]), np.array([25.0, 25.0, 25.0])).tolist() == \
        [0, -1, -1]
