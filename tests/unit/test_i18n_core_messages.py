"""The core's messages (plugin/core, no QGIS): English text as before for the command line and the logs, and
each template in the Korean .ts file with a finished translation, so none falls back to English in QGIS."""

from __future__ import annotations

import ast
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

from basestation_mapper.plugin.core.messages import Msg, joined, message_of, tr

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "plugin" / "core"
TS = ROOT / "i18n" / "basestation_mapper_ko.ts"


def _core_templates() -> list[tuple[str, str, str | None]]:
    """(file, template, plural) of every ``tr(...)`` call of the core modules importing ``tr`` from messages."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_tr = any(isinstance(node, ast.ImportFrom) and (node.module or "").endswith("messages")
                         and any(a.name == "tr" for a in node.names) for node in ast.walk(tree))
        if not imports_tr:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
                assert node.args and isinstance(node.args[0], ast.Constant), f"{path.name}:{node.lineno}"
                plural = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else None
                found.append((f"{path.name}:{node.lineno}", node.args[0].value, plural))
    return found


def test_core_templates_are_translated():
    messages = {}
    for context in ET.parse(TS).getroot().iter("context"):
        assert context.findtext("name") == "@default"
        for m in context.iter("message"):
            messages[(m.findtext("source"), m.findtext("comment"))] = m
    templates = _core_templates()
    assert len(templates) > 80
    problems = []
    for where, template, plural in templates:
        m = messages.get((template, plural))
        if m is None:
            problems.append(f"{where}: not in the .ts: {template[:60]!r}")
            continue
        translation = m.find("translation")
        forms = translation.findall("numerusform")
        text = "".join(f.text or "" for f in forms) if forms else (translation.text or "")
        if translation.get("type") is not None or not text.strip():
            problems.append(f"{where}: not translated: {template[:60]!r}")
        if (m.get("numerus") == "yes") != (plural is not None):
            problems.append(f"{where}: count form differs: {template[:60]!r}")
        if plural is not None and not plural.isascii():
            problems.append(f"{where}: non-ASCII plural: {plural[:60]!r}")
    assert not problems, "\n".join(problems)


def test_messages_are_the_english_text():
    one = tr("{n} station outside DEM {dem} covers nothing", "{n} stations outside DEM {dem} cover nothing", 1,
             dem="srtm")
    two = tr("{n} station outside DEM {dem} covers nothing", "{n} stations outside DEM {dem} cover nothing", 2,
             dem="srtm")
    assert (one, two) == ("1 station outside DEM srtm covers nothing", "2 stations outside DEM srtm cover nothing")
    assert isinstance(one, str) and f"{one}!" == "1 station outside DEM srtm covers nothing!"
    again = pickle.loads(pickle.dumps(two))
    assert isinstance(again, Msg) and again == two and (again.template, again.n, again.args) == (
        two.template, 2, {"dem": "srtm", "n": 2})
    nested = tr("{station}: {error}", station="fid 3", error=tr("must be a positive frequency"))
    assert nested == "fid 3: must be a positive frequency"
    assert message_of(ValueError(nested)) is nested and message_of(ValueError("plain")) == "plain"


def test_joined_messages_keep_their_parts():
    problems = joined("; ", [tr("line {line}: {reason}", line=3, reason=tr("missing coordinate")), "as written"])
    assert problems == "line 3: missing coordinate; as written" and problems.literal
    again = pickle.loads(pickle.dumps(problems))
    assert again == problems and again.literal and again.args["p0"].template == "line {line}: {reason}"
    assert joined("{", ["a", "b"]) == "a{b"


#: Calls whose text reaches the user (the argument positions and keywords holding it): a file refused, a bad row,
#: an import's note, what an OpenStreetMap file was searched through.
_MESSAGE_ARGS = {"_fail": ((1,), ("reason",)), "Problem": ((2,), ("reason",)), "ImportFailed": ((2,), ("note",)),
                 "_no_telecom_sites": ((1,), ("scanned",)), "_refuse_shapes_only": ((2,), ("what",)),
                 "_replace": ((), ("reason",))}
#: Lists of warnings and notes shown to the user.
_MESSAGE_LISTS = {"warnings", "notes", "messages"}
#: Errors raised with plain English that only a caller's mistake raises (arrays of another shape, an unknown
#: option of a function, a test's simulated lock): never the user's input, not to be translated.
_INTERNAL_ERRORS = {
    ("chart.py", "labels, values, lows and highs must have the same length"),
    ("coverage.py", "station arrays have different lengths"),
    ("coverage.py", "visibility mask of station "),
    ("coverage.py", "at most 8 radius factors at once"),
    ("boost.py", " feature rows but "),
    ("boost.py", "boosting needs examples of both classes"),
    ("evaluate.py", "the match distance must be positive"),
    ("mast.py", "image array must be 2-D or 3-D, got shape "),
    ("rerank.py", " feature rows but "),
    ("rerank.py", "no labelled candidates to learn from"),
    ("rerank.py", "re-ranking needs at least 4 reviewed candidates, some accepted and some rejected"),
    ("site.py", "the first column of the mask must be empty"),
    ("review.py", "unknown decision "),
    ("terrain.py", "x and y must be 1-D arrays of the same length"),
    ("terrain.py", "DEM array shape "),
    ("terrain.py", "output array does not match the grid"),
    ("terrain.py", "max_batch_mb must be > 0"),
    ("importers.py", "GDAL readers must run within gdal_util.gdal_exceptions()"),
    ("safe_write.py", "database is locked"),
}


def _plain_text(node) -> str | None:
    """The English of ``node`` when it is text built without :func:`tr` (a literal with a word, an f-string, a
    concatenation or ``.format`` of one); None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if any(c.isalpha() for c in node.value) and " " in node.value.strip() else None
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant)) or "{...}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _plain_text(node.left) or _plain_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _plain_text(node.func.value)
    if isinstance(node, ast.IfExp):
        return _plain_text(node.body) or _plain_text(node.orelse)
    return None


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _untranslated(tree, filename: str) -> list[str]:
    """``file:line: text`` of every message of the module built as plain English."""
    found = []

    def flag(node, text):
        found.append(f"{filename}:{node.lineno}: {text[:70]!r}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            text = _plain_text(node.exc.args[0])
            if text is not None and not any(f == filename and t in text for f, t in _INTERNAL_ERRORS):
                flag(node, text)
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in _MESSAGE_ARGS:
            positions, keywords = _MESSAGE_ARGS[name]
            args = [node.args[i] for i in positions if i < len(node.args)]
            args += [k.value for k in node.keywords if k.arg in keywords]
            for arg in args:
                text = _plain_text(arg)
                if text is not None:
                    flag(node, text)
        if name in ("append", "extend") and _name(node.func.value) in _MESSAGE_LISTS and node.args:
            text = _plain_text(node.args[0])
            if text is not None:
                flag(node, text)
    return found


def test_core_messages_are_built_with_tr():
    """A warning, bad row, refusal or error of the core written as plain English (an f-string given to ``_fail``,
    ``Problem``, ``ImportFailed``, a warnings list or ``raise``) would stay English in a Korean QGIS: each is built
    with :func:`tr` (the errors only a caller's mistake raises are listed in ``_INTERNAL_ERRORS``)."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        found += _untranslated(ast.parse(path.read_text(encoding="utf-8")), path.name)
    assert not found, "\n".join(found)


def test_plain_english_messages_are_found():
    source = '''
def read(path, line, n):
    _fail(path, f"layer {n!r} holds no features")
    problems.append(Problem(line, "geometry", "feature has no geometry"))
    raise ImportFailed(path, [], "Nothing was imported: " + str(n))
    warnings.append("{n} stations moved".format(n=n))
    raise ValueError(f"{n}: no such thing")
    _fail(path, tr("layer {layer} holds no features", layer=n))
    raise ValueError(tr("{station}: {error}", station=n, error=n))
'''
    assert sorted(f.split(":")[1] for f in _untranslated(ast.parse(source), "x.py")) == ["3", "4", "5", "6", "7"]


def test_numbers_in_messages_keep_their_english_text():
    """A number given as ``num(value, spec)``: the English text of ``format(value, spec)`` (the command line and the
    logs print it as before), carrying the number and its spec so that QGIS can write it its own way; pickled as
    a number (Dask workers, process pools), in a message too."""
    import numpy as np

    from basestation_mapper.plugin.core.messages import Num, literal, num
    from basestation_mapper.plugin.core.stats import format_count

    area = num(12345.678, ",.1f")
    assert area == "12,345.7" and isinstance(area, str) and (area.value, area.spec) == (12345.678, ",.1f")
    assert num(np.int64(1234), ",") == "1,234" and type(num(np.int64(1234), ",").value) is int
    assert num(0.5, "g") == "0.5" and num(0.456, ".0%") == "46%" and num(3) == "3"
    message = tr("{n} station covers {km2} km² of {total}", "{n} stations cover {km2} km² of {total}", 2,
                 km2=area, total=num(20000.0, ",.0f"))
    assert message == "2 stations cover 12,345.7 km² of 20,000"
    again = pickle.loads(pickle.dumps(message))
    assert again == message and isinstance(again.args["km2"], Num) and again.args["km2"].value == 12345.678
    assert pickle.loads(pickle.dumps(area)).spec == ",.1f"
    assert literal("{v} MHz", v=num(1800.0, "g")) == "1800 MHz"
    assert [format_count(v) for v in (566, 48_230, 6_912_000)] == ["566", "48.2 k", "6.9 M"]
    # a count given as a number: '{n}' written as it (its ',' made an int of '1,500' fail)
    from basestation_mapper.plugin.core.methods import station_radii_words

    some = station_radii_words(1500, 2000)
    assert some == "each station's own (field radius_m) for 1,500 of 2,000, the others:" and some.n == 1500
    assert pickle.loads(pickle.dumps(some)).args["n"].value == 1500
