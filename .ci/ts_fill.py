"""Fill translations into a Qt .ts file from a JSON object {source: translation} on stdin.

`python .ci/ts_fill.py i18n/basestation_mapper_ko.ts < ko.json`; prints the sources still untranslated.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    mapping = json.load(sys.stdin)
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in mapping:
            translation.text = mapping[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not (translation.text or "").strip():
            missing.append(source)
    ET.indent(tree)
    with open(path, "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
    for source in missing:
        print(source)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
