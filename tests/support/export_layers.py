"""Layers the export tests build: stations (station schema), coverage polygons, regions, statistics.

Deterministic and small; positions in North Korea (UTM 52N) so the report looks like the real job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from basestation_mapper.plugin.compat import field_type
from basestation_mapper.plugin.core.stations import default_record
from basestation_mapper.plugin.qgis_io.station_layer import create_memory_station_layer, frame_to_features

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
UTM52 = QgsCoordinateReferenceSystem("EPSG:32652")
TECHS = ("2G", "3G", "4G", "3G", "unknown")

#: (region name, lon0, lat0, lon1, lat1) — rectangles standing in for provinces.
REGIONS = (
    ("P'yŏngyang", 125.55, 38.90, 125.95, 39.20),
    ("Hamgyŏng-namdo", 127.30, 39.70, 127.80, 40.10),
    ("강원도 Kangwŏn", 127.20, 38.70, 127.60, 39.10),
)


def station_frame(n: int = 12, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        _name, lon0, lat0, lon1, lat1 = REGIONS[i % len(REGIONS)]
        rec = default_record(
            station_id=f"st-{i:03d}",
            name=f"Tower {i} {'평양' if i % 3 == 0 else ''}".strip(),
            technology=TECHS[i % len(TECHS)],
            operator="Koryolink",
            status="confirmed" if i % 4 else "candidate",
            confidence=round(float(rng.uniform(0.5, 1.0)), 3),
            origin=("manual", "detected", "imported")[i % 3],
            source=f"scene_{i % 2}.tif",
            image_date=f"2021-0{1 + i % 9}-15",
            first_seen="2019-05-01",
            last_seen="2022-03-10",
            antenna_height_m=float(25 + i),
            azimuths="0;120;240" if i % 2 else "",
            radius_m=None if i % 3 else 3500.0,
            notes="rooftop, solar panels" if i % 5 == 0 else "",
            created_at="2024-01-02T03:04:05+00:00",
            updated_at="2024-01-02T03:04:05+00:00",
        )
        rec["lon"] = float(rng.uniform(lon0 + 0.02, lon1 - 0.02))
        rec["lat"] = float(rng.uniform(lat0 + 0.02, lat1 - 0.02))
        rows.append(rec)
    return pd.DataFrame(rows)


def station_layer(n: int = 12, seed: int = 7, name: str = "Stations") -> QgsVectorLayer:
    layer = create_memory_station_layer(name)
    layer.dataProvider().addFeatures(frame_to_features(station_frame(n, seed), layer.fields()))
    layer.updateExtents()
    return layer


def coverage_layer(stations: QgsVectorLayer, radius_m: float = 4000.0, name: str = "Coverage") -> QgsVectorLayer:
    """Per-station coverage discs buffered in UTM 52N, stored in WGS84 (station_id, technology, radius_m)."""
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField("station_id", field_type("str")),
                                        QgsField("technology", field_type("str")),
                                        QgsField("radius_m", field_type("float"))])
    layer.updateFields()
    to_utm = QgsCoordinateTransform(WGS84, UTM52, QgsProject.instance())
    to_wgs = QgsCoordinateTransform(UTM52, WGS84, QgsProject.instance())
    feats = []
    for st in stations.getFeatures():
        geom = QgsGeometry(st.geometry())
        geom.transform(to_utm)
        disc = geom.buffer(radius_m, 24)
        disc.transform(to_wgs)
        disc.convertToMultiType()
        f = QgsFeature(layer.fields())
        f.setAttributes([st["station_id"], st["technology"], radius_m])
        f.setGeometry(disc)
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


def regions_layer(name: str = "Regions") -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField("name", field_type("str"))])
    layer.updateFields()
    feats = []
    for rname, lon0, lat0, lon1, lat1 in REGIONS:
        f = QgsFeature(layer.fields())
        f.setAttributes([rname])
        f.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(lon0, lat0), QgsPointXY(lon1, lat0),
                                                  QgsPointXY(lon1, lat1), QgsPointXY(lon0, lat1)]]))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    return layer


STATS_FIELDS = (
    ("region", "str"), ("area_km2", "float"), ("covered_km2", "float"), ("covered_km2_min", "float"),
    ("covered_km2_max", "float"), ("covered_area_pct", "float"), ("population", "float"),
    ("covered_pop", "float"), ("covered_pop_min", "float"), ("covered_pop_max", "float"),
    ("covered_pop_pct", "float"), ("covered_pop_pct_min", "float"), ("covered_pop_pct_max", "float"),
    ("stations", "int"), ("estimated_subscribers", "float"), ("estimated_subscribers_min", "float"),
    ("estimated_subscribers_max", "float"),
)


def stats_rows(seed: int = 3, regions=REGIONS) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for rname, *_ in regions:
        area = float(rng.uniform(800, 12000))
        covered = area * float(rng.uniform(0.1, 0.6))
        pop = float(rng.integers(200_000, 3_000_000))
        cpop = pop * float(rng.uniform(0.4, 0.9))
        rows.append({
            "region": rname, "area_km2": area, "covered_km2": covered, "covered_km2_min": covered * 0.7,
            "covered_km2_max": min(area, covered * 1.3), "covered_area_pct": 100 * covered / area,
            "population": pop, "covered_pop": cpop, "covered_pop_min": cpop * 0.8,
            "covered_pop_max": min(pop, cpop * 1.15), "covered_pop_pct": 100 * cpop / pop,
            "covered_pop_pct_min": 80 * cpop / pop, "covered_pop_pct_max": 100 * min(pop, cpop * 1.15) / pop,
            "stations": int(rng.integers(3, 40)), "estimated_subscribers": 0.27 * cpop,
            "estimated_subscribers_min": 0.26 * cpop * 0.8, "estimated_subscribers_max": 0.28 * min(pop, cpop * 1.15),
        })
    return rows


def stats_layer(rows: list[dict] | None = None, name: str = "Coverage statistics") -> QgsVectorLayer:
    """A geometry-less table with the fields of basestationmapper:coveragestats."""
    rows = rows if rows is not None else stats_rows()
    layer = QgsVectorLayer("None", name, "memory")
    layer.dataProvider().addAttributes([QgsField(n, field_type(k)) for n, k in STATS_FIELDS])
    layer.updateFields()
    feats = []
    for row in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes([row[n] for n, _ in STATS_FIELDS])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def empty_like(layer: QgsVectorLayer, name: str = "Empty coverage") -> QgsVectorLayer:
    empty = QgsVectorLayer(f"MultiPolygon?crs={layer.crs().authid()}", name, "memory")
    empty.dataProvider().addAttributes(layer.fields().toList())
    empty.updateFields()
    return empty


def layer_records(layer: QgsVectorLayer) -> list[dict]:
    """Attributes of every feature (NULL as None), in feature order."""
    names = [f.name() for f in layer.fields()]
    out = []
    for feat in layer.getFeatures():
        out.append({n: (None if _null(v) else v) for n, v in zip(names, feat.attributes())})
    return out


def _null(value) -> bool:
    if value is None:
        return True
    try:
        return value.isNull()
    except AttributeError:
        return False


def places_layer(name: str = "Places") -> QgsVectorLayer:
    """Populated places (points with a ``population`` field), three per region."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    layer.dataProvider().addAttributes([QgsField("name", field_type("str")),
                                        QgsField("population", field_type("float"))])
    layer.updateFields()
    feats = []
    for i, (rname, lon0, lat0, lon1, lat1) in enumerate(REGIONS):
        for k in range(3):
            f = QgsFeature(layer.fields())
            f.setAttributes([f"{rname} town {k}", float(50_000 * (i + 1) + 10_000 * k)])
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon0 + (k + 1) * (lon1 - lon0) / 4,
                                                             (lat0 + lat1) / 2)))
            feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def ready_export_section(plugin, folder, base_name: str):
    """The dock's Export section set as an analyst sets it: the coverage and stations layers ticked, GeoPackage and
    KMZ, the stations CSV, the statistics as XLSX, ``folder`` and ``base_name``. Returns ``(section, stations,
    coverage, regions, statistics)``, all added to the project."""
    from qgis.core import QgsProject

    stations = station_layer()
    cov = coverage_layer(stations)
    reg = regions_layer()
    stats = stats_layer()
    QgsProject.instance().addMapLayers([stations, cov, reg, stats])
    section = plugin.dock.sections["export"]
    section.set_layer_checked(cov)
    section.set_layer_checked(stations)
    for key, box in section.format_checks.items():
        box.setChecked(key in ("gpkg", "kmz"))
    section.stations_combo.setLayer(stations)
    section.stations_csv.setChecked(True)
    section.stats_combo.setLayer(stats)
    section.stats_csv.setChecked(False)
    section.stats_xlsx.setChecked(True)
    section.folder.setFilePath(str(folder))
    section.base_name.setText(base_name)
    return section, stations, cov, reg, stats


def wait_for_export(section, timeout: float = 20.0) -> None:
    """Until the section's export task has ended (its results shown)."""
    import time

    from qgis.core import QgsApplication

    start = time.time()
    while section._task is not None:
        QgsApplication.processEvents()
        assert time.time() - start < timeout, "export task did not finish"
        time.sleep(0.01)
    QgsApplication.processEvents()
