"""The report and the exports on what an analyst has at the end of a session: two station layers, coverage
from the dock and from Processing, districts in another CRS (Korea 2000, EPSG:5179), population or none."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)
from support.coverage import polygon_layer, station_layer, wait_for_coverage

PDFTOTEXT = shutil.which("pdftotext")


def _pdf_text(path) -> str:
    out = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())  # the PDF's 'ﬁ' ligatures as 'fi'


def _session(plugin, tmp_path, regions: bool = True):
    """Stations A (WGS84, 4 of 3 km) covered in the dock, stations B (UTM 52N, 3 of 2 km) covered with
    Processing into a GeoPackage, both in the project with two districts in EPSG:5179 and no population
    (the dock's run over the districts unless ``regions`` is False)."""
    import processing

    a = station_layer([(127.0 + 0.05 * i, 37.5) for i in range(4)], crs="EPSG:4326", radius_m=3000.0)
    a.setName("Stations A")
    b = station_layer([(330000.0 + 4000 * i, 4150000.0) for i in range(3)], crs="EPSG:32652", radius_m=2000.0)
    b.setName("Stations B")
    to_5179 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                     QgsCoordinateReferenceSystem("EPSG:5179"), QgsProject.instance())
    wkts = []
    for x0 in (126.9, 127.1):
        geom = QgsGeometry.fromWkt(f"POLYGON(({x0} 37.3,{x0 + 0.2} 37.3,{x0 + 0.2} 37.7,{x0} 37.7,{x0} 37.3))")
        geom.transform(to_5179)
        wkts.append(geom.asWkt())
    districts = polygon_layer(wkts, crs="EPSG:5179", names=["서구", "동구"])
    districts.setName("Districts")
    QgsProject.instance().addMapLayers([a, b, districts])
    coverage = plugin.dock.sections["coverage"]
    coverage.live_check.setChecked(False)
    coverage.station_combo.setLayer(a)
    coverage.region_combo.setLayer(districts if regions else None)
    coverage.raster_combo.setLayer(None)
    coverage.points_combo.setLayer(None)
    coverage.run()
    wait_for_coverage(coverage)
    out = processing.run("basestationmapper:coverage", {"STATIONS": b, "OUTPUT": str(tmp_path / "coverage_b.gpkg")})
    coverage_b = QgsVectorLayer(out["OUTPUT"], "Coverage B", "ogr")
    QgsProject.instance().addMapLayer(coverage_b)
    return coverage, a, b, districts, coverage_b


def _towns():
    towns = QgsVectorLayer("Point?crs=EPSG:4326&field=population:integer", "towns", "memory")
    feats = []
    for i, (x, y) in enumerate([(127.0, 37.5), (127.2, 37.45), (126.95, 37.6)]):
        feat = QgsFeature(towns.fields())
        feat.setAttributes([1000 * (i + 1)])
        feat.setGeometry(QgsGeometry.fromWkt(f"POINT({x} {y})"))
        feats.append(feat)
    towns.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(towns)
    return towns


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_without_population_gives_the_area_covered(plugin, tmp_path):
    """No population chosen: the dock's run made no statistics table, and Report PDF said there was none; the run
    with regions makes the table of the area covered per district, and Report PDF writes it, its methods saying
    that no population was counted (no 'nan' for the empty population columns), its table titled by the area
    covered and no subscribers estimated."""
    coverage, _a, _b, districts, _cov_b = _session(plugin, tmp_path)
    export = plugin.dock.sections["export"]
    export.regions_combo.setLayer(districts)
    export.pdf_path.setFilePath(str(tmp_path / "report.pdf"))
    assert export.make_report() is not None, export.status.text()
    text = _pdf_text(tmp_path / "report.pdf")
    assert "서구" in text and "동구" in text and "TOTAL" in text
    assert "Population: none (the area covered only)." in text
    assert "Area covered per region" in text and "Coverage and population per region" not in text
    assert "Estimated subscribers =" not in text  # no people counted, no subscribers estimated
    assert "nan" not in text.lower().replace("nanum", "")
    # the table's population columns (a dash in every row) are left out, the methods' parameters give no
    # penetration, and page 1's summary gives the share of the area covered with its range
    assert "Area covered (%)" in text and "Population covered" not in text and "Est. subscribers" not in text
    assert "penetration" not in text
    assert re.search(r"4 stations · \d+\.\d % of area covered \(\d+\.\d–\d+\.\d %\)", text), text[:300]
    coverage.runner.shutdown()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_of_a_chosen_area_only_table_says_no_population(plugin, tmp_path):
    """A coveragestats table of the area covered (no population source) chosen under Statistics: the methods
    said 'Population: as in the statistics table ...', a source it does not have; they say none."""
    import processing

    coverage, _a, b, districts, _cov_b = _session(plugin, tmp_path)
    out = processing.run("basestationmapper:coveragestats", {
        "STATIONS": b, "REGIONS": districts, "OUTPUT": str(tmp_path / "area.gpkg")})
    table = QgsVectorLayer(out["OUTPUT"], "Area B", "ogr")
    QgsProject.instance().addMapLayer(table)
    export = plugin.dock.sections["export"]
    export.stats_combo.setLayer(table)
    export.regions_combo.setLayer(districts)
    export.pdf_path.setFilePath(str(tmp_path / "chosen.pdf"))
    assert export.make_report() is not None, export.status.text()
    text = _pdf_text(tmp_path / "chosen.pdf")
    assert "Population: none (the area covered only)." in text
    assert "as in the statistics table" not in text and "Population covered" not in text
    coverage.runner.shutdown()


def test_report_without_regions_says_regions_alone_make_the_table(plugin, tmp_path):
    """The dock's run without regions makes no statistics table: Report PDF asked for 'a population raster or
    population points' as well, which the area covered per region no longer needs; it asks for a region layer
    only, the population being for the people covered, and writes nothing."""
    coverage, _a, _b, districts, _cov_b = _session(plugin, tmp_path, regions=False)
    export = plugin.dock.sections["export"]
    export.regions_combo.setLayer(districts)
    export.pdf_path.setFilePath(str(tmp_path / "report.pdf"))
    assert export.make_report() is None
    text = export.status.text()
    assert "No statistics table for the report" in text
    assert "with a region layer (the run makes the table" in text
    assert "the area covered per region, and the people covered with a population raster" in text
    assert "layer and a population raster" not in text
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "report_map.png").exists()
    coverage.runner.shutdown()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_methods_give_the_stations_own_radii(plugin, tmp_path):
    """Stations that all carry radius_m are covered by those radii (they win over the presets): the methods of
    the dock's Report PDF and of Processing's report said 'radius per technology 2G 12 km, 3G 4 km...', radii
    nobody used."""
    import processing

    coverage, _a, b, districts, coverage_b = _session(plugin, tmp_path)
    towns = _towns()
    coverage.points_combo.setLayer(towns)
    coverage.points_field.setField("population")
    coverage.run()
    wait_for_coverage(coverage)
    export = plugin.dock.sections["export"]
    export.pdf_path.setFilePath(str(tmp_path / "dock.pdf"))
    assert export.make_report() is not None, export.status.text()
    processing.run("basestationmapper:report", {
        "STATIONS": b, "REGIONS": districts, "COVERAGE": coverage_b, "POPULATION_POINTS": towns,
        "POPULATION_FIELD": "population", "OUTPUT_PDF": str(tmp_path / "processing.pdf")})
    for pdf in ("dock.pdf", "processing.pdf"):
        text = _pdf_text(tmp_path / pdf)
        assert "radius each station's own (field radius_m)" in text, pdf
        assert "radius per technology" not in text, pdf
    coverage.runner.shutdown()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_dock_report_maps_the_stations_its_statistics_count(plugin, tmp_path):
    """Report PDF of the dock's statistics with no station layer chosen in Export (it is the CSV's choice): the
    map had no stations and the summary no count, while the table counted the run's 4 stations; the stations
    of the run that made the table are mapped and counted with the dock's coverage (not under a coverage ticked
    for the map), and a layer chosen in Export still wins."""
    coverage, a, b, _districts, _coverage_b = _session(plugin, tmp_path)
    coverage.points_combo.setLayer(_towns())
    coverage.points_field.setField("population")
    coverage.run()
    wait_for_coverage(coverage)
    export = plugin.dock.sections["export"]
    export.pdf_path.setFilePath(str(tmp_path / "run.pdf"))
    assert export.make_report() is not None, export.status.text()
    text = _pdf_text(tmp_path / "run.pdf")
    assert a.name() == "Stations A" and "4 stations" in text and "Stations mapped: 4." in text
    export.set_layer_checked(_coverage_b)  # another network's coverage ticked for the map: not under these stations
    export.pdf_path.setFilePath(str(tmp_path / "ticked.pdf"))
    assert export.make_report() is not None, export.status.text()
    assert "Stations mapped" not in _pdf_text(tmp_path / "ticked.pdf")
    export.stations_combo.setLayer(b)
    export.pdf_path.setFilePath(str(tmp_path / "chosen.pdf"))
    assert export.make_report() is not None, export.status.text()
    assert "Stations mapped: 3." in _pdf_text(tmp_path / "chosen.pdf")
    coverage.runner.shutdown()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize(("model", "budget"), [("hata", "900 MHz, 58 dBm, -100 dBm, urban"),
                                               ("cost231", "1800 MHz, 58 dBm, -100 dBm, urban")])
def test_processing_report_methods_give_the_link_budget_of_its_model(plugin, tmp_path, model, budget):
    """MODEL hata or cost231: the coverage is the link budget's, but the methods gave 'radius per technology
    2G 12 km...' (the presets, unused); they give the link budget basestationmapper:coverage used."""
    import processing

    stations = station_layer([(127.0, 37.5), (127.1, 37.5)], crs="EPSG:4326")
    towns = _towns()
    regions = polygon_layer(["POLYGON((126.9 37.3,127.3 37.3,127.3 37.7,126.9 37.7,126.9 37.3))"], names=["구"])
    QgsProject.instance().addMapLayers([stations, regions])
    processing.run("basestationmapper:report", {
        "STATIONS": stations, "REGIONS": regions, "REGION_FIELD": "name", "MODEL": model,
        "POPULATION_POINTS": towns, "POPULATION_FIELD": "population", "OUTPUT_PDF": str(tmp_path / "r.pdf")})
    text = _pdf_text(tmp_path / "r.pdf")
    assert f"Parameters: Link budget {budget};" in text and "radius per technology" not in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_area_only_report_leaves_penetration_out_after_a_language_change(korean_plugin, tmp_path):
    """The dock's run stored its penetration under the word of QGIS's language ('보급률' in Korean), so a report
    of the area covered made after QGIS was switched to English listed '보급률 0.27' among its parameters (only
    'penetration' was left out); the run stores a key that is the same in every language, and a run stored
    with the Korean word (an older project) is read too: neither report lists a penetration."""
    import json

    from basestation_mapper.plugin.i18n import remove_translator
    from basestation_mapper.plugin.qgis_io.report import COVERAGE_RUN_PROPERTY, coverage_run_of

    coverage, _a, _b, districts, _cov_b = _session(korean_plugin, tmp_path)
    stats = next(layer for layer in QgsProject.instance().mapLayers().values() if coverage_run_of(layer))
    run = coverage_run_of(stats)
    assert "penetration" in run["parameters"] and "보급률" not in run["parameters"]
    remove_translator()  # QGIS in English now
    export = korean_plugin.dock.sections["export"]
    export.stats_combo.setLayer(stats)
    export.regions_combo.setLayer(districts)
    for name, parameters in (("new", run["parameters"]),
                             ("old", {("보급률" if k == "penetration" else k): v
                                      for k, v in run["parameters"].items()})):
        stats.setCustomProperty(COVERAGE_RUN_PROPERTY, json.dumps({**run, "parameters": parameters}))
        export.pdf_path.setFilePath(str(tmp_path / f"{name}.pdf"))
        assert export.make_report() is not None, export.status.text()
        text = _pdf_text(tmp_path / f"{name}.pdf")
        assert "Population: none (the area covered only)." in text, name
        assert "보급률" not in text and "penetration" not in text, name
    coverage.runner.shutdown()


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_run_stored_in_korean_is_described_in_english_after_a_language_change(korean_plugin, tmp_path):
    """The dock's run stored its model, the labels of its parameters ('radius', 'Link budget', 'Range (radius ×)')
    and their words (each station's own radius, the environment, the population source) in the language of the
    run: a report made after QGIS was switched to English (or a project of a Korean analyst opened by an English
    one) described the run in Korean. They are stored the same in every language and named in the report's; a
    run stored with the Korean labels (an older project) is read with its labels in English."""
    import json

    from basestation_mapper.plugin.core import radio
    from basestation_mapper.plugin.i18n import remove_translator, tr
    from basestation_mapper.plugin.qgis_io.report import COVERAGE_RUN_PROPERTY, coverage_run_of

    korean = {w: tr(w) for w in ("radius", "Link budget", "Range (radius ×)", "urban", "Okumura-Hata",
                                 "each station's own (field radius_m) for {n} of {total}, the others:",
                                 "places of {name} (field {field}), counted where they fall")}
    assert all(k != v for k, v in korean.items() if k != "Okumura-Hata"), korean  # Korean QGIS
    stations = station_layer([(127.0 + 0.05 * i, 37.5) for i in range(4)], crs="EPSG:4326",
                             radius_m=[3000.0, None, None, None])
    districts = polygon_layer(["POLYGON((126.9 37.3,127.3 37.3,127.3 37.7,126.9 37.7,126.9 37.3))"], names=["서구"])
    QgsProject.instance().addMapLayers([stations, districts])
    towns = _towns()
    coverage = korean_plugin.dock.sections["coverage"]
    coverage.live_check.setChecked(False)
    coverage.model_combo.setCurrentIndex(coverage.model_combo.findData(radio.MODEL_HATA))
    coverage.station_combo.setLayer(stations)
    coverage.region_combo.setLayer(districts)
    coverage.raster_combo.setLayer(None)
    coverage.points_combo.setLayer(towns)
    coverage.points_field.setField("population")
    coverage.run()
    wait_for_coverage(coverage)
    stats = next(layer for layer in QgsProject.instance().mapLayers().values() if coverage_run_of(layer))
    run = coverage_run_of(stats)
    stored = json.dumps(run, ensure_ascii=False)
    assert not re.search("[\uac00-\ud7a3]", stored.replace("서구", "")), stored  # no Korean word stored
    remove_translator()  # QGIS in English now
    export = korean_plugin.dock.sections["export"]
    export.stats_combo.setLayer(stats)
    export.regions_combo.setLayer(districts)
    export.pdf_path.setFilePath(str(tmp_path / "english.pdf"))
    assert export.make_report() is not None, export.status.text()
    text = _pdf_text(tmp_path / "english.pdf")
    assert "Coverage model: Okumura-Hata." in text, text
    assert ("radius each station's own (field radius_m) for 1 of 4, the others: Link budget 900 MHz, 58 dBm, "
            "-100 dBm, urban;") in text, text
    assert "Range (radius ×) 0.7–1.3; penetration 0.27." in text, text
    assert "Population: places of towns (field population), counted where they fall." in text, text
    for english, word in korean.items():
        parts = [p for p in re.split(r"\{\w+\}", word) if p.strip()]
        assert english == word or not any(p in text for p in parts), word
    # a run stored by the dock before: its labels in the run's language (Korean), its words as they were
    old = {"radius": "3,000 m", "Range (radius ×)": "0.8–1.2"}
    stats.setCustomProperty(COVERAGE_RUN_PROPERTY, json.dumps(
        {**run, "model": "Okumura-Hata", "population": "", "parameters": {korean[k]: v for k, v in old.items()}}))
    export.pdf_path.setFilePath(str(tmp_path / "old.pdf"))
    assert export.make_report() is not None, export.status.text()
    text = _pdf_text(tmp_path / "old.pdf")
    assert "Parameters: radius 3,000 m; Range (radius ×) 0.8–1.2." in text, text
    coverage.runner.shutdown()
