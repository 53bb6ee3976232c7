"""Station importers on real-world variants of their formats (files written here, small and fixed)."""

from __future__ import annotations

import pytest
from support.stations_data import write

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


def test_decimal_comma_is_not_guessed_in_comma_delimited_files(tmp_path):
    # in a comma-separated file a quoted "39,5" is not a number (it could be a thousands separator)
    path = write(tmp_path / "quoted.csv", 'name,lon,lat\nA,"125,5",39.5\n')
    problem = _failure(path).problems[0]
    assert (problem.line, problem.field) == (2, "lon") and "not a number" in problem.reason


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
    assert [(p.line, p.field) for p in problems] == [(2, "Latitude"), (2, "Longitude"), (3, "lon")]
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


def test_a_text_column_is_not_taken_for_coordinates(tmp_path):
    path = write(tmp_path / "none.csv", 'name,sectors\nA,"0, 120"\n')
    assert "no coordinate columns found" in str(_failure(path))
