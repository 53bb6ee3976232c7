"""Builders of station files for the tests (synthetic, fixed seed, small)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

#: A few points in Pyongyang / Hamhung (lon, lat).
PLACES = [(125.7543, 39.0392), (125.7800, 39.0190), (127.5364, 39.9183), (124.3953, 40.1006)]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def station_csv(path: Path, rows=None, delimiter: str = ",", header=("name", "lon", "lat", "technology", "operator"),
                encoding: str = "utf-8") -> Path:
    rows = rows if rows is not None else [
        ("Tower A", 125.7543, 39.0392, "3G", "Koryolink"),
        ("Tower B", 125.7800, 39.0190, "UMTS", "Koryolink"),
        ("Mast C", 127.5364, 39.9183, "GSM", "Kangsong"),
    ]
    lines = [delimiter.join(header)] + [delimiter.join(str(v) for v in r) for r in rows]
    return write(path, "\n".join(lines) + "\n", encoding)


def opencellid_csv(path: Path, n_sites: int = 20, seed: int = 7, header: bool = True, extra_rows=()) -> Path:
    """An OpenCelliD export: each site has 3 LTE sectors (one eNB) or 3 UMTS cells a few metres apart."""
    rng = np.random.default_rng(seed)
    lines = ["radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal"] \
        if header else []
    cell_id = 1000
    for i in range(n_sites):
        lon = 125.0 + rng.uniform(0, 2.0)
        lat = 38.5 + rng.uniform(0, 2.0)
        radio = "LTE" if i % 2 == 0 else "UMTS"
        enb = 5000 + i
        for sector in range(3):
            cell = enb * 256 + sector if radio == "LTE" else cell_id
            cell_id += 1
            dlon, dlat = rng.normal(0, 0.0004, 2)  # ~40 m scatter
            lines.append(f"{radio},467,5,{100 + i},{cell},0,{lon + dlon:.6f},{lat + dlat:.6f},1000,"
                         f"{int(rng.integers(1, 30))},1,{1300000000 + i * 86400 * 30},1600000000,0")
    lines.extend(extra_rows)
    return write(path, "\n".join(lines) + "\n")


KML_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document><name>Towers</name>
{body}
</Document></kml>
"""


def placemark(name, lon, lat, data=None, when=None):
    ext = ""
    if data:
        ext = "<ExtendedData>" + "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in data.items()) \
            + "</ExtendedData>"
    ts = f"<TimeStamp><when>{when}</when></TimeStamp>" if when else ""
    return f"<Placemark><name>{name}</name>{ts}{ext}<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"


def station_kml(path: Path, body: str | None = None) -> Path:
    if body is None:
        body = ("<Folder><name>Koryolink</name>"
                + placemark("K1", 125.7543, 39.0392, {"technology": "3G"}, when="2021-05-03")
                + placemark("K2", 125.7800, 39.0190)
                + "</Folder><Folder><name>Kangsong</name>"
                + placemark("G1", 127.5364, 39.9183, {"technology": "4G"})
                + "</Folder>")
    return write(path, KML_TEMPLATE.format(body=body))


def station_kmz(path: Path, kml_text: str | None = None, inner_name: str = "doc.kml") -> Path:
    if kml_text is None:
        kml_text = station_kml(path.with_suffix(".tmp.kml")).read_text(encoding="utf-8")
        path.with_suffix(".tmp.kml").unlink()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(inner_name, kml_text)
        zf.writestr("files/icon.txt", "not an image")
    return path


def partly_downloaded_osm(path: Path) -> Path:
    """JOSM's save of an area cutting a compound: relation 100's member ways 10 and 11 are in the file, 12 and 13
    are not (outside the area downloaded); way 200 has 2 of its 4 nodes; relation 300 is whole."""
    nodes = {1: (126.0, 40.0), 2: (126.001, 40.0), 3: (126.001, 40.001), 4: (126.0, 40.001),
             5: (127.0, 41.0), 6: (127.001, 41.0), 7: (127.5, 41.5), 8: (127.501, 41.5), 9: (127.5, 41.501)}
    tower = '<tag k="man_made" v="tower"/><tag k="tower:type" v="communication"/>'
    return write(path, '<osm version="0.6" generator="JOSM">'
                 + "".join(f'<node id="{i}" lat="{y}" lon="{x}"/>' for i, (x, y) in nodes.items())
                 + '<way id="10"><nd ref="1"/><nd ref="2"/></way><way id="11"><nd ref="2"/><nd ref="3"/></way>'
                 '<way id="30"><nd ref="7"/><nd ref="8"/><nd ref="9"/><nd ref="7"/></way>'
                 '<relation id="100">'
                 + "".join(f'<member type="way" ref="{w}" role="outer"/>' for w in (10, 11, 12, 13))
                 + f'<tag k="type" v="multipolygon"/>{tower}</relation>'
                 f'<way id="200"><nd ref="5"/><nd ref="6"/><nd ref="98"/><nd ref="99"/><nd ref="5"/>{tower}</way>'
                 f'<relation id="300"><member type="way" ref="30" role="outer"/><tag k="type" v="multipolygon"/>'
                 f'{tower}</relation></osm>')


def overpass_partly_there(form: str) -> dict:
    """An Overpass answer of relation 100 (member ways 10 and 11 there, 12 and 13 cut off), way 200 (2 of its 4
    nodes there) and relation 300 (whole): 'out body; >;' (the ways and nodes recursed down to) or 'out geom;'
    with a bounding box (a node cut off is null, a member way outside has no geometry)."""
    nodes = {1: (126.0, 40.0), 2: (126.001, 40.0), 3: (126.001, 40.001), 5: (127.0, 41.0), 6: (127.001, 41.0),
             7: (127.5, 41.5), 8: (127.501, 41.5), 9: (127.5, 41.501)}
    way_nodes = {10: [1, 2], 11: [2, 3], 12: [3, 96], 13: [96, 97], 30: [7, 8, 9, 7], 200: [5, 6, 98, 99, 5]}
    tower = {"man_made": "tower", "tower:type": "communication"}

    def geometry(way):
        return [{"lat": nodes[n][1], "lon": nodes[n][0]} if n in nodes else None for n in way_nodes[way]]

    if form == "body":
        elements = [{"type": "relation", "id": 100, "tags": {"type": "multipolygon", **tower},
                     "members": [{"type": "way", "ref": w, "role": "outer"} for w in (10, 11, 12, 13)]},
                    {"type": "way", "id": 200, "nodes": way_nodes[200], "tags": tower},
                    {"type": "relation", "id": 300, "tags": {"type": "multipolygon", **tower},
                     "members": [{"type": "way", "ref": 30, "role": "outer"}]}]
        elements += [{"type": "way", "id": w, "nodes": way_nodes[w]} for w in (10, 11, 30)]
        elements += [{"type": "node", "id": n, "lat": y, "lon": x} for n, (x, y) in nodes.items()]
    else:
        def member(w):
            there = [g for g in geometry(w) if g]
            return {"type": "way", "ref": w, "role": "outer", **({"geometry": geometry(w)} if there else {})}

        elements = [{"type": "relation", "id": 100, "tags": {"type": "multipolygon", **tower},
                     "members": [member(w) for w in (10, 11, 12, 13)]},
                    {"type": "way", "id": 200, "nodes": way_nodes[200], "geometry": geometry(200), "tags": tower},
                    {"type": "relation", "id": 300, "tags": {"type": "multipolygon", **tower},
                     "members": [member(30)]}]
    return {"version": 0.6, "elements": elements}


def overpass_partly_there_xml(path: Path) -> Path:
    """The answer of :func:`overpass_partly_there`'s 'out geom(bbox);' in Overpass XML, as Overpass writes it: a
    way's node outside the box is ``<nd ref>`` without its point, a relation member way's point ``<nd/>``, a member
    way wholly outside ``<member .../>`` without points; relation 300 whole."""
    nodes = {1: (126.0, 40.0), 2: (126.001, 40.0), 3: (126.001, 40.001), 5: (127.0, 41.0), 6: (127.001, 41.0),
             7: (127.5, 41.5), 8: (127.501, 41.5), 9: (127.5, 41.501)}
    way_nodes = {10: [1, 2], 11: [2, 3], 12: [3, 96], 13: [96, 97], 30: [7, 8, 9, 7], 200: [5, 6, 98, 99, 5]}
    tower = '<tag k="man_made" v="tower"/><tag k="tower:type" v="communication"/>'

    def member(way):
        points = "".join(f'<nd lat="{nodes[n][1]}" lon="{nodes[n][0]}"/>' if n in nodes else "<nd/>"
                         for n in way_nodes[way])
        if not any(n in nodes for n in way_nodes[way]):
            return f'<member type="way" ref="{way}" role="outer"/>'
        return f'<member type="way" ref="{way}" role="outer">{points}</member>'

    way = "".join(f'<nd ref="{n}" lat="{nodes[n][1]}" lon="{nodes[n][0]}"/>' if n in nodes else f'<nd ref="{n}"/>'
                  for n in way_nodes[200])
    return write(path, '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="Overpass API 0.7.62">\n'
                 '<relation id="100">' + "".join(member(w) for w in (10, 11, 12, 13))
                 + f'<tag k="type" v="multipolygon"/>{tower}</relation>\n'
                 f'<way id="200">{way}{tower}</way>\n'
                 f'<relation id="300">{member(30)}<tag k="type" v="multipolygon"/>{tower}</relation>\n</osm>\n')


KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n'


def survey_placemarks(names, seed):
    """Placemarks of a point each, at random places (fixed seed) around 125.5 E, 39.5 N."""
    rng = np.random.default_rng(seed)
    return "".join(f"<Placemark><name>{name}</name><Point><coordinates>{125 + rng.random():.5f},"
                   f"{39 + rng.random():.5f}</coordinates></Point></Placemark>\n" for name in names)


def survey_kml() -> str:
    """Google Earth's way: a Document of its own placemark, a folder 'Towers' holding a nested folder, a second
    folder 'Towers', an unnamed folder and an empty one."""
    return (KML_HEAD + "<Document><name>Survey</name>\n" + survey_placemarks(["Loose"], 1)
            + "<Folder><name>Towers</name>\n" + survey_placemarks(["T1", "T2"], 2)
            + "<Folder><name>Rooftops</name>\n" + survey_placemarks(["R1"], 3) + "</Folder>\n"
            + survey_placemarks(["T3"], 4) + "</Folder>\n"
            + "<Folder><name>Towers</name>\n" + survey_placemarks(["D1"], 5) + "</Folder>\n"
            + "<Folder>\n" + survey_placemarks(["U1"], 6) + "</Folder>\n"
            + "<Folder><name>Empty</name></Folder>\n</Document></kml>\n")


def layered_osm(path: Path) -> Path:
    """A mast as a node, a tower as a closed way (OGR's 'lines'), a shop node."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        ' <node id="1" lat="39.0" lon="125.0"><tag k="man_made" v="mast"/><tag k="tower:type" v="communication"/>'
        '<tag k="name" v="Node mast"/></node>\n'
        ' <node id="2" lat="39.01" lon="125.0"/>\n <node id="3" lat="39.01" lon="125.01"/>\n'
        ' <node id="4" lat="39.0" lon="125.01"/>\n'
        ' <node id="5" lat="39.02" lon="125.02"><tag k="shop" v="mobile_phone"/></node>\n'
        ' <way id="10"><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="2"/><tag k="man_made" v="tower"/>'
        '<tag k="tower:type" v="communication"/><tag k="name" v="Way tower"/></way>\n</osm>\n', encoding="utf-8")
    return path
