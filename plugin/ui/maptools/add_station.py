"""The "Add station" map tool: one click adds a station; a duplicate guard asks before doubling one."""

from __future__ import annotations

import getpass
from collections.abc import Callable

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsHighlight, QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from ...core.merge import distance_m, join_unique, seen_dates
from ...core.stations import default_record, utc_now_iso
from ...i18n import number, tr
from ...qgis_io.imagery import is_imagery, read_acquisition_date
from ...qgis_io.station_layer import WGS84, schema_field_names
from ...qgis_io.values import feature_values, json_encoded, plain_value, rewrite_refusal

MERGE, ADD, CANCEL = "merge", "add", "cancel"


class DuplicateStationDialog(QDialog):
    """Asks what to do with a click near an existing station: Merge, Add anyway or Cancel.

    ``choice`` holds the answer after the dialog closes; ``button(MERGE)`` etc. give the real
    buttons (tests click them through a QTimer while ``exec()`` runs).
    """

    def __init__(self, name: str, distance: float, parent=None):
        super().__init__(parent)
        self.setObjectName("DuplicateStationDialog")
        self.setWindowTitle(tr("Possible duplicate station"))
        self.choice = CANCEL
        layout = QVBoxLayout(self)
        label = QLabel(tr("An existing station ({name}) is {distance} m from this click. Merge with it (its "
                          "sources and seen dates are updated), add a new station anyway, or cancel?")
                       .format(name=name or tr("unnamed"), distance=number(distance, 0)), self)
        label.setWordWrap(True)
        layout.addWidget(label)
        box = QDialogButtonBox(self)
        self._buttons = {}
        for key, text, role in ((MERGE, tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole),
                                (ADD, tr("Add anyway"), QDialogButtonBox.ButtonRole.ActionRole),
                                (CANCEL, tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)):
            button = box.addButton(text, role)
            button.setObjectName(f"{key}Button")
            button.clicked.connect(lambda _checked=False, k=key: self._choose(k))
            self._buttons[key] = button
        self._buttons[MERGE].setDefault(True)
        layout.addWidget(box)

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def _choose(self, key: str) -> None:
        self.choice = key
        self.done(QDialog.DialogCode.Accepted if key != CANCEL else QDialog.DialogCode.Rejected)

    @staticmethod
    def ask(name: str, distance: float, parent=None) -> str:
        dialog = DuplicateStationDialog(name, distance, parent)
        dialog.exec()
        return dialog.choice


def top_imagery_under(canvas, point: QgsPointXY, canvas_crs, looked_through=()) -> tuple[str, str]:
    """``(source, image_date)`` of the top visible imagery layer containing ``point`` (canvas CRS).

    ``source`` is the layer name, ``image_date`` its acquisition date as ISO ``YYYY-MM-DD``
    (:func:`..qgis_io.imagery.read_acquisition_date`; empty when undated). ``("", "")`` when no
    imagery is under the point. Rasters that are no imagery (:func:`..qgis_io.imagery.is_imagery`: a DEM,
    a population grid, coverage counts drawn over the image) are looked through: neither the source nor the
    date of a station, and their files are not read for a date. So are the layers of the ids ``looked_through``
    (the Coverage section's DEM, whatever its pixels look like).
    """
    project = QgsProject.instance()
    for layer in canvas.layers():  # drawing order: top first
        if not isinstance(layer, QgsRasterLayer) or not layer.isValid() or layer.id() in looked_through \
                or not is_imagery(layer):
            continue
        try:
            pt = QgsCoordinateTransform(canvas_crs, layer.crs(), project).transform(point)
        except Exception:  # outside the layer CRS's area of use
            continue
        if layer.extent().contains(pt):
            return layer.name(), read_acquisition_date(layer) or ""
    return "", ""


class AddStationTool(QgsMapToolEmitPoint):
    """Click to add a station to the target layer (in its edit buffer; undo/redo work).

    ``layer_provider()`` returns the target layer; ``defaults_provider()`` a dict of field
    values (technology, operator, antenna_height_m, ...) plus the options ``open_form`` and
    ``duplicate_distance_m``. ``duplicate_decider(name, distance_m) -> "merge" | "add" |
    "cancel"`` answers the duplicate question (the dialog by default).
    """

    stationAdded = pyqtSignal(object)  # feature id
    stationMerged = pyqtSignal(object)  # feature id of the existing station
    message = pyqtSignal(str, int)  # text, Qgis.MessageLevel as int

    def __init__(self, canvas, layer_provider: Callable, defaults_provider: Callable, iface=None):
        super().__init__(canvas)
        self.setObjectName("BaseStationMapperAddStationTool")
        self.iface = iface
        self.layer_provider = layer_provider
        self.defaults_provider = defaults_provider
        self.duplicate_decider: Callable[[str, float], str] = lambda name, d: DuplicateStationDialog.ask(
            name, d, canvas.window())
        self.highlight: QgsHighlight | None = None
        self.form = None
        #: the id of the Coverage section's DEM ('' when none): no imagery to date a station by
        self._dem = ""
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_dem(self, layer) -> None:
        """The Coverage section's DEM is ``layer`` (None: none): looked through as the source of a click, as the
        Imagery section and the Detection list leave it out, whatever its pixels look like."""
        self._dem = layer.id() if isinstance(layer, QgsRasterLayer) else ""

    # -- events ----------------------------------------------------------------------------
    def canvasReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.add_at(event.mapPoint())

    def deactivate(self) -> None:
        self.clear_highlight()
        super().deactivate()

    # -- work ------------------------------------------------------------------------------
    def add_at(self, map_point: QgsPointXY):
        """Add (or merge) a station at ``map_point`` in canvas CRS; return the feature id or None."""
        from qgis.core import Qgis

        layer: QgsVectorLayer | None = self.layer_provider()
        if layer is None or not layer.isValid():
            self.message.emit(tr("Choose or create a station layer first."), int(Qgis.MessageLevel.Warning))
            return None
        if layer.readOnly():
            self.message.emit(tr("{layer} is read-only: no station was added.").format(layer=layer.name()),
                              int(Qgis.MessageLevel.Critical))
            return None
        refusal = rewrite_refusal(layer)
        if refusal:
            self.message.emit(refusal, int(Qgis.MessageLevel.Critical))
            return None
        if not layer.crs().isValid():
            # (a Shapefile without its .prj): the click's canvas coordinates were written as they were, Web Mercator
            # metres among longitudes and latitudes
            self.message.emit(tr("{layer} has no coordinate reference system, so a click cannot be placed in it: set "
                                 "its CRS (Layer Properties › Source) and try again. No station was added.").format(
                layer=layer.name()), int(Qgis.MessageLevel.Critical))
            return None
        if not layer.isEditable() and not layer.startEditing():
            self.message.emit(tr("{layer} cannot be edited: no station was added.").format(layer=layer.name()),
                              int(Qgis.MessageLevel.Critical))
            return None
        project = QgsProject.instance()
        canvas_crs = self.canvas().mapSettings().destinationCrs()
        to_layer = QgsCoordinateTransform(canvas_crs, layer.crs(), project)
        to_wgs84 = QgsCoordinateTransform(canvas_crs, WGS84, project)
        layer_point = to_layer.transform(map_point)
        lonlat = to_wgs84.transform(map_point)
        defaults = dict(self.defaults_provider() or {})
        open_form = bool(defaults.pop("open_form", False))
        guard = float(defaults.pop("duplicate_distance_m", 150.0) or 0.0)
        source, image_date = top_imagery_under(self.canvas(), map_point, canvas_crs,
                                               {self._dem} if self._dem else ())

        if guard > 0:
            near = self.nearest(layer, lonlat, guard)
            if near is not None:
                feat, dist = near
                self.show_highlight(layer, feat)
                name_field = schema_field_names(layer.fields()).get("name")
                choice = self.duplicate_decider(str(plain_value(feat[name_field]) or "") if name_field else "", dist)
                if choice == MERGE:
                    self.merge_into(layer, feat, source, image_date)
                    QTimer.singleShot(1500, self.clear_highlight)
                    return feat.id()
                self.clear_highlight()
                if choice != ADD:
                    return None

        record = default_record(origin="manual", status="confirmed", confidence=1.0, source=source,
                                image_date=image_date or None, first_seen=image_date or None,
                                last_seen=image_date or None, **defaults)
        feat = QgsFeature(layer.fields())
        present = schema_field_names(layer.fields())  # a Shapefile's 'antenna_he' for antenna_height_m
        for name, value in record.items():
            idx = layer.fields().indexOf(present[name]) if name in present else -1
            if idx >= 0:
                feat.setAttribute(idx, value if value != "" or name in ("name", "notes") else None)
        feat.setGeometry(QgsGeometry.fromPointXY(layer_point))
        layer.beginEditCommand(tr("Add station"))
        if not layer.addFeature(feat):
            layer.destroyEditCommand()
            self.message.emit(tr("The station could not be added to {layer}.").format(layer=layer.name()),
                              int(Qgis.MessageLevel.Critical))
            return None
        layer.endEditCommand()
        fid = feat.id()
        make_active_layer(self.iface, layer)
        self.stationAdded.emit(fid)
        layer.triggerRepaint()
        if open_form:
            self.open_form(layer, fid, added_at=layer.undoStack().index())
        return fid

    def nearest(self, layer: QgsVectorLayer, lonlat: QgsPointXY, radius: float):
        """The station of ``layer`` nearest to ``lonlat`` (WGS84) within ``radius`` m, as (feature, distance)."""
        import math

        dlat = radius / 110574.0 * 1.5
        dlon = radius / (111320.0 * max(math.cos(math.radians(lonlat.y())), 0.01)) * 1.5
        box = QgsRectangle(lonlat.x() - dlon, lonlat.y() - dlat, lonlat.x() + dlon, lonlat.y() + dlat)
        to_layer = QgsCoordinateTransform(WGS84, layer.crs(), QgsProject.instance())
        to_wgs84 = QgsCoordinateTransform(layer.crs(), WGS84, QgsProject.instance())
        request = QgsFeatureRequest().setFilterRect(to_layer.transformBoundingBox(box))
        best = None
        for feat in layer.getFeatures(request):
            geom = feat.geometry()
            if geom is None or geom.isNull():
                continue
            pt = to_wgs84.transform(geom.centroid().asPoint())
            d = float(distance_m(pt.x(), pt.y(), lonlat.x(), lonlat.y()))
            if d <= radius and (best is None or d < best[1]):
                best = (QgsFeature(feat), d)
        return best

    def merge_into(self, layer: QgsVectorLayer, feat: QgsFeature, source: str, image_date: str) -> None:
        """Record one more sighting on an existing station: source appended, seen dates widened."""
        names = schema_field_names(layer.fields())  # schema name -> the layer's field
        changes = {}

        def put(name, value):
            if name in names:
                changes[layer.fields().indexOf(names[name])] = value

        # plain values: ISO text also from Date fields (str() of a QDate is 'PyQt5.QtCore.QDate(…)'), and JSON
        # fields QGIS reads as NULL read as written
        held = feature_values(layer, feat, {n: names[n] for n in ("source", "first_seen", "last_seen") if n in names})
        if source and "source" in names:
            put("source", join_unique([held["source"] or "", source]))
        if image_date:
            dates = [image_date] + [held[n] for n in ("first_seen", "last_seen") if n in held]
            first, last = seen_dates([str(d) for d in dates if d])
            put("first_seen", first)
            put("last_seen", last)
        put("updated_at", utc_now_iso())
        layer.beginEditCommand(tr("Merge station sighting"))
        layer.changeAttributeValues(feat.id(), json_encoded(layer.fields(), changes))
        layer.endEditCommand()
        make_active_layer(self.iface, layer)
        self.stationMerged.emit(feat.id())
        layer.triggerRepaint()

    def open_form(self, layer: QgsVectorLayer, fid, added_at: int | None = None) -> None:
        """Show the attribute form of the station just added. Cancel (or closing the form) takes
        the station back out, as QGIS's own Add Point Feature does: its "Add station" step is undone
        when it is still the last edit (``added_at``: the undo stack's index after it), else the
        station is deleted."""
        from qgis.gui import QgsAttributeDialog

        feat = layer.getFeature(fid)
        form = QgsAttributeDialog(layer, feat, False, self.canvas().window(), True)
        form.setObjectName("BaseStationMapperStationForm")
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.rejected.connect(lambda: self._form_canceled(layer, fid, added_at))

        def undone(deleted_fid) -> None:
            # the station was taken out while its form was open (QGIS's Undo, a deletion): the form of a
            # station that is no longer there goes too (its OK would save nothing, silently)
            if deleted_fid == fid:
                try:
                    form.close()
                except RuntimeError:  # already closed and deleted
                    pass

        def closed(*_args) -> None:
            try:
                layer.featureDeleted.disconnect(undone)
            except (TypeError, RuntimeError):
                pass

        layer.featureDeleted.connect(undone)
        form.finished.connect(closed)
        form.destroyed.connect(closed)
        self.form = form
        form.show()

    def _form_canceled(self, layer: QgsVectorLayer, fid, added_at: int | None) -> None:
        try:
            if not layer.isEditable() or not layer.getFeature(fid).isValid():
                return  # already undone, rolled back or saved and closed: nothing to take back
            stack = layer.undoStack()
            if added_at is not None and stack.index() == added_at:
                stack.undo()
            else:
                layer.beginEditCommand(tr("Cancel station"))
                layer.deleteFeature(fid)
                layer.endEditCommand()
            layer.triggerRepaint()
        except RuntimeError:  # the layer was deleted meanwhile
            pass

    def show_highlight(self, layer: QgsVectorLayer, feat: QgsFeature) -> None:
        self.clear_highlight()
        self.highlight = QgsHighlight(self.canvas(), feat.geometry(), layer)
        self.highlight.setColor(QColor(213, 94, 0))
        self.highlight.setWidth(4)
        self.highlight.setBuffer(1.5)
        self.highlight.show()

    def clear_highlight(self) -> None:
        if self.highlight is not None:
            try:
                self.highlight.hide()
                self.canvas().scene().removeItem(self.highlight)
            except RuntimeError:
                pass
            self.highlight = None


def make_active_layer(iface, layer) -> None:
    """Make ``layer`` the active layer of the Layers panel: QGIS's Undo / Redo (Ctrl+Z, Ctrl+Shift+Z) act on
    the active layer, so the edit just made is undone from the keyboard as any other."""
    if iface is None:
        return
    try:
        if iface.activeLayer() is not layer:
            iface.setActiveLayer(layer)
    except (AttributeError, RuntimeError):
        pass


def current_reviewer() -> str:
    """GeneralSettings.reviewer, else the operating-system user."""
    from ...settings import GeneralSettings

    name = GeneralSettings.load().reviewer
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:
        return ""
