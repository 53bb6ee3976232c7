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


class CancelWhileWriting(Feedback):
    """Cancels the run once a temporary file is being written in ``folder`` (a raster read through QGIS)."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder
        self.seen_file = False
        self.progressChanged.connect(self._progress)

    def _progress(self, _value):
        if not self.isCanceled() and any(p.is_file() for p in self.folder.rglob("*")):
            self.seen_file = True
            self.cancel()
