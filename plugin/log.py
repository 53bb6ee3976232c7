"""Logging to the plugin's own tab of the QGIS message log."""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsApplication

from .constants import LAYER_GROUP_NAME

#: Name of the message-log tab (same as the plugin name).
LOG_TAG = LAYER_GROUP_NAME
LOGGER_NAME = "basestation_mapper"

_LEVELS = {
    logging.DEBUG: Qgis.MessageLevel.Info,
    logging.INFO: Qgis.MessageLevel.Info,
    logging.WARNING: Qgis.MessageLevel.Warning,
    logging.ERROR: Qgis.MessageLevel.Critical,
    logging.CRITICAL: Qgis.MessageLevel.Critical,
}


class QgsMessageLogHandler(logging.Handler):
    """A logging handler writing records to the QGIS message log under :data:`LOG_TAG`."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            level = _LEVELS.get(record.levelno, Qgis.MessageLevel.Info)
            QgsApplication.messageLog().logMessage(message, LOG_TAG, level)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


def setup_logger(level: int = logging.INFO) -> logging.Logger:
    """Return the plugin logger, attaching the message-log handler once."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    if not any(isinstance(h, QgsMessageLogHandler) for h in logger.handlers):
        handler = QgsMessageLogHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.propagate = False
    return logger


def teardown_logger() -> None:
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        if isinstance(handler, QgsMessageLogHandler):
            logger.removeHandler(handler)


def get_logger(name: str | None = None) -> logging.Logger:
    """Logger for a module of the plugin (a child of the plugin logger)."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
