"""The import dialog: file, format options, preview and column mapping of a CSV or a workbook's sheet, bad-row
policy. Check file, and the first read of a large vector file, run in QGIS's task manager: the dialog stays
responsive, and what they find is shown only for the file and choices they were started for."""

from __future__ import annotations

import functools
import os
import tempfile

from qgis.core import QgsApplication, QgsCoordinateReferenceSystem
from qgis.gui import QgsFileWidget, QgsProjectionSelectionWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEvent, Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import importers as im
from ..i18n import LocaleNumber, number, tr, translated
from ..qgis_io.import_report import import_notes
from ..tasks.import_task import VectorProbe, check_file_task, probe_vector_file, probe_vector_task

FILE_FILTER = im.FILE_FILTER
#: GDAL drivers of station files, by the name users know them by
FORMAT_NAMES = {"XLSX": "XLSX", "ODS": "ODS", "GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile",
                "GeoJSON": "GeoJSON", "GeoJSONSeq": "GeoJSON", "GPX": "GPX", "FlatGeobuf": "FlatGeobuf",
                "SQLite": "SQLite", "GML": "GML", "MapInfo File": "MapInfo"}
#: the same by a file's extension, for a file OGR does not open as it is (a compressed GeoJSON)
EXTENSION_FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".gpx": "GPX",
                     ".shp": "Shapefile", ".fgb": "FlatGeobuf", ".xlsx": "XLSX", ".ods": "ODS"}
#: a vector file from this size on is first read in the background (OGR reads a whole GeoJSON, GML, GPX or workbook
#: to open it: a 30 MB GeoJSON took a second on the main thread); a smaller one at once, as it is chosen
BACKGROUND_READ_BYTES = 1 << 20
ROLES = ("lon", "lat", "x", "y", "name", "technology", "operator", "status", "station_id", "image_date",
         "antenna_height_m", "notes")


class ImportDialog(QDialog):
    """Choose a file and how to read it; :meth:`options` gives the keyword arguments of ``import_file``."""

    def __init__(self, parent=None, merge_distance: float = 150.0, can_append: bool = False,
                 append_reason: str | None = None):
        super().__init__(parent)
        self.setObjectName("BaseStationMapperImportDialog")
        self.setWindowTitle(tr("Import stations"))
        # the tasks running for the dialog, "check" (Check file) and "probe" (a large vector file's first read):
        # canceled when the dialog closes or is deleted, or what they were started for changes
        self._running: dict = {}
        self.destroyed.connect(functools.partial(_cancel_all, self._running))
        # the vector file's layers, driver and tables as read (at once, or in the background for a large file)
        self._vector: VectorProbe | None = None
        self._probe_canceled = False  # its read canceled in QGIS's task manager: Check file reads it again
        # why "Add to the current station layer" is not offered (None: the caller's tooltip, or no layer chosen)
        self._append_reason = append_reason
        self.layout_info: im.CsvLayout | None = None
        # the file whose table options are shown: the file chosen, or the one a zip holds (extracted, kept in
        # ``_zip`` while the zip is chosen) named ``_member`` in it
        self._table_path = ""
        self._member = ""
        self._zip: tuple | None = None
        # the file box's text read as QGIS's source of a layer ('stations.gpkg|layername=towers'): (text, file,
        # layer named, the reason it cannot be read)
        self._source: tuple = ("", "", None, None)
        self._layer_names: tuple = (None, None)  # ((file, modified, size), its layers) of a KML, KMZ or OSM file
        # the file the delimiter and encoding were chosen for (another file is detected anew)
        self._options_file = ""
        # why the file chosen cannot be read (a CSV's delimiter, a zip's member...): said again on OK
        self._read_problem: str | None = None
        self.finished.connect(self._stop_tasks)
        self.finished.connect(self._drop_zip)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.file_widget = QgsFileWidget(self)
        self.file_widget.setFilter(FILE_FILTER)
        self.file_widget.fileChanged.connect(self._file_changed)
        form.addRow(tr("File"), self.file_widget)
        self.kind_label = QLabel("", self)
        form.addRow(tr("Format"), self.kind_label)
        # a GeoPackage (or other file) of several layers: the one to read stations from
        self.layer_label = QLabel(tr("Layer"), self)
        self.layer_combo = QComboBox(self)
        self.layer_combo.setObjectName("layerCombo")
        self.layer_combo.currentIndexChanged.connect(self._layer_changed)
        form.addRow(self.layer_label, self.layer_combo)
        layout.addLayout(form)

        # a CSV's, or a table's without geometry (a workbook's sheet: no delimiter nor encoding), as Processing's
        # X_FIELD/Y_FIELD and CRS read them
        self.csv_box = QGroupBox(tr("Table options"), self)
        csv_form = self.csv_form = QFormLayout(self.csv_box)
        self.delimiter = QComboBox(self)
        for label, value in ((tr("detect"), ""), (",", ","), (";", ";"), (tr("tab"), "\t"), ("|", "|")):
            self.delimiter.addItem(label, value)
        self.encoding = QComboBox(self)
        for label, value in ((tr("detect"), ""), ("UTF-8", "utf-8"), ("Windows-1252", "cp1252"),
                             ("EUC-KR", "euc-kr"), ("UTF-16", "utf-16"), ("Latin-1", "latin-1")):
            self.encoding.addItem(label, value)
        self.delimiter.currentIndexChanged.connect(self.refresh)
        self.encoding.currentIndexChanged.connect(self.refresh)
        self.delimiter_label = QLabel(tr("Delimiter"), self)
        self.encoding_label = QLabel(tr("Encoding"), self)
        csv_form.addRow(self.delimiter_label, self.delimiter)
        csv_form.addRow(self.encoding_label, self.encoding)
        self.none_hint = QLabel(tr("(none): the column is not read for that role, even one whose name suggests it. "
                                   "A table without geometry is placed by lon and lat, or x and y."), self)
        self.none_hint.setWordWrap(True)
        csv_form.addRow(self.none_hint)
        # an OpenCelliD export is read by its own columns: no roles to choose
        self.ocid_hint = QLabel(tr("An OpenCelliD cell export is read by its own columns (radio, mcc, net, area, "
                                   "cell, lon, lat, samples): the cells of one eNodeB, or of one operator and radio "
                                   "within {metres:g} m, are one site at the mean of their positions, in WGS 84. "
                                   "Its columns are not chosen here; the delimiter and encoding apply.").format(
            metres=LocaleNumber(im.OCID_SITE_DISTANCE_M)), self)
        self.ocid_hint.setObjectName("opencellidHint")
        self.ocid_hint.setWordWrap(True)
        csv_form.addRow(self.ocid_hint)
        # ... unless its rows are wanted as they are (a list of sites that has OpenCelliD's columns)
        self.plain_table = QCheckBox(tr("Read as a plain table (not grouped as OpenCelliD cells)"), self)
        self.plain_table.setObjectName("plainTable")
        self.plain_table.toggled.connect(self._plain_table_toggled)
        csv_form.addRow(self.plain_table)
        self.role_combos: dict[str, QComboBox] = {}
        for role in ROLES:
            combo = QComboBox(self)
            combo.setObjectName(f"{role}Column")
            self.role_combos[role] = combo
            combo.currentIndexChanged.connect(self._choice_changed)
            csv_form.addRow(tr("Column for {role}").format(role=role), combo)
        # not set until the user chooses it: x/y read in a CRS they did not choose would be placed wrong
        self.crs = QgsProjectionSelectionWidget(self)
        self.crs.setOptionVisible(QgsProjectionSelectionWidget.CrsOption.CrsNotSet, True)
        self.crs.setNotSetText(tr("choose…"))
        self.crs.setCrs(QgsCoordinateReferenceSystem())
        self.crs.crsChanged.connect(self._choice_changed)
        self._crs_table: tuple | None = None  # the table the CRS was chosen for
        csv_form.addRow(tr("CRS of x/y"), self.crs)
        self.preview = QTableWidget(self)
        self.preview.setObjectName("previewTable")
        self.preview.setMinimumHeight(140)
        # what the file holds, not a table to edit nor to Tab through cell by cell on the way to OK
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setTabKeyNavigation(False)
        csv_form.addRow(self.preview)
        # in a scroll area: a CSV's twelve column roles and preview do not push OK off a small screen (800×600)
        self.csv_scroll = QScrollArea(self)
        self.csv_scroll.setObjectName("tableOptionsScroll")
        self.csv_scroll.setWidgetResizable(True)
        self.csv_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.csv_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no tab stop of its own: it follows the focus
        self.csv_scroll.setWidget(self.csv_box)
        layout.addWidget(self.csv_scroll, 1)

        options = QFormLayout()
        self.merge_distance = QDoubleSpinBox(self)
        self.merge_distance.setRange(0, 5000)
        self.merge_distance.setSuffix(" m")
        self.merge_distance.setValue(merge_distance)
        self.merge_distance.valueChanged.connect(self._choice_changed)
        options.addRow(tr("Merge stations closer than"), self.merge_distance)
        self.skip_bad = QCheckBox(tr("Skip the reported bad rows (otherwise nothing is imported)"), self)
        options.addRow(self.skip_bad)
        self.append = QCheckBox(tr("Add to the current station layer (otherwise a new layer)"), self)
        self.append.setEnabled(can_append)
        self.append.setChecked(can_append)
        options.addRow(self.append)
        # why it is not offered, said under it rather than only in its tooltip
        self.append_reason = QLabel("", self)
        self.append_reason.setObjectName("appendReason")
        self.append_reason.setWordWrap(True)
        style = self.append.style()
        self.append_reason.setContentsMargins(
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self.append)
            + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self.append), 0, 0, 0)
        options.addRow(self.append_reason)
        self.append.installEventFilter(self)  # its tooltip (the dock's reason) and its enabled state followed
        self._show_append_reason()
        layout.addLayout(options)
        self.check_button = QPushButton(tr("Check file"), self)
        self.check_button.setObjectName("checkFileButton")
        self.check_button.clicked.connect(self._check_clicked)
        layout.addWidget(self.check_button)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(120)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def path(self) -> str:
        """The file chosen: of a source pasted as QGIS shows it, 'stations.gpkg|layername=towers' or
        'stations.gpkg|layerid=1', its file (the layer is chosen in the layer list)."""
        return self._split()[1]

    def _split(self) -> tuple:
        """(text, file, layer named, problem) of the file box, read as Processing and the command line read a
        source (:func:`..core.importers.split_source`)."""
        text = self.file_widget.filePath()
        if self._source[0] != text:
            source = _read_source(text)
            if source[2] is not None or not os.path.exists(source[0]):  # pasted in quotes, as a file:// URL...
                cleaned = _cleaned_path(text)
                if cleaned != text:
                    read = _read_source(cleaned)
                    source = read if os.path.exists(read[0]) or not os.path.exists(source[0]) else source
            self._source = (text, *source)
        return self._source

    def source_problem(self) -> str | None:
        """Why the source in the file box names no layer of its file (a part not understood, a layer number or
        name the file has not), None when it names none or one the list offers."""
        _text, file, named, problem = self._split()
        if problem is not None:
            return translated(problem)
        names = self._named_layers(file) if named else None
        if names is not None and named not in names:  # a KML's folder, an OSM file's points, lines...
            return tr("{file} has no layer '{layer}' to read stations from (layers: {layers})").format(
                file=os.path.basename(file), layer=named, layers=", ".join(f"'{name}'" for name in names))
        if named and self.layer_combo.count() and self.layer_combo.findData(named) < 0:
            return tr("{file} has no layer '{layer}' to read stations from (layers: {layers})").format(
                file=os.path.basename(file), layer=named,
                layers=", ".join(f"'{self.layer_combo.itemData(i)}'" for i in range(self.layer_combo.count())))
        return None

    def _named_layers(self, file: str) -> list[str] | None:
        """The layers QGIS shows of a KML, KMZ or OSM file, which a pasted source may name (its Folders, OGR's
        points, lines...: the whole file is read otherwise); None for another file. Read once for a file as it is
        (OGR reads a whole KML to name its layers)."""
        if not os.path.isfile(file) or im.detect_kind(file) not in ("kml", "kmz", "osm") or im.sniff_json(file):
            return None
        key = (file, os.path.getmtime(file), os.path.getsize(file))
        if self._layer_names[0] != key:
            self._layer_names = (key, im.source_layer_names(file))
        return self._layer_names[1]

    def _file_changed(self, *_args) -> None:
        self.plain_table.blockSignals(True)
        self.plain_table.setChecked(False)  # another file: read as it looks until asked otherwise
        self.plain_table.blockSignals(False)
        if self.path() != self._options_file:  # another file: its delimiter and encoding detected, not the last one's
            self._options_file = self.path()
            for combo in (self.delimiter, self.encoding):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        self.refresh()

    def _grouped(self) -> bool:
        """Whether the table is an OpenCelliD export read as such (its cells grouped into sites, its own columns)."""
        return self.layout_info is not None and self.layout_info.kind == "opencellid" \
            and not self.plain_table.isChecked()

    def _choice_changed(self, *_args) -> None:
        """A column, the CRS or the merge distance chosen anew: what Check file said of the others is gone (and a
        check running for them is canceled)."""
        self._clear_report()

    def _clear_report(self) -> None:
        """Nothing said of the file as it was read before: a check running is canceled, its result never shown."""
        self._stop_check()
        self.report.clear()

    def _plain_table_toggled(self, *_args) -> None:
        self._clear_report()
        if self.layout_info is not None:
            self._show_roles(not self._grouped())

    def refresh(self, *_args) -> None:
        path = self.path()
        self._stop_tasks()  # what they read is of the file, or options, as they were
        self.layout_info = None
        self._vector = None
        self._probe_canceled = False
        self._table_path = self._member = ""
        self._read_problem = None
        self.report.clear()
        self._show_layers([], None)
        self._show_table_box("")
        self._refresh_file(path)
        self._say_source_problem()

    def _say_source_problem(self) -> None:
        """Add to the report why the source in the file box names no layer of its file."""
        problem = self.source_problem()
        if problem:
            self.report.setPlainText("\n".join(filter(None, (self.report.toPlainText(), problem))))

    def _refresh_file(self, path: str) -> None:
        if not path or not os.path.isfile(path):
            self._drop_zip()
            self.kind_label.setText(tr("choose a file") if not path else tr("a folder, not a file")
                                    if os.path.isdir(path) else tr("file not found"))
            return
        kind = im.detect_kind(path)
        self._table_path = path
        if kind == "zip":  # the file it holds: a CSV's or a sheet's table options too
            try:
                extracted = self._zip_member(path)
            except im.ImportFailed as exc:
                self.kind_label.setText(tr("zip archive (cannot be read)"))
                self._read_problem = translated(exc)
                self.report.setPlainText(self._read_problem)
                return
            if extracted is None:
                self.kind_label.setText(tr("KML files in a zip (read as a KMZ)"))
                return
            self._member, self._table_path = extracted
            kind = im.detect_kind(self._table_path)
        else:
            self._drop_zip()
        self._show_table_box(kind)
        if kind != "csv":
            if kind == "vector":
                if _file_size(self._table_path) >= BACKGROUND_READ_BYTES:
                    self._start_probe(self._table_path)
                else:
                    self._show_vector(probe_vector_file(self._table_path, sheets=False))  # a table read when shown
                return
            self._show_format()
            return
        try:
            self.layout_info = im.csv_layout(self._table_path, self.encoding.currentData() or None,
                                             self.delimiter.currentData() or None)
        except im.ImportFailed as exc:
            self.kind_label.setText(self._in_zip(tr("CSV (cannot be read)")))
            self._read_problem = translated(exc)
            self.report.setPlainText(self._read_problem)
            self._clear_columns()  # not the columns of the file, or delimiter, shown before
            return
        info = self.layout_info
        self.kind_label.setText(self._in_zip(
            tr("OpenCelliD cell export") if info.kind == "opencellid" else
            tr("CSV ({encoding}, delimiter {delimiter!r})").format(encoding=info.encoding, delimiter=info.delimiter)))
        self._show_columns(info)

    def _show_vector(self, probe: VectorProbe) -> None:
        """A vector file as read: its layers offered, the table of a layer without geometry, its format; or why OGR
        cannot open it."""
        self._vector = probe
        if probe.problem is not None:  # OGR cannot open it (damaged, empty, another format named so)
            self._show_format()
            self.kind_label.setText(tr("{format} (cannot be read)").format(format=self.kind_label.text()))
            self._read_problem = translated(probe.problem)
            self.report.setPlainText(self._read_problem)
            return
        named = self._split()[2]  # the layer a pasted source names
        self._show_layers(probe.choices, named if named in (c[0] for c in probe.choices) else probe.default)
        self._show_sheet()
        self._show_format()

    def _start_probe(self, path: str) -> None:
        """Read a large vector file's layers in the background: until they are shown, the format says so, and OK
        and Check file say to wait."""
        self.kind_label.setText(self._in_zip(tr("{format} (reading the file…)").format(
            format=_format_by_extension(path))))
        waiting = self._read_problem = tr("{file} is still being read: its layers and columns are shown when it is "
                                          "read.").format(file=os.path.basename(self._member or path))

        def ended():
            self._running.pop("probe", None)
            if self.report.toPlainText() == waiting:  # said on OK or Check file meanwhile: no longer so
                self.report.clear()

        def done(probe):
            if self._is_current("probe", task):
                ended()
                self._read_problem = None
                self._show_vector(probe)
                self._say_source_problem()

        def failed(exc):
            if self._is_current("probe", task):
                ended()
                self.kind_label.setText(self._in_zip(tr("{format} (cannot be read)").format(
                    format=_format_by_extension(path))))
                self._read_problem = _error_text(exc)
                self.report.setPlainText(self._read_problem)

        def canceled():  # in QGIS's task manager: not read, nor imported as it is; Check file reads it again
            if self._is_current("probe", task):
                ended()
                self._probe_canceled = True
                self.kind_label.setText(self._in_zip(tr("{format} (not read)").format(
                    format=_format_by_extension(path))))
                self._read_problem = tr("Reading {file} was canceled: press Check file to read it.").format(
                    file=os.path.basename(self._member or path))
                self.report.setPlainText(self._read_problem)

        task = self._running["probe"] = probe_vector_task(path, done, failed, canceled)
        QgsApplication.taskManager().addTask(task)

    def _is_current(self, key: str, task) -> bool:
        """Whether ``task`` is still the one running for the dialog as it is (not closed, deleted, nor changed)."""
        return not sip.isdeleted(self) and self._running.get(key) is task

    def _stop_tasks(self, *_args) -> None:
        """Cancel what runs for the dialog (it closed, or another file or option is chosen)."""
        self._stop_check()
        _cancel(self._running.pop("probe", None))

    def _show_table_box(self, kind: str) -> None:
        """Table options for a CSV (delimiter and encoding too); a sheet's are shown by :meth:`_show_sheet`."""
        self._set_table_box_visible(kind == "csv")
        for widget in (self.delimiter_label, self.delimiter, self.encoding_label, self.encoding):
            widget.setVisible(kind == "csv")

    def _zip_member(self, path: str) -> tuple[str, str] | None:
        """The station file of a zip, extracted once into a folder kept while the zip is chosen: (its name in the
        zip, the file extracted); None for a zip of KML files."""
        stat = os.stat(path)
        key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
        if self._zip is None or self._zip[0] != key:
            self._drop_zip()
            folder = tempfile.TemporaryDirectory(prefix="bsm-import-")
            try:
                extracted = im.extract_zip_member(path, folder.name)
            except im.ImportFailed:
                folder.cleanup()
                raise
            self._zip = (key, folder, None if extracted is None else extracted[:2])
        return self._zip[2]

    def _drop_zip(self, *_args) -> None:
        if self._zip is not None:
            folder, self._zip = self._zip[1], None
            try:
                folder.cleanup()
            except OSError:  # a file in it still open (a background read being canceled, on Windows): left behind
                pass

    def _in_zip(self, text: str) -> str:
        return tr("{format}, {member} in the zip").format(format=text, member=self._member) if self._member else text

    def _show_format(self) -> None:
        """The format of a file other than a CSV, named as users know it: 'XLSX sheet 'Towers'', 'GeoPackage layer
        'towers'', 'GeoJSON', 'KMZ', 'OpenStreetMap'; of the file a zip holds, with its name."""
        path = self._table_path
        kind = im.detect_kind(path)
        name = path.lower()
        named = self._split()[2] if not self._member else None
        if kind == "kml":
            text = "KML"
        elif kind == "kmz":
            text = "KMZ"
        elif kind == "osm":
            text = tr("OpenStreetMap (Overpass JSON)") if name.endswith((".json", ".geojson")) else tr("OpenStreetMap")
        elif kind == "opencellid":
            text = tr("OpenCelliD API answer")
        elif kind == "zip":
            text = tr("zip archive")
        else:
            text = self._vector_format(path)
        if named and kind in ("kml", "kmz", "osm") and named in (self._named_layers(path) or ()):
            text = tr("{format} layer '{layer}'").format(format=text, layer=named)
        self.kind_label.setText(self._in_zip(text))

    def _vector_format(self, path: str) -> str:
        probe = self._vector if self._vector is not None and self._vector.path == path else None
        driver = probe.driver if probe is not None else im.vector_driver(path)
        if not driver:  # not opened as it is: a compressed GeoJSON, GPX...
            return _format_by_extension(path)
        fmt = FORMAT_NAMES.get(driver, driver)
        layer = self.layer_combo.currentData()
        if driver in ("XLSX", "ODS"):
            layers = (probe.layers or []) if probe is not None else im.list_vector_layers(path)
            layer = layer or (layers or [""])[0]
            return tr("{format} sheet '{layer}'").format(format=fmt, layer=layer) if layer else fmt
        if self.layer_combo.count() > 1 and layer:
            return tr("{format} layer '{layer}'").format(format=fmt, layer=layer)
        return fmt

    def _show_sheet(self) -> None:
        """A table without geometry (a workbook's sheet): its columns for the roles, its first rows and the CRS
        of x/y, as a CSV's; nothing for a layer with geometry."""
        layer = self.layer_combo.currentData() or None
        probe = self._vector
        if probe is not None and probe.path == self._table_path and layer in probe.sheets:
            self.layout_info = probe.sheets[layer]  # read with the file (no second read of a large file)
        else:
            self.layout_info = im.sheet_layout(self._table_path, layer)
        self._set_table_box_visible(self.layout_info is not None)
        if self.layout_info is not None:
            self._show_columns(self.layout_info)

    def _set_table_box_visible(self, shown: bool) -> None:
        grown = shown and not self.csv_scroll.isVisibleTo(self)
        self.csv_scroll.setVisible(shown)
        self.csv_box.setVisible(shown)
        if grown and self.isVisible():
            QTimer.singleShot(0, self._fit_to_screen)  # once its columns and rows are shown

    def _fit_to_screen(self) -> None:
        """Grow the dialog to show the table options whole where the screen has room, its buttons on the screen."""
        screen = QGuiApplication.screenAt(self.frameGeometry().center()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        border = self.frameGeometry().size() - self.size()  # the title bar and borders of the window
        hint = self.sizeHint()
        self.resize(max(self.width(), min(hint.width(), room.width() - border.width())),
                    max(self.height(), min(hint.height(), room.height() - border.height())))
        frame = self.frameGeometry()
        left = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
        top = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
        if (left, top) != (frame.left(), frame.top()):
            self.move(self.x() + left - frame.left(), self.y() + top - frame.top())

    def _clear_columns(self) -> None:
        """No columns to choose nor rows to preview (the file cannot be read as it is set)."""
        for combo in self.role_combos.values():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(none)"), "")
            combo.blockSignals(False)
        self.preview.clear()
        self.preview.setColumnCount(0)
        self.preview.setRowCount(0)

    def _show_roles(self, shown: bool) -> None:
        """The column roles and the CRS of x/y, which an OpenCelliD export (read by its own columns) has not
        unless read as a plain table."""
        self.none_hint.setVisible(shown)
        self.ocid_hint.setVisible(not shown)
        self.plain_table.setVisible(self.layout_info is not None and self.layout_info.kind == "opencellid")
        for widget in (*self.role_combos.values(), self.crs):
            widget.setVisible(shown)
            label = self.csv_form.labelForField(widget)
            if label is not None:
                label.setVisible(shown)

    def _show_columns(self, info: im.CsvLayout) -> None:
        self._show_roles(not self._grouped())
        table = (self._table_path, self.layer_combo.currentData())
        if table != self._crs_table:  # another file or sheet: no CRS claimed for its x/y until one is chosen
            self._crs_table = table
            self.crs.setCrs(QgsCoordinateReferenceSystem())
        for role, combo in self.role_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("(none)"), "")
            for col in info.columns:
                combo.addItem(col, col)
            chosen = info.mapping.get(role, "")
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        self.preview.clear()
        self.preview.setColumnCount(len(info.columns))
        self.preview.setHorizontalHeaderLabels(info.columns)
        self.preview.setRowCount(len(info.preview))
        for r, row in enumerate(info.preview):
            for c, value in enumerate(row[:len(info.columns)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))

    def _show_layers(self, choices: list, default: str | None) -> None:
        """Offer the layers of a file holding several (shown only then), the station layer chosen."""
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for name, geometry, count in choices:
            text = tr("{layer} ({geometry}, {n} feature)", "{layer} ({geometry}, {n} features)", count)
            self.layer_combo.addItem(text.format(layer=name, geometry=geometry, n=number(count, count=True)), name)
        self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(default), 0))
        self.layer_combo.blockSignals(False)
        several = len(choices) > 1
        self.layer_label.setVisible(several)
        self.layer_combo.setVisible(several)

    def _layer_changed(self, *_args) -> None:
        self._clear_report()
        if self._table_path and im.detect_kind(self._table_path) == "vector":  # another sheet: its own columns
            self._show_sheet()
            self._show_format()

    def options(self) -> dict:
        """Keyword arguments for ``core.importers.import_file``."""
        out: dict = {"skip_bad": self.skip_bad.isChecked(), "merge_distance": self.merge_distance.value() or None}
        if self.layer_combo.count() > 1 and self.layer_combo.currentData():
            out["layer"] = self.layer_combo.currentData()
        _text, file, named, _problem = self._split()
        if named and "layer" not in out and self._named_layers(file) is not None:
            out["layer"] = named  # that layer of a KML, KMZ or OSM file only
        if self.layout_info is not None:
            if self.layout_info.kind != "sheet":
                out["encoding"] = self.encoding.currentData() or None
                out["delimiter"] = self.delimiter.currentData() or None
            if self._grouped():  # read by its own columns
                return out
            if self.layout_info.kind == "opencellid":  # its rows as they are, by the columns chosen
                out["kind"] = "csv"
            # every role shown: '' (none) reads no column, not even the one the reader would guess
            mapping = {role: combo.currentData() or "" for role, combo in self.role_combos.items()}
            out["mapping"] = mapping
            if mapping["x"] and not mapping["lon"] and self.crs.crs().isValid():  # else the reader asks for it
                out["crs"] = self.crs.crs().authid() or self.crs.crs().toWkt()
        return out

    def position_problem(self) -> str | None:
        """Why the columns chosen cannot place the stations (a position chosen by halves, or none for a table
        without geometry), None when they can or the file has no table options."""
        if self.layout_info is None or self._grouped():
            return None
        columns = {role: self.role_combos[role].currentData() for role in ("lon", "lat", "x", "y")}
        for first, second in (("lon", "lat"), ("x", "y")):
            if columns[first] and columns[first] == columns[second]:
                return tr("The column '{column}' is chosen for both {first} and {second}: choose one column for "
                          "each.").format(column=columns[first], first=first, second=second)
        chosen = {role for role, column in columns.items() if column}
        if {"lon", "lat"} <= chosen or {"x", "y"} <= chosen:
            return None
        if chosen:
            return tr("The position needs two columns, lon and lat or x and y (with the CRS of x/y): only {roles} "
                      "has one.").format(roles=", ".join(r for r in ("lon", "lat", "x", "y") if r in chosen))
        if self.layout_info.kind == "sheet":
            return tr("A table without geometry is placed by its columns: choose lon and lat, or x and y (with the "
                      "CRS of x/y).")
        return None  # a CSV may hold both coordinates in one column (WKT, 'lat, lon' pairs)

    def crs_problem(self) -> str | None:
        """Why x/y columns cannot be read without the CRS the user has not chosen: their first rows hold projected
        coordinates (as the reader says on Check file, from all rows). None when a CRS is chosen or not needed."""
        info = self.layout_info
        if info is None or self._grouped() or self.crs.crs().isValid():
            return None
        x, y, lon = (self.role_combos[role].currentData() for role in ("x", "y", "lon"))
        if not (x and y) or lon or x not in info.columns or y not in info.columns:
            return None
        for row in info.preview:
            for column, limit in ((x, 180.0), (y, 90.0)):
                index = info.columns.index(column)
                try:
                    value = float(str(row[index]).strip().replace(",", ".")) if index < len(row) else None
                except ValueError:
                    continue
                if value is not None and abs(value) > limit:
                    return tr("The columns '{x}'/'{y}' hold projected coordinates (e.g. {sample}): choose their CRS "
                              "in 'CRS of x/y'.").format(x=x, y=y, sample=number(value, None))
        return None

    def file_problem(self) -> str | None:
        """Why there is no file to read: none chosen, not found (deleted since it was chosen), a folder, or one
        that cannot be read as it is set (said when it was chosen); None when there is one."""
        path = self.path()
        if not path:
            return tr("Choose a file to import.")
        if os.path.isdir(path):
            return tr("{file} is a folder, not a file.").format(file=path)
        if not os.path.isfile(path):
            return tr("{file}: file not found.").format(file=path)
        return self._read_problem

    def accept(self) -> None:
        problem = self.file_problem() or self.source_problem() or self.position_problem() or self.crs_problem()
        if problem:  # said here, the dialog left open, rather than after reading the file
            self.report.setPlainText(problem)
            return
        super().accept()

    def check(self) -> im.ImportResult | None:
        """Read the file now, on this thread (skipping bad rows), and list what would be imported and what is wrong.
        The Check file button does the same in the background (:meth:`start_check`)."""
        self._stop_check()
        request = self._check_request()
        if request is None:
            return None
        path, options = request
        try:
            result = im.import_file(path, **options)
        except im.ImportFailed as exc:
            self.report.setPlainText(translated(exc))
            return None
        self.report.setPlainText(_check_report(result))
        return result

    def _check_request(self) -> tuple[str, dict] | None:
        """The file and options Check file reads; None, with the reason said, when it cannot be read as it is set."""
        problem = self.file_problem() or self.source_problem() or self.position_problem()
        if problem:
            self.report.setPlainText(problem)
            return None
        return self.path(), dict(self.options(), skip_bad=True)

    def checking(self) -> bool:
        """Whether Check file is reading the file in the background."""
        return "check" in self._running

    def _check_clicked(self, *_args) -> None:
        """Check file, or, while it runs, its cancel."""
        if self.checking():
            self._stop_check()
            self.report.setPlainText(tr("Check canceled."))
        elif self._probe_canceled:  # the file's first read canceled in the task manager: read it now
            self.refresh()
        else:
            self.start_check()

    def start_check(self):
        """Read the file as :meth:`check` does, in QGIS's task manager: the button cancels it meanwhile, and the
        result is shown when it ends, unless the dialog closed or its file or choices changed since. Returns the
        task (None when the file cannot be read as it is set, the reason said)."""
        self._stop_check()
        request = self._check_request()
        if request is None:
            return None
        path, options = request
        name = os.path.basename(path)

        def done(result):
            if self._is_current("check", task):
                self._check_ended()
                self.report.setPlainText(_check_report(result))

        def failed(exc):
            if self._is_current("check", task):
                self._check_ended()
                self.report.setPlainText(_error_text(exc))

        def canceled():  # in QGIS's task manager
            if self._is_current("check", task):
                self._check_ended()
                self.report.setPlainText(tr("Check canceled."))

        def progressed(percent):
            if self._is_current("check", task):
                self.report.setPlainText(tr("Checking {file}… {percent} %").format(file=name,
                                                                                   percent=int(percent)))

        task = self._running["check"] = check_file_task(path, options, done, failed, canceled)
        task.progressChanged.connect(progressed)
        self.check_button.setText(tr("Cancel check"))
        progressed(0)
        QgsApplication.taskManager().addTask(task)
        return task

    def _stop_check(self) -> None:
        """Cancel Check file running (its result, on its way or not, is not shown); the button checks again."""
        task = self._running.pop("check", None)
        self._check_ended()
        _cancel(task)  # (a task not started yet ends within: it is no longer the dialog's, its end is not shown)

    def _check_ended(self) -> None:
        self._running.pop("check", None)
        if not sip.isdeleted(self) and hasattr(self, "check_button"):
            self.check_button.setText(tr("Check file"))

    # -- "Add to the current station layer", and why it is not offered --------------------------------------------
    def set_append_reason(self, reason: str | None) -> None:
        """Say ``reason`` under "Add to the current station layer" while it is not offered (None: its tooltip, or
        that no station layer is chosen)."""
        self._append_reason = reason
        self._show_append_reason()

    def _show_append_reason(self) -> None:
        offered = self.append.isEnabledTo(self)
        reason = self._append_reason or self.append.toolTip() or tr(
            "No station layer is chosen in the dock: the stations go to a new layer.")
        self.append_reason.setText("" if offered else reason)
        self.append_reason.setVisible(not offered)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.ToolTipChange, QEvent.Type.EnabledChange) \
                and watched is getattr(self, "append", None) and hasattr(self, "append_reason") \
                and not sip.isdeleted(self.append_reason):
            self._show_append_reason()
        return super().eventFilter(watched, event)


def _check_report(result: im.ImportResult) -> str:
    """What Check file says of a file read: the stations it gives, how it was read, its bad rows."""
    n = len(result.stations)
    lines = [tr("{n} station can be imported.", "{n} stations can be imported.", n).format(n=number(n, count=True))]
    lines.extend(f"{note}." for note in import_notes(result))  # how it was read: tracks, generation numbers
    if result.problems:
        lines.append(tr("{n} bad row:", "{n} bad rows:", len(result.problems)).format(
            n=number(len(result.problems), count=True)))
        lines.extend(translated(p.message()) for p in result.problems[:200])
    return "\n".join(lines)


def _error_text(exc: BaseException) -> str:
    """Why a file could not be read in the background: the reader's reason, or the error (a bug: in the log too)."""
    return translated(exc) if isinstance(exc, im.ImportFailed) else f"{type(exc).__name__}: {exc}"


def _cancel(task) -> None:
    """Cancel ``task`` unless it has ended (QGIS deletes a task some time after its end)."""
    if task is not None and not sip.isdeleted(task):
        task.cancel()


def _cancel_all(running: dict, *_args) -> None:
    """Cancel every task in ``running`` (the dialog was deleted without being closed)."""
    for key in list(running):
        _cancel(running.pop(key, None))


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _format_by_extension(path: str) -> str:
    """The format of a vector file by its extension, for one OGR does not open as it is (a compressed GeoJSON, GPX...)
    or has not read yet."""
    stem = path[:-3] if path.lower().endswith(".gz") else path[:-4] if path.lower().endswith(".bz2") else path
    ext = os.path.splitext(stem)[1].lower()
    fmt = EXTENSION_FORMATS.get(ext, ext.lstrip(".").upper())
    if not fmt:
        return tr("vector file")
    return tr("{format} (compressed)").format(format=fmt) if stem != path else fmt


def _read_source(text: str) -> tuple:
    """(file, layer named, problem) of a source as Processing and the command line read it
    (:func:`..core.importers.split_source`): a file whose path holds '|' (a folder 'a|b') whole; of a source with a
    part not understood, the file before it and the :class:`..core.importers.ImportFailed` saying why."""
    if not text:
        return text, None, None
    try:
        return (*im.split_source(text), None)
    except im.ImportFailed as exc:
        return exc.path, None, exc


def _names_a_file(text: str) -> bool:
    """Whether ``text`` names a file or folder that exists, or is a source of one read without a problem
    ('file.gpkg|layername=x')."""
    if not text:
        return False
    file, _layer, problem = _read_source(text)
    return problem is None and os.path.exists(file)


def _local_file(url: str) -> str:
    """The file of a file:// URL. A URL pasted as the path is written, '#', '?' or '%20' in it unescaped
    ('file:///data/자료 #1/x.csv'), is read by QUrl as cut at its fragment ('/data/자료 '), or its '%20' as a space:
    the text after 'file://' is taken when it names a file and QUrl's reading does not."""
    local = QUrl(url).toLocalFile()
    if local and _names_a_file(local):
        return local
    raw = url[len("file://"):]
    if len(raw) > 3 and raw[0] == "/" and raw[1].isalpha() and raw[2] == ":" and raw[3] in "/\\":
        raw = raw[1:]  # file:///C:/data/x.csv
    return raw if _names_a_file(raw) else local or url


def _cleaned_path(text: str) -> str:
    """The file box's text, which names no file as it is, as a file: a path pasted in quotes (Windows' "Copy as
    path"), with spaces around, or as a file:// URL, read as the path it holds."""
    if not text:
        return text
    cleaned = text.strip()
    if len(cleaned) >= 2 and cleaned[0] == cleaned[-1] and cleaned[0] in "\"'":
        cleaned = cleaned[1:-1].strip()
    if cleaned.lower().startswith("file://"):
        cleaned = _local_file(cleaned)
    return cleaned
