"""Numbers the analyst reads in QGIS are written in the locale QGIS sets from Options › General › Locale (a German
analyst reads '12,6 km²' and '80.000', where '12,345 km²' read as twelve), grouped as the English text always was
('1,203 stations' in English, '1.203' in German); files keep '.' decimals; the command line English."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from support.coverage import wait_for_coverage
from support.number_format import german, qgis_number_locale
from support.review_read import wait_review

#: a number as German writes it: digits grouped by points, a decimal comma
GERMAN = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$")


@pytest.fixture
def scene(coverage_scene):
    return coverage_scene


def _column(section, header: str) -> dict[str, str]:
    """``{region: text shown}`` of the Coverage table's column ``header``."""
    headers = [section.table.horizontalHeaderItem(c).text() for c in range(section.table.columnCount())]
    c = headers.index(header)
    return {section.table.item(r, 0).text(): section.table.item(r, c).text() for r in range(section.table.rowCount())}


def test_coverage_table_and_summary_in_a_german_qgis(scene):
    """The West / East scene (400 km², 80 000 people, a 2 km disc in the West): in a German QGIS the table wrote
    '400.2' and '80,000' (a German reader reads 4002 and 80); it writes '400,2' and '80.000'."""
    section, *_ = scene
    with qgis_number_locale(german()):
        wait_for_coverage(section, section.run)
        area = _column(section, "Area km²")  # on the ellipsoid: a little more than 400 km²
        assert re.fullmatch(r"400,\d", area["TOTAL"]) and re.fullmatch(r"200,\d", area["West"]), area
        assert _column(section, "Population")["TOTAL"] == "80.000"
        covered = _column(section, "Covered km²")["West"]  # 4π km² and its low–high range
        assert re.fullmatch(r"12,[56] \(\d+,\d–\d+,\d\)", covered), covered
        for header in ("Area km²", "Covered km²", "Covered %", "Population", "Covered"):
            for region, text in _column(section, header).items():
                # a figure with its range: '6,3 (4,0–10,7)'
                for part in re.split(r" \(|–|\)", text):
                    assert not part or GERMAN.match(part), (header, region, text)
        summary = section.summary()
        assert "% of population covered" in summary and "." not in summary.split("·")[0], summary
        assert section.status_label.text().startswith("1 station, distances in EPSG:32652")
    # English, as before
    section.show_table(section.table_frame)
    assert _column(section, "Population")["TOTAL"] == "80,000"
    assert re.fullmatch(r"400\.\d", _column(section, "Area km²")["TOTAL"])


def test_station_counts_and_review_in_a_german_qgis(plugin):
    """1203 stations: the Stations section wrote '1,203 stations' (1.203 to a German reader, who reads '1,203' as
    one) and the review panel 'confidence 0.95'; '1.203' and '0,95' in a German QGIS."""
    import numpy as np
    from qgis.core import QgsProject

    from basestation_mapper.plugin.core.stations import normalize_frame
    from basestation_mapper.plugin.qgis_io.station_layer import frame_to_memory_layer

    n = 1203
    rng = np.random.default_rng(5)
    frame = normalize_frame(pd.DataFrame({
        "lon": 125.5 + rng.uniform(0, 0.5, n), "lat": 38.8 + rng.uniform(0, 0.5, n),
        "status": ["candidate"] + ["confirmed"] * (n - 1), "technology": ["4G"] * n,
        "confidence": [0.95] + [1.0] * (n - 1)}))
    layer = frame_to_memory_layer(frame, "network")
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    review = plugin.dock.sections["detection"].review
    with qgis_number_locale(german()):
        section.set_layer(layer)
        section.update_counts()
        assert section.counts_label.text() == "1.203 stations: 1 candidate, 1.202 confirmed, 0 rejected\n4G 1.203"
        assert section.summary() == "1.203 stations (1.202 confirmed)"
        review.set_layer(layer)
        wait_review(review)
        assert review.current_label.text().startswith("1/1 · "), review.current_label.text()
        assert "confidence 0,95" in review.current_label.text(), review.current_label.text()
    section.update_counts()
    assert section.summary() == "1,203 stations (1,202 confirmed)"


def test_core_messages_report_and_chart_in_a_german_qgis(plugin):
    """The core gives its numbers as ``num(value, spec)``: English text on the command line, written the QGIS way
    by ``translated``; the report's summary, table, parameters and chart too."""
    from qgis.core import QgsVectorLayer

    from basestation_mapper.plugin.core.chart import bar_chart_svg
    from basestation_mapper.plugin.core.messages import num, tr
    from basestation_mapper.plugin.core.methods import budget_words, station_radii_words
    from basestation_mapper.plugin.core.stats import format_count
    from basestation_mapper.plugin.core.tables import report_table
    from basestation_mapper.plugin.i18n import LocaleNumber, number, number_spec, translated
    from basestation_mapper.plugin.qgis_io.report import (
        coverage_run_of,
        penetration_text,
        preset_radii_text,
        radius_text,
        range_text,
        store_coverage_run,
        summary_line,
    )

    message = tr("population areas {source}: cells of {size} m over {w} x {h} km make {cells} cells",
                 source="a.gpkg", size=num(12.5, "g"), w=num(1234.5, ",.1f"), h=num(0.3, ",.1f"),
                 cells=num(1234567, ","))
    stats = pd.DataFrame({"region": ["West", "TOTAL"], "area_km2": [1234.4, 1234.4], "covered_km2": [5.24, 5.24],
                          "covered_area_pct": [1.01, 1.01], "population": [80000.0, 80000.0],
                          "covered_pop": [2513.3, 2513.3], "covered_pop_pct": [3.14, 3.14],
                          "estimated_subscribers": [6_912_000.0, 6_912_000.0]})
    with qgis_number_locale(german()):
        assert message == "population areas a.gpkg: cells of 12.5 m over 1,234.5 x 0.3 km make 1,234,567 cells"
        assert translated(message) == \
            "population areas a.gpkg: cells of 12,5 m over 1.234,5 x 0,3 km make 1.234.567 cells"
        assert translated(budget_words(1800.0, 58.5, -100.0, "urban")) == "1800 MHz, 58,5 dBm, -100 dBm, urban"
        assert (translated(radius_text(12000.0)), translated(range_text(0.8, 1.2))) == ("12.000 m", "0,8–1,2")
        assert translated(preset_radii_text({"2G": 12500.0, "5G": 500.0})["radius per technology"]) == \
            "2G 12,5 km, 5G 0,5 km"
        assert translated(station_radii_words(1500, 2000)) == \
            "each station's own (field radius_m) for 1.500 of 2.000, the others:"
        # a run's methods stored on its statistics table keep their numbers: the report writes them in its locale
        table = QgsVectorLayer("None?field=region:string", "stats", "memory")
        store_coverage_run(table, {"parameters": {"radius": radius_text(12000.0),
                                                  "penetration": penetration_text(0.27)}})
        stored = coverage_run_of(table)["parameters"]
        assert (stored["radius"], stored["penetration"]) == ("12,000 m", "0.27")
        assert (translated(stored["radius"]), translated(stored["penetration"])) == ("12.000 m", "0,27")
        assert translated(format_count(6_912_000)) == "6,9 M"
        assert summary_line(stats, 1043) == ("1.043 stations · 3,1 % of population covered · 6,9 M est. subscribers")
        table = report_table(stats, number=number_spec)
        assert table[-1] == ["TOTAL", "1.234", "5,2", "1,0", "80.000", "2.513", "3,1", "6.912.000"]
        svg = bar_chart_svg(["West"], [2513.3], number=number_spec)
        assert ">2,51 k<" in svg
        assert (number(1234.5, 1), number(1234, count=True), number(0.25, None)) == ("1.234,5", "1.234", "0,25")
        template = "{pct:.1f} %"  # a template holding its number's format, as some translations do
        assert template.format(pct=LocaleNumber(3.14)) == "3,1 %"
    # files and the command line: English, '.' decimals, as before
    assert report_table(stats)[-1][1:4] == ["1,234", "5.2", "1.0"]
    assert ">2.51 k<" in bar_chart_svg(["West"], [2513.3])
    assert translated(message) == message == \
        "population areas a.gpkg: cells of 12.5 m over 1,234.5 x 0.3 km make 1,234,567 cells"


def test_numbers_in_qgis_hold_the_english_text_digits_and_form():
    """The English text in QGIS is the command line's: Qt rounded half away from zero where Python rounds half to
    even ('62.5 %' of '{:.0f}' was '63', the command line's '62'; 0.125 '0.13'), wrote a float given as it is short
    ('4e+06 is outside [-90, 90]' of a northing, the command line's '4000000.0'), and '-0.0' without its sign;
    a count past Qt's 64-bit integers was '0' (the cells of a tiny cell size: 'make 0 cells') or failed."""
    from basestation_mapper.plugin.core.messages import num, tr
    from basestation_mapper.plugin.i18n import LocaleNumber, number, number_spec, translated

    for value, spec in ((62.5, ".0f"), (0.125, ".2f"), (2.5, ",.0f"), (0.625, ".0%"), (2125.0, ".3g"),
                        (1234565.0, "g"), (4_000_000.0, ""), (4_000_000.0, ","), (1.5e-7, ""), (1e22, ""),
                        (-0.0, ".1f"), (10**22, ","), (-(10**20), ","), (2.0**70, ",.0f")):
        assert number_spec(value, spec) == format(value, spec), (value, spec)
    assert (number(62.5), number(0.125, 2), number(1234565.0, None), number(10**22, count=True)) == \
        ("62", "0.12", "1.23456e+06", "10,000,000,000,000,000,000,000")
    outside = tr("{value} is outside [{lo}, {hi}]{hint}", value=num(4_000_000.0), lo=num(-90.0, "g"),
                 hi=num(90.0, "g"), hint="")
    cells = tr("population areas {source}: cells of {size} m over {w} x {h} km make {cells} cells, more than "
               "{most}: choose cells of {least} m or more", source="a.gpkg", size=num(1e-7, "g"),
               w=num(1000.0, ",.1f"), h=num(1000.0, ",.1f"), cells=num(10**26, ","), most=num(50_000_000, ","),
               least=num(1, ","))
    for message in (outside, cells):
        assert translated(message) == message
    template = "{pct:.0f} %"  # a template holding its number's format
    assert template.format(pct=LocaleNumber(62.5)) == "62 %"
    with qgis_number_locale(german()):
        assert translated(outside) == "4000000,0 is outside [-90, 90]"
        assert "make 100.000.000.000.000.000.000.000.000 cells" in translated(cells)
        assert (number(62.5), number_spec(0.125, ".2f"), number_spec(-0.0, ".1f")) == ("62", "0,12", "-0,0")
        assert number(-(10**20), count=True) == "-100.000.000.000.000.000.000"


def test_growth_chart_top_count_as_the_english_text_wrote_it(qgis_app, monkeypatch):
    """The review's growth chart wrote its largest bar's count as ``str``: '1203', not '1,203' (nor '1.203')."""
    import importlib

    from qgis.PyQt.QtGui import QPainter

    importlib.import_module("basestation_mapper.plugin.ui.dock")  # (the panels import one another through it)
    review_panel = importlib.import_module("basestation_mapper.plugin.ui.review_panel")

    drawn = []

    class Recording(QPainter):
        def drawText(self, *args):
            drawn.append(args[-1])
            return super().drawText(*args)

    monkeypatch.setattr(review_panel, "QPainter", Recording)
    chart = review_panel.GrowthChart()
    chart.resize(240, 100)
    chart.set_data({2019: 17, 2020: 1203})
    chart.grab()
    with qgis_number_locale(german()):
        chart.grab()
    assert drawn.count("1203") == 2, drawn
