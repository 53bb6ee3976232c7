"""Plugin-wide constants. Name and version come from metadata.txt (single source of truth)."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent.parent
PACKAGE_NAME = "basestation_mapper"
METADATA_PATH = PLUGIN_DIR / "metadata.txt"
RESOURCES_DIR = PLUGIN_DIR / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"
STYLES_DIR = RESOURCES_DIR / "styles"
SAMPLE_DIR = RESOURCES_DIR / "sample"
I18N_DIR = PLUGIN_DIR / "i18n"

PROVIDER_ID = "basestationmapper"
SETTINGS_PREFIX = "basestation_mapper"
LAYER_GROUP_NAME = "Base Station Mapper"
#: Translation context of every tr() call of the plugin (use the module-level tr only).
TR_CONTEXT = "@default"  # the context pylupdate5 gives bare tr("...") calls


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    """Return the ``[general]`` section of metadata.txt as a dict."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA_PATH, encoding="utf-8")
    return dict(parser["general"])


def plugin_name() -> str:
    return metadata()["name"]


def plugin_version() -> str:
    return metadata()["version"]


def icon_path(name: str) -> str:
    """Absolute path of an SVG icon in resources/icons (icons are loaded by path)."""
    return str(ICONS_DIR / name)
