"""The provider's algorithms as the Toolbox, scripts and qgis_process see them: help, search, icons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import qgis_process

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


TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|&[A-Za-z#0-9]+;")


def test_help_is_plain_text_in_english_and_korean(repo_root):
    """qgis_process help printed the help's HTML as it was (<b>MODEL</b>, <br>, <code>); QGIS's own Python
    algorithms write plain text with newlines, which the algorithm dialog shows as paragraphs."""
    from qgis.core import QgsSettings

    from basestation_mapper.plugin import i18n

    settings = QgsSettings()
    old = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    texts = {}
    try:
        for locale in ("en_US", "ko_KR"):
            settings.setValue("locale/overrideFlag", True)
            settings.setValue("locale/userLocale", locale)
            assert (i18n.install_translator() is None) == (locale == "en_US")
            texts[locale] = {alg.id(): alg.shortHelpString() for alg in _algorithms()}
    finally:
        i18n.remove_translator()
        for key, value in old.items():
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)
    assert len(texts["en_US"]) >= 12
    for locale, helps in texts.items():
        for alg_id, text in helps.items():
            assert not TAG.search(text) and "<" not in text, (locale, alg_id, TAG.search(text))
            assert "\n" in text or len(text) < 200, (locale, alg_id)  # paragraphs, as the dialog shows them
    coverage = texts["en_US"]["basestationmapper:coverage"]
    assert "\nMODEL: preset uses the technology radii" in coverage
    assert "Example: qgis_process run basestationmapper:coverage -- STATIONS=stations.gpkg" in coverage
    assert "\nMODEL: preset은 기술별 반경" in texts["ko_KR"]["basestationmapper:coverage"]


def test_coveragestats_help_counts_population_areas_as_a_population(qgis_processing):
    """The help said the area alone is counted without POPULATION and POPULATION_POINTS, while POPULATION_AREAS
    given alone counts people as well."""
    from qgis.core import QgsApplication

    text = QgsApplication.processingRegistry().algorithmById("basestationmapper:coveragestats").shortHelpString()
    line = next(part for part in text.split("\n") if part.startswith("Without any population"))
    assert "POPULATION_AREAS" in line.split(":")[0], line


def test_detect_help_names_the_imagery_it_reads(qgis_processing):
    """detect searches Float32 reflectance (0-1 or × 10,000), RGB-NIR and palette imagery, as the README says; its
    help said 'RGB or single band, 8 or 16 bit' only."""
    from qgis.core import QgsApplication

    text = QgsApplication.processingRegistry().algorithmById("basestationmapper:detect").shortHelpString()
    line = next(part for part in text.split("\n") if part.startswith("INPUT: "))
    for kind in ("RGB-NIR", "palette", "Float32 reflectance, 0-1 or × 10,000"):
        assert kind in line, (kind, line)


@pytest.mark.skipif(qgis_process.executable() is None, reason="qgis_process is not installed")
def test_qgis_process_help_prints_no_html(repo_root, tmp_path):
    env = qgis_process.profile_env(tmp_path, repo_root)
    done = qgis_process.run(env, "help", "basestationmapper:coveragestats")
    assert done.returncode == 0, done.stderr
    description = done.stdout.split("Description\n----------------\n", 1)[1].split("\n----------------\n")[0]
    assert "Population: POPULATION, a raster of people counts" in description
    assert not TAG.search(description), TAG.search(description)
