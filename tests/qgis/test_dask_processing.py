"""Processing with DASK_SCHEDULER: coveragestats and detect give what they give on one machine."""

from __future__ import annotations

import builtins

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsRasterLayer, QgsVectorLayer

from basestation_mapper.plugin.core import distributed as dd

pytest.importorskip("distributed", reason="dask/distributed not installed (make setup installs them)")

PEOPLE = ("population", "covered_pop", "covered_pop_min", "covered_pop_max", "stations")


pytestmark = pytest.mark.usefixtures("provider")


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the tests that pass its address (the 'address' form of DASK_SCHEDULER)."""
    with dd.dask_client(dd.parse_scheduler("local:2")) as client:
        yield client


@pytest.fixture(scope="module")
def raster(tmp_path_factory):
    from support.dask_data import write_population

    return write_population(tmp_path_factory.mktemp("dask_inputs") / "pop.tif")


@pytest.fixture
def inputs(raster, tmp_path):
    """Layers made per test (QGIS 3.22 crashes at exit when layers outlive the test that made them)."""
    from support.coverage import polygon_layer, station_layer
    from support.dask_data import regions, stations

    folder = tmp_path
    st = stations()
    layer = station_layer(list(zip(st.lon, st.lat)), radius_m=[float(r) for r in st.radius_m])
    reg = regions()
    region_layer = polygon_layer([g.wkt for g in reg.geoms], names=reg.names)
    return {"stations": layer, "regions": region_layer, "raster": raster, "folder": folder}


def _stats(inputs, out_csv, **extra):
    import processing

    params = {"STATIONS": inputs["stations"], "REGIONS": inputs["regions"], "REGION_FIELD": "name",
              "POPULATION": inputs["raster"], "OUTPUT": "memory:", "OUTPUT_CSV": str(out_csv), **extra}
    return processing.run("basestationmapper:coveragestats", params)


def _rows(layer):
    names = layer.fields().names()
    return {f["region"]: dict(zip(names, f.attributes())) for f in layer.getFeatures()}


def test_coveragestats_local_cluster_same_table(inputs, tmp_path):
    here = _rows(_stats(inputs, tmp_path / "here.csv")["OUTPUT"])
    there = _rows(_stats(inputs, tmp_path / "there.csv", DASK_SCHEDULER="local:2", DASK_TILE=64)["OUTPUT"])
    assert set(here) == set(there) and "TOTAL" in here and len(here) == 5
    for region, row in here.items():
        for name, value in row.items():
            if name == "region":
                continue
            if name in PEOPLE:
                assert there[region][name] == value, (region, name)
            else:
                assert there[region][name] == pytest.approx(value, rel=1e-12, abs=1e-9), (region, name)
    assert here["TOTAL"]["covered_pop"] > 0
    assert (tmp_path / "there.csv").read_text().splitlines()[0].startswith("region,")


def test_coveragestats_failure_on_the_cluster_writes_nothing(inputs, cluster, tmp_path):
    """A window of the mosaic cannot be read (missing tile): clear error, no CSV, retries spent."""
    import os

    from osgeo import gdal

    vrt = tmp_path / "mosaic.vrt"
    gdal.BuildVRT(str(vrt), [inputs["raster"]]).FlushCache()
    text = vrt.read_text()
    text = text.replace(f">{inputs['raster']}<", ">missing_tile.tif<").replace(
        f'relativeToVRT="1">{os.path.basename(inputs["raster"])}<', 'relativeToVRT="1">missing_tile.tif<')
    assert "missing_tile.tif" in text
    vrt.write_text(text)
    out = tmp_path / "stats.csv"
    with pytest.raises(QgsProcessingException, match=r"nothing was written.*cannot read rows.*missing_tile"):
        _stats({**inputs, "raster": str(vrt)}, out, DASK_SCHEDULER=cluster.scheduler.address)
    assert not out.exists()
    assert not list(tmp_path.glob("*.csv"))


def test_coveragestats_cancel_writes_nothing(inputs, cluster, tmp_path):
    import processing

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda _p: feedback.cancel())
    out = tmp_path / "stats.csv"
    params = {"STATIONS": inputs["stations"], "REGIONS": inputs["regions"], "REGION_FIELD": "name",
              "POPULATION": inputs["raster"], "OUTPUT": "memory:", "OUTPUT_CSV": str(out),
              "DASK_SCHEDULER": cluster.scheduler.address, "DASK_TILE": 64}
    try:
        result = processing.run("basestationmapper:coveragestats", params, feedback=feedback)
    except QgsProcessingException:
        result = {}
    assert feedback.isCanceled()
    assert "OUTPUT_CSV" not in result
    assert not out.exists()


@pytest.mark.parametrize(("value", "message"), [
    ("nonsense", "give 'local:N' or an address"),
    ("local:0", "at least 1"),
])
def test_bad_scheduler_is_refused(inputs, tmp_path, value, message):
    with pytest.raises(QgsProcessingException, match=message):
        _stats(inputs, tmp_path / "s.csv", DASK_SCHEDULER=value)


@pytest.mark.parametrize("value", ["host:abc", "tcp://", "foo://host:8786"])
def test_scheduler_address_dask_cannot_parse_is_named(inputs, tmp_path, value):
    """Addresses that pass the first check but that Dask cannot parse: the message names DASK_SCHEDULER
    and the address (it was Dask's bare "invalid literal for int() with base 10: 'abc'")."""
    out = tmp_path / "s.csv"
    with pytest.raises(QgsProcessingException) as info:
        _stats(inputs, out, DASK_SCHEDULER=value)
    assert str(info.value).startswith(f"DASK_SCHEDULER: '{value}' is not a Dask scheduler address ("), info.value
    assert not out.exists()


def test_null_scheduler_runs_here(inputs, tmp_path):
    """DASK_SCHEDULER NULL (or an expression giving NULL) is no scheduler, as empty text is: it was
    read as the address '0' and refused."""
    from qgis.core import NULL, QgsProperty

    here = _rows(_stats(inputs, tmp_path / "here.csv")["OUTPUT"])
    for value in (NULL, QgsProperty.fromExpression("NULL")):
        assert _rows(_stats(inputs, tmp_path / "null.csv", DASK_SCHEDULER=value)["OUTPUT"]) == here


def test_terrain_on_the_cluster_is_refused_clearly(inputs, tmp_path):
    with pytest.raises(QgsProcessingException, match=r"terrain statistics.*one machine"):
        _stats(inputs, tmp_path / "s.csv", DEM=inputs["raster"], DASK_SCHEDULER="local:1")
    assert not (tmp_path / "s.csv").exists()


def test_without_dask_the_parameter_says_how_to_install(inputs, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(QgsProcessingException, match="pip install dask distributed"):
        _stats(inputs, tmp_path / "s.csv", DASK_SCHEDULER="local:2")
    # the one-machine path does not need dask
    out = _stats(inputs, tmp_path / "here.csv")
    assert _rows(out["OUTPUT"])["TOTAL"]["population"] > 0


def test_detect_on_the_cluster_same_candidates(shared_data, cluster, tmp_path):
    import processing
    from support.scenes import make_scene

    scene = make_scene(shared_data, 11, "atlanta", 0.5, n_masts=4, size_m=300.0)
    layer = QgsRasterLayer(str(scene.write(tmp_path / "scene.tif")), "scene")
    params = {"INPUT": layer, "MIN_CONFIDENCE": 0.3, "SUN_AZIMUTH": scene.sun_azimuth, "MAX_SHADOW": 40.0}
    here = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(tmp_path / "here.gpkg")})["OUTPUT"]
    there = processing.run("basestationmapper:detect", {**params, "OUTPUT": str(tmp_path / "there.gpkg"),
                                                        "DASK_SCHEDULER": cluster.scheduler.address})["OUTPUT"]

    def points(path):
        feats = list(QgsVectorLayer(path, "c", "ogr").getFeatures())
        return sorted((round(f.geometry().asPoint().x(), 9), round(f.geometry().asPoint().y(), 9),
                       f["confidence"], f["features"]) for f in feats)

    a, b = points(here), points(there)
    assert a and a == b
    assert np.isfinite([p[2] for p in a]).all()
