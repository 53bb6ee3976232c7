"""One colour-blind-safe palette (Okabe-Ito) used everywhere: symbols, fills, charts, KMZ."""

from __future__ import annotations

#: Technology -> hex colour.
TECHNOLOGY_COLORS = {
    "2G": "#E69F00",  # orange
    "3G": "#0072B2",  # blue
    "4G": "#009E73",  # bluish green
    "5G": "#CC79A7",  # reddish purple
    "unknown": "#999999",
}
#: Review status -> how a station symbol is drawn.
STATUS_STYLE = {
    "candidate": {"fill": False, "color": None},  # hollow, technology outline
    "confirmed": {"fill": True, "color": None},  # filled with the technology colour
    "rejected": {"fill": True, "color": "#BBBBBB"},  # grey
}
#: Sequential colours for counts (overlap 1, 2, 3+), light to dark blue.
COUNT_COLORS = ("#C6DBEF", "#6BAED6", "#2171B5", "#08306B")


def technology_color(technology: str) -> str:
    return TECHNOLOGY_COLORS.get(technology, TECHNOLOGY_COLORS["unknown"])


def hex_to_rgba(color: str, alpha: float = 1.0) -> tuple[int, int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16), round(alpha * 255)


def kml_color(color: str, alpha: float = 1.0) -> str:
    """KML colour string ``aabbggrr`` of a ``#rrggbb`` colour."""
    r, g, b, a = hex_to_rgba(color, alpha)
    return f"{a:02x}{b:02x}{g:02x}{r:02x}"
