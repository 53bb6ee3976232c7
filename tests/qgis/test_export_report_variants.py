"""The PDF report with inputs it had not seen: many regions, long non-ASCII names, thin tables, no shapes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.export_files import leftovers
from support.export_layers import stats_rows

from basestation_mapper.plugin.core.safe_write import ExportError
from basestation_mapper.plugin.qgis_io.report import MARGIN, PAGE_W, ReportInputs, build_report, export_report

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
LONG = "아주 긴 이름의 행정 구역 " * 3


def _regions(rows, name="Regions 지역"):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feats = []
    for region, x0, y0, x1, y1 in rows:
        feat = QgsFeature(layer.fields())
        feat.setAttributes([region])
        if x0 is not None:
            feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, y0, x1, y1)))
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def _grid(n):
    """``n`` rectangles over North Korea; every seventh has a very long Korean name."""
    return [(f"Region {i:02d} {LONG if i % 7 == 0 else ''}Ŏ".replace("  ", " "),
             125 + (i % 8) * 0.3, 38 + (i // 8) * 0.3, 125.25 + (i % 8) * 0.3, 38.25 + (i // 8) * 0.3)
            for i in range(n)]


def _text(path):
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def _write(inputs, tmp_path, name="report.pdf"):
    """Writes the PDF; returns its result and (table width, width between the page margins) in mm."""
    report = build_report(inputs)
    try:
        table = report.layout.multiFrames()[0]
        widths = (table.totalWidth(), PAGE_W - 2 * MARGIN)
        out = export_report(report, tmp_path / name)
    finally:
        report.close()
    return out, widths


def test_many_regions_with_long_names_fit_the_page_width(qgis_app, tmp_path):
    grid = _grid(60)
    stats = pd.DataFrame(stats_rows(regions=grid))
    out, (table_width, page_width) = _write(ReportInputs(regions=_regions(grid), region_field="name",
                                                          statistics=stats, title="60 지역 report"), tmp_path)
    assert out["pages"] == _pages(out["pdf"]) > 2  # the table runs onto further pages
    assert table_width <= page_width  # long names wrap: every column stays on the page
    words = _text(out["pdf"]).split()
    for region, *_rest in grid:
        for word in region.split():
            assert word in words, word
    assert "Est." in words and "subscribers" in words
    assert leftovers(tmp_path) == []


def test_table_without_population_columns_has_no_chart(qgis_app, tmp_path):
    grid = _grid(3)
    stats = pd.DataFrame({"region": [g[0] for g in grid], "area_km2": [1200.0, 830.0, 99.0]})
    out, _table = _write(ReportInputs(regions=_regions(grid), region_field="name", statistics=stats), tmp_path)
    assert out["pages"] == 2
    text = " ".join(_text(out["pdf"]).split())
    assert "1,200" in text and "2,129" in text  # the regions and their computed total
    assert "Population covered per region" not in text


def test_regions_without_shapes_refused_naming_the_layer(qgis_app, tmp_path):
    regions = _regions([("a", None, None, None, None), ("b", None, None, None, None)], name="빈 지역")
    stats = pd.DataFrame({"region": ["a", "b"], "area_km2": [1.0, 2.0]})
    with pytest.raises(ExportError, match="'빈 지역' has no geometry"):
        _write(ReportInputs(regions=regions, region_field="name", statistics=stats), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_korean_text_is_drawn_with_a_font_that_has_it(qgis_app, tmp_path):
    grid = [("평안남도", 125.5, 38.9, 126.0, 39.3), ("함경남도", 127.3, 39.7, 127.8, 40.1)]
    stats = pd.DataFrame(stats_rows(regions=grid))
    out, _table = _write(ReportInputs(regions=_regions(grid), region_field="name", statistics=stats,
                                      title="이동통신 커버리지 보고서"), tmp_path, "보고서 report.pdf")
    text = _text(out["pdf"])
    assert "이동통신 커버리지 보고서" in text and "평안남도" in text and "함경남도" in text
    fonts = subprocess.run(["pdffonts", str(out["pdf"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Nanum|Noto.*CJK|UnDotum|Baekmuk", fonts), fonts  # a Hangul font is embedded


def test_penetration_of_a_run_is_named_in_the_language_of_the_report(qgis_app, korean_locale):
    """A run's penetration is stored under a key that is the same in every language and named in the report's
    language; one stored under the Korean word (a run made in a Korean QGIS before) is named 'penetration' in
    an English report, and left out with the other keys' words when the table counts no people."""
    from basestation_mapper.plugin.i18n import install_translator, remove_translator
    from basestation_mapper.plugin.qgis_io.report import PENETRATION_PARAMETER, methods_paragraph

    grid = _grid(3)
    people = pd.DataFrame(stats_rows(regions=grid))
    area = people.drop(columns=[c for c in people.columns if "pop" in c or "subscribers" in c])

    def methods(statistics, parameters):
        return methods_paragraph(ReportInputs(regions=_regions(grid), region_field="name", statistics=statistics,
                                              parameters=parameters, penetration=0.27), None)

    old = {"radius": "3 km", "보급률": "0.27"}
    new = {"radius": "3 km", PENETRATION_PARAMETER: "0.27"}
    for parameters in (old, new):
        text = methods(people, parameters)
        assert "Parameters: radius 3 km; penetration 0.27." in text and "보급률" not in text, text
        text = methods(area, parameters)
        assert "Parameters: radius 3 km." in text and "0.27" not in text, text
    assert install_translator()  # QGIS in Korean
    try:
        assert "보급률 0.27" in methods(people, new) and "penetration" not in methods(people, new)
    finally:
        remove_translator()
