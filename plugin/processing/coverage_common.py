"""Parameters shared by the coverage algorithms (model, link budget, scenarios) and their reading."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
)

from ..core import radio
from ..core.stats import DEFAULT_FACTORS
from ..core.terrain_coverage import TerrainOptions
from ..i18n import number, tr, translated
from ..qgis_io import coverage_io
from ..qgis_io.computed_raster import ComputedRaster, read_through_qgis
from ..qgis_io.coverage_io import CoverageOptions, InputError, read_stations

VERTICAL_UNITS = ["metre", "foot", "us_foot"]

#: shown as a Processing error; anything else is a bug and keeps its traceback
INPUT_ERRORS = coverage_io.INPUT_ERRORS

ENVIRONMENTS = list(radio.ENVIRONMENTS)
#: the frequency of MODEL cost231 when FREQUENCY is not given (COST-231 Hata holds for 1500-2000 MHz)
COST231_FREQUENCY_MHZ = radio.COST231_FREQUENCY_MHZ
CITY_SIZES = list(radio.CITY_SIZES)
LIMITS = radio.BUDGET_LIMITS


def _number(name, description, default, minimum=None, maximum=None, optional=False, advanced=False,
            integer=False):
    kind = QgsProcessingParameterNumber.Type.Integer if integer else QgsProcessingParameterNumber.Type.Double
    p = QgsProcessingParameterNumber(name, description, kind, default, optional)
    if minimum is not None:
        p.setMinimum(minimum)
    if maximum is not None:
        p.setMaximum(maximum)
    if advanced:
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return p


def add_station_parameters(alg) -> None:
    """STATIONS, MODEL, RADIUS and the model / scenario parameters."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        "STATIONS", tr("Stations"), [QgsProcessing.SourceType.TypeVectorPoint]))
    alg.addParameter(QgsProcessingParameterEnum(
        "MODEL", tr("Coverage model"), list(radio.MODELS), False, radio.MODEL_PRESET, False, True))
    alg.addParameter(_number("RADIUS", tr("Radius for every station (m, overrides presets when set)"), None,
                             0.0, None, optional=True))
    budget = radio.LinkBudget()
    # no default: the model's own (900 MHz for hata, 1800 for cost231), the same in a dialog, a model and a
    # script (a default of 900 reached cost231 from the dialog and the modeler, not from a script)
    alg.addParameter(_number("FREQUENCY", tr("Frequency (MHz; empty: {hata} for hata, {cost231} for cost231)").format(
        hata=number(budget.frequency_mhz, None), cost231=number(COST231_FREQUENCY_MHZ, None)), None,
        *LIMITS["frequency_mhz"], optional=True, advanced=True))
    alg.addParameter(_number("BASE_HEIGHT", tr("Base antenna height when a station has none (m)"),
                             budget.base_height_m, *LIMITS["base_height_m"], advanced=True))
    alg.addParameter(_number("MOBILE_HEIGHT", tr("Mobile antenna height (m)"), budget.mobile_height_m,
                             *LIMITS["mobile_height_m"], advanced=True))
    alg.addParameter(_number("EIRP", tr("EIRP (dBm)"), budget.eirp_dbm, *LIMITS["eirp_dbm"], advanced=True))
    alg.addParameter(_number("RX_THRESHOLD", tr("Receiver threshold (dBm)"), budget.rx_threshold_dbm,
                             *LIMITS["rx_threshold_dbm"], advanced=True))
    alg.addParameter(_number("RX_GAIN", tr("Receiver antenna gain (dBi)"), budget.rx_gain_dbi,
                             *LIMITS["rx_gain_dbi"], advanced=True))
    alg.addParameter(_number("LOSSES", tr("Losses and margins (dB)"), budget.losses_db, *LIMITS["losses_db"],
                             advanced=True))
    alg.addParameter(QgsProcessingParameterEnum(
        "ENVIRONMENT", tr("Environment"), ENVIRONMENTS, False, "urban", False, True))
    p = QgsProcessingParameterEnum("CITY_SIZE", tr("City size"), CITY_SIZES, False, "medium", False, True)
    p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    alg.addParameter(p)
    alg.addParameter(_number("BEAMWIDTH", tr("Sector beamwidth (degrees)"), 120.0, *radio.BEAMWIDTH_DEG, advanced=True))
    alg.addParameter(_number("SCENARIO_MIN", tr("Minimum scenario: radius factor"), DEFAULT_FACTORS["min"],
                             0.01, 10.0))
    alg.addParameter(_number("SCENARIO_MAX", tr("Maximum scenario: radius factor"), DEFAULT_FACTORS["max"],
                             0.01, 10.0))
    crs = QgsProcessingParameterCrs("METRIC_CRS", tr("Metric CRS for distances (default: UTM zone of the stations)"),
                                    None, True)
    crs.setFlags(crs.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    alg.addParameter(crs)


def coverage_options(alg, parameters, context) -> CoverageOptions:
    model = alg.enum_option(parameters, "MODEL", context)
    radius = None
    if parameters.get("RADIUS") not in (None, "", 0, 0.0):
        radius = alg.parameterAsDouble(parameters, "RADIUS", context)
        if radius <= 0:
            radius = None
    env = alg.enum_option(parameters, "ENVIRONMENT", context)
    city = alg.enum_option(parameters, "CITY_SIZE", context)
    if parameters.get("FREQUENCY") in (None, ""):
        freq = COST231_FREQUENCY_MHZ if model == radio.MODEL_COST231 else radio.LinkBudget().frequency_mhz
    else:
        freq = alg.parameterAsDouble(parameters, "FREQUENCY", context)
    budget = radio.LinkBudget(
        model=model if model != radio.MODEL_PRESET else radio.MODEL_HATA,
        frequency_mhz=freq,
        base_height_m=alg.parameterAsDouble(parameters, "BASE_HEIGHT", context),
        mobile_height_m=alg.parameterAsDouble(parameters, "MOBILE_HEIGHT", context),
        eirp_dbm=alg.parameterAsDouble(parameters, "EIRP", context),
        rx_threshold_dbm=alg.parameterAsDouble(parameters, "RX_THRESHOLD", context),
        rx_gain_dbi=alg.parameterAsDouble(parameters, "RX_GAIN", context),
        losses_db=alg.parameterAsDouble(parameters, "LOSSES", context),
        environment=env, city_size=city)
    presets = dict(radio.DEFAULT_RADII_M)
    try:
        from ..settings import CoverageSettings

        presets.update(CoverageSettings.load().technology_radii_m)
    except Exception:  # settings unreadable: the published defaults
        pass
    return CoverageOptions(model=model, radius_m=radius, presets=presets, budget=budget,
                           beamwidth_deg=alg.parameterAsDouble(parameters, "BEAMWIDTH", context))


def factors(alg, parameters, context) -> dict:
    lo = alg.parameterAsDouble(parameters, "SCENARIO_MIN", context)
    hi = alg.parameterAsDouble(parameters, "SCENARIO_MAX", context)
    if not 0 < lo <= 1.0 <= hi:
        raise QgsProcessingException(tr("Scenario factors must satisfy 0 < SCENARIO_MIN <= 1 <= SCENARIO_MAX"))
    return {"min": lo, "likely": 1.0, "max": hi}


def metric_crs(alg, parameters, context) -> str | None:
    crs = alg.parameterAsCrs(parameters, "METRIC_CRS", context)
    if crs is None or not crs.isValid():
        return None
    if crs.isGeographic():
        raise QgsProcessingException(tr("METRIC_CRS must be a projected CRS in metres, not a geographic one"))
    return crs.authid() or crs.toWkt()


def vector_layer(alg, parameters, name: str, context):
    """The layer of a feature source parameter as the algorithm should read it, or None.

    A source that is not a whole layer (its selected features only, as the dialog's checkbox
    gives, or a feature iterator) is materialised, so that only its features are read.
    """
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is not None:
        return layer
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        return None
    from qgis.core import QgsFeatureRequest

    return source.materialize(QgsFeatureRequest())


def stations(alg, parameters, context, feedback, options: CoverageOptions, columns: tuple | None = None):
    """Read the STATIONS source (any CRS) into a StationTable; warnings go to the feedback."""
    layer = vector_layer(alg, parameters, "STATIONS", context)
    if layer is None:
        raise QgsProcessingException(tr("STATIONS: no station layer given"))
    try:
        table, warnings, fids = read_stations(layer, options, columns=columns)
    except InputError as exc:
        raise QgsProcessingException(f"STATIONS: {exc}") from exc
    for w in warnings:
        feedback.pushWarning(w)
    return table, fids


def add_terrain_parameters(alg) -> None:
    """DEM (optional) and the line-of-sight parameters: with a DEM, terrain masks every footprint."""
    from ..settings import TerrainSettings

    settings = TerrainSettings.load()
    alg.addParameter(QgsProcessingParameterRasterLayer(
        "DEM", tr("DEM (elevation): line of sight over terrain masks the coverage"), None, True))
    alg.addParameter(_number("OBSERVER_HEIGHT", tr("Antenna height above ground when a station has none (m)"),
                             30.0, 0.0, 500.0))
    alg.addParameter(_number("TARGET_HEIGHT", tr("Receiver height above ground (m)"), settings.receiver_height_m,
                             0.0, 500.0))
    alg.addParameter(_number("REFRACTION_K", tr("Effective earth radius factor k"), settings.refraction_k, 0.1,
                             100.0))
    alg.addParameter(_number("FRESNEL_CLEARANCE", tr("First Fresnel zone clearance (0-1, 0 = line of sight only)"),
                             settings.fresnel_clearance, 0.0, 1.0, optional=True, advanced=True))
    unit = VERTICAL_UNITS.index(settings.dem_vertical_unit) if settings.dem_vertical_unit in VERTICAL_UNITS else 0
    p = QgsProcessingParameterEnum("VERTICAL_UNIT", tr("DEM vertical unit"), VERTICAL_UNITS, False, unit, False)
    p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    alg.addParameter(p)
    alg.addParameter(_number("DEM_CELL_SIZE", tr("DEM cell size for the line of sight (m, 0 = the DEM's)"), 0.0,
                             0.0, 100000.0, advanced=True))


def terrain_options(alg, parameters, context, options: CoverageOptions) -> TerrainOptions | None:
    """The TerrainOptions of the DEM parameters, or None without a DEM."""
    from ..qgis_io import dem as dem_io

    layer = alg.parameterAsRasterLayer(parameters, "DEM", context)
    if layer is None:
        return None
    k = alg.parameterAsDouble(parameters, "REFRACTION_K", context)
    if not k > 0:
        raise QgsProcessingException(tr("REFRACTION_K must be greater than 0."))
    fresnel = 0.0
    if parameters.get("FRESNEL_CLEARANCE") not in (None, ""):
        fresnel = alg.parameterAsDouble(parameters, "FRESNEL_CLEARANCE", context)
    if not 0.0 <= fresnel <= 1.0:
        raise QgsProcessingException(tr("FRESNEL_CLEARANCE must be between 0 and 1."))
    unit = alg.enum_option(parameters, "VERTICAL_UNIT", context)
    cell = alg.parameterAsDouble(parameters, "DEM_CELL_SIZE", context) or None
    try:
        return dem_io.dem_options(
            layer, unit, observer_height_m=alg.parameterAsDouble(parameters, "OBSERVER_HEIGHT", context),
            target_height_m=alg.parameterAsDouble(parameters, "TARGET_HEIGHT", context), refraction_k=k,
            fresnel_clearance=fresnel, frequency_mhz=options.budget.frequency_mhz, cell_size_m=cell)
    except dem_io.DemError as exc:
        raise QgsProcessingException(f"DEM: {exc}") from exc


def prepare_population(alg, parameters, context) -> ComputedRaster | None:
    """For ``prepareAlgorithm``: a POPULATION raster that is not a local file GDAL reads by its path (an on-the-fly
    raster, WCS...) copied here, on the main thread, to be written to a temporary GeoTIFF where the algorithm runs
    (None for a plain file or no population)."""
    pop_layer = alg.parameterAsRasterLayer(parameters, "POPULATION", context)
    if not read_through_qgis(pop_layer):
        return None
    try:
        return ComputedRaster(pop_layer)
    except INPUT_ERRORS as exc:
        raise QgsProcessingException(translated(exc)) from exc
