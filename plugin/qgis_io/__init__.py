"""Conversions between QGIS layers and the core's plain data (pandas / numpy)."""
