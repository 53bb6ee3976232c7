"""Pure computational core: numpy / pandas / shapely / rasterio only, never ``qgis``."""
