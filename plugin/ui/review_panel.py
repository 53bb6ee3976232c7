"""Review part of the Detection section: the candidate queue (Accept A, Reject R, Skip N, Back P)."""

from __future__ import annotations

from typing import ClassVar

import pandas as pd
from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QRectF, Qt, QTimer
from qgis.PyQt.QtGui import QColor, QPainter
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ..core import review as rv
from ..core.palette import TECHNOLOGY_COLORS, technology_color
from ..i18n import number, tr
from ..qgis_io.station_layer import schema_field_names, status_key
from ..qgis_io.values import (
    JsonFields,
    feature_values,
    filled_features,
    is_null,
    json_encoded,
    plain_value,
    rewrite_refusal,
)
from ..settings import DetectionSettings
from ..tasks.review_read_task import position_key, queue_reader, read_rows, start_read
from .messages import push
from .sections.base import DockSection
from .sections.layer_choice import unavailable, unavailable_text

#: the fields the queue (order, filters) and the chart read
QUEUE_FIELDS = ("status", "confidence", "source", "image_date", "first_seen", "technology", "origin", "reviewed_at")
#: a layer chosen for review holding more features than this is read in a background task (QGIS stays
#: responsive, the panel says 'Reading…'); a smaller one is read at once
READ_IN_TASK_ABOVE = 1000
#: what a read of the layer under review is for, weakest first: a read for one does the work of the weaker ones
#: too ("chart": the chart; "requeue": candidates added join the queue; "refresh": the queue rebuilt; "candidates":
#: the filters' images and dates too; "open": the layer just chosen, its filters chosen as they were)
READ_KINDS = ("chart", "requeue", "refresh", "candidates", "open")


def stronger(kind: str | None, other: str | None) -> str | None:
    """The one of two :data:`READ_KINDS` that does the other's work too."""
    if kind is None or other is None:
        return kind or other
    return max(kind, other, key=READ_KINDS.index)


class GrowthChart(QWidget):
    """Bars of confirmed stations by first-seen year (plain QPainter)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("growthChart")
        self.data: dict[int, int] = {}
        #: {year: {technology: n}}: each bar stacked in the technology colours
        self.by_technology: dict[int, dict[str, int]] = {}
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tr("Confirmed stations by the year they were first seen"))

    def set_data(self, data: dict[int, int], by_technology: dict[int, dict[str, int]] | None = None) -> None:
        self.data = dict(sorted(data.items()))
        self.by_technology = by_technology or {}
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -16)
        if not self.data:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), tr("No confirmed station with a date yet"))
            painter.end()
            return
        years = list(range(min(self.data), max(self.data) + 1))
        top = max(self.data.values())
        width = rect.width() / len(years)
        for i, year in enumerate(years):
            n = self.data.get(year, 0)
            parts = self.by_technology.get(year) or {"unknown": n}
            bottom = rect.bottom()
            for tech in [t for t in TECHNOLOGY_COLORS if t in parts] + sorted(set(parts) - set(TECHNOLOGY_COLORS)):
                h = rect.height() * parts[tech] / top if top else 0
                bar = QRectF(rect.left() + i * width + 1, bottom - h, max(width - 2, 1), h)
                painter.fillRect(bar, QColor(technology_color(tech)))
                bottom -= h
            if len(years) <= 12 or i % max(len(years) // 6, 1) == 0:
                painter.drawText(QRectF(rect.left() + i * width, rect.bottom() + 1, width, 14),
                                 int(Qt.AlignmentFlag.AlignHCenter), str(year)[-2:] if len(years) > 6 else str(year))
        # not grouped, as it always was ('1203')
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight),
                         number(top, count=True, grouped=False))
        painter.end()


class ReviewPanel(DockSection):
    KEY = "review"
    SHORTCUTS: ClassVar[dict] = {"accept": "A", "reject": "R", "skip": "N", "back": "P"}

    def __init__(self, plugin, parent=None):
        super().__init__(plugin, parent)
        #: how many times the panel has read the layer under review whole (its queue fields): opening a layer
        #: reads it once, a decision or a chart update not at all
        self.layer_reads = 0
        self.queue: list = []
        self.pos = -1
        self.decided: dict = {}
        self._layer: QgsVectorLayer | None = None
        self._layer_id = ""
        #: the indexes of the schema fields in the layer under review (None: to look up again)
        self._indexes: dict | None = None
        #: decisions taken through the queue in this session, per layer id ({fid: decision}, in order): a queue
        #: rebuilt (another filter, a re-rank, edits canceled, the layer chosen again) counts them again
        self._history: dict[str, dict] = {}
        #: a decision being written: the chart is brought up to date by the decision itself
        self._deciding = False
        #: the candidates decided with the buttons or keys, latest last: undoing the latest shows it again
        self._trail: list = []
        #: while the layer is being saved: the id of the edit buffer whose feature QGIS is renumbering
        #: (it says so as that id deleted, then the final id added)
        self._saving = False
        self._renumbered = None
        #: while saving deletions: where the features the review keeps track of are (see :meth:`_positions`)
        self._before_save: dict | None = None
        #: the same once saved, until the features are matched again (see :meth:`_reidentify`)
        self._reloaded_ids: dict | None = None
        self._growth_by_technology: dict[int, dict[str, int]] = {}
        #: the background read of the layer just chosen (None when none runs), its progress (%), whether the
        #: layer changed while it ran (then it is read again) and the filters to choose once it is read
        self._read_task = None
        self._read_percent = 0
        self._read_stale = False
        self._wanted_filters: dict | None = None
        #: the candidate the review was on when the project was saved (its feature id): shown again once the queue
        #: is built, while it is still open (None: the first open candidate, as for a layer just chosen)
        self._wanted_current: int | None = None
        #: the layer under review was unavailable when chosen (its file moved away): read once it is repaired
        self._unavailable = False
        self._restoring_state = False
        #: the queue is being built for a project opened: the map stays on the view the project was saved with (the
        #: candidate is shown in the panel; the map goes to it with the next decision, Skip or Back)
        self._quiet_open = False
        #: while the running read also matches the queue to features numbered anew (see :meth:`_reidentify`): where
        #: the features it keeps track of were as saving began, by their ids of then (None: a read for the queue's
        #: fields alone). The queue holds those ids until the read ends: Accept, Reject, Skip and Back wait for it
        self._read_match: dict | None = None
        #: what the running read is for (see :data:`READ_KINDS`), and what a read let go of with the dock closed
        #: was for: read again when the dock opens
        self._read_kind: str | None = None
        self._deferred: str | None = None
        #: the queue's fields of the layer under review as last read (see :meth:`_frame`), kept up to date with
        #: its edits: a filter chosen, the chart or candidates added work on it without reading the layer again;
        #: with the layer's id and the fields read (another field set makes it stale)
        self._df: pd.DataFrame | None = None
        self._df_key: tuple | None = None
        #: rows of features added since, joined to it when it is next used (one join for a detection's 3,000)
        self._df_added: list = []
        #: candidates added to the layer (or set back to candidate) join the queue a moment later
        self._requeue_timer = QTimer(self)
        self._requeue_timer.setSingleShot(True)
        self._requeue_timer.setInterval(150)
        self._requeue_timer.timeout.connect(self._requeue)
        #: the chart after edits made elsewhere is redrawn once they end (the field calculator setting 500
        #: statuses, the redo of 500 deletions: one read of the confirmed stations, not one per feature)
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(0)
        self._chart_timer.timeout.connect(self._update_chart)
        self.settings = DetectionSettings.load()

        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox(self)
        self.layer_combo.setObjectName("reviewLayerCombo")
        self.layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.layer_combo.setAllowEmptyLayer(True)
        if self._read_plan(self.layer_combo.currentLayer()) is None:
            # the list fell by itself on the first point layer, population points as easily: no station layer, shown
            # as none (the dock's Review follows the Stations choice only from none or the layer it followed)
            self.layer_combo.setLayer(None)
        self.layer_combo.layerChanged.connect(self._layer_changed)
        form.addRow(tr("Layer"), self.layer_combo)
        self.source_filter = QComboBox(self)
        self.source_filter.setObjectName("reviewSourceFilter")
        self.date_filter = QComboBox(self)
        self.date_filter.setObjectName("reviewDateFilter")
        self.source_filter.currentIndexChanged.connect(self._filters_changed)
        self.date_filter.currentIndexChanged.connect(self._filters_changed)
        form.addRow(tr("Image"), self.source_filter)
        form.addRow(tr("Date"), self.date_filter)
        self.scale = QDoubleSpinBox(self)
        self.scale.setObjectName("reviewScale")
        self.scale.setRange(100, 1_000_000)
        self.scale.setDecimals(0)
        self.scale.setPrefix("1:")
        self.scale.setValue(self.settings.review_scale)
        self.scale.valueChanged.connect(lambda *_: self.stateChanged.emit())
        form.addRow(tr("Zoom scale"), self.scale)
        self.layout_.addLayout(form)
        QgsProject.instance().layersRemoved.connect(self._layers_removed)

        self.current_label = QLabel(self)
        self.current_label.setObjectName("reviewCurrent")
        self.current_label.setWordWrap(True)
        self.layout_.addWidget(self.current_label)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("reviewProgress")
        self.progress.setFormat(tr("%v / %m reviewed"))
        self.layout_.addWidget(self.progress)

        grid = QGridLayout()
        self.buttons = {}
        labels = {"accept": tr("Accept"), "reject": tr("Reject"), "skip": tr("Skip"), "back": tr("Back")}
        slots = {"accept": self.accept, "reject": self.reject, "skip": self.skip, "back": self.back}
        for i, key in enumerate(("accept", "reject", "skip", "back")):
            button = QPushButton(f"{labels[key]} ({self.SHORTCUTS[key]})", self)
            button.setObjectName(f"review{key.title()}Button")
            button.clicked.connect(slots[key])
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[key] = button
        self.layout_.addLayout(grid)
        self.chart = GrowthChart(self)
        self.layout_.addWidget(QLabel(tr("Confirmed stations by first-seen year"), self))
        self.layout_.addWidget(self.chart)

        # keyboard shortcuts: actions of the main window, enabled while there is something to review
        self.actions = {}
        if hasattr(plugin, "add_action"):
            review = tr("review")
            for key in ("accept", "reject", "skip", "back"):
                action = plugin.add_action(f"{labels[key]} ({review})", None, slots[key],
                                           shortcut=self.SHORTCUTS[key], toolbar=False, menu=False,
                                           object_name=f"BaseStationMapperReview{key.title()}")
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                self.iface.mainWindow().addAction(action)
                self.actions[key] = action
        self._update_view()

    def title(self) -> str:
        return tr("Review")

    # -- layer and queue --------------------------------------------------------------------
    def current_layer(self) -> QgsVectorLayer | None:
        layer = self.layer_combo.currentLayer()
        return layer if isinstance(layer, QgsVectorLayer) and layer.isValid() else None

    def set_layer(self, layer) -> None:
        self.layer_combo.setLayer(layer)

    def _layer_signals(self):
        layer = self._layer
        provider = layer.dataProvider()  # its data changed outside the edits (the layer reloaded): read again
        return ((layer.afterRollBack, self._rolled_back), (layer.attributeValueChanged, self._attribute_changed),
                (layer.featuresDeleted, self._features_deleted), (layer.featureAdded, self._feature_added),
                (layer.beforeCommitChanges, self._committing), (layer.afterCommitChanges, self._committed),
                (layer.subsetStringChanged, self._forget_frame), (layer.dataSourceChanged, self._source_changed),
                (layer.updatedFields, self._fields_changed),
                *(((provider.dataChanged, self._reloaded),) if provider is not None else ()))

    def _field_index(self, layer, name: str) -> int:
        """:func:`field_index`, for the layer under review from the fields as last looked up (an edit of 20,000
        values calls it for each)."""
        if layer is not self._layer:
            return field_index(layer, name)
        if self._indexes is None:
            fields = layer.fields()
            self._indexes = {n: fields.indexOf(f) for n, f in schema_field_names(fields).items()}
        return self._indexes.get(name, -1)

    def _fields_changed(self, *_args) -> None:
        self._indexes = None

    def _disconnect_layer(self) -> None:
        self._indexes, self._reloaded_ids = None, None
        if self._layer is None:
            return
        try:
            for signal, slot in self._layer_signals():
                try:
                    signal.disconnect(slot)
                except (TypeError, RuntimeError):
                    pass
        except RuntimeError:  # the layer is already deleted
            pass
        self._layer = None

    def _layer_changed(self, layer) -> None:
        if layer is not self._layer and not self._restoring_state:  # another layer chosen: its own first candidate
            self._wanted_current = None
            self._quiet_open = False
        if self._read_match is not None and self._layer_id:
            self._match_at_once()  # the decisions on the layer left are kept under the ids its features have now
        if self._read_task is None and self._deferred != "open":
            self._record()  # the decisions on the layer left stay counted if it is chosen again
        self._cancel_read()
        self._deferred = None
        self._forget_frame()
        self.queue, self.decided, self.pos, self._trail = [], {}, -1, []
        self._disconnect_layer()
        self._requeue_timer.stop()
        self._layer = layer if isinstance(layer, QgsVectorLayer) else None
        self._layer_id = self._layer.id() if self._layer is not None else ""
        self._unavailable = unavailable(self._layer)
        if self._layer is not None:
            for signal, slot in self._layer_signals():
                signal.connect(slot)
        self._with_frame("open")

    # -- the layer read in the background ---------------------------------------------------
    def reading(self) -> bool:
        """Whether the layer under review is being read in the background (its queue not filled yet, or waiting for
        the ids of features numbered anew as deletions were saved, see :meth:`_reidentify`)."""
        return self._read_task is not None

    def _with_frame(self, kind: str) -> None:
        """Do what ``kind`` (see :data:`READ_KINDS`) needs the layer's queue fields for: at once with those already
        read (kept up to date with the edits), else reading the layer: at once when it is small, in the task manager
        when it is large (the work done when the read ends). A read running does this work too once it ends."""
        if self._read_task is not None:
            self._read_kind = stronger(self._read_kind, kind)
            return
        df = self._cached_frame()
        if df is None:
            if self._start_read(kind):
                return
            df = self._frame()
        self._apply(kind, df)

    def _apply(self, kind: str, df) -> None:
        """The work of ``kind`` on ``df``, the layer's queue fields (see :meth:`_frame`)."""
        if kind == "open":
            wanted, self._wanted_filters = self._wanted_filters, None  # chosen before, or restored with the project
            self._fill_filters(df)
            self._choose_filters(wanted)
            self.refresh(frame=df)
            if not self._restoring_state:  # (else once the filters are put back too)
                self._go_to_wanted()
                self._quiet_open = False
            self.stateChanged.emit()
        elif kind == "candidates":
            self._fill_filters(df, keep=True)  # a new image or date may have come with them
            self.refresh(frame=df)
        elif kind == "refresh":
            self.refresh(frame=df)
        elif kind == "requeue":
            self._requeue_from(df)
            self._update_chart(df)
        else:
            self._update_chart(df)

    def _start_read(self, kind: str = "open", match: dict | None = None) -> bool:
        """Read the layer under review in a task when it is large (see :data:`READ_IN_TASK_ABOVE`), for ``kind``;
        False when it is small, or holds no station fields (read at once, or not at all). With the dock closed
        the read waits for the dock to open. With ``match`` (the positions of the features the review keeps track
        of as saving began, see :meth:`_reidentify`) the features' positions are read too and the queue matched to
        them when the read ends; such a read runs with the dock closed too (the queue's ids are not usable
        before)."""
        layer = self.current_layer()
        plan = self._read_plan(layer)
        if layer is None or plan is None or 0 <= layer.featureCount() <= READ_IN_TASK_ABOVE:
            return False
        names, index = plan
        if kind == "open" and self._wanted_filters is None:
            self._wanted_filters = {"source": self.source_filter.currentData() or "",
                                    "date": self.date_filter.currentData() or ""}
        if kind == "open":
            self._fill_filters(pd.DataFrame(columns=names))  # 'all' until the layer's images and dates are known
        if match is None and self._dock_hidden():  # nobody to see it: read when the dock opens
            self._deferred = stronger(self._deferred, kind)
            return True
        self._read_percent, self._read_stale, self._read_kind = 0, False, kind
        self._read_match = match
        self.layer_reads += 1
        task = None
        key = self._frame_key(layer)

        def done(result):
            if self._read_task is task:
                frame, positions = result if match is not None else (result, None)
                self._read_done(frame, key, positions)

        def canceled():
            if self._read_task is task:  # canceled in the task manager, not let go of by the panel
                self._read_canceled()

        def failed(exc):
            if self._read_task is task:
                unmatched = self._read_match is not None
                self._read_task, self._read_kind, self._read_match = None, None, None
                self._wanted_filters = None
                push(self.iface, tr("{layer} could not be read for review: {error}").format(
                    layer=layer.name(), error=exc), Qgis.MessageLevel.Critical)
                if unmatched:
                    self._drop_unmatched()
                self._update_view(chart=None)

        task = start_read(layer, names, index, done, canceled, failed, positions=match is not None)
        self._read_task = task
        task.progressChanged.connect(self._read_progress)
        if kind == "open":
            self.chart.set_data({}, {})
        self._update_view(chart=None)
        return True

    def _read_progress(self, percent) -> None:
        if self._read_task is not None:
            self._read_percent = int(percent)
            self._update_view(chart=None)

    def _read_done(self, frame, key, positions=None) -> None:
        """The layer is read: the work it was read for (:meth:`_apply`: for a layer just chosen its queue, filters
        and chart, as a read on the spot gives them, the filters chosen before, or restored with the project,
        chosen again). A layer edited meanwhile is read again. A read matching the queue to features numbered anew
        (``positions``: where the features were as the read began, see :meth:`_reidentify`) matches it first: the
        layer as it was then, just saved, is what the ids of before match to."""
        task, kind = self._read_task, self._read_kind
        match, self._read_match = self._read_match, None
        self._read_task, self._read_kind = None, None
        try:
            task.progressChanged.disconnect(self._read_progress)
        except (TypeError, RuntimeError):
            pass
        if match is not None:
            self._rematch(match, positions or {})
            self._update_view(chart=None)  # the candidate shown, Accept and Reject back
        if self._read_stale:
            if self._start_read(kind):
                return
            frame = self._frame()  # no longer large: read at once
        else:
            self._remember(frame, key)
        self._apply(kind, frame)
        if kind in ("chart", "requeue"):  # (the others show the queue): 'Reading… 100 %' no longer
            self._update_view(chart=None)

    def _choose_filters(self, wanted: dict | None) -> None:
        """The image and date filters set to ``wanted`` where the layer has them (no refresh)."""
        for combo, key in ((self.source_filter, "source"), (self.date_filter, "date")):
            index = combo.findData((wanted or {}).get(key, "")) if wanted else -1
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)

    def _read_canceled(self) -> None:
        """The read was canceled in QGIS's task manager: the review shows no layer (choosing it again reads it)."""
        layer = self._layer
        unmatched = self._read_match is not None
        self._read_task, self._read_kind, self._wanted_filters, self._read_match = None, None, None, None
        if unmatched:
            self._drop_unmatched()
        else:
            self.layer_combo.setLayer(None)
        if layer is not None:
            try:
                name = layer.name()
            except RuntimeError:  # deleted meanwhile
                return
            push(self.iface, tr("Reading {layer} for review was canceled: choose it again to review its "
                                "candidates.").format(layer=name), Qgis.MessageLevel.Info, duration=5)

    def _cancel_read(self) -> None:
        """Let go of a read running (another layer chosen, the layer removed, the plugin unloaded): its result is
        not applied."""
        task, self._read_task = self._read_task, None
        self._read_stale, self._read_kind, self._read_match = False, None, None
        if task is None:
            return
        try:
            task.progressChanged.disconnect(self._read_progress)
        except (TypeError, RuntimeError):
            pass
        try:
            task.cancel()
        except RuntimeError:  # already deleted by the task manager
            pass

    def _changed_while_reading(self, kind: str | None = None) -> bool:
        """The layer changed while it is being read: it is read again once this read ends, and does the work of
        ``kind`` too (True: nothing else to do now)."""
        if self._read_task is None:
            return False
        self._read_stale = True
        self._read_kind = stronger(self._read_kind, kind)
        return True

    def dock_closed(self, closed: bool) -> None:
        """The dock was closed (``closed``) or opened again: a read running is canceled, nothing of it applied, and
        the layer is read again when the dock opens (a read for an edit made meanwhile waits for it too). A read
        matching the queue to features numbered anew (see :meth:`_reidentify`) goes on: the queue needs it."""
        if closed:
            if self._read_task is not None and self._read_match is None:
                kind = self._read_kind
                self._cancel_read()
                self._deferred = stronger(self._deferred, kind)
            return
        kind, self._deferred = self._deferred, None
        if kind is not None and self._layer is not None:
            self._with_frame(kind)

    def _dock_hidden(self) -> bool:
        """Whether the dock holding the panel is closed: hidden on purpose (closed, toggled off, or restored closed
        with QGIS's window), not behind another dock's tab nor in a window not shown yet."""
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QDockWidget):
            widget = widget.parentWidget()
        return (widget is not None and widget.isHidden()
                and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))

    # -- the queue's fields as read -----------------------------------------------------------
    def _frame_key(self, layer) -> tuple | None:
        return (layer.id(), self._read_plan(layer)) if layer is not None else None

    def _remember(self, frame, key) -> None:
        if frame is not None and "status" in frame.columns:
            # 'Candidate', 'CONFIRMED ' (typed by hand, made elsewhere) read as the review's statuses
            status = frame["status"].astype(object)
            given = status.notna()
            status[given] = status[given].astype(str).str.strip().str.lower()
            frame["status"] = status
        self._df, self._df_key, self._df_added = frame, key, []

    def _forget_frame(self, *_args) -> None:
        self._remember(None, None)

    def _cached_frame(self):
        """The queue's fields of the layer under review as last read, when it still holds them (None: read it)."""
        if self._df is None or self._df_key != self._frame_key(self.current_layer()):
            return None
        if self._df_added:
            added, self._df_added = self._df_added, []
            fids = [fid for fid, _row in added]
            rows = pd.DataFrame([row for _fid, row in added], columns=list(self._df.columns),
                                index=pd.Index(fids, name=self._df.index.name), dtype=object)
            rows = rows[~rows.index.duplicated(keep="last")]
            self._df = pd.concat([self._df[~self._df.index.isin(fids)].astype(object), rows])
        return self._df

    def _layers_removed(self, layer_ids) -> None:
        """The layer under review was removed from the project: the review shows none. (QGIS's list would
        fall silently on another point layer, population points as easily, with the old queue still shown.)"""
        for layer_id in layer_ids:
            self._history.pop(layer_id, None)
        if not self._layer_id or self._layer_id not in layer_ids:
            return
        self.queue, self.decided, self._layer_id = [], {}, ""
        self.layer_combo.blockSignals(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.blockSignals(False)
        self._layer_changed(None)

    def _frame(self):
        """What the queue and the chart need of the layer: status, confidence, source, image date, first seen
        and technology, indexed by feature id (the other fields, the detector's feature vectors among them, and
        the positions are left unread: opening a layer of 20,000 stations read them all, three times, in 5 s)."""
        layer = self.current_layer()
        if layer is None:
            return None
        plan = self._read_plan(layer)
        if plan is None:
            # no station layer (populated places, the first point layer a list fell on): no candidate to queue
            # nor confirmed station to chart, and nothing read (it may hold a country's 100,000 places)
            names = [n for n in QUEUE_FIELDS if n in schema_field_names(layer.fields())]
            return pd.DataFrame(columns=names, index=pd.Index([], name="fid"))
        names, index = plan
        self.layer_reads += 1
        frame = read_rows(queue_reader(layer, index)(), names, index)
        self._remember(frame, self._frame_key(layer))
        return frame

    @staticmethod
    def _read_plan(layer) -> tuple[list, list] | None:
        """The queue's fields of ``layer`` and their indexes, or None when it has no status field (no station
        layer: nothing to read)."""
        if layer is None:
            return None
        fields = layer.fields()
        held = schema_field_names(fields)  # a Shapefile's reviewed_a, TECHNOLOGY in capitals
        names = [n for n in QUEUE_FIELDS if n in held]
        if "status" not in names:
            return None
        return names, [fields.indexOf(held[n]) for n in names]

    def _fill_filters(self, frame=None, keep: bool = False) -> None:
        """The images and dates of the layer's candidates in the filters; with ``keep`` (the same layer), the
        image or date chosen stays chosen even when none of its candidates is left open."""
        df = frame
        sources, dates = set(), set()
        if df is not None and not df.empty and "status" in df.columns:
            cand = df[df["status"].astype(str) == "candidate"]
            for s in cand.get("source", []):
                sources.update(p.strip() for p in str(s or "").split(";") if p.strip())
            dates.update(str(d)[:10] for d in cand.get("image_date", []) if d)
        for combo, values in ((self.source_filter, sources), (self.date_filter, dates)):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem(tr("all"), "")
            for value in sorted(values | ({current} if keep and current else set())):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _filters_changed(self, *_args) -> None:
        """Another image or date: the queue rebuilt from the layer as read (not read again), or once it is."""
        if self._read_task is not None:
            if self._read_kind != "open":  # the filters are filled when the layer chosen is read
                self._read_kind = stronger(self._read_kind, "refresh")
            return
        self.refresh()
        self.stateChanged.emit()

    def _record(self) -> dict:
        """The decisions taken on the layer under review in this session, brought up to date with the queue's."""
        if not self._layer_id:
            return {}
        record = self._history.setdefault(self._layer_id, {})
        for fid in self.queue:
            if fid in self.decided:
                record[fid] = self.decided[fid]
            else:
                record.pop(fid, None)
        return record

    def refresh(self, *_args, frame=None) -> None:
        """Rebuild the queue: the candidates of the layer, filtered, highest confidence first, after the ones
        decided in this session that the filters show (still counted, Back reaches them); the first open
        candidate is shown. A decision undone since (edits canceled, the status set back) is open again.
        ``frame``: the layer as :meth:`_frame` has just read it; without it, the layer as last read (kept up to date
        with its edits) or, when that is gone, the layer read: in a task when it is large."""
        if self._changed_while_reading("refresh"):
            return
        if frame is None and self.current_layer() is not None:
            self._with_frame("refresh")
            return
        df = frame
        source, image_date = self.source_filter.currentData() or None, self.date_filter.currentData() or None
        order = rv.queue_order(df, source, image_date) if df is not None else []
        kept = []
        record = self._record()
        self._recall(record, df)
        if record and df is not None and "status" in df.columns:
            status = df["status"]
            written = {"accept": "confirmed", "reject": "rejected"}
            for fid in [fid for fid, decision in record.items() if status.get(fid) != written.get(decision)]:
                del record[fid]  # deleted, or its decision undone
            shown = rv.matches_filters(df, source, image_date)
            kept = [fid for fid in record if shown[fid]]
        self.decided = {fid: record[fid] for fid in kept}
        known = set(kept)
        self.queue = kept + [fid for fid in order if fid not in known]
        self.pos = min(len(kept), len(self.queue) - 1)
        self._update_view(chart=None)
        self._update_chart(df)
        if self.queue:
            self.show_current()

    def rescored(self, scores: dict) -> None:
        """Open candidates of the layer under review got new confidences (``scores``: feature id → confidence, as
        a re-rank wrote them): the queue puts its open candidates in their new order, highest first, after the
        decided ones, as :meth:`refresh` does, from the scores themselves: the layer is not read again whole
        (only the confidence of the few open candidates the scores leave out)."""
        layer = self._layer_rescored(scores)
        if self._changed_while_reading() or layer is None or not self.queue:
            return
        record = self._record()
        kept = [fid for fid in record if fid in self.decided]
        known = set(kept)
        open_ = [fid for fid in self.queue if fid not in known]
        confidence = {fid: scores[fid] for fid in open_ if fid in scores}
        others = [fid for fid in open_ if fid not in confidence]
        if others:
            index = field_index(layer, "confidence")
            request = QgsFeatureRequest().setFilterFids(others).setFlags(QgsFeatureRequest.Flag.NoGeometry)
            request.setSubsetOfAttributes([index] if index >= 0 else [])
            for feat in filled_features(layer.getFeatures(request), JsonFields.of(layer, ["confidence"]),
                                        layer.fields(), request):
                value = plain_value(feat.attributes()[index]) if index >= 0 else None
                confidence[feat.id()] = value
        def key(fid):
            try:
                return -float(confidence.get(fid))
            except (TypeError, ValueError):
                return 0.0

        self.queue = kept + sorted(sorted(open_), key=key)
        self.pos = min(len(kept), len(self.queue) - 1)
        self._update_view(chart=None)
        self.show_current()

    def _layer_rescored(self, scores: dict):
        """The layer under review (None: none), its confidences as read brought up to ``scores``."""
        df = self._cached_frame()
        if df is not None and "confidence" in df.columns:
            fids = [fid for fid in scores if fid in df.index]
            if fids:
                column = df["confidence"].astype(object)
                column.loc[fids] = [plain_value(scores[fid]) for fid in fids]
                df["confidence"] = column
        return self.current_layer()

    def _recall(self, record: dict, df) -> None:
        """The detected candidates decided before this session (a project reopened, a layer reviewed earlier)
        are read from the layer (status, origin, review time) and counted ahead of this session's, oldest
        first: the queue shows '12/87' again, not '0 reviewed' with only the open candidates."""
        if df is None or df.empty or "status" not in df.columns or not self._layer_id:
            return
        status = df["status"].astype(str)
        decided = status.isin(("confirmed", "rejected"))
        if "origin" in df.columns:
            decided &= df["origin"].astype(str) == "detected"
        elif "reviewed_at" in df.columns:
            decided &= df["reviewed_at"].notna()
        else:
            return
        earlier = [fid for fid in df.index[decided] if fid not in record]
        if not earlier:
            return
        when = df["reviewed_at"] if "reviewed_at" in df.columns else pd.Series("", index=df.index)
        confidence = pd.to_numeric(df["confidence"], errors="coerce").fillna(0.0) if "confidence" in df.columns \
            else pd.Series(0.0, index=df.index)
        # decisions of one second in the order the queue showed them: highest confidence first
        earlier.sort(key=lambda fid: ("" if is_null(when[fid]) else str(when[fid]), -confidence[fid]))
        merged = {fid: "accept" if status[fid] == "confirmed" else "reject" for fid in earlier}
        merged.update(record)
        record.clear()
        record.update(merged)

    def _rolled_back(self) -> None:
        """Edits canceled: the decisions not saved are undone (their candidates open again), those saved
        before stay counted. The layer is read again (in a task when it is large)."""
        self._forget_frame()
        self.refresh()

    def _attribute_changed(self, fid, index, value) -> None:
        """A queued candidate's status changed outside the buttons (undo, the attribute table):
        the queue's decision follows the layer (back to candidate: undecided again; confirmed or
        rejected: counted as accepted or rejected)."""
        layer = self.current_layer()
        if layer is None:
            return
        # a status set elsewhere while the layer is read: the queue is rebuilt once it is read again
        status_index = self._field_index(layer, "status")
        elsewhere = not self._deciding and index == status_index
        if self._changed_while_reading("refresh" if elsewhere else None):
            return
        self._frame_changed(fid, index, value)
        if not self._deciding and index in (status_index, self._field_index(layer, "first_seen"),
                                            self._field_index(layer, "technology")):
            self._chart_timer.start()  # a station's status, first year or technology edited: the chart follows
        if status_index != index:
            return
        status = status_key(value) or ""
        if fid not in self.queue:
            if status == "candidate":  # set back to candidate elsewhere: it joins the queue
                self._schedule_requeue()
            return
        decision = {"confirmed": "accept", "rejected": "reject"}.get(status)
        if decision is not None:
            self.decided[fid] = decision
        else:
            self.decided.pop(fid, None)
            if status == "candidate" and self._trail and self._trail[-1] == fid:
                # the latest decision undone (Ctrl+Z): the candidate is shown again, to decide anew
                self._trail.pop()
                self.pos = self.queue.index(fid)
                self.show_current()
        self._update_view(chart=None if self._deciding else False)

    def _frame_changed(self, fid, index, value) -> None:
        """A value of the layer as read follows its edit (a field the queue does not read: nothing to do)."""
        if self._df is None or self._df_key[1] is None or index not in self._df_key[1][1]:
            return  # nothing read, or a field the queue does not read (checked first: 20,000 values set at once)
        names, indexes = self._df_key[1]
        df = self._cached_frame()
        if df is None:
            return
        if fid not in df.index:
            self._forget_frame()
            return
        column = names[indexes.index(index)]
        if df[column].dtype != object:
            df[column] = df[column].astype(object)
        df.at[fid, column] = status_key(value) if column == "status" else plain_value(value)

    def _features_deleted(self, fids) -> None:
        """Queued candidates deleted elsewhere (attribute table, another tool) leave the queue."""
        if self._changed_while_reading():
            return
        if self._saving and self._before_save is not None:
            return  # ids of the edit buffer replaced as deletions are saved: matched once saved (see _reidentify)
        if self._saving and len(fids) == 1:  # a feature of the edit buffer getting its final id
            self._renumbered = next(iter(fids))
            return
        if self._cached_frame() is not None:
            self._remember(self._df.drop(index=[fid for fid in fids if fid in self._df.index]), self._df_key)
        gone = {fid for fid in fids if fid in self.queue}
        if not gone:
            self._chart_timer.start()  # perhaps confirmed stations: the chart follows once the edits end
            return
        self._record()  # their decisions stay in the session's: a deletion undone brings them back
        current = self.current_fid()
        before = sum(1 for fid in self.queue[:max(self.pos, 0)] if fid in gone)
        self.queue = [fid for fid in self.queue if fid not in gone]
        for fid in gone:
            self.decided.pop(fid, None)
        if not self.queue:
            self.pos = -1
        else:
            # the same candidate stays shown; when it was the deleted one, the next one comes up
            self.pos = min(self.pos - before, len(self.queue) - 1)
            if current in gone:
                self.show_current()
        self._update_view(chart=False)

    def _schedule_requeue(self, *_args) -> None:
        self._requeue_timer.start()

    def _feature_added(self, fid) -> None:
        """Only a candidate added costs a look at the layer (a station added with S does not)."""
        if self._changed_while_reading():
            return
        if self._saving and self._before_save is not None:
            return  # (see _reidentify)
        if self._saving and self._renumbered is not None:
            old, self._renumbered = self._renumbered, None
            self._renumber(old, fid)
            return
        layer = self.current_layer()
        held = schema_field_names(layer.fields()) if layer is not None else {}
        if "status" not in held:
            return
        feat = layer.getFeature(fid)
        self._frame_added(feat)
        status = status_key(feat[held["status"]]) or ""
        # a candidate, or a candidate decided in this session back (its deletion undone)
        if fid in self._history.get(self._layer_id, {}) or status == "candidate":
            self._schedule_requeue()
        elif status == "confirmed" and "first_seen" in held:
            # a station added (S, an import): counted in the chart without reading the layer again
            self._count_in_chart({n: plain_value(feat[held[n]]) for n in ("status", "first_seen", "technology")
                                  if n in held}, +1)
            self.chart.update()

    def _frame_added(self, feat) -> None:
        """A feature added to the layer joins it as read."""
        if self._df is None or self._df_key != self._frame_key(self.current_layer()) or self._df_key[1] is None:
            return
        attrs = feat.attributes()
        names, indexes = self._df_key[1]
        self._df_added.append((feat.id(), [(status_key if name == "status" else plain_value)(attrs[i])
                                           if 0 <= i < len(attrs) else None for name, i in zip(names, indexes)]))

    def _committing(self, *_args) -> None:
        if self._read_match is not None:
            # saved again before the features saved last were matched: the queue holds ids of before that save, and
            # is matched at once (the positions of its features are read as this save begins, below)
            kind = self._match_at_once()
            self._with_frame(kind or "chart")
        self._saving, self._renumbered, self._before_save = True, None, None
        layer = self._layer
        buffer = layer.editBuffer() if layer is not None else None
        if buffer is not None and any(fid >= 0 for fid in buffer.deletedFeatureIds()):
            # a Shapefile packed, a GeoJSON file written anew: the features saved before get other ids
            tracked = {*self.queue, *self.decided, *self._trail, *self._history.get(self._layer_id, {})}
            self._before_save = self._positions(layer, tracked)
        QTimer.singleShot(0, self._save_ended)  # also when saving fails (no afterCommitChanges then)

    def _save_ended(self) -> None:
        if self._saving and self._renumbered is not None:
            self._saving = False
            self._features_deleted([self._renumbered])
        self._saving, self._renumbered, self._before_save = False, None, None

    @staticmethod
    def _positions(layer, fids=None) -> dict:
        """``{fid: position}`` of the features ``fids`` of ``layer`` (all when None), the position as
        :func:`..tasks.review_read_task.position_key` gives it (as a large layer's read in a task does)."""
        request = QgsFeatureRequest().setNoAttributes()
        out = {}
        if fids is not None:
            # those added in the edit buffer read from it (asked of a Shapefile too: 'no feature id (-2)' in the log)
            buffer = layer.editBuffer()
            added = buffer.addedFeatures() if buffer is not None else {}
            for fid in fids:
                if fid < 0 and fid in added:
                    key = position_key(added[fid].geometry())
                    if key is not None:
                        out[fid] = key
            fids = [fid for fid in fids if fid >= 0]
            if not fids:
                return out
            request.setFilterFids(fids)
        for feat in layer.getFeatures(request):
            key = position_key(feat.geometry())
            if key is not None:
                out[feat.id()] = key
        return out

    def _reloaded(self, *_args) -> None:
        """The layer's data was read again (saved, packed, reloaded): what was read of it is stale, and the ids of the
        features may have changed with deletions just saved."""
        self._forget_frame()
        self._reidentify()

    def _reidentify(self) -> None:
        """Deletions were saved to a data source that numbers its features anew (a Shapefile packed, a GeoJSON file
        written again): the queue, its decisions and the session's find their features by position (as
        :meth:`_positions` read them as saving began), in the order they were (:func:`..core.review.renumbered`).
        Left with the old ids, Accept wrote to another feature than the one shown. The layer's positions are read as
        the queue's fields are: at once when the layer is small, else in the task manager, from a snapshot of the
        layer as saved (:meth:`_start_read`, the queue's fields read with them): QGIS stays responsive, the panel
        says 'Reading…' and Accept, Reject, Skip and Back wait for the ids of the features saved."""
        before, self._reloaded_ids = self._reloaded_ids, None
        layer = self._layer
        if not before or layer is None:
            return
        if self._read_match is not None:  # (not expected: saving again matches the queue at once, see _committing)
            self._match_at_once()
        kind = None
        if self._read_task is not None:  # a read of the layer as it was before saving: its ids are gone
            kind = self._read_kind
            self._cancel_read()
        if self._start_read(stronger(kind, "chart"), match=before):
            self._forget_frame()  # read with the positions
            return
        self._match_now(before)
        if kind is not None:
            self._with_frame(kind)

    def _match_now(self, before: dict) -> None:
        """The queue matched to the features of the layer under review as it is now, read here (see
        :meth:`_reidentify`)."""
        if self._rematch(before, self._positions(self._layer)):
            self._forget_frame()
            self._update_view(chart=False)

    def _match_at_once(self) -> str | None:
        """The read matching the queue to features numbered anew let go of, and the queue matched at once on the main
        thread (another layer chosen, or the layer saved again, before it ended); returns what the read was for (see
        :data:`READ_KINDS`)."""
        before, kind = self._read_match, self._read_kind
        self._cancel_read()
        try:
            self._match_now(before)
        except RuntimeError:  # the layer is already deleted
            pass
        return kind

    def _drop_unmatched(self) -> None:
        """The read matching the queue to features numbered anew did not end (canceled in the task manager, failed):
        the review shows no layer (choosing it again reads it), and the decisions of the session on it, held by
        ids the features no longer have, are let go of (those on detected candidates are counted again from the
        layer when it is chosen again, see :meth:`_recall`)."""
        layer_id = self._layer_id
        self.layer_combo.setLayer(None)
        self._history.pop(layer_id, None)

    def _rematch(self, before: dict, after: dict) -> bool:
        """The queue, its decisions, the session's and the undo trail moved from the ids of ``before`` (``{fid:
        position}`` as saving began) to those of ``after`` (the same of the layer saved); False when no id
        changed."""
        mapping = rv.renumbered(before, after)
        if all(mapping.get(fid) == fid for fid in before):
            return False
        current = self.current_fid()
        self.queue = [mapping[fid] for fid in self.queue if fid in mapping]
        self.decided = {mapping[fid]: d for fid, d in self.decided.items() if fid in mapping}
        self._trail = [mapping[fid] for fid in self._trail if fid in mapping]
        if self._layer_id in self._history:
            self._history[self._layer_id] = {mapping[fid]: d for fid, d in self._history[self._layer_id].items()
                                             if fid in mapping}
        if current in mapping and mapping[current] in self.queue:
            self.pos = self.queue.index(mapping[current])
        else:
            self.pos = min(max(self.pos, 0), len(self.queue) - 1)
        return True

    def _renumber(self, old, new) -> None:
        """A candidate of the edit buffer saved under its final id: it keeps its place, its decision and the
        decision's place in the session and in the undo trail (they were lost: 'review 4/10' became 0/6)."""
        self.queue = [new if fid == old else fid for fid in self.queue]
        if old in self.decided:
            self.decided = {new if fid == old else fid: d for fid, d in self.decided.items()}
        if self._cached_frame() is not None and old in self._df.index:
            self._df = self._df.rename(index={old: new})
        record = self._history.get(self._layer_id)
        if record and old in record:
            self._history[self._layer_id] = {new if fid == old else fid: d for fid, d in record.items()}
        self._trail = [new if fid == old else fid for fid in self._trail]

    def _committed(self) -> None:
        """Saved: candidates added in the edit buffer got their final ids (the layer as read too: when one is left
        with its id of the edit buffer, it is read again)."""
        before = self._before_save
        self._save_ended()
        if before is not None:
            # the Shapefile is packed (its data reloaded) after this: matched once it is
            self._reloaded_ids = before
            QTimer.singleShot(0, self._reidentify)
        df = self._cached_frame()
        if df is not None and any(isinstance(fid, int) and fid < 0 for fid in df.index):
            self._forget_frame()
        if self._changed_while_reading():
            return
        if any(isinstance(fid, int) and fid < 0 for fid in self.queue):
            self._schedule_requeue()

    def _requeue(self) -> None:
        """Candidates not yet queued join the queue (highest confidence first, after those queued), and so do
        candidates decided in this session that are back (their deletion undone), counted again; queued
        ids gone from the layer (deleted, or ids of the edit buffer replaced when it was saved) leave it. The
        decisions already counted and the candidate shown stay."""
        if self.current_layer() is None or self._changed_while_reading("requeue"):
            return
        self._with_frame("requeue")

    def _requeue_from(self, df) -> None:
        """:meth:`_requeue` with ``df``, the layer's queue fields."""
        if df is None:
            return
        source, image_date = self.source_filter.currentData() or None, self.date_filter.currentData() or None
        fresh = rv.queue_order(df, source, image_date)
        present = set(df.index)
        gone = [fid for fid in self.queue if fid not in present]
        if gone:
            self._features_deleted(gone)
        known = set(self.queue)
        back = []
        record = self._record()
        if record and "status" in df.columns:
            status, shown = df["status"], rv.matches_filters(df, source, image_date)
            written = {"accept": "confirmed", "reject": "rejected"}
            back = [fid for fid, decision in record.items()
                    if fid not in known and fid in present and status[fid] == written.get(decision) and shown[fid]]
            self.decided.update((fid, record[fid]) for fid in back)
        added = back + [fid for fid in fresh if fid not in known]
        if not added:
            return
        self._fill_filters(df, keep=True)  # a new image or date may have come with them
        self.queue.extend(added)
        if self.pos < 0:
            self.pos = len(self.queue) - len(added)
            self.show_current()
        self._update_view(chart=None)
        self._update_chart(df)

    # -- navigation and decisions -----------------------------------------------------------
    def current_fid(self):
        return self.queue[self.pos] if 0 <= self.pos < len(self.queue) else None

    def _go_to_wanted(self) -> None:
        """The queue just built for a project opened: it shows the candidate the review was on when the project was
        saved, when that one is still open (the candidates skipped before it stay open, reached by Back or Skip's
        going round), rather than the first open one."""
        if self._unavailable:  # shown once the layer is repaired
            return
        fid, self._wanted_current = self._wanted_current, None
        if fid is None or fid not in self.queue or fid in self.decided or self._matching():
            return
        index = self.queue.index(fid)
        if index != self.pos:
            self.pos = index
            self._update_view(chart=None)
            self.show_current()

    def _source_changed(self) -> None:
        """The layer's data source changed: what was read of it is forgotten; a layer unavailable when it was
        chosen (its file moved away) and now repaired (Repair Data Source…) is reviewed as if chosen now."""
        self._forget_frame()
        layer = self._layer
        if self._unavailable and layer is not None and layer.isValid() and layer is self.layer_combo.currentLayer():
            self._layer_changed(layer)

    def _left_open(self) -> list[int]:
        """Places in the queue of the candidates still open, other than the one shown."""
        return [i for i, fid in enumerate(self.queue) if fid not in self.decided and i != self.pos]

    def _matching(self) -> bool:
        """Whether the queue waits for the ids of features numbered anew (see :meth:`_reidentify`): nothing is
        decided nor shown from it meanwhile (its ids may be other features')."""
        return self._read_match is not None

    def skip(self) -> None:
        if self._matching():
            return
        if self.queue and self.pos < len(self.queue) - 1:
            self.pos += 1
            self.show_current()
        elif self.queue:
            left = self._left_open()
            if left:  # the end of the queue: round again through the candidates skipped
                self.pos = left[0]
                n = len(left) + (self.queue[-1] not in self.decided)
                push(self.iface, tr("End of the queue: back to the {n} skipped candidate.",
                                    "End of the queue: back to the first of the {n} skipped candidates.", n).format(
                    n=number(n, count=True)), Qgis.MessageLevel.Info, duration=4)
                self.show_current()
        self._update_view(chart=None)  # nothing was decided: the chart stays as it is

    def back(self) -> None:
        if self._matching():
            return
        if self.queue and self.pos > 0:
            self.pos -= 1
            self.show_current()
        self._update_view(chart=None)

    def accept(self) -> None:
        self._decide("accept")

    def reject(self) -> None:
        self._decide("reject")

    def _decide(self, decision: str) -> None:
        from .maptools.add_station import current_reviewer, make_active_layer

        layer = self.current_layer()
        fid = self.current_fid()
        if layer is None or fid is None or self._matching():
            return
        refusal = rewrite_refusal(layer)
        if refusal:
            push(self.iface, refusal, Qgis.MessageLevel.Critical)
            return
        if layer.readOnly() or (not layer.isEditable() and not layer.startEditing()):
            push(self.iface, tr("{layer} cannot be edited: the review was not recorded.").format(layer=layer.name()),
                 Qgis.MessageLevel.Critical)
            return
        feat = layer.getFeature(fid)
        if not feat.isValid():  # deleted since it was queued
            self._features_deleted([fid])
            return
        held = schema_field_names(layer.fields())  # a Shapefile's reviewed_a, TECHNOLOGY in capitals
        # JSON fields (a GeoPackage's, NULL in QGIS 3.22) read as written: accepting keeps the earliest sighting
        row = feature_values(layer, feat, {n: held[n] for n in ("status", "first_seen", "last_seen", "image_date",
                                                                 "technology") if n in held})
        values = rv.decision_values(row, decision, current_reviewer())
        changes = json_encoded(layer.fields(), {layer.fields().indexOf(held[k]): v for k, v in values.items()
                                                if k in held})
        self._deciding = True
        try:
            layer.beginEditCommand(tr("Review: {decision}").format(decision=decision_label(decision)))
            layer.changeAttributeValues(fid, changes)
            stamp = layer.fields().indexOf(held.get("updated_at", "updated_at"))
            if stamp >= 0 and "updated_at" in values:
                # the update time is the review time itself (the layer's default would stamp it a moment later)
                layer.changeAttributeValue(fid, stamp, changes.get(stamp, values["updated_at"]), None, True)
            layer.endEditCommand()
        finally:
            self._deciding = False
        make_active_layer(self.iface, layer)  # Ctrl+Z undoes the decision
        self.decided[fid] = decision
        if fid in self._trail:
            self._trail.remove(fid)
        self._trail.append(fid)
        layer.triggerRepaint()
        if self.pos < len(self.queue) - 1:
            self.pos += 1
            self.show_current()
        if "status" in held and "first_seen" in held:
            # the chart follows the decision without reading the layer again (it holds every confirmed
            # station: 20,000 of an imported network cost 0.6-0.9 s a key press)
            after = {**row, **{k: v for k, v in values.items() if k in held}}
            self._count_in_chart(row, -1)
            self._count_in_chart(after, +1)
            self.chart.set_data(self.chart.data, self._growth_by_technology)
        self._update_view(chart=None)

    def _count_in_chart(self, row: dict, sign: int) -> None:
        """Add (``sign`` 1) or take out (-1) a station of the chart's counts, as :meth:`_growth` counts it."""
        year = rv.first_seen_year(row.get("first_seen"))
        if status_key(row.get("status")) != "confirmed" or year is None:
            return
        data = self.chart.data
        data[year] = data.get(year, 0) + sign
        if data[year] <= 0:
            del data[year]
        if "technology" in row:
            tech = "unknown" if row["technology"] is None else str(row["technology"])
            parts = self._growth_by_technology.setdefault(year, {})
            parts[tech] = parts.get(tech, 0) + sign
            if parts[tech] <= 0:
                del parts[tech]
            if not parts:
                del self._growth_by_technology[year]

    def show_current(self) -> None:
        """Zoom the canvas to the current candidate at the chosen scale and flash it (not as a project opens: the
        map keeps the view it was saved with)."""
        layer = self.current_layer()
        fid = self.current_fid()
        if layer is None or fid is None or self._matching() or self._quiet_open:
            return
        feat = layer.getFeature(fid)
        geom = feat.geometry()
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or geom is None or geom.isNull():
            return
        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        point = transform.transform(geom.centroid().asPoint())
        canvas.setCenter(point)
        canvas.zoomScale(self.scale.value())
        canvas.flashFeatureIds(layer, [fid])
        canvas.refresh()

    def _update_view(self, chart: bool | None = True) -> None:
        """Label, progress and buttons; the chart now (``chart`` True), once the edits being made end
        (False) or not at all (None: nothing was decided)."""
        layer = self.current_layer()
        n = len(self.queue)
        self.progress.setMaximum(max(n, 1))
        self.progress.setValue(len(self.decided))
        self.progress.setVisible(n > 0)  # an empty queue would read "0 / 1 reviewed"
        fid = self.current_fid()
        if layer is None and unavailable(self.layer_combo.currentLayer()):
            self.current_label.setText(unavailable_text(tr("station layer"), self.layer_combo.currentLayer()))
        elif layer is None:
            self.current_label.setText(tr("Choose a station layer with candidates (from detection or import)."))
        elif self._read_task is not None:
            self.current_label.setText(tr("Reading {layer}… {percent} %").format(layer=layer.name(),
                                                                              percent=self._read_percent))
        elif field_index(layer, "status") < 0:  # not a station layer (another tool's points)
            self.current_label.setText(tr("{layer} has no status field, so no candidates: choose a station layer, "
                                          "or add the station fields to this one (Stations section).").format(
                                              layer=layer.name()))
        elif fid is None:
            self.current_label.setText(tr("No candidate to review."))
        else:
            feat = layer.getFeature(fid)
            held = schema_field_names(layer.fields()) if feat.isValid() else {}  # (NAME, CONFIDENCE in capitals)
            frame = self._cached_frame()

            def val(name):
                v = plain_value(feat[held[name]]) if name in held else None
                if v is None and frame is not None and name in frame.columns and fid in frame.index:
                    v = frame.at[fid, name]  # as the queue read it (a GeoJSON property QGIS reads as NULL)
                    v = None if pd.isna(v) else v
                return "" if v is None else v

            conf = val("confidence")
            try:
                conf_text = number(float(conf), 2) if conf != "" else "–"
            except (TypeError, ValueError):  # a text confidence ('high') of a layer made elsewhere
                conf_text = str(conf)
            state = self.decided.get(fid, "")
            self.current_label.setText(tr("{i}/{n} · {name} · confidence {conf} · {source} {date} {state}").format(
                i=number(self.pos + 1, count=True), n=number(n, count=True), name=val("name") or tr("unnamed"),
                conf=conf_text,
                source=val("source"), date=val("image_date"), state=f"({decision_label(state)})" if state else ""))
        has = fid is not None and not self._matching()
        for key in ("accept", "reject"):
            self.buttons[key].setEnabled(has)
        self.buttons["skip"].setEnabled(has and (self.pos < n - 1 or any(
            fid not in self.decided for i, fid in enumerate(self.queue) if i != self.pos)))
        self.buttons["back"].setEnabled(has and self.pos > 0)
        self._update_actions()
        if chart:
            self._update_chart()
        elif chart is not None:
            self._chart_timer.start()
        self.summaryChanged.emit()

    def _update_chart(self, frame=None) -> None:
        """The chart from ``frame`` (the layer's queue fields just read) or the layer as last read, or once it is
        read (not after a decision, which the chart follows by itself: this layer may hold a whole network)."""
        self._chart_timer.stop()
        if self._read_task is not None:  # drawn once the layer is read
            self._read_kind = stronger(self._read_kind, "chart")
            return
        if frame is None and self.current_layer() is not None:
            self._with_frame("chart")
            return
        growth = self._growth(frame)
        self.chart.set_data(growth, self._growth_by_technology)

    def _growth(self, frame) -> dict[int, int]:
        """Confirmed stations by first-seen year, from ``frame`` (the layer's queue fields)."""
        layer = self.current_layer()
        self._growth_by_technology = {}
        if layer is None or frame is None or not {"status", "first_seen"} <= set(schema_field_names(layer.fields())):
            return {}
        frame = frame[frame["status"] == "confirmed"]
        if "technology" in frame.columns:
            for tech, part in frame.groupby(frame["technology"].fillna("unknown").astype(str)):
                for year, n in rv.growth_by_year(part).items():
                    self._growth_by_technology.setdefault(year, {})[tech] = n
        return rv.growth_by_year(frame)

    def _update_actions(self) -> None:
        """The one-letter shortcuts act only while the panel is on screen: with the dock closed or the
        section collapsed, A, R, N and P are left to QGIS (Advanced Digitizing locks the angle with A)."""
        for key, action in self.actions.items():
            try:
                action.setEnabled(self.buttons[key].isEnabled() and self.isVisible())
            except RuntimeError:  # the plugin is being unloaded
                pass

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._update_actions()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._update_actions()

    def summary(self) -> str:
        if not self.queue:
            return ""
        return tr("review {done}/{n}").format(done=number(len(self.decided), count=True),
                                              n=number(len(self.queue), count=True))

    # -- state ------------------------------------------------------------------------------
    def state(self) -> dict:
        layer = self.current_layer()
        filters = {"source": self.source_filter.currentData() or "", "date": self.date_filter.currentData() or ""}
        if self._wanted_filters is not None:
            filters = dict(self._wanted_filters)  # chosen once the layer is read
        current = self._wanted_current if self._wanted_current is not None else self.current_fid()
        if current is not None and current in self.decided:
            current = None
        return {"layer": layer.id() if layer is not None else "", "scale": self.scale.value(), **filters,
                "current": current}

    def restore_state(self, state: dict) -> None:
        self._restoring_state = self._quiet_open = True
        try:
            self._restore_state(state)
        finally:
            self._restoring_state = False
        if self._read_task is None and self._deferred != "open":  # (else once the layer is read)
            self._go_to_wanted()
            self._quiet_open = False

    def _restore_state(self, state: dict) -> None:
        layer = QgsProject.instance().mapLayer(state.get("layer") or "")
        current = state.get("current")
        self._wanted_current = current if isinstance(current, int) and not isinstance(current, bool) else None
        if layer is not None:
            self.set_layer(layer)
        try:
            self.scale.setValue(float(state.get("scale", self.scale.value())))
        except (TypeError, ValueError):
            pass
        if self._read_task is not None or self._deferred == "open":  # chosen once the layer is read
            self._wanted_filters = {key: state.get(key, "") or "" for key in ("source", "date")}
            return
        for combo, key in ((self.source_filter, "source"), (self.date_filter, "date")):
            idx = combo.findData(state.get(key, ""))
            if idx >= 0:
                combo.setCurrentIndex(idx)

    def candidates_changed(self) -> None:
        """Candidates were added to or re-scored in the layer under review (a detection run): the queue shows
        them, highest confidence first, the decisions already taken staying counted."""
        self._forget_frame()  # written by the detection, perhaps not through the layer's edits
        if self._changed_while_reading("candidates"):
            return
        self._with_frame("candidates")

    def project_cleared(self) -> None:
        self._history.clear()
        self._wanted_current = None
        self._quiet_open = False

    def unload(self) -> None:
        try:
            QgsProject.instance().layersRemoved.disconnect(self._layers_removed)
        except (TypeError, RuntimeError):
            pass
        self._cancel_read()
        self._deferred = None
        self._forget_frame()
        self._requeue_timer.stop()
        self._chart_timer.stop()
        self._disconnect_layer()


def field_index(layer, name: str) -> int:
    """The index of the field of ``layer`` holding the schema field ``name`` (-1: none): the field of that name, else
    of that name in another case (a layer made elsewhere: STATUS) or cut to 10 characters (a Shapefile's
    reviewed_a)."""
    return layer.fields().indexOf(schema_field_names(layer.fields()).get(name, name))


def decision_label(decision: str) -> str:
    """Translated label of a review decision already taken."""
    return {"accept": tr("accepted"), "reject": tr("rejected"), "skip": tr("skipped")}.get(decision, decision)
