"""Dock section: Coverage and statistics (model, regions, population, live refresh, table)."""

from __future__ import annotations

import errno
import math
import os

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsDoubleSpinBox, QgsFieldComboBox, QgsMapLayerComboBox, QgsRasterBandComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ...core import methods, radio
from ...core.pipeline import CoverageJob, StatsJob, has_population
from ...core.population import guess_population_field
from ...core.regions import NAME_KNOWN, choose_name_field
from ...core.safe_write import ExportError
from ...core.stats import RULE_CENTRE, RULE_FRACTION, TOTAL, format_count
from ...core.tables import formula_safe_frame
from ...i18n import LocaleNumber, number, tr, translated
from ...log import get_logger
from ...qgis_io import coverage_io as cio
from ...qgis_io import dem as dem_io
from ...qgis_io.computed_raster import ComputedRaster, read_through_qgis
from ...qgis_io.population_areas import AreaPopulation, is_area_layer
from ...qgis_io.project import find_layer
from ...qgis_io.report import (
    BUDGET_PARAMETER,
    PENETRATION_PARAMETER,
    RADIUS_PARAMETER,
    RANGE_PARAMETER,
    penetration_text,
    preset_radii_text,
    radius_text,
    range_text,
    unnamed_region,
    with_station_radii,
)
from ...qgis_io.values import plain_value
from ...settings import CoverageSettings, StationSettings, TerrainSettings
from ...tasks.coverage_task import CoverageRequest, CoverageRunner, OutputLayers
from ..messages import push
from ..options_page import PAGE_NAME, SETTINGS_APPLIED
from .base import DockSection
from .layer_choice import LayerChoice, first_problem, restore_choice, unavailable

LOG = get_logger("coverage")

#: Names of the layers the section adds to the "Base Station Mapper" group.
LAYER_COVERAGE = "Coverage"
LAYER_STATIONS = "Coverage per station"
LAYER_OVERLAP = "Coverage overlap"
LAYER_BEST = "Best server"
LAYER_STATS = "Coverage statistics"

#: Columns of the dock table (a readable subset of STAT_FIELDS; the table layer has them all).
#: The estimates (covered area, population, shares, subscribers) show their low–high range in the cell.
TABLE_COLUMNS = ("region", "population", "covered_pop", "covered_pop_pct", "area_km2", "covered_km2",
                 "covered_area_pct", "stations", "estimated_subscribers")
#: The grid CRS given to population areas until the task has read the stations and set theirs (the UTM zone of the
#: stations, as :meth:`..tasks.coverage_task.CoverageRequest.read_stations` does): any CRS in metres would do.
_UNTIL_STATIONS_READ = "EPSG:3857"
#: Extra dock columns when a DEM masks the coverage.
TERRAIN_COLUMNS = ("covered_pop_no_terrain", "terrain_removed_pop")
#: Those of a run without population (the area covered only).
AREA_TERRAIN_COLUMNS = ("covered_km2_no_terrain", "terrain_removed_km2")


class SortItem(QTableWidgetItem):
    """A table cell sorting by ``key`` (its ``value``, number or text, unless given); the TOTAL row stays last
    either way."""

    def __init__(self, value, text: str, total: bool, key=None):
        super().__init__(text)
        self.value = value
        self.key = value if key is None else key  # what it sorts by
        self.total = total
        self.setData(Qt.ItemDataRole.UserRole, value)

    def __lt__(self, other):
        if isinstance(other, SortItem):
            table = self.tableWidget()
            ascending = table is None or table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            if self.total != other.total:
                return other.total if ascending else self.total
            return self.key < other.key
        return super().__lt__(other)


class LayerWatch:
    """Follows one vector layer for Live: ``edited`` at each edit of its features (added, deleted, moved, a value
    changed, its data reloaded), ``repaired`` when its data source changes (an unavailable layer repaired, Change
    Data Source)."""

    def __init__(self, edited, repaired):
        self.edited, self.repaired = edited, repaired
        #: the layer followed (None: none)
        self.layer: QgsVectorLayer | None = None

    def _signals(self, layer):
        return ((layer.featureAdded, self.edited), (layer.featureDeleted, self.edited),
                (layer.geometryChanged, self.edited), (layer.attributeValueChanged, self.edited),
                (layer.dataChanged, self.edited), (layer.dataSourceChanged, self.repaired))

    def watch(self, layer) -> None:
        """Follow ``layer`` (a vector layer; anything else: none) instead of the one followed."""
        self.unwatch()
        if isinstance(layer, QgsVectorLayer):
            self.layer = layer
            for signal, slot in self._signals(layer):
                signal.connect(slot)

    def unwatch(self) -> None:
        layer, self.layer = self.layer, None
        if layer is None:
            return
        try:
            for signal, slot in self._signals(layer):
                try:
                    signal.disconnect(slot)
                except TypeError:
                    pass
        except RuntimeError:  # layer already deleted
            pass


class CoverageSection(DockSection):
    KEY = "coverage"

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        # read for the controls' first values only: the Options page may change the settings later, so
        # what a run or a toggle needs is read when it happens (see options(), _live_toggled())
        settings = CoverageSettings.load()
        self.runner = CoverageRunner(self)
        self.runner.resultReady.connect(self._on_result)
        self.runner.failed.connect(self._on_error)
        self.runner.canceled.connect(self._on_canceled)
        #: a run was going when the project began to close (its layers all removed, which lets go of the run
        #: before the project says it was cleared): said canceled by the close (see :meth:`project_cleared`)
        self._run_at_clear = False
        for signal in (self.runner.started, self.runner.resultReady, self.runner.failed, self.runner.canceled):
            signal.connect(self._forget_run_at_clear)
        QgsProject.instance().removeAll.connect(self._all_layers_removing)
        #: a project is being read (its layers loading, its dock state not put back yet): Live asks no run, its
        #: inputs being neither the project's nor complete (see :meth:`project_read`)
        self._reading_project = False
        QgsProject.instance().loadingLayer.connect(self._project_loading)
        #: the name fields chosen for the regions and the population points, restored with a project whose layer was
        #: unavailable (its file moved away): chosen once the layer is repaired, and kept in the project meanwhile
        self._wanted_fields: dict = {}
        #: the status says that an input is unavailable (cleared once it is repaired)
        self._unavailable_said = False
        self.table_frame = None
        #: the station layer whose edits Live follows
        self._stations_watch = LayerWatch(self._station_edited, self._clear_unavailable)
        self._summary = ""
        #: while a project's values are put in the controls: no change of the user's to recompute for
        self._restoring = False
        #: the next result or error is the one of a run asked for with the button (said in the message bar)
        self._announce = False
        #: the last problem said in the message bar (Live repeats it at every edit: said once)
        self._last_error = ""
        #: how many changes of the inputs (an edit of the stations, regions or population, a control) the section
        #: has seen, and that count when the run whose coverage is shown was asked (None: no coverage shown)
        self._changes = 0
        self._shown_changes: int | None = None
        #: the section says the coverage and statistics shown are out of date (a run after changes was canceled)
        self._out_of_date = False

        form = QFormLayout()
        self.station_combo = QgsMapLayerComboBox(self)
        self.station_combo.setObjectName("coverageStationLayer")
        self.station_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        form.addRow(tr("Stations"), self.station_combo)

        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("coverageModel")
        for key, label in ((radio.MODEL_PRESET, tr("Technology presets")), (radio.MODEL_HATA, tr("Okumura-Hata")),
                           (radio.MODEL_COST231, tr("COST-231 Hata"))):
            self.model_combo.addItem(label, key)
        self.presets_button = QPushButton(tr("Presets…"), self)
        self.presets_button.setObjectName("coveragePresets")
        self.presets_button.setToolTip(tr("Edit the technology radii and the penetration rate in the plugin's "
                                          "page of QGIS's Options"))
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.presets_button)
        form.addRow(tr("Model"), model_row)
        self.presets_label = QLabel(self._presets_text(settings.technology_radii_m), self)
        self.presets_label.setWordWrap(True)
        form.addRow("", self.presets_label)

        self.radius_spin = self._spin("coverageRadius", 0.0, cio.MAX_RADIUS_M, 0.0, 100.0, " m")
        self.radius_spin.setSpecialValueText(tr("per station / preset"))
        form.addRow(tr("Radius"), self.radius_spin)
        self.freq_spin = self._spin("coverageFrequency", 150.0, 2000.0, 900.0, 50.0, " MHz")
        self.eirp_spin = self._spin("coverageEirp", 0.0, 90.0, 58.0, 1.0, " dBm")
        self.threshold_spin = self._spin("coverageThreshold", -150.0, -30.0, -100.0, 1.0, " dBm")
        budget = QGridLayout()  # two a line: three side by side did not fit a narrow dock
        for i, w in enumerate((self.freq_spin, self.eirp_spin, self.threshold_spin)):
            budget.addWidget(w, i // 2, i % 2)
        form.addRow(tr("Link budget"), budget)
        self.env_combo = QComboBox(self)
        self.env_combo.setObjectName("coverageEnvironment")
        for env, label in zip(radio.ENVIRONMENTS, (tr("urban"), tr("suburban"), tr("open"))):
            self.env_combo.addItem(label, env)
        form.addRow(tr("Environment"), self.env_combo)
        self.min_spin = self._spin("coverageMinFactor", 0.1, 1.0, settings.scenario_min_factor, 0.05, "")
        self.max_spin = self._spin("coverageMaxFactor", 1.0, 5.0, settings.scenario_max_factor, 0.05, "")
        scen = QHBoxLayout()
        scen.addWidget(self.min_spin)
        scen.addWidget(self.max_spin)
        form.addRow(tr("Range (radius ×)"), scen)

        self.region_combo = QgsMapLayerComboBox(self)
        self.region_combo.setObjectName("coverageRegions")
        self.region_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.region_combo.setAllowEmptyLayer(True)
        self.region_field = QgsFieldComboBox(self)
        self.region_field.setObjectName("coverageRegionField")
        form.addRow(tr("Regions"), self.region_combo)
        form.addRow(tr("Region name"), self.region_field)
        self.raster_combo = QgsMapLayerComboBox(self)
        self.raster_combo.setObjectName("coveragePopulationRaster")
        self.raster_combo.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
        self.raster_combo.setAllowEmptyLayer(True)
        form.addRow(tr("Population raster"), self.raster_combo)
        self.band_combo = QgsRasterBandComboBox(self)
        self.band_combo.setObjectName("coveragePopulationBand")
        self.band_combo.setLayer(self.raster_combo.currentLayer())
        form.addRow(tr("Population band"), self.band_combo)
        self.density_check = QCheckBox(tr("Values are people per km²"), self)
        self.density_check.setObjectName("coveragePopulationDensity")
        self.density_check.setToolTip(tr(
            "Tick for a density raster (e.g. WorldPop 'pd', GPW population density): each value is multiplied by "
            "its cell's area in km². Unticked, each value is the number of people in its cell (e.g. WorldPop "
            "'ppp')."))
        form.addRow("", self.density_check)
        self.points_combo = QgsMapLayerComboBox(self)
        self.points_combo.setObjectName("coveragePopulationPoints")
        # points with people (places), or areas with people (districts, provinces, hexagons)
        self.points_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer
                                     | QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.points_combo.setToolTip(tr(
            "Points with a number of people (populated places: counted where they fall), or areas with one "
            "(census districts, provinces, hexagons: each one's people spread evenly over its area)."))
        self.points_combo.setAllowEmptyLayer(True)
        self.points_field = QgsFieldComboBox(self)
        self.points_field.setObjectName("coveragePopulationField")
        # no field until one is chosen or found: the list's first field (an id) was counted as people
        self.points_field.setAllowEmptyFieldName(True)
        form.addRow(tr("or population points/areas"), self.points_combo)
        form.addRow(tr("Population field"), self.points_field)
        self.rule_combo = QComboBox(self)
        self.rule_combo.setObjectName("coverageRule")
        self.rule_combo.addItem(tr("Cell centre"), RULE_CENTRE)
        self.rule_combo.addItem(tr("Exact cell fraction"), RULE_FRACTION)
        form.addRow(tr("Cell rule"), self.rule_combo)
        self.penetration_spin = self._spin("coveragePenetration", 0.0, 1.0, settings.penetration, 0.01, "")
        form.addRow(tr("Penetration"), self.penetration_spin)
        terrain_settings = TerrainSettings.load()
        self.dem_combo = QgsMapLayerComboBox(self)
        self.dem_combo.setObjectName("coverageDem")
        self.dem_combo.setFilters(QgsMapLayerProxyModel.Filter.RasterLayer)
        self.dem_combo.setAllowEmptyLayer(True)
        self.dem_combo.setLayer(None)
        self.dem_combo.setToolTip(tr("With a DEM, each station only covers the cells it has line of sight to"))
        form.addRow(tr("DEM (terrain)"), self.dem_combo)
        self.receiver_spin = self._spin("coverageReceiverHeight", 0.0, 500.0, terrain_settings.receiver_height_m,
                                        0.5, " m")
        self.k_spin = self._spin("coverageRefractionK", 0.1, 100.0, terrain_settings.refraction_k, 0.05, "")
        terrain_row = QGridLayout()  # one value a line: side by side they did not fit a narrow dock
        terrain_row.addWidget(QLabel(tr("receiver"), self), 0, 0)
        terrain_row.addWidget(self.receiver_spin, 0, 1)
        terrain_row.addWidget(QLabel(tr("k"), self), 1, 0)
        terrain_row.addWidget(self.k_spin, 1, 1)
        terrain_row.setColumnStretch(1, 1)
        form.addRow(tr("Line of sight"), terrain_row)
        self.layout_.addLayout(form)

        row = QHBoxLayout()
        self.live_check = QCheckBox(tr("Live"), self)
        self.live_check.setObjectName("coverageLive")
        self.live_check.setToolTip(tr("Recompute while you edit the station layer, the regions or the population "
                                      "points/areas"))
        self.live_check.setChecked(settings.live)
        self.run_button = QPushButton(tr("Compute coverage"), self)
        self.run_button.setObjectName("coverageRun")
        row.addWidget(self.live_check)
        row.addStretch(1)
        row.addWidget(self.run_button)
        self.layout_.addLayout(row)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("coverageStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.status_label)
        self.table = QTableWidget(0, len(TABLE_COLUMNS), self)
        self.table.setObjectName("coverageTable")
        self.table.setHorizontalHeaderLabels([self._header(c) for c in TABLE_COLUMNS])
        self.table.setSortingEnabled(True)
        #: the column (field name) and order the analyst sorted the table by: kept across runs and in the project
        self._sort: tuple[str, str] | None = None
        self._filling = False
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.layout_.addWidget(self.table)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(tr("Copy table"), self)
        self.copy_button.setObjectName("coverageCopy")
        self.csv_button = QPushButton(tr("Save CSV…"), self)
        self.csv_button.setObjectName("coverageCsv")
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.csv_button)
        self._table_buttons()  # off until there is a table (a copy of nothing emptied the clipboard)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

        # a chosen layer removed from the project leaves its list empty, and runs refused until chosen again
        self.choices = [LayerChoice(self.station_combo, tr("station layer")),
                        LayerChoice(self.region_combo, tr("region layer"), optional=True),
                        LayerChoice(self.raster_combo, tr("population raster"), optional=True),
                        LayerChoice(self.points_combo, tr("population points or areas layer"), optional=True),
                        LayerChoice(self.dem_combo, tr("DEM"), optional=True)]
        #: the analyst chose the regions' name field (else the run says which field names them)
        self._region_field_chosen = False
        self._setting_region_layer = False
        self.region_combo.layerChanged.connect(self._region_layer_changed)
        self.region_field.fieldChanged.connect(self._region_field_changed)
        self.points_combo.layerChanged.connect(self._points_layer_changed)
        self.station_combo.layerChanged.connect(self._watch_station_layer)
        self.run_button.clicked.connect(self.run)
        self.presets_button.clicked.connect(self.open_presets)
        self.live_check.toggled.connect(self._live_toggled)
        self.copy_button.clicked.connect(self.copy_table)
        self.csv_button.clicked.connect(self.save_csv_dialog)
        for combo in (self.model_combo, self.env_combo, self.rule_combo):
            combo.currentIndexChanged.connect(self.stateChanged)
        for combo in (self.station_combo, self.region_combo, self.raster_combo, self.points_combo, self.dem_combo):
            combo.layerChanged.connect(self.stateChanged)
        self._region_layer_changed(self.region_combo.currentLayer())
        self._points_layer_changed(self.points_combo.currentLayer())
        #: the analyst chose the band (else band 1 of a raster of several bands is counted, and the run says so)
        self._band_chosen = False
        self._setting_band_layer = False
        self.raster_combo.layerChanged.connect(self._raster_layer_changed)
        self.band_combo.bandChanged.connect(self._band_changed)
        #: the population raster whose layer properties Live follows, and how the last run read it
        self._watched_raster = None
        self._raster_read: tuple | None = None
        self.raster_combo.layerChanged.connect(self._watch_raster)
        self._watch_raster(self.raster_combo.currentLayer())
        self.band_combo.bandChanged.connect(self.stateChanged)
        self.region_field.fieldChanged.connect(self.stateChanged)
        self.points_field.fieldChanged.connect(self.stateChanged)
        self._watch_station_layer(self.station_combo.currentLayer())
        #: the population points or areas layer whose edits Live follows, as it follows the stations' (a feature
        #: added, moved or deleted, or its people changed)
        self._points_watch = LayerWatch(self._points_edited, self._points_repaired)
        self.points_combo.layerChanged.connect(self._points_watch.watch)
        self._points_watch.watch(self.points_combo.currentLayer())
        #: the regions layer whose edits Live follows (a region added, deleted, reshaped or renamed)
        self._regions_watch = LayerWatch(self._regions_edited, self._regions_repaired)
        self.region_combo.layerChanged.connect(self._regions_watch.watch)
        self._regions_watch.watch(self.region_combo.currentLayer())
        # with Live on, a change of the model, its parameters or the statistics inputs recomputes too
        for spin in (self.radius_spin, self.freq_spin, self.eirp_spin, self.threshold_spin, self.min_spin,
                     self.max_spin, self.penetration_spin, self.receiver_spin, self.k_spin):
            spin.valueChanged.connect(self._input_changed)
        for combo in (self.model_combo, self.env_combo, self.rule_combo):
            combo.currentIndexChanged.connect(self._input_changed)
        for combo in (self.station_combo, self.region_combo, self.raster_combo, self.points_combo, self.dem_combo):
            combo.layerChanged.connect(self._input_changed)
        self.region_field.fieldChanged.connect(self._input_changed)
        self.points_field.fieldChanged.connect(self._input_changed)
        self.band_combo.bandChanged.connect(self._input_changed)
        self.density_check.toggled.connect(self.stateChanged)
        self.density_check.toggled.connect(self._input_changed)
        SETTINGS_APPLIED.applied.connect(self._settings_applied)

    def title(self) -> str:
        return tr("Coverage and statistics")

    # -- widgets ------------------------------------------------------------------------
    def _spin(self, name, lo, hi, value, step, suffix):
        spin = QgsDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(lo, hi)
        spin.setDecimals(2 if hi <= 5 else 1)
        spin.setSingleStep(step)
        spin.setValue(value)
        spin.setClearValue(value)
        spin.setSuffix(suffix)
        spin.valueChanged.connect(self.stateChanged)
        return spin

    @staticmethod
    def _presets_text(radii: dict) -> str:
        parts = [f"{tech} {number(radii[tech] / 1000, None)} km" for tech in ("2G", "3G", "4G", "5G")
                 if tech in radii]
        return tr("Presets: {radii}").format(radii=", ".join(parts))

    @staticmethod
    def _header(name: str) -> str:
        labels = {
            "region": tr("Region"), "population": tr("Population"), "covered_pop": tr("Covered"),
            "covered_pop_pct": tr("Covered %"), "covered_pop_pct_min": tr("min %"),
            "covered_pop_pct_max": tr("max %"), "area_km2": tr("Area km²"), "covered_km2": tr("Covered km²"),
            "covered_area_pct": tr("Area %"), "stations": tr("Stations"),
            "estimated_subscribers": tr("Est. subscribers"),
            "covered_pop_no_terrain": tr("Covered, no terrain"), "terrain_removed_pop": tr("Removed by terrain"),
            "covered_km2_no_terrain": tr("Covered km², no terrain"),
            "terrain_removed_km2": tr("km² removed by terrain"),
        }
        return labels.get(name, name)

    def _region_layer_changed(self, layer) -> None:
        """The regions' name field: a known one (NAME_1, ADM1_EN, shapeName, 시도명...), else the first text field,
        else the first field; the run says which until the analyst chooses one (the list fell on the first field,
        an OBJECTID, without a word)."""
        self._setting_region_layer = True
        try:
            self.region_field.setLayer(layer)
            found, _how = choose_name_field(cio.region_fields(layer)) if layer is not None else (None, "")
            if found:
                self.region_field.setField(found)
        finally:
            self._setting_region_layer = False
        self._region_field_chosen = False

    def _region_field_changed(self, _field) -> None:
        if not self._setting_region_layer:
            self._region_field_chosen = True

    def _raster_layer_changed(self, layer) -> None:
        """Another population raster: its band list, band 1 until one is chosen."""
        self._setting_band_layer = True
        try:
            self.band_combo.setLayer(layer)
        finally:
            self._setting_band_layer = False
        self._band_chosen = False

    def _band_changed(self, _band) -> None:
        if not self._setting_band_layer:
            self._band_chosen = True

    def _points_layer_changed(self, layer) -> None:
        """The population points' field: the one that looks like people (GeoNames' population, Natural Earth's
        pop_max...), else none until one is chosen."""
        self.points_field.setLayer(layer)
        if layer is not None:
            self.points_field.setField(guess_population_field(layer.fields().names()) or "")

    # -- inputs ---------------------------------------------------------------------------
    def options(self) -> cio.CoverageOptions:
        model = self.model_combo.currentData()
        budget = radio.LinkBudget(
            model=model if model != radio.MODEL_PRESET else radio.MODEL_HATA,
            frequency_mhz=self.freq_spin.value(), eirp_dbm=self.eirp_spin.value(),
            rx_threshold_dbm=self.threshold_spin.value(), environment=self.env_combo.currentData())
        radius = self.radius_spin.value() or None
        radii = CoverageSettings.load().technology_radii_m  # as the Options page has them now
        self.presets_label.setText(self._presets_text(radii))
        return cio.CoverageOptions(model=model, radius_m=radius, presets=dict(radii), budget=budget)

    def factors(self) -> dict:
        return {"min": self.min_spin.value(), "likely": 1.0, "max": self.max_spin.value()}

    def build_request(self) -> CoverageRequest:
        """Read the chosen layers (main thread) into a request for the background task: the layers checked and a copy
        of their feature sources taken here, their features read in the task (the stations into
        ``request.coverage.stations``, see :class:`..qgis_io.coverage_io.StationsReader`)."""
        missing = first_problem(self.choices)
        if missing:
            raise cio.InputError(missing)
        layer = self.station_combo.currentLayer()
        if layer is None:
            raise cio.InputError(tr("Choose a station layer"))
        options = self.options()
        # read in the task, their warnings put first there: 50,000 stations held the map for half a second here
        stations, warnings, fids = None, [], []
        terrain = self.terrain_options(options)
        cov = CoverageJob(stations, self.factors(), dissolve_by="technology", overlap=True, best_server="nearest",
                          terrain=terrain)
        stats, population_raster, population_points, regions = None, None, None, None
        regions_layer = self.region_combo.currentLayer()
        if regions_layer is not None:
            field = self.region_field.currentField() or None
            if not self._region_field_chosen and choose_name_field(cio.region_fields(regions_layer))[1] != NAME_KNOWN:
                field = None  # a text field or the first one taken by itself: the run says which
            regions = cio.RegionsReader(regions_layer, field)  # its features are read in the task
            stats = StatsJob(stations, None, factors=self.factors(), penetration=self.penetration_spin.value(),
                             rule=self.rule_combo.currentData(), terrain=terrain)
            raster = self.raster_combo.currentLayer()
            points = self.points_combo.currentLayer()
            if raster is not None:
                if read_through_qgis(raster):  # written to a temporary GeoTIFF where the task runs
                    population_raster = ComputedRaster(raster)
                    stats.raster_path = population_raster.key
                else:
                    stats.raster_path = cio.raster_path(raster)
                stats.raster_crs = cio.raster_crs(raster)
                stats.raster_band = max(1, self.band_combo.currentBand())
                stats.raster_band_chosen = self._band_chosen
                stats.raster_nodata = cio.raster_nodata(raster, stats.raster_band)
                stats.raster_is_density = self.density_check.isChecked()
                self._raster_read = (raster.id(), stats.raster_band, stats.raster_nodata, stats.raster_crs)
                if points is not None and is_area_layer(points):
                    warnings.append(tr("Both a population raster ({raster}) and population areas ({areas}) are "
                                       "chosen: the raster is counted; choose no population raster to count the "
                                       "areas.").format(raster=raster.name(), areas=points.name()))
                elif points is not None:  # as coveragestats says when given both
                    warnings.append(tr("Both a population raster ({raster}) and population points ({points}) are "
                                       "chosen: the raster is counted; choose no population raster to count the "
                                       "points.").format(raster=raster.name(), points=points.name()))
            elif points is not None and is_area_layer(points):
                # spread over a grid of people per cell, written to a temporary GeoTIFF where the task runs; its
                # grid's CRS (the stations' UTM zone) and cell size (their smallest footprints) set there once the
                # stations are read (see CoverageRequest.read_stations), a metric CRS standing in until then
                population_raster = AreaPopulation(
                    points, self.points_field.currentField(), warnings, metric_crs=_UNTIL_STATIONS_READ,
                    deferred=True)  # the regions set in the task
                stats.raster_path = population_raster.pending_key  # its features are read in the task
                stats.raster_crs = population_raster.metric_wkt
                stats.raster_band, stats.raster_band_chosen = 1, True
            elif points is not None:
                # read in the task (a layer of many points takes seconds)
                population_points = cio.PopulationPointsReader(points, self.points_field.currentField(), warnings)
            # neither: the area covered per region, the population columns empty
        description, parameters = self._description(options, stats)
        crs = QgsProject.instance().crs()
        if not crs.isValid():  # a project without a CRS: the layers in the stations'
            crs = layer.crs()
        outputs = OutputLayers(crs, QgsProject.instance().transformContext(), {
            "best": LAYER_BEST, "overlap": LAYER_OVERLAP, "stations": LAYER_STATIONS, "coverage": LAYER_COVERAGE,
            "statistics": LAYER_STATS})
        return CoverageRequest(cov, stats, fids, options.model, self.penetration_spin.value(), warnings,
                               description, population_raster, regions, population_points,
                               stations=cio.StationsReader(layer, options),
                               station_parameters=lambda reader, check: parameters(
                                   lambda words: reader.station_radii(words, check)),
                               changes=self._changes, outputs=outputs)

    def describe(self, options: cio.CoverageOptions, stats: StatsJob | None) -> dict:
        """The run in words, as the report's methods give it (stored on the statistics table it makes)."""
        description, parameters = self._description(options, stats)
        layer = self.station_combo.currentLayer()
        description["parameters"] = parameters(lambda words: with_station_radii(words, layer))
        return description

    def _description(self, options: cio.CoverageOptions, stats: StatsJob | None):
        """:meth:`describe` but for its parameters, and the function giving them, ``parameters(own_radii)``, given
        the function that puts the stations' own radii in front of the model's (``own_radii(words)``: from the layer,
        or in any thread from its :class:`..qgis_io.coverage_io.StationsReader`)."""
        # stored in no language (labels as keys, words as core messages): the report names them in its own
        if options.radius_m:
            parameters = {RADIUS_PARAMETER: radius_text(options.radius_m)}
        elif options.model == radio.MODEL_PRESET:
            parameters = preset_radii_text(options.presets)
        else:
            parameters = {BUDGET_PARAMETER: methods.budget_words(
                self.freq_spin.value(), self.eirp_spin.value(), self.threshold_spin.value(),
                self.env_combo.currentData())}
        tail = {RANGE_PARAMETER: range_text(self.min_spin.value(), self.max_spin.value()),
                PENETRATION_PARAMETER: penetration_text(self.penetration_spin.value())}
        station_radii = not options.radius_m  # a station's radius_m wins over the presets and the link budget

        def with_stations(own_radii) -> dict:
            return {**(own_radii(parameters) if station_radii else parameters), **tail}

        population = ""
        points = self.points_combo.currentLayer()
        if stats is not None and stats.raster_path is not None and self.raster_combo.currentLayer() is None \
                and points is not None and is_area_layer(points):
            population = methods.areas_words(points.name(), self.points_field.currentField())
        elif stats is not None and stats.raster_path is not None:
            raster = self.raster_combo.currentLayer()
            # its band as the report's methods name it when Processing computes the table
            population = methods.raster_words(raster.name(), stats.raster_is_density, stats.raster_band,
                                              raster.bandCount())
        elif stats is not None and points is not None and not is_area_layer(points):
            population = methods.points_words(self.points_combo.currentLayer().name(),
                                              self.points_field.currentField())
        elif stats is not None:
            population = methods.no_population_words()
        dem = self.dem_combo.currentLayer()
        regions = self.region_combo.currentLayer()
        stations = self.station_combo.currentLayer()
        return {"regions": regions.id() if regions is not None else "",
                "stations": stations.id() if stations is not None else "",
                "region_field": self.region_field.currentField(),
                "model": methods.model_words(options.model), "parameters": {},
                "penetration": self.penetration_spin.value(), "dem": dem.name() if dem is not None else "",
                "population": population}, with_stations

    def use_layers(self, stations, regions, region_field: str, points, points_field: str) -> None:
        """Point the section at these stations, regions and population points (the sample)."""
        self.station_combo.setLayer(stations)
        self.region_combo.setLayer(regions)
        self.region_field.setField(region_field)
        self.raster_combo.setLayer(None)
        self.points_combo.setLayer(points)
        self.points_field.setLayer(points)
        self.points_field.setField(points_field)

    def terrain_options(self, options: cio.CoverageOptions):
        """The DEM choice as TerrainOptions (None without a DEM); raises DemError on a bad DEM."""
        layer = self.dem_combo.currentLayer()
        if layer is None:
            return None
        settings = TerrainSettings.load()
        return dem_io.dem_options(
            layer, settings.dem_vertical_unit, observer_height_m=StationSettings.load().default_antenna_height_m,
            target_height_m=self.receiver_spin.value(), refraction_k=self.k_spin.value(),
            fresnel_clearance=settings.fresnel_clearance, frequency_mhz=options.budget.frequency_mhz)

    def open_presets(self) -> None:
        """QGIS's Options dialog on the plugin's page (technology radii, penetration, scenario range)."""
        self.iface.showOptionsDialog(self.iface.mainWindow(), currentPage=PAGE_NAME)

    # -- running --------------------------------------------------------------------------
    def run(self) -> None:
        """The run asked for with the button: its result or error arrives in the message bar (Live's runs
        only say a problem there when it is a new one)."""
        self._announce = True
        self._last_error = ""
        try:
            request = self.build_request()
        except Exception as exc:
            self._on_error(exc)
            return
        text = tr("Computing coverage…")
        if self._out_of_date:  # said until a run completes
            text += "\n" + tr("Until it completes, the coverage and statistics shown are out of date: they are from "
                               "before your latest changes.")
        self.status_label.setText(text)
        self.runner.run(request)

    def _on_result(self, request: CoverageRequest, result, table, warnings) -> None:
        try:
            self._apply_result(request, result, table, warnings)
        except Exception as exc:  # a failure in putting the result on the map is the run's: none of it stays shown
            LOG.exception("coverage result not applied")
            self._on_error(exc)

    def _apply_result(self, request: CoverageRequest, result, table, warnings) -> None:
        """Put the run's output layers in the project and show its table. Their features were made by the task
        (:class:`..tasks.coverage_task.OutputLayers`); only the statistics of Live's run, counted as its result
        arrived, are made into features here (a row a region)."""
        stations = request.coverage.stations
        stats = request.statistics_layer
        if table is not None and stats is None:  # made before any layer is put in the project: all, or none
            stats = request.outputs.statistics(table)
        for content in request.layers:
            request.outputs.put(content)
        if stats is not None:
            request.outputs.put(stats, request.description)
            self.show_table(table)
        self._shown_changes = request.changes
        self._set_out_of_date(False)
        text = tr("{n} station, distances in {crs}", "{n} stations, distances in {crs}", stations.n).format(
            n=number(stations.n, count=True), crs=result.metric_crs)
        if warnings:
            text += "\n" + "\n".join(translated(w) for w in warnings[:5])
        self.status_label.setText(text)
        self.summaryChanged.emit()
        self._last_error = ""
        if self._announce:
            self._announce = False
            head = text.split("\n", 1)[0]
            push(self.iface, tr("Coverage computed: {result}").format(result=head),
                 level=_warning_level() if warnings else Qgis.MessageLevel.Success,
                 details="\n".join(translated(w) for w in warnings))

    def _on_error(self, exc) -> None:
        """A run refused (an input removed, unavailable or wrong, before its task started) or failed (in its task, or
        in putting its result on the map): nothing of it is added, and the coverage, the table and the summary shown
        stay as they were, the last good results; said out of date when the inputs changed since they were asked
        (as after a canceled run), until a run completes. The status says why the run was not computed."""
        message = translated(exc)
        self._announce = False
        text = tr("Coverage not computed: {error}").format(error=message)
        if self._shown_changes is not None and self._shown_changes != self._changes:
            self._set_out_of_date(True)
            text += "\n" + tr("The coverage and statistics shown are out of date: they are from before your latest "
                               "changes.")
        self.status_label.setText(text)
        if not cio.coverage_error(exc):
            self._last_error = message
            push(self.iface, tr("Coverage failed: {error}").format(error=message),
                 level=_warning_level(), details=repr(exc))
        elif message != self._last_error:  # Live's runs after each edit: said once, not at every edit
            self._last_error = message
            push(self.iface, text, level=_warning_level(), details=self._inputs_text())

    def _inputs_text(self) -> str:
        """The inputs of the run, for the log tab (which layer the problem is in)."""
        def name(combo):
            layer = combo.currentLayer()
            return f"{layer.name()} ({layer.source()})" if layer is not None else "—"

        return "\n".join(f"{label}: {name(combo)}" for label, combo in (
            (tr("Stations"), self.station_combo), (tr("Regions"), self.region_combo),
            (tr("Population raster"), self.raster_combo), (tr("or population points/areas"), self.points_combo),
            (tr("DEM (terrain)"), self.dem_combo)))

    def _on_canceled(self) -> None:
        """A run canceled from QGIS's task manager: nothing of it is added. When the inputs changed since the run
        whose coverage is shown was asked (Live's run after an edit, most often), the coverage, the table and the
        summary shown stay as they were, from before those changes: said out of date, with the button that computes
        them again, until a run completes."""
        self._announce = False
        if self._shown_changes is None or self._shown_changes == self._changes:  # nothing shown, or still current
            self.status_label.setText(tr("Coverage canceled: nothing was changed."))
            return
        self._set_out_of_date(True)
        self.status_label.setText(tr(
            "Coverage canceled: the coverage and statistics shown are out of date, from before your latest changes. "
            "Click {button} to compute them again.").format(button=self.run_button.text()))

    def _set_out_of_date(self, on: bool) -> None:
        """Say (or no longer say) that the coverage and statistics shown are out of date: in the one-line summary,
        and on the button that computes them again (in bold)."""
        if on == self._out_of_date:
            return
        self._out_of_date = on
        font = self.run_button.font()
        font.setBold(on)
        self.run_button.setFont(font)
        self.run_button.setToolTip(tr("The coverage and statistics shown are out of date: compute them again")
                                   if on else "")
        if self._summary:
            self.summaryChanged.emit()

    # -- table ----------------------------------------------------------------------------
    def show_table(self, table) -> None:
        self.table_frame = table
        terrain = TERRAIN_COLUMNS if has_population(table) else AREA_TERRAIN_COLUMNS
        columns = TABLE_COLUMNS + tuple(c for c in terrain if c in table.columns)
        self._columns = columns
        self._filling = True
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the table order
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([self._header(c) for c in columns])
        self.table.setRowCount(len(table))
        records = table.to_dict("records")
        # the regions in the table's order, those without a name after them (as the report lists them)
        rank = [2 if rec["region"] == TOTAL else 1 if unnamed_region(rec["region"]) else 0 for rec in records]
        ordered = sorted(zip(rank, range(len(records)), records), key=lambda t: t[:2])
        records = [rec for _rank, _i, rec in ordered]
        positions = [i for _rank, i, _rec in ordered]  # each shown row's place in the table frame
        for r, rec in enumerate(records):
            total = rec["region"] == TOTAL
            for c, name in enumerate(columns):
                value = rec[name]
                if name == "region":
                    # sorted by name, case aside; the nameless ones after the named (before them descending)
                    key = (1, "") if not total and unnamed_region(value) else (0, str(value).casefold())
                    item = SortItem(str(value), str(value), total, key)
                    item.frame_row = positions[r]  # its place in the frame: Copy and Save CSV give the rows as shown
                elif _missing(value):  # not counted (no population source): a dash, not 0
                    item = SortItem(float("-inf"), NOT_COUNTED, total)
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                else:
                    text = _format(name, value)
                    if f"{name}_min" in rec and f"{name}_max" in rec:
                        text += f" ({_format(name, rec[name + '_min'])}–{_format(name, rec[name + '_max'])})"
                    item = SortItem(float(value), text, total)
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                if total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self._filling = False
        self._apply_sort()
        self._table_buttons()
        totals = table[table["region"] == TOTAL].iloc[0]
        if not has_population(table):  # regions without a population source: the area covered
            self._summary = tr("{pct:.0f} % of area covered ({lo:.0f}–{hi:.0f} %) · {km2} km²").format(
                pct=LocaleNumber(float(totals["covered_area_pct"])),
                lo=LocaleNumber(float(totals["covered_area_pct_min"])),
                hi=LocaleNumber(float(totals["covered_area_pct_max"])), km2=number(float(totals["covered_km2"]), 0))
            if "terrain_removed_km2" in table.columns:
                # a part of the dock's summary of its own, joined as the dock joins the sections' parts
                self._summary = " · ".join((self._summary, tr("terrain removes {removed} km²").format(
                    removed=number(float(totals["terrain_removed_km2"]), 0))))
            return
        self._summary = tr("{pct:.0f} % of population covered ({lo:.0f}–{hi:.0f} %) · {subs} est. subscribers").format(
            pct=LocaleNumber(totals["covered_pop_pct"]), lo=LocaleNumber(totals["covered_pop_pct_min"]),
            hi=LocaleNumber(totals["covered_pop_pct_max"]),
            subs=translated(format_count(totals["estimated_subscribers"])))
        if "terrain_removed_pop" in table.columns:
            # the people terrain leaves out of the covered, with their unit (the area's part says km²)
            people = float(totals["terrain_removed_pop"])
            self._summary = " · ".join((self._summary, tr(
                "terrain removes {removed} person", "terrain removes {removed} people", round(people)).format(
                removed=translated(format_count(people)))))

    def _sort_changed(self, column: int, order) -> None:
        """The analyst clicked a header: the next run's table (and the project) keeps that order."""
        if self._filling:
            return
        columns = getattr(self, "_columns", TABLE_COLUMNS)
        if not 0 <= column < len(columns):
            return
        sort = (columns[column], "desc" if order == Qt.SortOrder.DescendingOrder else "asc")
        if sort != self._sort:
            self._sort = sort
            if not self._restoring:
                self.stateChanged.emit()

    def _apply_sort(self) -> None:
        columns = getattr(self, "_columns", TABLE_COLUMNS)
        if self._sort is None or self._sort[0] not in columns:
            return
        order = Qt.SortOrder.DescendingOrder if self._sort[1] == "desc" else Qt.SortOrder.AscendingOrder
        self.table.sortItems(columns.index(self._sort[0]), order)

    def shown_frame(self):
        """The statistics table (every field) with its rows in the order the dock shows them: as sorted by the
        analyst, the nameless regions after the named ones, TOTAL last."""
        frame = self.table_frame
        if frame is None:
            return None
        column = getattr(self, "_columns", TABLE_COLUMNS).index("region")
        rows = [getattr(self.table.item(r, column), "frame_row", None) for r in range(self.table.rowCount())]
        if sorted(row for row in rows if isinstance(row, int)) != list(range(len(frame))):
            return frame  # not the table shown (being filled): the frame's own order
        return frame.iloc[rows].reset_index(drop=True)

    def table_text(self) -> str:
        """The statistics table as tab-separated text (every field, rows as shown, TOTAL last), pasted into a
        spreadsheet as the CSV is opened: a region name a spreadsheet would run as a formula
        (``=HYPERLINK(...)``) starts with a single quote, numbers as they are."""
        if self.table_frame is None:
            return ""
        return formula_safe_frame(self.shown_frame()).to_csv(sep="\t", index=False)

    def copy_table(self) -> None:
        if self.table_frame is None:  # nothing to copy: the clipboard keeps what the analyst put there
            return
        QApplication.clipboard().setText(self.table_text())

    def save_csv_dialog(self) -> None:
        if self.table_frame is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Save statistics"), "", tr("CSV files (*.csv)"))
        if not path:
            return
        try:
            self.save_csv(path)
        except (OSError, ExportError) as exc:  # a folder gone, a file held by another program, a folder of that name
            error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            text = tr("Statistics not saved to {path}: {error}").format(path=path, error=error)
            self.status_label.setText(text)
            push(self.iface, text, level=_warning_level(), details=repr(exc))

    def save_csv(self, path: str) -> str:
        """Write the table shown (rows as shown) as CSV for a spreadsheet (UTF-8 with a BOM: Excel reads the
        names right)."""
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):  # a folder gone since it was chosen (a USB stick pulled): not made again
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), folder)
        return cio.write_csv(self.shown_frame(), path, bom=True)  # (a folder of that name refused there)

    def _table_buttons(self) -> None:
        """Copy table and Save CSV… are on while there is a table to copy or save."""
        on = self.table_frame is not None
        self.copy_button.setEnabled(on)
        self.csv_button.setEnabled(on)

    def summary(self) -> str:
        if self._out_of_date and self._summary:
            return tr("{summary} (out of date)").format(summary=self._summary)
        return self._summary

    # -- live -----------------------------------------------------------------------------
    def _watch_station_layer(self, layer) -> None:
        if self.runner.task is not None and not self._run_at_clear:  # a run going, the project not closing
            self.status_label.setText(tr("Coverage canceled: the station layer changed while computing; nothing "
                                         "was added."))
        self.runner.cancel()  # a run for the previous layer would add layers it no longer matches
        self._stations_watch.watch(layer)  # (its data source changed: an unavailable layer repaired)
        self.runner.reset()

    def _regions_repaired(self) -> None:
        """The regions' data source changed (an unavailable layer repaired, Change Data Source): the name field is
        chosen again from its fields, the one the project had when there is one (QGIS's list fell on the first
        field, an id, and the regions were named by it)."""
        layer = self._regions_watch.layer
        if layer is None or not layer.isValid():
            return
        wanted = self._wanted_fields.pop("region", "")
        chosen = self._wanted_fields.pop("region_chosen", False)  # (the list falling on a field said it chosen)
        self._setting_region_layer = True
        try:
            self.region_field.setLayer(layer)
            names = cio.region_fields(layer)
            field = wanted if wanted in layer.fields().names() else choose_name_field(names)[0]
            if field:
                self.region_field.setField(field)
        finally:
            self._setting_region_layer = False
        self._region_field_chosen = chosen and field == wanted
        self._clear_unavailable()

    def _points_repaired(self) -> None:
        """The population points' data source changed (an unavailable layer repaired): their people field is
        chosen again, the one the project had when there is one."""
        layer = self._points_watch.layer
        if layer is None or not layer.isValid():
            return
        wanted = self._wanted_fields.pop("points", "")
        names = layer.fields().names()
        self.points_field.setLayer(layer)
        self.points_field.setField(wanted if wanted in names else guess_population_field(names) or "")
        self._clear_unavailable()

    def _clear_unavailable(self, *_args) -> None:
        """An unavailable input repaired: the status that said so says the next input still unavailable, or goes."""
        if not self._unavailable_said or self.runner.task is not None:
            return
        problem = first_problem(self.choices)
        self.status_label.setText(problem)
        self._unavailable_said = bool(problem)

    def _regions_edited(self, *_args) -> None:
        self._changes += 1
        if self.live_check.isChecked():
            self._request_live()

    def _points_edited(self, *_args) -> None:
        # counted only when no population raster is chosen (the raster is counted then)
        if self.raster_combo.currentLayer() is None:
            self._changes += 1
            if self.live_check.isChecked():
                self._request_live()

    def _watch_raster(self, layer) -> None:
        """Follow the population raster's layer properties: no data values or CRS set in QGIS (Layer Properties
        and the styling panel end with a repaint of the layer) recompute with Live on."""
        self._unwatch_raster()
        if layer is not None:
            self._watched_raster = layer
            layer.repaintRequested.connect(self._raster_properties_changed)
            layer.crsChanged.connect(self._raster_properties_changed)

    def _unwatch_raster(self) -> None:
        layer, self._watched_raster = self._watched_raster, None
        if layer is None:
            return
        for signal in ("repaintRequested", "crsChanged"):
            try:
                getattr(layer, signal).disconnect(self._raster_properties_changed)
            except (TypeError, RuntimeError):  # not connected, or the layer already deleted
                pass

    def _raster_properties_changed(self, *_args) -> None:
        layer = self._watched_raster
        if layer is None or self._raster_read is None or not self.live_check.isChecked():
            return
        band = max(1, self.band_combo.currentBand())
        try:
            now = (layer.id(), band, cio.raster_nodata(layer, band), cio.raster_crs(layer))
        except RuntimeError:  # the layer is being deleted
            return
        if now != self._raster_read:  # a repaint for its style alone changes nothing counted
            self._input_changed()

    def _station_edited(self, *_args) -> None:
        self._changes += 1
        if self.live_check.isChecked():
            self._request_live()

    def _settings_applied(self) -> None:
        """The Options dialog saved the settings: the presets line shows the radii now stored, and with Live
        on the coverage follows them."""
        self.presets_label.setText(self._presets_text(CoverageSettings.load().technology_radii_m))
        self._input_changed()

    def _input_changed(self, *_args) -> None:
        if not self._restoring:
            self._changes += 1
        if self.live_check.isChecked() and not self._restoring:
            self._request_live()

    def _live_toggled(self, on: bool) -> None:
        # the settings as stored now: saving the copy read when the dock was built would put back the
        # radii and penetration set in the Options page since
        settings = CoverageSettings.load()
        settings.live = on
        settings.save()
        self.stateChanged.emit()
        self._reading_project = False  # (ticked by the analyst: no project is being read)
        if on:
            self._request_live()
        else:
            self.runner.timer.stop()  # an edit made just before stays unapplied until the next run

    # -- state ----------------------------------------------------------------------------
    def state(self) -> dict:
        def layer_id(combo):
            layer = combo.currentLayer()
            return layer.id() if layer is not None else ""

        return {
            "stations": layer_id(self.station_combo), "regions": layer_id(self.region_combo),
            "region_field": self._field_kept("region", self.region_combo, self.region_field),
            "region_field_chosen": self._region_field_chosen, "raster": layer_id(self.raster_combo),
            "band": self.band_combo.currentBand(), "band_chosen": self._band_chosen,
            "density": self.density_check.isChecked(),
            "points": layer_id(self.points_combo),
            "points_field": self._field_kept("points", self.points_combo, self.points_field),
            "model": self.model_combo.currentData(), "radius": self.radius_spin.value(),
            "frequency": self.freq_spin.value(), "eirp": self.eirp_spin.value(),
            "threshold": self.threshold_spin.value(), "environment": self.env_combo.currentData(),
            "min": self.min_spin.value(), "max": self.max_spin.value(), "rule": self.rule_combo.currentData(),
            "penetration": self.penetration_spin.value(), "live": self.live_check.isChecked(),
            "dem": layer_id(self.dem_combo), "receiver_height": self.receiver_spin.value(),
            "refraction_k": self.k_spin.value(),
            "sort": list(self._sort) if self._sort else [],
            # the chosen layers' names: a project opened without one of them says which is missing
            "names": {key: combo.currentLayer().name() for key, combo in self._layer_combos().items()
                      if combo.currentLayer() is not None},
        }

    def _layer_combos(self) -> dict:
        return {"stations": self.station_combo, "regions": self.region_combo, "raster": self.raster_combo,
                "points": self.points_combo, "dem": self.dem_combo}

    def restore_state(self, state: dict) -> None:
        self._restoring = True
        try:
            self._restore_state(state)
        finally:
            self._restoring = False
        if self.table_frame is None:
            self._show_saved_table()

    def _show_saved_table(self) -> None:
        """An opened project holding the statistics of its last run: the table and the summary show them."""
        import pandas as pd

        layer = find_layer(LAYER_STATS)
        if not isinstance(layer, QgsVectorLayer) or not layer.featureCount():
            return
        names = layer.fields().names()
        frame = pd.DataFrame([[plain_value(v) for v in f.attributes()] for f in layer.getFeatures()], columns=names)
        try:
            self.show_table(frame)
        except (KeyError, IndexError, TypeError, ValueError):  # not a table this section made
            self.table_frame = None
            self.table.setRowCount(0)
            self._table_buttons()
            self._summary = ""
            return
        self._shown_changes = self._changes  # the project's last run: current until something changes
        self.summaryChanged.emit()

    def _field_kept(self, key: str, combo, field_combo) -> str:
        """The field chosen in ``field_combo``; while its layer is unavailable, the one the project had (its list,
        without the layer's fields, shows none)."""
        if key in self._wanted_fields and unavailable(combo.currentLayer()):
            return self._wanted_fields[key]
        return field_combo.currentField()

    def _restore_state(self, state: dict) -> None:
        names = state.get("names") if isinstance(state.get("names"), dict) else {}
        choices = {choice.combo: choice for choice in self.choices}
        for key, combo in self._layer_combos().items():
            restore_choice(choices[combo], state.get(key), names.get(key), self.restoring_project)
        self._wanted_fields = {key: state[name] for key, name, combo in (
            ("region", "region_field", self.region_combo), ("points", "points_field", self.points_combo))
            if isinstance(state.get(name), str) and state[name] and unavailable(combo.currentLayer())}
        if state.get("region_field"):
            self.region_field.setField(state["region_field"])
        # a project of before the name field was chosen by itself: its field was the analyst's choice
        self._region_field_chosen = bool(state.get("region_field_chosen", bool(state.get("region_field"))))
        if "region" in self._wanted_fields:
            self._wanted_fields["region_chosen"] = self._region_field_chosen
        if isinstance(state.get("band"), int) and state["band"] > 0:
            self.band_combo.setBand(state["band"])
        self._band_chosen = bool(state.get("band_chosen"))
        if state.get("points_field"):
            self.points_field.setField(state["points_field"])
        if "density" in state:
            self.density_check.setChecked(bool(state["density"]))
        for key, combo in (("model", self.model_combo), ("environment", self.env_combo), ("rule", self.rule_combo)):
            idx = combo.findData(state.get(key))
            if idx >= 0:
                combo.setCurrentIndex(idx)
        for key, spin in (("radius", self.radius_spin), ("frequency", self.freq_spin), ("eirp", self.eirp_spin),
                          ("threshold", self.threshold_spin), ("min", self.min_spin), ("max", self.max_spin),
                          ("penetration", self.penetration_spin), ("receiver_height", self.receiver_spin),
                          ("refraction_k", self.k_spin)):
            if isinstance(state.get(key), (int, float)):
                spin.setValue(float(state[key]))
        sort = state.get("sort")
        if isinstance(sort, (list, tuple)) and len(sort) == 2 and sort[1] in ("asc", "desc"):
            self._sort = (str(sort[0]), str(sort[1]))
            self._apply_sort()
        elif "sort" in state:
            self._sort = None
        if "live" in state:
            self.live_check.blockSignals(True)
            self.live_check.setChecked(bool(state["live"]))
            self.live_check.blockSignals(False)

    def _project_loading(self, *_args) -> None:
        self._reading_project = True

    def _request_live(self) -> None:
        """Live's run, once the edits stop for a moment; none while a project is being read."""
        if not self._reading_project:
            self.runner.request_later(self._live_request)

    def _live_request(self):
        """The request of Live's run (None: no run, a project being read meanwhile)."""
        return None if self._reading_project else self.build_request()

    def has_results(self) -> bool:
        """Whether the project holds coverage computed by the section (its layers, or the table shown)."""
        if self.table_frame is not None:
            return True
        for name in (LAYER_COVERAGE, LAYER_STATIONS, LAYER_STATS):
            layer = find_layer(name)
            if isinstance(layer, QgsVectorLayer) and layer.featureCount() > 0:
                return True
        return False

    def project_read(self, restored: bool) -> None:
        """A project opened: the coverage it was saved with stays shown, as it was, with Live on too (its layers
        loading, the controls put back, asked no run). A project saved with Live on and without coverage gets one
        run. A chosen input whose layer is unavailable is said."""
        self._reading_project = False
        self.runner.timer.stop()  # a run asked before the project's controls were put back
        problem = first_problem(self.choices)
        self._unavailable_said = bool(problem)
        if problem:
            self.status_label.setText(problem)
        elif restored and self.live_check.isChecked() and not self.has_results():
            self._request_live()

    def settings_state(self) -> dict:
        settings, terrain = CoverageSettings.load(), TerrainSettings.load()
        return {"live": settings.live, "min": settings.scenario_min_factor, "max": settings.scenario_max_factor,
                "penetration": settings.penetration, "receiver_height": terrain.receiver_height_m,
                "refraction_k": terrain.refraction_k}

    def _all_layers_removing(self) -> None:
        self._run_at_clear = self.runner.task is not None

    def _forget_run_at_clear(self, *_args) -> None:
        self._run_at_clear = False

    def project_cleared(self) -> None:
        """What the section showed was about the project closed: cleared. A run going for it (the button's or
        Live's: queued, computing, or its result on its way) is let go of, nothing of it added, and the section
        says so, as the Detection panel does of a detection."""
        running, self._run_at_clear = self.runner.task is not None or self._run_at_clear, False
        self._reading_project = False
        self._wanted_fields = {}
        self.runner.shutdown()
        self._sort = None
        self.table_frame = None
        self.table.setRowCount(0)
        self._table_buttons()
        self._shown_changes = None
        self._set_out_of_date(False)
        self._summary = ""
        self.status_label.clear()
        if running:
            self.status_label.setText(tr("Coverage canceled: the project was closed while computing; nothing was "
                                         "added."))
        self._announce = False
        self._last_error = ""

    def unload(self) -> None:
        try:
            SETTINGS_APPLIED.applied.disconnect(self._settings_applied)
        except TypeError:
            pass
        for signal, slot in ((QgsProject.instance().removeAll, self._all_layers_removing),
                             (QgsProject.instance().loadingLayer, self._project_loading)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        for watch in (self._stations_watch, self._points_watch, self._regions_watch):
            watch.unwatch()
        self._unwatch_raster()
        self.runner.shutdown()
        for choice in self.choices:
            choice.unload()


def _warning_level():
    from qgis.core import Qgis

    return Qgis.MessageLevel.Warning


#: A cell of the table that nothing counted (the population columns of a run without a population source).
NOT_COUNTED = "—"


def _missing(value) -> bool:
    """Whether a table value is empty: NaN, or NULL read back from the statistics layer of a saved project."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _format(name: str, value) -> str:
    value = float(value)
    if name.endswith("_pct") or "_pct_" in name:
        return number(value, 1)
    if name.endswith("km2"):
        return number(value, 1)
    return number(value, 0)

