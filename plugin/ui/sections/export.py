"""Dock section: Export layers and tables, and make the PDF report.

The files are written by ``qgis_io.export`` / ``qgis_io.report``, the same functions the
Processing algorithms call. Layer exports run as a task (snapshots taken here, on the main
thread); the report renders its layout on the main thread as QGIS's own layout export does.
An existing file is replaced only after the user agreed.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.messages import Msg, Num
from ...core.regions import NAME_KNOWN, choose_name_field
from ...core.safe_write import ExportError
from ...i18n import number, tr, translated
from ...qgis_io import export as ex
from ...qgis_io.coverage_io import region_field_note, region_fields
from ...qgis_io.imagery import acquisition_date_of
from ...qgis_io.project import find_layer
from ...qgis_io.report import (
    ReportInputs,
    build_report,
    coverage_run_of,
    export_report,
    preset_radii_text,
)
from ...settings import CoverageSettings, ExportSettings
from ...tasks.base import FunctionTask
from ..messages import push
from .base import DockSection
from .coverage import LAYER_COVERAGE, LAYER_STATS
from .layer_choice import LayerChoice, first_problem, restore_choice

LAYER_FORMATS = (("gpkg", ".gpkg"), ("geojson", ".geojson"), ("shp", ".shp"), ("kmz", ".kmz"))
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """A file-name part: keeps letters of any script and spaces, replaces path separators etc."""
    return _UNSAFE.sub("_", text).strip().strip(".") or "layer"


class ExportSection(DockSection):
    KEY = "export"
    PATH_KEYS = ("folder", "pdf")

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.settings = ExportSettings.load()
        self._task = None
        #: set when the plugin is unloaded: an export still running then reports to no deleted widget
        self._unloaded = False
        self.last_result: list[Path] = []
        self.last_errors: list[str] = []

        self.layers_list = QListWidget(self)
        self.layers_list.setObjectName("exportLayersList")
        self.layers_list.setMaximumHeight(110)
        self.layout_.addWidget(QLabel(tr("Layers to export:"), self))
        self.layout_.addWidget(self.layers_list)

        formats = QWidget(self)
        grid = QGridLayout(formats)
        grid.setContentsMargins(0, 0, 0, 0)
        self.format_checks = {}
        labels = {"gpkg": tr("GeoPackage"), "geojson": tr("GeoJSON"), "shp": tr("Shapefile"),
                  "kmz": tr("KMZ (Google Earth)")}
        for i, (key, _ext) in enumerate(LAYER_FORMATS):
            box = QCheckBox(labels[key], formats)
            box.setObjectName(f"export_{key}")
            box.setChecked(key in self.settings.formats)
            box.toggled.connect(self._changed)
            grid.addWidget(box, i, 0)  # one a line: two side by side did not fit a narrow dock
            self.format_checks[key] = box
        self.layout_.addWidget(formats)

        form = QFormLayout()
        self.stations_combo = QgsMapLayerComboBox(self)
        self.stations_combo.setObjectName("exportStationsCombo")
        self.stations_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.stations_combo.setAllowEmptyLayer(True)
        self.stations_csv = QCheckBox(tr("CSV (WGS84 lon/lat)"), self)
        self.stations_csv.setObjectName("export_stations_csv")
        self.stations_csv.setChecked("csv" in self.settings.formats)
        form.addRow(tr("Stations"), self._row(self.stations_combo, self.stations_csv))

        self.stats_combo = QgsMapLayerComboBox(self)
        self.stats_combo.setObjectName("exportStatsCombo")
        self.stats_combo.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        self.stats_combo.setAllowEmptyLayer(True)
        self.stats_csv = QCheckBox(tr("CSV"), self)
        self.stats_csv.setObjectName("export_stats_csv")
        self.stats_xlsx = QCheckBox(tr("XLSX"), self)
        self.stats_xlsx.setObjectName("export_stats_xlsx")
        self.stats_xlsx.setChecked("xlsx" in self.settings.formats)
        form.addRow(tr("Statistics"), self._row(self.stats_combo, self.stats_csv, self.stats_xlsx))

        self.raster_combo = QgsMapLayerComboBox(self)
        self.raster_combo.setObjectName("exportRasterCombo")
        self.raster_combo.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
        self.raster_combo.setAllowEmptyLayer(True)
        self.raster_tif = QCheckBox(tr("GeoTIFF"), self)
        self.raster_tif.setObjectName("export_raster_tif")
        form.addRow(tr("Coverage raster"), self._row(self.raster_combo, self.raster_tif))

        self.folder = QgsFileWidget(self)
        self.folder.setObjectName("exportFolder")
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setFilePath(self.settings.last_folder)
        self.folder.fileChanged.connect(self._changed)
        form.addRow(tr("Folder"), self.folder)
        self.base_name = QLineEdit("coverage", self)
        self.base_name.setObjectName("exportBaseName")
        self.base_name.textChanged.connect(self._changed)
        form.addRow(tr("File name"), self.base_name)
        self.layout_.addLayout(form)

        self.export_button = QPushButton(tr("Export"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export)
        self.layout_.addWidget(self.export_button)

        report_form = QFormLayout()
        self.regions_combo = QgsMapLayerComboBox(self)
        self.regions_combo.setObjectName("reportRegionsCombo")
        self.regions_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.regions_combo.setAllowEmptyLayer(True)
        self.region_field = QgsFieldComboBox(self)
        self.region_field.setObjectName("reportRegionField")
        #: what the report says of a name field taken by itself (a text field or the first one), until one is chosen
        self._region_field_note = ""
        self._setting_regions = False
        self.regions_combo.layerChanged.connect(self._regions_changed)
        self.region_field.fieldChanged.connect(self._region_field_changed)
        report_form.addRow(tr("Regions"), self._row(self.regions_combo, self.region_field))
        self.title_edit = QLineEdit(tr("Mobile network coverage"), self)
        self.title_edit.setObjectName("reportTitle")
        self.title_edit.textChanged.connect(self._changed)
        report_form.addRow(tr("Title"), self.title_edit)
        self.pdf_path = QgsFileWidget(self)
        self.pdf_path.setObjectName("reportPdfPath")
        self.pdf_path.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.pdf_path.setFilter("PDF (*.pdf)")
        report_form.addRow(tr("PDF"), self.pdf_path)
        self.layout_.addLayout(report_form)
        self.report_button = QPushButton(tr("Report PDF"), self)
        self.report_button.setObjectName("reportButton")
        self.report_button.clicked.connect(self.make_report)
        self.layout_.addWidget(self.report_button)

        self.status = QLabel("", self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.status)

        # a chosen layer removed from the project leaves its list empty, and the export refused until chosen again
        self.choices = [LayerChoice(self.stations_combo, tr("station layer"), optional=True),
                        LayerChoice(self.stats_combo, tr("statistics table"), optional=True),
                        LayerChoice(self.raster_combo, tr("coverage raster"), optional=True),
                        LayerChoice(self.regions_combo, tr("region layer"), optional=True)]
        for combo in self._layer_combos().values():
            combo.layerChanged.connect(self._changed)
        for box in self._checks().values():
            box.toggled.connect(self._changed)
        self.region_field.fieldChanged.connect(self._changed)
        self.pdf_path.fileChanged.connect(self._changed)
        self.layers_list.itemChanged.connect(self._changed)

        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh_layers)
        project.layersRemoved.connect(self.refresh_layers)
        project.layersAdded.connect(self._watch_names)
        self._watch_names(list(project.mapLayers().values()))
        self.refresh_layers()

    def title(self) -> str:
        return tr("Export")

    @staticmethod
    def _row(first, *others) -> QWidget:
        """A list with its formats (or field) on the line under it: side by side they made the dock wider
        than a narrow screen's (a 320 px dock, Korean labels)."""
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(first)
        if others:
            line = QHBoxLayout()
            for w in others:
                line.addWidget(w)
            line.addStretch(1)
            layout.addLayout(line)
        return row

    def _changed(self, *_args) -> None:
        self.stateChanged.emit()

    def _regions_changed(self, layer) -> None:
        """The region layer's name field for the map's labels, found as the statistics find it (NAME_1, ADM1_EN,
        shapeName, 시도명..., else the first text field, else the first field): the list fell on the first field,
        an OBJECTID."""
        self._setting_regions = True
        try:
            self.region_field.setLayer(layer)
            found, how = choose_name_field(region_fields(layer)) if layer is not None else (None, "")
            if found:
                self.region_field.setField(found)
        finally:
            self._setting_regions = False
        self._region_field_note = region_field_note(layer.name(), found, how) if found and how != NAME_KNOWN else ""

    def _region_field_changed(self, _field) -> None:
        if not self._setting_regions:
            self._region_field_note = ""

    # -- layers -----------------------------------------------------------------------------------
    def refresh_layers(self, *_args) -> None:
        checked = {layer.id() for layer in self.checked_layers()}
        self.layers_list.blockSignals(True)  # a rebuild is no change of the user's choice
        try:
            self.layers_list.clear()
            for layer in QgsProject.instance().mapLayers().values():
                if not isinstance(layer, QgsVectorLayer):
                    continue
                item = QListWidgetItem(layer.name(), self.layers_list)
                item.setData(Qt.ItemDataRole.UserRole, layer.id())
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if layer.id() in checked else Qt.CheckState.Unchecked)
        finally:
            self.layers_list.blockSignals(False)

    def _watch_names(self, layers) -> None:
        """A layer renamed in the layer tree is listed by its new name."""
        for layer in layers:
            if isinstance(layer, QgsVectorLayer):
                layer.nameChanged.connect(self.refresh_layers)

    def checked_layers(self) -> list[QgsVectorLayer]:
        out = []
        project = QgsProject.instance()
        for row in range(self.layers_list.count()):
            item = self.layers_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                layer = project.mapLayer(item.data(Qt.ItemDataRole.UserRole))
                if layer is not None:
                    out.append(layer)
        return out

    def set_layer_checked(self, layer, checked: bool = True) -> None:
        for row in range(self.layers_list.count()):
            item = self.layers_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == layer.id():
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    # -- export -----------------------------------------------------------------------------------
    def planned_files(self) -> list[tuple[str, Path, object]]:
        """``(kind, path, layer(s))`` of every file the current choices write."""
        folder = Path(self.folder.filePath() or ".")
        base = safe_name(self.base_name.text() or "coverage")
        layers = self.checked_layers()
        jobs: list[tuple[str, Path, object]] = []
        # one file per layer: layers of one name (two imports of stations.csv) get 'name (2)', as in a GeoPackage
        per_layer, seen = [], set()
        for layer in layers:
            name = safe_name(layer.name())
            unique, n = name, 1
            while unique.lower() in seen:
                n += 1
                unique = f"{name} ({n})"
            seen.add(unique.lower())
            per_layer.append((layer, unique))
        if layers:
            for key, ext in LAYER_FORMATS:
                if not self.format_checks[key].isChecked():
                    continue
                if key in ("gpkg", "kmz"):
                    jobs.append(("vector", folder / f"{base}{ext}", layers))
                else:
                    for layer, name in per_layer:
                        jobs.append(("vector", folder / f"{base}_{name}{ext}", [layer]))
        stations = self.stations_combo.currentLayer()
        if stations is not None and self.stations_csv.isChecked():
            jobs.append(("stations", folder / f"{base}_stations.csv", stations))
        stats = self.stats_combo.currentLayer()
        if stats is not None:
            for box, ext in ((self.stats_csv, ".csv"), (self.stats_xlsx, ".xlsx")):
                if box.isChecked():
                    jobs.append(("table", folder / f"{base}_statistics{ext}", stats))
        raster = self.raster_combo.currentLayer()
        if isinstance(raster, QgsRasterLayer) and self.raster_tif.isChecked():
            jobs.append(("raster", folder / f"{base}_{safe_name(raster.name())}.tif", raster))
        return jobs

    def confirm_overwrite(self, paths: list[Path]) -> bool:
        """Ask before replacing existing files (True when none exist or the user agreed)."""
        existing = [p for p in paths if p.exists()]
        if not existing:
            return True
        answer = QMessageBox.question(
            self, tr("Replace files?"),
            tr("These files exist already:\n{files}\n\nReplace them?").format(
                files="\n".join(str(p) for p in existing)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export(self) -> FunctionTask | None:
        """Write every planned file in a background task; returns the task (None when nothing to do)."""
        if self._task is not None:  # a second export would write the same files at the same time
            self._report(tr("An export is running: wait for it to end, or cancel it in the task bar."),
                         Qgis.MessageLevel.Warning)
            return None
        missing = first_problem(self.choices[:3])
        if missing:
            self._report(missing, Qgis.MessageLevel.Warning)
            return None
        jobs = self.planned_files()
        if not jobs:
            self._report(tr("Choose layers and formats to export."), Qgis.MessageLevel.Warning)
            return None
        folder = self.folder.filePath().strip()
        if not folder:  # a new install has no last folder: the files went to the folder QGIS was started from
            self._report(tr("Choose the folder to export to."), Qgis.MessageLevel.Warning)
            return None
        if not Path(folder).is_absolute():
            self._report(tr("Choose the folder to export to: '{folder}' is not a full path (the files would go "
                            "to the folder QGIS was started from).").format(folder=folder), Qgis.MessageLevel.Warning)
            return None
        if not self.confirm_overwrite([p for _k, p, _l in jobs]):
            self._report(tr("Nothing exported: existing files were kept."), Qgis.MessageLevel.Info)
            return None
        self._save_settings()
        workdir = tempfile.TemporaryDirectory(prefix="bsm-export-")
        context = QgsProject.instance().transformContext()
        prepared = []
        try:
            for _kind, path, _payload in jobs:
                ex.refuse_edited_target(path, QgsProject.instance())
            for kind, path, payload in jobs:
                if kind == "vector":
                    prepared.append((kind, path, [ex.snapshot(layer) for layer in payload]))
                elif kind in ("stations", "table"):
                    prepared.append((kind, path, ex.snapshot(payload)))
                else:  # a layer not read by its file's path is written through QGIS in the task
                    prepared.append((kind, path, ex.RasterSource(payload)))
        except ExportError as exc:
            workdir.cleanup()
            self._report(translated(exc), Qgis.MessageLevel.Critical,
                         _files_text(tr("Not written"), [p for _k, p, _l in jobs]))
            return None

        def work(progress, check):
            written, errors = [], []
            for i, (kind, path, payload) in enumerate(prepared):
                check()
                try:
                    if kind == "vector":
                        result = ex.export_vector(payload, path, overwrite=True, context=context, check=check)
                    elif kind == "stations":
                        result = ex.export_stations_csv(payload, path, overwrite=True, context=context, check=check)
                    elif kind == "table":
                        result = ex.export_table(payload, path, overwrite=True, check=check)
                    else:
                        result = ex.export_raster(payload.file(workdir.name, check=check), path, overwrite=True,
                                                  check=check, crs_wkt=payload.crs_wkt, name=payload.name)
                    written.append(path)
                    errors.extend(getattr(result, "warnings", []))
                except ExportError as exc:
                    errors.append(translated(exc))
                progress((i + 1) / len(prepared))
            return written, errors

        def done(result):
            workdir.cleanup()
            if self._unloaded:
                return
            written, errors = result
            errors = list(dict.fromkeys(errors))  # one problem of every file (the folder is a file): said once
            self.last_result, self.last_errors = written, errors
            text = tr("{n} file written to {folder}", "{n} files written to {folder}", len(written)).format(
                n=len(written), folder=self.folder.filePath())
            level = Qgis.MessageLevel.Success if written and not errors else Qgis.MessageLevel.Warning
            if not written:
                level = Qgis.MessageLevel.Critical
            not_written = [p for _k, p, _l in jobs if p not in written]
            self._report(text + ("\n" + "\n".join(errors) if errors else ""), level,
                         "\n".join(part for part in (_files_text(tr("Written"), written),
                                                       _files_text(tr("Not written"), not_written),
                                                       "\n".join(errors)) if part))

        def failed(exc):
            workdir.cleanup()
            if self._unloaded:
                return
            self.last_result, self.last_errors = [], [translated(exc)]
            self._report(tr("Export failed: {error}").format(error=translated(exc)), Qgis.MessageLevel.Critical,
                         f"{exc!r}\n" + _files_text(tr("Not written"), [p for _k, p, _l in jobs]))

        def canceled():
            workdir.cleanup()
            if self._unloaded:
                return
            self.last_result, self.last_errors = [], [tr("canceled")]
            self._report(tr("Export canceled: nothing half-written was left."), Qgis.MessageLevel.Info)

        title = tr("Exporting {n} file", "Exporting {n} files", len(prepared)).format(
            n=number(len(prepared), count=True))
        task = FunctionTask(title, work, done, failed, canceled)
        self._task = task
        task.taskCompleted.connect(self._forget_task)
        task.taskTerminated.connect(self._forget_task)
        QgsApplication.taskManager().addTask(task)
        self.export_button.setEnabled(False)  # on again when it ends (done, failed or canceled)
        self.status.setText(tr("Exporting…"))
        return task

    def _forget_task(self) -> None:
        self._task = None
        if not self._unloaded:
            self.export_button.setEnabled(True)

    # -- report -----------------------------------------------------------------------------------
    def make_report(self) -> dict | None:
        """Build and write the PDF report (and a PNG of the map next to it)."""
        missing = first_problem((self.choices[1], self.choices[3]))
        if missing:
            self._report(missing, Qgis.MessageLevel.Warning)
            return None
        stats = self.stats_combo.currentLayer()
        if stats is None:  # none chosen: the statistics computed in the dock, and the regions they are of
            stats = find_layer(LAYER_STATS)
            run = coverage_run_of(stats)
            regions = QgsProject.instance().mapLayer(str(run.get("regions") or ""))
            if stats is not None and self.regions_combo.currentLayer() is None and regions is not None:
                self.regions_combo.setLayer(regions)
                if run.get("region_field"):
                    self.region_field.setField(run["region_field"])
            if stats is not None:
                self.stats_combo.setLayer(stats)
        regions = self.regions_combo.currentLayer()
        path = self.pdf_path.filePath()
        if stats is None:  # a coverage computed without regions makes no table: choosing one is no answer
            self._report(tr("No statistics table for the report: compute the coverage in the dock with a region "
                            "layer (the run makes the table '{table}': the area covered per region, and the "
                            "people covered with a population raster or population points), or choose a table "
                            "of basestationmapper:coveragestats under Statistics.")
                         .format(table=LAYER_STATS), Qgis.MessageLevel.Warning)
            return None
        if regions is None:
            self._report(tr("Choose the region layer of the statistics table '{table}' for the report (its map "
                            "shows them).").format(table=stats.name()), Qgis.MessageLevel.Warning)
            return None
        if not path:
            self._report(tr("Choose where to write the PDF."), Qgis.MessageLevel.Warning)
            return None
        if not Path(path).is_absolute():  # typed as a name: it went to where QGIS was started
            self._report(tr("Choose where to write the PDF: '{path}' is not a full path (it would go to the "
                            "folder QGIS was started from).").format(path=path), Qgis.MessageLevel.Warning)
            return None
        pdf = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        png = pdf.with_name(pdf.stem + "_map.png")
        if not self.confirm_overwrite([pdf, png]):
            self._report(tr("No report written: existing files were kept."), Qgis.MessageLevel.Info)
            return None
        stations = self.stations_combo.currentLayer()
        coverage = [layer for layer in self.checked_layers()
                    if layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry and layer is not regions]
        if not coverage:  # none ticked for export: the map shows the coverage computed in the dock
            dissolved = find_layer(LAYER_COVERAGE)
            if isinstance(dissolved, QgsVectorLayer) and dissolved.featureCount():
                coverage = [dissolved]
                if stations is None:  # none chosen for the CSV: the stations of that run, which the table counts
                    stations = QgsProject.instance().mapLayer(str(coverage_run_of(stats).get("stations") or ""))
        imagery = [layer for layer in QgsProject.instance().mapLayers().values()
                   if isinstance(layer, QgsRasterLayer) and acquisition_date_of(layer)]
        # the methods of the run that made the table (the dock's Coverage section stores them on it), else
        # the presets and penetration of the settings
        run = coverage_run_of(stats)
        settings = CoverageSettings.load()
        try:
            penetration = float(run["penetration"])
        except (KeyError, TypeError, ValueError):
            penetration = settings.penetration
        parameters = run.get("parameters") if isinstance(run.get("parameters"), dict) else \
            preset_radii_text(settings.technology_radii_m)
        inputs = ReportInputs(
            regions=regions, region_field=self.region_field.currentField() or "name",
            statistics=ex.snapshot_frame(ex.snapshot(stats)), stations=stations, coverage=coverage,
            imagery=imagery, title=self.title_edit.text(),
            model=run.get("model") if isinstance(run.get("model"), Msg) else str(run.get("model") or
                                                                                    tr("technology radii")),
            parameters={str(k): v if isinstance(v, (Msg, Num)) else str(v) for k, v in parameters.items()},
            penetration=penetration, dem=str(run.get("dem") or ""),
            population=run["population"] if isinstance(run.get("population"), Msg) else str(
                run.get("population") or tr("as in the statistics table {name}").format(name=stats.name())),
            attributions=[a for layer in [regions, *imagery] for a in ([layer.attribution()] if layer.attribution()
                                                                       else [])])
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = build_report(inputs)
            try:
                result = export_report(report, pdf, png, overwrite=True)
            finally:
                report.close()
        except ExportError as exc:
            self._report(translated(exc), Qgis.MessageLevel.Critical, _files_text(tr("Not written"), [pdf, png]))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        text = tr("Report written: {pdf} ({pages} pages) and {png}").format(pdf=pdf, pages=result["pages"], png=png)
        result["warnings"] = list(report.warnings)
        if self._region_field_note:  # the map's labels come from a field nobody chose
            result["warnings"].insert(0, self._region_field_note)
        if result["warnings"]:  # what the reader should know about the inputs (no CRS, no date, no name)
            self._report(text + "\n" + "\n".join(result["warnings"]), Qgis.MessageLevel.Warning,
                         "\n".join(result["warnings"]))
        else:
            self._report(text, Qgis.MessageLevel.Success)
        return result

    # -- state ------------------------------------------------------------------------------------
    def _report(self, text: str, level, details: str = "") -> None:
        self.status.setText(text)
        push(self.iface, text, level, details)

    def _save_settings(self) -> None:
        formats = [k for k, box in self.format_checks.items() if box.isChecked()]
        if self.stations_csv.isChecked():
            formats.append("csv")
        if self.stats_xlsx.isChecked():
            formats.append("xlsx")
        ExportSettings(last_folder=self.folder.filePath(), formats=formats).save()

    def _layer_combos(self) -> dict:
        return {"stations": self.stations_combo, "statistics": self.stats_combo, "raster": self.raster_combo,
                "regions": self.regions_combo}

    def _checks(self) -> dict:
        return {"stations_csv": self.stations_csv, "stats_csv": self.stats_csv, "stats_xlsx": self.stats_xlsx,
                "raster_tif": self.raster_tif}

    def state(self) -> dict:
        state = {"folder": self.folder.filePath(), "base_name": self.base_name.text(),
                 "title": self.title_edit.text(),
                 "formats": [k for k, box in self.format_checks.items() if box.isChecked()],
                 "layers": [layer.id() for layer in self.checked_layers()],
                 "region_field": self.region_field.currentField(), "pdf": self.pdf_path.filePath()}
        state["names"] = {}
        for key, combo in self._layer_combos().items():
            layer = combo.currentLayer()
            state[key] = layer.id() if layer is not None else ""
            if layer is not None:  # a project opened without it says which layer is missing
                state["names"][key] = layer.name()
        for key, box in self._checks().items():
            state[key] = box.isChecked()
        return state

    def restore_state(self, state: dict) -> None:
        if "folder" in state:
            self.folder.setFilePath(state["folder"])
        if "base_name" in state:
            self.base_name.setText(state["base_name"])
        if "title" in state:
            self.title_edit.setText(state["title"])
        if "formats" in state:
            for key, box in self.format_checks.items():
                box.setChecked(key in state["formats"])
        if isinstance(state.get("layers"), list):
            for row in range(self.layers_list.count()):
                item = self.layers_list.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in state["layers"]
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        project = QgsProject.instance()
        names = state.get("names") if isinstance(state.get("names"), dict) else {}
        choices = {choice.combo: choice for choice in self.choices}
        for key, combo in self._layer_combos().items():
            if key not in state:
                continue
            if state[key] and project.mapLayer(state[key]) is None and self.restoring_project:
                restore_choice(choices[combo], state[key], names.get(key), True)
            else:
                combo.setLayer(project.mapLayer(state[key]) if state[key] else None)
        if state.get("region_field"):
            self.region_field.setField(state["region_field"])
        for key, box in self._checks().items():
            if key in state:
                box.setChecked(bool(state[key]))
        if "pdf" in state:
            self.pdf_path.setFilePath(state["pdf"])

    def project_cleared(self) -> None:
        """The last export's or report's message was about the project that is gone (an export still running
        finishes its files and reports them)."""
        self.status.clear()
        self.last_result, self.last_errors = [], []

    def unload(self) -> None:
        # the plugin unloaded (reloaded, disabled, upgraded) while files are written: the export stops
        # (what is written so far is complete, nothing is half-written) and reports to nobody
        self._unloaded = True
        for choice in self.choices:
            choice.unload()
        if self._task is not None:
            try:
                self._task.cancel()
            except RuntimeError:  # already deleted by the task manager
                pass
        project = QgsProject.instance()
        for signal, slot in ((project.layersAdded, self.refresh_layers), (project.layersRemoved, self.refresh_layers),
                             (project.layersAdded, self._watch_names)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass
        for layer in project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer):
                try:
                    layer.nameChanged.disconnect(self.refresh_layers)
                except (TypeError, RuntimeError):
                    pass


def _files_text(heading: str, paths) -> str:
    """``heading:`` then one path a line ('' without paths): the files an export's message is about."""
    paths = [str(p) for p in paths]
    return f"{heading}:\n" + "\n".join(paths) if paths else ""
