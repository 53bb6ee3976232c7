"""``make demo``: the whole job headless on the embedded North Korea sample, through Processing.

import stations → coverage → statistics per province → exports (GPKG, KMZ, CSV, XLSX, GeoTIFF)
→ PDF report, into ``demo-output/``. Prints a line per step, the per-province table and where
each file is. Run with ``python -m basestation_mapper.plugin.demo [--output-dir DIR]``.

Exit status: 0 on success, 2 when an algorithm the pipeline needs is not installed (it says
which), 1 when a step fails or the output folder cannot hold the GeoPackages written (it says why).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .constants import PROVIDER_ID, SAMPLE_DIR

#: algorithm -> who provides it (printed when it is missing)
REQUIRED = {
    "importstations": "stations importer",
    "coverage": "coverage engine",
    "coveragestats": "coverage engine",
    "exportlayers": "exports",
    "exportstationscsv": "exports",
    "exporttable": "exports",
    "exportraster": "exports",
    "report": "exports",
}
SAMPLE_STATIONS = SAMPLE_DIR / "stations_illustrative.csv"
SAMPLE_PROVINCES = SAMPLE_DIR / "provinces_naturalearth.geojson"
SAMPLE_PLACES = SAMPLE_DIR / "places_geonames.geojson"
ATTRIBUTION = ("Provinces: Natural Earth (public domain) · Places and population: GeoNames (CC BY 4.0) · "
               "Stations: ILLUSTRATIVE sample, not real tower locations")


#: GeoPackages the pipeline writes into the output folder: the layers QGIS Processing writes (and opens) and the
#: GeoPackage export
WORK_GEOPACKAGES = ("work_stations.gpkg", "work_coverage.gpkg", "work_coverage_dissolved.gpkg",
                    "work_coverage_overlap.gpkg", "work_statistics.gpkg")
EXPORT_GEOPACKAGE = "basestation_mapper.gpkg"


def output_problem(out: Path):
    """Why the pipeline cannot write its GeoPackages into the folder ``out`` (a message), or None: QGIS 3.22
    cannot open a GeoPackage whose path holds '%' and two hexadecimal digits ('North%20Korea'), SQLite none whose
    path is over 504 bytes. (Step 1 failed with "cannot open the output".)"""
    from .processing.base import output_file_problem

    for name in WORK_GEOPACKAGES:
        problem = output_file_problem(out / name, layer=True)
        if problem is not None:
            return problem
    return output_file_problem(out / EXPORT_GEOPACKAGE, layer=False)


class StepFailed(Exception):
    pass


class Pipeline:
    def __init__(self, out: Path, registry, verbose: bool = False):
        from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

        self.out = out
        self.registry = registry
        self.project = QgsProject.instance()
        self.context = QgsProcessingContext()
        self.context.setProject(self.project)
        self.feedback = QgsProcessingFeedback() if verbose else _QuietFeedback()
        self.files: list[tuple[str, Path]] = []
        self.step_no = 0

    def step(self, title: str, total: int = 7) -> float:
        self.step_no += 1
        print(f"[{self.step_no}/{total}] {title} …", flush=True)
        return time.perf_counter()

    def done(self, start: float, text: str) -> None:
        print(f"      {text} ({time.perf_counter() - start:.1f} s)", flush=True)

    def run(self, alg: str, params: dict) -> dict:
        import processing

        from .processing.export_common import fit_parameters

        full = f"{PROVIDER_ID}:{alg}" if ":" not in alg else alg
        algorithm = self.registry.algorithmById(full)
        if algorithm is None:
            raise StepFailed(f"algorithm {full} is not available")
        try:
            return processing.run(full, fit_parameters(algorithm, params), context=self.context,
                                  feedback=self.feedback)
        except Exception as exc:  # report which step failed, then stop
            raise StepFailed(f"{full} failed: {exc}") from exc

    def layer(self, value, name: str):
        from qgis.core import QgsProcessingUtils, QgsRasterLayer, QgsVectorLayer

        layer = QgsProcessingUtils.mapLayerFromString(str(value), self.context) if value else None
        if layer is None and value:
            layer = QgsVectorLayer(str(value), name, "ogr")
            if not layer.isValid():
                layer = QgsRasterLayer(str(value), name)
        if layer is None or not layer.isValid():
            raise StepFailed(f"cannot open the output {value!r} ({name})")
        layer.setName(name)
        return layer

    def close(self) -> None:
        """Release layers and the context before QGIS exits (QGIS crashes on layers outliving it)."""
        import gc

        self.project.clear()
        self.context = None
        gc.collect()

    def file(self, label: str, path) -> Path:
        path = Path(path)
        self.files.append((label, path))
        return path


class _QuietFeedback:
    """Feedback that keeps Processing's chatter out of the demo's output."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class Quiet(QgsProcessingFeedback):
            def pushInfo(self, info):
                pass

            def pushCommandInfo(self, info):
                pass

            def pushDebugInfo(self, info):
                pass

            def pushConsoleInfo(self, info):
                pass

        return Quiet()


def missing_algorithms(registry) -> list[str]:
    return [f"{PROVIDER_ID}:{alg} ({who})" for alg, who in REQUIRED.items()
            if registry.algorithmById(f"{PROVIDER_ID}:{alg}") is None]


def print_table(stats_layer) -> None:
    from .core.tables import report_table
    from .qgis_io.export import snapshot, snapshot_frame
    from .qgis_io.report import unnamed_region

    rows = report_table(snapshot_frame(snapshot(stats_layer)), "region", unnamed=unnamed_region)
    wanted = ("Region", "Population", "Population covered", "Population covered (%)", "Stations", "Est. subscribers")
    keep = [rows[0].index(h) for h in wanted if h in rows[0]]
    table = [[r[i] for i in keep] for r in rows]
    widths = [max(len(r[c]) for r in table) for c in range(len(keep))]
    for n, row in enumerate(table):
        print("  " + "  ".join(cell.ljust(widths[c]) if c == 0 else cell.rjust(widths[c])
                               for c, cell in enumerate(row)))
        if n == 0 or n == len(table) - 2:
            print("  " + "  ".join("-" * w for w in widths))


def pipeline(p: Pipeline) -> None:
    out = p.out
    t = p.step("import the illustrative stations (basestationmapper:importstations)")
    res = p.run("importstations", {"INPUT": str(SAMPLE_STATIONS), "MERGE_DISTANCE": 150.0,
                                   "OUTPUT": str(out / "work_stations.gpkg")})
    stations = p.layer(res["OUTPUT"], "Stations (illustrative)")
    p.done(t, f"{stations.featureCount()} stations")

    provinces = p.layer(str(SAMPLE_PROVINCES), "Provinces")
    places = p.layer(str(SAMPLE_PLACES), "Places (GeoNames)")

    t = p.step("coverage with uncertainty (basestationmapper:coverage)")
    res = p.run("coverage", {"STATIONS": stations, "ALL_SCENARIOS": True,
                             "OUTPUT": str(out / "work_coverage.gpkg"),
                             "OUTPUT_DISSOLVED": str(out / "work_coverage_dissolved.gpkg"),
                             "OUTPUT_OVERLAP": str(out / "work_coverage_overlap.gpkg"),
                             "OUTPUT_RASTER": str(out / "work_coverage_raster.tif")})
    coverage = p.layer(res["OUTPUT"], "Coverage")
    dissolved = p.layer(res["OUTPUT_DISSOLVED"], "Coverage by technology")
    overlap = p.layer(res["OUTPUT_OVERLAP"], "Overlap")
    engine_raster = Path(str(res["OUTPUT_RASTER"]))
    p.done(t, f"{coverage.featureCount()} station polygons (min/likely/max scenarios), "
              f"{dissolved.featureCount()} dissolved, {overlap.featureCount()} overlap classes")

    t = p.step("statistics per province (basestationmapper:coveragestats)")
    res = p.run("coveragestats", {"STATIONS": stations, "REGIONS": provinces, "REGION_FIELD": "name",
                                  "POPULATION_POINTS": places, "POPULATION_FIELD": "population",
                                  "PENETRATION": 0.27, "OUTPUT": str(out / "work_statistics.gpkg")})
    stats = p.layer(res["OUTPUT"], "Coverage statistics")
    p.done(t, f"{stats.featureCount()} rows")

    t = p.step("GeoPackage and KMZ (basestationmapper:exportlayers)")
    gpkg = p.file("GeoPackage (stations, coverage, statistics)", out / EXPORT_GEOPACKAGE)
    p.run("exportlayers", {"LAYERS": [stations, coverage, dissolved, overlap, stats], "OUTPUT": str(gpkg),
                           "OVERWRITE": True})
    kmz = p.file("KMZ for Google Earth", out / "coverage.kmz")
    p.run("exportlayers", {"LAYERS": [dissolved, overlap, stations], "OUTPUT": str(kmz), "OVERWRITE": True,
                           "TITLE": "Base Station Mapper demo (illustrative stations)"})
    p.done(t, f"{gpkg.name}, {kmz.name}")

    t = p.step("stations CSV, statistics CSV and XLSX (exportstationscsv, exporttable)")
    csv = p.file("Stations CSV (WGS84 lon/lat)", out / "stations.csv")
    p.run("exportstationscsv", {"STATIONS": stations, "OUTPUT": str(csv), "OVERWRITE": True})
    stats_csv = p.file("Statistics CSV", out / "statistics.csv")
    p.run("exporttable", {"INPUT": stats, "OUTPUT": str(stats_csv), "OVERWRITE": True})
    xlsx = p.file("Statistics XLSX", out / "statistics.xlsx")
    p.run("exporttable", {"INPUT": stats, "OUTPUT": str(xlsx), "OVERWRITE": True})
    p.done(t, f"{csv.name}, {stats_csv.name}, {xlsx.name}")

    t = p.step("coverage raster to GeoTIFF (basestationmapper:exportraster)")
    tif = p.file("Coverage raster GeoTIFF (stations serving each cell)", out / "coverage.tif")
    res = p.run("exportraster", {"INPUT": str(engine_raster), "OUTPUT": str(tif), "OVERWRITE": True})
    p.done(t, f"{tif.name} ({res.get('DATA_TYPE')})")

    t = p.step("PDF report and map image (basestationmapper:report)")
    pdf = p.file("Report (PDF)", out / "report.pdf")
    png = p.file("Map (PNG)", out / "map.png")
    res = p.run("report", {"STATIONS": stations, "REGIONS": provinces, "REGION_FIELD": "name",
                           "POPULATION_POINTS": places, "POPULATION_FIELD": "population", "PENETRATION": 0.27,
                           "COVERAGE": dissolved, "STATISTICS": stats,
                           "TITLE": "Mobile coverage, North Korea (illustrative stations)",
                           "ATTRIBUTION": ATTRIBUTION, "OUTPUT_PDF": str(pdf), "OUTPUT_PNG": str(png),
                           "OVERWRITE": True})
    p.done(t, f"{pdf.name} ({res.get('PAGES')} pages), {png.name}")

    print("\nCoverage per province (population from GeoNames places; ranges: low–high scenario)")
    print_table(stats)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Base Station Mapper pipeline on the sample data.")
    parser.add_argument("--output-dir", type=Path, default=Path("demo-output"))
    parser.add_argument("--verbose", action="store_true", help="show Processing's messages")
    args = parser.parse_args(argv)

    from .headless import init_processing, start_qgis

    app = start_qgis(gui=True)  # layouts need a GUI application (offscreen is fine)
    from qgis.PyQt.QtCore import QLocale

    # a command line: numbers in Python's English ('1,036', '12.5'), not in the system's locale, which Qt's
    # default is without QGIS's application (what QGIS writes in its messages, i18n.number)
    QLocale.setDefault(QLocale.c())
    registry = init_processing()  # keep this reference: the registry wrapper owns the provider
    from .constants import plugin_name, plugin_version

    print(f"{plugin_name()} {plugin_version()} — demo on the embedded sample (stations are ILLUSTRATIVE)")
    missing = missing_algorithms(registry)
    if missing:
        print(f"demo: cannot run the pipeline, missing {'an algorithm' if len(missing) == 1 else 'algorithms'}:")
        for text in missing:
            print(f"  - {text}")
        print("demo: install/merge the parts that provide them, then run `make demo` again.")
        app.exitQgis()
        return 2
    out = args.output_dir.resolve()
    problem = output_problem(out)
    if problem is not None:
        from .i18n import translated

        print(f"demo: {translated(problem)}", file=sys.stderr)
        app.exitQgis()
        return 1
    out.mkdir(parents=True, exist_ok=True)
    p = Pipeline(out, registry, verbose=args.verbose)
    try:
        pipeline(p)
    except StepFailed as exc:
        print(f"demo: step {p.step_no} failed: {exc}", file=sys.stderr)
        p.close()
        app.exitQgis()
        return 1
    p.files.extend(("intermediate", work) for work in sorted(out.glob("work_*")))
    print("\nFiles:")
    for label, path in p.files:
        size = path.stat().st_size if path.exists() else 0
        print(f"  {label:<48} {path}  ({size / 1024:,.0f} KiB)")
    p.close()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
