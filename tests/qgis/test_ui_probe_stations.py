"""Probes of the Stations section and the Add station tool with the layers analysts have."""

from __future__ import annotations

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from support.stations_qgis import click, set_canvas

PYONGYANG = (125.7543, 39.0392)


def test_station_layer_removed_while_adding_adds_nothing_to_another_point_layer(plugin, qgis_iface, tmp_path,
                                                                                python_errors):
    """The station layer removed from the project with the Add station tool on and population points loaded: the
    Stations list fell silently on the population layer (no signal), and the next click started editing it and
    added a 'station' to it. The list now shows no layer, and a click says to choose one."""
    population = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:double", "population", "memory")
    QgsProject.instance().addMapLayer(population)
    section = plugin.dock.sections["stations"]
    layer = section.new_layer(str(tmp_path / "stations.gpkg"))
    section.open_form.setChecked(False)
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:4326", PYONGYANG, layers=[layer, population])
    QTest.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert canvas.mapTool() is section.tool
    QgsProject.instance().removeMapLayer(layer.id())
    QApplication.processEvents()
    assert section.layer_combo.currentLayer() is None and section.current_layer() is None
    assert section.counts_label.text().startswith("No station layer")
    qgis_iface.messageBar().clearWidgets()
    click(section.tool, canvas, center)
    assert not population.isEditable() and population.featureCount() == 0
    assert [i.text() for i in qgis_iface.messageBar().items()] == ["Choose or create a station layer first."]
    assert not python_errors


def test_a_click_into_a_station_layer_without_a_crs_is_refused_saying_why(plugin, qgis_iface, tmp_path, python_errors):
    """A station Shapefile without its .prj (no CRS), stations in longitudes and latitudes, the canvas in Web
    Mercator: a click on the imagery at Pyongyang wrote the station at (13998904, 4727288), the canvas's metres
    among degrees. The click is refused, the message says why and what to do."""
    from osgeo import ogr

    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "towers.shp"))
    lyr = ds.CreateLayer("towers", None, ogr.wkbPoint)
    for field in ("name", "status", "technology"):
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("name", "T0")
    feat.SetField("status", "confirmed")
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.75 39.02)"))
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    layer = QgsVectorLayer(str(tmp_path / "towers.shp"), "towers", "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.sections["stations"]
    section.set_layer(layer)
    section.open_form.setChecked(False)
    canvas = qgis_iface.mapCanvas()
    center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[layer])
    section.add_action.trigger()
    qgis_iface.messageBar().clearWidgets()
    click(section.tool, canvas, center)
    assert layer.featureCount() == 1 and not layer.isEditable()
    assert [i.text() for i in qgis_iface.messageBar().items()] == [
        "towers has no coordinate reference system, so a click cannot be placed in it: set its CRS (Layer Properties "
        "› Source) and try again. No station was added."]
    assert not python_errors


def test_the_plugin_loaded_with_population_points_adds_no_station_to_them(qgis_iface, qgis_new_project,
                                                                          qgis_processing, tmp_path, python_errors):
    """The plugin enabled (or installed) in a project holding population points and no station layer: the Stations
    list fell by itself on the population layer, the counts read '0 stations' for it, and S and a click started
    editing it and added a 'station' to it, without a word. The lists show no layer; the click says to choose one;
    a station layer chosen next is the one the review shows."""
    import pandas as pd

    import basestation_mapper
    from basestation_mapper.plugin.qgis_io import station_layer as sl

    population = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:double", "population", "memory")
    QgsProject.instance().addMapLayer(population)
    plugin = basestation_mapper.classFactory(qgis_iface)
    plugin.initGui()
    try:
        section = plugin.dock.sections["stations"]
        review = plugin.dock.sections["detection"].review
        assert section.current_layer() is None and review.current_layer() is None
        assert section.counts_label.text().startswith("No station layer")
        section.open_form.setChecked(False)
        canvas = qgis_iface.mapCanvas()
        center = set_canvas(canvas, "EPSG:3857", PYONGYANG, layers=[population])
        qgis_iface.messageBar().clearWidgets()
        section.add_action.trigger()
        click(section.tool, canvas, center)
        assert not population.isEditable() and population.featureCount() == 0
        assert "Choose or create a station layer first." in [i.text() for i in qgis_iface.messageBar().items()]
        df = pd.DataFrame({"lon": [125.70], "lat": [39.0], "status": ["candidate"], "confidence": [0.5]})
        candidates = sl.write_frame_to_gpkg(df, str(tmp_path / "cand.gpkg"), name="cand")
        QgsProject.instance().addMapLayer(candidates)
        section.layer_combo.setLayer(candidates)
        assert review.current_layer() is candidates and len(review.queue) == 1
    finally:
        plugin.unload()
    assert not python_errors


def test_statuses_in_another_case_are_drawn_as_their_status(qgis_new_project):
    """'Candidate' and ' CONFIRMED' (typed by hand, made elsewhere) were drawn with the 'other' symbol: the rules
    compared the status as written."""
    from qgis.core import QgsFeature, QgsRenderContext

    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer, station_renderer

    layer = create_memory_station_layer("stations")
    renderer = station_renderer()
    context = QgsRenderContext()
    context.setExpressionContext(layer.createExpressionContext())
    renderer.startRender(context, layer.fields())
    by_key = {rule.ruleKey(): rule.label() for rule in renderer.rootRule().descendants()}
    labels = {}
    try:
        for status in ("Candidate", " CONFIRMED", "rejected", "maybe"):
            feat = QgsFeature(layer.fields())
            feat["status"], feat["technology"] = status, "3G"
            context.expressionContext().setFeature(feat)
            labels[status] = [by_key[key] for key in renderer.legendKeysForFeature(feat, context) if key in by_key]
    finally:
        renderer.stopRender(context)
    assert labels == {"Candidate": ["3G candidate"], " CONFIRMED": ["3G confirmed"], "rejected": ["3G rejected"],
                      "maybe": ["other"]}
