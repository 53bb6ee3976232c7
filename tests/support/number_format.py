"""QGIS set to write numbers in another locale, as Options › General › Locale does, for the length of a test."""

from __future__ import annotations

import contextlib

#: the QGIS settings that decide how QGIS writes numbers (besides the default QLocale it sets at startup)
NUMBER_SETTINGS = ("locale/overrideFlag", "locale/showGroupSeparator")


@contextlib.contextmanager
def qgis_number_locale(locale=None, group_separator: bool | None = None):
    """QGIS writing numbers in ``locale`` (a QLocale: QGIS sets it as the default QLocale at startup from
    Options › General › Locale › "Locale (numbers, date and currency formats)"; None: the one it has), with group
    separators when ``group_separator`` (the Options' "Show group separator", read with the locale override on);
    the default QLocale and those settings as found afterwards."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale

    settings = QgsSettings()
    before = QLocale()
    old = {key: settings.value(key) for key in NUMBER_SETTINGS}
    if locale is not None:
        QLocale.setDefault(locale)
    if group_separator is not None:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/showGroupSeparator", group_separator)
    try:
        yield
    finally:
        QLocale.setDefault(before)
        for key, value in old.items():
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)


def german():
    from qgis.PyQt.QtCore import QLocale

    return QLocale(QLocale.Language.German, QLocale.Country.Germany)


def group_separators_shown():
    """QGIS showing group separators (Options › General › Locale › Show group separator) in its locale."""
    return qgis_number_locale(group_separator=True)
