"""Station importers on real-world variants of their formats (files written here, small and fixed)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from support.stations_data import overpass_partly_there, overpass_partly_there_xml, partly_downloaded_osm, write

from basestation_mapper.plugin.core import importers as im
from basestation_mapper.plugin.core import stations as st


def _failure(path, **options) -> im.ImportFailed:
    with pytest.raises(im.ImportFailed) as info:
        im.import_file(path, **options)
    assert path.name in str(info.value)
    return info.value


# --------------------------------------------------------------------------------------------
# CSV: encodings and layouts of spreadsheet exports
# --------------------------------------------------------------------------------------------
def test_excel_unicode_text_is_utf16_tab_separated_with_crlf(tmp_path):
    text = "Name\tLongitude\tLatitude\r\n평양 1\t125.7543\t39.0392\r\nB\t125.78\t39.019\r\n"
    path = tmp_path / "excel.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    result = im.import_file(path)
    assert result.details["delimiter"] == "\t"
    assert list(result.stations["name"]) == ["평양 1", "B"]
    assert list(result.stations[st.LAT]) == [39.0392, 39.019]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "nobom.txt"
    path.write_bytes("name\tlon\tlat\r\n함흥\t127.5364\t39.9183\r\n".encode(encoding))
    result = im.import_file(path)
    assert result.details["encoding"] == encoding
    assert result.stations["name"].iloc[0] == "함흥" and result.stations[st.LON].iloc[0] == 127.5364


def test_korean_cp949_csv_is_not_read_as_western(tmp_path):
    path = tmp_path / "kr.csv"
    path.write_bytes("name,경도,위도,통신사\n평양 중구 기지국,125.7543,39.0392,고려링크\n"
                     "함흥역,127.5364,39.9183,강성네트\n".encode("cp949"))
    result = im.import_file(path)
    assert result.details["encoding"] == "cp949"
    assert list(result.stations["name"]) == ["평양 중구 기지국", "함흥역"]
    assert list(result.stations[st.LON]) == [125.7543, 127.5364]
    layout = im.csv_layout(path)
    assert layout.columns[1:] == ["경도", "위도", "통신사"] and layout.preview[1][3] == "강성네트"


def test_western_cp1252_csv_stays_cp1252(tmp_path):
    # accented capitals followed by ASCII letters are valid CP949 byte pairs: they must not be taken for Korean
    path = tmp_path / "fr.csv"
    path.write_bytes("name,lon,lat\nÀrles Émetteur,4.63,43.68\nÉcole,4.64,43.69\n".encode("cp1252"))
    result = im.import_file(path)
    assert result.details["encoding"] == "cp1252"
    assert list(result.stations["name"]) == ["Àrles Émetteur", "École"]


def test_european_excel_semicolons_and_decimal_commas(tmp_path):
    path = write(tmp_path / "eu.csv", "name;lon;lat;antenna_height_m\r\nA;125,7543;39,0392;30,5\r\nB;-0,5;-39,1;12\r\n")
    df = im.import_file(path).stations
    assert list(df[st.LON]) == [125.7543, -0.5] and list(df[st.LAT]) == [39.0392, -39.1]
    assert list(df["antenna_height_m"]) == [30.5, 12.0]


def test_quoted_decimal_comma_coordinates_in_a_comma_delimited_file(tmp_path):
    """LibreOffice in a European locale, told to use commas, quotes its decimal commas."""
    path = write(tmp_path / "libre.csv", 'name,lat,lon\r\n"A","39,0392","125,7543"\r\n"B","-33,5","-70,25"\r\n')
    stations = im.import_file(path).stations
    assert list(zip(stations[st.LAT], stations[st.LON])) == [(39.0392, 125.7543), (-33.5, -70.25)]


def test_decimal_comma_is_not_guessed_in_comma_delimited_files(tmp_path):
    # in a comma-separated file a quoted "1,250" is not a number (it could be a thousands separator); in a
    # coordinate column it can only be a decimal comma (degrees have no thousands)
    path = write(tmp_path / "quoted.csv", 'name,lon,lat,antenna_height_m\nA,"125,5",39.5,"1,250"\n')
    problem, = _failure(path).problems
    assert (problem.line, problem.field) == (2, "antenna_height_m") and "not a number" in problem.reason


@pytest.mark.parametrize("sep_line", ["sep=;", "\ufeffsep=;", '"sep=;"'])
def test_excel_sep_line_gives_the_delimiter_and_is_not_the_header(tmp_path, sep_line):
    path = write(tmp_path / "excel.csv", f"{sep_line}\r\nname;lat;lon\r\nA;39,0392;125,7543\r\nB;95;125\r\n")
    layout = im.csv_layout(path)
    assert (layout.delimiter, layout.columns) == (";", ["name", "lat", "lon"])
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(4, st.LAT)]
    df = im.import_file(path, skip_bad=True).stations
    assert (df["name"].iloc[0], df[st.LON].iloc[0], df[st.LAT].iloc[0]) == ("A", 125.7543, 39.0392)


def test_excel_sep_line_before_an_opencellid_header(tmp_path):
    text = "sep=;\n" + (OCID_HEADER + OCID_ROWS).replace(",", ";")
    result = im.import_file(write(tmp_path / "cells.csv", text))
    assert result.kind == "opencellid" and result.details["cells"] == 3 and not result.problems


@pytest.mark.parametrize("comments", ["# stations\n", "# Exported by SiteTool 2.1, 2024-05-01\n#\n\n# WGS84; degrees\n",
                                      "\ufeff# one\r\nsep=;\r\n# two\r\n"])
def test_comment_lines_before_the_header_are_skipped_with_the_files_line_numbers(tmp_path, comments):
    sep = ";" if "sep=;" in comments else ","
    rows = f"name{sep}lon{sep}lat\nA{sep}125.7{sep}39.0\nB{sep}125.8{sep}95.0\n"
    path = write(tmp_path / "commented.csv", comments + rows)
    header_line = comments.count("\n") + 1
    assert im.csv_layout(path).columns == ["name", "lon", "lat"]
    assert [(p.line, p.field) for p in _failure(path).problems] == [(header_line + 2, "lat")]
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["A"]


def test_comment_lines_before_an_opencellid_header_and_a_column_named_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(im, "OCID_CHUNK_LINES", 3)
    path = write(tmp_path / "cells.csv", "# OpenCelliD extract\n# 2024-05-01\n" + OCID_HEADER + OCID_ROWS
                 + "GSM,467,5,9,7,0,125.9,99.5,1000,1,1,1300000000,1600000000,0\n")
    assert [(p.line, p.field) for p in _failure(path).problems] == [(7, "lat")]
    result = im.import_file(path, skip_bad=True)
    assert result.kind == "opencellid" and result.details["cells"] == 3
    numbered = write(tmp_path / "numbered.csv", "#,name,lon,lat\n1,A,125.7,39.0\n")
    assert im.csv_layout(numbered).columns == ["#", "name", "lon", "lat"]
    assert list(im.import_file(numbered).stations["name"]) == ["A"]


def test_quoted_fields_with_line_breaks_report_the_line_a_row_starts_on(tmp_path):
    path = write(tmp_path / "notes.csv", 'name,lon,lat,notes\r\nA,125.7,39.0,"roof\r\nmast"\r\n'
                 'B,125.8,95.1,"two\nlines"\r\nC,125.9,39.2,plain\r\n')
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["A", "C"]
    assert result.stations["notes"].iloc[0] == "roof\r\nmast"
    assert [(p.line, p.field) for p in result.problems] == [(4, "lat")]


def test_blank_trailing_rows_of_a_spreadsheet_are_ignored(tmp_path):
    path = write(tmp_path / "trailing.csv", "name,lon,lat\nA,125.7,39.0\nB,125.8,39.1\n,,\n , ,\n\n,,\n")
    result = im.import_file(path)
    assert list(result.stations["name"]) == ["A", "B"] and not result.problems
    path = write(tmp_path / "trailing2.csv", "name,lon,lat\nA,125.7,39.0\n,,\n,,\nC,125.9,95\n")
    assert [p.line for p in _failure(path).problems] == [5]


def test_duplicate_and_empty_header_names_are_made_unique(tmp_path):
    path = write(tmp_path / "dup.csv", "name,lon,lat,name,,\nA,125.7,39.0,alias A,x,y\n")
    layout = im.csv_layout(path)
    assert layout.columns == ["name", "lon", "lat", "name_2", "column_5", "column_6"]
    assert layout.mapping["name"] == "name"
    result = im.import_file(path)
    assert result.stations["name"].iloc[0] == "A"
    result = im.import_file(path, mapping={"name": "name_2"})
    assert result.stations["name"].iloc[0] == "alias A"


@pytest.mark.parametrize(("lat", "lon", "expected"), [
    ("39°01'12.3\"N", "125°45'15.5\"E", (39.020083, 125.754306)),
    ("39°01.205'S", "125°45.258'W", (-39.020083, -125.7543)),
    ("N 39 01 12.3", "E 125 45 15.5", (39.020083, 125.754306)),
    ("39:01:12.3", "-125:45:15.5", (39.020083, -125.754306)),
    ("39.0392N", "125.7543E", (39.0392, 125.7543)),
    ("39º 1′ 12.3″ N", "125º 45′ 15.5″ E", (39.020083, 125.754306)),
])
def test_dms_coordinates(tmp_path, lat, lon, expected):
    quote = '"' + lat.replace('"', '""') + '"', '"' + lon.replace('"', '""') + '"'
    path = write(tmp_path / "dms.csv", f"name,latitude,longitude\nA,{quote[0]},{quote[1]}\n")
    df = im.import_file(path).stations
    assert (df[st.LAT].iloc[0], df[st.LON].iloc[0]) == pytest.approx(expected, abs=1e-6)


def test_dms_with_the_other_axis_hemisphere_or_bad_minutes_is_reported(tmp_path):
    path = write(tmp_path / "dms.csv", "name,Longitude,Latitude\nA,39°01'N,125°E\nB,125°75'E,39°N\n"
                 "C,125.5,39.5\n")
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(2, "Latitude"), (2, "Longitude"), (3, "Longitude")]
    assert "is a latitude (its hemisphere letter) in the longitude column" in problems[1].reason
    assert "not a number: \"125°75'E\"" in problems[2].reason


def test_one_column_of_google_maps_lat_lon_pairs(tmp_path):
    path = write(tmp_path / "pairs.csv", 'name,Coordinates\nA,"39.0392, 125.7543"\nB,"39.019,125.78"\n')
    result = im.import_file(path)
    assert list(result.stations[st.LON]) == [125.7543, 125.78]
    assert list(result.stations[st.LAT]) == [39.0392, 39.019]
    assert "Coordinates" in result.details["coordinates"]


def test_one_column_of_lon_lat_pairs_by_name_or_by_range(tmp_path):
    path = write(tmp_path / "lonlat.csv", 'name,lon_lat\nA,"35.1, 33.2"\n')
    df = im.import_file(path).stations
    assert (df[st.LON].iloc[0], df[st.LAT].iloc[0]) == (35.1, 33.2)
    path = write(tmp_path / "where.csv", 'name,where\nA,"125.7543, 39.0392"\nB,"125.78, 39.019"\n')
    df = im.import_file(path).stations
    assert list(df[st.LON]) == [125.7543, 125.78]


def test_wkt_point_column_and_bad_wkt_row(tmp_path):
    path = write(tmp_path / "wkt.csv", 'name,WKT\nA,POINT (125.7543 39.0392)\nB,"SRID=4326;POINT Z(125.78 39.019 12)"\n'
                 'C,"LINESTRING (125 39, 126 40)"\n')
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(4, "WKT")]
    assert "not a WKT point" in error.problems[0].reason
    df = im.import_file(path, skip_bad=True).stations
    assert list(df["name"]) == ["A", "B"] and list(df[st.LON]) == [125.7543, 125.78]


def test_projected_wkt_needs_and_uses_the_crs(tmp_path):
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True).transform(125.7543, 39.0392)
    path = write(tmp_path / "utm.csv", f"name;geometry\nA;POINT ({x:.2f} {y:.2f})\n")
    assert "choose their CRS" in str(_failure(path))
    df = im.import_file(path, crs="EPSG:32652").stations
    assert (df[st.LON].iloc[0], df[st.LAT].iloc[0]) == pytest.approx((125.7543, 39.0392), abs=1e-6)


@pytest.mark.parametrize(("lat", "lon"), [
    ("decimalLatitude", "decimalLongitude"),  # Darwin Core / GBIF
    ("Latitude (deg)", "Longitude (deg)"),
    ("LAT_DD", "LON_DD"),
    ("y_lat", "x_lon"),
    ("GPS Latitude", "GPS Longitude"),
    ("SiteLat", "SiteLong"),
    ("Breite", "Länge"),  # German
])
def test_coordinate_columns_named_with_more_words(tmp_path, lat, lon):
    path = write(tmp_path / "sites.csv", f"Site,{lat},{lon},x\nA,39.0392,125.7543,7\n")
    df = im.import_file(path).stations
    assert (df[st.LON].iloc[0], df[st.LAT].iloc[0]) == (125.7543, 39.0392)


def test_korean_public_data_x_y_columns_in_a_tm_crs(tmp_path):
    """Korean public data lists places by 'X좌표'/'Y좌표' in a TM CRS (here Korea 2000 / Central Belt 2010)."""
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:5186", always_xy=True).transform(127.0276, 37.4979)
    path = write(tmp_path / "기지국_현황.csv", f"시설명,통신사,X좌표,Y좌표\n강남 1,SKT,{x:.3f},{y:.3f}\n")
    assert "choose their CRS" in str(_failure(path))
    row = im.import_file(path, crs="EPSG:5186").stations.iloc[0]
    assert (row["name"], row["operator"]) == ("강남 1", "SKT")
    assert (row[st.LON], row[st.LAT]) == (pytest.approx(127.0276, abs=1e-6), pytest.approx(37.4979, abs=1e-6))


def test_start_and_end_coordinates_are_not_guessed(tmp_path):
    path = write(tmp_path / "links.csv", "start_lat,start_lon,end_lat,end_lon\n39.0,125.7,39.1,125.8\n")
    assert "no coordinate columns found" in str(_failure(path))


def test_technology_as_operators_write_it(tmp_path):
    """Hand-made site lists name bands, lists and marketing names; a list gives its newest technology."""
    written = {"GSM 900": "2G", "GSM900/DCS1800": "2G", "UMTS2100": "3G", "HSPA+": "3G", "GSM/UMTS": "3G",
               "4G LTE": "4G", "LTE-Advanced": "4G", "LTE 1800 MHz": "4G", "3G/4G": "4G", "2G, 3G": "3G",
               "5G NR": "5G", "NR3500": "5G"}
    rows = "".join(f'S{i},{125 + i / 100},39.0,"{tech}"\n' for i, tech in enumerate(written))
    result = im.import_file(write(tmp_path / "sites.csv", "name,lon,lat,technology\n" + rows))
    assert list(result.stations["technology"]) == list(written.values())
    for text in ("Koryolink 3G", "1800", "6G"):
        assert st.normalize_technology(text) == "unknown", text


def test_technology_as_korean_lists_write_it(tmp_path):
    """Korean facility lists write the technology with its air interface in brackets ('3G(WCDMA)', '2G(CDMA)'), as
    a generation ('4세대', '5세대') or as 'CDMA 1x': each row was refused as 'not a known technology'."""
    written = {"3G(WCDMA)": "3G", "2G(CDMA)": "2G", "4세대": "4G", "5세대": "5G", "CDMA 1x": "2G", "5G(NR)": "5G",
               "LTE [B3]": "unknown"}
    rows = "".join(f'S{i},{127 + i / 100},37.5,"{tech}"\n' for i, tech in enumerate(list(written)[:-1]))
    path = tmp_path / "기지국.csv"
    path.write_bytes(("기지국명,경도,위도,통신방식\n" + rows).encode("cp949"))
    assert list(im.import_file(path).stations["technology"]) == list(written.values())[:-1]
    assert st.normalize_technology("LTE [B3]") == "unknown" and st.normalize_technology("Koryolink (3G)") == "unknown"


def test_technology_as_korean_operators_market_it(tmp_path):
    """Korean lists name the technology as the operators market it: '광대역 LTE' (wideband LTE), '광대역LTE',
    'LTE-A 프로', '3밴드 LTE-A', 'IMT-2000' were each 'not a known technology', refusing the file; they are read as
    their generation. WiBro (mobile WiMAX) is none of 2G-5G: its row is refused saying so."""
    written = {"광대역 LTE": "4G", "광대역LTE": "4G", "광대역 LTE-A": "4G", "LTE-A": "4G", "LTE-A Pro": "4G",
               "LTE-A 프로": "4G", "3밴드 LTE-A": "4G", "5G NSA": "5G", "5G SA": "5G", "NR": "5G", "IMT-2000": "3G"}
    rows = "".join(f'S{i},{127 + i / 100},37.5,"{tech}"\n' for i, tech in enumerate(written))
    path = tmp_path / "기지국.csv"
    path.write_bytes(("기지국명,경도,위도,통신방식\n" + rows + "W,127.9,37.6,와이브로\nX,127.95,37.6,WiBro\n")
                     .encode("cp949"))
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(len(written) + 2, "통신방식"), (len(written) + 3, "통신방식")]
    assert all("WiBro is mobile WiMAX" in p.reason for p in problems), problems
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["technology"]) == list(written.values())
    for text in ("광대역", "프로 3G 모뎀", "Koryolink 3G"):
        assert st.normalize_technology(text) == "unknown", text


def test_technology_in_3gpp_and_generation_names(tmp_path):
    """3GPP radio names (E-UTRA, UTRA, GERAN), IoT categories, half generations and 5G's standalone and
    advanced names were 'not a known technology', which refused the whole file."""
    written = {"E-UTRA": "4G", "UTRA": "3G", "GERAN": "2G", "Cat-M1": "4G", "LTE Cat-M1": "4G", "2.5G": "2G",
               "3.5G": "3G", "3.9G": "4G", "NR SA": "5G", "5G NSA": "5G", "5G-A": "5G", "5.5G": "5G", "GSM-R": "2G"}
    rows = "".join(f'S{i},{125 + i / 100},39.0,"{tech}"\n' for i, tech in enumerate(written))
    result = im.import_file(write(tmp_path / "sites.csv", "name,lon,lat,technology\n" + rows))
    assert list(result.stations["technology"]) == list(written.values())


def test_heights_and_radii_written_with_their_unit(tmp_path):
    path = write(tmp_path / "sites.csv", 'name,lon,lat,height,radius\nA,125.7,39.0,30m,2 km\n'
                 'B,125.8,39.1,45 m,\nC,125.9,39.2,100 ft,"2,5 km"\nD,126.0,39.3,tall,\n')
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(5, "height")]
    df = im.import_file(path, skip_bad=True).stations.set_index("name")
    assert list(df["antenna_height_m"]) == pytest.approx([30.0, 45.0, 30.48])
    assert df.loc["A", "radius_m"] == 2000 and df.loc["C", "radius_m"] == 2500


def test_rows_without_coordinates_say_so_and_the_others_are_kept(tmp_path):
    path = write(tmp_path / "sites.csv", "name;Latitude;Longitude\nA;39,0392;125,7543\nB; ;\nC;;125,8\nD;39,1;125,9\n")
    problems = _failure(path).problems
    assert [(p.line, p.reason) for p in problems] == [(3, "missing coordinate"), (3, "missing coordinate"),
                                                      (4, "missing coordinate")]
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["A", "D"]


def test_a_text_column_is_not_taken_for_coordinates(tmp_path):
    path = write(tmp_path / "none.csv", 'name,sectors\nA,"0, 120"\n')
    assert "no coordinate columns found" in str(_failure(path))


# --------------------------------------------------------------------------------------------
# OpenCelliD: downloads, API answers, radios
# --------------------------------------------------------------------------------------------
OCID_HEADER = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n"
OCID_ROWS = ("UMTS,467,5,101,1001,0,125.7543,39.0392,1000,3,1,1300000000,1600000000,0\n"
             "LTE,467,5,102,1280001,0,125.78,39.019,800,9,1,1300000000,1600000000,0\n"
             "LTE,467,5,102,1280002,0,125.7802,39.0191,800,4,1,1300000000,1600000000,0\n")


@pytest.mark.parametrize(("name", "header"), [("467.csv.gz", False), ("cell_towers.csv.gz", True)])
def test_opencellid_gzip_downloads(tmp_path, name, header):
    import gzip

    path = tmp_path / name
    path.write_bytes(gzip.compress(((OCID_HEADER if header else "") + OCID_ROWS).encode()))
    result = im.import_file(path)
    assert result.kind == "opencellid" and result.details["cells"] == 3
    assert sorted(result.stations["name"]) == ["LTE 467-5 eNB 5000", "UMTS 467-5 LAC 101 cell 1001"]
    layout = im.csv_layout(path)
    assert layout.kind == "opencellid" and layout.has_header is header


def test_compressed_downloads_saved_without_their_gz_extension(tmp_path):
    """A browser may save cell_towers.csv.gz as cell_towers.csv with its gzip bytes: read it as what it is
    (also a gzip-compressed KML), not as text that is no CSV."""
    import bz2
    import gzip

    (tmp_path / "cell_towers.csv").write_bytes(gzip.compress((OCID_HEADER + OCID_ROWS).encode()))
    result = im.import_file(tmp_path / "cell_towers.csv")
    assert result.kind == "opencellid" and result.details["cells"] == 3
    (tmp_path / "467.csv").write_bytes(bz2.compress(OCID_ROWS.encode()))
    assert im.import_file(tmp_path / "467.csv").details["cells"] == 3
    (tmp_path / "towers.kml").write_bytes(gzip.compress(_kml_point("T", 125.5, 39.5).encode()))
    assert list(im.import_file(tmp_path / "towers.kml").stations["name"]) == ["T"]
    # without any extension (a download saved as 'cell_towers'): known by what the gzip holds
    (tmp_path / "cell_towers").write_bytes(gzip.compress((OCID_HEADER + OCID_ROWS).encode()))
    assert im.detect_kind(tmp_path / "cell_towers") == "csv"
    assert im.import_file(tmp_path / "cell_towers").details["cells"] == 3
    (tmp_path / "places").write_bytes(gzip.compress(_kml_point("P", 125.5, 39.5).encode()))
    assert list(im.import_file(tmp_path / "places").stations["name"]) == ["P"]


@pytest.mark.parametrize(("name", "answer", "said"), [
    ("467.csv.gz", b"RATE_LIMITED\n", "is not a gzip file but the text 'RATE_LIMITED'"),
    ("cell_towers.csv.gz", b'{"error":"Invalid token","code":1}', "is not a gzip file but the text '{\"error\""),
    ("north-korea.osm.bz2", b"<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>",
     "is not a bzip2 file but a web page ('404 Not Found')"),
    ("towers.csv", b"<html><head><title>Sign in</title></head><body>Please sign in</body></html>",
     "is a web page ('Sign in'), not a CSV file"),
])
def test_failed_downloads_say_what_the_server_sent(tmp_path, name, answer, said):
    """A download refused by the server (invalid key, daily limit, a login page) saves its answer under
    the file's name: the message says so instead of 'Not a gzipped file' or 'only one column found'."""
    (tmp_path / name).write_bytes(answer)
    error = _failure(tmp_path / name)
    assert said in str(error) and "download it again" in str(error)


def test_opencellid_is_read_in_chunks_with_lines_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(im, "OCID_CHUNK_LINES", 2)
    bad_lat = "GSM,467,5,9,7,0,125.9,99.5,1000,1,1,1300000000,1600000000,0\n"
    rows = OCID_ROWS + bad_lat + OCID_ROWS.splitlines()[0] + "\n"
    path = write(tmp_path / "chunks.csv", OCID_HEADER + rows)
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(5, "lat"), (6, "cell")]
    assert "first on line 2" in problems[1].reason
    result = im.import_file(path, skip_bad=True)
    assert result.details["cells"] == 3 and len(result.stations) == 2


@pytest.mark.parametrize("name", ["cell_towers.csv.gz", "cell_towers.csv"])
def test_opencellid_reading_moves_the_progress_bar(tmp_path, monkeypatch, name):
    """A country file is read for minutes: the progress followed the chunks read (it stood at 2 % until
    every line was read, then jumped)."""
    import gzip

    monkeypatch.setattr(im, "OCID_CHUNK_LINES", 300)
    rng = np.random.default_rng(3)
    rows = "".join(f"GSM,467,5,{k % 7},{k},0,{lon:.5f},{lat:.5f},1000,3,1,1300000000,1600000000,0\n"
                   for k, (lon, lat) in enumerate(zip(rng.uniform(125, 129, 6000), rng.uniform(38, 42, 6000))))
    data = (OCID_HEADER + rows).encode()
    compress = gzip.compress if name.endswith(".gz") else bytes
    (tmp_path / name).write_bytes(compress(data))
    shares: list[float] = []
    result = im.import_file(tmp_path / name, progress=shares.append)
    assert result.details["cells"] == 6000
    reading = [f for f in shares if f < 0.4]
    assert len(reading) >= 10 and reading == sorted(reading) and len(set(reading)) >= 5
    assert shares == sorted(shares) and shares[-1] == 1.0


def test_opencellid_radios_nbiot_nr_and_lowercase(tmp_path):
    path = write(tmp_path / "radios.csv", OCID_HEADER
                 + "nbiot,467,5,1,1280005,0,125.70,39.00,500,2,1,1300000000,1600000000,0\n"
                 + "NB-IoT,467,5,1,1280006,0,125.70,39.00,500,2,1,1300000000,1600000000,0\n"
                 + "NR,467,5,1,99,0,125.80,39.10,200,1,1,1300000000,1600000000,0\n"
                 + " lte ,467,5,1,1536001,0,125.90,39.20,200,2,1,1300000000,1600000000,0\n")
    df = im.import_file(path).stations.set_index("name")
    assert df.loc["NBIOT 467-5 eNB 5000", "technology"] == "4G"
    assert "OpenCelliD: 2 cells, 4 samples" in df.loc["NBIOT 467-5 eNB 5000", "notes"]
    assert "OpenCelliD: 1 cell, 1 sample" in df.loc["NR 467-5 LAC 1 cell 99", "notes"]
    assert df.loc["NR 467-5 LAC 1 cell 99", "technology"] == "5G"
    assert df.loc["LTE 467-5 eNB 6000", "technology"] == "4G"


def test_cell_lists_writing_radios_as_technologies(tmp_path):
    """Cell lists other than OpenCelliD's name radios WCDMA, 4G, 5G, LTE-M, CDMA2000; only a truly unknown one
    is refused, with its line and column."""
    path = write(tmp_path / "cells.csv", OCID_HEADER
                 + "WCDMA,467,5,1,11,0,125.70,39.00,500,2,1,1300000000,1600000000,0\n"
                 + "4G,467,5,1,1280005,0,125.71,39.01,500,2,1,1300000000,1600000000,0\n"
                 + "LTE-M,467,5,1,1280006,0,125.71,39.01,500,2,1,1300000000,1600000000,0\n"
                 + "5G,467,5,1,99,0,125.72,39.02,200,2,1,1300000000,1600000000,0\n"
                 + "CDMA2000,467,5,1,12,0,125.73,39.03,200,2,1,1300000000,1600000000,0\n"
                 + "WiMAX,467,5,1,13,0,125.74,39.04,200,2,1,1300000000,1600000000,0\n")
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(7, "radio")] and "'WiMAX'" in problems[0].reason
    df = im.import_file(path, skip_bad=True).stations.set_index("name")
    assert df["technology"].to_dict() == {"UMTS 467-5 LAC 1 cell 11": "3G", "LTE 467-5 eNB 5000": "4G",
                                          "LTEM 467-5 eNB 5000": "4G", "NR 467-5 LAC 1 cell 99": "5G",
                                          "CDMA2000 467-5 LAC 1 cell 12": "3G"}


@pytest.mark.parametrize("radio", ["NB-IoT", "NR", "LTE-M", "wcdma"])
def test_headerless_cell_list_starting_with_any_radio(tmp_path, radio):
    path = write(tmp_path / "cells.csv", f"{radio},467,5,1,1280005,0,125.70,39.00,500,2,1,1300000000,1600000000,0\n"
                 + OCID_ROWS)
    result = im.import_file(path)
    assert result.kind == "opencellid" and result.details["cells"] == 4 and not result.problems
    assert im.csv_layout(path).has_header is False


def test_opencellid_resaved_by_a_european_spreadsheet_semicolons_and_decimal_commas(tmp_path):
    text = (OCID_HEADER + OCID_ROWS).replace(",", ";")
    text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)  # 125.7543 -> 125,7543
    path = write(tmp_path / "cells_excel.csv", text.replace("\n", "\r\n"))
    result = im.import_file(path)
    assert result.kind == "opencellid" and result.details["cells"] == 3 and not result.problems
    umts = result.stations.set_index("name").loc["UMTS 467-5 LAC 101 cell 1001"]
    assert (umts["lon"], umts["lat"]) == (125.7543, 39.0392)


def test_headerless_opencellid_resaved_with_semicolons_and_decimal_commas(tmp_path):
    """A country download (no header) re-saved by a European spreadsheet: the decimal commas must
    not be taken for the delimiter."""
    text = re.sub(r"(\d)\.(\d)", r"\1,\2", OCID_ROWS.replace(",", ";"))
    path = write(tmp_path / "467_excel.csv", text.replace("\n", "\r\n"))
    layout = im.csv_layout(path)
    assert (layout.delimiter, layout.kind, layout.has_header) == (";", "opencellid", False)
    result = im.import_file(path)
    assert result.details["cells"] == 3 and not result.problems
    umts = result.stations.set_index("name").loc["UMTS 467-5 LAC 101 cell 1001"]
    assert (umts["lon"], umts["lat"]) == (125.7543, 39.0392)


def test_cells_and_places_at_zero_zero_have_no_position(tmp_path):
    """OpenCelliD rows without a location fix and exporters' empty positions come as lon 0, lat 0
    ('Null Island', in the Gulf of Guinea): reported by line like other bad coordinates, never a station."""
    zero = ("GSM,467,5,9,7,0,0,0,1000,1,1,1300000000,1600000000,0\n"
            "GSM,467,5,9,8,0,0.0,0.000,1000,1,1,1300000000,1600000000,0\n")
    path = write(tmp_path / "cell_towers.csv", OCID_HEADER + OCID_ROWS + zero)
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(5, "lat"), (6, "lat")]
    assert "no position" in problems[0].reason
    result = im.import_file(path, skip_bad=True)
    assert len(result.problems) == 2 and len(result.stations) == 2
    assert (result.stations["lon"].abs() > 1).all()
    csv_path = write(tmp_path / "towers.csv", "name,Latitude,Longitude\nA,39.03,125.75\nB,0,0\n")
    problem, = _failure(csv_path).problems
    assert (problem.line, problem.field) == (3, "Latitude") and "no position" in problem.reason
    kml = write(tmp_path / "towers.kml", '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n'
                '<Placemark><name>A</name><Point><coordinates>125.75,39.03</coordinates></Point></Placemark>\n'
                '<Placemark><name>B</name><Point><coordinates>0,0,0</coordinates></Point></Placemark>\n'
                '</Document></kml>\n')
    problem, = _failure(kml).problems
    assert problem.line == 3 and "no position" in problem.reason


def test_opencellid_huge_cell_ids_are_exact_and_beyond_64_bits_reported(tmp_path):
    """Crowd-sourced rows carry absurd cell ids: two that differ only beyond float precision stay two
    cells, and one that does not fit 64 bits is reported rather than wrapped around."""
    path = write(tmp_path / "huge.csv", OCID_HEADER
                 + "NR,467,5,1,9007199254740993,0,125.90,39.50,100,1,1,1600000000,1700000000,0\n"
                 + "NR,467,5,1,9007199254740992,0,125.95,39.60,100,1,1,1600000000,1700000000,0\n"
                 + "NR,467,5,1,18446744073709551615,0,125.97,39.70,100,1,1,1600000000,1700000000,0\n")
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(4, "cell")] and "too large" in problems[0].reason
    result = im.import_file(path, skip_bad=True)
    assert sorted(result.stations["name"]) == ["NR 467-5 LAC 1 cell 9007199254740992",
                                               "NR 467-5 LAC 1 cell 9007199254740993"]


def test_opencellid_created_and_updated_formatted_as_dates_by_a_spreadsheet(tmp_path):
    path = write(tmp_path / "dated.csv", OCID_HEADER
                 + "GSM,467,5,1,10,0,125.7,39.0,1000,12,1,2016-04-03 14:05:42,2023-11-14,0\n"
                 + "GSM,467,5,1,11,0,125.9,39.2,1000,12,1,soon,1459692342,0\n")
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(3, "created")] and "not a date" in problems[0].reason
    df = im.import_file(path, skip_bad=True).stations
    assert (df["first_seen"].iloc[0], df["last_seen"].iloc[0]) == ("2016-04-03", "2023-11-14")


@pytest.mark.parametrize("header", ["radio,mcc,mnc,lac,cid,latitude,longitude",
                                    "radio,mcc,mnc,lac,cell_id,lat,lon", "radio,mcc,net,tac,ci,Latitude,Longitude"])
def test_cell_exports_with_other_column_names_are_aggregated_into_sites(tmp_path, header):
    path = write(tmp_path / "cells.csv", header + "\nUMTS,467,5,101,1001,39.0392,125.7543\n"
                 "UMTS,467,5,101,1002,39.0393,125.7544\n")
    result = im.import_file(path)
    assert result.kind == "opencellid" and result.details["cells"] == 2 and len(result.stations) == 1
    assert result.stations["operator"].iloc[0] == "467-05"


def test_opencellid_swapped_coordinates_name_line_and_field(tmp_path):
    path = write(tmp_path / "swapped.csv", OCID_HEADER
                 + "GSM,467,5,1,1,0,39.0392,125.7543,1000,1,1,1300000000,1600000000,0\n")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(2, "lat")]
    assert "swapped" in error.problems[0].reason and "line 2, lat: 125.754" in str(error)


def test_opencellid_measurements_are_averaged_per_cell_not_taken_for_towers(tmp_path):
    """OpenCelliD's measurement files list where phones measured a cell (many rows per cell, 'act' for the
    radio, 'measured_at' in milliseconds): each row became a station at the phone's position, or the
    repeated cells were refused as duplicates; a cell is now at the mean of its measurements."""
    rng = np.random.default_rng(11)
    header = "mcc,mnc,lac,cellid,lon,lat,signal,measured_at,rating,speed,direction,act,ta,psc,tac,pci,sid,nid,bid\n"
    towers = [("GSM", 101, 2001, 125.75, 39.03), ("UMTS", 102, 3001, 126.10, 39.40), ("LTE", 0, 1280001, 127.0, 40.0)]
    rows = []
    for k in range(8):
        for radio, lac, cell, lon, lat in towers:
            when = 1_600_000_000_000 + k * 86_400_000  # a day apart, in milliseconds
            rows.append(f"467,5,{lac},{cell},{lon + rng.normal(0, 0.002):.6f},{lat + rng.normal(0, 0.002):.6f},"
                        f"-80,{when},5,0,0,{radio},,,,,,,\n")
    path = write(tmp_path / "measurements_467.csv", header + "".join(rows))
    result = im.import_file(path)
    assert result.kind == "opencellid" and not result.problems
    assert result.details["measurements"] == 24 and result.details["cells"] == 3 and len(result.stations) == 3
    stations = result.stations.set_index("technology")
    for radio, _lac, _cell, lon, lat in towers:
        tech = {"GSM": "2G", "UMTS": "3G", "LTE": "4G"}[radio]
        assert abs(stations.at[tech, st.LON] - lon) < 0.002 and abs(stations.at[tech, st.LAT] - lat) < 0.002
        assert (stations.at[tech, "first_seen"], stations.at[tech, "last_seen"]) == ("2020-09-13", "2020-09-20")


def test_opencellid_api_get_in_area_csv(tmp_path):
    path = write(tmp_path / "area.csv", "lat,lon,mcc,mnc,lac,cellid,averageSignalStrength,range,samples,changeable,"
                 "radio,rnc,cid\n39.0392,125.7543,467,5,101,1001,0,1000,3,1,UMTS,0,1001\n"
                 "39.019,125.78,467,5,102,1280001,-90,800,9,1,LTE,0,1\n")
    result = im.import_file(path)
    assert result.kind == "opencellid" and sorted(result.stations["technology"]) == ["3G", "4G"]


def test_opencellid_api_get_in_area_json(tmp_path):
    import json

    cells = [{"lat": 39.0392, "lon": 125.7543, "mcc": 467, "mnc": 5, "lac": 101, "cellid": 1001,
              "averageSignalStrength": 0, "range": 1000, "samples": 3, "changeable": 1, "radio": "UMTS"},
             {"lat": 39.019, "lon": 125.78, "mcc": 467, "mnc": 5, "lac": 102, "cellid": 1280001,
              "averageSignalStrength": -90, "range": 800, "samples": 9, "changeable": 1, "radio": "LTE"},
             {"lat": 39.1, "lon": 125.8, "mcc": 467, "mnc": 5, "lac": 102, "cellid": "x", "radio": "GSM"}]
    # one cell a line, as the API writes them: the third cell is on line 4
    text = '{"count": 3, "cells": [\n' + ",\n".join(json.dumps(c) for c in cells) + "\n]}\n"
    path = write(tmp_path / "area.json", text)
    assert im.detect_kind(path) == "opencellid"
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(4, "cellid")]
    assert error.problems[0].reason == "not an integer: 'x'"
    result = im.import_file(path, skip_bad=True)
    assert result.kind == "opencellid" and sorted(result.stations["technology"]) == ["3G", "4G"]
    api_error = write(tmp_path / "err.json", '{"code": 2, "error": "API key is not valid"}')
    assert "API key is not valid" in str(_failure(api_error))


# --------------------------------------------------------------------------------------------
# OpenStreetMap: XML with ways, antennas, Overpass answers
# --------------------------------------------------------------------------------------------
OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="JOSM">
 <node id="1" lat="39.0" lon="125.0"><tag k="man_made" v="mast"/><tag k="tower:type" v="communication"/>
  <tag k="communication:mobile_phone" v="lte"/><tag k="operator" v="Koryolink"/><tag k="height" v="30 m"/></node>
 <node id="2" lat="39.1" lon="125.1"><tag k="telecom" v="antenna"/><tag k="communication:mobile_phone" v="yes"/></node>
 <node id="3" lat="39.2" lon="125.2"><tag k="man_made" v="mast"/></node>
 <node id="4" lat="39.3" lon="125.3"><tag k="man_made" v="antenna"/><tag k="communication:mobile_phone" v="yes"/></node>
 <node id="5" lat="39.4" lon="125.4"><tag k="man_made" v="antenna"/><tag k="communication:radio" v="fm"/></node>
 <node id="10" lat="40.0" lon="126.0"/><node id="11" lat="40.0" lon="126.0002"/>
 <node id="12" lat="40.0002" lon="126.0002"/><node id="13" lat="40.0002" lon="126.0"/>
 <way id="100"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/>
  <tag k="man_made" v="tower"/><tag k="tower:type" v="communication"/><tag k="name" v="Way Tower"/></way>
</osm>
"""


def test_osm_xml_nodes_antennas_and_tower_ways(tmp_path):
    result = im.import_file(write(tmp_path / "t.osm", OSM_XML))
    df = result.stations.set_index(result.stations["source"].str.extract(r"\(OSM (\w+ \d+)\)")[0])
    assert sorted(df.index) == ["node 1", "node 2", "node 4", "way 100"]
    assert df.loc["node 1", "technology"] == "4G" and df.loc["node 1", "antenna_height_m"] == 30
    assert df.loc["way 100", "name"] == "Way Tower"
    assert (df.loc["way 100", st.LON], df.loc["way 100", st.LAT]) == pytest.approx((126.0001, 40.0001))


def test_osm_tower_areas_at_their_centroid_and_names_in_other_languages(tmp_path):
    """A tower drawn as an area whose east side has many vertices (traced from imagery) is placed at the
    area's centroid, not pulled east by the mean of its vertices, in OSM XML and in Overpass 'out geom;'
    JSON; name:ko / operator:en stand in for a missing name / operator."""
    ring = [(126.0, 40.0)] + [(126.001, 40.0 + k * 0.0001) for k in range(11)] + [(126.0, 40.001), (126.0, 40.0)]
    nodes = "".join(f'<node id="{i}" lat="{lat}" lon="{lon}"/>' for i, (lon, lat) in enumerate(ring[:-1], start=10))
    refs = "".join(f'<nd ref="{10 + i % (len(ring) - 1)}"/>' for i in range(len(ring)))
    osm = write(tmp_path / "areas.osm", f'<osm version="0.6" generator="JOSM">{nodes}<way id="7">{refs}'
                '<tag k="man_made" v="tower"/><tag k="communication:mobile_phone" v="yes"/>'
                '<tag k="name:ko" v="평양 송신탑"/><tag k="operator:en" v="Koryolink"/></way></osm>')
    element = {"type": "way", "id": 7, "geometry": [{"lon": x, "lat": y} for x, y in ring],
               "tags": {"man_made": "mast", "tower:type": "communication", "name:ru": "Мачта"}}
    answer = write(tmp_path / "overpass.json", json.dumps({"version": 0.6, "elements": [element]}))
    for path, name, operator in ((osm, "평양 송신탑", "Koryolink"), (answer, "Мачта", "")):
        row = im.import_file(path).stations.iloc[0]
        assert (row[st.LON], row[st.LAT]) == pytest.approx((126.0005, 40.0005), abs=1e-7)
        assert (row["name"], row["operator"]) == (name, operator)


@pytest.mark.parametrize(("tags", "expected"), [
    ({"communication:mobile_phone:lte": "yes"}, "4G"),
    ({"communication:mobile_phone": "yes", "communication:mobile_phone:gsm": "yes",
      "communication:mobile_phone:5g": "yes"}, "5G"),
    ({"communication:umts": "yes"}, "3G"),
    ({"communication:mobile_phone": "gsm;umts"}, "3G"),
    ({"communication:mobile_phone": "yes"}, "unknown"),
])
def test_osm_technology_from_each_way_of_tagging_it(tags, expected):
    assert im._osm_technology(tags) == expected


def test_geofabrik_osm_bz2_and_a_bzip2_opencellid_file(tmp_path):
    import bz2

    path = tmp_path / "north-korea-latest.osm.bz2"
    path.write_bytes(bz2.compress(OSM_XML.encode()))
    assert im.detect_kind(path) == "osm"
    assert len(im.import_file(path).stations) == 4
    cells = tmp_path / "467.csv.bz2"
    cells.write_bytes(bz2.compress(OCID_ROWS.encode()))
    assert im.import_file(cells).details["cells"] == 3
    broken = tmp_path / "broken.osm.bz2"
    broken.write_bytes(b"BZh9 cut short")
    assert "not a valid bzip2 file" in str(_failure(broken))


def test_josm_file_with_objects_not_uploaded_yet(tmp_path):
    """JOSM saves new objects with negative ids (and action attributes); deleted ones are left out."""
    xml = """<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6' upload='false' generator='JOSM'>
  <node id='-101' action='modify' visible='true' lat='39.03' lon='125.75'>
    <tag k='man_made' v='mast' /><tag k='tower:type' v='communication' />
  </node>
  <node id='-102' action='modify' lat='40.0' lon='126.0' />
  <node id='-103' action='modify' lat='40.0' lon='126.0002' />
  <node id='-104' action='modify' lat='40.0002' lon='126.0002' />
  <node id='-105' action='modify' lat='40.0002' lon='126.0' />
  <way id='-106' action='modify'>
    <nd ref='-102' /><nd ref='-103' /><nd ref='-104' /><nd ref='-105' /><nd ref='-102' />
    <tag k='man_made' v='tower' /><tag k='tower:type' v='communication' />
  </way>
  <node id='200' action='delete' timestamp='2020-01-01T00:00:00Z' version='3' lat='39.06' lon='125.78'>
    <tag k='man_made' v='mast' /><tag k='communication:mobile_phone' v='yes' />
  </node>
</osm>
"""
    result = im.import_file(write(tmp_path / "drawn.osm", xml))
    df = result.stations.set_index(result.stations["source"].str.extract(r"\(OSM (\w+ -?\d+)\)")[0])
    assert sorted(df.index) == ["node -101", "way -106"] and not result.problems
    assert (df.loc["way -106", st.LON], df.loc["way -106", st.LAT]) == pytest.approx((126.0001, 40.0001))


def test_overpass_xml_ways_with_center_and_ways_without_their_nodes(tmp_path):
    """'out center;' in XML gives a way its <center> and no nodes; a way with neither is reported, not lost."""
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="Overpass API 0.7.61.5 4133829e">
<note>The data included in this document is from www.openstreetmap.org.</note>
<meta osm_base="2023-10-01T00:00:00Z"/>
  <node id="1" lat="39.03" lon="125.75"><tag k="man_made" v="mast"/><tag k="tower:type" v="communication"/></node>
  <way id="10">
    <center lat="39.0405" lon="125.7605"/>
    <nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="2"/>
    <tag k="man_made" v="tower"/><tag k="tower:type" v="communication"/>
  </way>
  <way id="11">
    <nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/>
    <tag k="man_made" v="tower"/><tag k="tower:type" v="communication"/>
  </way>
</osm>
"""
    path = write(tmp_path / "answer.osm", xml)
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(11, "geometry")]
    assert "way 11" in problems[0].reason and "out center" in problems[0].reason
    df = im.import_file(path, skip_bad=True).stations
    way = df[df["source"] == "answer.osm (OSM way 10)"]
    assert (way[st.LON].iloc[0], way[st.LAT].iloc[0]) == (125.7605, 39.0405) and len(df) == 2


@pytest.mark.parametrize(("tags", "expected"), [
    ({"telecom": "antenna", "communication:mobile_phone": "yes"}, True),
    ({"man_made": "antenna", "communication:mobile_phone": "gsm;umts"}, True),
    ({"man_made": "antenna", "communication:mobile_phone": "no"}, False),
    ({"man_made": "antenna"}, False),
    ({"telecom": "antenna"}, False),
    # a TV tower tagged as a communication tower but saying it carries no mobile network
    ({"man_made": "tower", "tower:type": "communication", "communication:television": "yes",
      "communication:mobile_phone": "no"}, False),
    ({"man_made": "communications_tower", "communication:mobile_phone": "no"}, False),
    ({"man_made": "mast", "tower:type": "communication", "communication:television": "yes"}, True),
])
def test_osm_antenna_tag_rules(tags, expected):
    assert im.is_telecom_site(tags) is expected


def test_overpass_api_json_nodes_centers_geometry_and_node_refs(tmp_path):
    import json

    elements = [
        {"type": "node", "id": 1, "lat": 39.0, "lon": 125.0, "tags": {"man_made": "mast", "tower:type": "communication",
                                                                      "communication:mobile_phone": "umts"}},
        {"type": "way", "id": 100, "center": {"lat": 40.0001, "lon": 126.0001},
         "tags": {"man_made": "tower", "tower:type": "communication"}},
        {"type": "way", "id": 101, "geometry": [{"lat": 41.0, "lon": 127.0}, {"lat": 41.0, "lon": 127.0002},
                                                {"lat": 41.0002, "lon": 127.0002}, {"lat": 41.0, "lon": 127.0}],
         "tags": {"man_made": "mast", "communication:mobile_phone": "yes"}},
        {"type": "node", "id": 10, "lat": 42.0, "lon": 128.0}, {"type": "node", "id": 11, "lat": 42.0002, "lon": 128.0},
        {"type": "way", "id": 102, "nodes": [10, 11], "tags": {"man_made": "tower", "tower:type": "communication"}},
        {"type": "way", "id": 103, "nodes": [98, 99], "tags": {"man_made": "tower", "tower:type": "communication"}},
        {"type": "node", "id": 7, "lat": 39.5, "lon": 125.5, "tags": {"amenity": "cafe"}},
    ]
    text = json.dumps({"version": 0.6, "generator": "Overpass API", "elements": elements}, indent=1)
    path = write(tmp_path / "export.json", text)
    assert im.detect_kind(path) == "osm"
    error = _failure(path)
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if '"id": 103' in ln) - 2  # its "{" line
    assert [(p.line, p.field) for p in error.problems] == [(line, "geometry")]
    assert "way 103" in error.problems[0].reason and "out center" in error.problems[0].reason
    df = im.import_file(path, skip_bad=True).stations
    assert len(df) == 4 and df["technology"].iloc[0] == "3G"
    assert sorted(zip(df[st.LON].round(5), df[st.LAT].round(5))) == [
        (125.0, 39.0), (126.0001, 40.0001), (127.00013, 41.00007), (128.0, 42.0001)]


def test_overpass_answers_cut_short_by_a_runtime_error_are_not_taken_for_complete(tmp_path):
    """Overpass answers a query that timed out (or ran out of memory) with what it had found and a remark:
    the import says the answer is incomplete instead of importing part of the area as if it were all."""
    remark = 'runtime error: Query timed out in "query" at line 3 after 26 seconds.'
    mast = {"type": "node", "id": 1, "lat": 39.5, "lon": 125.5,
            "tags": {"man_made": "mast", "tower:type": "communication"}}
    answer = write(tmp_path / "answer.json", json.dumps({"version": 0.6, "elements": [mast], "remark": remark},
                                                        indent=1))
    error = _failure(answer)
    assert error.problems[0].field == "remark" and "the Overpass answer is incomplete (runtime error" in str(error)
    assert len(im.import_file(answer, skip_bad=True).stations) == 1
    empty = write(tmp_path / "empty.json", json.dumps({"version": 0.6, "elements": [], "remark": remark}))
    assert "incomplete" in str(_failure(empty))
    xml = write(tmp_path / "answer.osm", '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n'
                '<node id="1" lat="39.5" lon="125.5"><tag k="man_made" v="mast"/>'
                '<tag k="tower:type" v="communication"/></node>\n'
                f"<remark> {remark} </remark>\n</osm>\n")
    problem, = _failure(xml).problems
    assert (problem.line, problem.field) == (4, "remark") and "Query timed out" in problem.reason
    info = write(tmp_path / "fine.json", json.dumps({"version": 0.6, "elements": [mast],
                                                     "remark": "runtime remark: nothing to say"}))
    assert not im.import_file(info).problems


def test_overpass_json_relation_with_out_geom_and_way_with_out_bb(tmp_path):
    """'out geom;' gives a relation's geometry on its members; 'out bb;' gives a way only its bounds."""
    ring = [{"lat": 39.0, "lon": 125.7}, {"lat": 39.0, "lon": 125.702}, {"lat": 39.002, "lon": 125.702},
            {"lat": 39.0, "lon": 125.7}]
    tower = {"man_made": "tower", "tower:type": "communication"}
    elements = [
        {"type": "relation", "id": 20, "members": [{"type": "way", "ref": 5, "role": "outer", "geometry": ring}],
         "tags": {"type": "multipolygon", **tower}},
        {"type": "way", "id": 21, "bounds": {"minlat": 39.1, "minlon": 125.8, "maxlat": 39.102, "maxlon": 125.802},
         "nodes": [1, 2, 3, 1], "tags": tower},
    ]
    path = write(tmp_path / "answer.json", json.dumps({"version": 0.6, "elements": elements}, indent=1))
    result = im.import_file(path)
    assert not result.problems
    assert sorted(zip(result.stations[st.LON].round(6), result.stations[st.LAT].round(6))) == [
        (125.701333, 39.000667), (125.801, 39.101)]


def test_multipolygon_relation_towers_at_the_centroid_of_their_area(tmp_path):
    """A tower compound mapped as a multipolygon relation, its outer ring split into two ways (the east one traced
    densely) around an inner hole, is placed at the centroid of the area (less the hole) in OSM XML, Overpass XML
    and JSON 'out geom;', and Overpass JSON 'out body;' with its ways and nodes (which said it had no position)."""
    east = [(126.002, 40.0 + k * 0.0002) for k in range(11)]
    west = [(126.0, 40.002), (126.0, 40.0), (126.002, 40.0)]
    hole = [(126.0002, 40.0002), (126.0008, 40.0002), (126.0008, 40.0008), (126.0002, 40.0008), (126.0002, 40.0002)]
    ways = {10: east, 11: [east[-1], *west], 12: hole}
    roles = {10: "outer", 11: "outer", 12: "inner"}
    ids: dict = {}
    for points in ways.values():
        for point in points:
            ids.setdefault(point, len(ids) + 1)
    tags = {"type": "multipolygon", "man_made": "tower", "tower:type": "communication", "operator": "KT"}
    tag_xml = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
    nodes_xml = "".join(f'<node id="{i}" lat="{y}" lon="{x}"/>' for (x, y), i in ids.items())
    ways_xml = "".join(f'<way id="{w}">' + "".join(f'<nd ref="{ids[p]}"/>' for p in pts) + "</way>"
                       for w, pts in ways.items())
    members_xml = "".join(f'<member type="way" ref="{w}" role="{roles[w]}"/>' for w in ways)
    osm = write(tmp_path / "compound.osm", f'<osm version="0.6">{nodes_xml}{ways_xml}'
                f'<relation id="100">{members_xml}{tag_xml}</relation></osm>')
    geom_members = "".join(f'<member type="way" ref="{w}" role="{roles[w]}">'
                           + "".join(f'<nd lat="{y}" lon="{x}"/>' for x, y in pts) + "</member>"
                           for w, pts in ways.items())
    overpass_xml = write(tmp_path / "geom.osm", f'<osm version="0.6" generator="Overpass API">'
                         f'<relation id="100"><bounds minlat="40" minlon="126" maxlat="40.002" maxlon="126.002"/>'
                         f'{geom_members}{tag_xml}</relation></osm>')
    geom = {"type": "relation", "id": 100, "tags": tags,
            "members": [{"type": "way", "ref": w, "role": roles[w], "geometry": [{"lat": y, "lon": x} for x, y in pts]}
                        for w, pts in ways.items()]}
    out_geom = write(tmp_path / "geom.json", json.dumps({"version": 0.6, "elements": [geom]}))
    body = [{"type": "relation", "id": 100, "tags": tags,
             "members": [{"type": "way", "ref": w, "role": roles[w]} for w in ways]}]
    body += [{"type": "way", "id": w, "nodes": [ids[p] for p in pts]} for w, pts in ways.items()]
    body += [{"type": "node", "id": i, "lat": y, "lon": x} for (x, y), i in ids.items()]
    out_body = write(tmp_path / "body.json", json.dumps({"version": 0.6, "elements": body}, indent=1))
    # the square's centroid moved away from its hole: 0.002² at 126.001 less 0.0006² at 126.0005
    centre = 126.001 + 0.0006 ** 2 * 0.0005 / (0.002 ** 2 - 0.0006 ** 2)
    for path in (osm, overpass_xml, out_geom, out_body):
        result = im.import_file(path)
        row = result.stations.iloc[0]
        assert not result.problems and len(result.stations) == 1, path.name
        assert (row[st.LON], row[st.LAT]) == pytest.approx((centre, centre - 126 + 40), abs=2e-7), path.name
        assert row["source"] == f"{path.name} (OSM relation 100)" and row["operator"] == "KT"


def test_osm_objects_downloaded_in_part_are_said_incomplete(tmp_path):
    """A JOSM file whose relation has only some of its member ways (the others outside the area downloaded), or
    a way only some of its nodes, was placed at the centre of what is there without a word; they are placed so
    still (stations to review), the import's details and each station's notes saying they are incomplete."""
    result = im.import_file(partly_downloaded_osm(tmp_path / "josm.osm"))
    assert not result.problems and len(result.stations) == 3
    assert [entry[1:] for entry in result.details["incomplete_osm"]] == [("relation", "100", 2, 4),
                                                                         ("way", "200", 2, 4)]
    notes = dict(zip(result.stations["source"], result.stations["notes"]))
    assert "incomplete in josm.osm: placed by 2 of its 4 member ways" in notes["josm.osm (OSM relation 100)"]
    assert "placed by 2 of its 4 nodes" in notes["josm.osm (OSM way 200)"]
    assert "incomplete" not in notes["josm.osm (OSM relation 300)"]


@pytest.mark.parametrize("form", ["body", "geom"])
def test_overpass_objects_cut_off_are_said_incomplete(tmp_path, form):
    """An Overpass answer whose relation has only some of its member ways, or a way some of its nodes (cut off by
    a bounding box or a partial answer), was placed at the centre of what is there without a word, as the OSM
    file's were before; the import's details and each station's notes say they are incomplete, as for an OSM
    file."""
    data = overpass_partly_there(form)
    if form == "geom":  # relation 100's member 12 keeps node 3, member 13 is wholly outside
        assert "geometry" in data["elements"][0]["members"][2] and "geometry" not in data["elements"][0]["members"][3]
    result = im.import_file(write(tmp_path / "answer.json", json.dumps(data)))
    assert not result.problems and len(result.stations) == 3
    expected = [("relation", "100", 3 if form == "geom" else 2, 4), ("way", "200", 2, 4)]
    assert [entry[1:] for entry in result.details["incomplete_osm"]] == expected
    assert [entry[0] for entry in result.details["incomplete_osm"]] == sorted(
        entry[0] for entry in result.details["incomplete_osm"])
    notes = dict(zip(result.stations["source"], result.stations["notes"]))
    have = expected[0][2]
    assert f"incomplete in answer.json: placed by {have} of its 4 member ways" in \
        notes["answer.json (OSM relation 100)"]
    assert "placed by 2 of its 4 nodes" in notes["answer.json (OSM way 200)"]
    assert "incomplete" not in notes["answer.json (OSM relation 300)"]


def test_overpass_xml_objects_cut_off_by_the_box_are_said_incomplete(tmp_path):
    """The XML form of 'out geom(bbox);' (a way's nodes outside the box without their point, a relation's member
    ways cut or left without points) was placed at the centre of what is there without a word, where the JSON form
    of the same answer is said incomplete; it is said so as the JSON form is, with the Overpass hint."""
    result = im.import_file(overpass_partly_there_xml(tmp_path / "answer.osm"))
    assert not result.problems and len(result.stations) == 3
    assert [entry[1:] for entry in result.details["incomplete_osm"]] == [("relation", "100", 3, 4),
                                                                         ("way", "200", 2, 4)]
    assert [entry[0] for entry in result.details["incomplete_osm"]] == [3, 4]
    assert result.details["format"] == "Overpass API XML"
    notes = dict(zip(result.stations["source"], result.stations["notes"]))
    assert "incomplete in answer.osm: placed by 3 of its 4 member ways" in notes["answer.osm (OSM relation 100)"]
    assert "incomplete in answer.osm: placed by 2 of its 4 nodes" in notes["answer.osm (OSM way 200)"]
    assert "incomplete" not in notes["answer.osm (OSM relation 300)"]
    # the same answer in JSON: the same count, the stations at the same places
    json_result = im.import_file(write(tmp_path / "answer.json", json.dumps(overpass_partly_there("geom"))))
    assert [e[1:] for e in json_result.details["incomplete_osm"]] == [e[1:] for e in result.details["incomplete_osm"]]
    assert np.allclose(json_result.stations[[st.LON, st.LAT]].to_numpy(float),
                       result.stations[[st.LON, st.LAT]].to_numpy(float))


@pytest.mark.parametrize(("height", "metres"), [
    ("30", 30.0), ("30 m", 30.0), ("98'", 29.8704), ("98 ft", 29.8704), ("45.5 metres", 45.5),
    ("30;35", 35.0), ("30 m;35 m", 35.0), ("30,5", 30.5), ("1,000 ft", 304.8), ("15'6\"", 4.7244),
    ("~40", 40.0), ("ca. 40", 40.0), ("tall", None), ("30;tall", None), ("", None),
])
def test_osm_heights_as_mappers_write_them(height, metres):
    assert im._height_m(height) == (pytest.approx(metres) if metres is not None else None)


def test_osm_heights_of_several_values_or_decimal_commas_are_read_and_others_kept_in_the_notes(tmp_path):
    """height=30;35 (the tower and its antennas), 30,5 or 15'6" gave the default antenna height as if no height
    were tagged; they are read, and a height that is no length stays in the notes rather than being lost."""
    mast = {"man_made": "mast", "tower:type": "communication"}
    elements = [{"type": "node", "id": i, "lat": 39.0 + i / 100, "lon": 125.0, "tags": {**mast, "height": h}}
                for i, h in enumerate(["30;35", "30,5", "15'6\"", "tall"], start=1)]
    path = write(tmp_path / "masts.json", json.dumps({"version": 0.6, "elements": elements}))
    df = im.import_file(path).stations.sort_values(st.LAT)
    assert list(df["antenna_height_m"].iloc[:3]) == pytest.approx([35.0, 30.5, 4.7244])
    assert "height=tall" in df["notes"].iloc[3] and "height=" not in df["notes"].iloc[0]


def test_qgis_osm_layers_saved_as_geopackage_or_geojson_are_read_as_osm(tmp_path):
    """QGIS's layers of an OSM file (points, multipolygons: name and man_made as fields, the other tags in
    other_tags) saved as a GeoPackage in EPSG:5179 or as GeoJSON lost the operator, height and technology kept in
    other_tags, and every shop and cafe of the layer became a station; they are read as the .osm.pbf is."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5179)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "seoul_osm.gpkg"))
    mast = '"tower:type"=>"communication","operator"=>"KT","height"=>"45 m","communication:mobile_phone"=>"lte"'
    for name, gtype, fields, features in (
        ("points", ogr.wkbPoint, ("osm_id", "name", "man_made", "other_tags"),
         [("POINT (955000 1950000)", ("1", "남산 기지국", "mast", mast)),
          ("POINT (955100 1950000)", ("2", "카페", None, '"amenity"=>"cafe"'))]),
        ("multipolygons", ogr.wkbMultiPolygon, ("osm_id", "osm_way_id", "name", "man_made", "other_tags"),
         [("MULTIPOLYGON (((956000 1950000,956020 1950000,956020 1950020,956000 1950020,956000 1950000)))",
           (None, "77", "옥상", "tower", '"tower:type"=>"communication","operator"=>"SKT"')),
          ("MULTIPOLYGON (((957000 1950000,957020 1950000,957020 1950020,957000 1950020,957000 1950000)))",
           (None, "78", "학교", None, '"amenity"=>"school"'))]),
    ):
        lyr = ds.CreateLayer(name, srs, gtype)
        for field in fields:
            lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
        for wkt, values in features:
            feat = ogr.Feature(lyr.GetLayerDefn())
            for field, value in zip(fields, values):
                if value is not None:
                    feat.SetField(field, value)
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feat)
            feat = None
        lyr = None
    ds = None
    gpkg = tmp_path / "seoul_osm.gpkg"
    result = im.import_file(gpkg)
    row, = result.stations.to_dict("records")
    assert (row["name"], row["operator"], row["technology"], row["antenna_height_m"]) == ("남산 기지국", "KT", "4G", 45)
    assert (row[st.LON], row[st.LAT]) == pytest.approx((126.990567, 37.548239), abs=1e-6)
    assert row["source"] == "seoul_osm.gpkg (OSM node 1)"
    assert result.details["layer"] == "points" and result.details["other_layers"] == ["multipolygons"]
    area = im.import_file(gpkg, layer="multipolygons").stations.iloc[0]
    assert (area["operator"], area["source"]) == ("SKT", "seoul_osm.gpkg (OSM way 77)")
    assert (area[st.LON], area[st.LAT]) == pytest.approx((127.0020, 37.548378), abs=1e-6)  # (956010, 1950010)
    geojson = write(tmp_path / "points.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"osm_id": "1", "name": "M", "man_made": "mast", "other_tags": mast},
         "geometry": {"type": "Point", "coordinates": [125.75, 39.03]}},
        {"type": "Feature", "properties": {"osm_id": "2", "name": "Cafe", "man_made": None,
                                           "other_tags": '"amenity"=>"cafe"'},
         "geometry": {"type": "Point", "coordinates": [125.76, 39.03]}}]}))
    row, = im.import_file(geojson).stations.to_dict("records")
    assert (row["name"], row["operator"], row["technology"], row[st.LON]) == ("M", "KT", "4G", 125.75)


def test_overpass_csv_answer_is_read_as_its_osm_objects(tmp_path):
    """[out:csv(::id, ::type, ::lat, ::lon, name, operator, height, "communication:mobile_phone")]: the technology
    column was left unread (unknown), height=30;35 refused the row, each station got a random id (a second
    import did not merge with the first or with the same mast from Overpass JSON) and a way asked for without
    'out center;' was only 'missing coordinate'."""
    header = "@id\t@type\t@lat\t@lon\tname\toperator\theight\tcommunication:mobile_phone\n"
    path = write(tmp_path / "interpreter.csv", header + "1\tnode\t39.0\t125.0\tA\tKT\t30;35\tgsm;lte\n"
                 "100\tway\t40.001\t126.001\tB\tSKT\t98'\tyes\n101\tway\t\t\tC\tSKT\t\tyes\n")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(4, "@lat/@lon")]
    assert "OSM way 101 has no position" in str(error) and "out center;" in str(error)
    result = im.import_file(path, skip_bad=True)
    df = result.stations
    assert result.details["format"] == "Overpass API CSV"
    assert list(df["technology"]) == ["4G", "unknown"]
    assert list(df["antenna_height_m"]) == pytest.approx([35.0, 29.8704])
    assert list(df["source"]) == ["interpreter.csv (OSM node 1)", "interpreter.csv (OSM way 100)"]
    node = {"type": "node", "id": 1, "lat": 39.0, "lon": 125.0, "tags": {"man_made": "mast", "tower:type":
                                                                         "communication"}}
    answer = write(tmp_path / "answer.json", json.dumps({"version": 0.6, "elements": [node]}))
    assert df["station_id"].iloc[0] == im.import_file(answer).stations["station_id"].iloc[0]
    plain = write(tmp_path / "plain.csv", "::lat,::lon,name\n39.0,125.0,A\n")  # no id: nothing more to read
    assert im.import_file(plain).stations[st.LAT].iloc[0] == 39.0


def test_overpass_csv_without_type_claims_no_node_ids(tmp_path):
    """[out:csv(::id, ::lat, ::lon, ...)] without ::type: every object was taken for a node, a way 100 getting
    node 100's id (merged with that node imported from Overpass JSON) and 'OSM node 100' in its source. An id
    without its type is named 'OSM object N' with an id of its own, stable from one import to the next; an id
    shared by two objects (a node and a way of one number) gives neither an OSM id; a row without a position is
    said to be a way or relation asked for without 'out center;'."""
    header = "@id\t@lat\t@lon\tname\tcommunication:mobile_phone\n"
    path = write(tmp_path / "interpreter.csv", header + "1\t39.0\t125.0\tA\tlte\n100\t40.001\t126.001\tB\tyes\n"
                 "7\t40.2\t126.2\tC\tyes\n7\t40.3\t126.3\tD\tyes\n101\t\t\tE\tyes\n")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(6, "@lat/@lon")]
    assert "OSM way or relation 101 has no position" in str(error)
    result = im.import_file(path, skip_bad=True)
    df = result.stations.set_index("name")
    assert result.details["overpass_without_type"] == {"column": "@id", "rows": 5, "repeated": ["7"]}
    assert list(df["source"]) == ["interpreter.csv (OSM object 1)", "interpreter.csv (OSM object 100)",
                                  "interpreter.csv", "interpreter.csv"]
    node = {"type": "node", "id": 100, "lat": 40.001, "lon": 126.001, "tags": {"man_made": "mast",
                                                                               "communication:mobile_phone": "yes"}}
    answer = write(tmp_path / "answer.json", json.dumps({"version": 0.6, "elements": [node]}))
    assert df.loc["B", "station_id"] != im.import_file(answer).stations["station_id"].iloc[0]
    again = im.import_file(path, skip_bad=True).stations.set_index("name")
    assert list(again.loc[["A", "B"], "station_id"]) == list(df.loc[["A", "B"], "station_id"])
    assert df.loc["C", "station_id"] != again.loc["C", "station_id"]  # no OSM id: one of its own each time
    assert df["station_id"].nunique() == 4


def test_quickosm_layers_are_read_as_osm(tmp_path):
    """QuickOSM's layers (full_id, osm_id, osm_type, each tag a field: 'tower:type', 'communication:mobile_phone')
    saved as a GeoPackage: the technology was unknown, height=30;35 refused the row, a TV mast became a station;
    they are read as the OSM objects they are, and a layer of masts none of which serves phones is refused saying
    how to import them all."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    path = tmp_path / "quickosm.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    fields = ("full_id", "osm_id", "osm_type", "man_made", "tower:type", "communication:mobile_phone", "operator",
              "height")
    for name, features in (
        ("man_made_mast", [("POINT (127.0 37.5)", ("n1", "1", "node", "mast", "communication", "gsm;lte", "KT",
                                                    "30;35")),
                           ("POINT (127.1 37.5)", ("n2", "2", "node", "mast", "broadcast", None, "KBS", "120")),
                           ("POINT (127.2 37.5)", ("w3", "3", "way", "tower", "communication", None, "SKT", None))]),
        ("tv_masts", [("POINT (127.3 37.5)", ("n4", "4", "node", "mast", "broadcast", None, "MBC", "80"))]),
    ):
        lyr = ds.CreateLayer(name, srs, ogr.wkbPoint)
        for field in fields:
            lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
        for wkt, values in features:
            feat = ogr.Feature(lyr.GetLayerDefn())
            for field, value in zip(fields, values):
                if value is not None:
                    feat.SetField(field, value)
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feat)
            feat = None
        lyr = None
    ds = None
    df = im.import_file(path, layer="man_made_mast").stations
    assert list(df["source"]) == ["quickosm.gpkg (OSM node 1)", "quickosm.gpkg (OSM way 3)"]
    assert list(df["technology"]) == ["4G", "unknown"] and list(df["operator"]) == ["KT", "SKT"]
    assert df["antenna_height_m"].iloc[0] == 35.0
    error = _failure(path, layer="tv_masts")
    assert "1 mast or tower carries no such tag" in str(error) and "without its osm_id field" in str(error)
    assert "among its 1 feature of layer 'tv_masts'" in str(error)


def test_overpass_turbo_geojson_export(tmp_path):
    import json

    features = [
        {"type": "Feature", "id": "node/1", "properties": {"@id": "node/1", "man_made": "mast", "name": "M1",
                                                           "tower:type": "communication", "operator": "Koryolink"},
         "geometry": {"type": "Point", "coordinates": [125.0, 39.0]}},
        {"type": "Feature", "id": "way/100", "properties": {"@id": "way/100", "man_made": "tower",
                                                            "communication:mobile_phone": "yes"},
         "geometry": {"type": "Polygon", "coordinates": [[[126.0, 40.0], [126.0002, 40.0], [126.0002, 40.0002],
                                                          [126.0, 40.0002], [126.0, 40.0]]]}},
        {"type": "Feature", "id": "node/7", "properties": {"@id": "node/7", "amenity": "cafe"},
         "geometry": {"type": "Point", "coordinates": [125.5, 39.5]}},
    ]
    path = write(tmp_path / "export.geojson", json.dumps({"type": "FeatureCollection", "generator": "overpass-turbo",
                                                          "features": features}))
    result = im.import_file(path)
    assert result.kind == "osm"
    df = result.stations.sort_values(st.LON)
    assert list(df["name"]) == ["M1", ""] and df["operator"].iloc[0] == "Koryolink"
    assert (df[st.LON].iloc[1], df[st.LAT].iloc[1]) == pytest.approx((126.0001, 40.0001))
    assert df["source"].iloc[1] == "export.geojson (OSM way 100)"


def test_plain_geojson_is_still_read_as_vector(tmp_path):
    path = write(tmp_path / "plain.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", '
                 '"id": 3, "properties": {"name": "P"}, "geometry": {"type": "Point", "coordinates": [125.7, 39.0]}}]}')
    assert im.detect_kind(path) == "vector" and im.import_file(path).kind == "vector"


def test_towers_drawn_as_areas_are_placed_at_their_centroid_and_larger_areas_refused(tmp_path):
    """A layer of towers' footprints (a square roof and an L-shaped compound, in UTM) was refused as holding no
    point; each becomes a station at its centroid (not its vertices' mean), said in the details, while a layer of
    areas larger than 300 m across (coverage areas) is still refused, saying why."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32652)
    path = tmp_path / "footprints.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for name, wkts in (("towers", ["POLYGON ((300000 4150000, 300010 4150000, 300010 4150010, 300000 4150010, "
                                   "300000 4150000))",
                                   "MULTIPOLYGON (((301000 4150000, 301060 4150000, 301060 4150020, 301020 4150020, "
                                   "301020 4150060, 301000 4150060, 301000 4150000)))"]),
                       ("coverage", ["POLYGON ((300000 4150000, 305000 4150000, 305000 4155000, 300000 4150000))"])):
        lyr = ds.CreateLayer(name, srs, ogr.wkbUnknown)
        for wkt in wkts:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feat)
            feat = None
        lyr = None
    ds = None
    result = im.import_file(path, layer="towers")
    assert result.details["footprints"] == {"count": 2, "max_m": 300.0} and not result.problems
    wgs84, utm = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    utm.ImportFromEPSG(32652)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs84, utm)
    got = [to_utm.TransformPoint(lon, lat)[:2] for lon, lat in zip(result.stations[st.LON], result.stations[st.LAT])]
    # the L's centroid: 60x20 at (30, 10) and 20x40 at (10, 40), weights 1200 and 800
    assert sorted(got) == [pytest.approx((300005, 4150005), abs=0.01), pytest.approx((301022, 4150022), abs=0.01)]
    error = _failure(path, layer="coverage")
    assert "holds only lines or areas (1 polygon)" in str(error) and "areas up to 300 m across" in str(error)


def test_vector_layer_numbers_typed_with_a_decimal_comma_and_problems_naming_the_layers_fields(tmp_path):
    """A GeoPackage (EPSG:5186, points with M) or GeoJSON whose height was typed as text with a decimal comma ('25,5',
    from a Korean or European spreadsheet) refused the row as 'antenna_height_m: not a number', a field the layer
    does not have; the comma is read as a decimal one, and a value still wrong ('1,500', perhaps a thousand and a
    half) is reported under the layer's own field name."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5186)
    path = tmp_path / "kr.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("기지국 목록", srs, ogr.wkbPointM)
    for name in ("이름", "안테나높이(m)", "Radius [m]"):
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for name, height, radius in (("가", "25,5", "800"), ("나", "30", "1,500")):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for field, value in zip(("이름", "안테나높이(m)", "Radius [m]"), (name, height, radius)):
            feat.SetField(field, value)
        feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT M (200000 450000 3)"))
        lyr.CreateFeature(feat)
        feat = None
    lyr = ds = None
    error = _failure(path)
    assert [(p.line, p.field, p.reason) for p in error.problems] == [(2, "Radius [m]", "not a number: '1,500'")]
    row = im.import_file(path, skip_bad=True).stations.iloc[0]
    assert (row["name"], row["antenna_height_m"], row["radius_m"]) == ("가", 25.5, 800)
    assert (row[st.LON], row[st.LAT]) == pytest.approx((127.0, 36.648451), abs=1e-6)
    geojson = write(tmp_path / "towers.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A", "height": "30,5"},
         "geometry": {"type": "Point", "coordinates": [125.75, 39.03, 12.0]}}]}))
    assert im.import_file(geojson).stations["antenna_height_m"].iloc[0] == 30.5


def test_geopackage_of_several_point_layers_reads_its_stations(tmp_path):
    """A project GeoPackage with populated places (or shops) before its station layer was read from the places,
    every town a station, with only a warning naming the others; of several point layers the one of the plugin's
    station fields is read, else the one named for stations ('기지국', 'towers'), else still the first."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)

    def gpkg(name, layers):
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / name))
        for layer, fields, x in layers:
            lyr = ds.CreateLayer(layer, srs, ogr.wkbPoint)
            for field in fields:
                lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} 37.5)"))
            lyr.CreateFeature(feat)
            feat = lyr = None
        ds = None
        return tmp_path / name

    named = gpkg("project.gpkg", [("places", ("name",), 126.9), ("서울 기지국", ("name",), 127.0)])
    result = im.import_file(named)
    assert result.details["layer"] == "서울 기지국" and result.details["other_layers"] == ["places"]
    assert result.stations[st.LON].iloc[0] == 127.0
    assert im.vector_layer_choices(named)[1] == "서울 기지국"
    schema = gpkg("schema.gpkg", [("poi", ("name",), 126.9), ("towers_osm", ("name",), 127.1),
                                  ("layer2", ("station_id", "technology"), 127.2)])
    assert im.import_file(schema).details["layer"] == "layer2"
    plain = gpkg("plain.gpkg", [("poi", ("name",), 126.9), ("shops", ("name",), 127.1)])
    assert im.import_file(plain).details["layer"] == "poi"


def test_geopackage_with_an_area_layer_before_its_points(tmp_path):
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "project.gpkg"))
    for name, gtype, wkt in (("provinces", ogr.wkbPolygon, "POLYGON ((125 39, 126 39, 126 40, 125 39))"),
                             ("roads", ogr.wkbLineString, "LINESTRING (125 39, 126 40)"),
                             ("towers", ogr.wkbPoint, "POINT (125.75 39.03)")):
        lyr = ds.CreateLayer(name, srs, gtype)
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(feat)
        feat = None
    ds = None
    result = im.import_file(tmp_path / "project.gpkg")
    assert result.details["layer"] == "towers" and not result.problems
    assert (result.stations[st.LON].iloc[0], result.stations[st.LAT].iloc[0]) == (125.75, 39.03)
    # a layer of lines only is refused as a whole, also when bad rows are skipped (nothing would be left)
    error = _failure(tmp_path / "project.gpkg", layer="roads", skip_bad=True)
    assert [(p.line, p.field) for p in error.problems] == [(1, "geometry")]
    assert "layer 'roads' holds only lines or areas (1 line), not a point" in str(error)


def test_features_without_geometry_are_placed_by_their_lon_lat_fields(tmp_path):
    """A GeoJSON written by a script from a table (null geometries, 'Latitude'/'Longitude' properties), and
    a GeoPackage table without geometry column (an attribute table, no CRS)."""
    from osgeo import ogr

    features = [
        {"type": "Feature", "properties": {"name": "A", "Latitude": 39.1, "Longitude": 125.1},
         "geometry": {"type": "Point", "coordinates": [125.7, 39.0]}},
        {"type": "Feature", "properties": {"name": "B", "Latitude": 39.2, "Longitude": 125.2}, "geometry": None},
        {"type": "Feature", "properties": {"name": "C", "Latitude": None, "Longitude": None}, "geometry": None}]
    path = write(tmp_path / "table.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(3, "geometry")]
    assert "no geometry nor Longitude/Latitude values" in str(error)
    rows = im.import_file(path, skip_bad=True).stations.set_index("name")
    assert (rows.at["A", st.LON], rows.at["A", st.LAT]) == (125.7, 39.0)  # the geometry wins
    assert (rows.at["B", st.LON], rows.at["B", st.LAT]) == (125.2, 39.2)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "sites.gpkg"))
    lyr = ds.CreateLayer("sites", None, ogr.wkbNone)
    for name, kind in (("site_name", ogr.OFTString), ("lon", ogr.OFTReal), ("lat", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    feat = ogr.Feature(lyr.GetLayerDefn())
    for name, value in (("site_name", "T1"), ("lon", 126.5), ("lat", 40.5)):
        feat.SetField(name, value)
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    row = im.import_file(tmp_path / "sites.gpkg").stations.iloc[0]
    assert (row["name"], row[st.LON], row[st.LAT]) == ("T1", 126.5, 40.5)


def test_station_shapefile_with_field_names_cut_to_ten_letters(tmp_path):
    """Stations saved as a Shapefile (by QGIS or another tool) come back with 'antenna_he' and 'reviewed_a':
    the antenna height and review time were lost on import."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "stations.shp"))
    lyr = ds.CreateLayer("stations", srs, ogr.wkbPoint, options=["ENCODING=UTF-8"])
    values = {"name": "A", "antenna_height_m": "42", "reviewed_at": "2024-03-01T08:00:00+00:00"}
    for name in values:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))  # the driver cuts the names to 10 letters
    defn = lyr.GetLayerDefn()
    assert [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())] == ["name", "antenna_he",
                                                                                     "reviewed_a"]
    feat = ogr.Feature(defn)
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.7 39.0)"))
    for i, value in enumerate(values.values()):
        feat.SetField(i, value)
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    row = im.import_file(tmp_path / "stations.shp").stations.iloc[0]
    assert (row["antenna_height_m"], row["reviewed_at"]) == (42.0, "2024-03-01T08:00:00+00:00")


def test_korean_field_names_and_heights_with_their_unit_in_brackets(tmp_path):
    """A Korean agency's GeoPackage (Korea 2000 / Unified CS, EPSG:5179, Korean field names), a My Maps
    KML and a spreadsheet naming the height 'Antenna height (m)'."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5179)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "기지국.gpkg"))
    lyr = ds.CreateLayer("기지국", srs, ogr.wkbPoint)
    fields = {"기지국명": "평양 1", "통신사": "고려링크", "통신방식": "LTE", "안테나높이(m)": "32",
              "방위각": "0;120;240", "비고": "옥상"}
    for name in fields:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (950000 1950000)"))
    for name, value in fields.items():
        feat.SetField(name, value)
    lyr.CreateFeature(feat)
    feat = ds = None
    row = im.import_file(tmp_path / "기지국.gpkg").stations.iloc[0]
    assert (row["name"], row["operator"], row["technology"]) == ("평양 1", "고려링크", "4G")
    assert (row["antenna_height_m"], row["azimuths"], row["notes"]) == (32.0, "0;120;240", "옥상")
    assert row[st.LON] == pytest.approx(126.93397, abs=1e-5) and row[st.LAT] == pytest.approx(37.54798, abs=1e-5)
    csv_path = write(tmp_path / "sites.csv", "Site Name,Latitude,Longitude,Antenna Height (m),Radius [m]\n"
                     "A,39.03,125.75,45,1500\n")
    row = im.import_file(csv_path).stations.iloc[0]
    assert (row["name"], row["antenna_height_m"], row["radius_m"]) == ("A", 45.0, 1500.0)
    kml = write(tmp_path / "mymaps.kml", f"<kml {KML_NS}><Document><Placemark><name>B</name><ExtendedData>"
                '<Data name="Height (m)"><value>28</value></Data></ExtendedData><Point><coordinates>125.7,39.0'
                "</coordinates></Point></Placemark></Document></kml>")
    assert im.import_file(kml).stations["antenna_height_m"].tolist() == [28.0]


@pytest.mark.parametrize(("encoding", "name", "operator"), [("CP949", "평양 기지국", "고려링크"),
                                                            ("CP1252", "Café", "Opérateur"),
                                                            ("UTF-8", "평양 기지국", "Opérateur")])
def test_shapefile_without_cpg_in_a_legacy_encoding(tmp_path, encoding, name, operator):
    """Korean shapefiles are CP949 without a .cpg; GDAL then hands the bytes on undecoded."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "sites.shp"))
    lyr = ds.CreateLayer("sites", srs, ogr.wkbPoint, options=[f"ENCODING={encoding}"])
    for field in ("name", "operator"):
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("name", name)
    feat.SetField("operator", operator)
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.75 39.03)"))
    lyr.CreateFeature(feat)
    feat = ds = None
    (tmp_path / "sites.cpg").unlink()
    df = im.import_file(tmp_path / "sites.shp").stations
    assert (df["name"].iloc[0], df["operator"].iloc[0]) == (name, operator)


def test_geojson_problems_count_features_from_one(tmp_path):
    features = [{"type": "Feature", "properties": {"name": name}, "geometry": geometry} for name, geometry in (
        ("no place", None), ("P", {"type": "Point", "coordinates": [125.7, 39.0]}),
        ("north of the pole", {"type": "Point", "coordinates": [125.7, 99.0]}))]
    path = write(tmp_path / "places.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(1, "geometry"), (3, st.LAT)]
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["P"] and result.rows_read == 3


# --------------------------------------------------------------------------------------------
# KML / KMZ: Google Earth exports
# --------------------------------------------------------------------------------------------
KML_NS = 'xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"'
GOOGLE_EARTH = f"""<?xml version="1.0" encoding="UTF-8"?>
<kml {KML_NS}>
<Document><name>export.kml</name>
<Style id="s1"><IconStyle><Icon><href>http://maps.google.com/mapfiles/kml/shapes/target.png</href></Icon></IconStyle>
</Style>
<Schema name="towers" id="towers"><SimpleField name="tech" type="string"/></Schema>
<Folder><name>Towers</name>
 <Folder><name>Koryolink</name>
  <Placemark><name>A</name><styleUrl>#s1</styleUrl>
   <ExtendedData><SchemaData schemaUrl="#towers"><SimpleData name="tech">LTE</SimpleData>
    <SimpleData name="height">35</SimpleData></SchemaData></ExtendedData>
   <Point><gx:drawOrder>1</gx:drawOrder><altitudeMode>relativeToGround</altitudeMode><coordinates>
      125.7543, 39.0392, 35
   </coordinates></Point></Placemark>
  <Placemark><name>B</name><ExtendedData><Data name="Operator"><displayName>Op</displayName>
   <value>Kangsong</value></Data></ExtendedData>
   <MultiGeometry><LineString><coordinates>125,39 126,40</coordinates></LineString>
    <Point><coordinates>125.78,39.019,12</coordinates></Point></MultiGeometry></Placemark>
 </Folder>
</Folder>
</Document></kml>
"""


def test_google_earth_export_with_bom_schema_data_and_multigeometry(tmp_path):
    path = tmp_path / "ge.kml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOGLE_EARTH.encode())
    df = im.import_file(path).stations.set_index("name")
    assert (df.loc["A", st.LON], df.loc["A", st.LAT]) == (125.7543, 39.0392)
    assert df.loc["A", "technology"] == "4G" and df.loc["A", "antenna_height_m"] == 35
    assert df.loc["A", "operator"] == "Koryolink" and df.loc["B", "operator"] == "Kangsong"
    assert (df.loc["B", st.LON], df.loc["B", st.LAT]) == (125.78, 39.019)


def test_kml_multigeometry_of_several_points_gives_one_station_per_point(tmp_path):
    path = write(tmp_path / "multi.kml", """<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>Koryolink</name>
 <Placemark><name>Site 7</name><ExtendedData><Data name="station_id"><value>s7</value></Data>
   <Data name="technology"><value>LTE</value></Data></ExtendedData>
  <MultiGeometry><Point><coordinates>125.70,39.00</coordinates></Point>
   <Polygon><outerBoundaryIs><LinearRing><coordinates>125,39 126,39 126,40 125,39</coordinates></LinearRing>
   </outerBoundaryIs></Polygon>
   <Point><coordinates>125.71,39.01</coordinates></Point><Point><coordinates>125.72,39.02</coordinates></Point>
  </MultiGeometry></Placemark>
 <Placemark><MultiGeometry><Point><coordinates>126.1,39.1</coordinates></Point>
  <Point><coordinates>126.2</coordinates></Point></MultiGeometry></Placemark>
</Folder></Document></kml>""")
    problems = _failure(path).problems
    assert [(p.line, p.field) for p in problems] == [(10, "coordinates")] and "point 2 of 2" in problems[0].reason
    df = im.import_file(path, skip_bad=True).stations
    assert list(df["name"]) == ["Site 7 (1)", "Site 7 (2)", "Site 7 (3)", ""]
    assert list(df[st.LON]) == [125.70, 125.71, 125.72, 126.1]
    assert set(df["operator"][:3]) == {"Koryolink"} and set(df["technology"][:3]) == {"4G"}
    assert df["station_id"].iloc[0] == "s7" and df["station_id"].nunique() == 4


def test_geojson_multipoint_gives_one_station_per_point(tmp_path):
    features = [{"type": "Feature", "properties": {"name": "Mast", "tech": "GSM"},
                 "geometry": {"type": "MultiPoint", "coordinates": [[125.7, 39.0], [125.8, 39.1]]}},
                {"type": "Feature", "properties": {"name": "Single"},
                 "geometry": {"type": "MultiPoint", "coordinates": [[125.9, 39.2]]}}]
    path = write(tmp_path / "multi.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    df = im.import_file(path).stations
    assert list(df["name"]) == ["Mast (1)", "Mast (2)", "Single"]
    assert list(df[st.LAT]) == [39.0, 39.1, 39.2] and list(df["technology"][:2]) == ["2G", "2G"]


def test_geojson_geometry_collection_gives_its_points(tmp_path):
    """A GeometryCollection (written for a KML MultiGeometry of a mast and its compound) gives one station
    per point, as the KML does; one of shapes only is reported, not taken for lines or areas of a point."""
    square = {"type": "Polygon", "coordinates": [[[125, 39], [125.01, 39], [125.01, 39.01], [125, 39]]]}
    features = [
        {"type": "Feature", "properties": {"name": "Site"}, "geometry": {"type": "GeometryCollection", "geometries": [
            square, {"type": "Point", "coordinates": [125.005, 39.005]},
            {"type": "MultiPoint", "coordinates": [[125.006, 39.006]]}]}},
        {"type": "Feature", "properties": {"name": "Area"}, "geometry": {"type": "GeometryCollection",
                                                                         "geometries": [square]}}]
    path = write(tmp_path / "collection.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(2, "geometry")]
    stations = im.import_file(path, skip_bad=True).stations
    assert list(stations["name"]) == ["Site (1)", "Site (2)"] and list(stations[st.LON]) == [125.005, 125.006]


GOOGLE_EARTH_AREAS = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><name>towers.kmz</name>
<Style id="poly"><LineStyle><color>ff0000ff</color></LineStyle><PolyStyle><fill>0</fill></PolyStyle></Style>
<Schema name="towers" id="S_towers"><SimpleField type="string" name="Height (m)"/>
<SimpleField type="string" name="Tech"/></Schema>
<Folder><name>KT</name>
<Placemark><name>Compound</name><styleUrl>#poly</styleUrl>
<ExtendedData><SchemaData schemaUrl="#S_towers"><SimpleData name="Height (m)">30,5</SimpleData>
<SimpleData name="Tech">LTE</SimpleData></SchemaData></ExtendedData>
<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>
127.2,37.5,0 127.2006,37.5,0 127.2006,37.5002,0 127.2002,37.5002,0 127.2002,37.5006,0 127.2,37.5006,0 127.2,37.5,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Coverage</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
127.0,37.0 127.05,37.0 127.05,37.05 127.0,37.0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Mast</name><ExtendedData><SchemaData schemaUrl="#S_towers">
<SimpleData name="Height (m)">tall</SimpleData><SimpleData name="Tech">xx</SimpleData></SchemaData></ExtendedData>
<Point><coordinates>127.1,37.5,0</coordinates></Point></Placemark>
</Folder></Document></kml>
"""


def test_kml_areas_of_towers_at_their_centroid_and_problems_naming_the_files_fields(tmp_path):
    """Google Earth: a compound drawn as a polygon (an L, 50 m across) was a bad row 'has Polygon, not a point' while
    the same area in a GeoPackage is a station; it is one at its centroid (said in the details, also of a KMZ), a
    7 km coverage polygon is still reported with its size. A height typed '30,5' was 'not a number', and bad values
    were reported under the schema's field names (antenna_height_m), not the file's ('Height (m)', 'Tech')."""
    import zipfile

    path = write(tmp_path / "towers.kml", GOOGLE_EARTH_AREAS)
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(14, "geometry"), (16, "Height (m)"), (16, "Tech")]
    assert "placemark 'Coverage' has Polygon, not a point (7,0" in error.problems[0].reason
    assert "larger than a tower's footprint" in error.problems[0].reason
    result = im.import_file(path, skip_bad=True)
    row, = result.stations.to_dict("records")
    # the L's centroid: 0.0006x0.0002 at (0.0003, 0.0001) and 0.0002x0.0004 at (0.0001, 0.0004), weights 3 and 2
    assert (row[st.LON], row[st.LAT]) == pytest.approx((127.20022, 37.50022), abs=1e-7)
    assert (row["name"], row["operator"], row["technology"], row["antenna_height_m"]) == ("Compound", "KT", "4G", 30.5)
    assert result.details["footprints"] == {"count": 1, "max_m": 300.0}
    with zipfile.ZipFile(tmp_path / "towers.kmz", "w") as archive:
        archive.writestr("doc.kml", GOOGLE_EARTH_AREAS)
    assert im.import_file(tmp_path / "towers.kmz", skip_bad=True).details["footprints"]["count"] == 1


@pytest.mark.parametrize(("driver", "extension"), [("KML", "kml"), ("LIBKML", "kml"), ("LIBKML", "kmz")])
def test_kml_exported_by_qgis_keeps_the_names_its_layer_had(tmp_path, driver, extension):
    """A station layer with a name field and a Korean one (기지국명, a site's area shared by its stations) saved by
    QGIS as KML/KMZ (GDAL's drivers: the name field as <name>, the others as ExtendedData) came in with every
    station named after 기지국명, while the GeoPackage it was saved from gives each its own name; <name> stays."""
    from osgeo import gdal, ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    gpkg = tmp_path / "stations.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    lyr = ds.CreateLayer("stations", srs, ogr.wkbPoint)
    for field in ("name", "operator", "기지국명", "technology"):
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for name, x in (("S0", 126.99), ("S1", 127.0)):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for field, value in zip(("name", "operator", "기지국명", "technology"), (name, "KT", "서울", "LTE")):
            feat.SetField(field, value)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({x} 37.55)"))
        lyr.CreateFeature(feat)
        feat = None
    lyr = ds = None
    exported = tmp_path / f"stations.{extension}"
    gdal.VectorTranslate(str(exported), str(gpkg), format=driver)
    want = im.import_file(gpkg).stations
    got = im.import_file(exported).stations
    assert list(got["name"]) == list(want["name"]) == ["S0", "S1"]
    assert list(got["operator"]) == ["KT", "KT"] and list(got["technology"]) == ["4G", "4G"]
    nameless = write(tmp_path / "nameless.kml", '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><ExtendedData>'
                     '<Data name="기지국명"><value>서울</value></Data></ExtendedData>'
                     '<Point><coordinates>127,37.5</coordinates></Point></Placemark></kml>')
    assert im.import_file(nameless).stations["name"].iloc[0] == "서울"


def test_kml_without_namespace_and_kml_21(tmp_path):
    for name, root in (("nons.kml", "<kml>"), ("k21.kml", '<kml xmlns="http://earth.google.com/kml/2.1">')):
        path = write(tmp_path / name, f"{root}<Document><Placemark><name>P</name><Point><coordinates>125.5,39.5"
                     "</coordinates></Point></Placemark></Document></kml>")
        assert list(im.import_file(path).stations[st.LON]) == [125.5]


def test_kml_without_the_kml_wrapper(tmp_path):
    """Some writers start the file at <Document> or <Folder>; another root is still no KML."""
    for name, root in (("doc.kml", "Document"), ("folder.kml", "Folder")):
        path = write(tmp_path / name, f'<{root} xmlns="http://www.opengis.net/kml/2.2"><name>Koryolink</name>'
                     "<Placemark><name>P</name><Point><coordinates>125.5,39.5</coordinates></Point></Placemark>"
                     f"</{root}>")
        stations = im.import_file(path).stations
        assert list(stations[st.LON]) == [125.5]
    path = write(tmp_path / "gpx.kml", "<gpx><wpt lat='39.5' lon='125.5'/></gpx>")
    assert "root element is <gpx>" in str(_failure(path))


def test_polygon_and_line_placemarks_are_reported_not_guessed(tmp_path):
    # a station is a point: a polygon may be a compound or a coverage area, so it is not turned into a centroid
    body = ("<Placemark><name>Area</name><Polygon><outerBoundaryIs><LinearRing><coordinates>125,39 125.01,39 "
            "125.01,39.01 125,39</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
            "<Placemark><name>P</name><Point><coordinates>125.5,39.5</coordinates></Point></Placemark>")
    path = write(tmp_path / "oneline.kml", f"<kml {KML_NS}><Document>{body}</Document></kml>")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(1, "geometry")]
    assert "'Area' has Polygon, not a point" in error.problems[0].reason
    # the point on the same line survives when bad placemarks are skipped
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["P"]


def test_files_of_areas_only_are_refused_once_not_feature_by_feature(tmp_path):
    """Towers digitised as polygons: the file is refused in one sentence (with the first feature's line and
    how to make points), not with a bad row per feature that 'skip' would turn into an empty import."""
    area = ("<Placemark><name>A{k}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>125,39 125.01,39 "
            "125.01,39.01 125,39</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n")
    path = write(tmp_path / "areas.kml", f"<kml {KML_NS}><Document>\n" + "".join(area.format(k=k) for k in range(12))
                 + "<Placemark><name>L</name><LineString><coordinates>125,39 126,40</coordinates></LineString>"
                 "</Placemark>\n</Document></kml>\n")
    for skip in (False, True):
        error = _failure(path, skip_bad=skip)
        assert [(p.line, p.field) for p in error.problems] == [(2, "geometry")]
        assert "holds only lines or areas (12 polygons, 1 line), not a point" in str(error)
        assert "Centroids" in str(error)
    features = [{"type": "Feature", "properties": {"name": f"T{k}"}, "geometry": {
        "type": "Polygon", "coordinates": [[[125, 39], [125.01, 39], [125.01, 39.01], [125, 39]]]}} for k in range(3)]
    geojson = write(tmp_path / "towers.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    error = _failure(geojson, skip_bad=True)
    assert "layer 'towers' holds only lines or areas (3 polygons), not a point" in str(error)
    _kmz(tmp_path / "areas.kmz", {"doc.kml": path.read_text(), "more.kml": path.read_text()})
    assert "holds only lines or areas (24 polygons, 2 lines)" in str(_failure(tmp_path / "areas.kmz"))


def _gdal_objects_held(error) -> list[str]:
    """OGR objects held by the frames of an exception's traceback (and of the exceptions it chains)."""
    held, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        tb = error.__traceback__
        while tb is not None:
            held += [f"{tb.tb_frame.f_code.co_name}.{k}" for k, v in tb.tb_frame.f_locals.items()
                     if type(v).__module__.startswith("osgeo")]
            tb = tb.tb_next
        error = error.__context__ or error.__cause__
    return held


def test_a_refused_vector_file_leaves_no_ogr_object_to_its_error(tmp_path):
    """The error of a refused GeoPackage, shapefile or .osm.pbf kept the reader's frames, with its OGR data
    source, layer and feature: freed in any order when Python exited, they crashed the process (a test
    run of the refused files ended with 'double free or corruption', exit 134/139)."""
    from osgeo import ogr

    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "noprj.shp"))
    lyr = ds.CreateLayer("noprj", None, ogr.wkbPoint)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.7 39.0)"))
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    line = {"type": "LineString", "coordinates": [[125, 39], [126, 40]]}
    lines = write(tmp_path / "lines.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": line}]}))
    for path in (tmp_path / "noprj.shp", lines):
        assert _gdal_objects_held(_failure(path)) == []


def test_network_link_only_gives_a_clear_message(tmp_path):
    path = write(tmp_path / "live.kml", f"<kml {KML_NS}>\n<Document>\n<NetworkLink><name>Live</name>\n"
                 "<Link><href>https://example.com/towers.kml</href></Link></NetworkLink>\n</Document></kml>\n")
    error = _failure(path)
    assert (error.problems[0].line, error.problems[0].field) == (4, "NetworkLink")
    assert "cannot be followed offline" in str(error) and "https://example.com/towers.kml" in str(error)


def test_network_link_next_to_placemarks_is_reported(tmp_path):
    path = write(tmp_path / "mixed.kml", f"<kml {KML_NS}>\n<Document>\n<Placemark><name>P</name><Point>"
                 "<coordinates>125.5,39.5</coordinates></Point></Placemark>\n<NetworkLink>\n"
                 "<Link><href>https://example.com/more.kml</href></Link></NetworkLink>\n</Document></kml>\n")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(5, "NetworkLink")]
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["P"]


def test_network_links_to_files_on_this_computer_are_followed(tmp_path):
    """Google Earth users split big place lists into files loaded by NetworkLinks: a link to a KML or
    KMZ on disk (relative, or a file:// URL) is read, a loop of links ends, a web link is still reported."""
    (tmp_path / "parts").mkdir()
    write(tmp_path / "parts" / "north.kml", f"<kml {KML_NS}><Document><Folder><name>Koryolink</name><Placemark>"
          "<name>N</name><Point><coordinates>126.5,40.5</coordinates></Point></Placemark></Folder>"
          "<NetworkLink><Link><href>../main.kml</href></Link></NetworkLink></Document></kml>")
    _kmz(tmp_path / "south.kmz", {"doc.kml": _kml_point("S", 126.0, 38.5)})
    south_url = (tmp_path / "south.kmz").as_uri()
    path = write(tmp_path / "main.kml", f"<kml {KML_NS}>\n<Document>\n"
                 "<NetworkLink><Link><href>parts/north.kml</href></Link></NetworkLink>\n"
                 f"<NetworkLink><Link><href>{south_url}</href></Link></NetworkLink>\n"
                 "<NetworkLink><Link><href>https://example.com/live.kml</href></Link></NetworkLink>\n"
                 "</Document></kml>\n")
    error = _failure(path)
    assert [(p.line, p.field) for p in error.problems] == [(5, "NetworkLink")]
    result = im.import_file(path, skip_bad=True)
    stations = result.stations.set_index("name")
    assert sorted(stations.index) == ["N", "S"] and stations.loc["N", "operator"] == "Koryolink"
    assert set(stations["source"]) == {"main.kml"}
    assert result.details["linked_files"] == ["north.kml", "south.kmz"]
    # a link to a missing file is reported, not silently dropped
    missing = write(tmp_path / "missing.kml", f"<kml {KML_NS}><Document><NetworkLink><Link><href>gone.kml</href>"
                    "</Link></NetworkLink></Document></kml>")
    assert "gone.kml" in str(_failure(missing))


def test_large_kml_is_parsed_in_blocks_and_can_be_canceled(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    monkeypatch.setattr(im, "KML_BLOCK_BYTES", 2048)
    places = "".join(f"<Placemark><name>T{i}</name><Point><coordinates>{lon:.5f},{lat:.5f}</coordinates></Point>"
                     "</Placemark>\n" for i, (lon, lat) in enumerate(zip(rng.uniform(125, 129, 300),
                                                                           rng.uniform(38, 42, 300))))
    path = write(tmp_path / "big.kml", f'<?xml version="1.0" encoding="UTF-8"?>\n<kml {KML_NS}><Document>\n'
                 f"{places}</Document></kml>\n")
    checks, shares = [], []
    result = im.import_file(path, check=lambda: checks.append(1), progress=shares.append)
    assert len(result.stations) == 300 and len(checks) > 10
    assert shares == sorted(shares) and shares[-1] == pytest.approx(0.8)

    class Stop(Exception):
        pass

    def cancel():
        if len(checks) > 15:
            raise Stop
        checks.append(1)

    with pytest.raises(Stop):
        im.import_file(path, check=cancel)
    # undeclared and Windows-1252 past the first block: read as such, not refused as invalid XML
    late = write(tmp_path / "late.kml", f"<kml {KML_NS}><Document>\n{places}<Placemark><name>Café</name><Point>"
                 "<coordinates>125.1,39.1</coordinates></Point></Placemark></Document></kml>\n", "cp1252")
    assert list(im.import_file(late).stations["name"][-1:]) == ["Café"]
    _kmz(tmp_path / "big.kmz", {"doc.kml": path.read_text()})
    checks.clear()
    assert len(im.import_file(tmp_path / "big.kmz", check=lambda: checks.append(1)).stations) == 300
    assert len(checks) > 10


def test_cut_or_damaged_kml_downloads_are_refused_naming_the_file(tmp_path):
    import gzip

    places = "".join(f"<Placemark><name>T{i}</name><Point><coordinates>125.{i},39.5</coordinates></Point>"
                     "</Placemark>\n" for i in range(2000))
    kml = f"<kml {KML_NS}><Document>{places}</Document></kml>"
    packed = gzip.compress(kml.encode())
    (tmp_path / "towers.kml.gz").write_bytes(packed[:len(packed) // 2])
    assert "not a valid gzip file: cut or damaged" in str(_failure(tmp_path / "towers.kml.gz"))
    kmz = _kmz(tmp_path / "towers.kmz", {"doc.kml": kml})
    data = bytearray(kmz.read_bytes())
    data[200:260] = bytes(60)  # inside doc.kml's compressed bytes
    kmz.write_bytes(bytes(data))
    assert "not a valid KMZ (zip) archive: cut or damaged" in str(_failure(kmz))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_kml_in_utf16_without_byte_order_mark(tmp_path, encoding):
    path = write(tmp_path / "u16.kml", '<?xml version="1.0" encoding="UTF-16"?>\n' + _kml_point("평양", 125.75, 39.03),
                 encoding)
    assert list(im.import_file(path).stations["name"]) == ["평양"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
@pytest.mark.parametrize("declared", ["UTF-16", "utf-16le", "UCS-2"])
def test_kml_declaring_utf16_but_written_in_single_bytes(tmp_path, encoding, declared):
    """Some exporters write UTF-8 (or the system's code page) and declare UTF-16: expat refused such a KML as
    'encoding specified in XML declaration is incorrect'; its bytes decide, as for an undeclared KML, in a
    .kml and in a KMZ."""
    kml = f'<?xml version="1.0" encoding="{declared}" standalone="yes"?>\n' + _kml_point("평양 기지국", 125.75, 39.03)
    path = write(tmp_path / "towers.kml", kml, encoding)
    assert list(im.import_file(path).stations["name"]) == ["평양 기지국"]
    kmz = _kmz(tmp_path / "towers.kmz", {"doc.kml": kml.encode(encoding)})
    assert list(im.import_file(kmz).stations["name"]) == ["평양 기지국"]


def _kml_placemarks(points: list[tuple[str, str, str]], data: str = "") -> str:
    places = "".join(f"<Placemark><name>{name}</name>{data}<Point>{mode}<coordinates>{coords}</coordinates></Point>"
                     "</Placemark>" for name, mode, coords in points)
    return f'<kml {KML_NS}><Document>{places}</Document></kml>'


def test_kml_point_placed_at_a_height_above_the_ground_gives_the_antenna_height(tmp_path):
    """A pin put at the top of a mast in Google Earth ('Relative to ground', 45 m) came in with the default 30 m;
    its altitude is now the antenna height when the file gives none. On the ground (clampToGround, the default,
    whatever the altitude), above the sea (absolute) or the sea floor, or beyond the schema's 500 m, it is not."""
    rel = "<altitudeMode>relativeToGround</altitudeMode>"
    kml = _kml_placemarks([
        ("top of mast", rel, "125.75,39.03,45"),
        ("mode after", "", "125.76,39.03,38.5"),  # altitudeMode written after the coordinates: below
        ("clamped", "<altitudeMode>clampToGround</altitudeMode>", "125.77,39.03,52"),
        ("default", "", "125.78,39.03,61"),
        ("absolute", "<altitudeMode>absolute</altitudeMode>", "125.79,39.03,140"),
        ("sea floor", "<gx:altitudeMode>relativeToSeaFloor</gx:altitudeMode>", "125.80,39.03,20"),
        ("ground level", rel, "125.81,39.03,0"),
        ("too high", rel, "125.82,39.03,900"),
        ("no altitude", rel, "125.83,39.03")])
    kml = kml.replace("<coordinates>125.76,39.03,38.5</coordinates>",
                      f"<coordinates>125.76,39.03,38.5</coordinates>{rel}")
    df = im.import_file(write(tmp_path / "earth.kml", kml)).stations
    heights = dict(zip(df["name"], df["antenna_height_m"]))
    assert heights == {"top of mast": 45.0, "mode after": 38.5, "clamped": 30.0, "default": 30.0, "absolute": 30.0,
                       "sea floor": 30.0, "ground level": 30.0, "too high": 30.0, "no altitude": 30.0}
    assert im.import_file(_kmz(tmp_path / "earth.kmz", {"doc.kml": kml, "more/other.kml": kml})) \
        .details["heights_from_altitude"] == 4
    # in a MultiGeometry every point has its own mode
    multi = (f'<kml {KML_NS}><Document><Placemark><name>pair</name><MultiGeometry><Point>{rel}<coordinates>'
             "125.75,39.03,25</coordinates></Point><Point><coordinates>125.76,39.03,25</coordinates></Point>"
             "</MultiGeometry></Placemark></Document></kml>")
    df = im.import_file(write(tmp_path / "multi.kml", multi)).stations
    assert list(df["antenna_height_m"]) == [25.0, 30.0]
    # a file with a height field keeps its heights, even where a value is left empty
    heights = '<ExtendedData><Data name="Height"><value>{}</value></Data></ExtendedData>'
    kml = _kml_placemarks([("given", rel, "125.75,39.03,45")], heights.format(20)) \
        .replace("</Document>", f"<Placemark><name>blank</name>{heights.format('')}<Point>{rel}<coordinates>"
                                "125.76,39.03,45</coordinates></Point></Placemark></Document>")
    result = im.import_file(write(tmp_path / "heights.kml", kml))
    assert dict(zip(result.stations["name"], result.stations["antenna_height_m"])) == {"given": 20.0, "blank": 30.0}
    assert "heights_from_altitude" not in result.details


def _kmz(path, files: dict):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def _kml_point(name, lon, lat):
    return (f"<kml {KML_NS}><Document><Placemark><name>{name}</name><Point><coordinates>{lon},{lat}</coordinates>"
            "</Point></Placemark></Document></kml>")


@pytest.mark.parametrize("declared", ["EUC-KR", "euc-kr", "CP949", "ks_c_5601-1987"])
def test_kml_declared_in_a_korean_encoding(tmp_path, declared):
    """Korean tools write KML in EUC-KR / CP949 and say so; expat itself reads no multi-byte encoding."""
    kml = (f'<?xml version="1.0" encoding="{declared}"?>\n<kml {KML_NS}><Document><Folder><name>고려링크</name>'
           "<Placemark><name>평양 기지국</name><Point><coordinates>125.75,39.03,0</coordinates></Point></Placemark>"
           "</Folder></Document></kml>")
    path = tmp_path / "towers.kml"
    path.write_bytes(kml.encode("cp949"))
    df = im.import_file(path).stations
    assert (df["name"].iloc[0], df["operator"].iloc[0], df[st.LON].iloc[0]) == ("평양 기지국", "고려링크", 125.75)
    kmz = _kmz(tmp_path / "towers.kmz", {"doc.kml": kml.encode("cp949")})
    assert im.import_file(kmz).stations["name"].iloc[0] == "평양 기지국"


def test_kml_without_declaration_in_windows_1252_and_an_unknown_declared_encoding(tmp_path):
    path = tmp_path / "legacy.kml"
    path.write_bytes(_kml_point("Café", 2.35, 48.85).encode("cp1252"))
    assert im.import_file(path).stations["name"].iloc[0] == "Café"
    odd = write(tmp_path / "odd.kml", '<?xml version="1.0" encoding="x-klingon"?>' + _kml_point("A", 2, 48))
    assert "unknown text encoding 'x-klingon'" in str(_failure(odd))


def test_placemark_with_empty_coordinates_is_reported(tmp_path):
    kml = (f"<kml {KML_NS}><Document>\n<Placemark><name>A</name><Point><coordinates>125.7,39.0</coordinates></Point>"
           "</Placemark>\n<Placemark><name>B</name><Point><coordinates> </coordinates></Point></Placemark>\n"
           "</Document></kml>")
    path = write(tmp_path / "unplaced.kml", kml)
    assert [(p.line, p.field) for p in _failure(path).problems] == [(3, "coordinates")]
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["A"]


def test_kmz_zipped_again_on_a_mac(tmp_path):
    """Finder's zip adds AppleDouble files (__MACOSX/._doc.kml): binary, not KML."""
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\t\x00\x00\x002"
    path = _kmz(tmp_path / "towers.kmz", {"towers/doc.kml": _kml_point("A", 125.7, 39.0),
                                          "__MACOSX/towers/._doc.kml": apple_double, "._doc.kml": apple_double})
    result = im.import_file(path)
    assert list(result.stations["name"]) == ["A"] and not result.problems


def test_kmz_with_one_broken_kml_reads_the_others(tmp_path):
    path = _kmz(tmp_path / "parts.kmz", {"doc.kml": _kml_point("A", 125.7, 39.0), "old/backup.kml": ""})
    error = _failure(path)
    assert [p.line for p in error.problems] == [1] and "(in old/backup.kml)" in str(error)
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["A"]


def test_kmz_saved_as_kml_and_kml_saved_as_kmz(tmp_path):
    """Web sites and mail clients swap the two names; the content decides."""
    zipped = _kmz(tmp_path / "towers.kml", {"doc.kml": _kml_point("Z", 125.7, 39.0)})
    assert list(im.import_file(zipped).stations["name"]) == ["Z"]
    plain = write(tmp_path / "towers.kmz", _kml_point("P", 125.8, 39.1))
    assert list(im.import_file(plain).stations["name"]) == ["P"]
    assert "not a valid KMZ" in str(_failure(write(tmp_path / "other.kmz", "hello")))


def test_kmz_main_kml_in_a_subfolder_and_linked_parts(tmp_path):
    link = (f"<kml {KML_NS}><Document><NetworkLink><Link><href>parts/north.kml</href></Link></NetworkLink>"
            "</Document></kml>")
    path = _kmz(tmp_path / "linked.kmz", {"files/towers.kml": link, "files/parts/north.kml": _kml_point("N", 126, 41),
                                          "files/icon.png": "png"})
    result = im.import_file(path)
    assert list(result.stations["name"]) == ["N"] and not result.problems


def test_kmz_with_several_kml_files_reads_them_all(tmp_path):
    path = _kmz(tmp_path / "several.kmz", {"a.kml": _kml_point("A", 125.5, 39.5), "b.kml": _kml_point("B", 126, 40)})
    result = im.import_file(path)
    assert sorted(result.stations["name"]) == ["A", "B"] and result.details["kml_files"] == ["a.kml", "b.kml"]
    bad = _kmz(tmp_path / "bad.kmz", {"doc.kml": _kml_point("A", 125.5, 39.5),
                                      "more/b.kml": _kml_point("B", 126, 95)})
    error = _failure(bad)
    assert [(p.line, p.field) for p in error.problems] == [(1, "lat")]
    assert "(in more/b.kml)" in error.problems[0].reason


def test_osm_without_any_base_station_says_what_it_looked_for(tmp_path):
    """A file (or query answer) of untagged masts imports nothing: the refusal says why."""
    xml = ('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="39.0" lon="125.7" version="1">'
           '<tag k="man_made" v="mast"/></node><node id="2" lat="39.1" lon="125.8" version="1">'
           '<tag k="amenity" v="school"/></node></osm>')
    answer = ('{"elements": [{"type": "node", "id": 1, "lat": 39.0, "lon": 125.7, "tags": {"man_made": "mast"}},'
              '{"type": "node", "id": 2, "lat": 39.1, "lon": 125.8, "tags": {"man_made": "tower"}}]}')
    for name, text, said in (("masts.osm", xml, "1 mast or tower carries no such tag"),
                             ("masts.json", answer, "2 masts or towers carry no such tag")):
        message = str(_failure(write(tmp_path / name, text)))
        assert "no mobile base station" in message and "tower:type=communication" in message
        assert said in message


def test_kml_technology_folders_give_the_technology_not_the_operator(tmp_path):
    """'Koryolink › 3G': operator Koryolink, technology 3G; a plain folder still gives the operator."""
    body = ("<Folder><name>Koryolink</name><Folder><name>3G</name><Placemark><name>A</name><Point>"
            "<coordinates>125.5,39.5</coordinates></Point></Placemark></Folder><Folder><name>LTE</name>"
            "<Placemark><name>B</name><Point><coordinates>125.6,39.6</coordinates></Point></Placemark></Folder>"
            "</Folder><Folder><name>Kang Song NET</name><Placemark><name>C</name><Point>"
            "<coordinates>125.7,39.7</coordinates></Point></Placemark></Folder>")
    path = write(tmp_path / "nested.kml", f"<kml {KML_NS}><Document>{body}</Document></kml>")
    rows = im.import_file(path).stations.set_index("name")
    assert (rows.at["A", "operator"], rows.at["A", "technology"]) == ("Koryolink", "3G")
    assert (rows.at["B", "operator"], rows.at["B", "technology"]) == ("Koryolink", "4G")
    assert rows.at["C", "operator"] == "Kang Song NET" and rows.at["C", "technology"] == "unknown"


def test_empty_extended_data_keeps_the_placemarks_name_and_description(tmp_path):
    """My Maps writes every column of its sheet, blank cells as empty values: they must not blank the
    placemark's own name and description."""
    path = write(tmp_path / "mymaps.kml", f"<kml {KML_NS}><Document><Placemark><name>Site 7</name>"
                 "<description>rooftop, 3 sectors</description><ExtendedData><Data name=\"Name\"><value/></Data>"
                 "<Data name=\"description\"><value></value></Data><Data name=\"Tech\"><value>LTE</value></Data>"
                 "</ExtendedData><Point><coordinates>125.7,39.0</coordinates></Point></Placemark></Document></kml>")
    row = im.import_file(path).stations.iloc[0]
    assert (row["name"], row["notes"], row["technology"]) == ("Site 7", "rooftop, 3 sectors", "4G")


def test_attributes_in_an_html_table_balloon_are_read(tmp_path):
    """ArcGIS 'Layer To KML' (and other GIS exports) put a feature's attributes only in its description, as
    an HTML table (nested in ArcGIS's case), with no ExtendedData; a plain description stays the notes."""
    arcgis = ('<html><body><table><tr style="font-weight:bold"><td>Site A</td></tr><tr><td><table>'
              '<tr><td>FID</td><td>0</td></tr><tr bgcolor="#D4E4F3"><td>NAME</td><td>Site A</td></tr>'
              "<tr><td>OPERATOR</td><td>Koryolink &amp; Co</td></tr><tr><td>TECH</td><td>LTE</td></tr>"
              "<tr><td>HEIGHT</td><td>35</td></tr></table></td></tr></table></body></html>")
    qgis = "<table><tr><th>operator</th><td>Kang Song NET</td></tr><tr><th>technology</th><td>3G</td></tr></table>"
    body = "".join(f"<Placemark><name>{name}</name><description><![CDATA[{desc}]]></description><Point>"
                   f"<coordinates>125.{k},39.5</coordinates></Point></Placemark>"
                   for k, (name, desc) in enumerate((("Site A", arcgis), ("B", qgis), ("C", "rooftop &amp; mast"))))
    path = write(tmp_path / "arcgis.kml", f"<kml {KML_NS}><Document>{body}</Document></kml>")
    rows = im.import_file(path).stations.set_index("name")
    assert rows.loc["Site A", ["operator", "technology", "antenna_height_m"]].tolist() == ["Koryolink & Co", "4G", 35]
    assert rows.loc["B", ["operator", "technology"]].tolist() == ["Kang Song NET", "3G"]
    assert rows.at["C", "notes"] == "rooftop & mast" and rows.at["Site A", "notes"] == ""


def test_kml_time_span_gives_the_first_and_last_seen_dates(tmp_path):
    """Google Earth's time slider places: a TimeSpan's begin and end (dates, months, years or times)."""
    spans = [("<begin>2018-05-01</begin><end>2021-03-02</end>", "2018-05-01", "2021-03-02"),
             ("<begin>2019-06</begin>", "2019-06-01", None),
             ("<end>2020-01-31T10:00:00Z</end>", None, "2020-01-31")]
    body = "".join(f"<Placemark><name>P{k}</name><TimeSpan>{span}</TimeSpan><Point><coordinates>125.{k},39.5"
                   "</coordinates></Point></Placemark>" for k, (span, _first, _last) in enumerate(spans))
    path = write(tmp_path / "history.kml", f"<kml {KML_NS}><Document>{body}</Document></kml>")
    rows = im.import_file(path).stations.set_index("name")
    for k, (_span, first, last) in enumerate(spans):
        assert (rows.at[f"P{k}", "first_seen"], rows.at[f"P{k}", "last_seen"]) == (first, last)


def test_default_folder_names_of_my_maps_and_google_earth_are_no_operator(tmp_path):
    """Google My Maps puts every place in a layer folder ('Untitled layer', or the name of the spreadsheet
    it came from), Google Earth saves 'My Places' / 'Temporary Places', and a folder is often named for what
    it holds ('Towers', '기지국'): none is an operator."""
    place = ("<Placemark><name>{name}</name><ExtendedData>{data}</ExtendedData><Point><coordinates>125.{k},39.5"
             "</coordinates></Point></Placemark>")
    folders = [("Untitled layer", ""), ("제목 없는 레이어", ""), ("Untitled layer 2", ""), ("towers.xlsx", ""),
               ("My Places", '<Data name="operator"><value>Koryolink</value></Data>'), ("Temporary Places", ""),
               ("Kang Song NET", ""), ("Towers", ""), ("기지국", "")]
    body = "".join(f"<Folder><name>{folder}</name>{place.format(name=f'P{k}', data=data, k=k)}</Folder>"
                   for k, (folder, data) in enumerate(folders))
    path = write(tmp_path / "My Maps export.kml", f"<kml {KML_NS}><Document><name>Towers</name>{body}</Document></kml>")
    operators = im.import_file(path).stations.set_index("name")["operator"]
    assert operators.to_dict() == {"P0": "", "P1": "", "P2": "", "P3": "", "P4": "Koryolink", "P5": "",
                                   "P6": "Kang Song NET", "P7": "", "P8": ""}
    nested = write(tmp_path / "saved.kml", f"<kml {KML_NS}><Document><Folder><name>My Places</name><Folder>"
                   f"<name>Koryolink</name>{place.format(name='Q', data='', k=1)}</Folder></Folder></Document></kml>")
    assert im.import_file(nested).stations["operator"].tolist() == ["Koryolink"]


def test_folder_of_a_survey_or_save_is_no_operator(tmp_path):
    """A folder Google Earth Pro's save was wrapped in ('Survey 2021', 'Towers 2021-05-03', 'Export 12.03.2022',
    'My survey (copy)', '현장조사 2021년 5월') was taken as the operator of the placemarks directly in it; a name
    with a date or year, or naming a survey, export, backup, copy, draft, map or project, is none. Operators'
    own names are still read, also under such a folder."""
    place = ("<Placemark><name>{name}</name><Point><coordinates>125.{k},39.5</coordinates></Point></Placemark>")
    not_operators = ["Survey 2021", "Towers 2021-05-03", "Export 12.03.2022", "My survey (copy)", "survey_2021",
                     "Export_20210503", "Backup", "Copy of towers", "Draft", "My map", "Network project",
                     "Site visits 3/5/21", "현장조사", "기지국 내보내기", "백업", "지도 사본", "2021년 5월 3일",
                     "5월 3일 답사"]
    operators = ["Koryolink", "Kangsong NET", "MTS", "KT 2G", "Koryolink (2)", "SK Telecom"]
    folders = not_operators + operators
    body = "".join(f"<Folder><name>{folder}</name>{place.format(name=f'P{k}', k=k)}</Folder>"
                   for k, folder in enumerate(folders))
    path = write(tmp_path / "saved.kml", f"<kml {KML_NS}><Document><name>doc</name>{body}</Document></kml>")
    read = im.import_file(path).stations.set_index("name")["operator"].to_dict()
    assert {folders[int(name[1:])]: operator for name, operator in read.items()} == {
        **dict.fromkeys(not_operators, ""), **{folder: folder for folder in operators}}

    # Google Earth Pro's save: the survey's folder around the operators' folders, or inside one
    nested = write(tmp_path / "nested.kml", f"<kml {KML_NS}><Document><Folder><name>Survey 2021-05-03</name>"
                   f"<Folder><name>Koryolink</name>{place.format(name='A', k=1)}</Folder>"
                   f"{place.format(name='B', k=2)}</Folder><Folder><name>Kangsong NET</name><Folder>"
                   f"<name>Export 12.03.2022</name>{place.format(name='C', k=3)}</Folder></Folder></Document></kml>")
    assert im.import_file(nested).stations.set_index("name")["operator"].to_dict() == {
        "A": "Koryolink", "B": "", "C": "Kangsong NET"}


def test_folder_of_an_operators_survey_or_save_names_the_operator(tmp_path):
    """A folder whose name had a date or year was no operator at all, though 'Koryolink 2021' or
    'Koryolink (2021-05)' names one: the date and the words of a survey or save are taken out of the name and
    what is left is the operator, none when nothing but generic words is left."""
    place = "<Placemark><name>{name}</name><Point><coordinates>125.{k},39.5</coordinates></Point></Placemark>"
    folders = {"Koryolink 2021": "Koryolink", "Koryolink (2021-05)": "Koryolink",
               "Kangsong NET survey 2020": "Kangsong NET", "Koryolink_2021_05": "Koryolink",
               "Koryolink May 2021": "Koryolink", "Koryolink backup 2021 (2)": "Koryolink",
               "Koryolink - export - 12.03.2022": "Koryolink", "Koryolink (KP) 2021": "Koryolink (KP)",
               "Copy of Koryolink": "Koryolink", "고려링크 현장조사 2021년 5월": "고려링크",
               "강성네트 내보내기": "강성네트",
               "Survey 2021": "", "Export 12.03.2022": "", "My survey (copy)": "", "Towers 2021-05-03": "",
               "My Places (copy)": "", "Untitled layer 2021": "", "Network project 05/2021": "", "현장조사 백업": "",
               "Koryolink (2)": "Koryolink (2)", "MTS 1900": "MTS 1900", "Beeline 1800": "Beeline 1800",
               "Survey 1995": "", "Koryolink 1998-07": "Koryolink"}
    names = list(folders)
    body = "".join(f"<Folder><name>{folder}</name>{place.format(name=f'P{k}', k=k)}</Folder>"
                   for k, folder in enumerate(names))
    path = write(tmp_path / "saved.kml", f"<kml {KML_NS}><Document><name>doc</name>{body}</Document></kml>")
    read = im.import_file(path).stations.set_index("name")["operator"].to_dict()
    assert {names[int(name[1:])]: operator for name, operator in read.items()} == folders
    # the innermost folder naming an operator wins, a technology's folder still gives the technology
    nested = write(tmp_path / "nested.kml", f"<kml {KML_NS}><Document><Folder><name>Koryolink 2021</name><Folder>"
                   f"<name>3G</name>{place.format(name='A', k=1)}</Folder><Folder><name>Kangsong NET (copy)</name>"
                   f"{place.format(name='B', k=2)}</Folder></Folder></Document></kml>")
    rows = im.import_file(nested).stations.set_index("name")
    assert rows["operator"].to_dict() == {"A": "Koryolink", "B": "Kangsong NET"}
    assert rows.loc["A", "technology"] == "3G"


# --------------------------------------------------------------------------------------------
# Zip archives as downloaded, files without extension
# --------------------------------------------------------------------------------------------
def _shapefile(folder, name="towers"):
    """A two-point shapefile (UTF-8 .cpg, one Korean name) in ``folder``; its files' paths."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    folder.mkdir(exist_ok=True)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / f"{name}.shp"))
    lyr = ds.CreateLayer(name, srs, ogr.wkbPoint, options=["ENCODING=UTF-8"])
    for field in ("NAME", "TECH"):
        lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for site, tech, wkt in (("평양 1", "3G", "POINT (125.75 39.03)"), ("B", "LTE", "POINT (125.78 39.02)")):
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("NAME", site)
        feat.SetField("TECH", tech)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(feat)
    feat = ds = None
    return sorted(folder.glob(f"{name}.*"))


def _zip(path, members: dict):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zipped_shapefile_with_its_sidecars_and_macos_copies(tmp_path):
    files = _shapefile(tmp_path / "shp")
    assert {f.suffix for f in files} >= {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    members = {f"Towers_2024/{f.name}": f.read_bytes() for f in files}
    members.update({"__MACOSX/Towers_2024/._towers.shp": b"\x00\x05\x16\x07", "Towers_2024/README.pdf": b"%PDF-1.4"})
    path = _zip(tmp_path / "towers.shp.zip", members)
    assert im.detect_kind(path) == "zip"
    result = im.import_file(path)
    assert result.kind == "vector" and result.details["member"] == "Towers_2024/towers.shp"
    df = result.stations
    assert list(df["name"]) == ["평양 1", "B"] and list(df["technology"]) == ["3G", "4G"]
    assert set(df["source"]) == {"towers.shp.zip"} and result.path == str(path)


def test_zipped_csv_and_opencellid_report_lines_and_the_member(tmp_path):
    path = _zip(tmp_path / "sites.zip", {"export/sites.csv": "name,lon,lat\nA,125.7,39.0\nB,125.8,95.0\n"})
    failure = _failure(path)
    assert [(p.line, p.field) for p in failure.problems] == [(3, st.LAT)]
    assert list(im.import_file(path, skip_bad=True).stations["name"]) == ["A"]
    cells = _zip(tmp_path / "467.zip", {"467.csv": OCID_ROWS})
    result = im.import_file(cells)
    assert result.kind == "opencellid" and result.details["cells"] == 3
    broken = _zip(tmp_path / "broken.zip", {"data.csv": "name\nA\n"})
    assert "(in data.csv)" in str(_failure(broken)) and "only one column" in str(_failure(broken))


def test_damaged_zip_is_refused_naming_the_member(tmp_path):
    rows = "name,lon,lat\n" + "".join(f"T{k},125.{k},39.5\n" for k in range(3000))
    path = _zip(tmp_path / "towers.zip", {"towers.csv": rows})
    data = bytearray(path.read_bytes())
    data[200:260] = bytes(60)  # inside towers.csv's compressed bytes
    path.write_bytes(bytes(data))
    assert "towers.csv cannot be extracted: the zip is cut or damaged" in str(_failure(path))


def test_zip_with_nothing_importable_or_several_candidates_is_refused_naming_them(tmp_path):
    nothing = _zip(tmp_path / "docs.zip", {"manual.pdf": b"%PDF-1.4", "photo.jpg": b"\xff\xd8"})
    message = str(_failure(nothing))
    assert "no station file" in message and "manual.pdf, photo.jpg" in message
    several = _zip(tmp_path / "both.zip", {"a/sites.csv": "name,lon,lat\nA,125.7,39.0\n",
                                            "b/towers.geojson": '{"type": "FeatureCollection", "features": []}',
                                            "readme.txt": "read me"})
    message = str(_failure(several))
    assert "2 station files (a/sites.csv, b/towers.geojson)" in message
    assert "not a valid zip archive" in str(_failure(write(tmp_path / "fake.zip", "name,lon,lat\n")))
    # a zip of KML files is read as the KMZ it is
    from support.stations_data import station_kml

    kml = station_kml(tmp_path / "k.kml")
    assert len(im.import_file(_zip(tmp_path / "kml.zip", {"places.kml": kml.read_bytes()})).stations) == 3


def test_files_without_extension_are_known_by_their_content(tmp_path):
    import shutil

    from support.stations_data import station_kml, station_kmz

    csv_path = write(tmp_path / "sites", "name;lon;lat\nA;125,7;39,0\n")
    cells = write(tmp_path / "cells", OCID_ROWS)
    kml = station_kml(tmp_path / "k.kml")
    shutil.copy(kml, tmp_path / "placemarks")
    shutil.copy(station_kmz(tmp_path / "k.kmz"), tmp_path / "archive")
    point = {"type": "Point", "coordinates": [125.7, 39.0]}
    geojson = write(tmp_path / "features", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "G"}, "geometry": point}]}))
    zipped = _zip(tmp_path / "download", {"sites.csv": "name,lon,lat\nZ,125.7,39.0\n"})
    expected = {csv_path: ("csv", 1), cells: ("csv", 2), tmp_path / "placemarks": ("kml", 3),
                tmp_path / "archive": ("zip", 3), geojson: ("vector", 1), zipped: ("zip", 1)}
    for path, (kind, n) in expected.items():
        assert im.detect_kind(path) == kind, path.name
        assert len(im.import_file(path).stations) == n, path.name


def test_compressed_geojson_gpx_and_geopackage_are_read_like_the_other_formats(tmp_path):
    """A GeoJSON kept gzipped without its extension (a download saved as 'towers'), a .geojson.gz, a bzip2 GPX
    and a gzipped GeoPackage were handed to OGR as they were and refused as 'not recognized as a supported file
    format'; they are read as what they hold, the source and the problems naming the file."""
    import bz2
    import gzip

    from osgeo import ogr, osr

    features = [{"type": "Feature", "properties": {"name": "G1", "technology": "LTE"},
                 "geometry": {"type": "Point", "coordinates": [125.7, 39.0]}},
                {"type": "Feature", "properties": {"name": "G2"}, "geometry": {"type": "Point",
                                                                               "coordinates": [125.8, 95.0]}}]
    text = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    (tmp_path / "towers").write_bytes(gzip.compress(text))
    (tmp_path / "towers.geojson.gz").write_bytes(gzip.compress(text))
    gpx = ('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
           '<wpt lat="39.0" lon="125.7"><name>W</name></wpt></gpx>')
    (tmp_path / "walk").write_bytes(bz2.compress(gpx.encode()))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "sites.gpkg"))
    lyr = ds.CreateLayer("sites", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("name", "P")
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT (125.7 39.0)"))
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    (tmp_path / "sites.gpkg.gz").write_bytes(gzip.compress((tmp_path / "sites.gpkg").read_bytes()))
    for name, names in (("towers", ["G1"]), ("towers.geojson.gz", ["G1"]), ("walk", ["W"]),
                        ("sites.gpkg.gz", ["P"])):
        assert im.detect_kind(tmp_path / name) == "vector", name
        result = im.import_file(tmp_path / name, skip_bad=True)
        assert list(result.stations["name"]) == names, name
        assert set(result.stations["source"]) == {name} and result.path == str(tmp_path / name)
    assert result.details["layer"] == "sites"
    assert im.import_file(tmp_path / "towers", skip_bad=True).stations["technology"].tolist() == ["4G"]
    failure = _failure(tmp_path / "towers")  # the bad feature, named in the file
    assert str(failure).startswith("towers: ") and "95" in str(failure)
    (tmp_path / "cut").write_bytes(gzip.compress(text)[:40])
    assert "not a valid gzip file" in str(_failure(tmp_path / "cut"))


@pytest.mark.parametrize("mode", [False, True])
def test_vector_and_osm_imports_leave_gdal_error_mode_as_they_found_it(tmp_path, mode):
    """GDAL's exception mode is process-wide: inside QGIS, switching it on changes how QGIS and
    every other plugin's GDAL calls fail. The importers use exceptions only while they run."""
    from osgeo import gdal

    before = gdal.GetUseExceptions()
    (gdal.UseExceptions if mode else gdal.DontUseExceptions)()
    try:
        geojson = tmp_path / "towers.geojson"
        geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "T1"},
             "geometry": {"type": "Point", "coordinates": [125.7, 39.0]}}]}))
        assert len(im.import_file(geojson).stations) == 1
        assert bool(gdal.GetUseExceptions()) is mode
        assert im.list_vector_layers(geojson) == ["towers"]
        assert bool(gdal.GetUseExceptions()) is mode
        broken = tmp_path / "broken.gpkg"
        broken.write_bytes(b"not a geopackage at all")
        with pytest.raises(im.ImportFailed):
            im.import_file(broken)
        assert bool(gdal.GetUseExceptions()) is mode
        overpass = tmp_path / "export.geojson"
        overpass.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "way/1", "properties": {"man_made": "mast", "tower:type": "communication"},
             "geometry": {"type": "Polygon", "coordinates": [[[125.7, 39.0], [125.7001, 39.0], [125.7001, 39.0001],
                                                              [125.7, 39.0]]]}}]}))
        assert len(im.import_file(overpass).stations) == 1
        assert bool(gdal.GetUseExceptions()) is mode
    finally:
        (gdal.UseExceptions if before else gdal.DontUseExceptions)()


# --------------------------------------------------------------------------------------------
# GPX: waypoints marked on site
# --------------------------------------------------------------------------------------------
def test_gpx_waypoints_give_notes_and_seen_dates(tmp_path):
    """A GPX's waypoints came in with their name only: the description and comment were lost and the time they
    were recorded ignored. desc and cmt are the notes, the day of time the first and last seen date (no image
    date: no image), ele (height above the sea) is no antenna height; empty routes and tracks are not named."""
    path = write(tmp_path / "walk.gpx", """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="GPSMAP 66s" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="39.0392" lon="125.7543"><ele>120.5</ele><time>2021-05-03T23:15:00Z</time><name>Mast 1</name>
    <cmt>lattice, 3 sectors</cmt><desc>on the hill &amp; fenced</desc><sym>Tower</sym></wpt>
  <wpt lat="39.05" lon="125.76"><name>Mast 2</name><cmt>roof</cmt><desc>roof</desc></wpt>
  <wpt lat="39.06" lon="125.77"><time>2022-11-30T08:00:00Z</time></wpt>
</gpx>
""")
    result = im.import_file(path)
    df = result.stations
    assert list(df["name"]) == ["Mast 1", "Mast 2", ""]
    assert list(df["notes"]) == ["on the hill & fenced; lattice, 3 sectors", "roof", ""]
    assert list(df["first_seen"]) == ["2021-05-03", None, "2022-11-30"]
    assert list(df["last_seen"]) == ["2021-05-03", None, "2022-11-30"]
    assert df["image_date"].isna().all()
    assert list(df["antenna_height_m"]) == [30.0, 30.0, 30.0]
    assert result.details["layer"] == "waypoints" and "other_layers" not in result.details
    assert result.details["layers_in_file"] == 1
    import zipfile

    with zipfile.ZipFile(tmp_path / "walk.zip", "w") as archive:  # as a download comes
        archive.write(path, "walk.gpx")
    assert list(im.import_file(tmp_path / "walk.zip").stations["notes"]) == list(df["notes"])


def _track_kml(tracks) -> str:
    """A KML of placemarks recorded as tracks: ``(name, coords, whens, multi)``, coords as (lon, lat)."""
    body = ""
    for name, coords, whens, multi in tracks:
        track = ("<gx:Track><altitudeMode>clampToGround</altitudeMode>"
                 + "".join(f"<when>{w}</when>" for w in whens)
                 + "".join(f"<gx:coord>{lon} {lat} 12.5</gx:coord>" for lon, lat in coords) + "</gx:Track>")
        if multi:  # a MultiTrack of the track cut in two
            half = len(coords) // 2
            track = ("<gx:MultiTrack><gx:interpolate>0</gx:interpolate><gx:Track>"
                     + "".join(f"<when>{w}</when>" for w in whens[:half])
                     + "".join(f"<gx:coord>{lon} {lat} 0</gx:coord>" for lon, lat in coords[:half])
                     + "</gx:Track><gx:Track>"
                     + "".join(f"<when>{w}</when>" for w in whens[half:])
                     + "".join(f"<gx:coord>{lon} {lat} 0</gx:coord>" for lon, lat in coords[half:])
                     + "</gx:Track></gx:MultiTrack>")
        body += f"<Placemark><name>{name}</name>{track}</Placemark>"
    return f'<?xml version="1.0" encoding="UTF-8"?><kml {KML_NS}><Document><Folder><name>Koryolink</name>{body}' \
           "</Folder></Document></kml>"


def test_kml_tracks_give_a_station_where_they_stood_or_ended(tmp_path):
    """A tower recorded as a track (Google Earth's 'Record a tour', field apps) was refused as 'holds only lines
    or areas'; a track whose positions lie within a few metres is one station at their mean, one that moves is
    placed at its last position and named in the details; its times give the seen dates (the day in the time's
    own offset)."""
    rng = np.random.default_rng(11)
    still = [(125.7543 + dx, 39.0392 + dy) for dx, dy in rng.normal(0.0, 0.00002, (12, 2))]  # GPS jitter, ~2 m
    moving = [(125.80 + 0.001 * k, 39.02) for k in range(5)]  # 350 m east
    multi = [(126.1 + dx, 39.5 + dy) for dx, dy in rng.normal(0.0, 0.00002, (6, 2))]
    whens = [f"2021-03-04T23:{k:02d}:00+09:00" for k in range(12)]
    kml = _track_kml([("Mast 1", still, whens, False),
                      ("Walk", moving, ["2020-06-01T10:00:00Z", "2020-06-02T10:00:00Z"], False),
                      ("Mast 3", multi, [f"2019-01-0{k + 1}T08:00:00Z" for k in range(6)], True)])
    path = write(tmp_path / "tour.kml", kml)
    result = im.import_file(path)
    rows = result.stations.set_index("name")
    assert list(rows.index) == ["Mast 1", "Walk", "Mast 3"] and not result.problems
    assert rows.at["Mast 1", "lon"] == pytest.approx(np.mean([c[0] for c in still]), abs=1e-9)
    assert rows.at["Mast 1", "lat"] == pytest.approx(np.mean([c[1] for c in still]), abs=1e-9)
    assert (rows.at["Walk", "lon"], rows.at["Walk", "lat"]) == pytest.approx(moving[-1])
    assert rows.at["Mast 3", "lon"] == pytest.approx(np.mean([c[0] for c in multi]), abs=1e-9)
    assert (rows.at["Mast 1", "first_seen"], rows.at["Mast 1", "last_seen"]) == ("2021-03-04", "2021-03-04")
    assert (rows.at["Walk", "first_seen"], rows.at["Walk", "last_seen"]) == ("2020-06-01", "2020-06-02")
    assert (rows.at["Mast 3", "first_seen"], rows.at["Mast 3", "last_seen"]) == ("2019-01-01", "2019-01-06")
    assert set(rows["operator"]) == {"Koryolink"} and set(rows["antenna_height_m"]) == {30.0}
    (line, name, metres), = result.details["moving_tracks"]
    assert name == "Walk" and 150 < metres < 200 and line == 1  # (a one-line KML)
    # the same in a KMZ (a track with no position is reported)
    import zipfile

    empty = kml.replace("</Folder>", "<Placemark><name>Empty</name><gx:Track></gx:Track></Placemark></Folder>")
    with zipfile.ZipFile(tmp_path / "tour.kmz", "w") as archive:
        archive.writestr("doc.kml", empty)
    result = im.import_file(tmp_path / "tour.kmz", skip_bad=True)
    assert list(result.stations["name"]) == ["Mast 1", "Walk", "Mast 3"]
    assert [p.reason for p in result.problems] == ["track 'Empty' has no position (no gx:coord)"]
    assert [t[1] for t in result.details["moving_tracks"]] == ["Walk"]


def test_kml_track_with_a_time_span_keeps_the_span_dates(tmp_path):
    kml = _track_kml([("T", [(125.5, 39.5)], ["2021-01-01T00:00:00Z"], False)]).replace(
        "<name>T</name>", "<name>T</name><TimeSpan><begin>2015-05-01</begin></TimeSpan>")
    row = im.import_file(write(tmp_path / "span.kml", kml)).stations.iloc[0]
    assert (row["first_seen"], row["last_seen"]) == ("2015-05-01", "2021-01-01")


def test_dates_with_a_time_and_an_offset_are_the_day_in_that_offset(tmp_path):
    """A GPX waypoint's time (and a CSV's first_seen) with an offset is the day it was there, in the time's own
    offset (23:30+09:00 is the 4th, not the 4th at 14:30 UTC nor the 5th); Z is UTC; no zone, as written."""
    times = ["2021-03-04T23:30:00+09:00", "2021-03-04T23:30:00Z", "2021-03-04T20:30:00-05:00",
             "2021-03-04T00:30:00", "2021-03-05T00:30:00.250+14:00"]
    wpts = "".join(f'<wpt lat="39.0{k}" lon="125.7{k}"><time>{t}</time><name>W{k}</name></wpt>'
                   for k, t in enumerate(times))
    gpx = write(tmp_path / "visits.gpx", '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" '
                f'xmlns="http://www.topografix.com/GPX/1/1">{wpts}</gpx>')
    want = ["2021-03-04", "2021-03-04", "2021-03-04", "2021-03-04", "2021-03-05"]
    assert list(im.import_file(gpx).stations["first_seen"]) == want
    rows = "".join(f"W{k},125.7{k},39.0{k},{t},2021-03-06\n" for k, t in enumerate(times))
    csv_path = write(tmp_path / "visits.csv", "name,lon,lat,first_seen,last_seen\n" + rows)
    df = im.import_file(csv_path).stations
    assert list(df["first_seen"]) == want and set(df["last_seen"]) == {"2021-03-06"}


@pytest.mark.parametrize(("header", "values", "want"), [
    ("generation", ["3", "4.0", "LTE", "", "2.5"], ["3G", "4G", "4G", "unknown", "2G"]),
    ("세대", ["5", "2", "3", "4", "4"], ["5G", "2G", "3G", "4G", "4G"]),
    ("Gen", ["3.0", "4.0", "5.0", "4.0", "3.0"], ["3G", "4G", "5G", "4G", "3G"]),
    ("technology", ["3", "4", "5", "LTE", "2"], ["3G", "4G", "5G", "4G", "2G"]),
])
def test_generation_numbers_are_read_as_technologies(tmp_path, header, values, want):
    """A bare 3 / 4.0 (a spreadsheet's number) in a generation column, or in a technology column whose numbers
    all are generations, was 'not a known technology' and refused the file; it is read, and the details say
    what was read."""
    rows = "".join(f"S{k},125.{k},39.5,{v}\n" for k, v in enumerate(values))
    result = im.import_file(write(tmp_path / "gen.csv", f"name,lon,lat,{header}\n{rows}"))
    assert list(result.stations["technology"]) == want
    numbers = result.details["generation_numbers"]
    assert numbers["column"] == header and numbers["rows"] == sum(1 for v in values if v[:1].isdigit())
    assert all(numbers["values"][v] == w for v, w in zip(values, want) if v[:1].isdigit())


def test_numbers_that_are_no_generation_stay_unknown(tmp_path):
    """A column of Android network-type codes (13 LTE, 4 CDMA, 20 NR): its 4 is not 4G; nothing is guessed and
    every number is reported, saying when a number is read as a generation."""
    rows = "".join(f"S{k},125.{k},39.5,{v}\n" for k, v in enumerate(["13", "4", "20"]))
    failure = _failure(write(tmp_path / "codes.csv", f"name,lon,lat,radio\n{rows}"))
    assert [p.line for p in failure.problems] == [2, 3, 4]
    assert all("'radio'" not in p.reason and "generation" in p.reason for p in failure.problems)
    result = im.import_file(tmp_path / "codes.csv", skip_bad=True)
    assert result.stations.empty and "generation_numbers" not in result.details
    # in a vector layer and a KML's ExtendedData too
    geojson = write(tmp_path / "gen.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [125.5 + k / 10, 39.5]},
         "properties": {"name": f"S{k}", "generation": g}} for k, g in enumerate([3, 4.0, 5])]}))
    assert list(im.import_file(geojson).stations["technology"]) == ["3G", "4G", "5G"]
    kml = write(tmp_path / "gen.kml", f"<kml {KML_NS}><Document>" + "".join(
        f'<Placemark><name>K{k}</name><ExtendedData><Data name="세대"><value>{g}</value></Data></ExtendedData>'
        f"<Point><coordinates>125.{k},39.5</coordinates></Point></Placemark>" for k, g in enumerate("345"))
        + "</Document></kml>")
    result = im.import_file(kml)
    assert list(result.stations["technology"]) == ["3G", "4G", "5G"]
    assert result.details["generation_numbers"]["column"] == "세대"


def _ocid_xml(cells) -> str:
    body = "\n".join(f'<cell lat="{lat}" lon="{lon}" mcc="467" mnc="{mnc}" lac="{lac}" cellid="{cell}" '
                     f'averageSignalStrength="-85" range="1200" samples="{samples}" changeable="1" radio="{radio}" '
                     'rnc="" cid="" psc="" tac="" pci="" sid="" nid="" bid=""/>'
                     for radio, mnc, lac, cell, lon, lat, samples in cells)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rsp stat="ok">\n<cells number="{len(cells)}">\n{body}\n' \
           "</cells>\n</rsp>\n"


def test_opencellid_api_answer_in_xml(tmp_path):
    """The OpenCelliD API answers getInArea in XML unless asked otherwise: such a file was refused as 'not
    recognized as a supported file format'; its cells are now grouped into sites as those of its JSON answer,
    bad cells reported by line, an error answer refused with its reason, with or without the .xml extension."""
    rng = np.random.default_rng(21)
    cells = [("LTE", 6, 2001, 256 * 100001 + k, 125.8 + dx, 39.1 + dy, 5) for k, (dx, dy) in
             enumerate(rng.normal(0, 0.0001, (3, 2)))]
    cells += [("GSM", 5, 1001, 123456, 125.7543, 39.0392, 15), ("UMTS", 5, 1001, 77, "east", 39.2, 2)]
    path = write(tmp_path / "getInArea.xml", _ocid_xml(cells))
    failure = _failure(path)
    assert [(p.line, p.field) for p in failure.problems] == [(8, "lon")]
    result = im.import_file(path, skip_bad=True)
    assert result.kind == "opencellid" and result.details["format"] == "OpenCelliD API XML"
    assert (result.details["cells"], result.details["sites"]) == (4, 2)
    rows = result.stations.set_index("technology")
    assert rows.at["4G", "operator"] == "467-06" and rows.at["2G", "name"] == "GSM 467-5 LAC 1001 cell 123456"
    assert rows.at["4G", "lon"] == pytest.approx(125.8 + np.mean([c[4] - 125.8 for c in cells[:3]]), abs=1e-6)
    bare = write(tmp_path / "cells", _ocid_xml(cells[:4]))  # a download saved without its extension
    assert len(im.import_file(bare).stations) == 2
    error = write(tmp_path / "denied.xml", '<?xml version="1.0"?>\n<rsp stat="fail"><err info="Invalid API key" '
                  'code="2"/></rsp>\n')
    assert "error answer of the OpenCelliD API: Invalid API key (code 2)" in str(_failure(error))
    other = write(tmp_path / "other.xml", '<?xml version="1.0"?><rsp stat="ok"><cells number="0"></cells></rsp>')
    assert "holds no cells" in str(_failure(other))


def test_my_maps_kmz_description_repeating_the_columns_is_no_note(tmp_path):
    """Google My Maps writes a layer's columns twice: as ExtendedData and as 'name: value' lines of the
    description; the lines became every station's notes ('operator: Koryolink technology: LTE height: 35'). A
    description that only repeats the ExtendedData is no note; one with anything else stays the notes."""
    import zipfile

    place = ("<Placemark><name>{name}</name><description><![CDATA[{desc}]]></description><styleUrl>#icon-1899-0288D1"
             "</styleUrl><ExtendedData>{data}</ExtendedData><Point><coordinates>\n            {lon},39.5,0\n"
             "          </coordinates></Point></Placemark>")
    columns = {"operator": "Koryolink", "technology": "LTE", "height": "35"}
    data = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in columns.items())
    repeated = "<br>".join(f"{k}: {v}" for k, v in columns.items())
    places = [place.format(name="A", desc=repeated, data=data, lon=125.1),
              place.format(name="B", desc=repeated + "<br>on the hill", data=data, lon=125.2),
              place.format(name="C", desc="operator: Kangsong", data=data, lon=125.3),  # says otherwise: kept
              place.format(name="D", desc="lattice mast", data='<Data name="gx_media_links"><value>'
                           "https://mymaps.usercontent.google.com/hostedimage/m/x</value></Data>", lon=125.4)]
    doc = (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>'
           f"Towers</name><description/><Folder><name>towers.csv</name>{''.join(places)}</Folder></Document></kml>")
    with zipfile.ZipFile(tmp_path / "Towers.kmz", "w") as archive:
        archive.writestr("doc.kml", doc)
        archive.writestr("images/icon-1.png", b"\x89PNG\r\n\x1a\n")
    rows = im.import_file(tmp_path / "Towers.kmz").stations.set_index("name")
    assert rows["notes"].to_dict() == {"A": "", "B": repeated.replace("<br>", " ") + " on the hill",
                                       "C": "operator: Kangsong", "D": "lattice mast"}
    assert list(rows["operator"]) == ["Koryolink"] * 3 + [""] and list(rows["technology"]) == ["4G"] * 3 + ["unknown"]
    assert list(rows["antenna_height_m"]) == [35.0] * 3 + [30.0]


def _workbook(path, sheets):
    """An XLSX (or ODS) workbook written by GDAL: ``sheets`` of ``(name, [(column, ogr type)], rows)``."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    driver = "ODS" if str(path).endswith(".ods") else "XLSX"
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    for name, columns, rows in sheets:
        lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone)
        for column, kind in columns:
            lyr.CreateField(ogr.FieldDefn(column, kind))
        for row in rows:
            feat = ogr.Feature(lyr.GetLayerDefn())
            for (column, _kind), value in zip(columns, row):
                feat.SetField(column, value)
            lyr.CreateFeature(feat)
    ds = None
    return path


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_workbook_whose_stations_are_not_on_its_first_sheet(tmp_path, ext):
    """A workbook (or GeoPackage) whose first sheet is a table without positions (notes, a legend) and the
    stations' sheet with longitude/latitude columns after it was refused as 'layer has no CRS (a shapefile
    without its .prj?)'; the sheet with lon/lat columns is read, offered in the layer list, and a sheet without
    positions asked for is refused saying so and naming the sheets that have them."""
    from osgeo import ogr

    text, real = ogr.OFTString, ogr.OFTReal
    path = _workbook(tmp_path / f"기지국 현황.{ext}", [
        ("설명", [("항목", text), ("내용", text), ("수", real)], [("출처", "현장 조사", 1.0)]),
        ("기지국", [("기지국명", text), ("경도", real), ("위도", real), ("세대", real)],
         [(f"T{k}", 125.1 + k / 10, 39.5, 3.0 + k) for k in range(3)])])
    result = im.import_file(path)
    assert list(result.stations["name"]) == ["T0", "T1", "T2"] and result.details["layer"] == "기지국"
    assert list(result.stations["technology"]) == ["3G", "4G", "5G"]
    assert im.vector_layer_choices(path) == ([("기지국", "lon/lat", 3)], "기지국")
    failure = _failure(path, layer="설명")
    assert "'설명' has no geometry and no longitude/latitude columns" in str(failure)
    assert "the file's layers with positions: 기지국" in str(failure)


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_workbook_imports_as_its_csv_export(tmp_path, ext):
    """A sheet of DMS texts and decimal commas ('39°01'12.5"N', '125,7512', height '30,5') had its rows refused as
    not numbers, and one of x/y in a projected CRS was refused as having no longitude/latitude columns, while
    the same rows as a CSV (its ';' export) import; the workbook gives the same stations as the CSV."""
    from osgeo import ogr

    text, real = ogr.OFTString, ogr.OFTReal
    rows = [("A", "125°45'04.3\"E", "39°01'12.5\"N", "30,5", 1.0), ("B", "125,7512", "39,0392", "25", 2.0),
            ("C", "E 125 46.5", "N 39 02.25", "40", 3.0)]
    csv = write(tmp_path / "towers.csv", "name;lon;lat;antenna_height_m;n\n"
                + "".join(";".join(str(v) for v in row) + "\n" for row in rows))
    book = _workbook(tmp_path / f"towers.{ext}", [("towers", [("name", text), ("lon", text), ("lat", text),
                                                              ("antenna_height_m", text), ("n", real)], rows)])
    columns = ["name", "lon", "lat", "antenna_height_m"]
    expected = im.import_file(csv).stations[columns]
    assert expected["lat"].round(4).tolist() == [39.0201, 39.0392, 39.0375]
    got = im.import_file(book).stations[columns]
    assert got.to_dict("records") == expected.to_dict("records")
    # x/y in UTM 52N, with the CRS chosen (and refused without it, as in a CSV)
    xy = [("A", "214214,04", "4321959,11", "30", 1.0), ("B", 218743.57, 4327353.58, "30", 2.0)]
    csv = write(tmp_path / "utm.csv", "name;x;y;antenna_height_m;n\n"
                + "".join(";".join(str(v) for v in row) + "\n" for row in xy))
    book = _workbook(tmp_path / f"utm.{ext}", [("utm", [("name", text), ("x", text), ("y", text),
                                                        ("antenna_height_m", text), ("n", real)], xy)])
    expected = im.import_file(csv, crs="EPSG:32652").stations[columns]
    got = im.import_file(book, crs="EPSG:32652").stations[columns]
    assert got.to_dict("records") == expected.to_dict("records") and round(got["lon"][0], 4) == 125.7
    assert "choose their CRS" in str(_failure(book))
    assert im.vector_layer_choices(book) == ([("utm", "lon/lat", 2)], "utm")


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_workbook_of_text_cells_only_keeps_its_header_row(tmp_path, ext):
    """GDAL takes a sheet's first row as its header only when the second holds a cell that is not text: a list of
    DMS texts and names (every cell text) had columns Field1, Field2... and was refused as having no
    longitude/latitude columns; its first row is its header, as in its CSV export."""
    from osgeo import ogr

    text = ogr.OFTString
    rows = [("A", "125°45'04.3\"E", "39°01'12.5\"N"), ("B", "125,7512", "39,0392")]
    book = _workbook(tmp_path / f"dms.{ext}", [("dms", [("name", text), ("경도", text), ("위도", text)], rows)])
    csv = write(tmp_path / "dms.csv", "name;경도;위도\n" + "".join(";".join(row) + "\n" for row in rows))
    columns = ["name", "lon", "lat"]
    assert im.import_file(book).stations[columns].to_dict("records") == \
        im.import_file(csv).stations[columns].to_dict("records")
    assert im.vector_layer_choices(book) == ([("dms", "lon/lat", 2)], "dms")


@pytest.mark.parametrize("ext", ["xlsx", "ods"])
def test_a_zip_holding_one_workbook_is_read_as_the_workbook(tmp_path, ext):
    """A zip holding one XLSX (or ODS) station list was refused as holding no station file; it is read as the
    workbook, as a zip holding one CSV is, under the zip's name."""
    import zipfile

    from osgeo import ogr

    book = _workbook(tmp_path / f"towers.{ext}", [("towers", [("name", ogr.OFTString), ("lon", ogr.OFTReal),
                                                              ("lat", ogr.OFTReal)], [("A", 125.7, 39.0)])])
    with zipfile.ZipFile(tmp_path / "towers.zip", "w") as archive:
        archive.write(book, f"list/towers.{ext}")
        archive.writestr("readme.md", "towers")
    result = im.import_file(tmp_path / "towers.zip")
    assert result.stations[["name", "lon", "lat"]].to_dict("records") == [{"name": "A", "lon": 125.7, "lat": 39.0}]
    assert result.details["member"] == f"list/towers.{ext}" and set(result.stations["source"]) == {"towers.zip"}


def test_a_gen_or_household_column_that_is_no_generation_is_left_unread(tmp_path):
    """'gen' is as often a backup generator's Y/N, '세대' a count of households, as a generation: such a column
    holding anything but generations and technologies is not the technology (the file imports, technology
    unknown, the details naming the column), instead of refusing every row; one of generations is read."""
    path = write(tmp_path / "sites.csv", "name,lon,lat,gen\nA,125.5,39.5,Y\nB,125.6,39.5,N\n")
    result = im.import_file(path)
    assert list(result.stations["technology"]) == ["unknown", "unknown"]
    assert result.details["not_technology"] == {"column": "gen", "values": ["Y", "N"]}
    path = write(tmp_path / "apartments.csv", "name,lon,lat,세대\nA,125.5,39.5,120\nB,125.6,39.5,3\n")
    result = im.import_file(path)
    assert list(result.stations["technology"]) == ["unknown", "unknown"]
    assert result.details["not_technology"]["values"] == ["120"] and "generation_numbers" not in result.details
    path = write(tmp_path / "gen.csv", "name,lon,lat,Gen\nA,125.5,39.5,3.0\nB,125.6,39.5,LTE\nC,125.7,39.5,\n")
    result = im.import_file(path)
    assert list(result.stations["technology"]) == ["3G", "4G", "unknown"] and "not_technology" not in result.details


def test_csv_with_lines_ended_by_a_carriage_return_alone(tmp_path):
    """Excel for Mac's 'CSV (Macintosh)' (and classic Mac OS text) ends lines with a carriage return alone: such a
    file was refused as 'not a readable CSV file (new-line character seen in unquoted field)'; its lines are read
    as lines, bad rows named by their line, an OpenCelliD export too (read in chunks, also gzip-compressed)."""
    import gzip

    path = tmp_path / "mac.csv"
    path.write_bytes("name;lon;lat;technology\rTower A;125,7543;39,0392;LTE\rBad;east;39,1;GSM\r기지국;125,8;39,2;3G\r"
                     .encode("cp949"))
    assert [(p.line, p.field) for p in _failure(path).problems] == [(3, "lon")]
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["Tower A", "기지국"] and list(result.stations["lon"]) == [125.7543, 125.8]
    rows = "\r".join(f"LTE,467,6,2001,{256 * 100001 + k},0,125.8{k},39.1,900,3,1,1459813514,1580208963,-95"
                     for k in range(3))
    header = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal"
    for name, data in (("cells.csv", f"{header}\r{rows}\r".encode()),
                       ("467.csv.gz", gzip.compress(f"{rows}\rGSM,467,5,1,2,0,x,39,1,1,1,1,1,0\r".encode()))):
        (tmp_path / name).write_bytes(data)
        result = im.import_file(tmp_path / name, skip_bad=True)
        assert result.kind == "opencellid" and result.details["cells"] == 3 and len(result.stations) == 1
    assert [(p.line, p.field) for p in result.problems] == [(4, "lon")]


def test_a_zip_of_several_layers_reads_the_one_holding_points(tmp_path):
    """A delivery zipping the towers with other layers (regions.shp, roads.geojson) was refused as 'holds 3 station
    files'; when its files are vector files of which one holds points, that one is read and the others named in
    the details; two files of points (or a CSV, whose content decides) are still refused, naming them."""
    from osgeo import ogr, osr

    towers = _shapefile(tmp_path / "towers")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    (tmp_path / "regions").mkdir()
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(tmp_path / "regions" / "regions.shp"))
    lyr = ds.CreateLayer("regions", srs, ogr.wkbPolygon)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON ((125 39, 126 39, 126 40, 125 39))"))
    lyr.CreateFeature(feat)
    feat = lyr = ds = None
    members = {f"delivery/{f.name}": f.read_bytes() for f in [*towers, *sorted((tmp_path / "regions").glob("*"))]}
    road = {"type": "LineString", "coordinates": [[125, 39], [126, 40]]}
    members["delivery/roads.geojson"] = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": road}]})
    path = _zip(tmp_path / "delivery.zip", members)
    result = im.import_file(path)
    assert list(result.stations["name"]) == ["평양 1", "B"] and result.details["member"] == "delivery/towers.shp"
    assert result.details["other_files"] == ["delivery/regions.shp", "delivery/roads.geojson"]
    more = _shapefile(tmp_path / "more", "masts")
    members.update({f"delivery/{f.name}": f.read_bytes() for f in more})
    message = str(_failure(_zip(tmp_path / "two.zip", members)))
    assert "4 station files" in message and "2 of them hold points: delivery/towers.shp, delivery/masts.shp" in message
    with_csv = {**{f"delivery/{f.name}": f.read_bytes() for f in towers}, "delivery/sites.csv": "name,lon,lat\n"}
    assert "2 station files (delivery/towers.shp, delivery/sites.csv): unzip" in str(
        _failure(_zip(tmp_path / "csv.zip", with_csv)))


def _ewkb(x: float, y: float, srid: int | None = 4326, big_endian: bool = False, z: float | None = None) -> str:
    import struct

    order = ">" if big_endian else "<"
    kind = 1 | (0x20000000 if srid is not None else 0) | (0x80000000 if z is not None else 0)
    data = bytes([0 if big_endian else 1]) + struct.pack(order + "I", kind)
    data += struct.pack(order + "I", srid) if srid is not None else b""
    data += struct.pack(order + "dd", x, y) + (struct.pack(order + "d", z) if z is not None else b"")
    return data.hex().upper()


def test_csv_geometry_columns_of_wkb_or_geojson_points(tmp_path):
    """CSV exports of CARTO and PostGIS write the geometry as hex (E)WKB ('0101000020E6100000...'), BigQuery's
    ST_ASGEOJSON and others as GeoJSON text: such files were refused as 'no coordinate columns found'. The points
    are read (EWKB in its SRID's CRS, GeoJSON in WGS84), rows that are no point or of another SRID reported."""
    rng = np.random.default_rng(3)
    places = [(125.0 + rng.uniform(0, 2), 38.5 + rng.uniform(0, 2)) for _ in range(4)]
    rows = [f"{k + 1},{_ewkb(x, y, big_endian=k == 1, z=12.0 if k == 2 else None)},T{k},LTE"
            for k, (x, y) in enumerate(places)]
    rows.append("9,0102000020E6100000,Bad,GSM")  # a line: no point
    rows.append(f"10,{_ewkb(500000.0, 4300000.0, srid=32652)},Other,GSM")
    path = write(tmp_path / "carto_export.csv", "cartodb_id,the_geom,name,technology\n" + "\n".join(rows) + "\n")
    failure = _failure(path)
    assert [(p.line, p.field) for p in failure.problems] == [(6, "the_geom"), (7, "the_geom")]
    assert "SRID 32652 where the first points have SRID 4326" in str(failure)
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["T0", "T1", "T2", "T3"]
    assert np.allclose(result.stations[["lon", "lat"]].to_numpy(float), places)
    assert result.details["coordinates"] == "the_geom (EWKB)"
    # EWKB in a projected CRS (PostGIS COPY of a UTM table): read in the CRS of its SRID
    utm = write(tmp_path / "copy.csv", "id,geom,name\n" + "\n".join(
        f"{k},{_ewkb(500000.0 + 1000 * k, 4320000.0, srid=32652)},U{k}" for k in range(2)) + "\n")
    df = im.import_file(utm).stations
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:32652", "EPSG:4326", always_xy=True).transform([500000.0, 501000.0],
                                                                                      [4320000.0, 4320000.0])
    assert df["lon"].tolist() == pytest.approx(list(lon), abs=1e-9)
    assert df["lat"].tolist() == pytest.approx(list(lat), abs=1e-9)
    geo = "\n".join(f'G{k},"{{""type"": ""Point"", ""coordinates"": [{x}, {y}]}}"' for k, (x, y) in enumerate(places))
    df = im.import_file(write(tmp_path / "bq.csv", f"name,geometry\n{geo}\nH,\"{{\"\"type\"\": \"\"Polygon\"\"}}\"\n"),
                        skip_bad=True).stations
    assert np.allclose(df[["lon", "lat"]].to_numpy(float), places) and list(df["name"]) == ["G0", "G1", "G2", "G3"]


def test_a_sectors_column_of_sector_counts_is_not_read_as_bearings(tmp_path):
    """A site list's 'sectors' column giving how many sectors each site has (3, 2) was imported as their azimuths
    (a 3° and a 2° bearing); a sectors column of whole numbers 1-6 is left out of the azimuths, the details
    saying so, in a CSV, a GeoJSON of integer properties and a KML's data, while one of bearings stays bearings."""
    path = write(tmp_path / "sites.csv", "name,lon,lat,technology,sectors\nA,127.0,37.5,4G,3\nB,127.1,37.6,4G,2\n"
                                         "C,127.2,37.7,4G,\n")
    result = im.import_file(path)
    assert list(result.stations["azimuths"].fillna("")) == ["", "", ""] and not result.problems
    assert result.details["sector_counts"] == {"column": "sectors", "values": ["2", "3"], "rows": 2}
    geojson = tmp_path / "sites.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [127.0 + k / 10, 37.5]},
         "properties": {"name": f"S{k}", "Sectors": n}} for k, n in enumerate((3, 1, 6))]}), encoding="utf-8")
    result = im.import_file(geojson)
    assert list(result.stations["azimuths"].fillna("")) == ["", "", ""]
    assert result.details["sector_counts"]["values"] == ["1", "3", "6"]
    kml = write(tmp_path / "sites.kml", '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                + "".join(f'<Placemark><name>K{k}</name><ExtendedData><Data name="sectors"><value>{n}</value></Data>'
                          f'</ExtendedData><Point><coordinates>127.{k},37.5</coordinates></Point></Placemark>'
                          for k, n in enumerate((3, 3)))
                + "</Document></kml>")
    result = im.import_file(kml)
    assert list(result.stations["azimuths"].fillna("")) == ["", ""] and result.details["sector_counts"]["rows"] == 2
    # bearings stay bearings: a list per site, or one bearing per sector row (0, 120, 240)
    for body in ("A,127.0,37.5,0;120;240\n", "A,127.0,37.5,0\nA,127.0,37.5,120\nA,127.0,37.5,240\n",
                 "A,127.0,37.5,3\nB,127.1,37.5,200\n"):
        path = write(tmp_path / "bearings.csv", "name,lon,lat,sectors\n" + body)
        result = im.import_file(path)
        assert "sector_counts" not in result.details
        assert all(result.stations["azimuths"].astype(str).str.len() > 0)
    assert list(im.import_file(write(tmp_path / "one.csv", "name,lon,lat,sectors\nA,127.0,37.5,0;120;240\n"))
                .stations["azimuths"]) == ["0;120;240"]
    # an 'azimuth' column of small bearings is bearings: only a sectors column is read as counts
    result = im.import_file(write(tmp_path / "az.csv", "name,lon,lat,azimuth\nA,127.0,37.5,3\n"))
    assert list(result.stations["azimuths"]) == ["3"] and "sector_counts" not in result.details


@pytest.mark.parametrize("ext", ["csv", "xlsx", "ods"])
def test_a_role_chosen_as_no_column_reads_no_column(tmp_path, ext):
    """A role set to no column ('' in ``mapping``: Import…'s '(none)') still read the column its name suggested, the
    choice added on top of the guess; it reads none, a role not given keeps its guess, and a position chosen by
    halves (or not at all, in a sheet) is refused naming the columns."""
    from osgeo import ogr

    rng = np.random.default_rng(11)
    rows = [(f"T{k}", round(float(lon), 4), round(float(lat), 4), float(h), f"note {k}")
            for k, (lon, lat, h) in enumerate(zip(rng.uniform(125, 126, 3), rng.uniform(39, 40, 3),
                                                   rng.integers(41, 60, 3)))]
    header = ("name", "lon", "lat", "height", "notes")
    if ext == "csv":
        path = write(tmp_path / "towers.csv", ",".join(header) + "\n"
                     + "".join(",".join(str(v) for v in row) + "\n" for row in rows))
    else:
        kinds = (ogr.OFTString, ogr.OFTReal, ogr.OFTReal, ogr.OFTReal, ogr.OFTString)
        path = _workbook(tmp_path / f"towers.{ext}", [("towers", list(zip(header, kinds)), rows)])
    guessed = im.import_file(path).stations
    assert list(guessed["antenna_height_m"]) == [r[3] for r in rows] and list(guessed["notes"]) == [r[4] for r in rows]
    stations = im.import_file(path, mapping={"antenna_height_m": "", "notes": ""}).stations
    # no height read: the default height (30 m) of a station without one
    assert list(stations["antenna_height_m"]) == [30.0] * 3 and stations["notes"].fillna("").eq("").all()
    assert list(stations["name"]) == [r[0] for r in rows]  # not given: guessed
    # the height's column read as the notes instead
    stations = im.import_file(path, mapping={"antenna_height_m": "", "notes": "height"}).stations
    assert list(stations["antenna_height_m"]) == [30.0] * 3
    assert [float(v) for v in stations["notes"]] == [r[3] for r in rows]
    failure = _failure(path, mapping={"lat": ""})
    assert "the column 'lon' is chosen for lon but none for lat" in str(failure)
    failure = _failure(path, mapping={"lon": "", "lat": "", "x": "", "y": ""})
    assert "no column is chosen for the position" in str(failure) and "height" in str(failure)
