"""Dock section: Imagery — layers by acquisition date, presets / URLs / files, compare two dates."""

from __future__ import annotations

from qgis.core import QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...i18n import number, tr
from ...qgis_io.imagery import (
    ACQ_DATE_PROPERTY,
    LOCAL_EXTENSIONS,
    PRESETS,
    ImageryError,
    acquisition_date_of,
    imagery_layers,
    local_layer,
    preset_layer,
    set_acquisition_date,
    source_label,
    web_layer,
    web_layer_problem,
)
from ...qgis_io.project import add_layer
from ...settings import ImagerySettings
from ..messages import push
from .base import DockSection
from .layer_choice import name_of_id

FILE_FILTER = f"Imagery ({' '.join('*' + ext for ext in LOCAL_EXTENSIONS)});;All files (*)"


class ImagerySection(DockSection):
    KEY = "imagery"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self._updating = False
        #: the table was not rebuilt while a date was being typed in it (rebuilt when the editor closes)
        self._table_stale = False
        #: the id of the Coverage section's DEM ('' when none): no imagery, as in the Detection list
        self._dem = ""
        #: a date being stored from the table (refreshed once it is, not on each change of the layer's property)
        self._storing_date = False
        self.hint = self.add_placeholder(tr(
            "Satellite and aerial layers listed by acquisition date. Add a preset (Esri World Imagery, "
            "OpenStreetMap), your own XYZ/WMS/WMTS URL or a local GeoTIFF/COG/VRT file, and compare two"
            " dates."
        ))
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("imageryTable")
        self.table.setHorizontalHeaderLabels([tr("Acquisition date"), tr("Layer")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setToolTip(tr("Double-click a date to edit it (YYYY-MM-DD)."))
        self.layout_.addWidget(self.table)

        # the rows below hold a list or field over its buttons: side by side they made the dock wider than a
        # narrow screen's (a 320 px dock, Korean labels)
        row = QGridLayout()
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("presetCombo")
        for key, preset in PRESETS.items():
            self.preset_combo.addItem(preset["name"], key)
        self.add_preset_button = QPushButton(tr("Add preset"), self)
        self.add_preset_button.setObjectName("addPresetButton")
        self.add_file_button = QPushButton(tr("Add file…"), self)
        self.add_file_button.setObjectName("addFileButton")
        row.addWidget(self.preset_combo, 0, 0, 1, 2)
        row.addWidget(self.add_preset_button, 1, 0)
        row.addWidget(self.add_file_button, 1, 1)
        self.layout_.addLayout(row)

        row = QGridLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for kind in ("XYZ", "WMS", "WMTS"):
            self.kind_combo.addItem(kind, kind.lower())
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText(tr("https://…/{z}/{x}/{y}.png or a WMS/WMTS service URL"))
        self.layers_edit = QLineEdit(self)
        self.layers_edit.setObjectName("layersEdit")
        self.layers_edit.setPlaceholderText(tr("WMS/WMTS layer"))
        self.add_url_button = QPushButton(tr("Add URL"), self)
        self.add_url_button.setObjectName("addUrlButton")
        row.addWidget(self.kind_combo, 0, 0)
        row.addWidget(self.url_edit, 0, 1)
        row.addWidget(self.layers_edit, 1, 0, 1, 2)
        row.addWidget(self.add_url_button, 1, 2)
        row.setColumnStretch(1, 1)
        self.layout_.addLayout(row)

        # what a WMS / WMTS layer is asked for in: CRS, image format, styles, tile matrix set (WMTS)
        self.service_options = QWidget(self)
        self.service_options.setObjectName("serviceOptions")
        row = QFormLayout(self.service_options)
        row.setContentsMargins(0, 0, 0, 0)
        self.crs_edit = QLineEdit(self)
        self.crs_edit.setObjectName("crsEdit")
        self.crs_edit.setPlaceholderText("EPSG:3857")
        self.crs_edit.setToolTip(tr("Coordinate reference system the service is asked for (empty: EPSG:3857)"))
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("formatCombo")
        self.format_combo.setEditable(True)
        self.format_combo.addItems(["image/png", "image/jpeg", "image/webp"])
        self.format_combo.setToolTip(tr("Image format the service is asked for"))
        self.styles_edit = QLineEdit(self)
        self.styles_edit.setObjectName("stylesEdit")
        self.styles_edit.setPlaceholderText(tr("style"))
        self.styles_edit.setToolTip(tr("Style of the layer (empty: its default); for several WMS layers, one style "
                                       "per layer, separated by commas"))
        self.matrix_edit = QLineEdit(self)
        self.matrix_edit.setObjectName("tileMatrixSetEdit")
        self.matrix_edit.setPlaceholderText("GoogleMapsCompatible")
        self.matrix_edit.setToolTip(tr("Tile matrix set of the WMTS layer (empty: GoogleMapsCompatible)"))
        self.matrix_label = QLabel(tr("Tile matrix set"), self)
        row.addRow(QLabel(tr("CRS"), self), self.crs_edit)
        row.addRow(QLabel(tr("Format"), self), self.format_combo)
        row.addRow(QLabel(tr("Style"), self), self.styles_edit)
        row.addRow(self.matrix_label, self.matrix_edit)
        self.layout_.addWidget(self.service_options)
        self.layers_edit.setToolTip(tr("Layer name as the service lists it; several WMS layers separated by commas"))

        self.saved_combo = QComboBox(self)
        self.saved_combo.setObjectName("savedCombo")
        self.saved_combo.setToolTip(tr("Your saved imagery sources"))
        self.add_saved_button = QPushButton(tr("Add saved source"), self)
        self.add_saved_button.setObjectName("addSavedButton")
        row = QHBoxLayout()
        row.addWidget(self.saved_combo, 1)
        row.addWidget(self.add_saved_button)
        self.layout_.addLayout(row)

        row = QHBoxLayout()
        self.compare_a = QComboBox(self)
        self.compare_a.setObjectName("compareA")
        self.compare_b = QComboBox(self)
        self.compare_b.setObjectName("compareB")
        self.toggle_button = QPushButton(tr("Toggle dates"), self)
        self.toggle_button.setObjectName("toggleButton")
        self.toggle_button.setToolTip(tr("Show one date, then the other: has this tower appeared since?"))
        row.addWidget(self.compare_a, 1)
        row.addWidget(self.compare_b, 1)
        row.addWidget(self.toggle_button)
        self.layout_.addLayout(row)
        #: the layer each compare list is on, as (id, name): chosen by the analyst, or the first / last image the
        #: list fell on as imagery was added (None: nothing chosen yet, the list takes the next image added).
        #: Kept when the layer leaves the list: the list then shows no layer rather than falling on another image.
        self._compared: dict = {self.compare_a: None, self.compare_b: None}

        self.add_preset_button.clicked.connect(self._add_preset)
        self.add_file_button.clicked.connect(self._add_file_dialog)
        self.add_url_button.clicked.connect(self._add_url)
        self.add_saved_button.clicked.connect(self._add_saved)
        self.toggle_button.clicked.connect(self.toggle)
        self.table.itemChanged.connect(self._date_edited)
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        for combo in (self.compare_a, self.compare_b, self.preset_combo, self.kind_combo, self.saved_combo):
            combo.currentIndexChanged.connect(self.stateChanged)
        for combo in (self.compare_a, self.compare_b):
            combo.currentIndexChanged.connect(lambda _index, combo=combo: self._compare_chosen(combo))
        for edit in (self.url_edit, self.layers_edit, self.crs_edit, self.styles_edit, self.matrix_edit):
            edit.textChanged.connect(self.stateChanged)
        self.format_combo.currentTextChanged.connect(self.stateChanged)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        project = QgsProject.instance()
        self._project_signals = [(project.layersAdded, self.refresh), (project.layersRemoved, self.refresh),
                                 (project.cleared, self.refresh), (project.layersAdded, self._watch_layers)]
        for signal, slot in self._project_signals:
            signal.connect(slot)
        self._watch_layers(list(project.mapLayers().values()))
        self._reload_saved()
        self.refresh()

    def title(self) -> str:
        return tr("Imagery")

    def _watch_layers(self, layers) -> None:
        """A raster renamed in the layer tree is listed (and compared) by its new name; one restyled is judged
        again, as the Detection panel's list does (a colour ramp or hillshade given to it: data, not imagery); one
        whose acquisition date is set or cleared elsewhere (another tool, the Python console) is listed by it."""
        for layer in layers:
            if isinstance(layer, QgsRasterLayer):
                layer.nameChanged.connect(self.refresh)
                layer.rendererChanged.connect(self.refresh)
                layer.customPropertyChanged.connect(self._property_changed)

    def _property_changed(self, key: str) -> None:
        """A layer's acquisition date changed (its date read from its file as the list is made, or stored from
        the table, are followed there)."""
        if key == ACQ_DATE_PROPERTY and not self._updating and not self._storing_date:
            self.refresh()

    # -- list --------------------------------------------------------------------------------
    def layers(self) -> list[QgsRasterLayer]:
        return [layer for layer in imagery_layers() if layer.id() != self._dem]

    def set_dem(self, layer) -> None:
        """The Coverage section's DEM is ``layer`` (None: none): it is not listed, compared nor counted as
        imagery, whatever its pixels look like (the Detection list leaves it out too)."""
        dem = layer.id() if isinstance(layer, QgsRasterLayer) else ""
        if dem != self._dem:
            self._dem = dem
            self.refresh()

    def refresh(self, *_args) -> None:
        self._updating = True
        try:
            layers = self.layers()
            # a date being typed: rebuilt, the table put the cell's old date back in the editor, or another
            # layer's when the rows moved (a layer added or removed meanwhile, e.g. by a detection ending)
            self._table_stale = self.table.state() == QAbstractItemView.State.EditingState
            if not self._table_stale:
                self.table.setRowCount(len(layers))
            for i, layer in enumerate(layers if not self._table_stale else []):
                date_item = QTableWidgetItem(acquisition_date_of(layer) or "")
                date_item.setData(Qt.ItemDataRole.UserRole, layer.id())
                name_item = QTableWidgetItem(layer.name())
                name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, 0, date_item)
                self.table.setItem(i, 1, name_item)
            for combo in (self.compare_a, self.compare_b):
                self._fill_compare(combo, layers)
            # a list with nothing chosen yet takes the first image (A) and the last (B) once there are two
            for combo, row, enough in ((self.compare_a, 0, 1), (self.compare_b, len(layers) - 1, 2)):
                if self._compared[combo] is None and len(layers) >= enough:
                    combo.setCurrentIndex(row)
                    self._compared[combo] = (layers[row].id(), layers[row].name())
        finally:
            self._updating = False
        self.hint.setVisible(not layers)
        self._update_toggle()
        self.summaryChanged.emit()

    def _fill_compare(self, combo: QComboBox, layers: list) -> None:
        """List ``layers`` in a compare list, on the layer it was on. That layer gone from the list (removed from the
        project, or no longer counted as imagery), the list shows none and says why: falling on another image, it
        silently compared other dates."""
        chosen = self._compared[combo]
        combo.blockSignals(True)
        combo.clear()
        for layer in layers:
            combo.addItem(f"{acquisition_date_of(layer) or tr('undated')} · {layer.name()}", layer.id())
        idx = combo.findData(chosen[0]) if chosen and chosen[0] else -1
        combo.setCurrentIndex(idx)
        combo.blockSignals(False)
        if idx >= 0:
            self._compared[combo] = (chosen[0], layers[idx].name())  # renamed since: said by its new name
            combo.setPlaceholderText("")
        elif chosen and chosen[0]:
            if QgsProject.instance().mapLayer(chosen[0]) is None:
                combo.setPlaceholderText(tr("Choose a layer ('{name}' was removed)").format(name=chosen[1]))
            else:
                combo.setPlaceholderText(tr("Choose a layer ('{name}' is no longer listed as imagery)").format(
                    name=chosen[1]))

    def _compare_chosen(self, combo: QComboBox) -> None:
        """A layer (or none) chosen in a compare list: the list stays on it."""
        if self._updating:
            return
        idx = combo.currentIndex()
        layer = QgsProject.instance().mapLayer(combo.currentData()) if idx >= 0 else None
        self._compared[combo] = (layer.id(), layer.name()) if layer is not None else ("", "")
        combo.setPlaceholderText("")
        self._update_toggle()

    def _update_toggle(self) -> None:
        """Toggle dates is on with two layers at least to flip between (one alone, its Toggle said "choose two
        different layers" of one) and a layer in each compare list (one removed: off until the analyst chooses
        again)."""
        self.toggle_button.setEnabled(self.compare_a.count() >= 2 and self.compare_a.currentIndex() >= 0
                                      and self.compare_b.currentIndex() >= 0)

    def _editor_closed(self, *_args) -> None:
        """The date editor closed (typed date committed or not): the table left as it was meanwhile is rebuilt."""
        if self._table_stale:
            self.refresh()

    def _date_edited(self, item: QTableWidgetItem) -> None:
        if self._updating or item.column() != 0:
            return
        layer = QgsProject.instance().mapLayer(item.data(Qt.ItemDataRole.UserRole))
        if layer is None:
            return
        before = layer.customProperty(ACQ_DATE_PROPERTY, None)
        self._storing_date = True
        try:
            set_acquisition_date(layer, item.text().strip() or None)
        except ImageryError as exc:  # the date kept is shown again; the message names the layer of the row
            push(self.iface, f"{layer.name()}: {exc}", level=_warning())
        finally:
            self._storing_date = False
        # the project is modified by a date stored or cleared, not by one refused (nothing was stored) nor by the
        # date it has written otherwise
        if layer.customProperty(ACQ_DATE_PROPERTY, None) != before:
            QgsProject.instance().setDirty(True)
        self.refresh()

    # -- adding ------------------------------------------------------------------------------
    def add(self, layer: QgsRasterLayer) -> QgsRasterLayer:
        add_layer(layer, below_same_kind=True)  # under the stations and the earlier imagery
        self.refresh()
        return layer

    def _add_preset(self) -> None:
        self.add(preset_layer(self.preset_combo.currentData()))

    def add_file(self, path: str) -> QgsRasterLayer | None:
        try:
            return self.add(local_layer(path))
        except ImageryError as exc:
            push(self.iface, str(exc), level=_warning())
            return None

    def _add_file_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Add imagery"), "", FILE_FILTER)
        for path in paths:
            self.add_file(path)

    def _kind_changed(self, *_args) -> None:
        """The service options belong to WMS and WMTS; the tile matrix set to WMTS only."""
        kind = self.kind_combo.currentData()
        self.service_options.setVisible(kind in ("wms", "wmts"))
        self.matrix_label.setVisible(kind == "wmts")
        self.matrix_edit.setVisible(kind == "wmts")

    def add_url(self, kind: str, url: str, layers: str = "", name: str = "", save: bool = True, crs: str = "",
                format: str = "", styles: str = "", tile_matrix_set: str = ""):
        """Add an XYZ / WMS / WMTS source as a layer (and save it with the user's sources). ``crs``,
        ``format``, ``styles`` and ``tile_matrix_set`` (WMTS) are what the service is asked for;
        blank ones take their defaults (EPSG:3857, image/png, the default style, GoogleMapsCompatible)."""
        source = {"kind": kind, "url": url.strip(), "name": name or url.strip()}
        options = {"layers": layers, "crs": crs, "format": format, "styles": styles}
        if kind == "wmts":
            options["tile_matrix_set"] = tile_matrix_set
        source.update({key: value.strip() for key, value in options.items()
                       if value and value.strip() and (key == "layers" or kind in ("wms", "wmts"))})
        try:
            layer = web_layer(source)
        except ImageryError as exc:
            push(self.iface, str(exc), level=_warning())
            return None
        problem = web_layer_problem(layer)
        if problem:
            push(self.iface, problem, level=_warning())
        if save:
            settings = ImagerySettings.load()
            if source not in settings.custom_sources:
                settings.custom_sources.append(source)
                settings.save()
            self._reload_saved()
        return self.add(layer)

    def _add_url(self) -> None:
        # the format box always shows one: the default is not written into the saved source
        image_format = self.format_combo.currentText().strip()
        self.add_url(self.kind_combo.currentData(), self.url_edit.text(), self.layers_edit.text().strip(),
                     crs=self.crs_edit.text(), format="" if image_format == "image/png" else image_format,
                     styles=self.styles_edit.text(), tile_matrix_set=self.matrix_edit.text())

    def _reload_saved(self) -> None:
        self.saved_combo.clear()
        for source in ImagerySettings.load().custom_sources:
            if isinstance(source, dict) and source.get("url"):
                self.saved_combo.addItem(source_label(source), source)
        self.add_saved_button.setEnabled(self.saved_combo.count() > 0)

    def _add_saved(self) -> None:
        source = self.saved_combo.currentData()
        if isinstance(source, dict):
            try:
                layer = self.add(web_layer(source))
            except ImageryError as exc:
                push(self.iface, str(exc), level=_warning())
                return
            problem = web_layer_problem(layer)
            if problem:
                push(self.iface, problem, level=_warning())

    # -- compare -----------------------------------------------------------------------------
    def toggle(self) -> None:
        """Show one of the two compared layers and hide the other (each click swaps)."""
        root = QgsProject.instance().layerTreeRoot()
        ids = [self.compare_a.currentData(), self.compare_b.currentData()]
        nodes = [root.findLayer(i) if i else None for i in ids]
        if any(n is None for n in nodes) or ids[0] == ids[1]:
            push(self.iface, tr("Choose two different imagery layers to compare."), level=_warning())
            return
        show_b = nodes[0].isVisible() and not nodes[1].isVisible()
        shown, hidden = (nodes[1], nodes[0]) if show_b else (nodes[0], nodes[1])
        hidden.setItemVisibilityChecked(False)
        shown.setItemVisibilityCheckedParentRecursive(True)
        # imagery drawn over the date shown (a basemap added first) would hide it: take it off
        for layer in _drawn_over(root, shown.layer(), self.layers()):
            root.findLayer(layer.id()).setItemVisibilityChecked(False)

    # -- dock plumbing -----------------------------------------------------------------------
    def summary(self) -> str:
        layers = self.layers()
        if not layers:
            return ""
        dates = sorted(d for d in (acquisition_date_of(lyr) for lyr in layers) if d)
        n = len(layers)
        if not dates:
            return tr("{n} imagery layer", "{n} imagery layers", n).format(n=number(n, count=True))
        # the dates they were taken: one, or the first and last (a range is no word to translate)
        span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"
        return tr("{n} imagery layer ({dates})", "{n} imagery layers ({dates})", n).format(
            n=number(n, count=True), dates=span)

    def state(self) -> dict:
        saved = self.saved_combo.currentData()
        names = {key: (self._compared[combo] or ("", ""))[1] if combo.currentIndex() >= 0 else ""
                 for key, combo in (("compare_a_name", self.compare_a), ("compare_b_name", self.compare_b))}
        return {"compare_a": self.compare_a.currentData(), "compare_b": self.compare_b.currentData(), **names,
                "preset": self.preset_combo.currentData(), "kind": self.kind_combo.currentData(),
                "url": self.url_edit.text(), "layers": self.layers_edit.text(), "crs": self.crs_edit.text(),
                "format": self.format_combo.currentText(), "styles": self.styles_edit.text(),
                "tile_matrix_set": self.matrix_edit.text(), "saved": saved if isinstance(saved, dict) else None}

    def restore_state(self, state: dict) -> None:
        self.refresh()
        for combo, key in ((self.compare_a, "compare_a"), (self.compare_b, "compare_b"),
                           (self.preset_combo, "preset"), (self.kind_combo, "kind")):
            idx = combo.findData(state.get(key))
            if idx >= 0:
                combo.setCurrentIndex(idx)
            elif combo in self._compared and self.restoring_project and isinstance(state.get(key), str) \
                    and state[key] and QgsProject.instance().mapLayer(state[key]) is None:
                # compared in the project, which opened without it (removed as unavailable): no other image instead
                name = state.get(f"{key}_name")
                self._compared[combo] = (state[key], name if isinstance(name, str) and name else name_of_id(state[key]))
                self.refresh()
        for edit, key in ((self.url_edit, "url"), (self.layers_edit, "layers"), (self.crs_edit, "crs"),
                          (self.styles_edit, "styles"), (self.matrix_edit, "tile_matrix_set")):
            if isinstance(state.get(key), str):
                edit.setText(state[key])
        if isinstance(state.get("format"), str):
            self.format_combo.setCurrentText(state["format"] or "image/png")
        # the saved sources are the user's settings: the project names the one it had picked
        for i in range(self.saved_combo.count()):
            if self.saved_combo.itemData(i) == state.get("saved"):
                self.saved_combo.setCurrentIndex(i)
                break

    def project_cleared(self) -> None:
        """A new project: its compare lists take its first images again."""
        for combo in (self.compare_a, self.compare_b):
            self._compared[combo] = None
            combo.setPlaceholderText("")
        self.refresh()

    def unload(self) -> None:
        for signal, slot in self._project_signals:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        for layer in QgsProject.instance().mapLayers().values():
            if isinstance(layer, QgsRasterLayer):
                for signal, slot in ((layer.nameChanged, self.refresh), (layer.rendererChanged, self.refresh),
                                     (layer.customPropertyChanged, self._property_changed)):
                    try:
                        signal.disconnect(slot)
                    except (TypeError, RuntimeError):
                        pass


def _drawn_over(root, layer, imagery) -> list:
    """The visible imagery layers the canvas draws over ``layer`` where they overlap it."""
    from qgis.core import QgsCoordinateTransform

    others = {other.id() for other in imagery if other.id() != layer.id()}
    over = []
    for other in root.layerOrder():  # top first
        if other.id() == layer.id():
            break
        node = root.findLayer(other.id())
        if other.id() not in others or node is None or not node.isVisible():
            continue
        try:
            extent = QgsCoordinateTransform(other.crs(), layer.crs(), QgsProject.instance()).transformBoundingBox(
                other.extent())
        except Exception:  # no transform between the two CRSs: it may cover it
            extent = None
        if extent is None or extent.intersects(layer.extent()):
            over.append(other)
    return over


def _warning():
    from qgis.core import Qgis

    return Qgis.MessageLevel.Warning
