"""Population given as areas spread over a grid of people per cell: hand-computed polygons, sums kept, bad input
named."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Polygon, box

from basestation_mapper.plugin.core.cancel import Canceled
from basestation_mapper.plugin.core.population import PopulationInputError, RasterPopulation
from basestation_mapper.plugin.core.population_areas import areas_to_grid, auto_cell_size, write_count_grid


def _cell(areas, x, y):
    """People of the cell holding (x, y)."""
    g = areas.grid
    return areas.counts[int((g.y0 - y) // g.res_y), int((x - g.x0) // g.res_x)]


def test_square_split_across_cells():
    # 100 x 100 m from (15, 15) on 50 m cells: the cells hold 35, 50 and 15 m of each side
    areas = areas_to_grid([box(15, 15, 115, 115)], [1000], cell_size=50)
    g = areas.grid
    assert (g.x0, g.y0, g.width, g.height) == (0, 150, 3, 3)
    side = np.array([35.0, 50.0, 15.0])
    expected = 1000 * np.outer(side[::-1], side) / 10000.0  # rows from the north
    np.testing.assert_allclose(areas.counts, expected, rtol=1e-12)
    assert areas.counts.sum() == pytest.approx(1000, rel=1e-12)
    assert areas.people == 1000 and areas.features == 1 and areas.warnings == []


def test_sliver_smaller_than_a_cell_keeps_its_people_in_the_cells_it_touches():
    # 2 x 2 m inside one cell, and 2 x 2 m on the corner of four cells
    inside = areas_to_grid([box(10, 10, 12, 12), box(400, 400, 500, 500)], [7, 0], cell_size=100)
    assert _cell(inside, 11, 11) == pytest.approx(7)
    assert inside.counts.sum() == pytest.approx(7, rel=1e-12)
    corner = areas_to_grid([box(99, 99, 101, 101), box(0, 0, 300, 300)], [8, 0], cell_size=100)
    for x, y in ((99.5, 99.5), (100.5, 99.5), (99.5, 100.5), (100.5, 100.5)):
        assert _cell(corner, x, y) == pytest.approx(2.0)
    assert corner.counts.sum() == pytest.approx(8, rel=1e-12)
    # thin diagonal slivers crossing many cells
    sliver = Polygon([(0, 0), (1000, 999), (1000, 1000), (1, 1000), (0, 1)])
    thin = areas_to_grid([Polygon([(0, 0), (1000, 1000), (1000, 1000.5), (0, 0.5)])], [500], cell_size=100)
    assert thin.counts.sum() == pytest.approx(500, rel=1e-9)
    assert np.count_nonzero(thin.counts) >= 10  # along its whole length
    wide = areas_to_grid([sliver], [1], cell_size=100)
    assert wide.counts.sum() == pytest.approx(1, rel=1e-9)


def test_overlapping_polygons_add_up():
    areas = areas_to_grid([box(0, 0, 100, 100), box(50, 0, 150, 100)], [100, 300], cell_size=50)
    # cells of 50 m: the first square's 4 cells hold 25 each, the second's 75 each, the middle column both
    assert _cell(areas, 25, 25) == pytest.approx(25)
    assert _cell(areas, 75, 75) == pytest.approx(100)
    assert _cell(areas, 125, 25) == pytest.approx(75)
    assert areas.counts.sum() == pytest.approx(400, rel=1e-12)


def test_hole_gets_nobody():
    ring = Polygon(box(0, 0, 100, 100).exterior.coords, [box(25, 25, 75, 75).exterior.coords])
    areas = areas_to_grid([ring], [750], cell_size=25)
    assert ring.area == 7500
    assert _cell(areas, 40, 40) == 0 and _cell(areas, 60, 60) == 0
    assert _cell(areas, 10, 10) == pytest.approx(750 * 625 / 7500)
    assert areas.counts.sum() == pytest.approx(750, rel=1e-12)


def test_sums_kept_for_random_polygons():
    rng = np.random.default_rng(7)
    geoms, values = [], []
    for _ in range(30):
        cx, cy = rng.uniform(0, 5000, 2)
        angles = np.sort(rng.uniform(0, 2 * np.pi, 7))
        radii = rng.uniform(20, 600, 7)
        geoms.append(Polygon(np.c_[cx + radii * np.cos(angles), cy + radii * np.sin(angles)]))
        values.append(float(rng.integers(0, 10000)))
    areas = areas_to_grid(geoms, values, cell_size=37)
    assert areas.counts.sum() == pytest.approx(sum(values), rel=1e-10)
    # each polygon alone: the people of a cell are its share of the polygon's area
    one = areas_to_grid([geoms[0]], [values[0]], cell_size=37)
    g = one.grid
    r, c = np.unravel_index(np.argmax(one.counts), one.counts.shape)
    x0, y1 = g.x0 + c * g.res_x, g.y0 - r * g.res_y
    share = geoms[0].intersection(box(x0, y1 - g.res_y, x0 + g.res_x, y1)).area / geoms[0].area
    assert one.counts[r, c] == pytest.approx(values[0] * share, rel=1e-9)


def test_counts_read_and_bad_values_named():
    areas = areas_to_grid([box(0, 0, 10, 10), box(10, 0, 20, 10), box(20, 0, 30, 10)], ["1,234", None, 6],
                          fids=[11, 12, 13], field_name="pop", source="'districts'", cell_size=5)
    assert areas.people == pytest.approx(1240)
    assert len(areas.warnings) == 1
    assert "'districts'" in areas.warnings[0] and "pop" in areas.warnings[0] and "feature 12" in areas.warnings[0]
    with pytest.raises(PopulationInputError, match=r"'districts', feature 12: pop = 'many' is not a number"):
        areas_to_grid([box(0, 0, 10, 10), box(10, 0, 20, 10)], [3, "many"], fids=[11, 12], field_name="pop",
                      source="'districts'")
    with pytest.raises(PopulationInputError, match=r"feature 2: people = -5 must be a non-negative number"):
        areas_to_grid([box(0, 0, 10, 10), box(10, 0, 20, 10)], [3, -5], field_name="people", source="x.gpkg")
    with pytest.raises(PopulationInputError, match="no feature has both an area and a pop value"):
        areas_to_grid([box(0, 0, 10, 10)], [None], field_name="pop", source="'d'")


def test_empty_flat_and_invalid_geometries_are_said():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])  # two triangles of 2,500 m²
    areas = areas_to_grid([None, Polygon(), LineString([(0, 0), (5, 5)]), bowtie, box(0, 0, 100, 100)],
                          [10, 20, 30, 500, 100], fids=[1, 2, 3, 4, 5], field_name="pop", source="'d'", cell_size=50)
    text = " | ".join(areas.warnings)
    assert "3 features have no area" in text and "60 people are not counted" in text
    assert "feature 1, feature 2, feature 3" in text
    assert "1 feature has an invalid polygon" in text and "feature 4 (Self-intersection" in text
    assert areas.people == 600 and areas.features == 2
    assert areas.counts.sum() == pytest.approx(600, rel=1e-12)
    # the bow tie's people are in both its triangles (1,250 of its 5,000 m² in each corner cell), over the square's
    for x, y in ((25, 75), (75, 75), (25, 25), (75, 25)):
        assert _cell(areas, x, y) == pytest.approx(25 + 500 * 1250 / 5000)


def test_cell_size_automatic_and_bounded():
    square = [box(0, 0, 10_000, 10_000)]
    assert auto_cell_size(square, 10_000, 10_000, radii=[1000, 3000]) == pytest.approx(50)
    assert auto_cell_size(square, 10_000, 10_000) == pytest.approx(100)  # at most 100 m without stations
    assert auto_cell_size([box(0, 0, 200, 200)], 200, 200) == pytest.approx(20)
    coarse = auto_cell_size(square, 10_000, 10_000, radii=[20], max_cells=10_000)
    assert (10_000 / coarse) ** 2 <= 10_000 and coarse < 102
    with pytest.raises(PopulationInputError,
                       match=r"make 100,000,000 cells, more than 10,000: choose cells of 101 m or more"):
        areas_to_grid(square, [1], cell_size=1, max_cells=10_000, source="'d'")
    with pytest.raises(PopulationInputError, match="must be a number above 0"):
        areas_to_grid(square, [1], cell_size=0, source="'d'")
    areas = areas_to_grid(square, [1], radii=[2000], extent=(-5000, 0, 10_000, 12_000))
    assert areas.grid.res_x == pytest.approx(100)
    assert areas.grid.bounds == pytest.approx((-5000, 0, 10_000, 12_000))


def test_written_grid_reads_as_counts(tmp_path):
    areas = areas_to_grid([box(15, 15, 115, 115)], [1000], cell_size=50)
    path = write_count_grid(areas, "EPSG:32652", tmp_path / "people.tif")
    assert [p.name for p in tmp_path.iterdir()] == ["people.tif"]
    pop = RasterPopulation(str(path))
    assert pop.warnings == []
    assert (pop.grid.x0, pop.grid.y0, pop.grid.res_x) == (0, 150, 50)
    np.testing.assert_array_equal(pop.read(0, 3), areas.counts)

    def cancel():
        raise Canceled()

    with pytest.raises(Canceled):
        write_count_grid(areas, "EPSG:32652", tmp_path / "other.tif", check=cancel)
    assert [p.name for p in tmp_path.iterdir()] == ["people.tif"]


def test_cancel_while_spreading():
    calls = []

    def check():
        calls.append(1)
        if len(calls) > 1:
            raise Canceled()

    with pytest.raises(Canceled):
        areas_to_grid([box(i * 10, 0, i * 10 + 10, 10) for i in range(40)], [1] * 40, cell_size=5, check=check)


def test_cells_the_raster_misses_are_measured_or_scaled(monkeypatch):
    """Where the raster of touched cells misses part of a polygon (a sliver GDAL does not touch), a small window is
    measured cell by cell, and a window too large for that keeps the raster's shares scaled to the people (no
    polygon of a province measured cell by cell for minutes); either way every person is kept."""
    from basestation_mapper.plugin.core import population_areas, stats

    real = stats.cell_fractions

    def missing_a_cell(geom, grid, tile=32):
        rows, cols, frac = real(geom, grid, tile)
        frac = frac.copy()
        frac[0, 0] = 0.0
        return rows, cols, frac

    monkeypatch.setattr(stats, "cell_fractions", missing_a_cell)
    small = areas_to_grid([box(0, 0, 100, 100)], [100], cell_size=10)  # 100 cells: measured
    np.testing.assert_allclose(small.counts, 1.0)
    monkeypatch.setattr(population_areas, "EXACT_WINDOW_CELLS", 50)
    large = areas_to_grid([box(0, 0, 100, 100)], [99], cell_size=10)  # scaled: the other 99 cells hold 1 each
    assert large.counts.sum() == pytest.approx(99, rel=1e-12)
    assert large.counts[0, 0] == 0 and large.counts[5, 5] == pytest.approx(1.0)
