"""A Processing feedback that keeps the warnings and notes an algorithm pushes (for the in-QGIS tests)."""

from qgis.core import QgsProcessingFeedback


class Feedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []
        self.infos = []
        self.errors = []

    def pushWarning(self, text):
        self.warnings.append(text)
        super().pushWarning(text)

    def pushInfo(self, text):
        self.infos.append(text)
        super().pushInfo(text)

    def reportError(self, error, fatal_error=False):
        self.errors.append(error)
        super().reportError(error, fatal_error)
