"""The dock on a small screen: 320 px wide and 600 px high, in Korean (whose labels are longer). The sections
made the dock 507 px wide (a horizontal scroll bar, the right half of every row out of view), and Tab went
through each section's controls before its collapse button, Export's lists after its folder."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget

#: the sections measured here
SECTIONS = ("stations", "imagery", "detection", "coverage", "export")


@pytest.fixture
def narrow_dock(korean_plugin, qgis_iface):
    dock = korean_plugin.dock
    qgis_iface.mainWindow().show()
    dock.setFloating(True)
    dock.show()
    dock.resize(320, 600)
    for box in dock.group_boxes.values():
        box.setCollapsed(False)
    QApplication.processEvents()
    return dock


def test_sections_fit_a_320_px_dock_in_korean(narrow_dock):
    dock = narrow_dock
    assert dock.sections["coverage"].run_button.text() != "Compute coverage"  # Korean indeed
    scroll = dock.findChild(QScrollArea)
    body = scroll.widget()
    for _ in range(3):
        QApplication.processEvents()
    assert scroll.horizontalScrollBar().maximum() == 0
    width = scroll.viewport().width()
    for key in SECTIONS:
        section = dock.sections[key]
        assert body.width() - section.width() <= 24, key  # margins around a section (42 px before)
        assert section.minimumSizeHint().width() <= width - (body.width() - section.width()), key
        for w in section.findChildren(QWidget):
            if not w.isVisibleTo(dock):
                continue
            right = w.mapTo(body, w.rect().topRight()).x()
            assert right <= width, (key, w.objectName(), right, width)
            text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
            if text and not (isinstance(w, QLabel) and w.wordWrap()):
                assert w.sizeHint().width() <= w.width() + 1, (key, w.objectName(), text)


def test_tab_goes_down_the_dock_as_it_reads(narrow_dock):
    dock = narrow_dock
    body = dock.findChild(QScrollArea).widget()

    def tabbable(w):
        return (w.isVisibleTo(dock) and w.isEnabled() and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
                and w.focusProxy() is None)

    wanted = [w for w in body.findChildren(QWidget) if tabbable(w)]
    chain, w = [], dock.sample_button
    for _ in range(5000):
        w = w.nextInFocusChain()
        if w is dock.sample_button:
            break
        if tabbable(w) and body.isAncestorOf(w) and w not in chain:
            chain.append(w)
    assert set(chain) == set(wanted)  # every control is reached by Tab
    tops = [w.mapTo(body, w.rect().topLeft()).y() for w in chain]
    for before, after, w0, w1 in zip(tops, tops[1:], chain, chain[1:]):
        assert after >= before - 4, (w0.objectName(), before, w1.objectName(), after)
    for key, box in dock.group_boxes.items():  # each box's collapse button comes before what it holds
        inside = [i for i, w in enumerate(chain) if box.isAncestorOf(w)]
        assert inside and chain[inside[0]].parent() is box, key


def test_the_reranks_progress_and_cancel_fit_a_320_px_dock_in_korean(narrow_dock):
    """The row shown while a re-rank runs (its progress and Cancel re-rank) fits beside the others."""
    panel = narrow_dock.sections["detection"].detection
    panel.rerank_busy.setVisible(True)
    for _ in range(3):
        QApplication.processEvents()
    scroll = narrow_dock.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
    body, width = scroll.widget(), scroll.viewport().width()
    button = panel.rerank_cancel_button
    assert button.text() != "Cancel re-rank" and button.sizeHint().width() <= button.width() + 1
    for w in (panel.rerank_progress, button):
        assert w.mapTo(body, w.rect().topRight()).x() <= width, w.objectName()


def test_the_detection_message_takes_the_width_of_the_dock(narrow_dock):
    """The run's message stood beside the re-rank button: in a 320 px dock a sentence took a column of a word or two
    per line, as tall as the screen."""
    panel = narrow_dock.sections["detection"].detection
    panel.status_label.setText("4 candidates from scene added to Detected candidates. Sun searched: about 193°.")
    for _ in range(3):
        QApplication.processEvents()
    assert panel.status_label.width() >= 0.9 * panel.progress.width()
    assert panel.status_label.height() <= 4 * panel.status_label.fontMetrics().height()
