"""A layer list that stays on the layer the analyst chose.

QGIS's layer list (QgsMapLayerComboBox) falls on a neighbouring layer of the same type when the chosen
one leaves the project (the population raster replaced by the DEM), and the next run silently uses it.
A list kept by :class:`LayerChoice` goes empty instead and says which layer went away; a run asks
:meth:`LayerChoice.problem` first and is refused with that sentence until the analyst chooses again.
"""

from __future__ import annotations

import re

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEvent, QObject, QTimer

from ...i18n import tr


class LayerChoice(QObject):
    """Keeps ``combo`` on the analyst's layer: when it leaves the list, the list shows no layer."""

    def __init__(self, combo, what: str, optional: bool = False):
        super().__init__(combo)
        self.combo = combo
        #: what the list is for, in words ('population raster'), for the message
        self.what = what
        self.optional = optional
        #: the name of the chosen layer that was removed ('' while the list shows the analyst's choice)
        self.removed = ""
        #: the list's tooltip (what it is for, the chosen layer's name and source), which says what was removed
        self.tip = layer_tooltip(combo)
        self._empty_entry = combo.allowEmptyLayer()
        #: the signals' blocked state before a removal of the chosen layer's row (None: no such removal)
        self._blocked: bool | None = None
        combo.model().rowsAboutToBeRemoved.connect(self._rows_going)
        combo.model().rowsRemoved.connect(self._rows_gone)
        combo.layerChanged.connect(self._layer_changed)
        combo.activated.connect(self._activated)
        QgsProject.instance().cleared.connect(self.reset)

    def _rows_going(self, _parent, first: int, last: int) -> None:
        """The chosen layer's row is about to go (layer removed from the project). Qt then moves the list
        to a neighbouring row and says so: the list keeps quiet until the rows are gone, then shows no
        layer, so that no slot ever sees another layer chosen."""
        row = self.combo.currentIndex()
        layer = self.combo.currentLayer()
        if layer is None or not first <= row <= last or self._blocked is not None:
            return
        self.removed = layer.name()
        self._blocked = self.combo.blockSignals(True)

    def _rows_gone(self, *_args) -> None:
        if self._blocked is None:
            return
        # the list's empty entry says what to do; a list without one gets it a moment later (a row added to
        # the model while it tells of a removal would be mapped wrong), showing no layer meanwhile
        text = tr("Choose a layer ('{name}' was removed)").format(name=self.removed)
        self.combo.setPlaceholderText(text)
        if self.combo.allowEmptyLayer():
            self.combo.setAllowEmptyLayer(True, text)
        else:
            QTimer.singleShot(0, self._add_empty_entry)
        self.combo.setCurrentIndex(self._empty_row())
        self.combo.blockSignals(self._blocked)
        self._blocked = None
        self.tip.set_note(self.problem())
        self.combo.update()
        self.combo.layerChanged.emit(None)

    def mark_missing(self, name: str) -> None:
        """A project opened names for this list a layer it no longer holds (removed in QGIS's Handle Unavailable
        Layers dialog as the project opened, its file moved away): the list shows none and says so, as for a layer
        removed, rather than falling on another layer of the same type (population points as stations)."""
        self.removed = name or "?"
        text = tr("Choose a layer ('{name}' was removed)").format(name=self.removed)
        changed = self.combo.currentLayer() is not None
        blocked = self.combo.blockSignals(True)
        self.combo.setPlaceholderText(text)
        self.combo.setAllowEmptyLayer(True, text)
        self.combo.setCurrentIndex(self._empty_row())
        self.combo.blockSignals(blocked)
        self.tip.set_note(self.problem())
        self.combo.update()
        if changed:
            self.combo.layerChanged.emit(None)

    def _empty_row(self) -> int:
        return next((i for i in range(self.combo.count()) if self.combo.layer(i) is None), -1)

    def _add_empty_entry(self) -> None:
        if not self.removed or self.combo.currentLayer() is not None:
            return
        self.combo.setAllowEmptyLayer(True, self.combo.placeholderText())
        blocked = self.combo.blockSignals(True)  # no layer before, no layer after: no change to announce
        self.combo.setCurrentIndex(self._empty_row())
        self.combo.blockSignals(blocked)

    def _layer_changed(self, layer) -> None:
        if layer is not None:
            self.reset()

    def _activated(self, _index: int) -> None:
        """An entry picked by the analyst, the empty one of an optional list included."""
        if self.combo.currentLayer() is not None or self.optional:
            self.reset()

    def reset(self, *_args) -> None:
        """The analyst chose (or a new project starts): nothing missing."""
        if not self.removed:
            return
        self.removed = ""
        self.combo.setPlaceholderText("")
        self.tip.set_note("")
        if self._empty_entry or self.combo.currentLayer() is None:
            self.combo.setAllowEmptyLayer(True)  # the entry without its words (kept while it is the choice)
        else:
            self.combo.setAllowEmptyLayer(False)
        self.combo.update()

    def problem(self) -> str:
        """Why a run cannot use this list now ('' when it can): its layer was removed, or is unavailable (a project
        opened with the layer's file moved away, and the layer kept in QGIS's Handle Unavailable Layers dialog)."""
        if not self.removed:
            layer = self.combo.currentLayer()
            return unavailable_text(self.what, layer) if unavailable(layer) else ""
        if self.optional:
            return tr("The {what} '{name}' was removed from the project: choose another layer in the list, "
                      "or its empty entry for none.").format(what=self.what, name=self.removed)
        return tr("The {what} '{name}' was removed from the project: choose another layer in the list.").format(
            what=self.what, name=self.removed)

    def unload(self) -> None:
        try:
            QgsProject.instance().cleared.disconnect(self.reset)
        except TypeError:
            pass


def unavailable(layer) -> bool:
    """Whether ``layer`` is in the project but unavailable: its data could not be opened (a file moved away since
    the project was saved, kept by QGIS's Handle Unavailable Layers dialog, until repaired)."""
    try:
        return layer is not None and not layer.isValid()
    except RuntimeError:  # deleted meanwhile
        return False


def unavailable_text(what: str, layer) -> str:
    """What the analyst reads of an unavailable ``layer`` chosen as the ``what`` ('region layer'): which layer,
    where its data was, and how to repair it."""
    from ...qgis_io.sources import missing_file

    path = missing_file(layer)
    if path:  # the same words as a run refused on it (the Detection panel's imagery)
        return tr("The {what} '{name}' is unavailable: its file {path} cannot be found. Repair it in the Layers "
                  "panel (right-click it › Repair Data Source…) or choose another layer in the list.").format(
            what=what, name=layer.name(), path=path)
    return tr("The {what} '{name}' is unavailable: its data cannot be opened ({source}). Repair it in the Layers "
              "panel (right-click it › Repair Data Source…) or choose another layer in the list.").format(
        what=what, name=layer.name(), source=layer_source_text(layer))


def restore_choice(choice: LayerChoice, layer_id, name, restoring_project: bool) -> None:
    """Put back the layer ``layer_id`` a state names in ``choice``'s list; a project opened without that layer (see
    :meth:`LayerChoice.mark_missing`) leaves the list on none, saying which layer (``name``, else read from its id)
    is missing."""
    layer = QgsProject.instance().mapLayer(layer_id) if isinstance(layer_id, str) and layer_id else None
    if layer is not None:
        choice.combo.setLayer(layer)
    elif restoring_project and isinstance(layer_id, str) and layer_id:
        choice.mark_missing(name if isinstance(name, str) and name else name_of_id(layer_id))


def name_of_id(layer_id: str) -> str:
    """A layer's name as its id holds it (QGIS makes the id of the name and a UUID), for a project saved without the
    name."""
    return re.sub(r"_[0-9a-fA-F]{8}(_[0-9a-fA-F]{4}){3}_[0-9a-fA-F]{12}$", "", layer_id).strip("_") or layer_id


def first_problem(choices) -> str:
    """The first missing input of these lists ('' when none is missing)."""
    for choice in choices:
        text = choice.problem()
        if text:
            return text
    return ""


class LayerToolTip(QObject):
    """The tooltip of a layer list: what the list is for, then the chosen layer's full name and where it comes
    from (the list is narrow and cuts long names). It follows the choice and the layer's renaming."""

    def __init__(self, combo):
        super().__init__(combo)
        self.combo = combo
        #: what the list is for (its tooltip before), shown first
        self.description = combo.toolTip()
        #: shown instead of the description while set (a removed layer's notice)
        self.note = ""
        self._layer = None
        combo.layerChanged.connect(self.refresh)
        # the list also moves as layers are added around its row (QGIS tells of its layer mid-way), and the
        # tooltip is made again as it is shown
        combo.currentIndexChanged.connect(self.refresh)
        combo.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and watched is self.combo:
            self.refresh()
        return False

    def set_note(self, text: str) -> None:
        self.note = text
        self.refresh()

    def _follow(self, layer) -> None:
        if layer is self._layer:
            return
        self._unfollow()
        self._layer = layer
        if layer is not None:
            layer.nameChanged.connect(self.refresh)

    def _unfollow(self) -> None:
        if self._layer is not None:
            try:
                self._layer.nameChanged.disconnect(self.refresh)
            except (TypeError, RuntimeError):
                pass
        self._layer = None

    def refresh(self, *_args) -> None:
        try:
            layer = self.combo.currentLayer()
        except RuntimeError:  # the list is being deleted
            return
        self._follow(layer)
        lines = [self.note or self.description]
        if layer is not None:
            lines.append(layer.name())
            lines.append(layer_source_text(layer))
        self.combo.setToolTip("\n".join(line for line in lines if line))

    def unload(self) -> None:
        self._unfollow()


def layer_source_text(layer) -> str:
    """Where ``layer`` comes from, as a tooltip shows it: its file or URL without passwords (a temporary layer,
    whose source is only its fields, is said to be one)."""
    if layer.providerType() == "memory":
        return tr("temporary layer")
    return layer.publicSource()


def layer_tooltip(combo) -> LayerToolTip:
    """The :class:`LayerToolTip` of ``combo`` (made the first time)."""
    found = combo.findChild(LayerToolTip)
    return found if found is not None else LayerToolTip(combo)
