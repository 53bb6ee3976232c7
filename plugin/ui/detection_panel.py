"""Detection part of the Detection section: run the tower detector over imagery, re-rank."""

from __future__ import annotations

import math

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorDataProvider,
)
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ..core.detect import DetectorParams
from ..core.detect.mast import shadow_sun
from ..core.detect.rerank import improves
from ..core.detect.sun import HEIGHT_ELEVATION_RANGE
from ..core.merge import absorb
from ..core.review import clearer_sightings
from ..core.stations import LAT, LON
from ..i18n import LocaleNumber, number, number_spec, tr, translated
from ..qgis_io.imagery import (
    ACQ_DATE_PROPERTY,
    ImageryError,
    candidates_frame,
    is_imagery,
    metadata_sun,
    sun_elevation_from_date,
    write_candidates,
)
from ..qgis_io.project import add_layer, keep_above_imagery
from ..qgis_io.station_layer import WGS84, create_memory_station_layer, layer_to_frame, style_station_layer
from ..qgis_io.values import rewrite_refusal
from ..settings import DetectionSettings
from ..tasks.rerank_task import read_rerank_frame, rerank_task, reviewed_detected, write_rerank_scores
from .messages import push
from .sections.base import DockSection
from .sections.layer_choice import LayerChoice, restore_choice

CANDIDATES_LAYER_NAME = "Detected candidates"
#: reviewed detected candidates (some accepted, some rejected) re-ranking needs
RERANK_MIN_REVIEWED = 6
#: A sun measured from a shadow that may be this far off (degrees) is said to be so (a sun given 3° off loses
#: about a tenth of the masts the exact one finds)
SUN_CLICK_WARN_DEG = 2.0



class ImageryComboBox(QgsMapLayerComboBox):
    """The rasters the Imagery section counts as imagery (:func:`is_imagery`): no DEM, population grid or
    coverage count to run the detector over, nor the raster the Coverage section uses as its DEM
    (:meth:`set_dem`). A raster chosen on purpose (from code, a saved project) stays listed and chosen while it
    is the choice, whatever it holds. A raster restyled (a colour ramp or hillshade given to a DEM), or whose
    acquisition date is set or cleared (a dated raster is imagery), is judged again."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
        #: the id of a raster that is not imagery but was chosen on purpose ('' when none)
        self._kept = ""
        #: the id of the Coverage section's DEM ('' when none)
        self._dem = ""
        #: the rasters whose style and date changes are followed, with the slot that follows each one's date
        self._watched: dict[str, object] = {}
        self.layerChanged.connect(self._changed)
        QgsProject.instance().layersAdded.connect(self.refilter)
        self.refilter()

    def setLayer(self, layer) -> None:
        if isinstance(layer, QgsRasterLayer) and layer.id() != self._kept and self._left_out(layer):
            self._kept = layer.id()
            self.refilter()
        super().setLayer(layer)

    def set_dem(self, layer) -> None:
        """The Coverage section's DEM is ``layer`` (None: none): it is no imagery to offer. Chosen here already,
        it stays the choice."""
        dem = layer.id() if isinstance(layer, QgsRasterLayer) else ""
        if dem != self._dem:
            self._dem = dem
            self.refilter()

    def _left_out(self, layer) -> bool:
        return layer.id() == self._dem or not is_imagery(layer)

    def _changed(self, layer) -> None:
        if self._kept and (layer is None or layer.id() != self._kept):
            self._kept = ""  # another choice: the raster kept for it leaves the list
            self.refilter()
        elif self._dem:
            self.refilter()  # the Coverage section's DEM, kept while it was the choice, leaves the list

    def refilter(self, *_args) -> None:
        project = QgsProject.instance()
        rasters = [layer for layer in project.mapLayers().values() if isinstance(layer, QgsRasterLayer)]
        for layer in rasters:
            if layer.id() not in self._watched:
                self._watched[layer.id()] = self._date_follower(layer)
                layer.rendererChanged.connect(self.refilter)
                layer.customPropertyChanged.connect(self._watched[layer.id()])
        ids = {layer.id() for layer in rasters}
        self._watched = {layer_id: slot for layer_id, slot in self._watched.items() if layer_id in ids}
        current = self.currentLayer()
        left_out = [layer for layer in rasters if layer.id() != self._kept and self._left_out(layer)
                    and not (layer is current and layer.id() == self._dem)]
        if current is not None and current in left_out:
            # the list fell on a DEM by itself (the first raster added): no layer rather than a removal's notice
            super().setLayer(None)
        self.setExceptedLayerList(left_out)

    def _date_follower(self, layer):
        """The slot judging ``layer`` again when its acquisition date is set or cleared (in the Imagery section's
        table, by another tool): a one-band raster of heights is imagery while it is dated. The raster chosen here
        stays the choice: a date changed is no other layer chosen (it leaves the list once another is)."""
        layer_id = layer.id()

        def date_changed(key: str) -> None:
            if key != ACQ_DATE_PROPERTY or sip.isdeleted(self):  # (a list deleted without being unloaded)
                return
            current = self.currentLayer()
            if current is not None and current.id() == layer_id and self._left_out(current):
                self._kept = layer_id
            self.refilter()

        return date_changed

    def unload(self) -> None:
        try:
            QgsProject.instance().layersAdded.disconnect(self.refilter)
        except (TypeError, RuntimeError):
            pass
        for layer_id, date_changed in self._watched.items():
            layer = QgsProject.instance().mapLayer(layer_id)
            for signal, slot in (("rendererChanged", self.refilter), ("customPropertyChanged", date_changed)):
                try:
                    if layer is not None:
                        getattr(layer, signal).disconnect(slot)
                except (TypeError, RuntimeError):
                    pass
        self._watched.clear()


def _can_change_values(layer) -> bool:
    """Whether the values of ``layer``'s features can be changed (not set read-only in QGIS, and its data source
    takes changes: not a GeoPackage in a zip, a file opened read-only)."""
    if layer.isEditable():
        return True
    if layer.readOnly():
        return False
    provider = layer.dataProvider()
    return provider is not None and bool(
        provider.capabilities() & QgsVectorDataProvider.Capability.ChangeAttributeValues)


class DetectionPanel(DockSection):
    KEY = "detectionpanel"
    #: a station layer whose candidates were added or re-scored (the review queue shows it)
    candidatesChanged = pyqtSignal(object)
    #: a station layer whose open candidates got new confidences (feature id → confidence) from a re-rank
    candidatesRescored = pyqtSignal(object, dict)

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        self.task = None
        #: the re-rank running (None when none)
        self.rerank_task = None
        #: the layer being re-ranked and what happened to it meanwhile (see :meth:`_watch_rerank`)
        self._rerank_layer = None
        self._rerank_name = ""
        self._rerank_touched: set[int] = set()
        self._rerank_stale = False
        self._rerank_counts = (0, 0)
        self._rerank_connections: list = []
        self._rerank_generation = 0
        #: bumped when the project is closed: a run started for the old project adds nothing
        self._project_generation = 0
        self._run_generation = 0
        #: what the panel said at the last close of the runs then going (see :meth:`_say_closed`)
        self._closed_said = ""
        #: set when the plugin is unloaded: a run still going then applies nothing to the deleted widgets
        self._unloaded = False
        self.last_result = None
        self.last_gain: dict | None = None
        #: the layer of the review queue (set by the section): re-ranked when no station layer is chosen here
        self.reviewed_layer = None
        self.hint = self.add_placeholder(tr(
            "Run the tower detector over an imagery layer and extent; candidates go to the review queue below."
        ))
        form = QFormLayout()
        self.raster_combo = ImageryComboBox(self)
        self.raster_combo.setObjectName("rasterCombo")
        #: the imagery removed from the project leaves the list empty (QGIS's would fall on a DEM)
        # (an unavailable image is said as the other sections say theirs, naming its missing file)
        self.raster_choice = LayerChoice(self.raster_combo, tr("imagery layer"))
        form.addRow(tr("Imagery"), self.raster_combo)
        self.extent_combo = QComboBox(self)
        self.extent_combo.setObjectName("extentCombo")
        self.extent_combo.addItem(tr("Whole layer"), "layer")
        self.extent_combo.addItem(tr("Map view"), "canvas")
        form.addRow(tr("Extent"), self.extent_combo)
        self.sun_spin = QDoubleSpinBox(self)
        self.sun_spin.setObjectName("sunSpin")
        self.sun_spin.setRange(-1.0, 360.0)
        self.sun_spin.setDecimals(0)
        self.sun_spin.setSpecialValueText(tr("searched"))
        self.sun_spin.setValue(-1.0)
        self.sun_spin.setSuffix(" °")
        self.sun_spin.setToolTip(tr("Sun azimuth in degrees from north, or 'searched' over all angles"))
        self.shadow_button = QPushButton(tr("From a shadow"), self)
        self.shadow_button.setObjectName("sunFromShadowButton")
        self.shadow_button.setCheckable(True)
        self.shadow_button.setToolTip(tr("Click the foot of a pole, tree or building corner on the imagery, then "
                                         "the tip of its shadow: the sun azimuth is measured from it"))
        sun_row = QHBoxLayout()
        sun_row.addWidget(self.sun_spin, 1)
        sun_row.addWidget(self.shadow_button)
        form.addRow(tr("Sun azimuth"), sun_row)
        low, high = HEIGHT_ELEVATION_RANGE
        self.elevation_spin = QDoubleSpinBox(self)
        self.elevation_spin.setObjectName("sunElevationSpin")
        self.elevation_spin.setRange(low - 1.0, high)  # the lowest value is "unknown"
        self.elevation_spin.setDecimals(0)
        self.elevation_spin.setSpecialValueText(tr("unknown"))
        self.elevation_spin.setValue(low - 1.0)
        self.elevation_spin.setSuffix(" °")
        self.elevation_spin.setToolTip(tr(
            "Sun elevation above the horizon ({low:g}-{high:g}°), from the image metadata or typed: each "
            "candidate's antenna height is then its mast's height told from its shadow (length × tan(elevation)). "
            "'unknown': the elevation the sun has at the run's azimuth on the imagery's acquisition date, when it "
            "has one; else the default antenna height").format(low=LocaleNumber(low), high=LocaleNumber(high)))
        form.addRow(tr("Sun elevation"), self.elevation_spin)
        self.confidence_spin = QDoubleSpinBox(self)
        self.confidence_spin.setObjectName("confidenceSpin")
        self.confidence_spin.setRange(0.0, 1.0)
        self.confidence_spin.setSingleStep(0.05)
        self.confidence_spin.setValue(DetectionSettings.load().min_confidence)
        form.addRow(tr("Minimum confidence"), self.confidence_spin)
        self.target_combo = QgsMapLayerComboBox(self)
        self.target_combo.setObjectName("targetCombo")
        self.target_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.target_combo.setAllowEmptyLayer(True)
        self.target_combo.setToolTip(tr("Station layer receiving the candidates (empty: a new layer)"))
        self.target_combo.setLayer(None)
        self._target_id = ""
        self.target_combo.layerChanged.connect(self._target_changed)
        QgsProject.instance().layersRemoved.connect(self._layers_removed)
        form.addRow(tr("Station layer"), self.target_combo)
        self.layout_.addLayout(form)

        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Run detector"), self)
        self.run_button.setObjectName("runButton")
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("detectProgress")
        self.progress.setRange(0, 100)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.progress)  # on its own line: beside the buttons it did not fit a narrow dock

        # the run's message on a line of its own, under its progress: beside the re-rank button a sentence took a
        # narrow column of a word or two per line
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("detectStatus")
        self.status_label.setWordWrap(True)
        self.layout_.addWidget(self.status_label)
        row = QHBoxLayout()
        self.rerank_button = QPushButton(tr("Re-rank from my decisions"), self)
        self.rerank_button.setObjectName("rerankButton")
        self.rerank_button.setToolTip(tr(
            "Learn from the candidates you accepted and rejected and re-score the others"))
        row.addWidget(self.rerank_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        # the re-rank's progress and its Cancel, shown while it runs (the detector's have their own)
        self.rerank_busy = QWidget(self)
        self.rerank_busy.setObjectName("rerankBusy")
        busy_row = QHBoxLayout(self.rerank_busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.rerank_progress = QProgressBar(self.rerank_busy)
        self.rerank_progress.setObjectName("rerankProgress")
        self.rerank_progress.setRange(0, 100)
        self.rerank_cancel_button = QPushButton(tr("Cancel re-rank"), self.rerank_busy)
        self.rerank_cancel_button.setObjectName("rerankCancelButton")
        self.rerank_cancel_button.setToolTip(tr("Stop re-ranking: the candidates keep their scores"))
        busy_row.addWidget(self.rerank_progress, 1)
        busy_row.addWidget(self.rerank_cancel_button)
        self.layout_.addWidget(self.rerank_busy)
        self.rerank_busy.setVisible(False)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.rerank_button.clicked.connect(self.rerank)
        self.rerank_cancel_button.clicked.connect(self.cancel_rerank)
        self.shadow_tool = None
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is not None:
            from .maptools.sun_from_shadow import SunFromShadowTool

            self.shadow_tool = SunFromShadowTool(canvas)
            self.shadow_tool.deactivated.connect(lambda: self.shadow_button.setChecked(False))
            self.shadow_tool.measured.connect(self._sun_measured)
            self.plugin.register_map_tool(self.shadow_tool)
            self.shadow_button.toggled.connect(self._toggle_shadow_tool)
            self.shadow_tool.imagery = self.raster_combo.currentLayer  # its pixels bound how sharp a tip is
        else:
            self.shadow_button.setEnabled(False)
        #: the sun azimuth the box got from the current imagery's metadata (None: none given)
        self._metadata_sun: float | None = None
        #: the same for the sun elevation
        self._metadata_elevation: float | None = None
        #: the sun elevation of the run going (None: unknown)
        self._run_elevation: float | None = None
        self._run_params = DetectorParams()
        self.raster_combo.layerChanged.connect(self._sun_from_metadata)
        for w, sig in ((self.extent_combo, "currentIndexChanged"), (self.sun_spin, "valueChanged"),
                       (self.elevation_spin, "valueChanged"),
                       (self.confidence_spin, "valueChanged"), (self.raster_combo, "layerChanged"),
                       (self.target_combo, "layerChanged")):
            getattr(w, sig).connect(self.stateChanged)

    def title(self) -> str:
        return tr("Detection")

    def _target_changed(self, layer) -> None:
        self._target_id = layer.id() if layer is not None else ""

    def _layers_removed(self, layer_ids) -> None:
        """The station layer receiving the candidates was removed: the next run makes a new one. (QGIS's list
        would fall silently on another point layer, and the run add the station fields and candidates to it.)"""
        if self._target_id and self._target_id in layer_ids:
            self.target_combo.setLayer(None)
            self._target_id = ""

    # -- sun from a shadow -----------------------------------------------------------------
    def _toggle_shadow_tool(self, checked: bool) -> None:
        canvas = self.iface.mapCanvas()
        if checked:
            canvas.setMapTool(self.shadow_tool)
            self.status_label.setText(tr("Click the foot of a pole, tree or building corner, then the tip of its "
                                         "shadow (right click: start again)."))
        elif canvas.mapTool() is self.shadow_tool:
            canvas.unsetMapTool(self.shadow_tool)

    def _sun_measured(self, azimuth: float) -> None:
        self.sun_spin.setValue(round(azimuth) % 360)
        self.shadow_button.setChecked(False)
        text = tr("Sun azimuth {azimuth:.0f}° measured from a shadow.").format(
            azimuth=LocaleNumber(self.sun_spin.value()))
        error = self.shadow_tool.last_uncertainty_deg if self.shadow_tool is not None else 0.0
        if error >= SUN_CLICK_WARN_DEG:
            # measured on the generated scenes (detector 3.4, sun given off by 3° and 6°)
            text += " " + tr("Clicked this close, it may be off by {error:.0f}°: a sun 3° off loses about a tenth of "
                             "the masts, 6° off a third; zoom in or measure a longer shadow.").format(
                error=LocaleNumber(error))
        self.status_label.setText(text)

    # -- run ---------------------------------------------------------------------------------
    def params(self) -> DetectorParams:
        sun = self.sun_spin.value()
        return DetectorParams(sun_azimuth=None if sun < 0 else sun, min_confidence=self.confidence_spin.value())

    def sun_elevation(self) -> float | None:
        """The sun elevation in the box (degrees), None when unknown."""
        value = self.elevation_spin.value()
        return None if value <= self.elevation_spin.minimum() else value

    def _sun_from_metadata(self, layer=None) -> None:
        """Fill the sun from the imagery's metadata (provider angles or UTC time and place),
        unless the analyst typed a sun of their own."""
        current = self.sun_spin.value()
        found = metadata_sun(layer if layer is not None else self.raster_combo.currentLayer())
        self._elevation_from_metadata(found)
        if current >= 0 and current != self._metadata_sun:
            return
        if found is None:
            self._metadata_sun = None
            if current >= 0:
                self.sun_spin.setValue(-1.0)
            return
        self.sun_spin.setValue(float(round(found.azimuth)) % 360.0)
        self._metadata_sun = self.sun_spin.value()
        if self.sun_elevation() is not None and self.sun_elevation() == self._metadata_elevation:
            self.status_label.setText(tr("Sun azimuth {azimuth:.1f}° and elevation {elevation:.1f}° from the image "
                                         "metadata ({source}).").format(azimuth=LocaleNumber(found.azimuth),
                                                                        elevation=LocaleNumber(found.elevation),
                                                                        source=found.source))
        else:
            self.status_label.setText(tr("Sun azimuth {azimuth:.1f}° from the image metadata ({source}).").format(
                azimuth=LocaleNumber(found.azimuth), source=found.source))

    def _elevation_from_metadata(self, found) -> None:
        """The sun elevation of the imagery's metadata sun ``found`` in its box (unknown without one, or one
        outside the range heights are told under), unless the analyst typed an elevation of their own."""
        current = self.sun_elevation()
        if current is not None and current != self._metadata_elevation:
            return
        elevation = found.elevation if found is not None else None
        low, high = HEIGHT_ELEVATION_RANGE
        if elevation is None or not low <= elevation <= high:
            self._metadata_elevation = None
            self.elevation_spin.setValue(self.elevation_spin.minimum())
            return
        self.elevation_spin.setValue(float(round(elevation)))
        self._metadata_elevation = self.elevation_spin.value()

    def _extent(self):
        if self.extent_combo.currentData() == "canvas" and self.iface.mapCanvas() is not None:
            canvas = self.iface.mapCanvas()
            return QgsRectangle(canvas.extent()), canvas.mapSettings().destinationCrs()
        return None, None

    def target_layer(self):
        layer = self.target_combo.currentLayer()
        if layer is None:
            layer = create_memory_station_layer(CANDIDATES_LAYER_NAME)
            style_station_layer(layer)  # candidates hollow, confirmed filled, rejected grey; the station form
            add_layer(layer)
            self.target_combo.setLayer(layer)
        return layer

    def run(self) -> bool:
        """Start the detection task (returns False when it could not start)."""
        from ..tasks.detect_task import ExtentTooLarge, detect_task

        if self.task is not None:
            return False
        layer = self.raster_combo.currentLayer()
        missing = self.raster_choice.problem()
        if missing:
            self.status_label.setText(missing)
            push(self.iface, missing, level=Qgis.MessageLevel.Warning)
            return False
        extent, extent_crs = self._extent()
        self._run_params = self.params()
        self._run_elevation = self.sun_elevation()
        try:
            self.task = detect_task(layer, self._done, self._failed, self._canceled, extent=extent,
                                    extent_crs=extent_crs, params=self._run_params)
        except (ImageryError, ValueError) as exc:
            named = f"{layer.name()}: {translated(exc)}" if layer is not None else translated(exc)
            if isinstance(exc, ExtentTooLarge) and layer is not None:
                # there is no resolution to coarsen here: the extent is what the analyst can change
                named = (tr("{name}: the whole layer is too large to search at {resolution:g} m: choose Map view as "
                            "the extent and zoom in to the area to search.")
                         if extent is None else
                         tr("{name}: the map view is too large to search at {resolution:g} m: zoom in to the area "
                            "to search.")).format(name=layer.name(), resolution=LocaleNumber(exc.resolution))
            self.status_label.setText(named)
            push(self.iface, named, level=Qgis.MessageLevel.Warning,
                 details=f"{layer.source()}\n{exc!r}" if layer is not None else repr(exc))
            return False
        self.task.progressChanged.connect(self._task_progress)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status_label.setText(tr("Detecting…"))
        self._run_generation = self._project_generation
        QgsApplication.taskManager().addTask(self.task)
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _task_progress(self, progress: float) -> None:
        if not self._unloaded and self._run_generation == self._project_generation:
            self.progress.setValue(int(progress))

    def _finish(self) -> None:
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _done(self, result) -> None:
        if self._unloaded:  # the plugin was unloaded (reloaded, disabled, upgraded) meanwhile
            self.task = None
            return
        if self._run_generation != self._project_generation:  # started for a project since closed
            self._canceled()
            return
        self._finish()
        self.last_result = result
        target = self.target_layer()
        found_sun = shadow_sun(result.candidates) if self._run_params.sun_azimuth is None else None
        elevation, dated = self._run_elevation, False
        if elevation is None:  # the image's date and the sun azimuth tell it (the sun passes an azimuth once a day)
            azimuth = self._run_params.sun_azimuth if self._run_params.sun_azimuth is not None else found_sun
            elevation = sun_elevation_from_date(result.candidates, result.crs, result.image_date, azimuth)
            dated = elevation is not None
        frame = candidates_frame(result.candidates, result.crs, result.source, result.image_date, result.detector,
                                 sun_elevation=elevation)
        frame, updates, found_again, rejected, clearer = self._found_again(target, frame)
        try:
            n = write_candidates(target, frame)
            self._update_found_again(target, updates)
        except ImageryError as exc:
            self.status_label.setText(str(exc))
            push(self.iface, str(exc), level=Qgis.MessageLevel.Critical,
                 details=f"{result.source}\n{exc!r}")
            return
        self.progress.setValue(100)
        if n:  # the candidates are to be reviewed on the image they were found in, not under it
            keep_above_imagery(target)
        # a sentence: what follows (found again, the sun, notes, warnings) is sentences too
        text = tr("{n} candidate from {source} added to {layer}.", "{n} candidates from {source} added to {layer}.",
                  n).format(n=number(n, count=True), source=result.source, layer=target.name())
        if found_again:
            text += " " + tr("{n} found again where the layer already has a station or candidate: not added twice, "
                             "its sources and seen dates updated ({rejected} rejected before).",
                             "{n} found again where the layer already has a station or candidate: not added twice, "
                             "their sources and seen dates updated ({rejected} of them rejected before).",
                             found_again).format(n=number(found_again, count=True),
                                                 rejected=number(rejected, count=True))
        if clearer:
            text += " " + tr("{n} still queued was seen more clearly in this image: its confidence, height and "
                             "evidence are now this image's.",
                             "{n} still queued were seen more clearly in this image: their confidence, height and "
                             "evidence are now this image's.", clearer).format(n=number(clearer, count=True))
        if found_sun is not None:
            text += " " + tr("Sun searched: about {azimuth:.0f}°.").format(azimuth=LocaleNumber(found_sun))
        if n and dated:
            text += " " + tr("Heights told from the shadows under a sun at {elevation:.0f}°, as high as it stands "
                             "at that azimuth on the image date ({date}).").format(elevation=LocaleNumber(elevation),
                                                                                  date=result.image_date)
        elif n and elevation is not None:
            text += " " + tr("Heights told from the shadows under a sun at {elevation:.0f}°.").format(
                elevation=LocaleNumber(elevation))
        if result.notes:
            text += " " + " ".join(result.notes)
        warnings = list(result.warnings)
        if warnings:
            text += " " + " ".join(warnings)
        self.status_label.setText(text)
        push(self.iface, text, level=Qgis.MessageLevel.Warning if warnings else Qgis.MessageLevel.Success)
        self.summaryChanged.emit()
        self.candidatesChanged.emit(target)

    def _found_again(self, layer, frame):
        """Candidates found where ``layer`` already has a station, whatever its status (within the detector's own
        suppression distance), are not added again: a second run over an overlapping extent does not propose
        again a mast the analyst rejected, nor queue a second copy of one confirmed or still queued. As an import
        into the layer does, the station gets the image in its sources and its seen dates widened to the image
        date; a candidate still queued that this run saw more clearly (a higher confidence) takes that sighting's
        evidence (``core.review.clearer_sightings``). Returns ``(candidates to add, {fid: changed values}, how many
        were found again, how many of those at a rejected station, how many queued candidates seen more
        clearly)``."""
        if frame.empty:
            return frame, {}, 0, 0, 0
        radius = float(self._run_params.nms_radius_m)
        lat_margin = 2.0 * radius / 111_000.0
        far = min(max(abs(float(frame[LAT].max())), abs(float(frame[LAT].min()))), 89.0)
        lon_margin = lat_margin / math.cos(math.radians(far))
        area = QgsRectangle(float(frame[LON].min()) - lon_margin, float(frame[LAT].min()) - lat_margin,
                            float(frame[LON].max()) + lon_margin, float(frame[LAT].max()) + lat_margin)
        request = QgsFeatureRequest()
        if layer.crs().isValid() and layer.crs() != WGS84:
            try:
                area = QgsCoordinateTransform(WGS84, layer.crs(), QgsProject.instance()).transformBoundingBox(area)
            except QgsCsException:
                area = None
        if area is not None:
            request.setFilterRect(area)
        names = layer.fields().names()
        request.setSubsetOfAttributes([n for n in ("status", "origin", "confidence", "notes", "source",
                                                   "first_seen", "last_seen") if n in names], layer.fields())
        existing = layer_to_frame(layer, request)
        if existing.empty:
            return frame, {}, 0, 0, 0
        to_add, updates = absorb(existing, frame, radius, match_technology=False)
        clearer = clearer_sightings(existing, frame, radius)
        for fid, values in clearer.items():
            updates.setdefault(fid, {}).update(values)
        statuses = existing["status"] if "status" in existing.columns else None
        rejected = sum(1 for fid in updates if statuses is not None and statuses[fid] == "rejected")
        return to_add, updates, len(frame) - len(to_add), rejected, len(clearer)

    def _update_found_again(self, layer, updates: dict) -> None:
        """The sources and seen dates of the stations found again: in the edit buffer when the layer is being
        edited (one undo step), else through the provider, as the candidates are written."""
        fields = layer.fields()
        changes = {int(fid): {fields.indexOf(k): v for k, v in values.items() if fields.indexOf(k) >= 0}
                   for fid, values in updates.items()}
        changes = {fid: change for fid, change in changes.items() if change}
        if not changes:
            return
        refusal = rewrite_refusal(layer)
        if refusal:
            raise ImageryError(refusal)
        if layer.isEditable():
            layer.beginEditCommand(tr("Stations found again by the detector"))
            for fid, change in changes.items():
                layer.changeAttributeValues(fid, change, {}, True)  # updated_at is among them, in UTC
            layer.endEditCommand()
        elif not layer.dataProvider().changeAttributeValues(changes):
            raise ImageryError(tr("{name}: the stations found again could not be updated.").format(name=layer.name()))

    def _failed(self, exc) -> None:
        if self._unloaded:
            self.task = None
            return
        if self._run_generation != self._project_generation:  # started for a project since closed
            self._canceled()
            return
        self._finish()
        # the reason stays in the panel, as a run refused at its start says it (the bar's message goes away)
        text = tr("Detection failed: {error}").format(error=translated(exc))
        self.status_label.setText(text)
        push(self.iface, text, level=Qgis.MessageLevel.Critical, details=str(exc))

    def _canceled(self) -> None:
        if self._unloaded:
            self.task = None
            return
        closed = self._run_generation != self._project_generation
        self._finish()
        self.progress.setValue(0)
        if closed:
            self._say_closed()
        else:
            self.status_label.setText(tr("Canceled: nothing was added."))


    def _closed_text(self) -> str:
        """What the panel says of its runs (detection, re-rank) still going for a project since closed: each was
        canceled, nothing of it kept."""
        parts = []
        if self.task is not None and self._run_generation != self._project_generation:
            parts.append(tr("Canceled: the project was closed while detecting; nothing was added."))
        if self.rerank_task is not None and self._rerank_generation != self._project_generation:
            parts.append(tr("Re-rank canceled: the project was closed while re-ranking; nothing was changed."))
        return " ".join(parts)

    def _say_closed(self) -> None:
        """A run of a project since closed ended: what the panel said of it at the close is said again (wiped by a
        reset since), unless the panel says something newer (a run of the new project)."""
        if self._closed_said and self.status_label.text() in ("", self._closed_said):
            self.status_label.setText(self._closed_said)

    # -- re-rank -----------------------------------------------------------------------------
    def rerank(self) -> bool:
        """Start re-ranking the detected candidates from the analyst's decisions (returns False when it
        could not start). The layer is read here; the model is fitted and the candidates scored in a task;
        the scores go into the layer's edit buffer when it ends (:meth:`_reranked`)."""
        if self.rerank_task is not None:
            return False
        # the layer receiving the candidates, else the one under review (candidates detected by Processing,
        # opened as the station layer, are reviewed without being chosen here)
        layer = self.target_combo.currentLayer()
        if layer is None and self.reviewed_layer is not None:
            layer = self.reviewed_layer()
        if layer is None:
            push(self.iface, tr("Choose the station layer holding the detected candidates."),
                 level=Qgis.MessageLevel.Warning)
            return False
        if not _can_change_values(layer):  # said before the work, not after it
            text = tr("{layer} is read-only: its candidates cannot be re-scored.").format(layer=layer.name())
            self.status_label.setText(text)
            push(self.iface, text, level=Qgis.MessageLevel.Warning)
            return False
        frame = read_rerank_frame(layer)
        accepted, rejected = reviewed_detected(frame)
        if "features" not in frame.columns or "status" not in frame.columns or not accepted or not rejected \
                or accepted + rejected < RERANK_MIN_REVIEWED:
            self._say_cannot_rerank(layer, accepted, rejected)
            return False
        self.rerank_task = rerank_task(
            frame, tr("Re-rank the candidates of {layer}").format(layer=layer.name()), self._reranked,
            self._rerank_failed, self._rerank_canceled, min_reviewed=RERANK_MIN_REVIEWED)
        self._watch_rerank(layer, accepted, rejected)
        self._rerank_generation = self._project_generation
        self.rerank_task.progressChanged.connect(self._rerank_task_progress)
        self.rerank_button.setEnabled(False)
        self.rerank_progress.setValue(0)
        self.rerank_busy.setVisible(True)
        self.status_label.setText(tr("Re-ranking the candidates of {layer}…").format(layer=layer.name()))
        QgsApplication.taskManager().addTask(self.rerank_task)
        return True

    def cancel_rerank(self) -> None:
        if self.rerank_task is not None:
            self.rerank_task.cancel()

    def _watch_rerank(self, layer, accepted: int, rejected: int) -> None:
        """Follow ``layer`` while the task runs: a candidate decided (or edited, deleted) meanwhile keeps what
        it has; edits saved or canceled meanwhile (feature ids may change) or the layer removed: nothing is
        written."""
        self._rerank_layer = layer
        #: its name as the re-rank started (said when it is removed meanwhile)
        self._rerank_name = layer.name()
        self._rerank_counts = (accepted, rejected)
        self._rerank_touched = set()
        self._rerank_stale = False

        def touched(fid, *_args):
            self._rerank_touched.add(int(fid))

        def deleted(fids):
            self._rerank_touched.update(int(fid) for fid in fids)

        def stale(*_args):
            self._rerank_stale = True

        # by name: a signal kept from a layer deleted since (another project opened) cannot be disconnected safely
        self._rerank_connections = [("attributeValueChanged", touched), ("featuresDeleted", deleted),
                                    ("afterCommitChanges", stale), ("afterRollBack", stale),
                                    ("willBeDeleted", stale)]
        for name, slot in self._rerank_connections:
            getattr(layer, name).connect(slot)

    def _unwatch_rerank(self) -> None:
        layer = self._rerank_layer
        if layer is not None and not sip.isdeleted(layer):
            for name, slot in self._rerank_connections:
                try:
                    getattr(layer, name).disconnect(slot)
                except (TypeError, RuntimeError):
                    pass
        self._rerank_connections = []

    def _rerank_end(self):
        """The task ended: stop following the layer; return it (None when it went away meanwhile)."""
        self._unwatch_rerank()
        layer, self._rerank_layer = self._rerank_layer, None
        self.rerank_task = None
        if self._unloaded:
            return None
        self.rerank_button.setEnabled(True)
        self.rerank_busy.setVisible(False)
        if layer is None or sip.isdeleted(layer) or self._rerank_generation != self._project_generation:
            return None
        try:
            if QgsProject.instance().mapLayer(layer.id()) is not layer:
                return None
        except RuntimeError:  # deleted with the project
            return None
        return layer

    def _rerank_task_progress(self, progress: float) -> None:
        if not self._unloaded and self.rerank_task is not None and self._rerank_generation == self._project_generation:
            self.rerank_progress.setValue(int(progress))

    def _reranked(self, result) -> None:
        if self._rerank_closed():  # started for a project since closed: nothing of it is kept
            return
        layer = self._rerank_end()
        if self._unloaded:
            return
        if layer is None:
            self.status_label.setText(tr("Not re-ranked: {layer} was removed from the project.").format(
                layer=self._rerank_name))
            return
        if self._rerank_stale:
            text = tr("Not re-ranked: the edits of {layer} were saved or canceled while re-ranking; the candidates "
                      "keep their scores. Re-rank again.").format(layer=layer.name())
            self.status_label.setText(text)
            push(self.iface, text, level=Qgis.MessageLevel.Warning)
            return
        gain = dict(result.gain)
        self.last_gain = gain
        if not improves(gain):
            # learnt from these decisions, the order would be no better than the detector's: nothing is changed
            gain["updated"] = 0
            text = tr("Not re-ranked: on your {m} decisions, the order learnt from them puts no more confirmed "
                      "stations in the top {k} than the detector's confidence ({after:.0%} against {before:.0%}); "
                      "the confidence is kept. Review more candidates and try again.").format(
                m=number(gain["n"], count=True), k=number(gain["k"], count=True), before=LocaleNumber(gain["before"]),
                after=LocaleNumber(gain["after"]))
            self.status_label.setText(text)
            push(self.iface, text, level=Qgis.MessageLevel.Warning)
            return
        # a candidate decided, edited or deleted while the task ran keeps what it has now
        scores = {fid: score for fid, score in result.scores.items() if fid not in self._rerank_touched}
        from .maptools.add_station import make_active_layer

        refusal = rewrite_refusal(layer) if scores else None
        if refusal:
            gain["updated"] = 0
            self.status_label.setText(refusal)
            push(self.iface, refusal, level=Qgis.MessageLevel.Critical)
            return
        # the new scores go in the edit buffer, as the decisions do: Ctrl+Z undoes them
        started = bool(scores) and not layer.isEditable() and not layer.readOnly() and layer.startEditing()
        gain["updated"] = write_rerank_scores(layer, scores)
        if started and not layer.isModified():
            layer.commitChanges()  # nothing written: the layer is left as it was, not being edited
        make_active_layer(self.iface, layer)
        self.candidatesRescored.emit(layer, scores if gain["updated"] else {})
        # the change is a value: a count's English plural (Qt's disambiguation) is ASCII only
        text = tr("Re-ranked {n} candidate. Precision of the top {k} reviewed: {change} (cross-validated on {m} "
                  "decisions)", "Re-ranked {n} candidates. Precision of the top {k} reviewed: {change} "
                  "(cross-validated on {m} decisions)", gain["updated"]).format(
            n=number(gain["updated"], count=True), k=number(gain["k"], count=True),
            change=f"{number_spec(gain['before'], '.0%')} → {number_spec(gain['after'], '.0%')}",
            m=number(gain["n"], count=True))
        self.status_label.setText(text)
        push(self.iface, text, level=Qgis.MessageLevel.Info)

    def _rerank_failed(self, exc) -> None:
        if self._rerank_closed():
            return
        layer = self._rerank_end()
        if self._unloaded:
            return
        if layer is None:
            self.status_label.setText(tr("Not re-ranked: {layer} was removed from the project.").format(
                layer=self._rerank_name))
            return
        self._say_cannot_rerank(layer, *self._rerank_counts, details=translated(exc))

    def _rerank_canceled(self) -> None:
        if self._rerank_closed():
            return
        self._rerank_end()
        if self._unloaded:
            return
        self.status_label.setText(tr("Re-rank canceled: the candidates keep their scores."))

    def _rerank_closed(self) -> bool:
        """A re-rank started for a project since closed ended, however (not started, canceled, failed, or its
        scores on their way): nothing of it is written, and the panel says it was canceled by the close (True)."""
        if self._rerank_generation == self._project_generation:
            return False
        self._rerank_end()
        if not self._unloaded:
            self.rerank_progress.setValue(0)
            self._say_closed()
        return True

    def _say_cannot_rerank(self, layer, accepted: int, rejected: int, details: str = "") -> None:
        """Why ``layer`` cannot be re-ranked, counting its reviewed detected candidates (translated: the
        detector's own message is in English), in the panel and the message bar."""
        names = layer.fields().names()
        if "features" not in names or "status" not in names:
            text = tr("{layer} holds no detector features to learn from: run the detector into this layer.").format(
                layer=layer.name())
        else:
            text = tr("Re-ranking needs at least {min} reviewed detected candidates, some accepted and some "
                      "rejected: {layer} has {accepted} accepted and {rejected} rejected.").format(
                min=RERANK_MIN_REVIEWED, layer=layer.name(), accepted=number(accepted, count=True),
                rejected=number(rejected, count=True))
        self.status_label.setText(text)
        push(self.iface, text, level=Qgis.MessageLevel.Warning,
             details=details or tr("{accepted} accepted and {rejected} rejected detected candidates with features, "
                                   "{min} needed").format(accepted=number(accepted, count=True),
                                                          rejected=number(rejected, count=True),
                                                          min=RERANK_MIN_REVIEWED))

    # -- dock plumbing -----------------------------------------------------------------------
    def summary(self) -> str:
        if self.last_result is None:
            return ""
        return tr("{n} detected").format(n=number(len(self.last_result.candidates), count=True))

    def state(self) -> dict:
        raster = self.raster_combo.currentLayer()
        target = self.target_combo.currentLayer()
        return {"raster": raster.id() if raster else None, "target": target.id() if target else None,
                "raster_name": raster.name() if raster else None,  # said missing in a project opened without it
                "extent": self.extent_combo.currentData(), "sun": self.sun_spin.value(),
                "sun_elevation": self.elevation_spin.value(),
                "min_confidence": self.confidence_spin.value()}

    def restore_state(self, state: dict) -> None:
        project = QgsProject.instance()
        if state.get("raster") and project.mapLayer(state["raster"]):
            self.raster_combo.setLayer(project.mapLayer(state["raster"]))
        elif state.get("raster"):
            restore_choice(self.raster_choice, state["raster"], state.get("raster_name"), self.restoring_project)
        if state.get("target") and project.mapLayer(state["target"]):
            self.target_combo.setLayer(project.mapLayer(state["target"]))
        idx = self.extent_combo.findData(state.get("extent"))
        if idx >= 0:
            self.extent_combo.setCurrentIndex(idx)
        if "sun" in state:
            self.sun_spin.setValue(float(state["sun"]))
        if "sun_elevation" in state:
            self.elevation_spin.setValue(float(state["sun_elevation"]))
        if "min_confidence" in state:
            self.confidence_spin.setValue(float(state["min_confidence"]))

    def project_cleared(self) -> None:
        """What the panel said and found was about the project closed: cleared. A detection running for it adds
        nothing and says so, from now until it ends, and when it ends, whenever that is (at once for a task not
        started yet, which QGIS ends as it is canceled; its result on its way is not applied either); the panel
        is reset first, so that its end is not wiped. A re-rank running likewise changes nothing and says so."""
        self._project_generation += 1
        self.last_result = None
        self.last_gain = None
        self.progress.setValue(0)
        self.rerank_progress.setValue(0)
        self._closed_said = self._closed_text()
        self.status_label.setText(self._closed_said)
        self.cancel()
        self.cancel_rerank()

    def unload(self) -> None:
        # a run still going ends without a word: its end (and its progress) would reach this panel's
        # widgets after they are deleted
        self._unloaded = True
        self.raster_choice.unload()
        self.raster_combo.unload()
        try:
            QgsProject.instance().layersRemoved.disconnect(self._layers_removed)
        except (TypeError, RuntimeError):
            pass
        for task in (self.task, self.rerank_task):
            if task is not None:
                try:
                    task.cancel()
                except RuntimeError:
                    pass
        self._unwatch_rerank()
