"""All plugin settings in one place: dataclasses backed by QgsSettings.

Each group is a dataclass whose fields are stored under
``basestation_mapper/<group>/<field>``. ``load()`` returns the stored values (defaults
for anything missing or unreadable), ``save()`` writes them back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar

from qgis.core import QgsSettings

from .constants import SETTINGS_PREFIX


def _coerce(value, default):
    """Convert a raw QgsSettings value to the type of ``default``."""
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, (dict, list)):
            parsed = json.loads(value) if isinstance(value, str) else value
            return parsed if isinstance(parsed, type(default)) else default
        return str(value)
    except (TypeError, ValueError):
        return default


@dataclass
class SettingsGroup:
    """Base class of a settings group; subclasses set ``GROUP`` and declare fields."""

    GROUP: ClassVar[str] = "general"

    @classmethod
    def key(cls, name: str) -> str:
        return f"{SETTINGS_PREFIX}/{cls.GROUP}/{name}"

    @classmethod
    def load(cls, settings: QgsSettings | None = None):
        settings = settings or QgsSettings()
        defaults = cls()
        values = {}
        for f in fields(cls):
            default = getattr(defaults, f.name)
            values[f.name] = _coerce(settings.value(cls.key(f.name), None), default)
        return cls(**values)

    def save(self, settings: QgsSettings | None = None) -> None:
        settings = settings or QgsSettings()
        for name, value in asdict(self).items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value)
            settings.setValue(self.key(name), value)

    @classmethod
    def reset(cls, settings: QgsSettings | None = None) -> None:
        settings = settings or QgsSettings()
        settings.remove(f"{SETTINGS_PREFIX}/{cls.GROUP}")


@dataclass
class GeneralSettings(SettingsGroup):
    GROUP: ClassVar[str] = "general"
    reviewer: str = ""
    show_first_run_hint: bool = True


@dataclass
class StationSettings(SettingsGroup):
    GROUP: ClassVar[str] = "stations"
    default_technology: str = "3G"
    default_operator: str = ""
    default_antenna_height_m: float = 30.0
    open_form_on_add: bool = True
    duplicate_distance_m: float = 150.0
    merge_distance_m: float = 150.0
    add_station_shortcut: str = "S"


@dataclass
class CoverageSettings(SettingsGroup):
    GROUP: ClassVar[str] = "coverage"
    #: GSMA / Collins Bartholomew coverage-map convention, metres.
    technology_radii_m: dict = field(
        default_factory=lambda: {"2G": 12000.0, "3G": 4000.0, "4G": 4000.0, "5G": 500.0, "unknown": 4000.0}
    )
    #: 6.5-7 M subscribers of ~25 M people (Williams & Slavney 2022).
    penetration: float = 0.27
    scenario_min_factor: float = 0.7
    scenario_max_factor: float = 1.3
    live: bool = False


@dataclass
class TerrainSettings(SettingsGroup):
    GROUP: ClassVar[str] = "terrain"
    receiver_height_m: float = 1.5
    refraction_k: float = 4.0 / 3.0
    fresnel_clearance: float = 0.0
    dem_vertical_unit: str = "metre"


@dataclass
class ImagerySettings(SettingsGroup):
    GROUP: ClassVar[str] = "imagery"
    custom_sources: list = field(default_factory=list)


@dataclass
class DetectionSettings(SettingsGroup):
    GROUP: ClassVar[str] = "detection"
    min_confidence: float = 0.5
    review_scale: float = 2000.0


@dataclass
class ExportSettings(SettingsGroup):
    GROUP: ClassVar[str] = "export"
    last_folder: str = ""
    formats: list = field(default_factory=lambda: ["gpkg", "kmz", "csv"])


ALL_GROUPS = (
    GeneralSettings,
    StationSettings,
    CoverageSettings,
    TerrainSettings,
    ImagerySettings,
    DetectionSettings,
    ExportSettings,
)
