"""QGIS set to write numbers in another locale, as Options › General › Locale does, for the length of a test."""

from __future__ import annotations

import contextlib


@contextlib.contextmanager
def qgis_number_locale(locale):
    """QGIS writing numbers in ``locale`` (a QLocale: QGIS sets it as the default QLocale at startup from
    Options › General › Locale › "Locale (numbers, date and currency formats)"); the default QLocale as found
    afterwards."""
    from qgis.PyQt.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(locale)
    try:
        yield
    finally:
        QLocale.setDefault(before)


def german():
    from qgis.PyQt.QtCore import QLocale

    return QLocale(QLocale.Language.German, QLocale.Country.Germany)
