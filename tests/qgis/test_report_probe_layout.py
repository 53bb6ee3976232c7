"""Probes of the PDF report as its reader sees it: a table continued on further pages, a long title, long region
names on the map, small figures. Read back with pdftotext and the layout items' geometry."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest
from qgis.core import (
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsMapRendererSequentialJob,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSizeF, QVariant
from support.export_files import leftovers
from support.export_layers import coverage_layer, station_layer, stats_rows

from basestation_mapper.plugin.qgis_io.report import MARGIN, PAGE_H, ReportInputs, build_report, export_report

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")


def _regions(rows):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "Regions", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for region, x0, y0, x1, y1 in rows:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([region])
        feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, y0, x1, y1)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def _grid(n, name=lambda i: f"Region {i:02d}"):
    return [(name(i), 125 + (i % 8) * 0.3, 38 + (i // 8) * 0.3, 125.25 + (i % 8) * 0.3, 38.25 + (i // 8) * 0.3)
            for i in range(n)]


def _pages(path) -> list[str]:
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("n, pages", [(50, 3), (150, 6)])
def test_a_long_table_repeats_its_header_and_fills_the_further_pages(qgis_app, tmp_path, n, pages):
    """50 regions: the table ran onto pages 3 and 4 without its header row (bare figures under no heading), each
    further page holding the 92 mm frame of page 2 (the half above its chart), the rest of the page empty."""
    grid = _grid(n, lambda i: f"Region {i:03d}")
    report = build_report(ReportInputs(regions=_regions(grid), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=grid)), title="50 regions"))
    try:
        table = report.layout.multiFrames()[0]
        frames = [table.frame(i) for i in range(table.frameCount())]
        assert len(frames) >= 2
        for frame in frames[1:]:  # every continuation frame spans its page between the margins
            top = frame.pagePositionWithUnits().y()
            assert top == pytest.approx(MARGIN, abs=0.5)
            assert top + frame.sizeWithUnits().height() == pytest.approx(PAGE_H - MARGIN, abs=0.5)
        out = export_report(report, tmp_path / "r.pdf")
    finally:
        report.close()
    texts = _pages(out["pdf"])
    # 20 rows on page 2, about 35 on each further page, no blank page after the last
    assert out["pages"] == len(texts) == pages
    for page in texts[1:]:
        assert "Region Area (km²) Covered (km²)" in page, page[:200]
    assert all(f"Region {i:03d}" in " ".join(texts[1:]) for i in range(n))
    assert "Total" in texts[-1]
    assert leftovers(tmp_path) == []


TITLE_200 = ("Mobile network coverage of the northern provinces, estimated from illustrative stations detected on "
             "satellite imagery of 2021 and 2022, with population from GeoNames populated places and terrain masking")


def test_a_title_of_200_characters_is_printed_whole(qgis_app, tmp_path):
    """A 200-character title was drawn in 14 pt in a box one line of it high: its second line lost its foot and its
    third ('… places and terrain masking') was not printed at all; it now takes a font its lines fit in."""
    grid = _grid(3)
    report = build_report(ReportInputs(regions=_regions(grid), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=grid)), title=TITLE_200))
    try:
        out = export_report(report, tmp_path / "r.pdf")
    finally:
        report.close()
    first = _pages(out["pdf"])[0]
    words = [w for w in first.split() if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", w)]  # the date beside the title
    title = TITLE_200.split()
    start = words.index(title[0])
    assert words[start:start + len(title)] == title
    assert "% of population covered" in first  # the summary line under it is kept


def _placed_labels(report, dpi: float = 150.0) -> set:
    """Features of the map whose label QGIS places when it draws the report's map (as the PDF does)."""
    item = next(i for i in report.layout.items() if isinstance(i, QgsLayoutItemMap))
    size = QSizeF(item.rect().width() / 25.4 * dpi, item.rect().height() / 25.4 * dpi)
    settings = item.mapSettings(item.extent(), size, dpi, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    labels = job.takeLabelingResults().labelsWithinRect(settings.visibleExtent())
    return {label.featureId for label in labels if not label.isUnplaced}


def test_long_region_names_are_labelled_on_the_map(qgis_app):
    """Region names of 55 characters were drawn on one line, wider than their region and the room between their
    neighbours' labels: the map left 4 of 8 regions unnamed. They wrap now, and every region is named."""
    grid = _grid(8, lambda i: f"Region {i} Hamgyŏng-bukto Ch'ŏngjin-si Sunam-guyŏk district")
    report = build_report(ReportInputs(regions=_regions(grid), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=grid))))
    try:
        assert len(_placed_labels(report)) == 8
    finally:
        report.close()


def test_web_tiles_added_with_qgis_own_connections_are_credited(qgis_app):
    """OpenStreetMap and Esri World Imagery tiles added from QGIS's XYZ connections (not the Imagery section's
    presets) carry no attribution: the map was printed over them with no credit (QGIS gives its OpenStreetMap layer
    the rights of its metadata alone, which the dock's report did not read); their terms ask for one."""
    osm = QgsRasterLayer("type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0",
                         "OpenStreetMap", "wms")
    esri = QgsRasterLayer("type=xyz&url=https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
                          "tile/%7Bz%7D/%7By%7D/%7Bx%7D&zmax=19&zmin=0", "Satellite", "wms")
    assert osm.isValid() and esri.isValid() and not osm.attribution() and not esri.attribution()
    grid = _grid(3)
    report = build_report(ReportInputs(regions=_regions(grid), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=grid)), imagery=[osm, esri],
                                       attributions=["Regions: Natural Earth"]))
    try:
        credit = next(item.text() for item in report.layout.items()
                      if isinstance(item, QgsLayoutItemLabel) and item.text().startswith("Data:"))
    finally:
        report.close()
    assert "Regions: Natural Earth" in credit
    assert "OpenStreetMap" in credit and credit.count("OpenStreetMap Foundation") == 1
    assert "Esri, Maxar, Earthstar Geographics" in credit
    assert "offline basemap" not in credit  # web tiles: the map is not offline


def _station_sizes(report) -> tuple[set[float], float]:
    """Sizes (mm) of the station markers the report's map draws, and the map's scale."""
    item = next(i for i in report.layout.items() if isinstance(i, QgsLayoutItemMap))
    layer = next(layer for layer in item.layers() if layer.name() == "Stations")
    return {round(cat.symbol().size(), 2) for cat in layer.renderer().categories()}, item.scale()


@pytest.mark.parametrize("region, small", [(("Country", 124.3, 37.7, 130.7, 43.0), True),
                                           (("P'yŏngyang", 125.5, 38.8, 126.0, 39.3), False)])
def test_coverage_shows_around_the_stations_of_a_country_map(qgis_app, region, small):
    """On the map of a whole country (1:2,600,000 for North Korea) the stations' 1.8 mm markers, a few kilometres
    apart along roads, covered the coverage drawn under them: the reader saw a chain of dots and no coverage. On a
    map of 1:1,000,000 and smaller they are half as large; on a city's map as they were."""
    stations = station_layer(12)
    report = build_report(ReportInputs(regions=_regions([region]), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=[region])), stations=stations,
                                       coverage=[coverage_layer(stations)]))
    try:
        sizes, scale = _station_sizes(report)
    finally:
        report.close()
    assert (scale >= 1_000_000) == small
    assert sizes == ({0.9} if small else {1.8})


def test_the_scale_bar_figures_are_haloed(qgis_app):
    """The scale bar's figures ('0 200 400 km') were drawn bare over coasts, borders and stations."""
    grid = _grid(3)
    report = build_report(ReportInputs(regions=_regions(grid), region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=grid))))
    try:
        bar = next(i for i in report.layout.items() if isinstance(i, QgsLayoutItemScaleBar))
        assert bar.unitLabel() == "km" and bar.textFormat().buffer().enabled()
    finally:
        report.close()
