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
