"""Base Station Mapper QGIS plugin entry point."""


def classFactory(iface):
    """Create the plugin instance (called by QGIS when the plugin is loaded)."""
    from .plugin.main import BaseStationMapperPlugin

    return BaseStationMapperPlugin(iface)
