"""Generate the ILLUSTRATIVE station set of the sample data (not real tower locations).

    python resources/sample/make_stations.py            # rewrites stations_illustrative.{geojson,csv}
    python resources/sample/make_stations.py --output-dir /tmp/x

A deterministic stand-in for what an analyst would map from imagery, following what the
38 North / Stimson study reports for Koryolink's 3G network (towers in population centres and
roughly 3–7 km apart along the roads between them):

* every populated place of ``places_geonames.geojson`` with at least ``MIN_TOWN`` people gets
  towers: ``1 + population // PEOPLE_PER_TOWER`` of them (at most ``MAX_TOWN_TOWERS``), laid out
  as a sunflower spiral about ``TOWN_SPACING_M`` apart around the place's point;
* each such town is linked to its ``NEIGHBOURS`` nearest towns within ``MAX_LINK_KM``; along each
  straight link a tower stands every 3–7 km (seeded random spacing);
* towers falling outside the provinces (at sea) are dropped.

Distances are computed in UTM zone 52N (EPSG:32652). Output uses the plugin's station schema.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import uuid
from pathlib import Path

from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.ops import unary_union

HERE = Path(__file__).resolve().parent
SEED = 20221
MIN_TOWN = 20_000
PEOPLE_PER_TOWER = 60_000
MAX_TOWN_TOWERS = 40
TOWN_SPACING_M = 1_400.0
NEIGHBOURS = 2
MAX_LINK_KM = 90.0
LINK_SPACING_KM = (3.0, 7.0)
END_CLEARANCE_M = 2_500.0
CREATED_AT = "2024-01-01T00:00:00+00:00"
SOURCE = "illustrative sample (resources/sample/make_stations.py)"
NOTE = "ILLUSTRATIVE: generated, not a real tower location"
FIELDS = ("station_id", "name", "technology", "operator", "status", "confidence", "origin", "source",
          "image_date", "first_seen", "last_seen", "antenna_height_m", "azimuths", "radius_m", "detector",
          "notes", "created_at", "updated_at", "reviewed_at", "reviewer", "features")

TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True)
TO_WGS = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True)


def load_towns(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    towns = []
    for feat in data["features"]:
        props = feat["properties"]
        if (props.get("population") or 0) < MIN_TOWN:
            continue
        lon, lat = feat["geometry"]["coordinates"][:2]
        x, y = TO_UTM.transform(lon, lat)
        towns.append({"name": props["name"], "population": int(props["population"]), "x": x, "y": y,
                      "id": int(props["geonameid"])})
    towns.sort(key=lambda t: t["id"])
    return towns


def land(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return unary_union([shape(f["geometry"]) for f in data["features"]]).buffer(0)


def town_towers(town: dict) -> list[tuple[float, float, str]]:
    count = min(MAX_TOWN_TOWERS, 1 + town["population"] // PEOPLE_PER_TOWER)
    golden = math.pi * (3.0 - math.sqrt(5.0))
    out = []
    for k in range(count):
        r = TOWN_SPACING_M * math.sqrt(k) * 0.9
        a = k * golden
        out.append((town["x"] + r * math.cos(a), town["y"] + r * math.sin(a), f"{town['name']} {k + 1}"))
    return out


def links(towns: list[dict]) -> list[tuple[int, int]]:
    edges = set()
    for i, a in enumerate(towns):
        dists = sorted((math.hypot(a["x"] - b["x"], a["y"] - b["y"]), j) for j, b in enumerate(towns) if j != i)
        for d, j in dists[:NEIGHBOURS]:
            if d <= MAX_LINK_KM * 1000.0:
                edges.add((min(i, j), max(i, j)))
    return sorted(edges)


def link_towers(a: dict, b: dict, rng: random.Random) -> list[tuple[float, float, str]]:
    length = math.hypot(b["x"] - a["x"], b["y"] - a["y"])
    out = []
    s = END_CLEARANCE_M + rng.uniform(0, 1000.0)
    k = 1
    while s < length - END_CLEARANCE_M:
        t = s / length
        out.append((a["x"] + t * (b["x"] - a["x"]), a["y"] + t * (b["y"] - a["y"]),
                    f"link {a['name']} – {b['name']} {k}"))
        s += 1000.0 * rng.uniform(*LINK_SPACING_KM)
        k += 1
    return out


def generate(places: Path, provinces: Path) -> list[dict]:
    rng = random.Random(SEED)
    towns = load_towns(places)
    area = land(provinces)
    candidates = []
    for town in towns:
        candidates.extend(town_towers(town))
    for i, j in links(towns):
        candidates.extend(link_towers(towns[i], towns[j], rng))
    records, seen = [], set()
    for x, y, name in candidates:
        lon, lat = TO_WGS.transform(x, y)
        lon, lat = round(lon, 6), round(lat, 6)
        key = (round(x / 500.0), round(y / 500.0))  # one tower per 500 m cell (links crossing towns)
        if key in seen or not area.contains(Point(lon, lat)):
            continue
        seen.add(key)
        records.append({
            "station_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"basestation-mapper-sample:{lon:.6f},{lat:.6f}")),
            "name": name, "technology": "3G", "operator": "Koryolink (illustrative)", "status": "confirmed",
            "confidence": 1.0, "origin": "imported", "source": SOURCE, "image_date": None, "first_seen": None,
            "last_seen": None, "antenna_height_m": 30.0, "azimuths": "", "radius_m": None, "detector": "",
            "notes": NOTE, "created_at": CREATED_AT, "updated_at": CREATED_AT, "reviewed_at": None, "reviewer": "",
            "features": "", "lon": lon, "lat": lat,
        })
    return records


def write(records: list[dict], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    geojson = out_dir / "stations_illustrative.geojson"
    lines = ['{"type": "FeatureCollection", "name": "stations_illustrative", "features": [']
    for i, rec in enumerate(records):
        feat = {"type": "Feature", "properties": {k: rec[k] for k in FIELDS},
                "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}}
        lines.append(json.dumps(feat, ensure_ascii=False) + ("," if i < len(records) - 1 else ""))
    lines.append("]}")
    geojson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = out_dir / "stations_illustrative.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["lon", "lat", *FIELDS])
        for rec in records:
            writer.writerow([rec["lon"], rec["lat"], *("" if rec[k] is None else rec[k] for k in FIELDS)])
    return geojson, table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=HERE)
    parser.add_argument("--places", type=Path, default=HERE / "places_geonames.geojson")
    parser.add_argument("--provinces", type=Path, default=HERE / "provinces_naturalearth.geojson")
    args = parser.parse_args(argv)
    records = generate(args.places, args.provinces)
    paths = write(records, args.output_dir)
    print(f"{len(records)} illustrative stations -> {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
