"""gdal_exceptions() when several threads use it at once (two algorithms running in the background)."""

from __future__ import annotations

import threading

from osgeo import gdal

from basestation_mapper.plugin.core.gdal_util import gdal_exceptions


def _restore(mode: bool) -> None:
    (gdal.UseExceptions if mode else gdal.DontUseExceptions)()


def test_a_block_ending_in_one_thread_leaves_exceptions_on_for_another():
    before = bool(gdal.GetUseExceptions())
    gdal.DontUseExceptions()
    try:
        a_inside, b_inside, a_done, b_may_end = (threading.Event() for _ in range(4))
        seen = {}

        def a():
            with gdal_exceptions():
                a_inside.set()
                b_inside.wait(10)
            a_done.set()

        def b():
            a_inside.wait(10)
            with gdal_exceptions():
                b_inside.set()
                a_done.wait(10)
                seen["after a ended"] = bool(gdal.GetUseExceptions())
                b_may_end.wait(10)

        threads = [threading.Thread(target=a), threading.Thread(target=b)]
        for t in threads:
            t.start()
        a_done.wait(10)
        b_may_end.set()
        for t in threads:
            t.join(10)
        assert seen == {"after a ended": True}
        assert not gdal.GetUseExceptions()  # the caller's mode once both blocks ended
    finally:
        _restore(before)
