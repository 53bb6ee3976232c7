"""Message-bar helpers: results and errors with a "Details" button opening the log tab."""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtWidgets import QPushButton

from ..i18n import tr
from ..log import LOG_TAG, get_logger


def push(iface, text: str, level=Qgis.MessageLevel.Info, details: str = "", duration: int = 8) -> None:
    """Show ``text`` in the QGIS message bar; ``details`` go to the plugin's log tab."""
    log = get_logger()
    if details:
        log.log({Qgis.MessageLevel.Critical: 40, Qgis.MessageLevel.Warning: 30}.get(level, 20),
                "%s\n%s", text, details)
    bar = iface.messageBar()
    try:
        widget = bar.createMessage(tr("Base Station Mapper"), text)
    except (AttributeError, TypeError):  # a bar without createMessage
        bar.pushMessage(tr("Base Station Mapper"), text, level, duration)
        return
    if details:
        button = QPushButton(tr("Details"), widget)
        button.clicked.connect(lambda: _open_log(iface))
        widget.layout().addWidget(button)
    bar.pushWidget(widget, level, duration)


def _open_log(iface) -> None:
    try:
        iface.openMessageLog()
    except AttributeError:
        pass
    get_logger().info("(see messages above in the %s tab)", LOG_TAG)
