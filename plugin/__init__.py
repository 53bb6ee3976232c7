"""Base Station Mapper package (core, QGIS I/O, tasks, UI, Processing)."""
