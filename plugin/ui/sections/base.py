"""Base class of a dock section."""

from __future__ import annotations

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget


class DockSection(QWidget):
    """One collapsible section of the dock.

    Subclasses set ``KEY`` (used for saved state), implement :meth:`title`, build their
    widgets in ``__init__`` and undo every signal connection in :meth:`unload`.
    """

    KEY = "section"
    #: Emitted when the section's contribution to the dock's one-line summary changes.
    summaryChanged = pyqtSignal()
    #: Emitted when a control whose state is saved in the project changed.
    stateChanged = pyqtSignal()
    #: Keys of :meth:`state` holding a file or folder path: stored in the project as its layers' paths are (relative
    #: to the project file unless it saves absolute paths).
    PATH_KEYS: tuple[str, ...] = ()
    #: set while :meth:`restore_state` puts back the state stored in a project opened (not how a new project starts)
    restoring_project = False

    def __init__(self, plugin, parent: QWidget | None = None):
        super().__init__(parent)
        self.plugin = plugin
        self.iface = plugin.iface
        self.setObjectName(f"BaseStationMapper{self.KEY.title()}Section")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def add_placeholder(self, text: str) -> QLabel:
        """A wrapped label telling what the section holds (first-run guidance)."""
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setObjectName(f"{self.KEY}Placeholder")
        self.layout_.addWidget(label)
        return label

    def summary(self) -> str:
        """Short text for the dock's summary line ('' when nothing to say)."""
        return ""

    def state(self) -> dict:
        """Control values to save in the project."""
        return {}

    def restore_state(self, state: dict) -> None:
        """Restore the values returned by :meth:`state`."""

    def project_read(self, restored: bool) -> None:
        """A project was opened (or the dock made with one open), its state put back in the controls when it held
        one for this section (``restored``)."""

    def settings_state(self) -> dict:
        """Values of :meth:`state` that come from the user's settings, as stored now: a new project
        starts with these rather than with what the settings were when the dock was built."""
        return {}

    def project_cleared(self) -> None:
        """The project was closed (or another one is being opened): stop work started for it and
        forget results that belong to it."""

    def dock_closed(self, closed: bool) -> None:
        """The dock was closed (``closed``) or opened again: stop background work nobody sees, take it up again."""

    def unload(self) -> None:
        """Disconnect every signal connected to objects outside the section."""
