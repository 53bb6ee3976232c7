"""The Imagery section's compare lists when a compared layer leaves the project, acquisition dates typed in its table
and the project's modified flag, and the Detection panel's imagery list following a date set or cleared: through
the real widgets, on small rasters written here."""

from __future__ import annotations

import numpy as np
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLineEdit
from support.rasters import write_raster

from basestation_mapper.plugin.qgis_io.imagery import ACQ_DATE_PROPERTY, acquisition_date_of, set_acquisition_date

GT = (500000.0, 0.5, 0.0, 4300000.0, 0.0, -0.5)


def _image(tmp_path, name: str, seed: int) -> str:
    """A small three-band 8-bit image (imagery whatever its date)."""
    pixels = np.random.default_rng(seed).integers(0, 255, (3, 40, 40)).astype(np.uint8)
    return write_raster(tmp_path / name, list(pixels), GT, "EPSG:32652", dtype="Byte")


def _heights(tmp_path, name: str, seed: int = 11) -> str:
    """Heights in metres (one Float32 band, smooth, with decimals): data, not imagery, unless it is dated."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:40, 0:40]
    z = 150.0 + 0.8 * rows + 0.3 * cols + rng.uniform(0.0, 0.2, (40, 40))
    return write_raster(tmp_path / name, z.astype(np.float32), GT, "EPSG:32652", dtype="Float32")


def _listed(combo) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


def _offered(combo) -> set[str]:
    """The layers a QGIS layer list offers (its empty entry left out)."""
    return {combo.layer(i).name() for i in range(combo.count()) if combo.layer(i) is not None}


def _type_date(imagery, layer, text: str) -> None:
    """Double-click-edit the date cell of ``layer`` in the table, type ``text`` (empty: clear it), press Enter."""
    row = next(r for r in range(imagery.table.rowCount()) if imagery.table.item(r, 1).text() == layer.name())
    item = imagery.table.item(row, 0)
    imagery.table.setCurrentItem(item)
    imagery.table.editItem(item)
    QgsApplication.processEvents()
    editor = next(w for w in imagery.table.viewport().findChildren(QLineEdit) if w.isVisibleTo(imagery.table))
    editor.selectAll()
    if text:
        QTest.keyClicks(editor, text)
    else:
        QTest.keyClick(editor, Qt.Key.Key_Delete)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QgsApplication.processEvents()


# -- compare two dates -------------------------------------------------------------------------
def test_a_compared_layer_removed_leaves_its_list_empty_and_toggle_off_until_chosen_again(plugin, tmp_path,
                                                                                        python_errors):
    """A compare list whose layer was removed from the project fell by itself on the first (or last) image: the
    next Toggle silently flipped between other dates. It shows no layer and says which one was removed, the other
    list keeps its layer, Toggle dates is off, and a layer added meanwhile is not chosen for the analyst; choosing
    again turns Toggle on."""
    imagery = plugin.dock.sections["imagery"]
    early = imagery.add_file(_image(tmp_path, "ortho_20180301.tif", 1))
    middle = imagery.add_file(_image(tmp_path, "ortho_20190514.tif", 2))
    late = imagery.add_file(_image(tmp_path, "ortho_20210412.tif", 3))
    imagery.compare_a.setCurrentIndex(imagery.compare_a.findData(middle.id()))
    imagery.compare_b.setCurrentIndex(imagery.compare_b.findData(late.id()))
    assert imagery.toggle_button.isEnabled()

    QgsProject.instance().removeMapLayer(late.id())
    assert _listed(imagery.compare_b) == [early.id(), middle.id()]
    assert imagery.compare_b.currentIndex() == -1 and imagery.compare_b.currentData() is None
    assert imagery.compare_b.placeholderText() == "Choose a layer ('ortho_20210412' was removed)"
    assert imagery.compare_a.currentData() == middle.id()  # the other list is left as it was
    assert not imagery.toggle_button.isEnabled()
    assert plugin.dock.state()["imagery"]["controls"]["compare_b"] is None

    later = imagery.add_file(_image(tmp_path, "ortho_20230101.tif", 4))  # not chosen for the analyst
    assert imagery.compare_b.currentIndex() == -1 and imagery.compare_a.currentData() == middle.id()
    assert not imagery.toggle_button.isEnabled()

    imagery.compare_b.setCurrentIndex(imagery.compare_b.findData(later.id()))
    assert imagery.toggle_button.isEnabled() and imagery.compare_b.placeholderText() == ""
    root = QgsProject.instance().layerTreeRoot()
    QTest.mouseClick(imagery.toggle_button, Qt.MouseButton.LeftButton)
    assert sum(root.findLayer(lyr.id()).isVisible() for lyr in (middle, later)) == 1

    # the first list's layer removed: the same, the second list keeps its layer
    QgsProject.instance().removeMapLayer(middle.id())
    assert imagery.compare_a.currentIndex() == -1
    assert imagery.compare_a.placeholderText() == "Choose a layer ('ortho_20190514' was removed)"
    assert imagery.compare_b.currentData() == later.id()
    assert not imagery.toggle_button.isEnabled()

    # a new project: the first images added fill both lists again
    QgsProject.instance().clear()
    one = imagery.add_file(_image(tmp_path, "c_20200101.tif", 5))
    two = imagery.add_file(_image(tmp_path, "d_20210101.tif", 6))
    assert (imagery.compare_a.currentData(), imagery.compare_b.currentData()) == (one.id(), two.id())
    assert imagery.compare_a.placeholderText() == "" and imagery.toggle_button.isEnabled()
    assert python_errors == []


# -- dates typed and the project's modified flag ----------------------------------------------
def test_a_refused_date_leaves_the_project_unmodified_and_an_accepted_one_modifies_it(plugin, tmp_path,
                                                                                     python_errors):
    """A date refused in the table (no date, in the future) marked the project modified though nothing was
    stored; only a date stored (or cleared) does."""
    imagery = plugin.dock.sections["imagery"]
    layer = imagery.add_file(_image(tmp_path, "ortho_20190514.tif", 1))
    project = QgsProject.instance()
    for typed in ("yesterday", "2021/13/45", "2999-01-01"):
        project.setDirty(False)
        _type_date(imagery, layer, typed)
        assert acquisition_date_of(layer) == "2019-05-14" and imagery.table.item(0, 0).text() == "2019-05-14"
        assert not project.isDirty(), typed

    _type_date(imagery, layer, "2019-5-14")  # the date it has, written otherwise: nothing changes
    assert layer.customProperty(ACQ_DATE_PROPERTY) == "2019-05-14"
    assert not project.isDirty()

    _type_date(imagery, layer, "2020-02-02")
    assert acquisition_date_of(layer) == "2020-02-02" and project.isDirty()
    project.setDirty(False)
    _type_date(imagery, layer, "")
    assert acquisition_date_of(layer) is None and project.isDirty()
    assert python_errors == []


# -- the Detection panel follows the dates ---------------------------------------------------
def test_detection_list_follows_a_date_set_or_cleared(plugin, tmp_path, python_errors):
    """A one-band raster of heights is offered to the detector while it is dated (a dated layer is imagery); its
    date cleared in the Imagery table, it stayed in the Detection list (and a date set on it later did not bring
    it in) until a layer was added. The list follows the date both ways at once, as the Imagery table does."""
    imagery = plugin.dock.sections["imagery"]
    combo = plugin.dock.sections["detection"].detection.raster_combo
    ortho = imagery.add_file(_image(tmp_path, "ortho_20190514.tif", 1))
    surface = imagery.add_file(_heights(tmp_path, "surface_20200601.tif"))
    assert acquisition_date_of(surface) == "2020-06-01"
    combo.setLayer(ortho)
    assert _offered(combo) == {"ortho_20190514", "surface_20200601"}
    assert imagery.compare_b.currentData() == surface.id()

    _type_date(imagery, surface, "")
    assert acquisition_date_of(surface) is None
    assert [imagery.table.item(r, 1).text() for r in range(imagery.table.rowCount())] == ["ortho_20190514"]
    assert _offered(combo) == {"ortho_20190514"}
    # no longer imagery: the compare list on it shows none (not the other image) and says why
    assert imagery.compare_b.currentIndex() == -1 and not imagery.toggle_button.isEnabled()
    assert imagery.compare_b.placeholderText() == "Choose a layer ('surface_20200601' is no longer listed as imagery)"

    set_acquisition_date(surface, "2020-06-01")  # dated again (by code, another tool)
    assert _offered(combo) == {"ortho_20190514", "surface_20200601"}
    assert [imagery.table.item(r, 1).text() for r in range(imagery.table.rowCount())] == [
        "ortho_20190514", "surface_20200601"]
    assert combo.currentLayer() is ortho
    assert imagery.compare_b.currentData() == surface.id() and imagery.toggle_button.isEnabled()

    # the raster chosen in the Detection panel keeps being the choice when its date is cleared: no other layer
    # is put in its place, and it leaves the list once another is chosen
    combo.setLayer(surface)
    _type_date(imagery, surface, "")
    assert combo.currentLayer() is surface
    combo.setLayer(ortho)
    assert _offered(combo) == {"ortho_20190514"}
    assert python_errors == []
