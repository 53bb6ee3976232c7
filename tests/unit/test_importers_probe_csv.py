"""CSV exports the other importer tests never saw (files written here, small and fixed)."""

from __future__ import annotations

import pytest

from basestation_mapper.plugin.core import importers as im


@pytest.mark.parametrize("header", ["Site,Latitude,Longitude (WGS84)", "Site,LAT,LONG_DD", "Site,Lat_DD,Lon"])
def test_one_coordinate_named_exactly_and_the_other_with_more_words(tmp_path, header):
    path = tmp_path / "sites.csv"
    path.write_text(f"{header}\nA,37.5,127.0\nB,37.6,127.1\n", encoding="utf-8")
    result = im.import_file(path)
    assert list(result.stations["lat"]) == [37.5, 37.6]
    assert list(result.stations["lon"]) == [127.0, 127.1]


def test_one_coordinate_named_exactly_and_two_others_with_more_words_is_not_guessed():
    mapping = im.guess_mapping(["Latitude", "Longitude DMS", "Longitude DD"])
    assert mapping.get("lat") == "Latitude" and "lon" not in mapping


@pytest.mark.parametrize("encoding", ["euc-kr", "EUC-KR", "cp949"])
def test_korean_encoding_chosen_as_euc_kr_reads_the_syllables_beyond_it(tmp_path, encoding):
    """Korean Excel writes CP949, which the import dialog and QGIS name EUC-KR; syllables beyond EUC-KR ('똠', '햏',
    '샾') made the file 'not valid euc-kr' with no other Korean encoding to choose."""
    path = tmp_path / "sites.csv"
    path.write_bytes("이름,위도,경도\n똠방각하 기지국,37.5,127.0\n햏 기지국,37.6,127.1\n".encode("cp949"))
    result = im.import_file(path, encoding=encoding)
    assert list(result.stations["name"]) == ["똠방각하 기지국", "햏 기지국"]
    assert result.details["encoding"] == "cp949"
    assert im.csv_layout(path, encoding).preview[0][0] == "똠방각하 기지국"


def test_no_value_markers_of_r_pandas_and_databases_are_read_as_not_given(tmp_path):
    """R's write.csv writes NA, a frame of texts NaN, a database dump NULL, a person N/A or '-': each row was refused
    (and dropped when skipping bad rows) for a height, bearing or technology it does not give."""
    path = tmp_path / "sites.csv"
    path.write_text('"","name","lat","lon","height","azimuth","technology","first_seen"\n'
                    '"1","A",37.5,127,NA,"0;120;240","LTE",2021-03-04\n'
                    '"2","B",37.6,127.1,30,NA,NA,NA\n'
                    '"3","C",37.7,127.2,NaN,-,null,N/A\n'
                    '"4","D",37.8,127.3,25,120,unknown,\n', encoding="utf-8")
    result = im.import_file(path)
    stations = result.stations.set_index("name")
    assert list(stations.index) == ["A", "B", "C", "D"]
    assert list(stations["antenna_height_m"]) == [30.0, 30.0, 30.0, 25.0]  # the default, as for an empty cell
    assert list(stations["azimuths"]) == ["0;120;240", "", "", "120"]
    assert list(stations["technology"]) == ["4G", "unknown", "unknown", "unknown"]
    assert stations.loc["A", "first_seen"] == "2021-03-04" and stations["first_seen"].iloc[1:].isna().all()
    assert result.details["not_given"] == {"antenna_height_m": 2, "azimuths": 2, "technology": 2, "first_seen": 2}


def test_a_no_value_marker_is_no_position(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("name,lat,lon\nA,NA,NA\nB,37.6,127.1\n", encoding="utf-8")
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["B"]
    assert {(p.line, p.field) for p in result.problems} == {(2, "lat"), (2, "lon")}


@pytest.mark.parametrize("title", ["이동통신 기지국 현황 (2024년 5월 기준),,,\n,,,\n",
                                   "Base station list\nExported 2024-05-01 by the network team\n\n"])
def test_title_lines_of_a_spreadsheet_saved_as_csv_are_not_the_header(tmp_path, title):
    """A sheet with a title above its table, saved as CSV: the title was taken for the header ('no coordinate
    columns found', or 'only one column found'). Problems keep the file's own line numbers."""
    path = tmp_path / "sites.csv"
    table = "이름,위도,경도,통신사\n서울역,37.5547,126.9707,SKT\n부산,95.1,129.04,KT\n"
    path.write_text(title + table, encoding="utf-8")
    result = im.import_file(path, skip_bad=True)
    assert list(result.stations["name"]) == ["서울역"]
    assert list(result.stations["operator"]) == ["SKT"]
    header = title.count("\n") + 1
    assert [(p.line, p.field) for p in result.problems] == [(header + 2, "위도")]
    assert im.csv_layout(path).mapping["lat"] == "위도"

