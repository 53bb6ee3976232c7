"""The plugin's dock: a one-line summary and collapsible sections in the order of the work."""

from __future__ import annotations

import json

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import QgsCollapsibleGroupBox, QgsDockWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..constants import SETTINGS_PREFIX
from ..i18n import tr
from ..qgis_io.project import (
    hold_memory_layers,
    install_sample_paths,
    mark_seen,
    read_memory_features,
    release_memory_layers,
    remove_sample_paths,
    repair_sample_layers,
    restore_unread_features,
    write_memory_features,
)
from ..qgis_io.sample import PLACE_POPULATION_FIELD, PROVINCE_NAME_FIELD, load_sample
from ..qgis_io.station_layer import has_station_fields
from .messages import push
from .sections import SECTION_CLASSES
from .sections.layer_choice import layer_tooltip

PROJECT_SCOPE = SETTINGS_PREFIX
PROJECT_KEY = "dock_state"


class BaseStationMapperDock(QgsDockWidget):
    """Dock widget holding every section; its state is saved in the QGIS project."""

    OBJECT_NAME = "BaseStationMapperDock"

    def __init__(self, plugin, parent: QWidget | None = None):
        super().__init__(parent)
        self.plugin = plugin
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle(tr("Base Station Mapper"))
        self._restoring = False
        #: QGIS reads the paths of the sample's files (in the plugin folder) where this plugin has them
        self._sample_paths = install_sample_paths()
        # a project QGIS opened while the plugin was not loaded: the features of its memory layers, from its file,
        # and the sample's layers it could not find
        restore_unread_features()
        repair_sample_layers()
        hold_memory_layers()  # (saved with the project: QGIS need not warn of their loss)

        # the summary and the first-run button stay above the scrolling sections: always in view
        outer = QWidget(self)
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        head = QWidget(outer)
        head_layout = QVBoxLayout(head)
        head_layout.setContentsMargins(6, 6, 6, 0)
        self.summary_label = QLabel(head)
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head_layout.addWidget(self.summary_label)
        self.sample_button = QPushButton(tr("Open the sample data"), head)
        self.sample_button.setObjectName("openSampleButton")
        self.sample_button.setToolTip(tr("Load North Korea's provinces, populated places and illustrative stations "
                                         "shipped with the plugin"))
        self.sample_button.clicked.connect(self.open_sample)
        head_layout.addWidget(self.sample_button)
        outer_layout.addWidget(head)

        body = QWidget(outer)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(*NARROW_MARGINS)

        self.sections = {}
        self.group_boxes = {}
        for cls in SECTION_CLASSES:
            section = cls(plugin, body)
            box = QgsCollapsibleGroupBox(section.title(), body)
            box.setObjectName(f"{cls.KEY}GroupBox")
            box.setSaveCollapsedState(False)  # the state is saved in the project (see save_state)
            # Tab stops on its collapse button (Space opens or closes it), not on the box, which Qt put after
            # everything in it
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(*NARROW_MARGINS)
            box_layout.addWidget(section)
            layout.addWidget(box)
            self.sections[cls.KEY] = section
            self.group_boxes[cls.KEY] = box
            section.summaryChanged.connect(self.update_summary)
            section.stateChanged.connect(self._mark_dirty)
        layout.addStretch(1)
        fit_narrow(body)
        #: the layer lists' tooltips: the chosen layer's full name and source (a narrow list cuts the name)
        self.layer_tooltips = [layer_tooltip(combo) for combo in body.findChildren(QgsMapLayerComboBox)]
        self._body = body
        #: the Stations section's layer, which the Coverage section follows (see _stations_layer_changed): the one
        #: its list fell on as it was made, where the Review list fell too (the first point layer)
        stations_layer = self.sections["stations"].layer_combo.currentLayer()
        self._stations_layer_id = stations_layer.id() if stations_layer is not None else ""
        self.sections["stations"].layer_combo.layerChanged.connect(self._stations_layer_changed)
        # the Coverage section's DEM is no imagery for the Detection list, the Imagery section nor a click's source
        dem_combo = self.sections["coverage"].dem_combo
        followers = [self.sections["detection"].detection.raster_combo, self.sections["imagery"]]
        if self.sections["stations"].tool is not None:  # (a canvas to click on)
            followers.append(self.sections["stations"].tool)
        for imagery in followers:
            dem_combo.layerChanged.connect(imagery.set_dem)
            imagery.set_dem(dem_combo.currentLayer())
        self.closed.connect(self._closing)  # also a dock not on screen (its window minimised): no hide event then

        scroll = QScrollArea(outer)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer_layout.addWidget(scroll, 1)
        self.setWidget(outer)

        project = QgsProject.instance()
        project.readProject.connect(self.restore_state)
        project.writeProject.connect(self.save_state)
        project.cleared.connect(self.project_cleared)
        project.writeMapLayer.connect(self._write_layer)
        project.readMapLayer.connect(self._read_layer)
        #: the controls as a new project starts them (File › New resets the dock to this)
        self._initial_state = self.state()
        self.restore_state()
        self.update_summary()

    # -- summary ---------------------------------------------------------------------------
    def update_summary(self, *_args) -> None:
        parts = [s.summary() for s in self.sections.values()]
        parts = [p for p in parts if p]
        self.sample_button.setVisible(not parts)
        if parts:
            self.summary_label.setText(" · ".join(parts))
        else:
            self.summary_label.setText(
                tr("Nothing loaded yet: add imagery in the Imagery section, create or import a "
                   "station layer in Stations, or open the sample data shipped with the plugin.")
            )

    def open_sample(self) -> None:
        """Load the sample (provinces, places, illustrative stations) and point the sections at it."""
        try:
            sample = load_sample()
        except ValueError as exc:
            push(self.plugin.iface, str(exc), level=Qgis.MessageLevel.Critical)
            return
        self.sections["stations"].set_layer(sample.stations)
        self.sections["coverage"].use_layers(sample.stations, sample.provinces, PROVINCE_NAME_FIELD,
                                             sample.places, PLACE_POPULATION_FIELD)
        canvas = self.plugin.iface.mapCanvas() if self.plugin.iface is not None else None
        if canvas is not None:
            canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(sample.provinces,
                                                                            sample.provinces.extent()))
            canvas.refresh()
        self.update_summary()

    def project_cleared(self, *_args) -> None:
        """A project is closed or another opened: sections drop what belonged to the old one, and
        the controls go back to how a new project starts (an opened project then restores its own)."""
        for section in self.sections.values():
            section.project_cleared()
        state = {key: dict(entry, controls={**entry["controls"], **self.sections[key].settings_state()})
                 for key, entry in self._initial_state.items()}
        self._apply_state(state)
        self.update_summary()

    def _stations_layer_changed(self, layer) -> None:
        """The station layer chosen in Stations (picked, New…, Open…, imported) is the one Review shows and
        Coverage computes, unless they were set on another layer on purpose: Review follows when it shows
        none or the previous one, Coverage when it shows no station layer (QGIS's list falls on the first
        point layer, population points as easily) or the previous one."""
        previous, self._stations_layer_id = self._stations_layer_id, layer.id() if layer is not None else ""
        if self._restoring or not isinstance(layer, QgsVectorLayer):
            return
        review = self.sections["detection"].review
        reviewed = review.current_layer()
        if reviewed is not layer and (reviewed is None or reviewed.id() == previous):
            review.set_layer(layer)  # its candidates are in the queue
        combo = self.sections["coverage"].station_combo
        current = combo.currentLayer()
        if current is layer:
            return
        station_like = isinstance(current, QgsVectorLayer) and has_station_fields(current)
        if current is None or not station_like or current.id() == previous:
            combo.setLayer(layer)

    # -- project state ---------------------------------------------------------------------
    def state(self) -> dict:
        return {
            key: {"collapsed": self.group_boxes[key].isCollapsed(), "controls": section.state()}
            for key, section in self.sections.items()
        }

    def save_state(self, *_args) -> None:
        """Store the dock state in the project (called as the project is being written). The files it names (the
        export folder, the report) are written as the project writes its layers' (relative to the project file
        unless the project saves absolute paths): a project folder moved or copied keeps pointing at its own."""
        project = QgsProject.instance()
        state = self.state()
        for key, entry in state.items():
            for name in self.sections[key].PATH_KEYS:
                value = entry["controls"].get(name)
                if isinstance(value, str) and value:
                    entry["controls"][name] = project.writePath(value)
        project.writeEntry(PROJECT_SCOPE, PROJECT_KEY, json.dumps(state))

    @staticmethod
    def _write_layer(layer, element, document) -> None:
        """A memory layer of the plugin group keeps its features in the project file."""
        mark_seen(layer)
        write_memory_features(layer, element, document)

    @staticmethod
    def _read_layer(layer, element) -> None:
        mark_seen(layer)
        read_memory_features(layer, element)

    def _mark_dirty(self) -> None:
        if not self._restoring:
            QgsProject.instance().setDirty(True)

    def restore_state(self, *_args) -> None:
        """The project's dock state put back in the controls (a project opened, or the dock made with one open);
        then each section hears that the project is read, with or without a state of the dock."""
        state = self._saved_state()
        if state is not None:
            self._apply_state(state, from_project=True)
        for section in self.sections.values():
            section.project_read(state is not None and isinstance(state.get(section.KEY), dict))
        self.update_summary()

    def _saved_state(self) -> dict | None:
        """The dock state stored in the project (None: none), the files it names made absolute again."""
        project = QgsProject.instance()
        raw, ok = project.readEntry(PROJECT_SCOPE, PROJECT_KEY, "")
        if not ok or not raw:
            return None
        try:
            state = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(state, dict):
            return None
        for key, entry in state.items():
            controls = entry.get("controls") if isinstance(entry, dict) and key in self.sections else None
            if not isinstance(controls, dict):
                continue
            for name in self.sections[key].PATH_KEYS:
                value = controls.get(name)
                if isinstance(value, str) and value:
                    controls[name] = project.readPath(value)
        return state

    def _apply_state(self, state: dict, from_project: bool = False) -> None:
        """Put ``state`` in the controls: the state stored in a project opened (``from_project``: a layer it names
        and the project no longer holds is said to be missing), or how a new project starts."""
        self._restoring = True
        # a section expanded by the state is not scrolled to (as one the analyst opens is): QGIS applies the state of
        # a new project once the dock is shown, and the dock opened scrolled down to its last section, Export
        for box in self.group_boxes.values():
            box.setScrollOnExpand(False)
        try:
            for key, entry in state.items():
                if key not in self.sections or not isinstance(entry, dict):
                    continue
                self.group_boxes[key].setCollapsed(bool(entry.get("collapsed", False)))
                section = self.sections[key]
                section.restoring_project = from_project
                try:
                    section.restore_state(entry.get("controls") or {})
                finally:
                    section.restoring_project = False
        finally:
            for box in self.group_boxes.values():
                box.setScrollOnExpand(True)
            self._restoring = False

    def showEvent(self, event) -> None:
        # set when shown: controls a section made since are in the order too
        super().showEvent(event)
        tab_in_layout_order(self._body, after=self.sample_button)
        self._tell_closed(False)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.isHidden():  # closed or toggled off (a dock behind another one's tab is not hidden itself)
            self._tell_closed(True)

    def _closing(self) -> None:
        self._tell_closed(True)

    def _tell_closed(self, closed: bool) -> None:
        """Sections stop their background work while the dock is closed and take it up when it opens."""
        for section in getattr(self, "sections", {}).values():
            section.dock_closed(closed)

    # -- teardown --------------------------------------------------------------------------
    def unload(self) -> None:
        project = QgsProject.instance()
        # the dock as it is left goes with the project: a plugin loaded again (Plugin Reloader, an upgrade,
        # enabled again) finds its layers and controls where they were, not QGIS's lists on the first layer of
        # each type. The project is no more modified than it was.
        modified = project.isDirty()
        self.save_state()
        release_memory_layers()  # no longer saved with the project
        project.setDirty(modified)
        remove_sample_paths(self._sample_paths)
        for signal, slot in ((project.readProject, self.restore_state), (project.writeProject, self.save_state),
                             (project.cleared, self.project_cleared), (project.writeMapLayer, self._write_layer),
                             (project.readMapLayer, self._read_layer)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass
        for section in self.sections.values():
            section.unload()
        for tip in self.layer_tooltips:
            tip.unload()


#: margins around the sections and inside their boxes (the style's 9-11 px each side, twice, took 40 px of a
#: 320 px dock)
NARROW_MARGINS = (4, 4, 4, 4)

#: the characters a list shows at the least: its width no longer follows its longest entry (a layer or preset
#: name), which made the whole dock wider than a narrow screen's dock (the entry is shown whole when opened)
COMBO_MIN_CHARS = 3


def fit_narrow(body: QWidget) -> None:
    """Let the sections fit a dock about 320 px wide, in languages whose words are longer (Korean): a form
    puts a field under its label when both do not fit side by side, and a list is as narrow as a few
    characters (its entries are shown whole when it is opened)."""
    for form in body.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    for combo in body.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_MIN_CHARS)


def _holds_rows(widget: QWidget) -> bool:
    """Whether ``widget`` only holds others laid out in it (a section, a box, a row), not a control."""
    return widget.layout() is not None and (type(widget) is QWidget or isinstance(widget, QGroupBox)
                                            or type(widget).__module__.startswith(__package__))


def _layout_widgets(layout) -> list:
    """The widgets of ``layout`` and of the layouts in it, in the order they are shown (a grid by row, then
    column), each widget holding rows of others followed by them."""
    items = [layout.itemAt(i) for i in range(layout.count())]
    if isinstance(layout, QGridLayout):
        places = [layout.getItemPosition(i)[:2] for i in range(layout.count())]
        items = [item for _place, item in sorted(zip(places, items), key=lambda pair: pair[0])]
    out = []
    for item in items:
        widget, inner = item.widget(), item.layout()
        if inner is not None:
            out += _layout_widgets(inner)
        elif widget is not None:
            out.append(widget)
            if _holds_rows(widget):
                out += _layout_widgets(widget.layout())
    return out


def tab_in_layout_order(body: QWidget, after: QWidget | None = None) -> None:
    """Tab goes down the dock as it reads: a section's box (its collapse toggle), then its controls, row by
    row. Qt's order is the one the widgets were made in: each box came after its controls, and Export's
    lists after its folder and file name. ``after``: the control before the body (the chain starts there)."""
    laid_out = _layout_widgets(body.layout())
    chain = [] if after is None else [after]
    for widget in laid_out:
        if _holds_rows(widget):  # itself and what it holds outside its rows (a box's collapse button)
            found = [widget, *(w for w in widget.children() if isinstance(w, QWidget) and w not in laid_out)]
        else:  # a control and its parts (a file widget's field and button), not its popup (a list's)
            found = [widget, *(w for w in widget.findChildren(QWidget) if w.window() is widget.window())]
        for w in found:
            if (w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None and w not in chain
                    and not isinstance(w, QGroupBox)):
                chain.append(w)
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)
