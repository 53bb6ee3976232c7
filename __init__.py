"""Base Station Mapper QGIS plugin entry point."""


def classFactory(iface):
    """Create the plugin instance (called by QGIS when the plugin is loaded)."""
    from .plugin.dependencies import MissingDependenciesPlugin, missing_packages

    missing = missing_packages()
    if missing:  # say which packages to install instead of failing with a traceback
        return MissingDependenciesPlugin(iface, missing)
    from .plugin.main import BaseStationMapperPlugin

    return BaseStationMapperPlugin(iface)
