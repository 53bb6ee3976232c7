"""Small shims so that the same code runs on QGIS 3.22 (Qt5) and QGIS 4 (Qt6)."""

from __future__ import annotations

from qgis.core import Qgis

QGIS_VERSION_INT = Qgis.QGIS_VERSION_INT  # qt6-check: allow


def field_type(kind: str):
    """The type to pass to ``QgsField`` for ``kind`` in {'str', 'float', 'int', 'bool'}.

    QGIS >= 3.38 takes ``QMetaType.Type`` (the only choice under Qt6);
    older releases take ``QVariant.Type``.
    """
    if QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        return {
            "str": QMetaType.Type.QString,
            "float": QMetaType.Type.Double,
            "int": QMetaType.Type.Int,
            "bool": QMetaType.Type.Bool,
        }[kind]
    from qgis.PyQt.QtCore import QVariant

    return {
        "str": QVariant.Type.String,
        "float": QVariant.Type.Double,
        "int": QVariant.Type.Int,
        "bool": QVariant.Type.Bool,
    }[kind]


def distance_unit(kind: str):
    """The distance unit ``kind`` in {'meters', 'feet', 'kilometers'}.

    QGIS >= 3.30 has ``Qgis.DistanceUnit`` (``QgsUnitTypes.DistanceUnit.DistanceMeters`` is kept
    there only as an alias of it); older releases have only ``QgsUnitTypes.DistanceUnit``.
    """
    if QGIS_VERSION_INT >= 33000:
        return {
            "meters": Qgis.DistanceUnit.Meters,
            "feet": Qgis.DistanceUnit.Feet,
            "kilometers": Qgis.DistanceUnit.Kilometers,
        }[kind]
    from qgis.core import QgsUnitTypes

    return {
        "meters": QgsUnitTypes.DistanceUnit.DistanceMeters,
        "feet": QgsUnitTypes.DistanceUnit.DistanceFeet,
        "kilometers": QgsUnitTypes.DistanceUnit.DistanceKilometers,
    }[kind]


def raster_written():
    """What ``QgsRasterFileWriter.writeRaster`` returns on success: ``Qgis.RasterFileWriterResult``
    where QGIS has it (QGIS 4's writer has no ``WriterError`` enum), else ``WriterError.NoError``."""
    if hasattr(Qgis, "RasterFileWriterResult"):
        return Qgis.RasterFileWriterResult.Success
    from qgis.core import QgsRasterFileWriter

    return QgsRasterFileWriter.WriterError.NoError
