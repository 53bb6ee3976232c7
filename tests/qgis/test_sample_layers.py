"""The sample as the dock opens it: provinces drawn as outlines, so that the coverage computed over them shows."""

from __future__ import annotations

from qgis.PyQt.QtCore import QSize, Qt


def test_sample_provinces_are_outlines_and_coverage_shows_through(plugin, qgis_new_project):
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsProject

    dock = plugin.dock
    dock.sample_button.click()
    layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
    provinces = layers["Provinces (sample)"]
    fill = provinces.renderer().symbol().symbolLayer(0)
    assert fill.brushStyle() == Qt.BrushStyle.NoBrush and fill.strokeColor().alpha() == 255
    places = layers["Populated places (sample)"].renderer().symbol()
    assert places.size() < 2.0

    # drawn alone, a province's inside is left as the map's background
    settings = QgsMapSettings()
    settings.setLayers([provinces])
    settings.setDestinationCrs(provinces.crs())
    settings.setExtent(provinces.extent())
    settings.setOutputSize(QSize(200, 150))
    settings.setBackgroundColor(Qt.GlobalColor.white)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    largest = max((f.geometry() for f in provinces.getFeatures()), key=lambda g: g.area())
    centre = largest.pointOnSurface().asPoint()
    pixel = settings.mapToPixel().transform(centre)
    colour = image.pixelColor(int(pixel.x()), int(pixel.y()))
    assert (colour.red(), colour.green(), colour.blue()) == (255, 255, 255)
