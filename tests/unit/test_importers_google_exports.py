"""KML and KMZ as Google Earth Pro, Google My Maps and Google Earth on the web export them: the right stations
are read, and what cannot be is said clearly."""

from __future__ import annotations

import pytest
from support.google_kml import (
    PNG,
    earth_pro_kml,
    earth_pro_model_kml,
    earth_web_kml,
    kmz,
    my_maps_kml,
    my_maps_network_link_kml,
    schema_data_kml,
)
from support.stations_data import KML_TEMPLATE, placemark, write

from basestation_mapper.plugin.core import importers as im


def _by_name(result):
    return result.stations.set_index("name")


def _messages(result):
    return [str(p.message()) for p in result.problems]


@pytest.mark.parametrize("container", ["kml", "kmz"])
def test_google_earth_pro_saved_place(tmp_path, container):
    path = tmp_path / f"Survey 2021.{container}"
    if container == "kml":
        write(path, earth_pro_kml())
    else:
        kmz(path, earth_pro_kml(), {"files/tower.png": PNG})
    result = im.import_file(path, skip_bad=True)
    stations = _by_name(result)
    assert sorted(stations.index) == ["Mast 1", "Mast 2", "Tower with its link"]
    assert list(stations.loc[["Mast 1", "Mast 2"], "operator"]) == ["Koryolink", "Koryolink"]
    assert list(stations.loc[["Mast 1", "Mast 2"], "technology"]) == ["3G", "3G"]
    # the views (LookAt, Camera) place nothing: each station is at its point
    assert (stations.loc["Mast 2", "lon"], stations.loc["Mast 2", "lat"]) == (125.78, 39.019)
    assert stations.loc["Mast 2", "antenna_height_m"] == 35.0  # placed relative to ground at the mast's top
    assert stations.loc["Mast 1", "image_date"] == "2021-05-04" and stations.loc["Mast 1", "notes"] == \
        "seen from the road"
    assert (stations.loc["Tower with its link", "lon"], stations.loc["Tower with its link", "lat"]) == \
        (127.5364, 39.9183)
    assert [(p.field, p.reason) for p in result.problems] == [
        ("geometry", "placemark 'Road to the hill' has LineString, not a point")]


@pytest.mark.parametrize("container", ["kml", "kmz"])
def test_google_my_maps_export(tmp_path, container):
    path = tmp_path / f"Base stations survey.{container}"
    if container == "kml":
        write(path, my_maps_kml())
    else:
        kmz(path, my_maps_kml(), {"images/icon-1.png": PNG})
    result = im.import_file(path, skip_bad=True)
    stations = _by_name(result)
    assert sorted(stations.index) == ["Point 3", "Site 101", "Site 102"]
    assert stations.loc["Site 101", ["operator", "technology"]].tolist() == ["Koryolink", "4G"]
    assert stations.loc["Site 101", "antenna_height_m"] == 32.0 and stations.loc["Site 101", "azimuths"] == \
        "0;120;240"
    # a blank cell keeps the default, the sheet's name is no operator, nor is 'Untitled layer'
    assert stations.loc["Site 102", ["operator", "technology"]].tolist() == ["Kangsong", "3G"]
    assert not stations.loc["Site 102", "notes"] and not stations.loc["Point 3", "operator"]
    # the columns repeated in the description after a photo's image are no notes either (they were)
    assert not stations.loc["Site 101", "notes"]
    assert len(result.problems) == 1 and "placemark 'Coverage area' has Polygon, not a point" in \
        result.problems[0].reason


def test_google_my_maps_network_link_says_how_to_export_the_places(tmp_path):
    """My Maps' export that keeps the data up to date is a link to the map online: it was said to be opened in
    Google Earth and saved, which does not apply; it says to export it from My Maps without that option."""
    path = write(tmp_path / "Base stations survey.kml", my_maps_network_link_kml())
    with pytest.raises(im.ImportFailed) as exc:
        im.import_file(path)
    assert str(exc.value) == (
        "Base stations survey.kml: line 8, NetworkLink: the KML only links to a Google My Maps map "
        "(https://www.google.com/maps/d/kml?mid=1aBcDeFgHiJkLmNoPq&lid=zXcVbNm), which cannot be followed offline: "
        "in My Maps, export the map to KML/KMZ without 'Keep data up to date with network link KML'")


@pytest.mark.parametrize("container", ["kml", "kmz"])
def test_google_earth_web_project(tmp_path, container):
    path = tmp_path / f"Towers project.{container}"
    if container == "kml":
        write(path, earth_web_kml())
    else:
        kmz(path, earth_web_kml())
    result = im.import_file(path)
    stations = _by_name(result)
    assert sorted(stations.index) == ["Hill tower", "Rooftop mast"] and not result.problems
    assert stations.loc["Rooftop mast", "notes"] == "LTE, three sectors"
    # altitudes above the sea of points clamped to the ground are no antenna heights
    assert set(stations["antenna_height_m"]) == {30.0} and "heights_from_altitude" not in result.details


def test_typed_and_untyped_extended_data(tmp_path):
    result = im.import_file(write(tmp_path / "towers.kml", schema_data_kml()))
    stations = _by_name(result)
    assert stations.loc["A", ["technology", "operator"]].tolist() == ["4G", "Koryolink"]
    assert stations.loc["B", ["technology", "azimuths"]].tolist() == ["3G", "90"]
    assert stations["antenna_height_m"].tolist() == [25.0, 40.0]


@pytest.mark.parametrize("href", [r"C:\Users\analyst\Documents\survey\more towers.kml",
                                  "file:///C:/Users/analyst/Documents/survey/more%20towers.kml",
                                  "/Users/analyst/Documents/survey/more towers.kml"])
def test_a_network_link_to_a_file_of_another_computer_reads_the_file_beside(tmp_path, href):
    """Google Earth Pro writes a NetworkLink to a file on the computer as its absolute path: the KML and the file
    copied together elsewhere had the linked places said 'cannot be followed offline' and left out; the file of
    that name beside the KML is read, the import saying so."""
    write(tmp_path / "more towers.kml", KML_TEMPLATE.format(body=placemark("Linked", 126.0, 39.5)))
    path = write(tmp_path / "Survey 2021.kml", earth_pro_kml(link=href))
    result = im.import_file(path, skip_bad=True)
    assert "Linked" in set(result.stations["name"]) and len(result.stations) == 4
    assert result.details["links_beside"] == [(href, "more towers.kml")]
    assert result.details["linked_files"] == ["more towers.kml"]
    assert not any(p.field == "NetworkLink" for p in result.problems)


def test_a_network_link_to_a_missing_file_names_the_file_to_copy(tmp_path):
    href = r"C:\Users\analyst\Documents\survey\more towers.kml"
    path = write(tmp_path / "Survey 2021.kml", earth_pro_kml(link=href))
    result = im.import_file(path, skip_bad=True)
    assert sorted(result.stations["name"]) == ["Mast 1", "Mast 2", "Tower with its link"]
    assert [(p.line, p.field, p.reason) for p in result.problems if p.field == "NetworkLink"] == [
        (32, "NetworkLink", rf"links to the file {href}, which is not on this computer (nor is more towers.kml "
                            "beside the KML): the places it loads are not imported; copy more towers.kml beside "
                            "the KML")]
    beside = write(tmp_path / "links.kml", KML_TEMPLATE.format(
        body="<NetworkLink><Link><href>towers/more.kml</href></Link></NetworkLink>"))
    with pytest.raises(im.ImportFailed) as exc:
        im.import_file(beside)
    assert "the KML only links to the file towers/more.kml, which is not on this computer (nor is more.kml beside " \
           "the KML): copy more.kml beside it" in str(exc.value)
    plain = write(tmp_path / "plain.kml", KML_TEMPLATE.format(
        body="<NetworkLink><Link><href>gone.kml</href></Link></NetworkLink>"))
    with pytest.raises(im.ImportFailed, match=r"the KML only links to the file gone\.kml, not found beside it$"):
        im.import_file(plain)


def test_network_links_in_a_loop_through_a_kmz_read_each_file_once(tmp_path):
    """A KMZ whose NetworkLink loads the KMZ itself, or a KML and a KMZ linking to each other, failed with
    Python's RecursionError (a KMZ forgot the files already read); each file is read once."""
    def doc(name, lon, href):
        return KML_TEMPLATE.format(body=placemark(name, lon, 39.5) + f"<NetworkLink><Link><href>{href}</href>"
                                        "</Link></NetworkLink>")

    itself = kmz(tmp_path / "itself.kmz", doc("Self", 125.5, "itself.kmz"))
    assert list(im.import_file(itself).stations["name"]) == ["Self"]
    write(tmp_path / "a.kml", doc("A", 125.5, "b.kmz"))
    kmz(tmp_path / "b.kmz", doc("B", 126.0, "a.kml"))
    for start, names in (("a.kml", ["A", "B"]), ("b.kmz", ["A", "B"])):
        result = im.import_file(tmp_path / start)
        assert sorted(result.stations["name"]) == names and not result.problems, start


def test_a_tower_modelled_in_3d_is_a_station_at_its_model(tmp_path):
    """A tower modelled in 3D (Google Earth Pro's KMZ of a COLLADA model) was refused as 'only lines or areas
    (1 other shape)'; it is a station where its model stands, not where its view looks from."""
    path = kmz(tmp_path / "Tower models.kmz", earth_pro_model_kml(),
               {"models/tower.dae": "<COLLADA/>", "images/steel.jpg": b"\xff\xd8\xff"})
    result = im.import_file(path)
    stations = _by_name(result)
    assert sorted(stations.index) == ["Lattice tower", "Pin"] and not result.problems
    assert stations.loc["Lattice tower", ["lon", "lat", "operator"]].tolist() == [125.7543, 39.0392, "Kangsong"]
    assert stations.loc["Lattice tower", "antenna_height_m"] == 30.0  # the model's base is no antenna height
