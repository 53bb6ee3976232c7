"""Imagery section and Detection panel driven through their real widgets."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pytest
from qgis.core import QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from support.rerank import click_rerank
from support.waiting import wait_until

from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY, acquisition_date_of


def _section(plugin, key):
    return plugin.dock.sections[key]




@pytest.fixture(scope="module")
def scene(shared_data):
    from support.scenes import make_scene

    return make_scene(shared_data, 6, "forest", 0.3)


def test_presets_and_urls_offline(plugin):
    imagery = _section(plugin, "imagery")
    imagery.preset_combo.setCurrentIndex(imagery.preset_combo.findData("esri_world_imagery"))
    QTest.mouseClick(imagery.add_preset_button, Qt.MouseButton.LeftButton)
    layers = imagery.layers()
    assert len(layers) == 1
    esri = layers[0]
    assert esri.providerType() == "wms" and "type=xyz" in esri.source()
    assert "World_Imagery" in esri.source() and esri.isValid()  # XYZ layers need no network to be created
    group = QgsProject.instance().layerTreeRoot().findGroup("Base Station Mapper")
    assert group is not None and group.findLayer(esri.id()) is not None
    # a user WMS source: layer created and saved in the settings (no request is made here)
    imagery.kind_combo.setCurrentIndex(imagery.kind_combo.findData("wms"))
    imagery.url_edit.setText("https://example.invalid/wms")
    imagery.layers_edit.setText("ortho2019")
    QTest.mouseClick(imagery.add_url_button, Qt.MouseButton.LeftButton)
    wms = [lyr for lyr in imagery.layers() if "example.invalid" in lyr.source()]
    assert wms and "layers=ortho2019" in wms[0].source() and "crs=EPSG:3857" in wms[0].source()
    from basestation_mapper.plugin.settings import ImagerySettings

    saved = ImagerySettings.load().custom_sources
    assert {"kind": "wms", "url": "https://example.invalid/wms", "name": "https://example.invalid/wms",
            "layers": "ortho2019"} in saved
    assert imagery.saved_combo.count() >= 1
    # a bad XYZ URL is refused with a message, nothing added
    before = len(imagery.layers())
    assert imagery.add_url("xyz", "https://tiles.invalid/no-placeholders.png", save=False) is None
    assert len(imagery.layers()) == before
    ImagerySettings.reset()


def test_dates_listing_editing_and_compare(plugin, tmp_path):
    from support.detect_data import write_plain

    imagery = _section(plugin, "imagery")
    arr = np.full((1, 50, 50), 100, np.uint8)
    gt = (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)
    old = write_plain(tmp_path / "old.tif", arr, gt, 32652)
    from osgeo import gdal

    ds = gdal.Open(str(old), gdal.GA_Update)
    ds.SetMetadataItem("TIFFTAG_DATETIME", "2014:08:30 02:11:00")
    ds = None
    new = write_plain(tmp_path / "WV3_20210412_tile.tif", arr, gt, 32652)
    undated = write_plain(tmp_path / "plain.tif", arr, gt, 32652)
    for p in (new, undated, old):
        assert imagery.add_file(str(p)) is not None
    names = [lyr.name() for lyr in imagery.layers()]
    assert names == ["old", "WV3_20210412_tile", "plain"]  # by date, undated last
    assert imagery.table.item(0, 0).text() == "2014-08-30"
    # edit the undated layer's date in the table: the layer property changes and the list re-sorts
    imagery.table.item(2, 0).setText("2016-05-01")
    plain = next(lyr for lyr in imagery.layers() if lyr.name() == "plain")
    assert plain.customProperty(ACQ_DATE_PROPERTY) == "2016-05-01"
    assert [lyr.name() for lyr in imagery.layers()] == ["old", "plain", "WV3_20210412_tile"]
    assert "2014-08-30" in imagery.summary() and "2021-04-12" in imagery.summary()
    # an invalid date is refused and the property is kept
    imagery.table.item(1, 0).setText("yesterday")
    assert acquisition_date_of(plain) == "2016-05-01"
    # compare two dates: toggling shows one and hides the other
    root = QgsProject.instance().layerTreeRoot()
    a = imagery.layers()[0]
    b = imagery.layers()[-1]
    imagery.compare_a.setCurrentIndex(imagery.compare_a.findData(a.id()))
    imagery.compare_b.setCurrentIndex(imagery.compare_b.findData(b.id()))
    QTest.mouseClick(imagery.toggle_button, Qt.MouseButton.LeftButton)
    first = (root.findLayer(a.id()).isVisible(), root.findLayer(b.id()).isVisible())
    QTest.mouseClick(imagery.toggle_button, Qt.MouseButton.LeftButton)
    second = (root.findLayer(a.id()).isVisible(), root.findLayer(b.id()).isVisible())
    assert first != second and sum(first) == 1 and sum(second) == 1
    assert plugin.dock.state()["imagery"]["controls"]["compare_a"] == a.id()


def test_run_detector_from_panel(plugin, scene, tmp_path):
    panel = _section(plugin, "detection").detection
    path = scene.write(tmp_path / "scene.tif")
    layer = QgsRasterLayer(str(path), "scene")
    layer.setCustomProperty(ACQ_DATE_PROPERTY, "2020-10-10")
    QgsProject.instance().addMapLayer(layer)
    panel.raster_combo.setLayer(layer)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.task is not None and not panel.run_button.isEnabled()
    wait_until(lambda: panel.task is None)
    target = panel.target_combo.currentLayer()
    assert target is not None and target.name() == "Detected candidates"
    feats = list(target.getFeatures())
    assert feats
    assert {f["status"] for f in feats} == {"candidate"}
    assert {f["image_date"] for f in feats} == {"2020-10-10"}
    # the sun elevation unknown, the image date and the sun azimuth tell it (the sun passes an azimuth once a day)
    said = re.match(r"\d+ candidates from scene added to Detected candidates\. Heights told from the shadows under a "
                    r"sun at (\d+)°, as high as it stands at that azimuth on the image date \(2020-10-10\)\.$",
                    panel.status_label.text())
    assert said, panel.status_label.text()
    from pyproj import Transformer

    from basestation_mapper.plugin.core.detect.sun import elevation_at_azimuth

    lon, lat = Transformer.from_crs(f"EPSG:{scene.epsg}", "EPSG:4326", always_xy=True).transform(*scene.truth[0])
    expected = elevation_at_azimuth("2020-10-10", lat, lon, round(scene.sun_azimuth))
    assert int(said.group(1)) == pytest.approx(expected, abs=1.0)
    assert all(f"m tall at a sun elevation of {expected:.0f}°" in f["notes"] for f in feats)
    assert "Sun searched" not in panel.status_label.text()  # the sun was given
    assert "Imagery read at" not in panel.status_label.text()  # a local raster in metres: as it is
    assert panel.progress.value() == 100
    # the new layer is drawn as every station layer: candidates hollow, confirmed filled, rejected grey,
    # each in its technology's colour, and it has the station form
    rules = {r.label(): r.symbol() for r in target.renderer().rootRule().children()}
    candidate, confirmed, rejected = rules["3G candidate"], rules["3G confirmed"], rules["3G rejected"]
    assert candidate.symbolLayer(0).fillColor().alpha() == 0
    assert confirmed.color().alpha() == 255
    assert confirmed.color().name() == candidate.symbolLayer(0).strokeColor().name()
    assert rejected.color().name() != confirmed.color().name()
    assert rejected.color().name() == rules["4G rejected"].color().name()
    assert target.editorWidgetSetup(target.fields().indexOf("status")).type() == "ValueMap"


def test_raster_in_degrees_run_says_how_it_was_read(plugin, scene, tmp_path):
    """Imagery in degrees goes through the provider: the panel says at what resolution and CRS."""
    from dataclasses import replace

    from osgeo import gdal

    panel = _section(plugin, "detection").detection
    crop = replace(scene, image=scene.image[:, :300, :300].copy())
    geo = tmp_path / "geo.tif"
    gdal.Warp(str(geo), str(crop.write(tmp_path / "crop.tif")), dstSRS="EPSG:4326")
    layer = QgsRasterLayer(str(geo), "in degrees")
    QgsProject.instance().addMapLayer(layer)
    panel.raster_combo.setLayer(layer)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    assert re.search(r"Imagery read at [0-9.]+ m in EPSG:326\d\d\.", panel.status_label.text()), \
        panel.status_label.text()



def test_map_view_larger_than_an_image_in_degrees_is_cut_to_it(plugin, qgis_iface, scene, tmp_path):
    """Imagery in degrees is read over the extent at a ground resolution: a map view of the whole
    world around a small image was read whole, and refused as too large for the resolution."""
    from dataclasses import replace

    from osgeo import gdal
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    panel = _section(plugin, "detection").detection
    crop = replace(scene, image=scene.image[:, :300, :300].copy())
    geo = tmp_path / "geo_world.tif"
    gdal.Warp(str(geo), str(crop.write(tmp_path / "crop_world.tif")), dstSRS="EPSG:4326")
    layer = QgsRasterLayer(str(geo), "in degrees, world view")
    QgsProject.instance().addMapLayer(layer)
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setExtent(QgsRectangle(-180, -85, 180, 85))
    panel.raster_combo.setLayer(layer)
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("canvas"))
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    assert "too large" not in text and re.search(r"Imagery read at [0-9.]+ m in EPSG:326\d\d\.", text), text
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("layer"))

def test_cancel_leaves_layer_untouched(plugin, shared_data, tmp_path):
    from support.scenes import make_scene

    panel = _section(plugin, "detection").detection
    big = make_scene(shared_data, 3, "atlanta", 0.3, n_masts=2)
    path = big.write(tmp_path / "big.tif")
    layer = QgsRasterLayer(str(path), "big")
    QgsProject.instance().addMapLayer(layer)
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    target = create_memory_station_layer("mine")
    QgsProject.instance().addMapLayer(target)
    panel.raster_combo.setLayer(layer)
    panel.target_combo.setLayer(target)
    panel.sun_spin.setValue(-1)
    assert panel.run()
    time.sleep(0.2)
    QTest.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    assert target.featureCount() == 0
    assert "Canceled" in panel.status_label.text()
    assert panel.run_button.isEnabled()


def test_rerank_learns_from_decisions(plugin):
    import pandas as pd

    from basestation_mapper.plugin.core.stations import default_record
    from basestation_mapper.plugin.qgis_io.imagery import write_candidates
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    rng = np.random.default_rng(3)
    rows = []
    for i in range(40):
        real = i % 2 == 0
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.2, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        f[8] = (0.8 if real else 0.1) + 0.1 * rng.random()  # panels: what this analyst's towers have
        rows.append(default_record(status="confirmed" if real else "rejected", origin="detected",
                                   confidence=float(rng.random()), features=json.dumps(f),
                                   lon=125.0 + i * 0.001, lat=39.0))
    for i in range(6):
        f = [0.4, 0.8, 30, 1, 0.4, 2, 0, 0.3, 0.9 if i < 3 else 0.05, 0.2, 1, 0, 2, 0, 0.3, 1, 1, 1, 1, 0, 0, 0.1]
        rows.append(default_record(status="candidate", origin="detected", confidence=0.5, features=json.dumps(f),
                                   lon=125.5 + i * 0.001, lat=39.0))
    layer = create_memory_station_layer("review")
    write_candidates(layer, pd.DataFrame(rows))
    QgsProject.instance().addMapLayer(layer)
    panel = _section(plugin, "detection").detection
    panel.target_combo.setLayer(layer)
    click_rerank(panel)
    gain = panel.last_gain
    assert gain is not None and gain["after"] > gain["before"] and gain["updated"] == 6
    open_ = sorted((f["lon"] if "lon" in f.fields().names() else f.geometry().asPoint().x(), f["confidence"])
                   for f in layer.getFeatures() if f["status"] == "candidate")
    scores = [c for _x, c in open_]
    # the detector said 0.5 of each; the decisions (towers with panels) move them well apart
    assert min(scores[:3]) > 0.7
    assert max(scores[3:]) < 0.3
    assert "→" in panel.status_label.text()


def test_sun_box_filled_from_the_image_metadata(plugin, tmp_path):
    """Choosing imagery whose metadata give the sun fills the sun box; a typed sun is kept."""
    from osgeo import gdal
    from support.detect_data import write_plain

    panel = _section(plugin, "detection").detection
    arr = np.full((64, 64), 120, np.uint8)
    paths = {}
    tags = {"dg": {"IMAGE_1.meanSunAz": "152.3"}, "timed": {"ACQUISITIONDATETIME": "2019-03-04 02:31:10"}, "plain": {}}
    for name, items in tags.items():
        paths[name] = write_plain(tmp_path / f"{name}.tif", arr, (500000.0, 0.5, 0, 4320000.0, 0, -0.5), 32652)
        ds = gdal.Open(str(paths[name]), gdal.GA_Update)
        for k, v in items.items():
            ds.SetMetadataItem(k, v)
        ds = None
    layers = {name: QgsRasterLayer(str(p), name) for name, p in paths.items()}
    panel.sun_spin.setValue(-1.0)
    QgsProject.instance().addMapLayers(list(layers.values()))
    try:
        panel.raster_combo.setLayer(layers["plain"])
        panel.raster_combo.setLayer(layers["dg"])
        assert panel.sun_spin.value() == 152.0
        assert "MEANSUNAZ" in panel.status_label.text().upper()
        # UTM 52N at 39° N, 129° E, 02:31 UTC in March (11:08 solar time): a sun in the south-south-east
        panel.raster_combo.setLayer(layers["timed"])
        assert 140 <= panel.sun_spin.value() <= 170
        assert "2019-03-04 02:31 UTC" in panel.status_label.text()
        assert panel.params().sun_azimuth == panel.sun_spin.value()
        panel.raster_combo.setLayer(layers["plain"])
        assert panel.sun_spin.value() == -1.0 and panel.params().sun_azimuth is None
        # a sun typed by the analyst stays whatever imagery is chosen
        panel.sun_spin.setValue(100.0)
        panel.raster_combo.setLayer(layers["dg"])
        assert panel.sun_spin.value() == 100.0
    finally:
        panel.sun_spin.setValue(-1.0)
        QgsProject.instance().removeMapLayers([lyr.id() for lyr in layers.values()])


def test_sun_elevation_from_the_metadata_or_typed_tells_the_candidates_heights(plugin, scene, tmp_path):
    """The sun elevation box is filled from the imagery's metadata (unknown without one; a typed elevation stays);
    a run with an elevation writes each candidate's height told from its shadow, the status says so."""
    import math

    from osgeo import gdal
    from pyproj import Transformer

    panel = _section(plugin, "detection").detection
    assert panel.elevation_spin.text() == "unknown" and panel.sun_elevation() is None
    tagged = scene.write(tmp_path / "tagged.tif")
    ds = gdal.Open(str(tagged), gdal.GA_Update)
    ds.SetMetadataItem("IMAGE_1.meanSunAz", f"{scene.sun_azimuth:.2f}")
    ds.SetMetadataItem("IMAGE_1.meanSunEl", f"{scene.sun_elevation:.2f}")
    ds = None
    layers = [QgsRasterLayer(str(tagged), "tagged"), QgsRasterLayer(str(scene.write(tmp_path / "plain.tif")), "plain")]
    QgsProject.instance().addMapLayers(layers)
    try:
        panel.raster_combo.setLayer(layers[0])
        assert panel.sun_elevation() == round(scene.sun_elevation)
        assert "elevation" in panel.status_label.text()
        panel.raster_combo.setLayer(layers[1])
        assert panel.sun_elevation() is None  # this image's sun is not known
        panel.elevation_spin.setValue(50.0)  # typed: kept whatever imagery is chosen
        panel.raster_combo.setLayer(layers[0])
        assert panel.sun_elevation() == 50.0
        panel.elevation_spin.setValue(round(scene.sun_elevation))
        QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: panel.task is None)
        assert f"Heights told from the shadows under a sun at {round(scene.sun_elevation):.0f}°" in \
            panel.status_label.text()
        target = panel.target_combo.currentLayer()
        to_scene = Transformer.from_crs("EPSG:4326", f"EPSG:{scene.epsg}", always_xy=True)
        told = 0
        for f in target.getFeatures():
            x, y = to_scene.transform(f.geometry().asPoint().x(), f.geometry().asPoint().y())
            mast = min(scene.masts, key=lambda m: math.hypot(m.x - x, m.y - y))
            if math.hypot(mast.x - x, mast.y - y) <= 15.0:
                told += 1
                assert f["antenna_height_m"] == pytest.approx(mast.height_m, rel=1 / 3)
                assert "m tall at a sun elevation of" in f["notes"]
        assert told >= 3
        # kept with the project's state of the dock
        assert panel.state()["sun_elevation"] == round(scene.sun_elevation)
        panel.elevation_spin.setValue(panel.elevation_spin.minimum())
        panel.restore_state({"sun_elevation": 33.0})
        assert panel.sun_elevation() == 33.0
    finally:
        panel.elevation_spin.setValue(panel.elevation_spin.minimum())
        panel.sun_spin.setValue(-1.0)
        QgsProject.instance().removeMapLayers([lyr.id() for lyr in layers])


def test_small_raster_run_says_the_area_is_small(plugin, scene, tmp_path):
    """A 60 m crop: the run finishes and the panel says masts near its edges cannot be verified."""
    from dataclasses import replace

    panel = _section(plugin, "detection").detection
    gt = scene.transform
    crop = replace(scene, image=scene.image[:, :200, :200].copy())
    layer = QgsRasterLayer(str(crop.write(tmp_path / "crop.tif")), "crop")
    assert layer.extent().width() == pytest.approx(200 * gt[1])
    QgsProject.instance().addMapLayer(layer)
    panel.raster_combo.setLayer(layer)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    assert "area searched is only 60 × 60 m" in panel.status_label.text()


@pytest.mark.parametrize("canvas_crs", ["EPSG:32652", "EPSG:3857", "EPSG:4326"])
def test_sun_measured_from_a_shadow_on_the_map(plugin, qgis_iface, canvas_crs):
    """'From a shadow': click the foot of a pole, then its shadow's tip; the sun is the way back, on the
    ground whatever the map's CRS (checked against pyproj's geodesic azimuth)."""
    from pyproj import Geod
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY
    from support.stations_qgis import click, set_canvas

    panel = _section(plugin, "detection").detection
    canvas = qgis_iface.mapCanvas()
    centre = set_canvas(canvas, canvas_crs, (127.5, 40.0), half_width_m=200.0)
    QTest.mouseClick(panel.shadow_button, Qt.MouseButton.LeftButton)
    assert canvas.mapTool() is panel.shadow_tool and panel.shadow_button.isChecked()
    step = 30.0 if canvas_crs != "EPSG:4326" else 30.0 / 111000.0
    foot = QgsPointXY(centre.x(), centre.y())
    tip = QgsPointXY(centre.x() + step, centre.y() - 2 * step)  # a shadow towards the south-south-east
    click(panel.shadow_tool, canvas, QgsPointXY(centre.x() - step, centre.y()), Qt.MouseButton.LeftButton)
    click(panel.shadow_tool, canvas, foot, Qt.MouseButton.RightButton)  # a right click starts over
    click(panel.shadow_tool, canvas, foot)
    assert panel.sun_spin.value() < 0  # nothing measured yet
    click(panel.shadow_tool, canvas, tip)
    to_lonlat = QgsCoordinateTransform(QgsCoordinateReferenceSystem(canvas_crs),
                                       QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    # the points the clicks landed on (pixel-rounded), on the ground
    pixel = canvas.getCoordinateTransform()
    a, b = (to_lonlat.transform(pixel.toMapCoordinates(pixel.transform(p).toQPointF().toPoint())) for p in (foot, tip))
    shadow_az = Geod(ellps="WGS84").inv(a.x(), a.y(), b.x(), b.y())[0]
    expected = (shadow_az + 180.0) % 360.0
    assert 300 < expected < 350  # the sun in the north-north-west
    assert abs(panel.sun_spin.value() - round(expected)) <= 1, (panel.sun_spin.value(), expected)
    assert not panel.shadow_button.isChecked() and canvas.mapTool() is not panel.shadow_tool
    assert "measured from a shadow" in panel.status_label.text()
    assert "may be off" not in panel.status_label.text()  # a shadow ~100 px long on the screen: within 1°
    assert panel.params().sun_azimuth == panel.sun_spin.value()


def test_a_sun_clicked_on_a_short_shadow_says_how_far_off_it_may_be(plugin, qgis_iface):
    """Two clicks a few screen pixels apart give a direction only to several degrees, which costs the detector
    masts: the panel says so (the sun is still set)."""
    from qgis.core import QgsPointXY
    from support.stations_qgis import click, set_canvas

    from basestation_mapper.plugin.ui.maptools.sun_from_shadow import click_uncertainty_deg

    panel = _section(plugin, "detection").detection
    canvas = qgis_iface.mapCanvas()
    centre = set_canvas(canvas, "EPSG:32652", (127.5, 40.0), half_width_m=200.0)
    step = 5 * canvas.mapUnitsPerPixel()  # a shadow 5 pixels long on the screen
    QTest.mouseClick(panel.shadow_button, Qt.MouseButton.LeftButton)
    click(panel.shadow_tool, canvas, QgsPointXY(centre.x(), centre.y()))
    click(panel.shadow_tool, canvas, QgsPointXY(centre.x(), centre.y() - step))  # the sun in the north
    assert panel.sun_spin.value() in (0, 359, 1)
    error = panel.shadow_tool.last_uncertainty_deg
    assert error == pytest.approx(click_uncertainty_deg(5.0), abs=2.5) and error > 8.0
    assert f"may be off by {error:.0f}°" in panel.status_label.text()
    assert click_uncertainty_deg(100.0) < 1.0 and click_uncertainty_deg(0.5) == 90.0


def test_a_shadow_clicked_zoomed_in_past_the_imagery_is_judged_in_its_pixels(plugin, qgis_iface, tmp_path):
    """Zoomed in on coarse imagery, clicks far apart on the screen are few imagery pixels apart: a shadow's tip is
    no sharper than them, so the warning counts those (here a raster in degrees, about 11 m a pixel)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY
    from support.detect_data import write_plain
    from support.stations_qgis import click, set_canvas

    from basestation_mapper.plugin.ui.maptools.sun_from_shadow import click_uncertainty_deg, imagery_pixel_in_map_units

    path = write_plain(tmp_path / "coarse.tif", np.full((3, 200, 200), 90, np.uint8),
                       (127.49, 0.0001, 0.0, 40.01, 0.0, -0.0001), 4326)
    layer = QgsRasterLayer(str(path), "coarse imagery")
    QgsProject.instance().addMapLayer(layer)
    panel = _section(plugin, "detection").detection
    canvas = qgis_iface.mapCanvas()
    centre = set_canvas(canvas, "EPSG:32652", (127.5, 40.0), half_width_m=200.0)
    pixel = imagery_pixel_in_map_units(layer, centre, QgsCoordinateReferenceSystem("EPSG:32652"))
    assert pixel == pytest.approx(11.1, abs=0.3)
    tiles = QgsRasterLayer(f"type=xyz&url=file://{tmp_path}/{{z}}/{{x}}/{{y}}.png&zmax=19", "tiles", "wms")
    assert tiles.isValid() and imagery_pixel_in_map_units(tiles, centre, canvas.mapSettings().destinationCrs()) == 0
    step = 60 * canvas.mapUnitsPerPixel()  # 60 screen pixels, 40 m: under four imagery pixels
    try:
        for imagery, warned in ((None, False), (layer, True)):
            panel.raster_combo.setLayer(imagery)
            QTest.mouseClick(panel.shadow_button, Qt.MouseButton.LeftButton)
            click(panel.shadow_tool, canvas, QgsPointXY(centre.x(), centre.y()))
            click(panel.shadow_tool, canvas, QgsPointXY(centre.x() + step, centre.y()))  # the sun in the west
            assert panel.sun_spin.value() in (269, 270, 271)
            error = panel.shadow_tool.last_uncertainty_deg
            expected = click_uncertainty_deg(step / pixel) if warned else click_uncertainty_deg(60.0)
            assert error == pytest.approx(expected, rel=0.1), imagery
            assert ("may be off by" in panel.status_label.text()) is warned
    finally:
        panel.raster_combo.setLayer(None)
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_raster_refused_at_start_is_said_in_the_bar_with_details(plugin, tmp_path):
    """A detection that could not start (a scan without a CRS) was said without the Details link."""
    from support.detect_data import write_plain
    from support.message_bar import bar_messages

    panel = plugin.dock.sections["detection"].detection
    path = write_plain(tmp_path / "scan_no_crs.tif", np.full((3, 64, 64), 90, np.uint8))
    layer = QgsRasterLayer(str(path), "scan without CRS")
    QgsProject.instance().addMapLayer(layer)
    plugin.iface.messageBar().clearWidgets()
    panel.raster_combo.setLayer(layer)
    assert not panel.run()
    said = bar_messages(plugin.iface)
    assert len(said) == 1 and said[0][0].startswith("scan without CRS: ") and said[0][1], said
    assert "scan without CRS" in panel.status_label.text()


@pytest.mark.parametrize("scale", [1.0, 10000.0])
def test_float_reflectance_is_listed_and_searched_as_processing_does(plugin, scene, tmp_path, scale):
    """A single-band Float32 surface reflectance GeoTIFF (0-1, or 0-10,000 in whole numbers) was
    left out of the Imagery list as data; it is listed, and the panel's run finds the masts
    Processing finds in it. A float DEM of the same size stays out."""
    import processing
    from support.detect_data import write_plain

    imagery = _section(plugin, "imagery")
    panel = _section(plugin, "detection").detection
    grey = scene.image.astype(np.float32).mean(axis=0) / 255.0 * 0.6
    refl = np.round(grey * scale) if scale > 1 else grey
    path = write_plain(tmp_path / "reflectance.tif", refl[None].astype(np.float32), scene.transform, scene.epsg)
    rng = np.random.default_rng(7)
    dem = (120.0 + rng.random((1, 64, 64)) * 60.0).astype(np.float32)
    dem_path = write_plain(tmp_path / "dem.tif", dem, (scene.transform[0], 1.0, 0.0, scene.transform[3], 0.0, -1.0),
                           scene.epsg)
    layer = QgsRasterLayer(str(path), "reflectance")
    QgsProject.instance().addMapLayers([layer, QgsRasterLayer(str(dem_path), "dem")])
    listed = [imagery.table.item(i, 1).text() for i in range(imagery.table.rowCount())]
    assert listed == ["reflectance"]
    panel.raster_combo.setLayer(layer)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    target = panel.target_combo.currentLayer()
    found = sorted((round(f.geometry().asPoint().x(), 6), round(f.geometry().asPoint().y(), 6))
                   for f in target.getFeatures())
    out = processing.run("basestationmapper:detect", {"INPUT": layer, "SUN_AZIMUTH": round(scene.sun_azimuth),
                                                      "OUTPUT": "memory:"})["OUTPUT"]
    expected = sorted((round(f.geometry().asPoint().x(), 6), round(f.geometry().asPoint().y(), 6))
                      for f in out.getFeatures())
    assert len(found) >= 3 and found == expected, panel.status_label.text()


def test_imagery_with_odd_dates_in_its_metadata_is_listed_and_chosen(plugin, tmp_path, python_errors):
    """Acquisition times that are no time (zone pushing it before year 1, 30 February, all zeros,
    blank) made choosing the image in the Detection panel fail (OverflowError filling the sun box);
    such images are listed undated and the sun stays searched. The valid forms give their date."""
    from osgeo import gdal
    from support.detect_data import write_plain

    imagery = _section(plugin, "imagery")
    panel = _section(plugin, "detection").detection
    panel.sun_spin.setValue(-1.0)
    cases = {"before_year_1": ("IMAGERY", "ACQUISITIONDATETIME", "0001-01-01T00:30:00+01:00", None),
             "after_9999": ("IMAGERY", "ACQUISITIONDATETIME", "9999-12-31T23:59:59-01:00", None),
             "february_30": ("IMAGERY", "ACQUISITIONDATETIME", "2019-02-30T10:00:00Z", None),
             "zeros": ("", "TIFFTAG_DATETIME", "0000:00:00 00:00:00", None),
             "blank": ("", "TIFFTAG_DATETIME", "   ", None),
             "tiff_time": ("", "TIFFTAG_DATETIME", "2019:05:14 10:22:01", "2019-05-14"),
             "imd_style": ("IMAGERY", "ACQUISITIONDATETIME", "2018-04-01T08:28:15.000Z", "2018-04-01"),
             "maxar_key": ("", "IMAGE_1.firstLineTime", "2017-06-02T02:11:23.123456Z", "2017-06-02"),
             "planet_key": ("", "acquired", "2016-09-03T01:02:03.456789+00:00", "2016-09-03")}
    arr = np.full((3, 40, 40), 90, np.uint8)
    for name, (domain, key, value, _date) in cases.items():
        path = write_plain(tmp_path / f"{name}.tif", arr, (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5), 32652)
        ds = gdal.Open(str(path), gdal.GA_Update)
        ds.SetMetadataItem(key, value, domain)
        ds = None
        imagery.add_file(str(path))
    layers = {lyr.name(): lyr for lyr in imagery.layers()}
    assert {name: acquisition_date_of(layers[name]) for name in cases} == {n: c[3] for n, c in cases.items()}
    for name in cases:
        panel.raster_combo.setLayer(layers[name])
        if cases[name][3] is None:
            assert panel.sun_spin.value() == -1.0, name
    assert python_errors == []


def test_acquisition_dates_stored_otherwise_are_read_as_dates(plugin, tmp_path):
    """The date property written by hand or another tool ('2019:05:14', a QDate, text that is no
    date) was shown and written into the candidates' image_date as it was ('PyQt5.QtCore.QDate(…)');
    it is read as a date, and a value that is no date leaves the layer undated."""
    from qgis.PyQt.QtCore import QDate
    from support.detect_data import write_plain

    imagery = _section(plugin, "imagery")
    values = {"colons": "2019:05:14", "qdate": QDate(2018, 4, 1), "words": "last spring", "iso": "2017-06-02"}
    arr = np.full((3, 40, 40), 90, np.uint8)
    for name, value in values.items():
        layer = QgsRasterLayer(str(write_plain(tmp_path / f"{name}.tif", arr, (500000.0, 0.5, 0.0, 4300000.0, 0.0,
                                                                               -0.5), 32652)), name)
        layer.setCustomProperty(ACQ_DATE_PROPERTY, value)
        QgsProject.instance().addMapLayer(layer)
    rows = {imagery.table.item(i, 1).text(): imagery.table.item(i, 0).text() for i in range(imagery.table.rowCount())}
    assert rows == {"colons": "2019-05-14", "qdate": "2018-04-01", "words": "", "iso": "2017-06-02"}
    assert imagery.summary() == "4 imagery layers (2017-06-02 – 2019-05-14)"


def test_rotated_raster_searched_from_the_panel_in_the_map_view(plugin, qgis_iface, scene, tmp_path):
    """A grid rotated 30° on the ground (QGIS shows it warped): the panel's run over the map view
    finds the masts where they stand."""
    import math

    import rasterio
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY
    from rasterio.transform import Affine

    panel = _section(plugin, "detection").detection
    a, r, gt = math.radians(30), scene.resolution, scene.transform
    rot = (gt[0], r * math.cos(a), r * math.sin(a), gt[3], r * math.sin(a), -r * math.cos(a))
    path = tmp_path / "rotated.tif"
    with rasterio.open(path, "w", driver="GTiff", width=scene.image.shape[2], height=scene.image.shape[1], count=3,
                       dtype="uint8", crs=f"EPSG:{scene.epsg}", transform=Affine.from_gdal(*rot)) as dst:
        dst.write(scene.image)
    layer = QgsRasterLayer(str(path), "rotated")
    QgsProject.instance().addMapLayer(layer)
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    canvas.setExtent(layer.extent())
    panel.raster_combo.setLayer(layer)
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("canvas"))
    panel.sun_spin.setValue(round((scene.sun_azimuth - 30.0) % 360.0))
    try:
        QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: panel.task is None)
    finally:
        panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("layer"))
    cols, rows = (scene.truth[:, 0] - gt[0]) / gt[1], (scene.truth[:, 1] - gt[3]) / gt[5]
    truth = np.column_stack([rot[0] + cols * rot[1] + rows * rot[2], rot[3] + cols * rot[4] + rows * rot[5]])
    to_layer = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), layer.crs(), QgsProject.instance())
    found = [to_layer.transform(QgsPointXY(f.geometry().asPoint())) for f in
             panel.target_combo.currentLayer().getFeatures()]
    nearest = [min(math.hypot(p.x() - x, p.y() - y) for p in found) for x, y in truth] if found else []
    assert len(found) == len(truth) and max(nearest) <= 15.0, (nearest, panel.status_label.text())


def test_second_run_over_an_overlapping_extent_proposes_no_site_again(plugin, qgis_iface, scene, tmp_path):
    """A mast rejected in the review, then found again by a second run (a later image, over a map view
    overlapping the first run's extent): it was proposed again, and every other site of the overlap queued a
    second time. The second run now adds no site the layer holds; those stations get the later image in
    their sources and their seen dates widened, as an import into the layer does, and the run says so."""
    from qgis.core import QgsCoordinateReferenceSystem

    from basestation_mapper.plugin.core.merge import distance_m
    from basestation_mapper.plugin.qgis_io.station_layer import create_station_gpkg, layer_to_frame

    section = _section(plugin, "detection")
    panel, review = section.detection, section.review
    layer = QgsRasterLayer(str(scene.write(tmp_path / "scene.tif")), "scene")
    layer.setCustomProperty(ACQ_DATE_PROPERTY, "2020-10-10")
    later = QgsRasterLayer(str(scene.write(tmp_path / "scene_2021.tif")), "scene 2021")
    later.setCustomProperty(ACQ_DATE_PROPERTY, "2021-05-05")
    target = create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayers([layer, later, target])
    panel.raster_combo.setLayer(layer)
    panel.target_combo.setLayer(target)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    first = target.featureCount()
    assert first >= 2 and review.current_layer() is target and len(review.queue) == first
    rejected = review.current_fid()
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(review.buttons["accept"], Qt.MouseButton.LeftButton)
    assert target.isEditable() and target.isModified()  # the decisions wait in the edit buffer

    canvas = qgis_iface.mapCanvas()  # the map view: the image and around it, in Web Mercator
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()).buffered(200))
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("canvas"))
    panel.raster_combo.setLayer(later)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    assert re.search(rf"^0 candidates from scene 2021 added to stations\. {first} found again where the layer already "
                     r"has a station or candidate: not added twice, their sources and seen dates updated \(1 of "
                     r"them rejected before\)", text), text
    stations = layer_to_frame(target)
    assert len(stations) == first and set(stations["last_seen"]) == {"2021-05-05"}
    assert stations.loc[rejected, "status"] == "rejected" and stations.loc[rejected, "source"] == "scene; scene 2021"
    assert stations.loc[rejected, "updated_at"].endswith("+00:00")
    lon, lat = stations["lon"].to_numpy(), stations["lat"].to_numpy()
    gaps = distance_m(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() > panel.params().nms_radius_m  # no site twice
    assert rejected in review.queue[:2] and review.progress.value() == 2  # the decisions stay counted
    assert sorted(review.queue[2:]) == sorted(stations.index[stations["status"] == "candidate"])
    target.undoStack().undo()  # the update is one step, undone as any
    assert layer_to_frame(target).loc[rejected, "last_seen"] == "2020-10-10"
    panel.extent_combo.setCurrentIndex(panel.extent_combo.findData("layer"))


def test_queued_candidates_take_the_evidence_of_a_clearer_image(plugin, scene, tmp_path):
    """The same masts found again in a sharper image: they kept the confidence, feature vector and height of the
    blurred image that first proposed them, so the review queue and a re-rank went by the weaker evidence. Those
    still queued now take the clearer sighting's (a rejected one keeps its own), and the run says so."""
    import rasterio
    from rasterio.transform import Affine
    from scipy import ndimage

    from basestation_mapper.plugin.qgis_io.station_layer import create_station_gpkg, layer_to_frame

    section = _section(plugin, "detection")
    panel, review = section.detection, section.review
    blurred = np.stack([ndimage.gaussian_filter(band.astype(float), 1.5) for band in scene.image])
    path = tmp_path / "blurred.tif"
    with rasterio.open(path, "w", driver="GTiff", width=scene.image.shape[2], height=scene.image.shape[1], count=3,
                       dtype="uint8", crs=f"EPSG:{scene.epsg}", transform=Affine.from_gdal(*scene.transform)) as dst:
        dst.write(blurred.clip(0, 255).astype(np.uint8))
    layers = {"blurred": QgsRasterLayer(str(path), "blurred"),
              "sharp": QgsRasterLayer(str(scene.write(tmp_path / "sharp.tif")), "sharp")}
    layers["blurred"].setCustomProperty(ACQ_DATE_PROPERTY, "2020-10-10")
    layers["sharp"].setCustomProperty(ACQ_DATE_PROPERTY, "2021-05-05")
    target = create_station_gpkg(str(tmp_path / "stations.gpkg"), name="stations")
    QgsProject.instance().addMapLayers([*layers.values(), target])
    panel.target_combo.setLayer(target)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    panel.raster_combo.setLayer(layers["blurred"])
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    before = layer_to_frame(target)
    assert len(before) == 4, panel.status_label.text()
    rejected = review.current_fid()
    QTest.mouseClick(review.buttons["reject"], Qt.MouseButton.LeftButton)
    assert target.commitChanges()

    panel.raster_combo.setLayer(layers["sharp"])
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    said = re.search(r"(\d) still queued were seen more clearly in this image: their confidence, height and evidence "
                     r"are now this image's\.", text)
    assert said, text
    after = layer_to_frame(target)
    queued = after.index[after["status"] == "candidate"]
    clearer = queued[after.loc[queued, "image_date"] == "2021-05-05"]
    assert len(after) == 4 and len(queued) == 3 and len(clearer) == int(said.group(1)) >= 2
    assert (after.loc[clearer, "confidence"] > before.loc[clearer, "confidence"]).all()
    assert (after.loc[clearer, "features"] != before.loc[clearer, "features"]).all()
    assert after.loc[clearer, "notes"].str.startswith("shadow ").all() and set(after["first_seen"]) == {"2020-10-10"}
    found = sorted(round(float(c.confidence), 4) for c in panel.last_result.candidates)
    assert set(after.loc[clearer, "confidence"]) <= set(found)  # the values this run found
    assert after.loc[rejected, "confidence"] == before.loc[rejected, "confidence"]
    assert after.loc[rejected, "image_date"] == "2020-10-10" and after.loc[rejected, "source"] == "blurred; sharp"
    assert review.queue[0] == rejected and sorted(review.queue[1:]) == sorted(queued)
    order = after.loc[queued, "confidence"].sort_values(ascending=False, kind="stable").index
    assert review.queue[1:] == list(order)  # the queue goes by the clearer evidence


def test_candidates_are_drawn_over_the_image_they_were_found_in(plugin, scene, tmp_path):
    """The image added with QGIS's own Add Raster Layer after the station layer: QGIS put it at the top of the
    layer tree, over the plugin group, and the candidates found in it were drawn under it, never seen."""
    from basestation_mapper.plugin.constants import LAYER_GROUP_NAME
    from basestation_mapper.plugin.qgis_io.project import add_layer
    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    panel = _section(plugin, "detection").detection
    target = add_layer(create_memory_station_layer("towers"))
    image = QgsRasterLayer(str(scene.write(tmp_path / "scene.tif")), "ortho")
    QgsProject.instance().addMapLayer(image)
    root = QgsProject.instance().layerTreeRoot()
    assert [node.name() for node in root.children()][:2] == ["ortho", LAYER_GROUP_NAME]
    panel.raster_combo.setLayer(image)
    panel.target_combo.setLayer(target)
    panel.sun_spin.setValue(round(scene.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    assert target.featureCount() == 4, panel.status_label.text()
    assert [node.name() for node in root.children()][:2] == [LAYER_GROUP_NAME, "ortho"]
    assert [layer.name() for layer in root.layerOrder()].index("towers") < \
        [layer.name() for layer in root.layerOrder()].index("ortho")


def test_one_candidate_and_one_found_again_are_said_in_the_singular(plugin, shared_data, tmp_path):
    """A run finding one mast said '1 candidates from … added to …', and the same mast found by the next run '1 found
    again …: …, their sources and seen dates updated (0 of them rejected before)'; each is said in its count's form
    (one message with plural forms)."""
    from support.scenes import make_scene

    from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer

    one = make_scene(shared_data, 21, "forest", 0.3, n_masts=1, size_m=300.0, distractors=False)
    panel = _section(plugin, "detection").detection
    layer = QgsRasterLayer(str(one.write(tmp_path / "one.tif")), "one mast")
    target = create_memory_station_layer("towers")
    QgsProject.instance().addMapLayers([layer, target])
    panel.raster_combo.setLayer(layer)
    panel.target_combo.setLayer(target)
    panel.sun_spin.setValue(round(one.sun_azimuth))
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    assert panel.status_label.text() == "1 candidate from one mast added to towers.", panel.status_label.text()
    assert panel.summary() == "1 detected"
    QTest.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: panel.task is None)
    text = panel.status_label.text()
    assert text == ("0 candidates from one mast added to towers. 1 found again where the layer already has a station "
                    "or candidate: not added twice, its sources and seen dates updated (0 rejected before)."), text
