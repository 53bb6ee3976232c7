"""A page of QGIS's own Options dialog (Settings › Options › Base Station Mapper).

The page is built from the settings dataclasses of ``plugin/settings.py``: every field of every
group gets an editor of its type, so a setting added there appears here without more code.
"""

from __future__ import annotations

import json
from dataclasses import fields

from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..constants import icon_path
from ..core.stations import TECHNOLOGIES
from ..core.terrain_coverage import VERTICAL_UNITS
from ..i18n import tr
from ..settings import ALL_GROUPS

#: the numbers' (minimum, maximum, decimals, suffix), as the dock's own controls take them: without them a distance
#: could be set negative, a share to 5, and every number showed four decimals ('30.0000')
NUMBER_SPECS = {
    "default_antenna_height_m": (0.0, 500.0, 1, " m"),
    "duplicate_distance_m": (0.0, 5000.0, 0, " m"),
    "merge_distance_m": (0.0, 100_000.0, 0, " m"),
    "penetration": (0.0, 1.0, 3, ""),
    "scenario_min_factor": (0.1, 1.0, 2, ""),
    "scenario_max_factor": (1.0, 5.0, 2, ""),
    "receiver_height_m": (0.0, 500.0, 1, " m"),
    "refraction_k": (0.1, 100.0, 4, ""),
    "fresnel_clearance": (0.0, 1.0, 2, ""),
    "min_confidence": (0.0, 1.0, 2, ""),
    "review_scale": (100.0, 1_000_000.0, 0, ""),
}
#: a radius of the coverage presets (m): the coverage algorithms' largest
RADIUS_SPEC = (0.0, 100_000.0, 0, " m")


def field_choices() -> dict[str, list[tuple[str, str]]]:
    """The settings chosen from a list, as (value, label): typed as text, 'LTE' or 'meters' was saved as it was and
    every terrain run then failed on an unknown vertical unit."""
    units = {"metre": tr("metre"), "foot": tr("foot (0.3048 m)"), "us_foot": tr("US survey foot (1200/3937 m)")}
    return {
        "default_technology": [(t, tr("unknown") if t == "unknown" else t) for t in TECHNOLOGIES],
        "dem_vertical_unit": [(unit, units.get(unit, unit)) for unit in VERTICAL_UNITS],
    }


def group_titles() -> dict[str, str]:
    return {
        "general": tr("General"),
        "stations": tr("Stations"),
        "coverage": tr("Coverage"),
        "terrain": tr("Terrain"),
        "imagery": tr("Imagery"),
        "detection": tr("Detection"),
        "export": tr("Export"),
    }


def field_labels() -> dict[str, str]:
    """Labels of known settings; other fields show their name in words."""
    return {
        "reviewer": tr("Reviewer name (written on reviewed stations)"),
        "show_first_run_hint": tr("Show what to do next when nothing is loaded"),
        "default_technology": tr("Default technology of new stations"),
        "default_operator": tr("Default operator of new stations"),
        "default_antenna_height_m": tr("Default antenna height (m)"),
        "open_form_on_add": tr("Open the attribute form after each click"),
        "duplicate_distance_m": tr("Duplicate guard distance (m)"),
        "merge_distance_m": tr("Merge distance when importing (m)"),
        "add_station_shortcut": tr("Shortcut of the Add station tool"),
        "technology_radii_m": tr("Coverage radius per technology"),
        "penetration": tr("Subscriber penetration rate (0-1)"),
        "scenario_min_factor": tr("Minimum scenario radius factor"),
        "scenario_max_factor": tr("Maximum scenario radius factor"),
        "live": tr("Refresh coverage live while editing"),
        "receiver_height_m": tr("Receiver height (m)"),
        "refraction_k": tr("Effective earth radius factor k"),
        "fresnel_clearance": tr("First Fresnel zone clearance (0-1, 0 = off)"),
        "dem_vertical_unit": tr("DEM vertical unit"),
        "custom_sources": tr("Saved imagery sources (JSON)"),
        "min_confidence": tr("Minimum detection confidence (0-1)"),
        "review_scale": tr("Map scale when reviewing candidates (1:N)"),
        "last_folder": tr("Last export folder"),
        "formats": tr("Export formats (JSON)"),
    }


def _spin(parent: QWidget, spec, value: float, name: str) -> QDoubleSpinBox:
    low, high, decimals, suffix = spec
    spin = QDoubleSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setValue(value)
    return spin


class _Editor:
    """Binds one settings field to a widget."""

    def __init__(self, name: str, value, parent: QWidget):
        self.name = name
        self.kind = type(value)
        field_name = name.split(".", 1)[-1]
        choices = field_choices().get(field_name)
        self.spins: dict[str, QDoubleSpinBox] = {}
        if isinstance(value, bool):
            self.widget = QCheckBox(parent)
            self.widget.setChecked(value)
        elif choices is not None and isinstance(value, str):
            self.widget = QComboBox(parent)
            if value not in [v for v, _ in choices]:  # a value saved before, kept unless another is chosen
                choices = [(value, value), *choices]
            for data, label in choices:
                self.widget.addItem(label, data)
            self.widget.setCurrentIndex(self.widget.findData(value))
        elif isinstance(value, int):
            self.widget = QSpinBox(parent)
            self.widget.setRange(-10**9, 10**9)
            self.widget.setValue(value)
        elif isinstance(value, float):
            self.widget = _spin(parent, NUMBER_SPECS.get(field_name, (-1e9, 1e9, 4, "")), value, name)
        elif field_name == "technology_radii_m" and isinstance(value, dict):
            # one radius per technology, those of the schema first
            self.widget = QWidget(parent)
            form = QFormLayout(self.widget)
            form.setContentsMargins(0, 0, 0, 0)
            for tech in [*TECHNOLOGIES, *(k for k in value if k not in TECHNOLOGIES)]:
                radius = value.get(tech)
                try:
                    radius = float(radius)
                except (TypeError, ValueError):
                    continue
                self.spins[tech] = _spin(self.widget, RADIUS_SPEC, radius, f"{name}.{tech}")
                form.addRow(tr("unknown") if tech == "unknown" else str(tech), self.spins[tech])
        elif isinstance(value, (dict, list)):
            self.widget = QLineEdit(json.dumps(value, ensure_ascii=False), parent)
        else:
            self.widget = QLineEdit(str(value), parent)
        self.widget.setObjectName(name)
        #: what the widget showed at first (a float as rounded to the spin box's decimals)
        self.initial = self._shown()

    def _shown(self):
        if self.spins:
            return {tech: spin.value() for tech, spin in self.spins.items()}
        if isinstance(self.widget, QCheckBox):
            return self.widget.isChecked()
        if isinstance(self.widget, QComboBox):
            return self.widget.currentData()
        if isinstance(self.widget, (QSpinBox, QDoubleSpinBox)):
            return self.widget.value()
        return self.widget.text()

    def edited(self) -> bool:
        """Whether the user changed what the widget first showed."""
        return self._shown() != self.initial

    def value(self, fallback):
        if self.spins:
            return {**(fallback if isinstance(fallback, dict) else {}), **self._shown()}
        if self.kind is bool:
            return self.widget.isChecked()
        if isinstance(self.widget, QComboBox):
            return self.widget.currentData()
        if self.kind in (int, float):
            return self.kind(self.widget.value())
        if self.kind in (dict, list):
            try:
                parsed = json.loads(self.widget.text())
            except ValueError:
                return fallback
            return parsed if isinstance(parsed, self.kind) else fallback
        return self.widget.text()


class _SettingsNotifier(QObject):
    #: the Options dialog's OK saved settings: parts built from them (the Add station shortcut) apply them now
    applied = pyqtSignal()


SETTINGS_APPLIED = _SettingsNotifier()


#: the page's object name: QGIS's Options dialog opens on it when given as ``currentPage``
PAGE_NAME = "BaseStationMapperOptionsPage"


class BaseStationMapperOptionsPage(QgsOptionsPageWidget):
    """Edits every settings group; ``apply()`` (the dialog's OK) saves them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(PAGE_NAME)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        titles, labels = group_titles(), field_labels()
        self.groups = []
        for group_cls in ALL_GROUPS:
            current = group_cls.load()
            box = QGroupBox(titles.get(group_cls.GROUP, group_cls.GROUP.title()), body)
            form = QFormLayout(box)
            editors = []
            for f in fields(group_cls):
                editor = _Editor(f"{group_cls.GROUP}.{f.name}", getattr(current, f.name), box)
                form.addRow(labels.get(f.name, f.name.replace("_", " ").capitalize()), editor.widget)
                editors.append((f.name, editor))
            layout.addWidget(box)
            self.groups.append((group_cls, current, editors))
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def editor(self, group: str, name: str):
        """The widget editing ``group.name`` (used by tests and keyboard navigation)."""
        return self.findChild(QWidget, f"{group}.{name}")

    def apply(self) -> None:
        """Save what was edited on the page. A setting left alone keeps its stored value: a float
        shown with fewer decimals than it has (k = 4/3 as 1.3333) is not rounded, and a value the dock
        changed while the dialog was open is not put back."""
        for group_cls, _current, editors in self.groups:
            edited = [(name, editor) for name, editor in editors if editor.edited()]
            if not edited:
                continue
            stored = group_cls.load()
            for name, editor in edited:
                setattr(stored, name, editor.value(getattr(stored, name)))
            stored.save()
        SETTINGS_APPLIED.applied.emit()


class BaseStationMapperOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("Base Station Mapper"))

    def icon(self) -> QIcon:
        return QIcon(icon_path("icon.svg"))

    def createWidget(self, parent: QWidget | None = None) -> BaseStationMapperOptionsPage:
        return BaseStationMapperOptionsPage(parent)
