"""Korean translation file: complete, and every translation keeps what the code and Qt rely on."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

TS = Path(__file__).resolve().parents[2] / "i18n" / "basestation_mapper_ko.ts"

#: str.format fields ({name}, {0}, {pop:,.0f}, {value!r}), printf conversions (%s, %d, %(name)s, %.1f),
#: Qt's %1 and QProgressBar's %v / %m
PLACEHOLDER = re.compile(r"\{[^{}]*\}"
                         r"|%(?:\([A-Za-z_]\w*\))?[-#0+]*\d*(?:\.\d+)?[sdifgr]"
                         r"|%[vm]|%\d+")
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
#: Processing parameter names (STATIONS, OUTPUT_PDF, ...) and algorithm ids (basestationmapper:coverage)
PARAMETER = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]+(?![A-Za-z0-9_])")
ALGORITHM_ID = re.compile(r"\bbasestationmapper:[A-Za-z0-9_]+")
#: capitalised words of the English text that may be translated ("CRS" = 좌표계, "URL" = 주소, "US survey foot")
NOT_A_NAME = {"CRS", "US", "URL"}
#: a '&' that marks a keyboard accelerator ("&Import"), not "A & B" or "&&"
ACCELERATOR = re.compile(r"&(?=[^\s&])")


def _messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(m.findtext("source") or "", m.find("translation")) for m in root.iter("message")]


def _text(translation) -> str:
    """A translation's text; of a message with a count (numerus="yes"), its forms (one in Korean)."""
    if translation is None:
        return ""
    forms = translation.findall("numerusform")
    return "\n".join(f.text or "" for f in forms) if forms else (translation.text or "")


def _failures(check) -> list[str]:
    """Sources (shortened) whose translation fails ``check(source, text)``, with the reason."""
    failures = []
    for source, translation in _messages():
        reason = check(source, _text(translation))
        if reason:
            failures.append(f"{source[:60]!r}: {reason}")
    return failures


def test_file_is_korean():
    root = ET.parse(TS).getroot()
    assert root.tag == "TS"
    assert root.get("language") == "ko_KR"
    assert len(_messages()) > 400


def test_every_message_is_translated():
    missing = [source[:60] for source, translation in _messages()
               if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished")
               or not _text(translation).strip()]
    assert not missing, f"{len(missing)} untranslated: {missing[:10]}"


def test_placeholders_are_kept():
    def check(source, text):
        want, got = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(text))
        return f"{dict(want)} != {dict(got)}" if want != got else ""

    failures = _failures(check)
    assert not failures, "\n".join(failures)


def test_html_is_kept():
    def check(source, text):
        names = {n.lower() for n in TAG.findall(source)} - {n.lower() for n in TAG.findall(text)}
        if names:
            return f"tags missing: {sorted(names)}"
        if Counter(m.group(0) for m in TAG.finditer(source)) != Counter(m.group(0) for m in TAG.finditer(text)):
            return "tags differ in number"
        if Counter(ENTITY.findall(source)) != Counter(ENTITY.findall(text)):
            return "entities differ"
        return ""

    failures = _failures(check)
    assert not failures, "\n".join(failures)


def test_line_breaks_are_kept():
    failures = _failures(lambda source, text: f"{source.count(chr(10))} != {text.count(chr(10))} line breaks"
                         if source.count("\n") != text.count("\n") else "")
    assert not failures, "\n".join(failures)


def test_parameter_names_and_algorithm_ids_are_kept():
    def check(source, text):
        names = set(PARAMETER.findall(source)) - NOT_A_NAME
        missing = sorted(n for n in names if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", text))
        if missing:
            return f"names missing: {missing}"
        if Counter(ALGORITHM_ID.findall(source)) != Counter(ALGORITHM_ID.findall(text)):
            return "algorithm ids differ"
        return ""

    failures = _failures(check)
    assert not failures, "\n".join(failures)


def test_accelerators_are_kept():
    def accelerators(text: str) -> list[str]:
        text = ENTITY.sub("", text).replace("&&", "")
        return [text[m.end()] for m in ACCELERATOR.finditer(text)]

    def check(source, text):
        want, got = accelerators(source), accelerators(text)
        if len(want) != len(got):
            return f"{len(want)} != {len(got)} '&' accelerators"
        if not all(c.isascii() and c.isalnum() for c in got):
            return "an accelerator must stay on a Latin letter or digit"
        return ""

    failures = _failures(check)
    assert not failures, "\n".join(failures)


def test_plural_disambiguations_are_ascii():
    """A message with a count has its English plural as disambiguation, which PyQt passes to Qt as ASCII: any
    other character fails at run time (UnicodeEncodeError), so none is allowed."""
    root = ET.parse(TS).getroot()
    plurals = [m.findtext("comment") or "" for m in root.iter("message") if m.get("numerus") == "yes"]
    assert plurals and [p for p in plurals if not p.isascii()] == []


def test_no_message_spells_a_count_of_one():
    """'1 station, distances in {crs}' beside '{n} stations, distances in {crs}': two messages for one count gave
    a translator no plural forms (a language with more than two has none to fill); a count is one message with
    its forms (numerus="yes")."""
    spelled = [source for source, _ in _messages() if re.match(r"1 [A-Za-z]", source)]
    assert spelled == []
