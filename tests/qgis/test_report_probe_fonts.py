"""The report's Korean text and the fonts of the computer writing it."""

from __future__ import annotations

import pandas as pd
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QFontDatabase
from support.export_layers import stats_rows

from basestation_mapper.plugin.qgis_io.report import ReportInputs, build_report, font_warning


def test_korean_text_without_a_korean_font_is_reported():
    """Debian's QGIS installs no font with Hangul and the report asks for DejaVu Sans, which has none: on such a
    computer the names and the title came out as empty boxes, and nothing said so."""
    warning = font_warning(["Report", "평안남도"], families=[])
    assert warning and "fonts-nanum" in warning
    assert font_warning(["평안남도"], families=["NanumGothic"]) is None  # a font has them
    assert font_warning(["P'yŏngan-namdo", "Kangwŏn-do"], families=[]) is None  # no Korean: no font needed


def test_a_korean_report_on_a_computer_with_a_korean_font_says_nothing(qgis_app):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "Regions", "memory")
    layer.dataProvider().addAttributes([QgsField("name", QVariant.Type.String)])
    layer.updateFields()
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["평안남도"])
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(125.5, 38.9, 126.0, 39.3)))
    layer.dataProvider().addFeatures([feat])
    layer.updateExtents()
    report = build_report(ReportInputs(regions=layer, region_field="name",
                                       statistics=pd.DataFrame(stats_rows(regions=[("평안남도", 0, 0, 0, 0)]))))
    report.close()
    try:
        has_font = bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    except TypeError:
        has_font = bool(QFontDatabase().families(QFontDatabase.WritingSystem.Korean))
    assert any("Korean characters" in w for w in report.warnings) == (not has_font)
