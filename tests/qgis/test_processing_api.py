"""The provider's algorithms as the Toolbox, scripts and qgis_process see them: help, search, icons."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("provider")


def _algorithms():
    from qgis.core import QgsApplication

    from basestation_mapper.plugin.constants import PROVIDER_ID

    return QgsApplication.processingRegistry().providerById(PROVIDER_ID).algorithms()


def test_every_algorithm_has_help_url_tags_and_its_own_icon(qgis_processing):
    algorithms = _algorithms()
    assert len(algorithms) >= 12
    for alg in algorithms:
        name = alg.id()
        assert alg.displayName() and alg.shortHelpString() and alg.group() and alg.groupId(), name
        # the Help button of the algorithm dialog opens the README's table of algorithms
        assert alg.helpUrl().startswith("https://") and alg.helpUrl().endswith("#processing-algorithms"), name
        # the Toolbox search finds the algorithms by what they are about, not only by their title
        tags = alg.tags()
        assert "cell tower" in tags and len(tags) > 4, (name, tags)
        svg = alg.svgIconPath()
        assert Path(svg).is_file() and svg.endswith("icon.svg"), (name, svg)
        assert not alg.icon().isNull(), name
    detect = next(a for a in algorithms if a.name() == "detect")
    assert "shadow" in detect.tags()
