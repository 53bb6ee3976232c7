"""The PDF report with inputs it had not seen: 60 regions of 80-character names, no population source,
stations without coverage, a statistics layer in another CRS. Read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.export_files import leftovers
from support.export_layers import STATS_FIELDS, station_layer, stats_rows
from support.processing_feedback import Feedback

from basestation_mapper.plugin.qgis_io.report import ReportInputs, build_report, export_report

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")


def _name(i: int) -> str:
    """An 80-character region name, Korean and Latin, unique by its number."""
    base = f"Region {i:02d} 함경북도 청진시 수남구역 Ch'ŏngjin Sunam-guyŏk district of the northeast "
    return (base + "x" * 80)[:80]


def _regions(names, crs="EPSG:4326"):
    layer = QgsVectorLayer(f"Polygon?crs={crs}", "Districts", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for i, name in enumerate(names):
        x0, y0 = 125 + (i % 10) * 0.2, 38 + (i // 10) * 0.2
        feat = QgsFeature(layer.fields())
        feat.setAttributes([name])
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, y0, x0 + 0.18, y0 + 0.18)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def _text(path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _page_texts(path) -> list[str]:
    return _text(path).split("\f")


def _write(inputs, path):
    report = build_report(inputs)
    try:
        chart = Path(report.workdir.name) / "chart.svg"
        svg = chart.read_text(encoding="utf-8") if chart.exists() else ""
        out = export_report(report, path)
    finally:
        report.close()
    return out, svg, report


def test_sixty_regions_of_eighty_characters(qgis_app, tmp_path):
    names = [_name(i) for i in range(60)]
    assert all(len(n) == 80 for n in names)
    rows = stats_rows(regions=[(n, 0, 0, 0, 0) for n in names])
    out, svg, _report = _write(ReportInputs(regions=_regions(names), region_field="name",
                                            statistics=pd.DataFrame(rows), title="60 districts"), tmp_path / "r.pdf")
    pages = _page_texts(out["pdf"])
    assert out["pages"] > 2
    flat = " ".join(_text(out["pdf"]).split())
    for row in rows:  # every figure of every row is on a page: nothing cut off
        assert f"{row['population']:,.0f}" in flat, row["region"]
        assert f"{row['covered_pop']:,.0f} ({row['covered_pop_min']:,.0f}–{row['covered_pop_max']:,.0f})" in flat
    words = flat.split()
    for name in names:  # the names wrap inside their column, every word kept
        for word in name.split():
            assert word in words, (name, word)
    total = sum(r["population"] for r in rows)
    assert f"{total:,.0f}" in " ".join(pages[-2].split()) or f"{total:,.0f}" in " ".join(pages[-1].split())
    # the chart's labels fit its label column (an 80-character name ran off the picture's left edge)
    labels = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="end">([^<]*)</text>', svg)
    assert labels and all(len(text) <= 40 for _x, text in labels), labels[:3]
    assert any(text.endswith("…") for _x, text in labels)
    assert leftovers(tmp_path) == []


def _stats_layer_in(crs: str, rows) -> QgsVectorLayer:
    """coveragestats' fields on a polygon layer in ``crs`` (a table saved with the regions' shapes)."""
    layer = QgsVectorLayer(f"Polygon?crs={crs}", "Statistics UTM", "memory")
    layer.dataProvider().addAttributes([QgsField(n, QVariant.Type.String if k == "str" else
                                                 QVariant.Type.Int if k == "int" else QVariant.Type.Double)
                                        for n, k in STATS_FIELDS])
    layer.updateFields()
    feats = []
    for i, row in enumerate(rows):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([row[n] for n, _ in STATS_FIELDS])
        x0 = 300000.0 + 20000.0 * i
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, 4300000.0, x0 + 15000.0, 4315000.0)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_processing_report_on_statistics_in_another_crs_with_stations_only(plugin, qgis_new_project, tmp_path):
    """STATISTICS a polygon layer in UTM (the regions in WGS84), no COVERAGE layer drawn, no population
    source: the table is read as a table, the methods say where the population came from."""
    import processing

    names = [_name(i)[:30].strip() for i in range(4)]
    rows = stats_rows(regions=[(n, 0, 0, 0, 0) for n in names])
    stats = _stats_layer_in("EPSG:32652", rows)
    regions = _regions(names)
    stations = station_layer(6)
    QgsProject.instance().addMapLayers([stats, regions, stations])
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "STATISTICS": stats,
        "COVERAGE": None, "OUTPUT_PDF": str(tmp_path / "utm stats 보고서.pdf")}, feedback=feedback)
    flat = " ".join(_text(out["OUTPUT_PDF"]).split())
    for row in rows:
        assert row["region"] in flat and f"{row['population']:,.0f}" in flat
    assert "Population: as in the statistics table Statistics UTM." in flat
    assert "6 stations" in flat and "Stations mapped: 6." in flat


def test_report_statistics_without_population_or_people(qgis_app, tmp_path):
    """A statistics table of areas only (no population source), and one whose population is 0 everywhere
    (a raster that did not reach the regions): figures shown, no division by zero, no chart of nothing."""
    names = ["North", "South"]
    regions = _regions(names)
    areas = pd.DataFrame({"region": names, "area_km2": [1500.0, 900.0], "covered_km2": [300.0, 90.0],
                          "covered_area_pct": [20.0, 10.0]})
    out, svg, _r = _write(ReportInputs(regions=regions, region_field="name", statistics=areas), tmp_path / "a.pdf")
    flat = " ".join(_text(out["pdf"]).split())
    assert "2,400" in flat and "390" in flat and svg == ""
    nobody = pd.DataFrame(stats_rows(regions=[(n, 0, 0, 0, 0) for n in names]))
    for column in nobody.columns:
        if column.startswith(("population", "covered_pop", "estimated_subscribers")):
            nobody[column] = 0.0
    nobody["covered_pop_pct"] = np.nan
    out, svg, _r = _write(ReportInputs(regions=regions, region_field="name", statistics=nobody), tmp_path / "n.pdf")
    flat = " ".join(_text(out["pdf"]).split())
    assert out["pages"] == 2 and "North" in flat and "South" in flat
    assert "nan" not in flat.lower().split() and "inf" not in flat.lower().split()


def test_regions_across_the_antimeridian_are_mapped_where_they_lie(qgis_app, tmp_path):
    """Fiji's divisions in WGS84, split at 180° as RFC 7946 asks: their extent spans -180..180, whose centre
    (0°) put the map in UTM zone 31 on the other side of the earth, zoomed to the whole world."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "Fiji divisions", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for name, wkt in (
            ("Western", "MULTIPOLYGON(((177.2 -18.3,178.0 -18.3,178.0 -17.3,177.2 -17.3,177.2 -18.3)))"),
            ("Northern", "MULTIPOLYGON(((178.8 -17.0,180 -17.0,180 -16.1,178.8 -16.1,178.8 -17.0)),"
                         "((-180 -17.0,-179.8 -17.0,-179.8 -16.1,-180 -16.1,-180 -17.0)))"),
            ("Eastern", "MULTIPOLYGON(((-179.0 -19.2,-178.2 -19.2,-178.2 -17.9,-179.0 -17.9,-179.0 -19.2)))")):
        feat = QgsFeature(layer.fields())
        feat.setAttributes([name])
        feat.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    rows = stats_rows(regions=[(n, 0, 0, 0, 0) for n in ("Western", "Northern", "Eastern")])
    report = build_report(ReportInputs(regions=layer, region_field="name", statistics=pd.DataFrame(rows)))
    try:
        item = next(i for i in report.layout.items() if i.__class__.__name__ == "QgsLayoutItemMap")
        assert item.crs().authid() in ("EPSG:32760", "EPSG:32701")  # the UTM zone at 180°, south
        extent = item.extent()
        assert extent.width() < 600_000 and extent.height() < 600_000  # the islands, not the world
        to_ll = QgsCoordinateTransform(item.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
        centre = to_ll.transform(QgsPointXY(extent.center()))
        assert abs(abs(centre.x()) - 180.0) < 2.0 and -19.5 < centre.y() < -16.0
        out = export_report(report, tmp_path / "fiji.pdf")
    finally:
        report.close()
    flat = " ".join(_text(out["pdf"]).split())
    assert "Northern" in flat and "EPSG:327" in flat


def _population_scene(folder):
    """A 6 x 6 km UTM 52N scene of 100 m cells: a 2-band raster (band 1: 1 person a cell, band 2: 0-20 people,
    seeded), a density raster (0-400 people per km², seeded), West / East regions and one station of 2 km."""
    from qgis.core import QgsRasterLayer
    from support.coverage import polygon_layer
    from support.coverage import station_layer as stations_at
    from support.rasters import write_raster

    rng = np.random.default_rng(11)
    x0, y0 = 500000.0, 4300000.0
    transform = (x0, 100.0, 0, y0, 0, -100.0)
    two = write_raster(folder / "pop two bands.tif", [np.ones((60, 60)), rng.integers(0, 21, (60, 60)).astype(float)],
                       transform, crs="EPSG:32652")
    density = write_raster(folder / "density.tif", rng.uniform(0, 400, (60, 60)), transform, crs="EPSG:32652")
    regions = polygon_layer([f"POLYGON(({a} {y0},{a + 3000} {y0},{a + 3000} {y0 - 6000},{a} {y0 - 6000},{a} {y0}))"
                             for a in (x0, x0 + 3000)], crs="EPSG:32652", names=["West", "East"])
    stations = stations_at([(x0 + 2500.0, y0 - 3000.0)], crs="EPSG:32652")
    layers = (QgsRasterLayer(two, "pop two bands"), QgsRasterLayer(density, "density"), regions, stations)
    QgsProject.instance().addMapLayers(layers)
    return layers


@pytest.mark.parametrize("band, density", [(2, False), (None, True)])
def test_report_counts_the_band_and_density_coveragestats_counts(plugin, qgis_new_project, tmp_path, band, density):
    """POPULATION_BAND and POPULATION_IS_DENSITY mean in the report what they mean in coveragestats: its table
    shows coveragestats' numbers for the same inputs (band 1 or the values as counts gave others), and the
    methods name the band or the density."""
    import processing

    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.qgis_io.export import snapshot, snapshot_frame

    two, dens, regions, stations = _population_scene(tmp_path)
    raster = dens if density else two
    common = {"STATIONS": stations, "RADIUS": 2000.0, "REGIONS": regions, "REGION_FIELD": "name",
              "POPULATION": raster, "POPULATION_IS_DENSITY": density}
    if band:
        common["POPULATION_BAND"] = band
    stats = processing.run("basestationmapper:coveragestats", {**common, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    expected = report_table(snapshot_frame(snapshot(stats)))
    other = processing.run("basestationmapper:coveragestats", {
        **common, "POPULATION_BAND": 1, "POPULATION_IS_DENSITY": False, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    assert report_table(snapshot_frame(snapshot(other)))[-1] != expected[-1]  # the options change the numbers
    feedback = Feedback()
    out = processing.run("basestationmapper:report", {**common, "OUTPUT_PDF": str(tmp_path / "report.pdf")},
                         feedback=feedback)
    flat = " ".join(_text(out["OUTPUT_PDF"]).split())
    for row in expected[1:]:
        assert " ".join(row) in flat, row
    if density:
        assert "Population: raster density (people per km²)." in flat
    else:
        assert "Population: raster pop two bands, band 2 of 2." in flat
        assert not any("bands" in w for w in feedback.warnings), feedback.warnings  # the band was given


def test_dock_report_of_band_two_shows_its_numbers_and_names_the_band(plugin, qgis_new_project, tmp_path):
    """The dock's Report PDF of statistics computed on band 2 of a raster: coveragestats' numbers for band 2,
    and the methods name the band."""
    import processing
    from support.coverage import wait_for_coverage

    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.qgis_io.export import snapshot, snapshot_frame

    two, _dens, regions, stations = _population_scene(tmp_path)
    coverage = plugin.dock.sections["coverage"]
    coverage.live_check.setChecked(False)
    coverage.station_combo.setLayer(stations)
    coverage.radius_spin.setValue(2000.0)
    coverage.region_combo.setLayer(regions)
    coverage.region_field.setField("name")
    coverage.raster_combo.setLayer(two)
    coverage.points_combo.setLayer(None)
    coverage.band_combo.setBand(2)
    wait_for_coverage(coverage, coverage.run)
    stats = processing.run("basestationmapper:coveragestats", {
        "STATIONS": stations, "RADIUS": 2000.0, "REGIONS": regions, "REGION_FIELD": "name", "POPULATION": two,
        "POPULATION_BAND": 2, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    export = plugin.dock.sections["export"]
    export.pdf_path.setFilePath(str(tmp_path / "dock report.pdf"))
    assert export.make_report() is not None, export.status.text()
    flat = " ".join(_text(tmp_path / "dock report.pdf").split())
    for row in report_table(snapshot_frame(snapshot(stats)))[1:]:
        assert " ".join(row) in flat, row
    assert "Population: raster pop two bands, band 2 of 2." in flat
    coverage.runner.shutdown()
