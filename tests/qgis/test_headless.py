"""plugin/headless.py: scripts (demo, benchmarks, command line) get working algorithms."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_init_processing_keeps_algorithms_usable():
    script = textwrap.dedent("""
        import gc
        from basestation_mapper.plugin.headless import init_processing, start_qgis
        app = start_qgis()
        registry = init_processing()
        gc.collect()
        alg = registry.algorithmById("basestationmapper:coverage")
        print("ID", alg.id() if alg else None)
        import processing
        from qgis.core import QgsVectorLayer
        layer = QgsVectorLayer("Point?crs=EPSG:4326&field=technology:string", "s", "memory")
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
        f = QgsFeature(layer.fields()); f.setAttributes(["3G"])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(125.7, 39.0)))
        layer.dataProvider().addFeatures([f])
        out = processing.run("basestationmapper:coverage", {"STATIONS": layer, "OUTPUT": "memory:"})
        print("FEATURES", out["OUTPUT"].featureCount())
        app.exitQgis()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ID basestationmapper:coverage" in result.stdout
    assert "FEATURES 1" in result.stdout
