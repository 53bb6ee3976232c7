"""Write a plugins.xml for a custom QGIS plugin repository pointing at the built ZIP, and the plugin's icon
next to it."""

from __future__ import annotations

import argparse
import configparser
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

PLUGIN_ID = "basestation_mapper"  # the plugin's folder in the ZIP and in a QGIS profile


def read_metadata(zip_path: Path) -> dict[str, str]:
    with zipfile.ZipFile(zip_path) as zf:
        text = zf.read(f"{PLUGIN_ID}/metadata.txt").decode("utf-8")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return dict(parser["general"])


def write_icon(zip_path: Path, meta: dict[str, str], folder: Path) -> str:
    """Copy the plugin's icon out of the ZIP into ``folder`` (served with plugins.xml); return its file name.

    A relative <icon> would not do: QGIS's plugin installer puts it after the repository's host name
    (https://host/resources/icons/icon.svg, whatever the folder), a broken image in the plugin's details.
    """
    icon = meta.get("icon", "")
    if not icon:
        return ""
    name = f"{PLUGIN_ID}{Path(icon).suffix}"
    with zipfile.ZipFile(zip_path) as zf:
        (folder / name).write_bytes(zf.read(f"{PLUGIN_ID}/{icon}"))
    return name


def render(meta: dict[str, str], zip_path: Path, base_url: str | None, icon_name: str = "",
           folder: Path | None = None) -> str:
    url = f"{base_url.rstrip('/')}/{zip_path.name}" if base_url else zip_path.resolve().as_uri()
    icon_url = ""
    if icon_name:
        icon_url = f"{base_url.rstrip('/')}/{icon_name}" if base_url else \
            ((folder or zip_path.parent) / icon_name).resolve().as_uri()
    fields = {
        "description": meta.get("description", ""),
        "about": meta.get("about", ""),
        "version": meta["version"],
        "qgis_minimum_version": meta.get("qgisminimumversion", ""),
        "qgis_maximum_version": meta.get("qgismaximumversion", ""),
        "homepage": meta.get("homepage", ""),
        # QGIS's plugin installer takes the plugin's folder name from file_name, up to the first dot
        # (plugins.qgis.org: QuickOSM.2.2.3.zip): the ZIP's own name, basestation_mapper-0.1.0.zip,
        # would make it look for basestation_mapper-0 after installing ("Plugin has disappeared")
        "file_name": f"{PLUGIN_ID}.{meta['version']}.zip",
        "icon": icon_url,
        "author_name": meta.get("author", ""),
        "download_url": url,
        "uploaded_by": meta.get("author", ""),
        "experimental": meta.get("experimental", "False"),
        "deprecated": meta.get("deprecated", "False"),
        "tracker": meta.get("tracker", ""),
        "repository": meta.get("repository", ""),
        "tags": meta.get("tags", ""),
        "server": meta.get("server", "False"),
    }
    body = "\n".join(f"    <{k}>{escape(v)}</{k}>" for k, v in fields.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<plugins>\n'
        f'  <pyqgis_plugin name={quoteattr(meta["name"])} version={quoteattr(meta["version"])} '
        f'plugin_id="{PLUGIN_ID}">\n{body}\n  </pyqgis_plugin>\n</plugins>\n'
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--zip", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--base-url", help="URL of the folder serving the ZIP (default: file:// URL)")
    args = parser.parse_args()
    meta = read_metadata(args.zip)
    icon_name = write_icon(args.zip, meta, args.output.parent)
    xml = render(meta, args.zip, args.base_url, icon_name, args.output.parent)
    args.output.write_text(xml, encoding="utf-8")
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
