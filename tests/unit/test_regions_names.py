"""Which field names the regions when none is chosen: the name fields of the exports analysts have, else the
first text field, else the first field."""

from __future__ import annotations

import pytest

from basestation_mapper.plugin.core.regions import NAME_FIRST, NAME_KNOWN, NAME_TEXT, choose_name_field


@pytest.mark.parametrize(("fields", "expected"), [
    ([("fid", False), ("OBJECTID", False), ("CTP_CD", True), ("CTP_ENG_NM", True), ("CTP_KOR_NM", True)],
     ("CTP_KOR_NM", NAME_KNOWN)),  # 국가공간정보 시도 경계
    ([("OBJECTID", False), ("CTP_KOR_NM", True), ("SIG_CD", True), ("SIG_KOR_NM", True)],
     ("SIG_KOR_NM", NAME_KNOWN)),  # 시군구 with its province: the finest level
    ([("OBJECTID", False), ("시도코드", True), ("시도명", True)], ("시도명", NAME_KNOWN)),
    ([("ADM_CD", True), ("ADM_NM", True)], ("ADM_NM", NAME_KNOWN)),  # SGIS 행정구역
    ([("OBJECTID", False), ("코드", True), ("이름", True)], ("이름", NAME_KNOWN)),
    ([("OBJECTID", False), ("ID_1", False), ("NAME_ENG", True)], ("NAME_ENG", NAME_KNOWN)),
    ([("OBJECTID", False), ("adm1_pcode", True), ("adm1_name", True)], ("adm1_name", NAME_KNOWN)),
    ([("shapeID", True), ("shapeISO", True), ("shapeName", True)], ("shapeName", NAME_KNOWN)),
    ([("OBJECTID", False), ("P_CODE", True), ("prov_label", True)], ("prov_label", NAME_TEXT)),  # codes skipped
    ([("OBJECTID", False), ("ISO", True)], ("ISO", NAME_TEXT)),  # only codes: the first text field
    ([("fid", False), ("OBJECTID", False), ("pop", False)], ("OBJECTID", NAME_FIRST)),
    ([("fid", False)], ("fid", NAME_FIRST)),
    ([], (None, "")),
])
def test_choose_name_field(fields, expected):
    assert choose_name_field(fields) == expected
