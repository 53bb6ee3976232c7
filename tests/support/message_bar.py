"""What the QGIS message bar shows: each message's text and whether it has the Details button."""

from __future__ import annotations


def bar_messages(iface) -> list[tuple[str, bool]]:
    """(text, has a "Details" button opening the log tab) for every message in the bar, oldest first."""
    from qgis.PyQt.QtWidgets import QPushButton

    out = []
    for item in iface.messageBar().items():
        buttons = [b for b in item.findChildren(QPushButton) if b.text() == "Details"]
        out.append((item.text(), bool(buttons)))
    return out


def clear_bar(iface) -> None:
    iface.messageBar().clearWidgets()
