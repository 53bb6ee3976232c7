"""Dock section: Stations — the station layer, digitizing defaults, live counts, import and merge."""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from ...core.stations import STATUSES, TECHNOLOGIES
from ...i18n import number, tr, translated
from ...log import get_logger
from ...qgis_io import station_layer as sl
from ...qgis_io.import_report import import_notes
from ...qgis_io.project import add_layer
from ...qgis_io.values import rewrite_refusal
from ...settings import StationSettings
from ..messages import push
from ..options_page import SETTINGS_APPLIED
from .base import DockSection
from .layer_choice import unavailable, unavailable_text

LOG = get_logger("stations")
_LAYER_SIGNALS = ("featureAdded", "featuresDeleted", "attributeValueChanged", "afterRollBack", "afterCommitChanges",
                  "editingStopped", "editingStarted", "dataChanged")


class StationsSection(DockSection):
    KEY = "stations"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.settings = StationSettings.load()
        self._layer: QgsVectorLayer | None = None
        #: the id of the layer chosen (kept to know it once the layer is removed and deleted)
        self._layer_id = ""
        self._counts: dict = {}
        self._task = None
        #: bumped when the project is closed: an import started for the old project adds nothing
        self._project_generation = 0
        #: set when the plugin is unloaded: an import still going then ends without a word
        self._unloaded = False
        #: while a project's (or a new project's) values are put in the controls: they are no choice of
        #: the user's to save as settings
        self._restoring = False
        grid = QGridLayout()
        self.layer_combo = QgsMapLayerComboBox(self)
        self.layer_combo.setObjectName("stationLayerCombo")
        self.layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.layerChanged.connect(self._layer_changed)
        QgsProject.instance().layersRemoved.connect(self._layers_removed)
        grid.addWidget(QLabel(tr("Layer"), self), 0, 0)
        grid.addWidget(self.layer_combo, 0, 1, 1, 2)
        self.new_button = QPushButton(tr("New…"), self)
        self.new_button.setToolTip(tr("Create a GeoPackage station layer"))
        self.new_button.clicked.connect(self._ask_new_layer)
        self.open_button = QPushButton(tr("Open…"), self)
        self.open_button.clicked.connect(self._ask_open_layer)
        self.save_button = QPushButton(tr("Save edits"), self)
        self.save_button.setObjectName("saveEditsButton")
        self.save_button.clicked.connect(self.save_edits)
        grid.addWidget(self.new_button, 1, 1)
        grid.addWidget(self.open_button, 1, 2)
        self.layout_.addLayout(grid)

        # adding stations and saving them side by side (three buttons in a row did not fit a narrow dock)
        edit_row = QHBoxLayout()
        self.add_button = QPushButton(tr("Add station ({key})").format(key=self.shortcut_key()), self)
        self.add_button.setObjectName("addStationButton")
        self.add_button.setCheckable(True)
        edit_row.addWidget(self.add_button, 1)
        edit_row.addWidget(self.save_button)
        self.layout_.addLayout(edit_row)

        form = QFormLayout()
        self.technology = QComboBox(self)
        self.technology.setObjectName("defaultTechnology")
        self.technology.addItems(list(TECHNOLOGIES))
        self.technology.setCurrentText(self.settings.default_technology)
        self.operator = QLineEdit(self.settings.default_operator, self)
        self.operator.setObjectName("defaultOperator")
        self.operator.setPlaceholderText(tr("e.g. Koryolink"))
        self.height = QDoubleSpinBox(self)
        self.height.setObjectName("defaultHeight")
        self.height.setRange(0, 500)
        self.height.setSuffix(" m")
        self.height.setValue(self.settings.default_antenna_height_m)
        self.duplicate_distance = QDoubleSpinBox(self)
        self.duplicate_distance.setObjectName("duplicateDistance")
        self.duplicate_distance.setRange(0, 5000)
        self.duplicate_distance.setSuffix(" m")
        self.duplicate_distance.setValue(self.settings.duplicate_distance_m)
        self.duplicate_distance.setToolTip(tr("A click closer than this to a station asks before adding (0: off)"))
        self.open_form = QCheckBox(tr("Open the form after each click"), self)
        self.open_form.setObjectName("openForm")
        self.open_form.setChecked(self.settings.open_form_on_add)
        form.addRow(tr("Technology"), self.technology)
        form.addRow(tr("Operator"), self.operator)
        form.addRow(tr("Antenna height"), self.height)
        form.addRow(tr("Duplicate guard"), self.duplicate_distance)
        form.addRow(self.open_form)
        self.layout_.addLayout(form)
        # the operator as typed: editingFinished comes only when the cursor leaves the box (or Enter), which
        # closing QGIS does not always bring
        for widget_signal in (self.technology.currentIndexChanged, self.operator.textEdited,
                              self.operator.editingFinished, self.height.valueChanged,
                              self.duplicate_distance.valueChanged, self.open_form.toggled):
            widget_signal.connect(self._defaults_changed)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("stationCounts")
        self.counts_label.setWordWrap(True)
        self.layout_.addWidget(self.counts_label)
        row = QGridLayout()
        self.import_button = QPushButton(tr("Import…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.show_import_dialog)
        self.merge_button = QPushButton(tr("Merge…"), self)
        self.merge_button.clicked.connect(self.show_merge_dialog)
        row.addWidget(self.import_button, 0, 0)
        row.addWidget(self.merge_button, 0, 1)
        self.layout_.addLayout(row)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(150)
        self._count_timer.timeout.connect(self.update_counts)

        self.tool = None
        self.add_action = None
        self._setup_tool()
        # the layer the list fell on by itself as it was made (the first point layer, population points as
        # easily; the dock then puts back the project's choice): no offer to add the station fields to it, and
        # none at all when it is no station layer (S and a click started editing the population points and added
        # a 'station' to them, without a word)
        fell = self.layer_combo.currentLayer()
        if isinstance(fell, QgsVectorLayer) and not sl.is_station_layer(fell):
            self.layer_combo.blockSignals(True)
            self.layer_combo.setLayer(None)
            self.layer_combo.blockSignals(False)
        self._layer_changed(self.layer_combo.currentLayer(), offer_fields=False)

    def title(self) -> str:
        return tr("Stations")

    def shortcut_key(self) -> str:
        """The Add station shortcut (the setting; S when it is left empty)."""
        return self.settings.add_station_shortcut.strip() or "S"

    # -- map tool ---------------------------------------------------------------------------
    def _setup_tool(self) -> None:
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None:
            return
        from ..maptools.add_station import AddStationTool

        self.tool = AddStationTool(canvas, self.current_layer, self.defaults, self.iface)
        self.tool.message.connect(lambda text, level: push(self.iface, text, Qgis.MessageLevel(level)))
        self.plugin.register_map_tool(self.tool)
        self.add_action = self.plugin.add_action(
            tr("Add station"), "add_station.svg", self._toggle_tool, checkable=True,
            shortcut=self.shortcut_key(),
            status_tip=tr("Click on the map to add a station to the current station layer"),
            object_name="BaseStationMapperAddStation")
        self.tool.setAction(self.add_action)
        self.add_button.toggled.connect(self._button_toggled)
        self.add_action.toggled.connect(self.add_button.setChecked)
        SETTINGS_APPLIED.applied.connect(self._settings_applied)

    def _settings_applied(self) -> None:
        """The Options dialog saved the settings: a new Add station shortcut applies at once."""
        self.settings = StationSettings.load()
        key = self.shortcut_key()
        if self.add_action is not None:
            self.add_action.setShortcut(QKeySequence(key))
        self.add_button.setText(tr("Add station ({key})").format(key=key))
        self.summaryChanged.emit()

    def _button_toggled(self, checked: bool) -> None:
        if self.add_action is not None and self.add_action.isChecked() != checked:
            self.add_action.setChecked(checked)

    def _toggle_tool(self, checked: bool) -> None:
        canvas = self.iface.mapCanvas()
        if checked:
            layer = self.current_layer()
            if layer is None:
                push(self.iface, tr("Choose or create a station layer first."), Qgis.MessageLevel.Warning)
            elif not sl.can_add_features(layer):  # said now, not at each click
                push(self.iface, tr("{layer} is read-only: stations cannot be added to it. Choose or create "
                                    "another station layer (New…).").format(layer=layer.name()),
                     Qgis.MessageLevel.Warning)
            canvas.setMapTool(self.tool)
        elif canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)

    def defaults(self) -> dict:
        """Field values and options of a new station (what the map tool asks for)."""
        return {
            "technology": self.technology.currentText(),
            "operator": self.operator.text().strip(),
            "antenna_height_m": float(self.height.value()),
            "open_form": self.open_form.isChecked(),
            "duplicate_distance_m": float(self.duplicate_distance.value()),
        }

    def _defaults_changed(self, *_args) -> None:
        if self._restoring:
            self.stateChanged.emit()
            return
        # the settings as stored now: the Options page may have changed others (merge distance,
        # shortcut) since the dock was built, and saving a stale copy would put the old values back
        self.settings = StationSettings.load()
        self.settings.default_technology = self.technology.currentText()
        self.settings.default_operator = self.operator.text().strip()
        self.settings.default_antenna_height_m = float(self.height.value())
        self.settings.duplicate_distance_m = float(self.duplicate_distance.value())
        self.settings.open_form_on_add = self.open_form.isChecked()
        self.settings.save()
        self.stateChanged.emit()

    # -- layer ------------------------------------------------------------------------------
    def current_layer(self) -> QgsVectorLayer | None:
        layer = self.layer_combo.currentLayer()
        return layer if isinstance(layer, QgsVectorLayer) and layer.isValid() else None

    def set_layer(self, layer: QgsVectorLayer | None) -> None:
        self.layer_combo.setLayer(layer)

    def _layer_changed(self, layer, offer_fields: bool = True) -> None:
        self._tell_unsaved_edits_left(layer)
        self._disconnect_layer()
        self._layer = layer if isinstance(layer, QgsVectorLayer) else None
        self._layer_id = self._layer.id() if self._layer is not None else ""
        if self._layer is not None:
            for name in _LAYER_SIGNALS:
                getattr(self._layer, name).connect(self._schedule_counts)
            self._layer.dataSourceChanged.connect(self._source_changed)
            # an unavailable layer (its file moved away) has no fields to miss: said in the section until repaired
            missing = sl.missing_station_fields(self._layer) if offer_fields and self._layer.isValid() else []
            if missing:
                self._offer_missing_fields(self._layer, missing)
        self.update_counts()
        self.stateChanged.emit()

    def _layers_removed(self, layer_ids) -> None:
        """The station layer was removed from the project: the section shows none. (QGIS's list falls silently,
        without a signal, on another point layer, population points as easily: the next click of Add station started
        editing it and added a 'station' to it.)"""
        if not self._layer_id or self._layer_id not in layer_ids:
            return
        self._layer_id = ""
        self.layer_combo.blockSignals(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.blockSignals(False)
        self._layer_changed(None)

    def _tell_unsaved_edits_left(self, layer) -> None:
        """Another layer chosen while the previous one has unsaved edits: they stay in its edit buffer (QGIS
        asks about them when the project closes), and the analyst is told where they are."""
        previous = self._layer
        try:
            if previous is None or previous is layer or not previous.isModified():
                return
            layer_id = previous.id()
        except RuntimeError:  # the previous layer was deleted
            return

        def tell() -> None:  # once the change is done: a layer removed from the project (or the project closed) is not
            left = QgsProject.instance().mapLayer(layer_id)
            if isinstance(left, QgsVectorLayer) and left.isModified() and left is not self.current_layer():
                push(self.iface, tr("{layer} keeps its unsaved edits: choose it again and press Save edits (or "
                                    "save them from the Layers panel) to write them.").format(layer=left.name()),
                     Qgis.MessageLevel.Info, duration=10)

        QTimer.singleShot(0, self._guarded(tell))

    @staticmethod
    def _guarded(func):
        def run() -> None:
            try:
                func()
            except RuntimeError:  # the section (or its dock) was deleted meanwhile
                pass

        return run

    def _disconnect_layer(self) -> None:
        if self._layer is None:
            return
        for signal, slot in ((*((name, self._schedule_counts) for name in _LAYER_SIGNALS),
                              ("dataSourceChanged", self._source_changed))):
            try:
                getattr(self._layer, signal).disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self._layer = None

    def _source_changed(self) -> None:
        """The station layer's data source changed (an unavailable layer repaired, Change Data Source): taken as
        newly chosen (its fields checked, its stations counted)."""
        layer = self._layer
        if layer is not None and layer is self.layer_combo.currentLayer():
            self._layer_changed(layer)

    def _offer_missing_fields(self, layer: QgsVectorLayer, missing: list[str]) -> None:
        text = tr("{layer} lacks the station fields: {fields}.").format(layer=layer.name(), fields=", ".join(missing))
        bar = self.iface.messageBar()
        previous = getattr(self, "missing_fields_message", None)
        if previous is not None:  # one offer at a time (it stays until answered or closed)
            try:
                bar.popWidget(previous)
            except RuntimeError:  # already closed
                pass
        widget = bar.createMessage(tr("Base Station Mapper"), text)
        button = QPushButton(tr("Add missing fields"), widget)
        button.setObjectName("addMissingFieldsButton")
        layer_id = layer.id()

        def add() -> None:
            # the layer may have been removed since the message was shown
            current = QgsProject.instance().mapLayer(layer_id)
            if current is not None:
                self.add_missing_fields(current)
            bar.popWidget(widget)

        button.clicked.connect(add)
        widget.layout().addWidget(button)
        bar.pushWidget(widget, Qgis.MessageLevel.Warning, 0)
        self.missing_fields_message = widget

    def add_missing_fields(self, layer: QgsVectorLayer) -> list[str]:
        try:
            added = sl.add_missing_fields(layer)
        except sl.StationLayerError as exc:
            push(self.iface, str(exc), Qgis.MessageLevel.Critical)
            return []
        if added:
            push(self.iface, tr("Added to {layer}: {fields}").format(layer=layer.name(), fields=", ".join(added)),
                 Qgis.MessageLevel.Success)
        return added

    def new_layer(self, path: str, replace: bool = False) -> QgsVectorLayer | None:
        """Create a GeoPackage station layer at ``path``, add it to the project and select it.

        An existing file is replaced only with ``replace`` (the user confirmed it in the save dialog):
        the project's layers of the old file are removed from the project first, and nothing is done
        while one of them has unsaved edits."""
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
            replace = False  # the file the user confirmed replacing was another one
        if replace and os.path.exists(path):
            loaded = layers_of_file(path)
            unsaved = [layer for layer in loaded if isinstance(layer, QgsVectorLayer) and layer.isModified()]
            if unsaved:
                push(self.iface, tr("{path} was not replaced: {layers} in the project has unsaved edits of it. "
                                    "Save or discard them, or choose another file name.").format(
                    path=path, layers=", ".join(layer.name() for layer in unsaved)),
                    Qgis.MessageLevel.Warning, duration=0)
                return None
            # the old file's data goes: its layers go with it (GDAL would also keep reading the
            # replaced file through them)
            QgsProject.instance().removeMapLayers([layer.id() for layer in loaded])
        try:
            layer = sl.create_station_gpkg(path, name=os.path.splitext(os.path.basename(path))[0],
                                           overwrite=replace)
        except sl.StationLayerError as exc:
            push(self.iface, str(exc), Qgis.MessageLevel.Critical)
            return None
        add_layer(layer)
        self.set_layer(layer)
        return layer

    def open_layer(self, path: str) -> QgsVectorLayer | None:
        """Open an existing point layer as the station layer (its schema is checked)."""
        # a file chosen is its whole path, a '|' in a folder's name included; 'file.gpkg|layername=x' is cut there
        file = path if os.path.exists(path) else path.split("|", maxsplit=1)[0]
        layer = QgsVectorLayer(path, os.path.splitext(os.path.basename(file))[0], "ogr")
        if not layer.isValid() or not sl.is_point_layer(layer):
            push(self.iface, tr("{path} is not a readable point layer.").format(path=path), Qgis.MessageLevel.Critical)
            return None
        if sl.has_station_fields(layer):
            sl.style_station_layer(layer)
        add_layer(layer)
        self.set_layer(layer)
        return layer

    def _ask_new_layer(self) -> None:
        # the dialog asks before choosing an existing file: that answer is the permission to replace it
        path, _ = QFileDialog.getSaveFileName(self, tr("New station layer"), "", tr("GeoPackage (*.gpkg)"))
        if path:
            self.new_layer(path, replace=True)

    def _ask_open_layer(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open station layer"), "",
                                              tr("Vector files (*.gpkg *.geojson *.shp);;All files (*)"))
        if path:
            self.open_layer(path)

    def save_edits(self) -> bool:
        """Save the layer's edit buffer; on failure the error is shown and the edits stay."""
        layer = self.current_layer()
        if layer is None or not layer.isEditable():
            return True
        if layer.commitChanges(False):
            push(self.iface, tr("{layer} saved.").format(layer=layer.name()), Qgis.MessageLevel.Success, duration=3)
            return True
        errors = "\n".join(layer.commitErrors())
        push(self.iface, tr("Saving {layer} failed; your edits are kept in the edit buffer.").format(
            layer=layer.name()), Qgis.MessageLevel.Critical, details=errors, duration=0)
        return False

    # -- counts -----------------------------------------------------------------------------
    def _schedule_counts(self, *_args) -> None:
        self._count_timer.start()

    def update_counts(self) -> dict:
        layer = self.current_layer()
        self._counts = sl.station_counts(layer) if layer is not None else {}
        chosen = self.layer_combo.currentLayer()
        if not self._counts and unavailable(chosen):
            self.counts_label.setText(unavailable_text(tr("station layer"), chosen))
        elif not self._counts:
            self.counts_label.setText(tr("No station layer: create one (New…), open one, or import a file."))
        else:
            status = ", ".join(status_count(s, self._counts["status"].get(s, 0)) for s in STATUSES)
            tech = ", ".join(f"{t} {number(n, count=True)}" for t, n in sorted(self._counts["technology"].items()))
            n = self._counts["total"]["all"]
            text = tr("{n} station: {status}\n{tech}", "{n} stations: {status}\n{tech}", n)
            self.counts_label.setText(text.format(n=number(n, count=True), status=status, tech=tech or "–"))
        self.summaryChanged.emit()
        return self._counts

    def summary(self) -> str:
        if not self._counts:
            return ""
        if not self._counts["total"]["all"]:
            layer = self.current_layer()
            # a layer is chosen, just empty (made with New…, or every station undone): say how to fill it
            return tr("{layer}: no station yet, use Add station ({key}) or Import…").format(
                layer=layer.name() if layer is not None else "", key=self.shortcut_key())
        n = self._counts["total"]["all"]
        confirmed = self._counts["status"].get("confirmed", 0)
        text = tr("{n} station ({confirmed} confirmed)", "{n} stations ({confirmed} confirmed)", n)
        return text.format(n=number(n, count=True), confirmed=number(confirmed, count=True))

    # -- import and merge -------------------------------------------------------------------
    def show_import_dialog(self) -> None:
        from ..import_dialog import ImportDialog

        layer = self.current_layer()
        dialog = ImportDialog(self, StationSettings.load().merge_distance_m,
                              can_append=layer is not None and sl.can_add_features(layer))
        if layer is not None and not sl.can_add_features(layer):
            # a read-only layer: the import goes to a new layer (it failed after reading the whole file)
            dialog.append.setToolTip(tr("{layer} is read-only: the stations go to a new layer.").format(
                layer=layer.name()))
        if dialog.exec() and dialog.path():
            self.start_import(dialog.path(), dialog.options(), append=dialog.append.isChecked())

    def start_import(self, path: str, options: dict, append: bool = False, output: str | None = None):
        """Import ``path`` in a background task; add the stations to the current layer or a new one."""
        from qgis.core import QgsApplication

        from ...tasks.import_task import import_stations_task

        target = self.current_layer() if append else None
        target_id = target.id() if target is not None else None
        distance = options.get("merge_distance") or 0.0
        generation = self._project_generation
        task = None

        def end() -> bool:
            """The import ended: True when the project it was meant for was closed meanwhile (it was canceled by
            the close, whatever its end: nothing of it is added, and that is what is said)."""
            # an import started since (the project closed, another opened) stays the one a close cancels
            if self._task is task:
                self._task = None
            if generation == self._project_generation:
                return False
            if not self._unloaded:
                push(self.iface, tr("Import of {name} canceled: the project was closed while importing; nothing "
                                    "was added.").format(name=os.path.basename(path)), Qgis.MessageLevel.Info)
            return True

        def done(result):
            if end():
                return
            self.apply_import(result, target_id, distance, output)

        def canceled():
            # canceled in QGIS's task manager (queued, running or its stations on their way): nothing was added
            if not end() and not self._unloaded:
                push(self.iface, tr("Import of {name} canceled; nothing was added.").format(
                    name=os.path.basename(path)), Qgis.MessageLevel.Info)

        def failed(exc):
            if task is not None and task.isCanceled():
                canceled()  # canceled, then failed past its last cancel check: the cancel is what was asked
                return
            if end():
                return
            problems = getattr(exc, "problems", None)
            push(self.iface, tr("Import failed, nothing was changed: {error}").format(error=translated(exc)),
                 Qgis.MessageLevel.Critical, duration=0,
                 details=f"{path}\n" + ("\n".join(translated(p.message()) for p in problems) if problems
                                        else repr(exc)))

        task = self._task = import_stations_task(path, options, done, failed, canceled)
        QgsApplication.taskManager().addTask(task)
        return task

    def apply_import(self, result, target_id: str | None, distance: float, output: str | None = None):
        """Put imported stations into the target layer (or a new layer); runs on the main thread."""
        from ...core.merge import absorb

        df = result.stations
        name = imported_layer_name(result)
        target = QgsProject.instance().mapLayer(target_id) if target_id else None
        try:
            if target is not None:
                existing = sl.layer_to_frame(target)
                to_add, updates = absorb(existing, df, distance)
                n = self._import_into(target, to_add, updates)
                if target.isEditable():  # in its edit buffer: QGIS's Undo (on the active layer) takes it back
                    from ..maptools.add_station import make_active_layer

                    make_active_layer(self.iface, target)
                # two sentences, each with its own count's forms
                text = (tr("{n} station added to {layer}.", "{n} stations added to {layer}.", n).format(
                    n=number(n, count=True), layer=target.name()) + " " + tr(
                    "{m} existing station updated.", "{m} existing stations updated.", len(updates)).format(
                    m=number(len(updates), count=True)))
                layer = target
            else:
                layer = sl.write_frame_to_gpkg(df, output, name=name) if output else sl.frame_to_memory_layer(df, name)
                add_layer(layer)
                self.set_layer(layer)
                text = tr("{n} station imported into {layer}.", "{n} stations imported into {layer}.",
                          len(df)).format(n=number(len(df), count=True), layer=layer.name())
        except sl.StationLayerError as exc:
            into = target.name() if target is not None else (output or tr("a new layer"))
            push(self.iface, tr("Import failed, nothing was changed: {error}").format(error=exc),
                 Qgis.MessageLevel.Critical, details=f"{result.path} → {into}\n{exc}", duration=0)
            return None
        if result.problems:
            text += " " + tr("{n} bad row skipped.", "{n} bad rows skipped.", len(result.problems)).format(
                n=number(len(result.problems), count=True))
        notes = import_notes(result)
        if notes:
            text += " " + " ".join(f"{note}." for note in notes)
        push(self.iface, text, Qgis.MessageLevel.Success,
             details="\n".join([*notes, *(translated(p.message()) for p in result.problems)]))
        self.update_counts()
        return layer

    @staticmethod
    def _import_into(layer: QgsVectorLayer, to_add, updates: dict) -> int:
        """Update the merged stations and add the new ones as one change: a layer being edited gets both
        in its edit buffer (nothing saved); any other layer is saved, and when saving fails neither is
        kept (:class:`StationLayerError`, the layer unchanged). QGIS saves changed values before new
        features, each on its own, so the stations' previous values are written back when saving fails."""
        refusal = rewrite_refusal(layer)
        if refusal:
            raise sl.StationLayerError(refusal)
        was_editing = layer.isEditable()
        if layer.readOnly() or (not was_editing and not layer.startEditing()):
            raise sl.StationLayerError(f"{layer.name()} cannot be edited")
        fields = layer.fields()
        present = sl.schema_field_names(fields)  # (a Shapefile's 'antenna_he' for antenna_height_m)
        changes = {int(fid): {fields.indexOf(present[k]): v for k, v in values.items() if k in present}
                   for fid, values in updates.items()}
        before = {}
        for fid, change in changes.items():
            feat = layer.getFeature(fid)
            before[fid] = {idx: feat.attribute(idx) for idx in change}
        # one edit command: QGIS's Undo takes the whole import back (the updates and the new stations)
        layer.beginEditCommand(tr("Import stations"))
        try:
            for fid, change in changes.items():
                layer.changeAttributeValues(fid, change)
            n = sl.append_frame(layer, to_add, None)
        except sl.StationLayerError:
            layer.destroyEditCommand()
            if not was_editing:
                layer.rollBack()
            raise
        layer.endEditCommand()
        if not was_editing and not layer.commitChanges():
            errors = "; ".join(layer.commitErrors())
            layer.rollBack()
            if before and layer.startEditing():  # put back what may already be written
                for fid, values in before.items():
                    layer.changeAttributeValues(fid, values)
                if not layer.commitChanges():
                    errors += "; " + "; ".join(layer.commitErrors())
                    layer.rollBack()
            raise sl.StationLayerError(f"{layer.name()}: saving failed ({errors})")
        return n

    def show_merge_dialog(self) -> None:
        from ...headless import ensure_processing_path

        ensure_processing_path()
        import processing

        params = {"DISTANCE": StationSettings.load().merge_distance_m}
        processing.execAlgorithmDialog("basestationmapper:mergestations", params)

    # -- project state ----------------------------------------------------------------------
    def state(self) -> dict:
        layer = self.current_layer()
        return {"layer": layer.id() if layer is not None else "", **dict(self.defaults().items())}

    def restore_state(self, state: dict) -> None:
        self._restoring = True
        try:
            self._restore_state(state)
        finally:
            self._restoring = False

    def settings_state(self) -> dict:
        settings = StationSettings.load()
        return {"technology": settings.default_technology, "operator": settings.default_operator,
                "antenna_height_m": settings.default_antenna_height_m, "open_form": settings.open_form_on_add,
                "duplicate_distance_m": settings.duplicate_distance_m}

    def _restore_state(self, state: dict) -> None:
        layer = QgsProject.instance().mapLayer(state.get("layer") or "")
        if layer is not None:
            self.set_layer(layer)
        if state.get("technology") in TECHNOLOGIES:
            self.technology.setCurrentText(state["technology"])
        if "operator" in state:
            self.operator.setText(str(state["operator"] or ""))
        for key, widget in (("antenna_height_m", self.height), ("duplicate_distance_m", self.duplicate_distance)):
            try:
                widget.setValue(float(state[key]))
            except (KeyError, TypeError, ValueError):
                pass
        if "open_form" in state:
            self.open_form.setChecked(bool(state["open_form"]))

    def project_cleared(self) -> None:
        self._project_generation += 1
        if self._task is not None:
            try:
                self._task.cancel()
            except RuntimeError:  # already deleted by the task manager
                pass

    def unload(self) -> None:
        # an import still running (plugin disabled, reloaded or upgraded meanwhile) adds nothing: its
        # result would be applied to this section's widgets after they are deleted
        self._unloaded = True
        self.project_cleared()
        self._count_timer.stop()
        self._disconnect_layer()
        try:
            QgsProject.instance().layersRemoved.disconnect(self._layers_removed)
        except (TypeError, RuntimeError):
            pass
        try:
            SETTINGS_APPLIED.applied.disconnect(self._settings_applied)
        except TypeError:  # no canvas: never connected
            pass
        if self.tool is not None:
            self.tool.clear_highlight()


def layers_of_file(path: str) -> list:
    """The project's layers read from the file ``path`` (any of its tables)."""
    from qgis.core import QgsProviderRegistry

    registry = QgsProviderRegistry.instance()
    found = []
    for layer in QgsProject.instance().mapLayers().values():
        source = registry.decodeUri(layer.providerType(), layer.source()).get("path") or ""
        try:
            if source and os.path.samefile(source, path):
                found.append(layer)
        except OSError:  # a source that is no file (a URL, a database) or gone
            pass
    return found


def imported_layer_name(result) -> str:
    """The name of the layer made from an import: the file's name, and the name of the layer read when the
    file holds several (as QGIS names the layers of a GeoPackage, ``stations — towers_2021``)."""
    name = os.path.splitext(os.path.basename(result.path))[0]
    layer = result.details.get("layer")
    if layer and result.details.get("layers_in_file", 1) > 1 and layer != name:
        name = f"{name} — {layer}"
    return name


def status_count(status: str, n: int) -> str:
    """'12 candidates', '1,000 confirmed', '31 rejected': ``n`` stations of a review status, one message with its
    count forms (the word order and counter of the language)."""
    text = {"candidate": tr("{n} candidate", "{n} candidates", n),
            "confirmed": tr("{n} confirmed", "{n} confirmed", n),
            "rejected": tr("{n} rejected", "{n} rejected", n)}.get(status)
    return text.format(n=number(n, count=True)) if text is not None else f"{number(n, count=True)} {status}"
