<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="330"/>
        <source>Base Station Mapper</source>
        <translation>기지국 매퍼</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="66"/>
        <source>Base Station Mapper panel</source>
        <translation>기지국 매퍼 패널</translation>
    </message>
    <message>
        <location filename="../plugin/main.py" line="66"/>
        <source>Show or hide the Base Station Mapper panel</source>
        <translation>기지국 매퍼 패널 표시/숨기기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/dock.py" line="151"/>
        <source>Nothing loaded yet: add imagery in the Imagery section, create or import a station layer in Stations, or open the sample data shipped with the plugin.</source>
        <translation>아직 불러온 것이 없습니다. 영상 섹션에서 위성영상을 추가하거나, 기지국 섹션에서 기지국 레이어를 만들거나 가져오거나, 플러그인에 포함된 예제 데이터를 여십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="836"/>
        <source>Statistics not saved to {path}: {error}</source>
        <translation>통계를 {path}에 저장하지 못했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="360"/>
        <source>Coverage and statistics</source>
        <translation>커버리지 및 통계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/detection.py" line="28"/>
        <source>Detection and review</source>
        <translation>탐지 및 검토</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="487"/>
        <source>Choose where to write the PDF: &apos;{path}&apos; is not a full path (it would go to the folder QGIS was started from).</source>
        <translation>PDF를 저장할 위치를 선택하세요: '{path}'은(는) 전체 경로가 아닙니다(QGIS를 실행한 폴더에 기록됩니다).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="356"/>
        <source>Choose the folder to export to: &apos;{folder}&apos; is not a full path (the files would go to the folder QGIS was started from).</source>
        <translation>내보낼 폴더를 선택하세요: '{folder}'은(는) 전체 경로가 아닙니다(파일이 QGIS를 실행한 폴더에 기록됩니다).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="353"/>
        <source>Choose the folder to export to.</source>
        <translation>내보낼 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="340"/>
        <source>An export is running: wait for it to end, or cancel it in the task bar.</source>
        <translation>내보내기가 진행 중입니다: 끝날 때까지 기다리거나 작업 표시줄에서 취소하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="208"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="58"/>
        <source>Satellite and aerial layers listed by acquisition date. Add a preset (Esri World Imagery, OpenStreetMap), your own XYZ/WMS/WMTS URL or a local GeoTIFF/COG/VRT file, and compare two dates.</source>
        <translation>촬영일 순으로 정렬된 위성·항공 영상 레이어. 사전 설정(Esri World Imagery, OpenStreetMap), 사용자 XYZ/WMS/WMTS 주소 또는 로컬 GeoTIFF/COG/VRT 파일을 추가하고 두 날짜를 비교합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="191"/>
        <source>Imagery</source>
        <translation>영상</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="159"/>
        <source>Stations</source>
        <translation>기지국</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="52"/>
        <source>Coverage polygons</source>
        <translation>커버리지 폴리곤</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="67"/>
        <source>Coverage</source>
        <translation>커버리지</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="95"/>
        <source>Per-station polygons for min and max scenarios too</source>
        <translation>최소·최대 시나리오의 기지국별 폴리곤도 생성</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="97"/>
        <source>Dissolve coverage by</source>
        <translation>커버리지 디졸브 기준</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="99"/>
        <source>Best server</source>
        <translation>최적 서버</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="101"/>
        <source>Align the coverage grid to this raster (e.g. population)</source>
        <translation>커버리지 격자를 맞출 래스터(예: 인구)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="103"/>
        <source>Grid resolution without a raster (m, 0 = automatic)</source>
        <translation>래스터가 없을 때 격자 해상도(m, 0 = 자동)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="107"/>
        <source>Coverage per station</source>
        <translation>기지국별 커버리지</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="109"/>
        <source>Dissolved coverage</source>
        <translation>디졸브된 커버리지</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="112"/>
        <source>Overlap (1, 2, 3+ stations)</source>
        <translation>중첩(기지국 1, 2, 3개 이상)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="115"/>
        <source>Best server areas</source>
        <translation>최적 서버 영역</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="118"/>
        <source>Coverage count raster</source>
        <translation>커버 기지국 수 래스터</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="199"/>
        <source>Distances measured in {crs}</source>
        <translation>거리 측정 좌표계: {crs}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="41"/>
        <source>Coverage statistics per region</source>
        <translation>지역별 커버리지 통계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="165"/>
        <source>Regions</source>
        <translation>지역</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="163"/>
        <source>Region name field</source>
        <translation>지역 이름 필드</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="165"/>
        <source>Population raster (people per cell)</source>
        <translation>인구 래스터(셀당 인구수)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="170"/>
        <source>Raster values are people per km²</source>
        <translation>래스터 값이 km²당 인구(밀도)임</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="172"/>
        <source>Population points</source>
        <translation>인구 포인트</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="230"/>
        <source>Population field</source>
        <translation>인구 필드</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="116"/>
        <source>Subscribers per covered person (penetration)</source>
        <translation>커버 인구 1인당 가입자 수(보급률)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="235"/>
        <source>Cell rule</source>
        <translation>셀 판정 규칙</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="127"/>
        <source>Coverage statistics</source>
        <translation>커버리지 통계</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="129"/>
        <source>Statistics as CSV</source>
        <translation>통계(CSV)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="829"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="166"/>
        <source>REGIONS: no region layer given</source>
        <translation>REGIONS: 지역 레이어가 지정되지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="185"/>
        <source>Both POPULATION and POPULATION_POINTS given: the raster is used</source>
        <translation>POPULATION과 POPULATION_POINTS가 모두 지정되었습니다: 래스터를 사용합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="211"/>
        <source>POPULATION_FIELD is required with POPULATION_POINTS</source>
        <translation>POPULATION_POINTS를 사용하려면 POPULATION_FIELD가 필요합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="255"/>
        <source>Covered population {pop:,.0f} of {total:,.0f} ({pct:.1f} %, range {lo:.1f}-{hi:.1f} %)</source>
        <translation>커버 인구 {pop:,.0f}명 / 전체 {total:,.0f}명({pct:.1f} %, 범위 {lo:.1f}-{hi:.1f} %)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="35"/>
        <source>Export layers (GeoPackage, GeoJSON, Shapefile, KMZ)</source>
        <translation>레이어 내보내기(GeoPackage, GeoJSON, Shapefile, KMZ)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="56"/>
        <source>Vector layers</source>
        <translation>벡터 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="58"/>
        <source>Document title (KMZ)</source>
        <translation>문서 제목(KMZ)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="60"/>
        <source>Output file</source>
        <translation>출력 파일</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="63"/>
        <source>Features written</source>
        <translation>기록된 피처 수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="68"/>
        <source>LAYERS: choose at least one vector layer.</source>
        <translation>LAYERS: 벡터 레이어를 하나 이상 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="71"/>
        <source>LAYERS: &apos;{name}&apos; is not a vector layer.</source>
        <translation>LAYERS: '{name}'은(는) 벡터 레이어가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="26"/>
        <source>Export coverage raster (GeoTIFF)</source>
        <translation>커버리지 래스터 내보내기(GeoTIFF)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="30"/>
        <source>Writes a coverage raster (covered 0/1, overlap count, best server) to a tiled GeoTIFF compressed with DEFLATE, with a nodata value and — for whole-number data from 0 to 65534 — a colour table (0 transparent, then light to dark blue for 1, 2, 3, 4+ stations). Whole-number data stored as float is written as Byte/UInt16; continuous data keeps its type (no colour table).
INPUT: raster layer. NODATA: nodata value of the input (optional; default: the input's own). OUTPUT: .tif file.
</source>
        <translation>커버리지 래스터(커버 여부 0/1, 중첩 수, 최적 서버)를 DEFLATE로 압축한 타일 GeoTIFF로 저장합니다. NoData 값을 기록하고, 0~65534 범위의 정수 데이터에는 색상표(0은 투명, 기지국 1, 2, 3, 4개 이상은 밝은 파랑에서 진한 파랑)도 기록합니다. 실수형으로 저장된 정수 데이터는 Byte/UInt16으로 저장하고, 연속 데이터는 원래 자료형을 유지합니다(색상표 없음).
INPUT: 래스터 레이어. NODATA: 입력의 NoData 값(선택, 기본값: 입력 자체의 값). OUTPUT: .tif 파일.
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="37"/>
        <source>
A raster holding only nodata is refused. Example: qgis_process run basestationmapper:exportraster -- INPUT=overlap.tif OUTPUT=/data/overlap_styled.tif</source>
        <translation>
NoData만 있는 래스터는 거부합니다. 예: qgis_process run basestationmapper:exportraster -- INPUT=overlap.tif OUTPUT=/data/overlap_styled.tif</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="134"/>
        <source>Coverage raster</source>
        <translation>커버리지 래스터</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="44"/>
        <source>Input nodata value</source>
        <translation>입력 NoData 값</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="132"/>
        <source>GeoTIFF</source>
        <translation>GeoTIFF</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="48"/>
        <source>Data type written</source>
        <translation>기록된 자료형</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="86"/>
        <source>{type}, nodata {nodata}, values {lo}–{hi}</source>
        <translation>{type}, NoData {nodata}, 값 {lo}–{hi}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_stations_csv.py" line="25"/>
        <source>Export stations to CSV (WGS84 lon/lat)</source>
        <translation>기지국을 CSV로 내보내기(WGS84 경도/위도)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_stations_csv.py" line="29"/>
        <source>Writes a station layer to CSV: columns lon, lat (WGS84 degrees, 9 decimals) first, then every attribute (station_id, technology, status, confidence, source image, image and seen dates, antenna height in m, ...). UTF-8 with a byte-order mark so that Excel shows Korean text.
STATIONS: point layer in any CRS. OUTPUT: .csv file.
</source>
        <translation>기지국 레이어를 CSV로 저장합니다. 맨 앞에 lon, lat 열(WGS84 도 단위, 소수점 9자리), 이어서 모든 속성(station_id, 기술, 상태, 신뢰도, 출처 영상, 영상 날짜와 관측 날짜, 안테나 높이(m) 등)을 씁니다. Excel에서 한글이 제대로 보이도록 BOM이 있는 UTF-8로 저장합니다.
STATIONS: 좌표계와 무관한 포인트 레이어. OUTPUT: .csv 파일.
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_stations_csv.py" line="34"/>
        <source>
Example: qgis_process run basestationmapper:exportstationscsv -- STATIONS=stations.gpkg OUTPUT=/data/stations.csv</source>
        <translation>
예: qgis_process run basestationmapper:exportstationscsv -- STATIONS=stations.gpkg OUTPUT=/data/stations.csv</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_stations_csv.py" line="43"/>
        <source>CSV file</source>
        <translation>CSV 파일</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_stations_csv.py" line="44"/>
        <source>Stations written</source>
        <translation>기록된 기지국 수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="25"/>
        <source>Export table (CSV, XLSX)</source>
        <translation>테이블 내보내기(CSV, XLSX)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="29"/>
        <source>Writes the attributes of a table or layer (e.g. the output of Coverage statistics: region, area_km2, covered_km2, covered_pop, ... with their low/high variants) to .csv (UTF-8 with BOM) or .xlsx (GDAL&apos;s XLSX driver; numbers stay numbers). Geometry is left out.
INPUT: table or vector layer. OUTPUT: .csv or .xlsx file.
</source>
        <translation>테이블 또는 레이어의 속성(예: 커버리지 통계의 출력인 region, area_km2, covered_km2, covered_pop 등과 그 low/high 변형)을 .csv(BOM이 있는 UTF-8) 또는 .xlsx(GDAL의 XLSX 드라이버, 숫자는 숫자 형식 유지)로 저장합니다. 도형은 제외합니다.
INPUT: 테이블 또는 벡터 레이어. OUTPUT: .csv 또는 .xlsx 파일.
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="34"/>
        <source>
Example: qgis_process run basestationmapper:exporttable -- INPUT=stats.gpkg OUTPUT=/data/stats.xlsx</source>
        <translation>
예: qgis_process run basestationmapper:exporttable -- INPUT=stats.gpkg OUTPUT=/data/stats.xlsx</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="40"/>
        <source>Table</source>
        <translation>테이블</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="43"/>
        <source>Table file</source>
        <translation>테이블 파일</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_table.py" line="45"/>
        <source>Rows written</source>
        <translation>기록된 행 수</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="593"/>
        <source>Import stations</source>
        <translation>기지국 가져오기</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="88"/>
        <source>Station file</source>
        <translation>기지국 파일</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="91"/>
        <source>Merge stations closer than (m)</source>
        <translation>이 거리보다 가까운 기지국 병합(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="94"/>
        <source>Skip invalid rows</source>
        <translation>잘못된 행 건너뛰기</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="95"/>
        <source>CSV delimiter (empty: detect)</source>
        <translation>CSV 구분자(비우면 자동 감지)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="95"/>
        <source>Text encoding (empty: detect)</source>
        <translation>텍스트 인코딩(비우면 자동 감지)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="102"/>
        <source>Status of stations without one</source>
        <translation>상태가 없는 기지국에 지정할 상태</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="104"/>
        <source>OpenCelliD site distance (m)</source>
        <translation>OpenCelliD 사이트 거리(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="116"/>
        <source>INPUT: choose a station file</source>
        <translation>INPUT: 기지국 파일을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="133"/>
        <source>DELIMITER must be one character (or &apos;tab&apos;), not {value!r}</source>
        <translation>DELIMITER는 한 글자(또는 'tab')여야 합니다. 입력값: {value!r}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="142"/>
        <source>X_FIELD and Y_FIELD go together: set both or neither</source>
        <translation>X_FIELD와 Y_FIELD는 함께 지정해야 합니다: 둘 다 지정하거나 둘 다 비우십시오</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="433"/>
        <source>canceled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="160"/>
        <source>skipped {problem}</source>
        <translation>건너뜀: {problem}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="41"/>
        <source>Merge station layers</source>
        <translation>기지국 레이어 병합</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="61"/>
        <source>Station layers</source>
        <translation>기지국 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="63"/>
        <source>Merge distance (m)</source>
        <translation>병합 거리(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="66"/>
        <source>Only merge stations of the same technology</source>
        <translation>같은 기술의 기지국만 병합</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="68"/>
        <source>Merged stations</source>
        <translation>병합된 기지국</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="74"/>
        <source>INPUT: choose at least one station layer</source>
        <translation>INPUT: 기지국 레이어를 하나 이상 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="90"/>
        <source>{layer} has no CRS: set it (Layer Properties › Source) first</source>
        <translation>{layer}에 좌표계가 없습니다: 먼저 좌표계를 설정하십시오(레이어 속성 › 소스)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="106"/>
        <source>{layer} feature {fid}, {field}: {reason}</source>
        <translation>{layer} 피처 {fid}, {field}: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="116"/>
        <source>Coverage report (PDF)</source>
        <translation>커버리지 보고서(PDF)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="151"/>
        <source>
Example: qgis_process run basestationmapper:report -- STATIONS=stations.gpkg REGIONS=provinces.geojson REGION_FIELD=name POPULATION_POINTS=places.geojson POPULATION_FIELD=population OUTPUT_PDF=/data/report.pdf OUTPUT_PNG=/data/map.png</source>
        <translation>
예: qgis_process run basestationmapper:report -- STATIONS=stations.gpkg REGIONS=provinces.geojson REGION_FIELD=name POPULATION_POINTS=places.geojson POPULATION_FIELD=population OUTPUT_PDF=/data/report.pdf OUTPUT_PNG=/data/map.png</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="160"/>
        <source>Regions (provinces)</source>
        <translation>지역(도)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="53"/>
        <source>Coverage model</source>
        <translation>커버리지 모델</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="185"/>
        <source>Coverage radius (m, 0 = per technology)</source>
        <translation>커버리지 반경(m, 0 = 기술별)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="188"/>
        <source>Subscribers per covered person (0-1)</source>
        <translation>커버 인구 1인당 가입자 수(0-1)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="191"/>
        <source>Coverage polygons (computed when empty)</source>
        <translation>커버리지 폴리곤(비우면 계산)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="194"/>
        <source>Coverage statistics table (computed when empty)</source>
        <translation>커버리지 통계표(비우면 계산)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="197"/>
        <source>Imagery under the map</source>
        <translation>지도 아래에 표시할 영상</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="199"/>
        <source>DEM used (named in the methods)</source>
        <translation>사용한 DEM(방법 설명에 표기)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="169"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="166"/>
        <source>Mobile network coverage</source>
        <translation>이동통신망 커버리지</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="202"/>
        <source>Data attribution</source>
        <translation>데이터 출처 표기</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="204"/>
        <source>Report (PDF)</source>
        <translation>보고서(PDF)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="205"/>
        <source>Map image (PNG)</source>
        <translation>지도 이미지(PNG)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="207"/>
        <source>Pages</source>
        <translation>페이지 수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="267"/>
        <source>Both POPULATION and POPULATION_POINTS given: the raster is used.</source>
        <translation>POPULATION과 POPULATION_POINTS가 모두 지정되었습니다: 래스터를 사용합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="293"/>
        <source>The station layer &apos;{name}&apos; is empty: nothing to report.</source>
        <translation>기지국 레이어 '{name}'이(가) 비어 있습니다: 보고할 내용이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="320"/>
        <source>Computing coverage (basestationmapper:coverage)…</source>
        <translation>커버리지 계산 중(basestationmapper:coverage)…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="436"/>
        <source>{name}: {value} is not one of: {options} (or their numbers, {numbers}).</source>
        <translation>{name}: {value}은(는) 다음 중 하나가 아닙니다: {options}(또는 그 번호 {numbers}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="391"/>
        <source>{name}: not given; it is required ({label}).</source>
        <translation>{name}: 지정되지 않았습니다. 필수 항목입니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="402"/>
        <source>{name}: {value} is not a number.</source>
        <translation>{name}: {value}은(는) 숫자가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="407"/>
        <source>{name}: {value} is less than its minimum, {minimum} ({label}).</source>
        <translation>{name}: {value}은(는) 최솟값 {minimum}보다 작습니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="410"/>
        <source>{name}: {value} is more than its maximum, {maximum} ({label}).</source>
        <translation>{name}: {value}은(는) 최댓값 {maximum}보다 큽니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="412"/>
        <source>{name}: {value} is not between {minimum} and {maximum} ({label}).</source>
        <translation>{name}: {value}은(는) {minimum}과(와) {maximum} 사이가 아닙니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="418"/>
        <source>{name}: {value} is neither yes nor no: give true or false (1 or 0, yes or no, on or off).</source>
        <translation>{name}: {value}은(는) 예도 아니오도 아닙니다: true 또는 false(1 또는 0, yes 또는 no, on 또는 off)를 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="424"/>
        <source>{name}: {value} is not a CRS QGIS knows: give an authority id such as EPSG:32652, a WKT or a PROJ string.</source>
        <translation>{name}: {value}은(는) QGIS가 아는 좌표계가 아닙니다: EPSG:32652 같은 기관 식별자, WKT 또는 PROJ 문자열을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="430"/>
        <source>{name}: {value} is not an extent: give xmin,xmax,ymin,ymax, optionally with its CRS (e.g. 126.5,127.5,37.0,38.0 [EPSG:4326]), or a layer.</source>
        <translation>{name}: {value}은(는) 범위가 아닙니다: xmin,xmax,ymin,ymax를 지정하거나(좌표계를 덧붙일 수 있음, 예: 126.5,127.5,37.0,38.0 [EPSG:4326]) 레이어를 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="454"/>
        <source>{name}: {path} does not exist.</source>
        <translation>{name}: {path}이(가) 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="456"/>
        <source>{name}: {value} cannot be opened as a layer ({label}).</source>
        <translation>{name}: {value}을(를) 레이어로 열 수 없습니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="459"/>
        <source>{name}: {value} is not a raster layer ({label}).</source>
        <translation>{name}: {value}은(는) 래스터 레이어가 아닙니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="462"/>
        <source>{name}: {value} is not a vector layer ({label}).</source>
        <translation>{name}: {value}은(는) 벡터 레이어가 아닙니다({label}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="861"/>
        <source>{name}: a spreadsheet ({file}) holds no geometry: only the attributes are written. Give a .gpkg, or a .csv (its WKT column), to keep the shapes.</source>
        <translation>{name}: 스프레드시트({file})에는 도형이 없어 속성만 기록됩니다. 도형을 유지하려면 .gpkg 또는 .csv(WKT 열)를 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="775"/>
        <source>Canceled: nothing was written.</source>
        <translation>취소됨: 아무것도 기록하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="327"/>
        <source>Computing statistics per region (basestationmapper:coveragestats)…</source>
        <translation>지역별 통계 계산 중(basestationmapper:coveragestats)…</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="817"/>
        <source>The region layer &apos;{name}&apos; has no geometry to draw: its features have no (or empty) shapes.</source>
        <translation>지역 레이어 '{name}'에 그릴 도형이 없습니다: 피처에 도형이 없거나 비어 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="804"/>
        <source>No font with Korean characters is installed: the report draws its Korean text as empty boxes. Install one (Debian, Ubuntu: sudo apt install fonts-nanum) and write the report again.</source>
        <translation>한글 글꼴이 설치되어 있지 않아 보고서의 한글이 빈 상자로 그려집니다. 한글 글꼴을 설치한 뒤(Debian, Ubuntu: sudo apt install fonts-nanum) 보고서를 다시 작성하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="96"/>
        <source>radius</source>
        <translation>반경</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="97"/>
        <source>radius per technology</source>
        <translation>기술별 반경</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="96"/>
        <source>penetration</source>
        <translation>보급률</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="366"/>
        <source>raster {name}</source>
        <translation>래스터 {name}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="373"/>
        <source>places of {name} (field {field}), counted where they fall</source>
        <translation>{name}의 장소(필드 {field}), 위치한 지역에서 집계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="516"/>
        <source>as in the statistics table {name}</source>
        <translation>통계표 {name} 기준</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="383"/>
        <source>coverage engine default</source>
        <translation>커버리지 엔진 기본값</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="396"/>
        <source>Writing the PDF…</source>
        <translation>PDF 작성 중…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="79"/>
        <source>Terrain-aware coverage (line of sight)</source>
        <translation>지형 반영 커버리지(가시선)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="114"/>
        <source>DEM (elevation)</source>
        <translation>DEM(표고)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="115"/>
        <source>Radius (m)</source>
        <translation>반경(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="118"/>
        <source>Antenna height above ground (m)</source>
        <translation>지상 기준 안테나 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="181"/>
        <source>Receiver height above ground (m)</source>
        <translation>지상 기준 수신기 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="93"/>
        <source>Effective earth radius factor k</source>
        <translation>유효 지구 반경 계수 k</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="127"/>
        <source>Use the stations&apos; antenna_height_m, radius_m, frequency_mhz fields</source>
        <translation>기지국의 antenna_height_m, radius_m, frequency_mhz 필드 사용</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="185"/>
        <source>First Fresnel zone clearance (0-1, 0 = line of sight only)</source>
        <translation>제1 프레넬 영역 확보 비율(0-1, 0 = 가시선만)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="133"/>
        <source>Frequency (MHz)</source>
        <translation>주파수(MHz)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="136"/>
        <source>Cell size (m, 0 = the DEM&apos;s resolution)</source>
        <translation>셀 크기(m, 0 = DEM 해상도)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="139"/>
        <source>Working CRS in metres (empty = UTM zone of the stations)</source>
        <translation>미터 단위 작업 좌표계(비우면 기지국의 UTM 영역)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="95"/>
        <source>DEM vertical unit</source>
        <translation>DEM 수직 단위</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="56"/>
        <source>metre</source>
        <translation>미터</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="89"/>
        <source>foot</source>
        <translation>피트</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="89"/>
        <source>US survey foot</source>
        <translation>미국 측량 피트</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="146"/>
        <source>Stations in sight (count)</source>
        <translation>가시 기지국 수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="148"/>
        <source>Terrain coverage polygons</source>
        <translation>지형 커버리지 폴리곤</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="176"/>
        <source>RADIUS must be greater than 0 m.</source>
        <translation>RADIUS는 0 m보다 커야 합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="204"/>
        <source>REFRACTION_K must be greater than 0.</source>
        <translation>REFRACTION_K는 0보다 커야 합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="209"/>
        <source>FRESNEL_CLEARANCE must be between 0 and 1.</source>
        <translation>FRESNEL_CLEARANCE는 0과 1 사이여야 합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="187"/>
        <source>CRS {crs} is in degrees: choose a projected CRS in metres.</source>
        <translation>좌표계 {crs}는 도 단위입니다: 미터 단위 투영 좌표계를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="224"/>
        <source>Reprojecting DEM {name} to {crs}…</source>
        <translation>DEM {name}을(를) {crs}(으)로 재투영하는 중…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="228"/>
        <source>Grid: {w} x {h} cells of {cell:g} m</source>
        <translation>격자: {w} x {h} 셀, 셀 크기 {cell:g} m</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="234"/>
        <source>No station lies on DEM {name}: nothing to compute.</source>
        <translation>DEM {name} 위에 있는 기지국이 없습니다: 계산할 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="55"/>
        <source>Radius for every station (m, overrides presets when set)</source>
        <translation>모든 기지국에 적용할 반경(m, 지정하면 사전 설정보다 우선)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="63"/>
        <source>Base antenna height when a station has none (m)</source>
        <translation>기지국에 값이 없을 때 기지국 안테나 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="65"/>
        <source>Mobile antenna height (m)</source>
        <translation>단말 안테나 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="67"/>
        <source>EIRP (dBm)</source>
        <translation>EIRP(dBm)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="68"/>
        <source>Receiver threshold (dBm)</source>
        <translation>수신 임계값(dBm)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="70"/>
        <source>Receiver antenna gain (dBi)</source>
        <translation>수신 안테나 이득(dBi)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="72"/>
        <source>Losses and margins (dB)</source>
        <translation>손실 및 마진(dB)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="184"/>
        <source>Environment</source>
        <translation>환경</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="76"/>
        <source>City size</source>
        <translation>도시 규모</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="79"/>
        <source>Sector beamwidth (degrees)</source>
        <translation>섹터 빔폭(°)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="80"/>
        <source>Minimum scenario: radius factor</source>
        <translation>최소 시나리오: 반경 계수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="82"/>
        <source>Maximum scenario: radius factor</source>
        <translation>최대 시나리오: 반경 계수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="84"/>
        <source>Metric CRS for distances (default: UTM zone of the stations)</source>
        <translation>거리 계산용 미터 좌표계(기본값: 기지국의 UTM 영역)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="128"/>
        <source>Scenario factors must satisfy 0 &lt; SCENARIO_MIN &lt;= 1 &lt;= SCENARIO_MAX</source>
        <translation>시나리오 계수는 0 &lt; SCENARIO_MIN &lt;= 1 &lt;= SCENARIO_MAX를 만족해야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="137"/>
        <source>METRIC_CRS must be a projected CRS in metres, not a geographic one</source>
        <translation>METRIC_CRS는 지리 좌표계가 아닌 미터 단위 투영 좌표계여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="162"/>
        <source>STATIONS: no station layer given</source>
        <translation>STATIONS: 기지국 레이어가 지정되지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="64"/>
        <source>Export and report</source>
        <translation>내보내기 및 보고서</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_common.py" line="60"/>
        <source>Replace existing output files</source>
        <translation>기존 출력 파일 덮어쓰기</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_common.py" line="65"/>
        <source>OVERWRITE: replace an output file that already exists (default: no — the algorithm stops with a message and the existing file is left untouched). Files are written to a temporary name first and moved into place only when complete.</source>
        <translation>OVERWRITE: 이미 있는 출력 파일을 덮어씁니다(기본값: 아니요 — 알고리즘이 메시지를 남기고 중단하며 기존 파일은 그대로 둡니다). 파일은 먼저 임시 이름으로 저장한 뒤, 완료되었을 때만 제자리로 옮깁니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_common.py" line="94"/>
        <source>{name}: &apos;{value}&apos; is not one of: {options}</source>
        <translation>{name}: '{value}'은(는) 허용되는 값이 아닙니다. 허용 값: {options}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/export_common.py" line="113"/>
        <source>This step needs the algorithm {id}{why}, which is not available in this installation.</source>
        <translation>이 단계에는 알고리즘 {id}{why}이(가) 필요하지만, 현재 설치된 환경에서는 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="84"/>
        <source>Unknown vertical unit {unit}: use metre, foot or us_foot.</source>
        <translation>알 수 없는 수직 단위 {unit}: metre, foot 또는 us_foot을 사용하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="94"/>
        <source>The DEM layer is missing or could not be read.</source>
        <translation>DEM 레이어가 없거나 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="97"/>
        <source>DEM {name}: only file rasters (GDAL) are supported, not {provider} layers.</source>
        <translation>DEM {name}: 파일 래스터(GDAL)만 지원하며 {provider} 레이어는 지원하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="129"/>
        <source>DEM {name}: its cell size could not be measured.</source>
        <translation>DEM {name}: 셀 크기를 측정할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="248"/>
        <source>DEM {name} has no coordinate reference system: set it in Layer Properties › Source (e.g. EPSG:4326 for a DEM in degrees), then run again.</source>
        <translation>DEM {name}에 좌표계가 없습니다: 레이어 속성 › 소스에서 좌표계를 설정한 뒤(예: 도 단위 DEM이면 EPSG:4326) 다시 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="251"/>
        <source>DEM {name} has no band {band}.</source>
        <translation>DEM {name}에 {band}번 밴드가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="186"/>
        <source>The stations are outside DEM {name}.</source>
        <translation>기지국이 DEM {name} 범위 밖에 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="193"/>
        <source>The working CRS {crs} is in degrees: choose a projected CRS in metres.</source>
        <translation>작업 좌표계 {crs}는 도 단위입니다: 미터 단위 투영 좌표계를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="197"/>
        <source>The cell size must be a positive number of metres.</source>
        <translation>셀 크기는 0보다 큰 미터 값이어야 합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="209"/>
        <source>DEM {name}: the grid would be {w} x {h} cells; use a larger cell size or fewer stations at once.</source>
        <translation>DEM {name}: 격자가 {w} x {h} 셀이 됩니다. 셀 크기를 키우거나 한 번에 처리할 기지국 수를 줄이십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="217"/>
        <source>DEM {name} could not be reprojected: {error}</source>
        <translation>DEM {name}을(를) 재투영할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="228"/>
        <source>DEM {name} has no data in the area of the stations.</source>
        <translation>DEM {name}에는 기지국이 있는 지역의 데이터가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="234"/>
        <source>DEM {name}: {pct:.1f} % of the cells have no data; they are never visible and do not block the view (fill the holes first if they hide terrain).</source>
        <translation>DEM {name}: 셀의 {pct:.1f} %에 데이터가 없습니다. 이 셀들은 보이지 않는 것으로 처리하며 시야를 가리지도 않습니다(지형이 빠져 있다면 먼저 빈 곳을 채우십시오).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="441"/>
        <source>Invalid values ignored, defaults used instead: {items}</source>
        <translation>잘못된 값은 무시하고 기본값을 사용했습니다: {items}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="528"/>
        <source>{pct} % of population covered</source>
        <translation>인구 커버율 {pct} %</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="563"/>
        <source>Coverage model: {model}.</source>
        <translation>커버리지 모델: {model}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="568"/>
        <source>Parameters: {params}.</source>
        <translation>매개변수: {params}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="571"/>
        <source>Ranges in brackets are the low and high scenarios of the coverage model.</source>
        <translation>괄호 안의 범위는 커버리지 모델의 최소·최대 시나리오입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="572"/>
        <source>Terrain: {dem}.</source>
        <translation>지형: {dem}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="572"/>
        <source>none (no line-of-sight masking)</source>
        <translation>없음(가시선 마스킹 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="576"/>
        <source>Population: {source}.</source>
        <translation>인구: {source}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="578"/>
        <source>Estimated subscribers = covered population × penetration {pct} % (6.5–7 M subscribers of ~25 M people, Williams &amp; Slavney 2022).</source>
        <translation>추정 가입자 = 커버 인구 × 보급률 {pct} %(인구 약 2,500만 명 중 가입자 650만–700만 명, Williams &amp; Slavney 2022).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="581"/>
        <source>Stations mapped: {n}.</source>
        <translation>매핑한 기지국: {n}개.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="586"/>
        <source>Imagery: {list}.</source>
        <translation>영상: {list}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="588"/>
        <source>Imagery: none shown; plain basemap of the region layer.</source>
        <translation>영상: 표시하지 않음. 지역 레이어로 만든 단순 배경지도 사용.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="812"/>
        <source>The report needs a valid region layer.</source>
        <translation>보고서에는 유효한 지역 레이어가 필요합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="814"/>
        <source>The region layer &apos;{name}&apos; has no features.</source>
        <translation>지역 레이어 '{name}'에 피처가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="820"/>
        <source>The region layer has no field &apos;{field}&apos;.</source>
        <translation>지역 레이어에 '{field}' 필드가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="822"/>
        <source>The statistics table is empty: compute coverage statistics first.</source>
        <translation>통계표가 비어 있습니다: 먼저 커버리지 통계를 계산하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="825"/>
        <source>The coverage layer &apos;{name}&apos; is empty: nothing to report.</source>
        <translation>커버리지 레이어 '{name}'이(가) 비어 있습니다: 보고할 내용이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="837"/>
        <source>Land</source>
        <translation>육지</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="856"/>
        <source>Coverage report</source>
        <translation>커버리지 보고서</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="890"/>
        <source>Legend</source>
        <translation>범례</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="925"/>
        <source>Data: {list}</source>
        <translation>데이터: {list}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="928"/>
        <source>Map: {crs}; offline basemap (no web tiles).</source>
        <translation>지도: {crs}, 오프라인 배경지도(웹 타일 없음).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="928"/>
        <source>Map: {crs}.</source>
        <translation>지도: {crs}.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="384"/>
        <source>Region</source>
        <translation>지역</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="933"/>
        <source>Area (km²)</source>
        <translation>면적(km²)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="933"/>
        <source>Covered (km²)</source>
        <translation>커버 면적(km²)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="934"/>
        <source>Area covered (%)</source>
        <translation>면적 커버율(%)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="384"/>
        <source>Population</source>
        <translation>인구</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="935"/>
        <source>Population covered</source>
        <translation>커버 인구</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="935"/>
        <source>Population covered (%)</source>
        <translation>인구 커버율(%)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="388"/>
        <source>Est. subscribers</source>
        <translation>추정 가입자</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="943"/>
        <source>Coverage and population per region</source>
        <translation>지역별 커버리지 및 인구</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="981"/>
        <source>Population covered per region</source>
        <translation>지역별 커버 인구</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="981"/>
        <source>people (bars: estimate, whiskers: low–high)</source>
        <translation>인구(막대: 추정값, 오차 막대: 최소–최대)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="997"/>
        <source>Methods</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="1008"/>
        <source>{name}: the report is written as .pdf</source>
        <translation>{name}: 보고서는 .pdf 파일로 저장됩니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="1013"/>
        <source>{name}: the map image is written as .png</source>
        <translation>{name}: 지도 이미지는 .png 파일로 저장됩니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="1026"/>
        <source>Writing the PDF failed: {error}</source>
        <translation>PDF 작성 실패: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="1039"/>
        <source>Writing the map image failed: {error}</source>
        <translation>지도 이미지 작성 실패: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/coverage_task.py" line="285"/>
        <source>Base Station Mapper: coverage</source>
        <translation>기지국 매퍼: 커버리지</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/import_task.py" line="29"/>
        <source>Import stations from {name}</source>
        <translation>{name}에서 기지국 가져오기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="205"/>
        <source>Run the tower detector over an imagery layer and extent; candidates go to the review queue below.</source>
        <translation>영상 레이어와 범위에 대해 철탑 탐지기를 실행합니다. 후보는 아래 검토 대기열에 추가됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="70"/>
        <source>Detection</source>
        <translation>탐지</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="311"/>
        <source>a folder, not a file</source>
        <translation>파일이 아니라 폴더</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="394"/>
        <source>{format} (cannot be read)</source>
        <translation>{format} (읽을 수 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="624"/>
        <source>The column &apos;{column}&apos; is chosen for both {first} and {second}: choose one column for each.</source>
        <translation>열 '{column}'이(가) {first}와(과) {second}에 모두 선택되었습니다: 각각 다른 열을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="663"/>
        <source>Choose a file to import.</source>
        <translation>가져올 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="665"/>
        <source>{file} is a folder, not a file.</source>
        <translation>{file}은(는) 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="667"/>
        <source>{file}: file not found.</source>
        <translation>{file}: 파일을 찾을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="94"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="132"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="113"/>
        <source>detect</source>
        <translation>자동 감지</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="110"/>
        <source>tab</source>
        <translation>탭</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="118"/>
        <source>Delimiter</source>
        <translation>구분자</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="119"/>
        <source>Encoding</source>
        <translation>인코딩</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="146"/>
        <source>Column for {role}</source>
        <translation>{role} 열</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="154"/>
        <source>CRS of x/y</source>
        <translation>x/y 좌표계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="177"/>
        <source>Merge stations closer than</source>
        <translation>이 거리보다 가까운 기지국 병합</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="178"/>
        <source>Skip the reported bad rows (otherwise nothing is imported)</source>
        <translation>보고된 잘못된 행 건너뛰기(끄면 아무것도 가져오지 않음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="180"/>
        <source>Add to the current station layer (otherwise a new layer)</source>
        <translation>현재 기지국 레이어에 추가(끄면 새 레이어)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="762"/>
        <source>Check file</source>
        <translation>파일 검사</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="311"/>
        <source>choose a file</source>
        <translation>파일을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="311"/>
        <source>file not found</source>
        <translation>파일을 찾을 수 없음</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="345"/>
        <source>CSV (cannot be read)</source>
        <translation>CSV(읽을 수 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="351"/>
        <source>OpenCelliD cell export</source>
        <translation>OpenCelliD 셀 내보내기 파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="351"/>
        <source>CSV ({encoding}, delimiter {delimiter!r})</source>
        <translation>CSV({encoding}, 구분자 {delimiter!r})</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="560"/>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="44"/>
        <source>Possible duplicate station</source>
        <translation>중복 가능성이 있는 기지국</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="47"/>
        <source>An existing station ({name}) is {distance} m from this click. Merge with it (its sources and seen dates are updated), add a new station anyway, or cancel?</source>
        <translation>클릭한 위치에서 {distance} m 거리에 기존 기지국({name})이 있습니다. 기존 기지국과 병합하시겠습니까(출처와 관측 날짜 갱신), 그래도 새 기지국을 추가하시겠습니까, 아니면 취소하시겠습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1264"/>
        <source>unnamed</source>
        <translation>이름 없음</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="54"/>
        <source>Merge</source>
        <translation>병합</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="54"/>
        <source>Add anyway</source>
        <translation>그래도 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="54"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="203"/>
        <source>Choose or create a station layer first.</source>
        <translation>먼저 기지국 레이어를 선택하거나 만드십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="154"/>
        <source>{layer} is read-only: no station was added.</source>
        <translation>{layer}은(는) 읽기 전용입니다: 기지국을 추가하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="169"/>
        <source>{layer} cannot be edited: no station was added.</source>
        <translation>{layer}을(를) 편집할 수 없습니다: 기지국을 추가하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="164"/>
        <source>{layer} has no coordinate reference system, so a click cannot be placed in it: set its CRS (Layer Properties › Source) and try again. No station was added.</source>
        <translation>{layer}에 좌표계가 없어 클릭한 위치를 넣을 수 없습니다: 좌표계를 설정한 뒤(레이어 속성 › 소스) 다시 시도하세요. 기지국을 추가하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="175"/>
        <source>Add station</source>
        <translation>기지국 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="212"/>
        <source>The station could not be added to {layer}.</source>
        <translation>{layer}에 기지국을 추가할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="265"/>
        <source>Merge station sighting</source>
        <translation>기지국 관측 병합</translation>
    </message>
    <message>
        <location filename="../plugin/ui/messages.py" line="25"/>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="65"/>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="68"/>
        <source>Terrain</source>
        <translation>지형</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="78"/>
        <source>Reviewer name (written on reviewed stations)</source>
        <translation>검토자 이름(검토한 기지국에 기록)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="79"/>
        <source>Show what to do next when nothing is loaded</source>
        <translation>불러온 것이 없을 때 다음 할 일 안내 표시</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="80"/>
        <source>Default technology of new stations</source>
        <translation>새 기지국의 기본 기술</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="81"/>
        <source>Default operator of new stations</source>
        <translation>새 기지국의 기본 사업자</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="82"/>
        <source>Default antenna height (m)</source>
        <translation>기본 안테나 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="83"/>
        <source>Open the attribute form after each click</source>
        <translation>클릭할 때마다 속성 양식 열기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="84"/>
        <source>Duplicate guard distance (m)</source>
        <translation>중복 방지 거리(m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="85"/>
        <source>Merge distance when importing (m)</source>
        <translation>가져올 때 병합 거리(m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="86"/>
        <source>Shortcut of the Add station tool</source>
        <translation>기지국 추가 도구 단축키</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="87"/>
        <source>Coverage radius per technology</source>
        <translation>기술별 커버리지 반경</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="88"/>
        <source>Subscriber penetration rate (0-1)</source>
        <translation>가입자 보급률(0-1)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="89"/>
        <source>Minimum scenario radius factor</source>
        <translation>최소 시나리오 반경 계수</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="90"/>
        <source>Maximum scenario radius factor</source>
        <translation>최대 시나리오 반경 계수</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="91"/>
        <source>Refresh coverage live while editing</source>
        <translation>편집하는 동안 커버리지 실시간 갱신</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="92"/>
        <source>Receiver height (m)</source>
        <translation>수신기 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="94"/>
        <source>First Fresnel zone clearance (0-1, 0 = off)</source>
        <translation>제1 프레넬 영역 확보 비율(0-1, 0 = 끔)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="56"/>
        <source>foot (0.3048 m)</source>
        <translation>피트(0.3048 m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="56"/>
        <source>US survey foot (1200/3937 m)</source>
        <translation>미국 측량 피트(1200/3937 m)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="96"/>
        <source>Saved imagery sources (JSON)</source>
        <translation>저장된 영상 소스(JSON)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="97"/>
        <source>Minimum detection confidence (0-1)</source>
        <translation>최소 탐지 신뢰도(0-1)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="98"/>
        <source>Map scale when reviewing candidates (1:N)</source>
        <translation>후보 검토 시 지도 축척(1:N)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="99"/>
        <source>Last export folder</source>
        <translation>마지막 내보내기 폴더</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="100"/>
        <source>Export formats (JSON)</source>
        <translation>내보내기 형식(JSON)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="80"/>
        <source>Confirmed stations by the year they were first seen</source>
        <translation>처음 관측된 연도별 확인된 기지국 수</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="92"/>
        <source>No confirmed station with a date yet</source>
        <translation>날짜가 있는 확인된 기지국이 아직 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="67"/>
        <source>Layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="206"/>
        <source>Image</source>
        <translation>영상</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="207"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="215"/>
        <source>Zoom scale</source>
        <translation>확대 축척</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="225"/>
        <source>%v / %m reviewed</source>
        <translation>%v / %m 검토됨</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="230"/>
        <source>Accept</source>
        <translation>승인</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="230"/>
        <source>Reject</source>
        <translation>거부</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="230"/>
        <source>Skip</source>
        <translation>건너뛰기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="230"/>
        <source>Back</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="240"/>
        <source>Confirmed stations by first-seen year</source>
        <translation>최초 관측 연도별 확인된 기지국</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="257"/>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="615"/>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1144"/>
        <source>{layer} cannot be edited: the review was not recorded.</source>
        <translation>{layer}을(를) 편집할 수 없습니다: 검토 결과를 기록하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1160"/>
        <source>Review: {decision}</source>
        <translation>검토: {decision}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1236"/>
        <source>Choose a station layer with candidates (from detection or import).</source>
        <translation>후보가 있는 기지국 레이어(탐지 또는 가져오기 결과)를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1245"/>
        <source>No candidate to review.</source>
        <translation>검토할 후보가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1264"/>
        <source>{i}/{n} · {name} · confidence {conf} · {source} {date} {state}</source>
        <translation>{i}/{n} · {name} · 신뢰도 {conf} · {source} {date} {state}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1327"/>
        <source>review {done}/{n}</source>
        <translation>검토 {done}/{n}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="155"/>
        <source>Technology presets</source>
        <translation>기술별 사전 설정</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="155"/>
        <source>Okumura-Hata</source>
        <translation>Okumura-Hata</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="155"/>
        <source>COST-231 Hata</source>
        <translation>COST-231 Hata</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="165"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="171"/>
        <source>per station / preset</source>
        <translation>기지국별 / 사전 설정</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="172"/>
        <source>Radius</source>
        <translation>반경</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="179"/>
        <source>Link budget</source>
        <translation>링크 버짓</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="182"/>
        <source>urban</source>
        <translation>도시</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="182"/>
        <source>suburban</source>
        <translation>교외</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="182"/>
        <source>open</source>
        <translation>개활지</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="190"/>
        <source>Range (radius ×)</source>
        <translation>범위(반경 ×)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="199"/>
        <source>Region name</source>
        <translation>지역 이름</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="681"/>
        <source>Population raster</source>
        <translation>인구 래스터</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="233"/>
        <source>Cell centre</source>
        <translation>셀 중심</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="234"/>
        <source>Exact cell fraction</source>
        <translation>정확한 셀 비율</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="237"/>
        <source>Penetration</source>
        <translation>보급률</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="259"/>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="264"/>
        <source>Compute coverage</source>
        <translation>커버리지 계산</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="288"/>
        <source>Copy table</source>
        <translation>표 복사</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="290"/>
        <source>Save CSV…</source>
        <translation>CSV 저장…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="379"/>
        <source>Presets: {radii}</source>
        <translation>사전 설정: {radii}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="384"/>
        <source>Covered</source>
        <translation>커버 인구</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="385"/>
        <source>Covered %</source>
        <translation>커버 %</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="385"/>
        <source>min %</source>
        <translation>최소 %</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="386"/>
        <source>max %</source>
        <translation>최대 %</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="386"/>
        <source>Area km²</source>
        <translation>면적 km²</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="386"/>
        <source>Covered km²</source>
        <translation>커버 면적 km²</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="387"/>
        <source>Area %</source>
        <translation>면적 %</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="457"/>
        <source>Choose a station layer</source>
        <translation>기지국 레이어를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="611"/>
        <source>Computing coverage…</source>
        <translation>커버리지 계산 중…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="661"/>
        <source>Coverage not computed: {error}</source>
        <translation>커버리지를 계산하지 않았습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="669"/>
        <source>Coverage failed: {error}</source>
        <translation>커버리지 계산 실패: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="770"/>
        <source>{pct:.0f} % of population covered ({lo:.0f}–{hi:.0f} %) · {subs} est. subscribers</source>
        <translation>인구 커버율 {pct:.0f} %({lo:.0f}–{hi:.0f} %) · 추정 가입자 {subs}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="829"/>
        <source>Save statistics</source>
        <translation>통계 저장</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="89"/>
        <source>Layers to export:</source>
        <translation>내보낼 레이어:</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="96"/>
        <source>GeoPackage</source>
        <translation>GeoPackage</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="96"/>
        <source>GeoJSON</source>
        <translation>GeoJSON</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="96"/>
        <source>Shapefile</source>
        <translation>Shapefile</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="97"/>
        <source>KMZ (Google Earth)</source>
        <translation>KMZ(Google Earth)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="112"/>
        <source>CSV (WGS84 lon/lat)</source>
        <translation>CSV(WGS84 경도/위도)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="121"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="123"/>
        <source>XLSX</source>
        <translation>XLSX</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="126"/>
        <source>Statistics</source>
        <translation>통계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="141"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="145"/>
        <source>File name</source>
        <translation>파일 이름</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="174"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="176"/>
        <source>Report PDF</source>
        <translation>보고서 PDF</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="330"/>
        <source>Replace files?</source>
        <translation>파일을 덮어쓰시겠습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="330"/>
        <source>These files exist already:
{files}

Replace them?</source>
        <translation>다음 파일이 이미 있습니다:
{files}

덮어쓰시겠습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="349"/>
        <source>Choose layers and formats to export.</source>
        <translation>내보낼 레이어와 형식을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="360"/>
        <source>Nothing exported: existing files were kept.</source>
        <translation>내보내지 않았습니다: 기존 파일을 유지했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="426"/>
        <source>Export failed: {error}</source>
        <translation>내보내기 실패: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="434"/>
        <source>Export canceled: nothing half-written was left.</source>
        <translation>내보내기 취소됨: 쓰다 만 파일은 남기지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="444"/>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="484"/>
        <source>Choose where to write the PDF.</source>
        <translation>PDF를 저장할 위치를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="493"/>
        <source>No report written: existing files were kept.</source>
        <translation>보고서를 작성하지 않았습니다: 기존 파일을 유지했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="516"/>
        <source>technology radii</source>
        <translation>기술별 반경</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="540"/>
        <source>Report written: {pdf} ({pages} pages) and {png}</source>
        <translation>보고서 작성 완료: {pdf}({pages}쪽) 및 {png}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="69"/>
        <source>New…</source>
        <translation>새로 만들기…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="70"/>
        <source>Create a GeoPackage station layer</source>
        <translation>GeoPackage 기지국 레이어 만들기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="72"/>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="74"/>
        <source>Save edits</source>
        <translation>편집 내용 저장</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="191"/>
        <source>Add station ({key})</source>
        <translation>기지국 추가({key})</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="97"/>
        <source>e.g. Koryolink</source>
        <translation>예: 고려링크(Koryolink)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="108"/>
        <source>A click closer than this to a station asks before adding (0: off)</source>
        <translation>기존 기지국과 이 거리보다 가까운 곳을 클릭하면 추가하기 전에 확인합니다(0: 끔)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="109"/>
        <source>Open the form after each click</source>
        <translation>클릭할 때마다 양식 열기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="112"/>
        <source>Technology</source>
        <translation>기술</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="113"/>
        <source>Operator</source>
        <translation>사업자</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="114"/>
        <source>Antenna height</source>
        <translation>안테나 높이</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="115"/>
        <source>Duplicate guard</source>
        <translation>중복 방지</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="130"/>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="133"/>
        <source>Merge…</source>
        <translation>병합…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="175"/>
        <source>Click on the map to add a station to the current station layer</source>
        <translation>지도를 클릭하여 현재 기지국 레이어에 기지국을 추가합니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="322"/>
        <source>{layer} lacks the station fields: {fields}.</source>
        <translation>{layer}에 기지국 필드가 없습니다: {fields}.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="331"/>
        <source>Add missing fields</source>
        <translation>누락된 필드 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="354"/>
        <source>Added to {layer}: {fields}</source>
        <translation>{layer}에 추가됨: {fields}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="395"/>
        <source>{path} is not a readable point layer.</source>
        <translation>{path}은(는) 읽을 수 있는 포인트 레이어가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="405"/>
        <source>New station layer</source>
        <translation>새 기지국 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="405"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="410"/>
        <source>Open station layer</source>
        <translation>기지국 레이어 열기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="410"/>
        <source>Vector files (*.gpkg *.geojson *.shp);;All files (*)</source>
        <translation>벡터 파일 (*.gpkg *.geojson *.shp);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="421"/>
        <source>{layer} saved.</source>
        <translation>{layer}을(를) 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="424"/>
        <source>Saving {layer} failed; your edits are kept in the edit buffer.</source>
        <translation>{layer} 저장에 실패했습니다. 편집 내용은 편집 버퍼에 남아 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="439"/>
        <source>No station layer: create one (New…), open one, or import a file.</source>
        <translation>기지국 레이어가 없습니다: 새로 만들거나(새로 만들기…), 기존 레이어를 열거나, 파일을 가져오십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="558"/>
        <source>Import failed, nothing was changed: {error}</source>
        <translation>가져오기에 실패하여 아무것도 변경하지 않았습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="584"/>
        <source>date unknown</source>
        <translation>날짜 미상</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="246"/>
        <source>review</source>
        <translation>검토</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1405"/>
        <source>accepted</source>
        <translation>승인됨</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1405"/>
        <source>rejected</source>
        <translation>거부됨</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1405"/>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="62"/>
        <source>Detect towers in imagery</source>
        <translation>영상에서 철탑 탐지</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="105"/>
        <source>Search extent</source>
        <translation>검색 범위</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="106"/>
        <source>Sun azimuth (degrees from north; empty: searched)</source>
        <translation>태양 방위각(북쪽 기준 도; 비우면 탐색)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="256"/>
        <source>Minimum confidence</source>
        <translation>최소 신뢰도</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="118"/>
        <source>Shortest shadow (m)</source>
        <translation>가장 짧은 그림자(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="121"/>
        <source>Longest shadow (m)</source>
        <translation>가장 긴 그림자(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="124"/>
        <source>Ground resolution for web or unprojected imagery (m)</source>
        <translation>웹 또는 비투영 영상의 지상 해상도(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="127"/>
        <source>ONNX model (optional)</source>
        <translation>ONNX 모델(선택)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="130"/>
        <source>Detected towers</source>
        <translation>탐지된 철탑</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="216"/>
        <source>INPUT: the raster layer could not be loaded.</source>
        <translation>INPUT: 래스터 레이어를 불러올 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="237"/>
        <source>MAX_SHADOW must be longer than MIN_SHADOW.</source>
        <translation>MAX_SHADOW는 MIN_SHADOW보다 길어야 합니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="161"/>
        <source>{parameter}: {n} feature of &apos;{name}&apos; has no point and is not evaluated</source>
        <comment>{parameter}: {n} features of &apos;{name}&apos; have no point and are not evaluated</comment>
        <translation>
            <numerusform>{parameter}: '{name}'의 피처 {n}개에 점이 없어 평가하지 않습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="46"/>
        <source>Evaluate detections</source>
        <translation>탐지 결과 평가</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="50"/>
        <source>Compares detected towers with reference points (towers known to exist) and reports precision (share of detections that are real), recall (share of real towers found), F1 and the mean location error of the matched pairs.

DETECTIONS: points (e.g. the output of Detect towers in imagery).
REFERENCE: points of the real towers.
MATCH_DISTANCE: a detection within this distance (m, default 15) of a reference point matches it; each point matches at most once (optimal one-to-one assignment).
MIN_CONFIDENCE: optional, detections with a lower &apos;confidence&apos; attribute are ignored (default 0).
Distances are measured in the UTM zone of the reference points.
OUTPUT: a one-row table (precision, recall, f1, mean_error_m, counts); the numbers are also written to the log and returned as outputs PRECISION, RECALL, F1, MEAN_ERROR_M.

Example: qgis_process run basestationmapper:evaluatedetections -- DETECTIONS=candidates.gpkg REFERENCE=towers.gpkg MATCH_DISTANCE=15 OUTPUT=scores.csv</source>
        <translation>탐지된 철탑을 기준점(실제로 존재하는 철탑)과 비교하여 정밀도(탐지 중 실제인 비율), 재현율(실제 철탑 중 찾은 비율), F1, 일치한 쌍의 평균 위치 오차를 보고합니다.

DETECTIONS: 점(예: 영상에서 철탑 탐지의 출력).
REFERENCE: 실제 철탑의 점.
MATCH_DISTANCE: 기준점에서 이 거리(m, 기본값 15) 안의 탐지가 일치합니다. 각 점은 최대 한 번만 일치합니다(최적 일대일 할당).
MIN_CONFIDENCE: 선택, 'confidence' 속성이 이보다 낮은 탐지는 무시합니다(기본값 0).
거리는 기준점의 UTM 존에서 측정합니다.
OUTPUT: 한 행짜리 표(precision, recall, f1, mean_error_m, 개수). 수치는 로그에도 기록되며 출력 PRECISION, RECALL, F1, MEAN_ERROR_M으로 반환됩니다.

예: qgis_process run basestationmapper:evaluatedetections -- DETECTIONS=candidates.gpkg REFERENCE=towers.gpkg MATCH_DISTANCE=15 OUTPUT=scores.csv</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="68"/>
        <source>Detections</source>
        <translation>탐지 결과</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="69"/>
        <source>Reference towers</source>
        <translation>기준 철탑</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="70"/>
        <source>Match distance (m)</source>
        <translation>일치 거리(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="73"/>
        <source>Minimum confidence of detections</source>
        <translation>탐지의 최소 신뢰도</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="76"/>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="78"/>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="78"/>
        <source>Recall</source>
        <translation>재현율</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="78"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="78"/>
        <source>Mean location error (m)</source>
        <translation>평균 위치 오차(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="187"/>
        <source>Precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}, mean location error {e} m ({tp} matched, {fp} false, {fn} missed; match distance {d:g} m)</source>
        <translation>정밀도 {p:.3f}, 재현율 {r:.3f}, F1 {f:.3f}, 평균 위치 오차 {e} m (일치 {tp}, 오탐 {fp}, 누락 {fn}; 일치 거리 {d:g} m)</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="241"/>
        <source>QGIS cannot read this layer (its source is not valid: {source}); repair or remove it in the Layers panel.</source>
        <translation>QGIS가 이 레이어를 읽을 수 없습니다(소스가 유효하지 않음: {source}). 레이어 패널에서 고치거나 제거하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="153"/>
        <source>Choose a valid imagery layer.</source>
        <translation>유효한 영상 레이어를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="157"/>
        <source>The imagery layer has no coordinate reference system: georeference it first.</source>
        <translation>영상 레이어에 좌표계가 없습니다. 먼저 지리참조하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="273"/>
        <source>Detecting towers in {name}</source>
        <translation>{name}에서 철탑 탐지 중</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="217"/>
        <source>Whole layer</source>
        <translation>레이어 전체</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="218"/>
        <source>Map view</source>
        <translation>지도 화면</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="219"/>
        <source>Extent</source>
        <translation>범위</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="224"/>
        <source>searched</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="227"/>
        <source>Sun azimuth in degrees from north, or &apos;searched&apos; over all angles</source>
        <translation>북쪽 기준 태양 방위각(도), 또는 모든 각도를 '탐색'</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="236"/>
        <source>Sun azimuth</source>
        <translation>태양 방위각</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="261"/>
        <source>Station layer receiving the candidates (empty: a new layer)</source>
        <translation>후보를 받을 기지국 레이어(비우면 새 레이어)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="266"/>
        <source>Station layer</source>
        <translation>기지국 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="270"/>
        <source>Run detector</source>
        <translation>탐지 실행</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="291"/>
        <source>Re-rank from my decisions</source>
        <translation>내 판정으로 재순위</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="293"/>
        <source>Learn from the candidates you accepted and rejected and re-score the others</source>
        <translation>승인·거부한 후보로 학습하여 나머지 후보의 점수를 다시 매깁니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="480"/>
        <source>Detecting…</source>
        <translation>탐지 중…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="630"/>
        <source>Detection failed: {error}</source>
        <translation>탐지 실패: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="644"/>
        <source>Canceled: nothing was added.</source>
        <translation>취소됨: 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="676"/>
        <source>Choose the station layer holding the detected candidates.</source>
        <translation>탐지된 후보가 있는 기지국 레이어를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="876"/>
        <source>{n} detected</source>
        <translation>{n}개 탐지</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="65"/>
        <source>Acquisition date</source>
        <translation>촬영일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="68"/>
        <source>Double-click a date to edit it (YYYY-MM-DD).</source>
        <translation>날짜를 두 번 클릭하여 편집합니다(YYYY-MM-DD).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="78"/>
        <source>Add preset</source>
        <translation>사전 설정 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="80"/>
        <source>Add file…</source>
        <translation>파일 추가…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="94"/>
        <source>https://…/{z}/{x}/{y}.png or a WMS/WMTS service URL</source>
        <translation>https://…/{z}/{x}/{y}.png 또는 WMS/WMTS 서비스 URL</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="97"/>
        <source>WMS/WMTS layer</source>
        <translation>WMS/WMTS 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="98"/>
        <source>Add URL</source>
        <translation>URL 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="140"/>
        <source>Your saved imagery sources</source>
        <translation>저장된 영상 소스</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="141"/>
        <source>Add saved source</source>
        <translation>저장된 소스 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="153"/>
        <source>Toggle dates</source>
        <translation>날짜 전환</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="155"/>
        <source>Show one date, then the other: has this tower appeared since?</source>
        <translation>한 날짜를 보인 뒤 다른 날짜를 보입니다: 그 사이에 이 철탑이 새로 생겼습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="331"/>
        <source>Add imagery</source>
        <translation>영상 추가</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="402"/>
        <source>Choose two different imagery layers to compare.</source>
        <translation>비교할 서로 다른 영상 레이어 두 개를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="262"/>
        <source>Terrain removes {pop:,.0f} covered people ({pct:.1f} % of the population)</source>
        <translation>지형 때문에 커버 인구 {pop:,.0f}명이 제외됩니다(인구의 {pct:.1f} %)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="177"/>
        <source>DEM (elevation): line of sight over terrain masks the coverage</source>
        <translation>DEM(표고): 지형에 따른 가시선으로 커버리지를 제한합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="179"/>
        <source>Antenna height above ground when a station has none (m)</source>
        <translation>기지국에 값이 없을 때의 지면 위 안테나 높이(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="191"/>
        <source>DEM cell size for the line of sight (m, 0 = the DEM&apos;s)</source>
        <translation>가시선 계산용 DEM 셀 크기(m, 0 = DEM 원래 크기)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="244"/>
        <source>With a DEM, each station only covers the cells it has line of sight to</source>
        <translation>DEM이 있으면 각 기지국은 가시선이 있는 셀만 커버합니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="681"/>
        <source>DEM (terrain)</source>
        <translation>DEM(지형)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="250"/>
        <source>receiver</source>
        <translation>수신기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="252"/>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="255"/>
        <source>Line of sight</source>
        <translation>가시선</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="389"/>
        <source>Covered, no terrain</source>
        <translation>커버(지형 미반영)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="389"/>
        <source>Removed by terrain</source>
        <translation>지형으로 제외</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="85"/>
        <source>Cluster: DASK_SCHEDULER (advanced) runs the raster statistics window by window on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N worker processes on this machine; empty runs here. DASK_TILE: window size in cells (default 2048; memory per worker grows with it). Same numbers as on one machine; cell rule centre only, no DEM. Needs the Python packages dask and distributed.</source>
        <translation>클러스터: DASK_SCHEDULER(고급)는 래스터 통계를 창 단위로 Dask 클러스터에서 실행합니다. 스케줄러 주소(tcp://host:8786) 또는 이 컴퓨터의 작업자 프로세스 N개를 뜻하는 local:N을 지정하며, 비우면 이 컴퓨터에서 실행합니다. DASK_TILE: 셀 단위 창 크기(기본값 2048; 작업자당 메모리가 함께 늘어남). 결과는 한 컴퓨터에서와 같습니다. 셀 규칙은 centre만, DEM은 지원하지 않습니다. Python 패키지 dask와 distributed가 필요합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="125"/>
        <source>Cluster window size (cells; about 50 bytes per cell per worker)</source>
        <translation>클러스터 창 크기(셀; 작업자당 셀마다 약 50 bytes)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="97"/>
        <source>DASK_SCHEDULER (advanced): runs the windows on a Dask cluster, a scheduler address (tcp://host:8786) or local:N for N worker processes on this machine; empty runs here. Local rasters in a projected CRS in metres and the built-in detector only; the same candidates as on one machine. Needs the Python packages dask and distributed.</source>
        <translation>DASK_SCHEDULER(고급): 창들을 Dask 클러스터에서 실행합니다. 스케줄러 주소(tcp://host:8786) 또는 이 컴퓨터의 작업자 프로세스 N개를 뜻하는 local:N을 지정하며, 비우면 이 컴퓨터에서 실행합니다. 미터 단위 투영 좌표계의 로컬 래스터와 내장 탐지기만 지원하며, 한 컴퓨터에서와 같은 후보를 냅니다. Python 패키지 dask와 distributed가 필요합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="263"/>
        <source>DASK_SCHEDULER runs the built-in detector: leave ONNX_MODEL or DASK_SCHEDULER empty.</source>
        <translation>DASK_SCHEDULER는 내장 탐지기를 실행합니다. ONNX_MODEL 또는 DASK_SCHEDULER를 비워 두십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="23"/>
        <source>Dask is not installed in the Python that runs QGIS. Install it with &apos;python3 -m pip install dask distributed&apos; (Debian/Ubuntu: &apos;apt install python3-dask python3-distributed&apos;), or leave DASK_SCHEDULER empty to run on this machine.</source>
        <translation>QGIS를 실행하는 Python에 Dask가 설치되어 있지 않습니다. 'python3 -m pip install dask distributed'(Debian/Ubuntu: 'apt install python3-dask python3-distributed')로 설치하거나, DASK_SCHEDULER를 비워 이 컴퓨터에서 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="30"/>
        <source>Dask scheduler (tcp://host:8786, or local:N workers; empty: this machine)</source>
        <translation>Dask 스케줄러(tcp://host:8786 또는 작업자 local:N; 비우면 이 컴퓨터)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="34"/>
        <source>Runs the job window by window on a Dask cluster (needs the Python packages dask and distributed). &apos;local:2&apos; starts two worker processes on this machine.</source>
        <translation>작업을 창 단위로 Dask 클러스터에서 실행합니다(Python 패키지 dask와 distributed 필요). 'local:2'는 이 컴퓨터에서 작업자 프로세스 두 개를 시작합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="68"/>
        <source>Starting a local Dask cluster of {n} worker processes</source>
        <translation>작업자 프로세스 {n}개로 로컬 Dask 클러스터를 시작하는 중</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="70"/>
        <source>Connecting to the Dask scheduler {address}</source>
        <translation>Dask 스케줄러 {address}에 연결하는 중</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="81"/>
        <source>The Dask scheduler {spec} cannot be reached: {error}</source>
        <translation>Dask 스케줄러 {spec}에 연결할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="86"/>
        <source>The job failed on the Dask cluster; nothing was written. {error}</source>
        <translation>Dask 클러스터에서 작업이 실패했습니다. 아무것도 기록되지 않았습니다. {error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="104"/>
        <source>DASK_SCHEDULER: the cluster reads local raster files in a projected CRS in metres or feet (GeoTIFF, COG, VRT); run web layers and rasters in degrees on this machine (leave DASK_SCHEDULER empty).</source>
        <translation>DASK_SCHEDULER: 클러스터는 미터 또는 피트 단위 투영 좌표계의 로컬 래스터 파일(GeoTIFF, COG, VRT)을 읽습니다. 웹 레이어와 도 단위 래스터는 이 컴퓨터에서 실행하십시오(DASK_SCHEDULER를 비워 두십시오).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="109"/>
        <source>Sun from the image metadata when no azimuth is given</source>
        <translation>방위각을 지정하지 않으면 영상 메타데이터의 태양 사용</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="229"/>
        <source>The image metadata give no sun: it is searched.</source>
        <translation>영상 메타데이터에 태양 정보가 없어 탐색합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="412"/>
        <source>Sun azimuth {azimuth:.1f}° from the image metadata ({source}).</source>
        <translation>영상 메타데이터에서 얻은 태양 방위각 {azimuth:.1f}° ({source}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="336"/>
        <source>Sun searched: the shadows of the candidates point away from a sun at about {azimuth:.0f}° (give SUN_AZIMUTH if the image shows another).</source>
        <translation>태양 탐색: 후보들의 그림자는 방위각 약 {azimuth:.0f}°의 태양 반대쪽을 향합니다(영상이 다른 태양을 보이면 SUN_AZIMUTH를 지정하세요).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="544"/>
        <source>Sun searched: about {azimuth:.0f}°.</source>
        <translation>태양 탐색: 약 {azimuth:.0f}°.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="225"/>
        <source>The image metadata give a sun azimuth of {azimuth:.1f}° ({source}); SUN_FROM_METADATA uses it instead of the search.</source>
        <translation>영상 메타데이터에 태양 방위각 {azimuth:.1f}°가 있습니다({source}); SUN_FROM_METADATA를 켜면 탐색 대신 이 값을 사용합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="208"/>
        <source>Population band</source>
        <translation>인구 밴드</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="264"/>
        <source>The area searched is only {w:.0f} × {h:.0f} m: a shadow of up to {s:.0f} m and the ground around it need about {need:.0f} m, so masts near its edges cannot be verified (search a larger extent).</source>
        <translation>탐색한 영역이 {w:.0f} × {h:.0f} m뿐입니다: 최대 {s:.0f} m의 그림자와 그 주변 지면에 약 {need:.0f} m가 필요하므로 가장자리 근처의 철탑은 검증할 수 없습니다(더 넓은 범위를 탐색하세요).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/dock.py" line="76"/>
        <source>Open the sample data</source>
        <translation>예제 데이터 열기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/dock.py" line="78"/>
        <source>Load North Korea&apos;s provinces, populated places and illustrative stations shipped with the plugin</source>
        <translation>플러그인에 포함된 북한의 도, 인구 거주지, 예시 기지국을 불러옵니다</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="221"/>
        <source>Imagery read at {resolution:g} m in {crs}.</source>
        <translation>영상을 {crs} 좌표계에서 {resolution:g} m 해상도로 읽었습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="981"/>
        <source>{n} other regions</source>
        <translation>기타 {n}개 지역</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="228"/>
        <source>From a shadow</source>
        <translation>그림자로 측정</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="231"/>
        <source>Click the foot of a pole, tree or building corner on the imagery, then the tip of its shadow: the sun azimuth is measured from it</source>
        <translation>영상에서 기둥, 나무 또는 건물 모서리의 밑동을 클릭한 다음 그 그림자 끝을 클릭하면 태양 방위각이 측정됩니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="363"/>
        <source>Click the foot of a pole, tree or building corner, then the tip of its shadow (right click: start again).</source>
        <translation>기둥, 나무 또는 건물 모서리의 밑동을 클릭한 다음 그림자 끝을 클릭하십시오(오른쪽 클릭: 다시 시작).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="371"/>
        <source>Sun azimuth {azimuth:.0f}° measured from a shadow.</source>
        <translation>그림자로 측정한 태양 방위각: {azimuth:.0f}°.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="45"/>
        <source>Merges point layers of stations into one layer with the station schema (EPSG:4326), de-duplicating stations closer than DISTANCE metres (true ground distance).

In each group of duplicates the best station is kept (confirmed before candidate before rejected, then higher confidence, then earlier layer) and receives every source of the others (joined with &apos;; &apos;), the earliest first_seen and the latest last_seen. With MATCH_TECHNOLOGY stations of different known technologies never merge (a 2G and a 3G site on one mast stay two stations).

INPUT: station layers (fields are matched to the schema as the importers match them: by name in any case and by their aliases, such as a shapefile&apos;s NAME and TECHNOLOGY, radio or height; Date and DateTime fields are read as ISO dates; other fields are ignored; the source of a station without one is its layer&apos;s name). DISTANCE: metres (default 150). OUTPUT: merged layer.

Example: qgis_process run basestationmapper:mergestations -- INPUT=a.gpkg INPUT=b.gpkg DISTANCE=150 OUTPUT=merged.gpkg</source>
        <translation>기지국 포인트 레이어들을 기지국 스키마(EPSG:4326)의 레이어 하나로 병합하고, DISTANCE 미터(실제 지표 거리)보다 가까운 기지국은 중복으로 보고 하나로 합칩니다.

중복 그룹마다 가장 적합한 기지국(확인됨 &gt; 후보 &gt; 거부됨 순, 다음은 신뢰도가 높은 것, 그다음은 앞쪽 레이어의 것)을 남기고, 이 기지국이 나머지 기지국의 출처를 모두('; '로 연결) 넘겨받으며 가장 이른 first_seen과 가장 늦은 last_seen을 가집니다. MATCH_TECHNOLOGY를 켜면 기술이 알려져 있고 서로 다른 기지국은 병합하지 않습니다(한 철탑의 2G 사이트와 3G 사이트는 두 기지국으로 남음).

INPUT: 기지국 레이어(필드는 가져오기와 같은 방식으로 스키마에 대응시킵니다: 대소문자와 관계없이 이름으로, 그리고 shapefile의 NAME, TECHNOLOGY나 radio, height 같은 별칭으로; Date와 DateTime 필드는 ISO 날짜로 읽고, 나머지 필드는 무시하며, 출처가 없는 기지국의 출처는 레이어 이름). DISTANCE: 미터(기본값 150). OUTPUT: 병합된 레이어.

예: qgis_process run basestationmapper:mergestations -- INPUT=a.gpkg INPUT=b.gpkg DISTANCE=150 OUTPUT=merged.gpkg</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="146"/>
        <source>No station reaches the POPULATION raster {name}: the coverage grid is not aligned to it</source>
        <translation>POPULATION 래스터 {name}에 닿는 기지국이 없습니다: 커버리지 격자를 이 래스터에 맞추지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="224"/>
        <source>DEM {name} declares its heights in {declared}, but they are read as {unit}: set VERTICAL_UNIT to {declared} if the file is right.</source>
        <translation>DEM {name}의 높이 단위는 {declared}(으)로 되어 있지만 {unit}(으)로 읽습니다: 파일이 맞다면 VERTICAL_UNIT을 {declared}(으)로 설정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/maptools/add_station.py" line="314"/>
        <source>Cancel station</source>
        <translation>기지국 추가 취소</translation>
    </message>
    <message>
        <location filename="../plugin/dependencies.py" line="43"/>
        <source>Base Station Mapper cannot start: the Python of this QGIS lacks {packages}. Install them (Debian/Ubuntu: sudo apt install {debian}; elsewhere: python3 -m pip install {pip}, on Windows from the OSGeo4W Shell) and restart QGIS.</source>
        <translation>Base Station Mapper를 시작할 수 없습니다: 이 QGIS의 Python에 {packages} 패키지가 없습니다. 설치한 뒤(Debian/Ubuntu: sudo apt install {debian}, 그 밖의 시스템: python3 -m pip install {pip}, Windows에서는 OSGeo4W Shell에서) QGIS를 다시 시작하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1241"/>
        <source>{layer} has no status field, so no candidates: choose a station layer, or add the station fields to this one (Stations section).</source>
        <translation>{layer}에는 status 필드가 없어 후보가 없습니다: 기지국 레이어를 선택하거나, 이 레이어에 기지국 필드를 추가하십시오(기지국 섹션).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="71"/>
        <source>import,merge,deduplicate,OpenCelliD,KML,OSM,CSV</source>
        <translation>가져오기,병합,중복 제거,OpenCelliD,KML,OSM,CSV</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="72"/>
        <source>detect,detection,imagery,satellite,aerial,shadow,mast,precision,recall</source>
        <translation>탐지,검출,영상,위성,항공,그림자,철탑,정밀도,재현율</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="73"/>
        <source>coverage,radius,Okumura-Hata,COST-231,population,statistics,line of sight,terrain,DEM</source>
        <translation>커버리지,반경,Okumura-Hata,COST-231,인구,통계,가시선,지형,DEM</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="74"/>
        <source>export,GeoPackage,KMZ,CSV,XLSX,GeoTIFF,PDF,report</source>
        <translation>내보내기,GeoPackage,KMZ,CSV,XLSX,GeoTIFF,PDF,보고서</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="80"/>
        <source>base station,cell tower,mobile network,telecom</source>
        <translation>기지국,통신탑,이동통신망,통신</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="148"/>
        <source>SUN_AZIMUTH: &apos;{value}&apos; is not a number of degrees; leave it empty to search the sun.</source>
        <translation>SUN_AZIMUTH: '{value}'은(는) 각도(도) 숫자가 아닙니다. 태양을 탐색하려면 비워 두세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="255"/>
        <source>ONNX_MODEL: {path} does not exist.</source>
        <translation>ONNX_MODEL: {path}이(가) 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="289"/>
        <source>ONNX_MODEL: {path} cannot be used: {error}</source>
        <translation>ONNX_MODEL: {path}을(를) 사용할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="92"/>
        <source>{name}: the layer has no coordinate reference system; set it (Layer Properties › Source) and run again.</source>
        <translation>{name}: 레이어에 좌표계가 없습니다. 좌표계를 설정한 뒤(레이어 속성 › 소스) 다시 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="120"/>
        <source>{name}: the point ({x:g}, {y:g}) of feature {fid} cannot be transformed from {source} to {target}; are the coordinates in the layer's CRS (Layer Properties › Source)?</source>
        <translation>{name}: 피처 {fid}의 점 ({x:g}, {y:g})을(를) {source}에서 {target}(으)로 변환할 수 없습니다. 좌표가 레이어의 좌표계(레이어 속성 › 소스)에 맞습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="77"/>
        <source>{name}: &apos;{spec}&apos; is not a Dask scheduler address ({error}); give tcp://host:port or local:N.</source>
        <translation>{name}: '{spec}'은(는) Dask 스케줄러 주소가 아닙니다({error}). tcp://host:port 또는 local:N을 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="138"/>
        <source>DETECTIONS has no &apos;confidence&apos; field: MIN_CONFIDENCE is not applied, every detection is evaluated.</source>
        <translation>DETECTIONS에 'confidence' 필드가 없습니다: MIN_CONFIDENCE를 적용하지 않고 모든 탐지 결과를 평가합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="212"/>
        <source>OUTPUT: the folder {folder} does not exist.</source>
        <translation>OUTPUT: {folder} 폴더가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="89"/>
        <source>{name}: the layer holds {kind} features, not points.</source>
        <translation>{name}: 레이어가 점이 아니라 {kind} 피처를 담고 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="317"/>
        <source>A Shapefile keeps field names of up to 10 characters and texts of up to 254: {fields} are renamed and the &apos;features&apos; vector used by re-ranking is cut. Write a GeoPackage (.gpkg) to keep the station schema.</source>
        <translation>Shapefile은 필드 이름을 10자, 텍스트를 254자까지만 저장합니다: {fields} 필드의 이름이 바뀌고 재순위화에 쓰이는 'features' 벡터가 잘립니다. 기지국 스키마를 유지하려면 GeoPackage(.gpkg)로 저장하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="147"/>
        <source>REFERENCE: ({x:g}, {y:g}) is not a longitude/latitude in {crs}; are the coordinates in the layer's CRS (Layer Properties › Source)?</source>
        <translation>REFERENCE: ({x:g}, {y:g})은(는) {crs}의 경도/위도가 아닙니다. 좌표가 레이어의 좌표계(레이어 속성 › 소스)에 맞습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="314"/>
        <source>A spreadsheet keeps no positions: the candidates are written without their coordinates. Write a .csv (X/Y columns) or a GeoPackage (.gpkg) to keep them.</source>
        <translation>스프레드시트에는 위치가 저장되지 않습니다: 후보가 좌표 없이 기록됩니다. 좌표를 유지하려면 .csv(X/Y 열) 또는 GeoPackage(.gpkg)로 저장하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="218"/>
        <source>No imagery could be read from {name} over the search extent (a web layer offline or unreachable, or no imagery there): nothing was searched.</source>
        <translation>검색 범위에서 {name}의 영상을 전혀 읽지 못했습니다(웹 레이어가 오프라인이거나 접속할 수 없거나, 그곳에 영상이 없음): 아무것도 검색하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="823"/>
        <source>{name}: the folder {folder} does not exist.</source>
        <translation>{name}: 폴더 {folder}이(가) 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="828"/>
        <source>{name}: cannot write in the folder {folder} ({error}).</source>
        <translation>{name}: 폴더 {folder}에 쓸 수 없습니다 ({error}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="893"/>
        <source>{name}: cannot write a feature ({error}).</source>
        <translation>{name}: 피처를 쓸 수 없습니다 ({error}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/mergestations.py" line="77"/>
        <source>INPUT: &apos;{layer}&apos; is not a point layer: stations are points.</source>
        <translation>INPUT: '{layer}'은(는) 포인트 레이어가 아닙니다: 기지국은 포인트입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="943"/>
        <source>Cannot replace {path} ({error}): close it in other programs and run again.</source>
        <translation>{path}을(를) 바꿀 수 없습니다 ({error}): 다른 프로그램에서 닫고 다시 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="371"/>
        <source>{path} was not replaced: {layers} in the project has unsaved edits of it. Save or discard them, or choose another file name.</source>
        <translation>{path}을(를) 바꾸지 않았습니다: 프로젝트의 {layers}에 이 파일의 저장하지 않은 편집이 있습니다. 편집을 저장하거나 취소하거나, 다른 파일 이름을 고르십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="223"/>
        <source>{name}: {value} is not one of {options}</source>
        <translation>{name}: {value}은(는) {options} 중 하나가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="151"/>
        <source>Stations used</source>
        <translation>사용한 기지국</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="152"/>
        <source>Stations skipped (outside the DEM or on a void)</source>
        <translation>건너뛴 기지국 (DEM 밖 또는 빈 셀 위)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="154"/>
        <source>Most stations in sight of one cell</source>
        <translation>한 셀에서 보이는 최대 기지국 수</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="183"/>
        <source>Coverage model: preset, hata or cost231 (empty: preset)</source>
        <translation>커버리지 모델: preset, hata 또는 cost231 (비우면 preset)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="163"/>
        <source>{file} holds several layers: the stations were read from &apos;{layer}&apos;, not from {others}; give {file}|layername=NAME for another one.</source>
        <translation>{file}에 레이어가 여러 개 있습니다: 기지국은 {others}가 아닌 '{layer}'에서 읽었습니다. 다른 레이어는 {file}|layername=NAME으로 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/coverage_common.py" line="60"/>
        <source>Frequency (MHz; empty: {hata} for hata, {cost231} for cost231)</source>
        <translation>주파수(MHz; 비우면 hata는 {hata}, cost231은 {cost231})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="250"/>
        <source>REGION_FIELD not given: the regions are named by their field &apos;{field}&apos;.</source>
        <translation>REGION_FIELD가 없습니다: 지역 이름은 '{field}' 필드에서 읽습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="546"/>
        <source>{n} est. subscribers</source>
        <translation>추정 가입자 {n}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="693"/>
        <source>Coverage canceled: nothing was changed.</source>
        <translation>커버리지 계산이 취소되었습니다. 아무것도 변경되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="455"/>
        <source>{layer}: no station yet, use Add station ({key}) or Import…</source>
        <translation>{layer}: 아직 기지국이 없습니다. 기지국 추가({key}) 또는 가져오기…를 사용하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="849"/>
        <source>{name}: QGIS Processing reads &apos;{given}&apos; as a file name, so the layer is written to the file &apos;{path}&apos;. To write a layer into a GeoPackage give ogr:dbname=&apos;file.gpkg&apos; table=&quot;layer&quot; (geom).</source>
        <translation>{name}: QGIS 프로세싱은 '{given}'을(를) 파일 이름으로 읽으므로 레이어는 '{path}' 파일에 기록됩니다. GeoPackage 안에 레이어로 기록하려면 ogr:dbname='file.gpkg' table=&quot;layer&quot; (geom) 형식으로 지정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="616"/>
        <source>{name}: &apos;{path}&apos; does not end with the extension of a raster format, from which QGIS chooses the format: give a name ending in .tif (e.g. {example}).</source>
        <translation>{name}: '{path}'은(는) 래스터 형식의 확장자로 끝나지 않습니다. QGIS는 확장자로 형식을 고르므로 .tif로 끝나는 이름을 지정하십시오(예: {example}).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="650"/>
        <source>Coverage computed: {result}</source>
        <translation>커버리지를 계산했습니다: {result}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="536"/>
        <source>Not written</source>
        <translation>쓰지 않은 파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="416"/>
        <source>Written</source>
        <translation>쓴 파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="557"/>
        <source>a new layer</source>
        <translation>새 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="158"/>
        <source>Presets…</source>
        <translation>프리셋…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="160"/>
        <source>Edit the technology radii and the penetration rate in the plugin&apos;s page of QGIS&apos;s Options</source>
        <translation>QGIS 옵션의 플러그인 페이지에서 기술별 반경과 보급률을 편집합니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="115"/>
        <source>Coordinate reference system the service is asked for (empty: EPSG:3857)</source>
        <translation>서비스에 요청할 좌표계 (비워 두면 EPSG:3857)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="120"/>
        <source>Image format the service is asked for</source>
        <translation>서비스에 요청할 이미지 형식</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="123"/>
        <source>style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="124"/>
        <source>Style of the layer (empty: its default); for several WMS layers, one style per layer, separated by commas</source>
        <translation>레이어의 스타일 (비워 두면 기본 스타일). WMS 레이어가 여럿이면 레이어마다 하나씩 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="129"/>
        <source>Tile matrix set of the WMTS layer (empty: GoogleMapsCompatible)</source>
        <translation>WMTS 레이어의 타일 매트릭스 세트 (비워 두면 GoogleMapsCompatible)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="130"/>
        <source>Tile matrix set</source>
        <translation>타일 매트릭스 세트</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="131"/>
        <source>CRS</source>
        <translation>좌표계</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="133"/>
        <source>Style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="136"/>
        <source>Layer name as the service lists it; several WMS layers separated by commas</source>
        <translation>서비스 목록에 나오는 레이어 이름. WMS 레이어가 여럿이면 쉼표로 구분</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="174"/>
        <source>{name} is placed by ground control points only: warp it (gdalwarp, or Raster &gt; Projections &gt; Warp) to use an ONNX model.</source>
        <translation>{name}은(는) 지상기준점(GCP)으로만 위치가 정해져 있습니다. ONNX 모델을 쓰려면 먼저 변환(워프)하십시오 (gdalwarp 또는 래스터 &gt; 투영 &gt; 워프).</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="224"/>
        <source>{name} is placed by ground control points only: it was read as QGIS warps it.</source>
        <translation>{name}은(는) 지상기준점(GCP)으로만 위치가 정해져 있어 QGIS가 변환(워프)해 보여 주는 대로 읽었습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/no_crs.py" line="40"/>
        <source>The layer '{name}' has no coordinate reference system and its coordinates (x {x0:.6g} to {x1:.6g}, y {y0:.6g} to {y1:.6g}) are not longitudes and latitudes: set its CRS (Layer Properties › Source, or crs= in a delimited-text URI) and try again.</source>
        <translation>레이어 '{name}'에 좌표계가 없고 좌표(x {x0:.6g}~{x1:.6g}, y {y0:.6g}~{y1:.6g})가 경도와 위도가 아닙니다: 좌표계를 설정한 뒤(레이어 속성 › 소스, 또는 구분 텍스트 URI의 crs=) 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/no_crs.py" line="45"/>
        <source>The layer &apos;{name}&apos; has no coordinate reference system: its coordinates are longitudes and latitudes and are read as WGS84.</source>
        <translation>레이어 '{name}'에 좌표계가 없습니다: 좌표가 경도와 위도이므로 WGS84로 읽습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="295"/>
        <source>{name}: &apos;Selected features only&apos; is on but no feature of the layer &apos;{layer}&apos; is selected: select the features to use, or turn it off.</source>
        <translation>{name}: '선택한 피처만'이 켜져 있지만 레이어 '{layer}'에서 선택된 피처가 없습니다: 사용할 피처를 선택하거나 이 옵션을 끄십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/evaluatedetections.py" line="142"/>
        <source>{parameter}: the layer &apos;{name}&apos; has no points.</source>
        <translation>{parameter}: 레이어 '{name}'에 점이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="344"/>
        <source>STATISTICS: the statistics table could not be read.</source>
        <translation>STATISTICS: 통계 표를 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="182"/>
        <source>{parameter}: the layer &apos;{name}&apos; has no features.</source>
        <translation>{parameter}: 레이어 '{name}'에 피처가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="220"/>
        <source>{parameter}: the layer &apos;{name}&apos; has no geometries.</source>
        <translation>{parameter}: 레이어 '{name}'에 도형이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/dask_common.py" line="112"/>
        <source>EXTENT: the search extent does not overlap the imagery layer &apos;{name}&apos;.</source>
        <translation>EXTENT: 검색 범위가 영상 레이어 '{name}'와(과) 겹치지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="648"/>
        <source>Imagery without an acquisition date: {names}. The methods say &apos;date unknown&apos;; set the date in the Imagery section (or the layer property basestation_mapper/acquisition_date).</source>
        <translation>촬영일이 없는 영상: {names}. 방법 설명에는 '날짜 미상'으로 표시됩니다. 영상 섹션에서(또는 레이어 속성 basestation_mapper/acquisition_date로) 날짜를 설정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="688"/>
        <source>Cannot replace {path}: the layer &apos;{layer}&apos; of the project is being edited from it. Save or discard its edits (Toggle Editing) and try again.</source>
        <translation>{path}을(를) 바꿀 수 없습니다: 프로젝트의 레이어 '{layer}'가 이 파일을 편집 중입니다. 편집 내용을 저장하거나 취소한 뒤(편집 전환) 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="49"/>
        <source>
A layer without features is written as an empty layer (the log says so). Example: qgis_process run basestationmapper:exportlayers -- LAYERS=stations.gpkg LAYERS=coverage.gpkg OUTPUT=/data/network.kmz OVERWRITE=true</source>
        <translation>
피처가 없는 레이어는 빈 레이어로 기록합니다(로그에 표시). 예: qgis_process run basestationmapper:exportlayers -- LAYERS=stations.gpkg LAYERS=coverage.gpkg OUTPUT=/data/network.kmz OVERWRITE=true</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="151"/>
        <source>The layer &apos;{name}&apos; has no features: {file} holds it empty.</source>
        <translation>레이어 '{name}'에 피처가 없습니다: {file}에는 빈 레이어로 기록됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="100"/>
        <source>The search extent does not overlap the imagery layer &apos;{name}&apos;.</source>
        <translation>검색 범위가 영상 레이어 '{name}'와(과) 겹치지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="858"/>
        <source>{layer} holds no detector features to learn from: run the detector into this layer.</source>
        <translation>{layer}에는 학습할 탐지기 특징이 없습니다: 이 레이어로 탐지기를 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="861"/>
        <source>Re-ranking needs at least {min} reviewed detected candidates, some accepted and some rejected: {layer} has {accepted} accepted and {rejected} rejected.</source>
        <translation>재순위에는 검토한 탐지 후보가 {min}개 이상 필요하며 수락과 거부가 모두 있어야 합니다: {layer}에는 확정 {accepted}개, 거부 {rejected}개가 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="614"/>
        <source>Stations found again by the detector</source>
        <translation>탐지기가 다시 찾은 기지국</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="149"/>
        <source>The stations lie too far apart to count them on the cells of the POPULATION raster {name} ({width} x {height} cells of it): the coverage grid is not aligned to it; check for stations in the wrong place, or run the areas apart</source>
        <translation>기지국들이 서로 너무 멀리 떨어져 있어 POPULATION 래스터 {name}의 셀({width} x {height}개)로 셀 수 없습니다: 커버리지 격자를 이 래스터에 맞추지 않습니다. 잘못된 위치의 기지국이 있는지 확인하거나 지역별로 따로 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="205"/>
        <source>{layer} is read-only: stations cannot be added to it. Choose or create another station layer (New…).</source>
        <translation>{layer}은(는) 읽기 전용입니다: 기지국을 추가할 수 없습니다. 다른 기지국 레이어를 선택하거나 만드십시오(새로 만들기…).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="471"/>
        <source>{layer} is read-only: the stations go to a new layer.</source>
        <translation>{layer}은(는) 읽기 전용입니다: 기지국은 새 레이어로 들어갑니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="287"/>
        <source>{layer} keeps its unsaved edits: choose it again and press Save edits (or save them from the Layers panel) to write them.</source>
        <translation>{layer}의 저장하지 않은 편집 내용은 그대로 남아 있습니다: 다시 선택하고 편집 내용 저장을 누르거나(또는 레이어 패널에서 저장) 기록하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="213"/>
        <source>imagery layer</source>
        <translation>영상 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="437"/>
        <source>station layer</source>
        <translation>기지국 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="191"/>
        <source>region layer</source>
        <translation>지역 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="301"/>
        <source>population raster</source>
        <translation>인구 래스터</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="303"/>
        <source>DEM</source>
        <translation>DEM</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="189"/>
        <source>statistics table</source>
        <translation>통계 표</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="190"/>
        <source>coverage raster</source>
        <translation>커버리지 래스터</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="75"/>
        <source>Choose a layer (&apos;{name}&apos; was removed)</source>
        <translation>레이어를 선택하세요('{name}' 제거됨)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="127"/>
        <source>The {what} &apos;{name}&apos; was removed from the project: choose another layer in the list, or its empty entry for none.</source>
        <translation>{what} '{name}'이(가) 프로젝트에서 제거되었습니다. 목록에서 다른 레이어를 고르거나, 없이 하려면 빈 항목을 고르세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="129"/>
        <source>The {what} &apos;{name}&apos; was removed from the project: choose another layer in the list.</source>
        <translation>{what} '{name}'이(가) 프로젝트에서 제거되었습니다. 목록에서 다른 레이어를 고르세요.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="25"/>
        <source>The places of the files its NetworkLinks load were read too: {files}</source>
        <translation>NetworkLink가 불러오는 파일의 장소도 읽었습니다: {files}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="33"/>
        <source>&apos;{name}&apos; (line {line}: {metres:,.0f} m)</source>
        <translation>'{name}'({line}행: {metres:,.0f} m)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="56"/>
        <source>The column &apos;{column}&apos; was not read as the technology: its values are no generations nor technologies ({values})</source>
        <translation>'{column}' 열은 기술로 읽지 않았습니다: 값이 세대나 기술이 아닙니다({values})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="52"/>
        <source>Of the zip&apos;s files, {member} holds the points read; {files} hold no points and were not read</source>
        <translation>zip의 파일 중 {member}에 있는 점을 읽었습니다. {files}에는 점이 없어 읽지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="209"/>
        <source>Values are people per km²</source>
        <translation>값은 km²당 인구</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="211"/>
        <source>Tick for a density raster (e.g. WorldPop 'pd', GPW population density): each value is multiplied by its cell's area in km². Unticked, each value is the number of people in its cell (e.g. WorldPop 'ppp').</source>
        <translation>인구 밀도 래스터(예: WorldPop 'pd', GPW 인구 밀도)이면 선택하세요. 각 값에 그 셀의 면적(km²)을 곱합니다. 선택하지 않으면 각 값은 그 셀의 인구 수입니다(예: WorldPop 'ppp').</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="366"/>
        <source>raster {name} (people per km²)</source>
        <translation>래스터 {name} (km²당 인구)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="492"/>
        <source>Both a population raster ({raster}) and population points ({points}) are chosen: the raster is counted; choose no population raster to count the points.</source>
        <translation>인구 래스터({raster})와 인구 포인트({points})가 모두 선택되어 래스터로 셉니다. 포인트로 세려면 인구 래스터를 비우세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="369"/>
        <source>band {band} of {count}</source>
        <translation>밴드 {band}/{count}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="968"/>
        <source>region layer &apos;{layer}&apos;: region names read from field &apos;{field}&apos; (no name field chosen)</source>
        <translation>지역 레이어 '{layer}': 이름 필드가 선택되지 않아 '{field}' 필드에서 지역 이름을 읽었습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="970"/>
        <source>region layer '{layer}': no name field chosen nor recognised (name, NAME_1, ADM1_EN, shapeName, 시도명...): region names read from its first text field '{field}'; choose the name field if it is another</source>
        <translation>지역 레이어 '{layer}': 이름 필드가 선택되지 않았고 알려진 이름 필드(name, NAME_1, ADM1_EN, shapeName, 시도명...)도 없어 첫 텍스트 필드 '{field}'에서 지역 이름을 읽었습니다. 다른 필드라면 이름 필드를 선택하세요</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="974"/>
        <source>region layer &apos;{layer}&apos;: no name field chosen and no text field: regions are named by its first field &apos;{field}&apos;; choose the name field if it is another</source>
        <translation>지역 레이어 '{layer}': 이름 필드가 선택되지 않았고 텍스트 필드도 없어 첫 필드 '{field}'로 지역 이름을 붙였습니다. 다른 필드라면 이름 필드를 선택하세요</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/report.py" line="665"/>
        <source>{n} region of the layer &apos;{layer}&apos; has no name in the field &apos;{field}&apos;: the map leaves it unlabelled.</source>
        <comment>{n} regions of the layer &apos;{layer}&apos; have no name in the field &apos;{field}&apos;: the map leaves them unlabelled.</comment>
        <translation>
            <numerusform>레이어 '{layer}'의 지역 {n}개는 필드 '{field}'에 이름이 없습니다: 지도에 레이블이 표시되지 않습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/import_dialog.py" line="789"/>
        <source>{n} station can be imported.</source>
        <comment>{n} stations can be imported.</comment>
        <translation>
            <numerusform>기지국 {n}개를 가져올 수 있습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/import_dialog.py" line="792"/>
        <source>{n} bad row:</source>
        <comment>{n} bad rows:</comment>
        <translation>
            <numerusform>잘못된 행 {n}개:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/export.py" line="410"/>
        <source>{n} file written to {folder}</source>
        <comment>{n} files written to {folder}</comment>
        <translation>
            <numerusform>{folder}에 파일 {n}개를 저장했습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/export.py" line="436"/>
        <source>Exporting {n} file</source>
        <comment>Exporting {n} files</comment>
        <translation>
            <numerusform>파일 {n}개 내보내는 중</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="554"/>
        <source>{n} station imported into {layer}.</source>
        <comment>{n} stations imported into {layer}.</comment>
        <translation>
            <numerusform>기지국 {n}개를 {layer}에 가져왔습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/report.py" line="672"/>
        <source>{n} row of the statistics table has no region name: the table shows it as {shown}.</source>
        <comment>{n} rows of the statistics table have no region name: the table shows them as {shown}.</comment>
        <translation>
            <numerusform>통계 표의 {n}개 행에 지역 이름이 없습니다: 표에는 {shown}(으)로 표시됩니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="480"/>
        <source>Choose the region layer of the statistics table &apos;{table}&apos; for the report (its map shows them).</source>
        <translation>보고서에 쓸 통계 표 '{table}'의 지역 레이어를 선택하세요(보고서 지도에 그 지역이 표시됩니다).</translation>
    </message>
    <message>
        <location filename="../plugin/core/methods.py" line="29"/>
        <source>each station&apos;s own (field radius_m)</source>
        <translation>기지국마다 자체 값(radius_m 필드)</translation>
    </message>
    <message>
        <location filename="../plugin/core/methods.py" line="30"/>
        <source>each station&apos;s own (field radius_m) for {n} of {total}, the others:</source>
        <translation>{total}개 중 {n}개는 기지국마다 자체 값(radius_m 필드), 나머지는:</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="306"/>
        <source>Cancel re-rank</source>
        <translation>재순위 취소</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="308"/>
        <source>Stop re-ranking: the candidates keep their scores</source>
        <translation>재순위를 멈춥니다: 후보의 점수는 그대로 둡니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="690"/>
        <source>Re-rank the candidates of {layer}</source>
        <translation>{layer}의 후보 재순위</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="699"/>
        <source>Re-ranking the candidates of {layer}…</source>
        <translation>{layer}의 후보를 재순위하는 중…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="777"/>
        <source>Not re-ranked: the edits of {layer} were saved or canceled while re-ranking; the candidates keep their scores. Re-rank again.</source>
        <translation>재순위를 적용하지 않았습니다: 재순위하는 동안 {layer}의 편집이 저장되거나 취소되었습니다. 후보의 점수는 그대로 둡니다. 다시 재순위하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="840"/>
        <source>Re-rank canceled: the candidates keep their scores.</source>
        <translation>재순위 취소됨: 후보의 점수는 그대로 둡니다.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/rerank_task.py" line="122"/>
        <source>Re-rank candidates</source>
        <translation>후보 재순위</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="253"/>
        <source>temporary layer</source>
        <translation>임시 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="680"/>
        <source>{layer} is read-only: its candidates cannot be re-scored.</source>
        <translation>{layer}은(는) 읽기 전용입니다: 후보의 점수를 다시 매길 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="436"/>
        <source>Station fields read under other names: {items}</source>
        <translation>다른 이름으로 읽은 기지국 필드: {items}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="439"/>
        <source>Frequencies not given in MHz, read as: {items}</source>
        <translation>MHz가 아닌 형식으로 주어진 주파수를 다음과 같이 읽음: {items}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="83"/>
        <source>Counts, for every cell, the base stations that have line of sight to it over a DEM, with earth curvature and refraction. Same method as gdal_viewshed (reference-plane sweep), computed for all stations at once.

STATIONS: point layer. Its field antenna_height_m (m above ground; 0 means not given, as in coverage and coveragestats) overrides OBSERVER_HEIGHT, radius_m overrides RADIUS and frequency_mhz overrides FREQUENCY, per station, when set (USE_STATION_FIELDS).
DEM: elevation raster in any CRS (degrees are fine: it is reprojected with bilinear resampling to CRS, by default the UTM zone of the stations, at CELL_SIZE m, by default the DEM&apos;s own resolution). A DEM without CRS is refused. VERTICAL_UNIT: metre, foot or US survey foot.
RADIUS (m, default 10000): maximum distance of a station. OBSERVER_HEIGHT (m, default 30). TARGET_HEIGHT (m above ground of the receiver, default 1.5). REFRACTION_K (effective earth radius factor, default 4/3; gdal_viewshed -cc = 1/k).
FRESNEL_CLEARANCE (0-1, default 0 = plain line of sight): share of the first Fresnel zone at FREQUENCY (MHz, default 2100) that must be clear; slower, and with handsets at 1.5 m the ground near the receiver blocks the zone beyond a few km.

OUTPUT: GeoTIFF, number of stations in sight per cell (0 where none; nodata, declared on the band, where the DEM has no height: its voids and outside it). OUTPUT_POLYGONS (optional): polygons of equal count, field &apos;stations&apos;.
DEM cells without data are never visible and do not block. Stations outside the DEM, or on nodata with no cell holding data within 3 cells, are skipped with a warning (one on the shore of a sea without data stands on the nearest ground, said too); coverage is cut at the DEM edge.

Example: qgis_process run basestationmapper:terraincoverage -- STATIONS=stations.gpkg DEM=srtm.tif RADIUS=8000 OUTPUT=visible.tif</source>
        <translation>셀마다 지구 곡률과 대기 굴절을 고려하여 DEM 위에서 가시선이 확보되는 기지국 수를 셉니다. gdal_viewshed와 같은 방법(기준면 스윕)이며, 모든 기지국을 한 번에 계산합니다.

STATIONS: 포인트 레이어. USE_STATION_FIELDS를 켜면 기지국별로 값이 있을 때 antenna_height_m 필드(지상고, m; 0은 coverage, coveragestats와 같이 값 없음으로 간주)가 OBSERVER_HEIGHT보다, radius_m이 RADIUS보다, frequency_mhz가 FREQUENCY보다 우선합니다.
DEM: 좌표계와 무관한 표고 래스터(도 단위도 가능: 쌍선형 리샘플링으로 CRS(기본값은 기지국의 UTM 영역)에 재투영하며, 셀 크기는 CELL_SIZE m, 기본값은 DEM 자체 해상도). 좌표계가 없는 DEM은 거부합니다. VERTICAL_UNIT: 미터, 피트 또는 미국 측량 피트.
RADIUS(m, 기본값 10000): 기지국의 최대 도달 거리. OBSERVER_HEIGHT(m, 기본값 30). TARGET_HEIGHT(수신기의 지상고 m, 기본값 1.5). REFRACTION_K(유효 지구 반경 계수, 기본값 4/3; gdal_viewshed -cc = 1/k).
FRESNEL_CLEARANCE(0-1, 기본값 0 = 단순 가시선): FREQUENCY(MHz, 기본값 2100)에서 비어 있어야 하는 제1 프레넬 영역의 비율. 계산이 느려지며, 단말 높이가 1.5 m이면 몇 km 너머에서는 수신기 근처 지면이 이 영역을 가립니다.

OUTPUT: GeoTIFF, 셀별 가시 기지국 수(없으면 0; DEM 높이가 없는 곳, 즉 DEM의 빈 셀과 DEM 밖은 밴드에 선언된 NoData). OUTPUT_POLYGONS(선택): 같은 수끼리 묶은 폴리곤, 필드 'stations'.
데이터가 없는 DEM 셀은 보이지 않는 것으로 처리하며 시야를 가리지도 않습니다. DEM 밖에 있거나, NoData 셀 위에 있으면서 3셀 안에 데이터가 있는 셀이 없는 기지국은 경고와 함께 건너뜁니다(데이터가 없는 바다의 해안에 있는 기지국은 가장 가까운 지면 위에 선 것으로 보며, 이것도 알립니다). 커버리지는 DEM 경계에서 잘립니다.

예: qgis_process run basestationmapper:terraincoverage -- STATIONS=stations.gpkg DEM=srtm.tif RADIUS=8000 OUTPUT=visible.tif</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="193"/>
        <source>Overlap, best server and the count raster are traced on cells of {res:.0f} m, coarse for the smallest radius ({radius:.0f} m), as the stations spread over {width:.0f} x {height:.0f} km: their areas may differ from the coverage polygons by a few per cent. Run distant areas apart, or give RESOLUTION (m)</source>
        <translation>중첩, 최적 서버, 개수 래스터는 {res:.0f} m 셀 위에서 그려지는데, 기지국이 {width:.0f} x {height:.0f} km에 퍼져 있어 가장 작은 반경({radius:.0f} m)에 비해 거친 셀입니다: 그 면적이 커버리지 폴리곤과 몇 퍼센트 다를 수 있습니다. 멀리 떨어진 지역은 따로 실행하거나 RESOLUTION(m)을 주십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="187"/>
        <source>Overlap, best server and the count raster are traced on the cells of POPULATION (about {res:.0f} m), coarse for the smallest radius ({radius:.0f} m): their areas may differ from the coverage polygons by far; leave POPULATION out to trace them on a grid fine enough</source>
        <translation>중첩, 최적 서버, 개수 래스터는 POPULATION의 셀(약 {res:.0f} m) 위에서 그려지는데, 가장 작은 반경({radius:.0f} m)에 비해 거친 셀입니다: 그 면적이 커버리지 폴리곤과 크게 다를 수 있습니다. 충분히 고운 격자에서 그리려면 POPULATION을 비워 두십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coverage.py" line="56"/>
        <source>Estimated coverage of each base station, computed in a local metric CRS (UTM zone of the stations, or METRIC_CRS) and returned in the stations' CRS.
MODEL: preset uses the technology radii (2G 12 km, 3G 4 km, 4G 4 km, 5G 0.5 km, editable in the plugin settings); hata (Okumura-Hata, 150-1500 MHz) and cost231 (COST-231 Hata, 1500-2000 MHz) compute the radius from the link budget: FREQUENCY (MHz), antenna heights (m; a station's antenna_height_m wins, 0, a negative value or one above 500 m meaning not given), EIRP (dBm), RX_THRESHOLD (dBm), RX_GAIN (dBi), LOSSES (dB), ENVIRONMENT. Parameters outside the model's validity range are reported as warnings, naming the stations; a radius beyond 20 km is 20 km. A station's own frequency (frequency_mhz, frequency or freq in MHz or GHz, band 'B3' / 'n78', earfcn, uarfcn, nrarfcn, arfcn) wins over FREQUENCY, computed with the Hata model that holds there (outside 150-2000 MHz at the nearest end, with a warning). A station's radius_m field overrides the model; RADIUS (m), when set, overrides everything.
Stations with azimuths (e.g. '0;120;240') get wedges of BEAMWIDTH degrees instead of discs, or of their own beamwidth field (0 or 360: a disc). Fields are also read as site lists and Shapefiles name them (azimuth, radio, height, antenna_he, beamwidth...): the log says which.
Scenarios: radius × SCENARIO_MIN / × 1 / × SCENARIO_MAX (field 'scenario': min, likely, max; only 'likely' unless ALL_SCENARIOS).
Terrain: with DEM (any CRS; reprojected to the metric CRS at its own resolution, or DEM_CELL_SIZE m), every footprint is cut to the cells with line of sight to the antenna, with earth curvature and refraction (REFRACTION_K, default 4/3): antenna OBSERVER_HEIGHT m above ground (default 30; a station's antenna_height_m wins, 0 meaning not given), receiver TARGET_HEIGHT m (default 1.5), optional FRESNEL_CLEARANCE (share of the first Fresnel zone at FREQUENCY that must be clear). Polygons, dissolved coverage, overlap, best server and the raster all use the masked footprints; stations outside the DEM cover nothing (warning).
Outputs: OUTPUT per-station polygons (station_fid, station_id, name, technology, operator, scenario, radius_m, model, area_km2); OUTPUT_DISSOLVED per technology/operator and scenario (scenario, group, area_km2); OUTPUT_OVERLAP areas served by 1, 2, 3+ stations (servers, label, area_km2); OUTPUT_BEST_SERVER best server areas clipped to coverage (nearest or strongest by path loss); OUTPUT_RASTER the number of covering stations per cell, aligned to POPULATION when given (else RESOLUTION metres).
Example: qgis_process run basestationmapper:coverage -- STATIONS=stations.gpkg MODEL=preset RADIUS=5000 OUTPUT=coverage.gpkg</source>
        <translation>각 기지국의 추정 커버리지를 지역 미터 좌표계(기지국의 UTM 존 또는 METRIC_CRS)에서 계산하여 기지국 좌표계로 반환합니다.
MODEL: preset은 기술별 반경(2G 12 km, 3G 4 km, 4G 4 km, 5G 0.5 km, 플러그인 설정에서 편집 가능)을 사용하고, hata(Okumura-Hata, 150-1500 MHz)와 cost231(COST-231 Hata, 1500-2000 MHz)은 링크 버짓으로 반경을 계산합니다: FREQUENCY(MHz), 안테나 높이(m; 기지국의 antenna_height_m 우선, 0, 음수 또는 500 m 초과는 값 없음으로 간주), EIRP(dBm), RX_THRESHOLD(dBm), RX_GAIN(dBi), LOSSES(dB), ENVIRONMENT. 모델의 유효 범위를 벗어난 매개변수는 해당 기지국을 밝혀 경고로 보고되며, 20 km를 넘는 반경은 20 km로 합니다. 기지국 자체의 주파수(frequency_mhz, frequency 또는 freq, MHz 또는 GHz; 밴드 'B3' / 'n78'; earfcn, uarfcn, nrarfcn, arfcn)가 FREQUENCY보다 우선하며, 그 주파수에서 유효한 Hata 모델로 계산합니다(150-2000 MHz 밖이면 가장 가까운 끝값으로, 경고와 함께). 기지국의 radius_m 필드가 모델보다 우선하며, RADIUS(m)를 지정하면 모든 것보다 우선합니다.
방위각(예: '0;120;240')이 있는 기지국은 원 대신 BEAMWIDTH 도의 부채꼴이 되며, 기지국의 beamwidth 필드가 있으면 그 값을 씁니다(0 또는 360: 원). 필드는 사이트 목록과 Shapefile이 쓰는 이름(azimuth, radio, height, antenna_he, beamwidth 등)으로도 읽으며, 어느 필드를 읽었는지 로그에 적습니다.
시나리오: 반경 × SCENARIO_MIN / × 1 / × SCENARIO_MAX(필드 'scenario': min, likely, max; ALL_SCENARIOS가 아니면 'likely'만).
지형: DEM(모든 좌표계; 미터 좌표계로 원래 해상도 또는 DEM_CELL_SIZE m로 재투영)을 주면 각 커버리지는 안테나까지 가시선이 있는 셀로 잘립니다. 지구 곡률과 굴절(REFRACTION_K, 기본값 4/3)을 반영하며, 안테나는 지면 위 OBSERVER_HEIGHT m(기본값 30; 기지국의 antenna_height_m 우선, 0은 값 없음으로 간주), 수신기는 TARGET_HEIGHT m(기본값 1.5), 선택적으로 FRESNEL_CLEARANCE(FREQUENCY에서 비어 있어야 하는 제1 프레넬 영역의 비율)를 씁니다. 폴리곤, 디졸브 커버리지, 중첩, 최적 서버, 래스터 모두 잘린 커버리지를 사용하며, DEM 밖의 기지국은 아무 곳도 커버하지 않습니다(경고).
출력: OUTPUT 기지국별 폴리곤(station_fid, station_id, name, technology, operator, scenario, radius_m, model, area_km2); OUTPUT_DISSOLVED 기술/사업자 및 시나리오별(scenario, group, area_km2); OUTPUT_OVERLAP 기지국 1, 2, 3개 이상이 서비스하는 영역(servers, label, area_km2); OUTPUT_BEST_SERVER 커버리지로 잘린 최적 서버 영역(가장 가까운 기지국 또는 경로 손실 기준 가장 강한 기지국); OUTPUT_RASTER 셀별 커버 기지국 수(POPULATION을 주면 그 격자에 맞춤, 아니면 RESOLUTION 미터).
예: qgis_process run basestationmapper:coverage -- STATIONS=stations.gpkg MODEL=preset RADIUS=5000 OUTPUT=coverage.gpkg</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="45"/>
        <source>Area and population covered by the stations in each region, plus a row whose region is 'TOTAL'.
Population: POPULATION, a raster of people counts per cell in any CRS (e.g. WorldPop 'ppp'; nodata and negative cells count as nobody, and so do the no data values set on the layer in QGIS, Layer Properties › Transparency; POPULATION_BAND, band 1 unless given; tick POPULATION_IS_DENSITY for people per km²), or POPULATION_POINTS with a POPULATION_FIELD. Each person is counted once, however many stations cover them. RULE centre: a cell is covered when its centre is, and belongs to the region containing its centre; fraction: exact fractional weighting by the covered share of each cell (slower).
Coverage: same model parameters as basestationmapper:coverage (MODEL, RADIUS in metres overriding presets, link budget); distances in the UTM zone of the stations or METRIC_CRS.
Terrain: with DEM (any CRS; reprojected to the metric CRS at its own resolution, or DEM_CELL_SIZE m), a cell counts for a station only where it also has line of sight to the antenna, with earth curvature and refraction (REFRACTION_K, default 4/3): antenna OBSERVER_HEIGHT m above ground (default 30; a station's antenna_height_m wins, 0 meaning not given), receiver TARGET_HEIGHT m (default 1.5), optional FRESNEL_CLEARANCE (share of the first Fresnel zone at FREQUENCY that must be clear). Stations outside the DEM cover nothing (warning); coverage is cut at the DEM edge. The table then also has covered_km2_no_terrain, covered_pop_no_terrain, covered_pop_pct_no_terrain, terrain_removed_km2 and terrain_removed_pop (likely scenario).
Output fields: region, area_km2 (ellipsoidal area), covered_km2, covered_area_pct (%), population, covered_pop, covered_pop_pct (%), stations (sites located in the region, stations within 1 m of one another being one site; TOTAL: all), estimated_subscribers (= covered_pop × PENETRATION, default 0.27 from 6.5-7 M subscribers of ~25 M people), and _min / _max of every covered figure for radius × SCENARIO_MIN / SCENARIO_MAX. OUTPUT_CSV writes the same table as CSV.
Example: qgis_process run basestationmapper:coveragestats -- STATIONS=stations.gpkg RADIUS=4000 REGIONS=provinces.geojson REGION_FIELD=name POPULATION=worldpop.tif PENETRATION=0.27 OUTPUT=stats.csv; with terrain add DEM=srtm.tif.</source>
        <translation>각 지역에서 기지국이 커버하는 면적과 인구, 그리고 지역이 'TOTAL'인 합계 행.
인구: POPULATION은 모든 좌표계의 셀별 인구 수 래스터(예: WorldPop 'ppp'; NoData와 음수 셀, 그리고 QGIS에서 레이어에 설정한 NoData 값(레이어 속성 › 투명도)은 0명; POPULATION_BAND는 지정하지 않으면 밴드 1; km²당 인구이면 POPULATION_IS_DENSITY를 선택), 또는 POPULATION_FIELD가 있는 POPULATION_POINTS. 여러 기지국이 커버하더라도 각 사람은 한 번만 셉니다. RULE centre: 셀 중심이 커버되면 그 셀이 커버된 것이며, 중심이 속한 지역에 속합니다. fraction: 각 셀의 커버된 비율로 정확히 가중합니다(더 느림).
커버리지: basestationmapper:coverage와 같은 모델 매개변수(MODEL, 사전 설정보다 우선하는 미터 단위 RADIUS, 링크 버짓); 거리는 기지국의 UTM 존 또는 METRIC_CRS에서 잽니다.
지형: DEM(모든 좌표계; 미터 좌표계로 원래 해상도 또는 DEM_CELL_SIZE m로 재투영)을 주면 셀은 안테나까지 가시선이 있을 때만 그 기지국에 포함됩니다. 지구 곡률과 굴절(REFRACTION_K, 기본값 4/3)을 반영하며, 안테나는 지면 위 OBSERVER_HEIGHT m(기본값 30; 기지국의 antenna_height_m 우선, 0은 값 없음으로 간주), 수신기는 TARGET_HEIGHT m(기본값 1.5), 선택적으로 FRESNEL_CLEARANCE(FREQUENCY에서 비어 있어야 하는 제1 프레넬 영역의 비율)를 씁니다. DEM 밖의 기지국은 아무 곳도 커버하지 않으며(경고), 커버리지는 DEM 가장자리에서 잘립니다. 이때 표에 covered_km2_no_terrain, covered_pop_no_terrain, covered_pop_pct_no_terrain, terrain_removed_km2, terrain_removed_pop(likely 시나리오)도 추가됩니다.
출력 필드: region, area_km2(타원체 면적), covered_km2, covered_area_pct(%), population, covered_pop, covered_pop_pct(%), stations(지역 안의 사이트 수, 서로 1 m 안에 있는 기지국은 한 사이트; TOTAL: 전체), estimated_subscribers(= covered_pop × PENETRATION, 기본값 0.27: 인구 약 2,500만 명 중 가입자 650만-700만 명), 반경 × SCENARIO_MIN / SCENARIO_MAX에 대한 모든 커버 수치의 _min / _max. OUTPUT_CSV는 같은 표를 CSV로 씁니다.
예: qgis_process run basestationmapper:coveragestats -- STATIONS=stations.gpkg RADIUS=4000 REGIONS=provinces.geojson REGION_FIELD=name POPULATION=worldpop.tif PENETRATION=0.27 OUTPUT=stats.csv; 지형을 쓰려면 DEM=srtm.tif를 추가합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="103"/>
        <source>The layer {name} is not valid.</source>
        <translation>레이어 {name}이(가) 유효하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="305"/>
        <source>{why}; renamed in &apos;{layer}&apos;: {names}</source>
        <translation>{why}. '{layer}'에서 이름을 바꾼 필드: {names}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="487"/>
        <source>Cannot write layer &apos;{layer}&apos;: {error}</source>
        <translation>레이어 '{layer}'을(를) 기록할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="522"/>
        <source>Cannot write layer &apos;{layer}&apos; ({driver}): {error}</source>
        <translation>레이어 '{layer}'을(를) 기록할 수 없습니다({driver}): {error}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="570"/>
        <source>An Excel cell holds at most {limit} characters: {n} value of &apos;{field}&apos; in &apos;{layer}&apos; was cut. Export to CSV to keep it whole.</source>
        <comment>An Excel cell holds at most {limit} characters: {n} values of &apos;{field}&apos; in &apos;{layer}&apos; were cut. Export to CSV to keep them whole.</comment>
        <translation>
            <numerusform>Excel 셀에는 최대 {limit}자까지 들어갑니다: '{layer}'의 '{field}' 값 {n}개가 잘렸습니다. 전체를 보존하려면 CSV로 내보내십시오.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="577"/>
        <source>A shapefile holds at most {limit} bytes of text per value: {n} value of &apos;{field}&apos; in &apos;{layer}&apos; was cut. Export to GeoPackage to keep it whole.</source>
        <comment>A shapefile holds at most {limit} bytes of text per value: {n} values of &apos;{field}&apos; in &apos;{layer}&apos; were cut. Export to GeoPackage to keep them whole.</comment>
        <translation>
            <numerusform>shapefile에는 값 하나에 텍스트를 최대 {limit}바이트까지 저장합니다: '{layer}'의 '{field}' 값 {n}개가 잘렸습니다. 전체를 보존하려면 GeoPackage로 내보내십시오.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="597"/>
        <source>{file}: unknown vector format &apos;{ext}&apos;. Use one of {formats}.</source>
        <translation>{file}: 알 수 없는 벡터 형식 '{ext}'입니다. 다음 중 하나를 사용하십시오: {formats}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="601"/>
        <source>No layer to export.</source>
        <translation>내보낼 레이어가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="606"/>
        <source>{format} holds one layer, {n} were given: export them to a GeoPackage or KMZ, or one file per layer.</source>
        <translation>{format}에는 레이어 하나만 들어가는데 {n}개가 주어졌습니다: GeoPackage나 KMZ로 내보내거나, 레이어마다 파일 하나로 내보내십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="625"/>
        <source>&apos;{name}&apos; has no geometry: a shapefile needs one. Export the table as CSV or XLSX instead.</source>
        <translation>'{name}'에 도형이 없습니다: shapefile에는 도형이 필요합니다. 대신 테이블을 CSV 또는 XLSX로 내보내십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="627"/>
        <source>Shapefile field names are limited to 10 characters</source>
        <translation>Shapefile 필드 이름은 10자로 제한됩니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="634"/>
        <source>GeoPackage field names must differ in more than case</source>
        <translation>GeoPackage 필드 이름은 대소문자 말고도 달라야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="706"/>
        <source>Cannot read the GeoPackage {file} to add layers to it: {error}.</source>
        <translation>레이어를 추가하려는 GeoPackage {file}을(를) 읽을 수 없습니다: {error}.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="712"/>
        <source>{file} holds a raster named &apos;{name}&apos;: a vector layer of that name cannot be added to it. Rename the layer or choose another file.</source>
        <translation>{file}에 '{name}'(이)라는 래스터가 있어 같은 이름의 벡터 레이어를 추가할 수 없습니다. 레이어 이름을 바꾸거나 다른 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="174"/>
        <source>Cannot convert feature {id} of &apos;{layer}&apos; (at {x}, {y}) from {source} to {dest}: its coordinates lie outside what {source} describes. Correct or delete that feature and export again.</source>
        <translation>'{layer}'의 피처 {id}({x}, {y})을(를) {source}에서 {dest}(으)로 변환할 수 없습니다: 좌표가 {source}이(가) 나타내는 범위를 벗어납니다. 그 피처를 고치거나 삭제한 뒤 다시 내보내세요.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="716"/>
        <source>{file}: layers kept from the existing GeoPackage: {layers}</source>
        <translation>{file}: 기존 GeoPackage에서 유지한 레이어: {layers}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="745"/>
        <source>Cannot replace {path}: it is open in another program or in a layer being edited here (its write-ahead log {wal} is in use). Close it there or save the edits, and try again.</source>
        <translation>{path}을(를) 바꿀 수 없습니다: 다른 프로그램에서 열려 있거나 여기서 편집 중인 레이어가 사용하고 있습니다(미리 쓰기 로그 {wal} 사용 중). 그쪽에서 닫거나 편집 내용을 저장한 뒤 다시 시도하십시오.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="797"/>
        <source>&apos;{layer}&apos;: binary field {fields} left out of the KMZ (a balloon shows text)</source>
        <comment>&apos;{layer}&apos;: binary fields {fields} left out of the KMZ (a balloon shows text)</comment>
        <translation>
            <numerusform>'{layer}': 바이너리 필드 {fields}은(는) KMZ에서 제외했습니다(말풍선에는 텍스트만 표시됨)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="815"/>
        <source>&apos;{layer}&apos;: {n} feature without geometry left out of the KMZ</source>
        <comment>&apos;{layer}&apos;: {n} features without geometry left out of the KMZ</comment>
        <translation>
            <numerusform>'{layer}': 도형이 없는 피처 {n}개를 KMZ에서 제외했습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="890"/>
        <source>{file}: the station table is written as .csv</source>
        <translation>{file}: 기지국 테이블은 .csv로 저장합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="892"/>
        <source>&apos;{name}&apos; is not a point layer: stations are points.</source>
        <translation>'{name}'은(는) 포인트 레이어가 아닙니다: 기지국은 포인트입니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="900"/>
        <source>&apos;{layer}&apos;: binary field {fields} written as base64 text</source>
        <comment>&apos;{layer}&apos;: binary fields {fields} written as base64 text</comment>
        <translation>
            <numerusform>'{layer}': 바이너리 필드 {fields}을(를) base64 텍스트로 기록했습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/export.py" line="908"/>
        <source>{n} station without a position: lon/lat left empty</source>
        <comment>{n} stations without a position: lon/lat left empty</comment>
        <translation>
            <numerusform>위치가 없는 기지국 {n}개: lon/lat를 비워 두었습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="924"/>
        <source>{file}: tables are written as .csv or .xlsx</source>
        <translation>{file}: 테이블은 .csv 또는 .xlsx로 저장합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="926"/>
        <source>The layer &apos;{name}&apos; has no attribute fields: a table of it would be empty, so nothing was written to {file}. Export it as a vector file (GeoPackage, GeoJSON, ...) to keep its shapes.</source>
        <translation>레이어 '{name}'에 속성 필드가 없습니다: 테이블이 비게 되므로 {file}에 아무것도 기록하지 않았습니다. 도형을 보존하려면 벡터 파일(GeoPackage, GeoJSON, ...)로 내보내십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="935"/>
        <source>CSV column names must differ in more than case</source>
        <translation>CSV 열 이름은 대소문자 말고도 달라야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="964"/>
        <source>The raster layer is not valid.</source>
        <translation>래스터 레이어가 유효하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="974"/>
        <source>&apos;{name}&apos; is a web map layer ({kind}): its images are drawn by a server at each scale and it has no cells to export. Choose a raster with cells: a file GDAL reads (GeoTIFF, VRT, ...) or a raster computed in QGIS, such as a coverage raster.</source>
        <translation>'{name}'은(는) 웹 지도 레이어({kind})입니다: 축척마다 서버가 이미지를 그리므로 내보낼 셀이 없습니다. 셀이 있는 래스터를 선택하십시오: GDAL이 읽을 수 있는 파일(GeoTIFF, VRT, ...) 또는 커버리지 래스터처럼 QGIS에서 계산한 래스터.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="1006"/>
        <source>Cannot read the raster layer &apos;{name}&apos; (error {code}).</source>
        <translation>래스터 레이어 '{name}'을(를) 읽을 수 없습니다(오류 {code}).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="1032"/>
        <source>Cannot read the raster layer &apos;{name}&apos; ({error}).</source>
        <translation>래스터 레이어 '{name}'을(를) 읽을 수 없습니다({error}).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="1045"/>
        <source>{file}: rasters are written as GeoTIFF (.tif)</source>
        <translation>{file}: 래스터는 GeoTIFF(.tif)로 저장합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="214"/>
        <source>{path} already exists</source>
        <translation>{path}이(가) 이미 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="218"/>
        <source>the folder {folder} does not exist</source>
        <translation>폴더 {folder}이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="228"/>
        <source>cannot create {path}: {error}</source>
        <translation>{path}을(를) 만들 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="465"/>
        <source>cannot write {path}: {error}</source>
        <translation>{path}을(를) 기록할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="242"/>
        <source>{path} was written but cannot be opened</source>
        <translation>{path}을(를) 기록했지만 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="331"/>
        <source>{field}: one of {values}</source>
        <translation>{field}: {values} 중 하나</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="336"/>
        <source>{field}: between {low} and {high}</source>
        <translation>{field}: {low}에서 {high} 사이</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="411"/>
        <source>{layer} is read-only: cannot add {fields}</source>
        <translation>{layer}은(는) 읽기 전용입니다: {fields} 필드를 추가할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="414"/>
        <source>{layer} has unsaved edits: save or discard them first</source>
        <translation>{layer}에 저장하지 않은 편집 내용이 있습니다: 먼저 저장하거나 취소하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="420"/>
        <source>{layer} is a Shapefile, whose field names have at most 10 characters: {fields} cannot be added. Save it as a GeoPackage (Export › Save Features As…) and use that copy</source>
        <translation>{layer}은(는) 필드 이름이 최대 10자인 Shapefile입니다: {fields} 필드를 추가할 수 없습니다. GeoPackage로 저장하고(내보내기 › 다른 이름으로 피처 저장…) 그 사본을 사용하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="425"/>
        <source>{layer}: the data source refused the fields {fields} ({error})</source>
        <translation>{layer}: 데이터 소스가 {fields} 필드를 거부했습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="488"/>
        <source>{layer} is read-only</source>
        <translation>{layer}은(는) 읽기 전용입니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="494"/>
        <source>{layer} cannot be edited</source>
        <translation>{layer}은(는) 편집할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="504"/>
        <source>{layer}: the stations could not be added</source>
        <translation>{layer}: 기지국을 추가할 수 없었습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/station_layer.py" line="510"/>
        <source>{layer}: saving failed, nothing was added ({errors})</source>
        <translation>{layer}: 저장에 실패하여 아무것도 추가하지 않았습니다({errors})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="406"/>
        <source>{date} is before 1960: acquisition dates from 1960 on are kept (YYYY-MM-DD)</source>
        <translation>{date}은(는) 1960년 이전입니다: 촬영일은 1960년 이후만 기록합니다(YYYY-MM-DD)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="403"/>
        <source>{date} is in the future: the acquisition date is the day the image was taken (YYYY-MM-DD)</source>
        <translation>{date}은(는) 미래의 날짜입니다: 촬영일은 영상을 찍은 날입니다(YYYY-MM-DD)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="133"/>
        <source>QGIS cannot fill {{s}} in {url}: replace {{s}} with one of the server&apos;s subdomains (often a, b, c or 0, 1, 2, 3)</source>
        <translation>QGIS는 {url}의 {{s}}를 채울 수 없습니다: {{s}}를 서버의 하위 도메인 중 하나(흔히 a, b, c 또는 0, 1, 2, 3)로 바꾸십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="136"/>
        <source>an XYZ URL needs {{z}}, {{x}} and {{y}} placeholders (or {{q}}): {url}</source>
        <translation>XYZ 주소에는 {{z}}, {{x}}, {{y}} 자리 표시자(또는 {{q}})가 필요합니다: {url}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="183"/>
        <source>the imagery source has no URL</source>
        <translation>영상 소스에 주소가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="185"/>
        <source>{url} is not an http(s) URL</source>
        <translation>{url}은(는) http(s) 주소가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="197"/>
        <source>a {kind} source needs a layer name ({url})</source>
        <translation>{kind} 소스에는 레이어 이름이 필요합니다({url})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="197"/>
        <source>an empty layer name in &apos;{layers}&apos; ({url})</source>
        <translation>'{layers}'에 빈 레이어 이름이 있습니다({url})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="204"/>
        <source>{styles} styles for {layers} layers ({url}): give one style per layer, separated by commas</source>
        <translation>레이어 {layers}개에 스타일 {styles}개가 주어졌습니다({url}): 레이어마다 스타일 하나를 쉼표로 구분해 지정하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="208"/>
        <source>{crs} is not a coordinate reference system QGIS knows (e.g. EPSG:3857) ({url})</source>
        <translation>{crs}은(는) QGIS가 아는 좌표계(예: EPSG:3857)가 아닙니다({url})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="222"/>
        <source>unknown imagery source kind {kind} (xyz, wms or wmts)</source>
        <translation>알 수 없는 영상 소스 종류 {kind}(xyz, wms 또는 wmts)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="253"/>
        <source>the layer &apos;{layers}&apos; in {crs} with the tile matrix set {matrix}</source>
        <translation>타일 매트릭스 세트 {matrix}의 {crs} 레이어 '{layers}'</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="254"/>
        <source>the layer &apos;{layers}&apos; in {crs}</source>
        <translation>{crs} 레이어 '{layers}'</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="255"/>
        <source>{name}: QGIS cannot use this {kind} source. Check the URL, that the service offers {offers}, and the network (the WMS tab of the message log says more).</source>
        <translation>{name}: QGIS가 이 {kind} 소스를 사용할 수 없습니다. 주소, 서비스가 {offers}을(를) 제공하는지, 그리고 네트워크를 확인하십시오(메시지 로그의 WMS 탭에 자세한 내용이 있습니다).</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="262"/>
        <source>unknown preset {key}</source>
        <translation>알 수 없는 사전 설정 {key}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="270"/>
        <source>{path}: no such file</source>
        <translation>{path}: 파일이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="273"/>
        <source>{path}: not a raster GDAL can read</source>
        <translation>{path}: GDAL이 읽을 수 있는 래스터가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="408"/>
        <source>{date} is not a date (use YYYY-MM-DD)</source>
        <translation>{date}은(는) 날짜가 아닙니다(YYYY-MM-DD 형식 사용)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="714"/>
        <source>the imagery layer is not valid</source>
        <translation>영상 레이어가 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="716"/>
        <source>{layer}: the raster has no coordinate reference system</source>
        <translation>{layer}: 래스터에 좌표계가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="718"/>
        <source>ground resolution {resolution} m is outside 0.1-5 m</source>
        <translation>지상 해상도 {resolution} m가 0.1-5 m 범위를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="824"/>
        <source>unsupported raster data type {dtype}</source>
        <translation>지원하지 않는 래스터 데이터 형식 {dtype}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="914"/>
        <source>{layer}: the candidates could not be written</source>
        <translation>{layer}: 후보를 기록할 수 없었습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/imagery.py" line="904"/>
        <source>Add detected candidates</source>
        <translation>탐지된 후보 추가</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="120"/>
        <source>Cell size of the area grid without a population raster (m, 0 = automatic)</source>
        <translation>인구 래스터가 없을 때 면적 격자의 셀 크기(m, 0 = 자동)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="248"/>
        <source>Covered area {area:,.1f} of {total:,.1f} km² ({pct:.1f} %, range {lo:.1f}-{hi:.1f} %)</source>
        <translation>커버 면적 {area:,.1f} km² / 전체 {total:,.1f} km²({pct:.1f} %, 범위 {lo:.1f}-{hi:.1f} %)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="574"/>
        <source>none (the area covered only)</source>
        <translation>없음(커버 면적만)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="761"/>
        <source>{pct:.0f} % of area covered ({lo:.0f}–{hi:.0f} %) · {km2} km²</source>
        <translation>면적 커버율 {pct:.0f} %({lo:.0f}–{hi:.0f} %) · {km2} km²</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="390"/>
        <source>Covered km², no terrain</source>
        <translation>커버 면적 km²(지형 미반영)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="391"/>
        <source>km² removed by terrain</source>
        <translation>지형으로 제외된 km²</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/export.py" line="473"/>
        <source>No statistics table for the report: compute the coverage in the dock with a region layer (the run makes the table &apos;{table}&apos;: the area covered per region, and the people covered with a population raster or population points), or choose a table of basestationmapper:coveragestats under Statistics.</source>
        <translation>보고서에 쓸 통계 표가 없습니다: 도킹 창에서 지역 레이어를 선택하고 커버리지를 계산하거나(실행하면 '{table}' 표가 만들어집니다: 지역별 커버 면적과, 인구 래스터 또는 인구 포인트가 있으면 커버 인구), 통계 항목에서 basestationmapper:coveragestats의 표를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="943"/>
        <source>Area covered per region</source>
        <translation>지역별 커버 면적</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="535"/>
        <source>{pct} % of area covered</source>
        <translation>면적 커버율 {pct} %</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="109"/>
        <source>unknown model {model} (expected one of {models})</source>
        <translation>알 수 없는 모델 {model}(다음 중 하나여야 함: {models})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="112"/>
        <source>RADIUS parameter</source>
        <translation>RADIUS 매개변수</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="114"/>
        <source>sector beamwidth {value}° must be in (0, 360]</source>
        <translation>섹터 빔폭 {value}°는 0 초과 360 이하여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="116"/>
        <source>preset radius of {technology}</source>
        <translation>{technology} 기본 반경</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="123"/>
        <source>{what}: {value} is not a number of metres</source>
        <translation>{what}: {value}은(는) 미터 단위의 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="125"/>
        <source>{what}: {value} m — a coverage radius must be positive</source>
        <translation>{what}: {value} m — 커버리지 반경은 양수여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="128"/>
        <source>{what}: {value} m is absurd for a base station (more than {limit} km); is it in metres?</source>
        <translation>{what}: {value} m는 기지국으로서 터무니없는 값입니다({limit} km 초과). 미터 단위가 맞습니까?</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="170"/>
        <source>the station layer is missing or invalid</source>
        <translation>기지국 레이어가 없거나 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="172"/>
        <source>layer {layer} is not a point layer</source>
        <translation>레이어 {layer}은(는) 포인트 레이어가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="264"/>
        <source>layer {layer}: {fields}</source>
        <translation>레이어 {layer}: {fields}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="264"/>
        <source>field {field} read as {name}</source>
        <translation>필드 {field}을(를) {name}(으)로 읽음</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="268"/>
        <source>layer {layer}: field {fields} not used: the coverage models have no antenna tilt (a footprint reaches the preset, budget or station radius)</source>
        <comment>layer {layer}: fields {fields} not used: the coverage models have no antenna tilt (a footprint reaches the preset, budget or station radius)</comment>
        <translation>
            <numerusform>레이어 {layer}: 필드 {fields}은(는) 사용하지 않습니다: 커버리지 모델에는 안테나 틸트가 없습니다(커버리지 범위는 기본값, 링크 버짓 또는 기지국 반경까지입니다)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="276"/>
        <source>layer {layer}: {n} station without geometry was skipped</source>
        <comment>layer {layer}: {n} stations without geometry were skipped</comment>
        <translation>
            <numerusform>레이어 {layer}: 도형이 없는 기지국 {n}개를 건너뛰었습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="281"/>
        <source>feature {fid} ({n} points)</source>
        <translation>피처 {fid}(포인트 {n}개)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="283"/>
        <source>layer {layer}: {n} feature holds several points, each counted as a station with the feature&apos;s fields: {items}</source>
        <comment>layer {layer}: {n} features hold several points, each counted as a station with the feature&apos;s fields: {items}</comment>
        <translation>
            <numerusform>레이어 {layer}: 피처 {n}개에 포인트가 여러 개 있어, 각 포인트를 해당 피처의 필드를 가진 기지국으로 셉니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="293"/>
        <source>layer {layer} has no stations with a position: add or import stations first</source>
        <translation>레이어 {layer}에 위치가 있는 기지국이 없습니다: 먼저 기지국을 추가하거나 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1224"/>
        <source>feature {fid}</source>
        <translation>피처 {fid}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="322"/>
        <source>{station}: its position is not a place on the earth in the layer&apos;s CRS {crs} (longitude {lon}, latitude {lat}); {n} station like it: check the layer&apos;s CRS</source>
        <comment>{station}: its position is not a place on the earth in the layer&apos;s CRS {crs} (longitude {lon}, latitude {lat}); {n} stations like it: check the layer&apos;s CRS</comment>
        <translation>
            <numerusform>{station}: 위치가 레이어 좌표계 {crs}에서 지구상의 장소가 아닙니다(경도 {lon}, 위도 {lat}). 이런 기지국이 {n}개 있습니다: 레이어의 좌표계를 확인하십시오</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="348"/>
        <source>a positive number of metres</source>
        <translation>미터 단위의 양수</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="354"/>
        <source>{n} station with a negative {field}, read as not given (the default antenna height is used): {items}</source>
        <comment>{n} stations with a negative {field}, read as not given (the default antenna height is used): {items}</comment>
        <translation>
            <numerusform>{field}이(가) 음수인 기지국 {n}개는 값이 없는 것으로 간주합니다(기본 안테나 높이 사용): {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="398"/>
        <source>{station}: azimuths {value} — {error}</source>
        <translation>{station}: 방위각 {value} — {error}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="410"/>
        <source>a number of metres</source>
        <translation>미터 단위의 숫자</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="440"/>
        <source>{model} reaches beyond {km} km, where the model no longer holds: the radius is {km} km (give radius_m or RADIUS for a longer reach)</source>
        <translation>{model}이(가) 모델이 더 이상 성립하지 않는 {km} km 너머까지 도달합니다: 반경은 {km} km입니다(더 먼 도달 거리는 radius_m 또는 RADIUS로 지정)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="443"/>
        <source>{note}: {n} station: {items}</source>
        <comment>{note}: {n} stations: {items}</comment>
        <translation>
            <numerusform>{note}: 기지국 {n}개: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="447"/>
        <source>unknown technology for {n} station, counted as &apos;unknown&apos; ({expected} expected): {items}</source>
        <comment>unknown technology for {n} stations, counted as &apos;unknown&apos; ({expected} expected): {items}</comment>
        <translation>
            <numerusform>기지국 {n}개의 기술을 알 수 없어 'unknown'으로 셉니다({expected} 중 하나여야 함): {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="511"/>
        <source>{field} {value} read as not given for {n} station: {items}</source>
        <comment>{field} {value} read as not given for {n} stations: {items}</comment>
        <translation>
            <numerusform>기지국 {n}개의 {field} {value}은(는) 값이 없는 것으로 간주합니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="529"/>
        <source>field {field} holds how many sectors each site has ({values}), not their bearings: not read as azimuths (each station a disc)</source>
        <translation>필드 {field}에는 방위가 아니라 사이트별 섹터 수({values})가 있습니다: 방위각으로 읽지 않습니다(각 기지국은 원형)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="546"/>
        <source>a number of degrees from 0 (omnidirectional) to 360</source>
        <translation>0(무지향성)에서 360 사이의 도 단위 숫자</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="553"/>
        <source>layer {layer} is a Shapefile, which stores a missing {field} as 0: {n} station with {field} 0 and no beamwidth (or 0 or 360) read as omnidirectional (a full disc): {items}</source>
        <comment>layer {layer} is a Shapefile, which stores a missing {field} as 0: {n} stations with {field} 0 and no beamwidth (or 0 or 360) read as omnidirectional (a full disc): {items}</comment>
        <translation>
            <numerusform>레이어 {layer}은(는) 값이 없는 {field}을(를) 0으로 저장하는 Shapefile입니다: {field}이(가) 0이고 빔폭이 없는(또는 0이나 360인) 기지국 {n}개를 무지향성(완전한 원)으로 읽습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="593"/>
        <source>{n} station computed with {used} rather than {chosen}, the one that holds at its own frequency: {items}</source>
        <comment>{n} stations computed with {used} rather than {chosen}, the one that holds at their own frequency: {items}</comment>
        <translation>
            <numerusform>기지국 {n}개는 {chosen} 대신 자체 주파수에서 성립하는 {used}(으)로 계산했습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="600"/>
        <source>{n} station has a frequency outside the {lo}-{hi} MHz where the Hata models hold: computed at {lo} or {hi} MHz, the nearest end (above {hi} MHz the radius is too large, below {lo} MHz too small): {items}</source>
        <comment>{n} stations have a frequency outside the {lo}-{hi} MHz where the Hata models hold: computed at {lo} or {hi} MHz, the nearest end (above {hi} MHz the radius is too large, below {lo} MHz too small): {items}</comment>
        <translation>
            <numerusform>기지국 {n}개의 주파수가 Hata 모델이 성립하는 {lo}-{hi} MHz 밖에 있습니다: 가장 가까운 끝인 {lo} 또는 {hi} MHz로 계산했습니다({hi} MHz 초과면 반경이 너무 크고, {lo} MHz 미만이면 너무 작습니다): {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="655"/>
        <source>feature {fid} (= feature {orig})</source>
        <translation>피처 {fid}(= 피처 {orig})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="656"/>
        <source>layer {layer}: {n} station repeats another one (same position, technology, operator, station_id, azimuths, frequency, beamwidth, antenna height and radius) and is counted once: {items}</source>
        <comment>layer {layer}: {n} stations repeat another one (same position, technology, operator, station_id, azimuths, frequency, beamwidth, antenna height and radius) and are counted once: {items}</comment>
        <translation>
            <numerusform>레이어 {layer}: 기지국 {n}개가 다른 기지국과 중복되어(위치, 기술, 사업자, station_id, 방위각, 주파수, 빔폭, 안테나 높이, 반경이 같음) 한 번만 셉니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="707"/>
        <source>{station}: {field} {value} must be {expected}</source>
        <translation>{station}: {field} {value}은(는) {expected}여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="997"/>
        <source>the region layer is missing or invalid</source>
        <translation>지역 레이어가 없거나 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="999"/>
        <source>layer {layer} is not a polygon layer</source>
        <translation>레이어 {layer}은(는) 폴리곤 레이어가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1038"/>
        <source>(unnamed, feature {fid})</source>
        <translation>(이름 없음, 피처 {fid})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1040"/>
        <source>region {name}: no geometry, skipped</source>
        <translation>지역 {name}: 도형이 없어 건너뛰었습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1047"/>
        <source>region {name} (layer {layer}, feature {fid}): invalid geometry that cannot be repaired</source>
        <translation>지역 {name}(레이어 {layer}, 피처 {fid}): 복구할 수 없는 유효하지 않은 도형입니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1049"/>
        <source>region {name}: invalid geometry repaired (make valid)</source>
        <translation>지역 {name}: 유효하지 않은 도형을 복구했습니다(make valid)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1056"/>
        <source>region {name}: invalid geometry without any polygon left after repair</source>
        <translation>지역 {name}: 유효하지 않은 도형으로, 복구 후 남은 폴리곤이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1064"/>
        <source>region layer {layer} has no polygon</source>
        <translation>지역 레이어 {layer}에 폴리곤이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1087"/>
        <source>{what} {layer}: no field {name}, field {used} used</source>
        <translation>{what} {layer}: 필드 {name}이(가) 없어 필드 {used}을(를) 사용했습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1090"/>
        <source>{what} {layer} has no field {name} and several fields that differ from it in case only: {fields}; choose one</source>
        <translation>{what} {layer}에 필드 {name}이(가) 없고 대소문자만 다른 필드가 여러 개 있습니다: {fields}. 하나를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1093"/>
        <source>{what} {layer} has no field {name} (fields: {fields})</source>
        <translation>{what} {layer}에 필드 {name}이(가) 없습니다(필드: {fields})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1100"/>
        <source>{what} {layer} has no coordinate reference system (a TopoJSON file or a shapefile without its .prj opens so): set it in Layer Properties › Source (EPSG:4326 for longitudes and latitudes), then run again</source>
        <translation>{what} {layer}에 좌표계가 없습니다(TopoJSON 파일이나 .prj가 없는 Shapefile은 이렇게 열립니다): 레이어 속성 › 소스에서 좌표계를 설정한 뒤(경도와 위도이면 EPSG:4326) 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1124"/>
        <source>region layer {layer} is the first of the {n} polygon layers of {path} ({layers}); for another one give it by name, e.g. {example}</source>
        <translation>지역 레이어 {layer}은(는) {path}의 폴리곤 레이어 {n}개({layers}) 중 첫 번째입니다. 다른 레이어를 쓰려면 이름으로 지정하십시오(예: {example})</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1160"/>
        <source>the population point layer is missing or invalid</source>
        <translation>인구 포인트 레이어가 없거나 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1162"/>
        <source>population layer {layer}: no population field chosen</source>
        <translation>인구 레이어 {layer}: 인구 필드가 선택되지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1166"/>
        <source>population layer</source>
        <translation>인구 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1192"/>
        <source>population layer {layer}, feature {fid}: {field} = {value} is not a number (counts are read as 1234, 1,234 or 12 500)</source>
        <translation>인구 레이어 {layer}, 피처 {fid}: {field} = {value}은(는) 숫자가 아닙니다(인구수는 1234, 1,234 또는 12 500 형식으로 읽습니다)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1196"/>
        <source>population layer {layer}, feature {fid}: {field} = {value} must be a non-negative number</source>
        <translation>인구 레이어 {layer}, 피처 {fid}: {field} = {value}은(는) 0 이상의 숫자여야 합니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="1210"/>
        <source>population layer {layer}: {n} feature without a position is not counted: {items}</source>
        <comment>population layer {layer}: {n} features without a position are not counted: {items}</comment>
        <translation>
            <numerusform>인구 레이어 {layer}: 위치가 없는 피처 {n}개는 집계하지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="1210"/>
        <source>population layer {layer}: {n} feature without a {field} value is not counted: {items}</source>
        <comment>population layer {layer}: {n} features without a {field} value are not counted: {items}</comment>
        <translation>
            <numerusform>인구 레이어 {layer}: {field} 값이 없는 피처 {n}개는 집계하지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="1210"/>
        <source>population layer {layer}: {n} feature holds several points: its people are counted at the first one: {items}</source>
        <comment>population layer {layer}: {n} features hold several points: their people are counted at the first one: {items}</comment>
        <translation>
            <numerusform>인구 레이어 {layer}: 피처 {n}개에 포인트가 여러 개 있습니다: 인구는 첫 번째 포인트에서 집계합니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1234"/>
        <source>the population raster is missing or invalid</source>
        <translation>인구 래스터가 없거나 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1239"/>
        <source>population raster {layer} is a web map layer ({kind}): a server draws its pictures at each scale and it holds no counts of people; choose a raster of people per cell (WorldPop, GHS-POP, LandScan...)</source>
        <translation>인구 래스터 {layer}은(는) 웹 지도 레이어({kind})입니다: 축척마다 서버가 이미지를 그리므로 인구수가 없습니다. 셀당 인구 래스터(WorldPop, GHS-POP, LandScan...)를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1242"/>
        <source>population raster {layer} is not read from a file (provider {provider}): save its values as a GeoTIFF (Export › Save As…, raw data) and choose that</source>
        <translation>인구 래스터 {layer}은(는) 파일에서 읽지 않습니다(제공자 {provider}): 값을 GeoTIFF로 저장한 뒤(내보내기 › 다른 이름으로 저장…, 원시 데이터) 그 파일을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/coverage_io.py" line="1246"/>
        <source>population raster {layer} has no coordinate reference system: set it in Layer Properties › Source, then run again</source>
        <translation>인구 래스터 {layer}에 좌표계가 없습니다: 레이어 속성 › 소스에서 좌표계를 설정한 뒤 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/dem.py" line="436"/>
        <source>{field} as {name}</source>
        <translation>{field}을(를) {name}(으)로</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="451"/>
        <source>{n} station outside DEM {name} was skipped: {items}</source>
        <comment>{n} stations outside DEM {name} were skipped: {items}</comment>
        <translation>
            <numerusform>DEM {name} 밖에 있는 기지국 {n}개를 건너뛰었습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="455"/>
        <source>{n} station standing on a DEM cell without data, with none holding data within {cells} cells, was skipped: {items}</source>
        <comment>{n} stations standing on DEM cells without data, with none holding data within {cells} cells, were skipped: {items}</comment>
        <translation>
            <numerusform>데이터가 없는 DEM 셀 위에 있고 {cells}셀 안에도 데이터가 있는 셀이 없는 기지국 {n}개를 건너뛰었습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="462"/>
        <source>{n} station stands on a DEM cell without data (the sea of a DEM, a void): its ground is that of the nearest cell with data, within {cells} cells: {items}</source>
        <comment>{n} stations stand on DEM cells without data (the sea of a DEM, a void): their ground is that of the nearest cell with data, within {cells} cells: {items}</comment>
        <translation>
            <numerusform>기지국 {n}개가 데이터가 없는 DEM 셀(DEM의 바다, 빈 곳) 위에 있어, {cells}셀 안에서 가장 가까운 데이터가 있는 셀의 높이를 지면으로 씁니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="469"/>
        <source>The radius of {n} station reaches past DEM {name}; its coverage is cut at the DEM edge: {items}</source>
        <comment>The radius of {n} stations reaches past DEM {name}; their coverage is cut at the DEM edge: {items}</comment>
        <translation>
            <numerusform>기지국 {n}개의 반경이 DEM {name} 밖까지 이어집니다. 해당 커버리지는 DEM 경계에서 잘립니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="530"/>
        <source>{n} station in sight</source>
        <comment>{n} stations in sight</comment>
        <translation>
            <numerusform>가시 기지국 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="464"/>
        <source>layer {layer}: sites counted by field {field} (stations of one operator and site id within {m} m of one another are one site, stations without one by position): {n} station of {total} has one</source>
        <comment>layer {layer}: sites counted by field {field} (stations of one operator and site id within {m} m of one another are one site, stations without one by position): {n} stations of {total} have one</comment>
        <translation>
            <numerusform>레이어 {layer}: 사이트를 필드 {field}로 셉니다(사업자와 사이트 ID가 같고 서로 {m} m 안에 있는 기지국은 한 사이트, ID가 없는 기지국은 위치로): 기지국 {total}개 중 {n}개에 ID가 있습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="716"/>
        <source>no stations: add or import stations first</source>
        <translation>기지국이 없습니다: 먼저 기지국을 추가하거나 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="266"/>
        <source>scenario factor {scenario} = {value} must be a number in (0, 10]</source>
        <translation>시나리오 계수 {scenario} = {value}은(는) (0, 10] 범위의 숫자여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="270"/>
        <source>scenario factors must satisfy min &lt;= likely &lt;= max, got {factors}</source>
        <translation>시나리오 계수는 min &lt;= likely &lt;= max를 만족해야 합니다. 입력값: {factors}</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="296"/>
        <source>population points are counted on this machine (the cluster tiles population rasters)</source>
        <translation>인구 포인트는 이 컴퓨터에서 셉니다(클러스터는 인구 래스터를 타일로 나눕니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="299"/>
        <source>the areas are counted on this machine (the cluster tiles population rasters)</source>
        <translation>면적은 이 컴퓨터에서 셉니다(클러스터는 인구 래스터를 타일로 나눕니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="378"/>
        <source>the region layer has no polygons</source>
        <translation>지역 레이어에 폴리곤이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="356"/>
        <source>unknown cell rule {rule} (expected {centre} or {fraction})</source>
        <translation>알 수 없는 셀 규칙 {rule}입니다({centre} 또는 {fraction} 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="361"/>
        <source>population raster {path}: no people inside the regions</source>
        <translation>인구 래스터 {path}: 지역 안에 인구가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="374"/>
        <source>no population point lies inside the regions</source>
        <translation>지역 안에 있는 인구 포인트가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="488"/>
        <source>the regions and the population raster {path} do not overlap: check both layers&apos; CRS and extent</source>
        <translation>지역과 인구 래스터 {path}이(가) 겹치지 않습니다: 두 레이어의 좌표계와 범위를 확인하십시오</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/pipeline.py" line="508"/>
        <source>population raster {path} covers only part of {n} region: people outside the raster are not counted, and its covered area share is that of the part inside: {items}</source>
        <comment>population raster {path} covers only part of {n} regions: people outside the raster are not counted, and their covered area share is that of the part inside: {items}</comment>
        <translation>
            <numerusform>인구 래스터 {path}은(는) 지역 {n}개의 일부만 덮습니다: 래스터 밖의 인구는 세지 않으며, 커버 면적 비율은 래스터 안쪽 부분의 비율입니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/pipeline.py" line="524"/>
        <source>population raster {path}: {n} region holds no cell centre of it (smaller than its cells): the centre rule counts no people and no covered area there; the fraction rule counts the parts of cells: {items}</source>
        <comment>population raster {path}: {n} regions hold no cell centre of it (smaller than its cells): the centre rule counts no people and no covered area there; the fraction rule counts the parts of cells: {items}</comment>
        <translation>
            <numerusform>인구 래스터 {path}: 지역 {n}개에 셀 중심이 하나도 없습니다(셀보다 작음): 중심 규칙은 그곳의 인구도 커버 면적도 세지 않습니다. 비율 규칙은 셀의 일부를 셉니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="714"/>
        <source>live statistics need a population raster</source>
        <translation>실시간 통계에는 인구 래스터가 필요합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/pipeline.py" line="718"/>
        <source>live statistics use the cell-centre rule</source>
        <translation>실시간 통계는 셀 중심 규칙을 사용합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="186"/>
        <source>a geographic CRS (degrees)</source>
        <translation>지리 좌표계(도 단위)</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="188"/>
        <source>in {unit}</source>
        <translation>{unit} 단위</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="188"/>
        <source>in an unknown unit</source>
        <translation>알 수 없는 단위</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="190"/>
        <source>the metric CRS {crs} is {what}: distances are measured in metres, so choose a projected CRS in metres, e.g. {utm} (the UTM zone of the stations)</source>
        <translation>미터 좌표계 {crs}은(는) {what}입니다: 거리는 미터로 재므로 미터 단위 투영 좌표계를 선택하십시오(예: 기지국의 UTM 구역인 {utm})</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="193"/>
        <source>the metric CRS {crs} is {what}: distances are measured in metres, so choose a projected CRS in metres</source>
        <translation>미터 좌표계 {crs}은(는) {what}입니다: 거리는 미터로 재므로 미터 단위 투영 좌표계를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="338"/>
        <source>population raster {path}: cannot be opened ({error})</source>
        <translation>인구 래스터 {path}: 열 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="341"/>
        <source>population raster {path}: cannot be opened</source>
        <translation>인구 래스터 {path}: 열 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="346"/>
        <source>population raster {path} has no coordinate reference system: set it on the layer in QGIS (Layer Properties › Source), then run again</source>
        <translation>인구 래스터 {path}에 좌표계가 없습니다: QGIS에서 레이어에 좌표계를 설정한 뒤(레이어 속성 › 소스) 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="350"/>
        <source>population raster {path} has no band {band}</source>
        <translation>인구 래스터 {path}에 {band}번 밴드가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="361"/>
        <source>population raster {path} has no geotransform (no georeferencing): georeference it first</source>
        <translation>인구 래스터 {path}에 지오트랜스폼이 없습니다(지리참조 없음): 먼저 지리참조하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="366"/>
        <source>population raster {path}: {error}</source>
        <translation>인구 래스터 {path}: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="369"/>
        <source>red</source>
        <translation>빨강</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="369"/>
        <source>green</source>
        <translation>초록</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="369"/>
        <source>blue</source>
        <translation>파랑</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="370"/>
        <source>alpha</source>
        <translation>알파</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="372"/>
        <source>population raster {path}: band {band} is the {channel} channel of an image, not counts of people; choose a raster of people per cell (WorldPop, GHS-POP, LandScan...)</source>
        <translation>인구 래스터 {path}: {band}번 밴드는 인구 수가 아니라 영상의 {channel} 채널입니다. 셀당 인구 래스터(WorldPop, GHS-POP, LandScan 등)를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="381"/>
        <source>population raster {path} has {count} bands: band {band} ({description}) is counted (choose another with POPULATION_BAND, the dock&apos;s Population band or the command line&apos;s --band)</source>
        <translation>인구 래스터 {path}에 밴드가 {count}개 있습니다: {band}번 밴드({description})를 셉니다(다른 밴드는 POPULATION_BAND, 도크의 인구 밴드 또는 명령줄의 --band로 선택하십시오)</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="381"/>
        <source>no description</source>
        <translation>설명 없음</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="396"/>
        <source>population raster {path} looks like counts of people per cell ('{text}'), but its values are taken as people per km² and multiplied by the cell areas: untick POPULATION_IS_DENSITY ('Raster values are people per km²'), the dock's 'Values are people per km²' or the command line's --density if they are counts</source>
        <translation>인구 래스터 {path}은(는) 셀당 인구 수로 보이지만('{text}') 값을 km²당 인구로 보고 셀 면적을 곱합니다: 값이 인구 수라면 POPULATION_IS_DENSITY('래스터 값이 km²당 인구'), 도크의 'km²당 인구 값' 또는 명령줄의 --density를 해제하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="403"/>
        <source>population raster {path} looks like a density (people per km²: '{text}'), not counts per cell: covered population is only right for counts. Convert it with coveragestats' POPULATION_IS_DENSITY ('Raster values are people per km²'), the dock's 'Values are people per km²' or the command line's --density, or use a raster of counts (e.g. WorldPop 'ppp').</source>
        <translation>인구 래스터 {path}은(는) 셀당 인구 수가 아니라 밀도(km²당 인구: '{text}')로 보입니다: 커버 인구는 인구 수일 때만 맞습니다. coveragestats의 POPULATION_IS_DENSITY('래스터 값이 km²당 인구'), 도크의 'km²당 인구 값' 또는 명령줄의 --density로 변환하거나, 인구 수 래스터(예: WorldPop 'ppp')를 사용하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/scaling.py" line="96"/>
        <source>missing: {files}</source>
        <translation>없음: {files}</translation>
    </message>
    <message>
        <location filename="../plugin/core/scaling.py" line="96"/>
        <source>no reason given by GDAL</source>
        <translation>GDAL이 이유를 알려 주지 않음</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="427"/>
        <source>population raster {path}: cannot read rows {r0}-{r1}, columns {c0}-{c1} ({detail}); is the file complete (not an interrupted download) and are all its parts there?</source>
        <translation>인구 래스터 {path}: 행 {r0}-{r1}, 열 {c0}-{c1}을(를) 읽을 수 없습니다({detail}). 파일이 완전한지(다운로드가 중단되지 않았는지), 구성 파일이 모두 있는지 확인하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="470"/>
        <source>population raster {path}: cells holding {value}, the largest value of its {kind} type, are read as {people} people per km²; if that is a fill (no data), set it as the layer's no data value in QGIS (Layer Properties › Transparency; --nodata on the command line) and run again</source>
        <translation>인구 래스터 {path}: {kind} 형식의 최댓값인 {value}을(를) 가진 셀을 km²당 {people}명으로 읽습니다. 채움 값(데이터 없음)이라면 QGIS에서 레이어의 NoData 값으로 설정한 뒤(레이어 속성 › 투명도, 명령줄에서는 --nodata) 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="474"/>
        <source>population raster {path}: cells holding {value}, the largest value of its {kind} type, are read as {people} people each; if that is a fill (no data), set it as the layer's no data value in QGIS (Layer Properties › Transparency; --nodata on the command line) and run again</source>
        <translation>인구 래스터 {path}: {kind} 형식의 최댓값인 {value}을(를) 가진 셀을 각각 {people}명으로 읽습니다. 채움 값(데이터 없음)이라면 QGIS에서 레이어의 NoData 값으로 설정한 뒤(레이어 속성 › 투명도, 명령줄에서는 --nodata) 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="85"/>
        <source>unknown environment {value} (expected one of {expected})</source>
        <translation>알 수 없는 환경 {value}입니다({expected} 중 하나 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="95"/>
        <source>frequency and antenna heights must be positive</source>
        <translation>주파수와 안테나 높이는 양수여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="97"/>
        <source>unknown city size {value} (expected one of {expected})</source>
        <translation>알 수 없는 도시 규모 {value}입니다({expected} 중 하나 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="107"/>
        <source>unknown path-loss model {value} (expected {hata} or {cost231})</source>
        <translation>알 수 없는 경로 손실 모델 {value}입니다({hata} 또는 {cost231} 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="122"/>
        <source>distance must be positive</source>
        <translation>거리는 양수여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="164"/>
        <source>{model}: frequency {value} MHz is outside its validity range {lo}-{hi} MHz</source>
        <translation>{model}: 주파수 {value} MHz가 유효 범위 {lo}-{hi} MHz를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="167"/>
        <source>{model}: base antenna height {value} m is outside {lo}-{hi} m</source>
        <translation>{model}: 기지국 안테나 높이 {value} m가 {lo}-{hi} m를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="170"/>
        <source>{model}: mobile antenna height {value} m is outside {lo}-{hi} m</source>
        <translation>{model}: 단말 안테나 높이 {value} m가 {lo}-{hi} m를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="173"/>
        <source>{model}: distance {value} km is outside {lo}-{hi} km (the radius is extrapolated)</source>
        <translation>{model}: 거리 {value} km가 {lo}-{hi} km를 벗어납니다(반경은 외삽한 값입니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="185"/>
        <source>antenna height must be a positive number of metres, got {value}</source>
        <translation>안테나 높이는 양수(미터)여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="187"/>
        <source>unknown environment {value}</source>
        <translation>알 수 없는 환경 {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="192"/>
        <source>base antenna height {value} m makes the Hata distance term non-positive</source>
        <translation>기지국 안테나 높이 {value} m에서는 Hata 거리 항이 양수가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="259"/>
        <source>unknown frequency field kind {value}</source>
        <translation>알 수 없는 주파수 필드 종류 {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="269"/>
        <source>is not a finite number</source>
        <translation>유한한 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="277"/>
        <source>is not an {kind} (a whole channel number)</source>
        <translation>{kind}(정수 채널 번호)가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="285"/>
        <source>{name} {band} is not one the plugin knows ({bands}); give the frequency in MHz</source>
        <translation>{name} {band}은(는) 플러그인이 아는 밴드가 아닙니다({bands}). 주파수를 MHz로 입력하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="291"/>
        <source>is neither a frequency (1800, &apos;1800 MHz&apos;, &apos;3.5 GHz&apos;) nor a band (&apos;B3&apos;, &apos;n78&apos;)</source>
        <translation>주파수(1800, '1800 MHz', '3.5 GHz')도 밴드('B3', 'n78')도 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="296"/>
        <source>must be a positive frequency</source>
        <translation>양수인 주파수여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="305"/>
        <source>band {band} is not one the plugin knows; give the frequency in MHz</source>
        <translation>밴드 {band}은(는) 플러그인이 아는 밴드가 아닙니다. 주파수를 MHz로 입력하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="340"/>
        <source>{kind} {channel} is in no downlink band the plugin knows; give the frequency in MHz</source>
        <translation>{kind} {channel}은(는) 플러그인이 아는 하향링크 밴드에 속하지 않습니다. 주파수를 MHz로 입력하십시오</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/radio.py" line="419"/>
        <source>{n} station with {field} 0, read as omnidirectional (a full disc): {items}</source>
        <comment>{n} stations with {field} 0, read as omnidirectional (a full disc): {items}</comment>
        <translation>
            <numerusform>{field}가 0인 기지국 {n}개를 무지향성(전체 원)으로 읽었습니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="454"/>
        <source>{station}: {field} {value} {error}</source>
        <translation>{station}: {field} {value}: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="457"/>
        <source>{station}: {field} {value} is {mhz} MHz, no radio frequency of a base station</source>
        <translation>{station}: {field} {value}은(는) {mhz} MHz로, 기지국의 무선 주파수가 아닙니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/radio.py" line="474"/>
        <source>{field} of several frequencies read as the lowest (the widest reach) for {n} station: {items}</source>
        <comment>{field} of several frequencies read as the lowest (the widest reach) for {n} stations: {items}</comment>
        <translation>
            <numerusform>여러 주파수가 있는 {field}를 가장 낮은 주파수(가장 넓은 도달 범위)로 읽은 기지국 {n}개: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/radio.py" line="479"/>
        <source>{field} read as {unit} for {n} station: {items}</source>
        <comment>{field} read as {unit} for {n} stations: {items}</comment>
        <translation>
            <numerusform>{field}를 {unit}(으)로 읽은 기지국 {n}개: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/radio.py" line="483"/>
        <source>frequency from {field} for {n} station: {items}</source>
        <comment>frequency from {field} for {n} stations: {items}</comment>
        <translation>
            <numerusform>{field}에서 주파수를 구한 기지국 {n}개: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="62"/>
        <source>Cannot open the raster {src}: {error}.</source>
        <translation>래스터 {src}을(를) 열 수 없습니다: {error}.</translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="62"/>
        <source>unknown format</source>
        <translation>알 수 없는 형식</translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="148"/>
        <source>The raster {name} holds no data (every cell is nodata): nothing to export.</source>
        <translation>래스터 {name}에 데이터가 없습니다(모든 셀이 NoData): 내보낼 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="169"/>
        <source>values are not small non-negative integers: written without a colour table</source>
        <translation>값이 작은 음이 아닌 정수가 아니므로 색상표 없이 저장했습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="179"/>
        <source>Cannot create {name}: {error}</source>
        <translation>{name}을(를) 만들 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/raster_export.py" line="208"/>
        <source>Writing {name} failed: {error}</source>
        <translation>{name} 쓰기에 실패했습니다: {error}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/regions.py" line="139"/>
        <source>{n} region name is shared by several features, counted as one region (choose a field with unique names to keep them apart): {items}</source>
        <comment>{n} region names are shared by several features, each counted as one region (choose a field with unique names to keep them apart): {items}</comment>
        <translation>
            <numerusform>지역 이름 {n}개가 여러 피처에 함께 쓰여 이름마다 한 지역으로 셉니다(구분하려면 고유한 이름의 필드를 선택하십시오): {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/regions.py" line="175"/>
        <source>{n} pair of regions overlaps; the overlap is counted in the first region of the layer only (share of the smaller region): {items}</source>
        <comment>{n} pairs of regions overlap; each overlap is counted in the first region of the layer only (share of the smaller region): {items}</comment>
        <translation>
            <numerusform>지역 {n}쌍이 겹칩니다. 겹친 부분은 레이어의 첫 지역에서만 셉니다(작은 지역 대비 비율): {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/scaling.py" line="296"/>
        <source>terrain statistics (DEM line of sight) run on one machine: leave the Dask scheduler empty, or run without a DEM on the cluster</source>
        <translation>지형 통계(DEM 가시선)는 한 컴퓨터에서 실행합니다: Dask 스케줄러를 비우거나 클러스터에서는 DEM 없이 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/scaling.py" line="299"/>
        <source>the &apos;{rule}&apos; cell rule runs on one machine: use the &apos;centre&apos; rule on a cluster, or leave the Dask scheduler empty</source>
        <translation>'{rule}' 셀 규칙은 한 컴퓨터에서 실행합니다: 클러스터에서는 'centre' 규칙을 사용하거나 Dask 스케줄러를 비우십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="113"/>
        <source>DEM {dem}: antenna height {value} m must be 0-500 m</source>
        <translation>DEM {dem}: 안테나 높이 {value} m는 0-500 m여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="116"/>
        <source>DEM {dem}: vertical unit factor must be &gt; 0</source>
        <translation>DEM {dem}: 수직 단위 계수는 0보다 커야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="118"/>
        <source>DEM {dem}: cell size {value} m must be &gt; 0</source>
        <translation>DEM {dem}: 셀 크기 {value} m는 0보다 커야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="121"/>
        <source>frequency {value} MHz must be &gt; 0</source>
        <translation>주파수 {value} MHz는 0보다 커야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="216"/>
        <source>DEM {dem}: cannot be opened ({error})</source>
        <translation>DEM {dem}: 열 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="219"/>
        <source>DEM {dem} has no coordinate reference system: set it in Layer Properties › Source (e.g. EPSG:4326 for a DEM in degrees), then run again.</source>
        <translation>DEM {dem}에 좌표계가 없습니다: 레이어 속성 › 소스에서 좌표계를 설정한 뒤(예: 도 단위 DEM이면 EPSG:4326) 다시 실행하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="222"/>
        <source>DEM {dem} has no band {band}</source>
        <translation>DEM {dem}에 {band}번 밴드가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="229"/>
        <source>DEM {dem} declares its heights in {declared}, but they are read as {chosen}: set the vertical unit to {unit} if the file is right</source>
        <translation>DEM {dem}의 높이 단위는 {declared}(으)로 되어 있지만 {chosen}(으)로 읽습니다: 파일이 맞다면 수직 단위를 {unit}(으)로 설정하세요</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="235"/>
        <source>the working CRS {crs} is in degrees: choose a projected CRS in metres</source>
        <translation>작업 좌표계 {crs}은(는) 도 단위입니다: 미터 단위 투영 좌표계를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="239"/>
        <source>DEM {dem} is rotated: warp it to a north-up grid first</source>
        <translation>DEM {dem}이(가) 회전되어 있습니다: 먼저 북쪽이 위인 격자로 변환(워프)하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="251"/>
        <source>the stations are outside DEM {dem}</source>
        <translation>기지국이 DEM {dem} 범위 밖에 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="259"/>
        <source>DEM {dem}: its cell size could not be measured</source>
        <translation>DEM {dem}: 셀 크기를 측정할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="265"/>
        <source>DEM {dem}: the area of the stations is {millions} million cells of {cell} m; read at {coarse} m cells instead (set a cell size to choose)</source>
        <translation>DEM {dem}: 기지국 지역이 {cell} m 셀 {millions}백만 개입니다. 대신 {coarse} m 셀로 읽습니다(직접 정하려면 셀 크기를 설정하십시오)</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="282"/>
        <source>DEM {dem} could not be reprojected: {error}</source>
        <translation>DEM {dem}을(를) 재투영할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="285"/>
        <source>DEM {dem} has no data in the area of the stations</source>
        <translation>DEM {dem}에는 기지국이 있는 지역의 데이터가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="291"/>
        <source>DEM {dem}: {pct} % of its cells around the stations have no data (voids); they are never visible and do not block the view (fill them first if they hide terrain)</source>
        <translation>DEM {dem}: 기지국 주변 셀의 {pct} %에 데이터가 없습니다(빈 곳). 이 셀들은 보이지 않는 것으로 처리하며 시야를 가리지도 않습니다(지형이 빠져 있다면 먼저 채우십시오)</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="540"/>
        <source>no stations</source>
        <translation>기지국이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="560"/>
        <source>station {i}</source>
        <translation>기지국 {i}</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/terrain_coverage.py" line="575"/>
        <source>{n} station outside DEM {dem} covers nothing with terrain: {items}</source>
        <comment>{n} stations outside DEM {dem} cover nothing with terrain: {items}</comment>
        <translation>
            <numerusform>DEM {dem} 범위 밖에 있는 기지국 {n}개는 지형을 고려하면 아무 곳도 커버하지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/terrain_coverage.py" line="579"/>
        <source>{n} station standing on a DEM cell without data, with none holding data within {cells} cells, covers nothing with terrain: {items}</source>
        <comment>{n} stations standing on DEM cells without data, with none holding data within {cells} cells, cover nothing with terrain: {items}</comment>
        <translation>
            <numerusform>데이터가 없는 DEM 셀 위에 있고 {cells}셀 안에도 데이터가 있는 셀이 없는 기지국 {n}개는 지형을 고려하면 아무 곳도 커버하지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/terrain_coverage.py" line="591"/>
        <source>the coverage of {n} station reaches past DEM {dem} and is cut at its edge: {items}</source>
        <comment>the coverage of {n} stations reaches past DEM {dem} and is cut at its edge: {items}</comment>
        <translation>
            <numerusform>기지국 {n}개의 커버리지가 DEM {dem} 밖까지 닿아 그 가장자리에서 잘립니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/export.py" line="1052"/>
        <source>layer &apos;{name}&apos;</source>
        <translation>레이어 '{name}'</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/population.py" line="355"/>
        <source>population raster {path} is placed by {n} ground control point only, without a geotransform: warp it first ({how})</source>
        <comment>population raster {path} is placed by {n} ground control points only, without a geotransform: warp it first ({how})</comment>
        <translation>
            <numerusform>인구 래스터 {path}은(는) 지오트랜스폼 없이 지상기준점 {n}개로만 위치가 정해져 있습니다: 먼저 변환(워프)하십시오({how})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/population.py" line="355"/>
        <source>gdalwarp, or Raster › Projections › Warp in QGIS</source>
        <translation>gdalwarp 또는 QGIS의 래스터 › 투영 › 변환(워프)</translation>
    </message>
    <message>
        <location filename="../plugin/core/coverage.py" line="60"/>
        <source>rotated rasters are not supported: warp the raster to a north-up grid first</source>
        <translation>회전된 래스터는 지원하지 않습니다: 먼저 래스터를 북쪽이 위인 격자로 변환(워프)하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/coverage.py" line="63"/>
        <source>rasters stored south-up or right-to-left (pixel size {x} x {y}) are not supported: warp the raster to a north-up grid first</source>
        <translation>남쪽이 위이거나 오른쪽에서 왼쪽으로 저장된 래스터(픽셀 크기 {x} x {y})는 지원하지 않습니다: 먼저 래스터를 북쪽이 위인 격자로 변환(워프)하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/coverage.py" line="213"/>
        <source>station {i}: position is not a finite number</source>
        <translation>기지국 {i}: 위치가 유한한 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stats.py" line="960"/>
        <source>station {i}: radius {value} m must be a positive number</source>
        <translation>기지국 {i}: 반경 {value} m는 양수여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/coverage.py" line="460"/>
        <source>unknown best-server mode {mode} (expected nearest or strongest)</source>
        <translation>알 수 없는 최적 서버 방식 {mode}입니다(nearest 또는 strongest 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/geo.py" line="14"/>
        <source>longitude/latitude must be finite numbers</source>
        <translation>경도/위도는 유한한 숫자여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/geo.py" line="16"/>
        <source>latitude {value} is outside [-90, 90]</source>
        <translation>위도 {value}이(가) [-90, 90]을 벗어납니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="115"/>
        <source>azimuth {value} is neither a bearing in degrees nor a compass point (N, NE, E, SE, S, SW, W, NW...)</source>
        <translation>방위각 {value}은(는) 도 단위 방위도 나침반 방위(N, NE, E, SE, S, SW, W, NW...)도 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="118"/>
        <source>azimuth {value} is not a finite number</source>
        <translation>방위각 {value}은(는) 유한한 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stats.py" line="815"/>
        <source>penetration {value} must be between 0 and 1</source>
        <translation>보급률 {value}은(는) 0과 1 사이여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="126"/>
        <source>target height must be a number &gt;= 0 m, got {value}</source>
        <translation>수신 높이는 0 m 이상의 숫자여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="151"/>
        <source>refraction factor k must be &gt; 0, got {value}</source>
        <translation>굴절 계수 k는 0보다 커야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="130"/>
        <source>Fresnel clearance must be between 0 and 1, got {value}</source>
        <translation>프레넬 여유도는 0과 1 사이여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="189"/>
        <source>station {i}: {field} {value} is not valid</source>
        <translation>기지국 {i}: {field} {value}은(는) 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="325"/>
        <source>station {i} stands on a DEM cell without data (nodata) and has no cell with data within {cells} cells</source>
        <translation>기지국 {i}이(가) 데이터가 없는(NoData) DEM 셀 위에 있고 {cells}셀 안에도 데이터가 있는 셀이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="451"/>
        <source>station {i} ({x}, {y}) is outside the DEM</source>
        <translation>기지국 {i}({x}, {y})이(가) DEM 범위 밖에 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/kml.py" line="174"/>
        <source>geometry type {kind} cannot be written to KML</source>
        <translation>도형 유형 {kind}은(는) KML로 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="53"/>
        <source>Make it writable or choose another name.</source>
        <translation>쓰기 가능하게 하거나 다른 이름을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="54"/>
        <source>Close it there and try again.</source>
        <translation>그 프로그램에서 닫은 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="55"/>
        <source>Cannot replace {path}: {reason}. {advice}</source>
        <translation>{path}을(를) 바꿀 수 없습니다: {reason}. {advice}</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="76"/>
        <source>it is open in an office program (lock file {name})</source>
        <translation>오피스 프로그램에서 열려 있습니다(잠금 파일 {name})</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="79"/>
        <source>it is read-only</source>
        <translation>읽기 전용입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="83"/>
        <source>it is open (locked) in another program</source>
        <translation>다른 프로그램에서 열려(잠겨) 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="87"/>
        <source>it is open in another program</source>
        <translation>다른 프로그램에서 열려 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="89"/>
        <source>it cannot be opened ({error})</source>
        <translation>열 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="159"/>
        <source>{folder} is not a folder.</source>
        <translation>{folder}은(는) 폴더가 아닙니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="163"/>
        <source>Cannot create the folder {folder}: {error}. Choose another folder.</source>
        <translation>폴더 {folder}을(를) 만들 수 없습니다: {error}. 다른 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="168"/>
        <source>The folder {folder} is not writable ({error}). Choose another folder.</source>
        <translation>폴더 {folder}에 쓸 수 없습니다({error}). 다른 폴더를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="179"/>
        <source>{path} is not a file name.</source>
        <translation>{path}은(는) 파일 이름이 아닙니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="181"/>
        <source>{path} is a folder, not a file.</source>
        <translation>{path}은(는) 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="188"/>
        <source>{path} already exists. Agree to replace it (OVERWRITE) or choose another name.</source>
        <translation>{path}이(가) 이미 있습니다. 바꾸기에 동의하거나(OVERWRITE) 다른 이름을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="305"/>
        <source>Cannot replace {path}: {error}. It is being edited in another program: save or close it there and try again.</source>
        <translation>{path}을(를) 바꿀 수 없습니다: {error}. 다른 프로그램에서 편집 중입니다: 그 프로그램에서 저장하거나 닫은 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="307"/>
        <source>Cannot replace {path}: {error}.</source>
        <translation>{path}을(를) 바꿀 수 없습니다: {error}.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="345"/>
        <source>Nothing was written for {path}.</source>
        <translation>{path}에 아무것도 기록되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="350"/>
        <source>{path} appeared while writing; it was left untouched.</source>
        <translation>쓰는 동안 {path}이(가) 생겨 그대로 두었습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/safe_write.py" line="357"/>
        <source>Cannot replace {path}: it is open in another program. Close it there and try again.</source>
        <translation>{path}을(를) 바꿀 수 없습니다: 다른 프로그램에서 열려 있습니다. 그 프로그램에서 닫은 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/tables.py" line="72"/>
        <source>The statistics table has no region column (expected a field named &apos;region&apos;).</source>
        <translation>통계 표에 지역 열이 없습니다('region' 필드가 필요합니다).</translation>
    </message>
    <message>
        <location filename="../plugin/core/tables.py" line="229"/>
        <source>The station table has no lon/lat positions.</source>
        <translation>기지국 표에 lon/lat 위치가 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="141"/>
        <source>line {line}, {field}: {reason}</source>
        <translation>{line}행, {field}: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="142"/>
        <source>line {line}: {reason}</source>
        <translation>{line}행: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="144"/>
        <source>file, {field}: {reason}</source>
        <translation>파일, {field}: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="145"/>
        <source>file: {reason}</source>
        <translation>파일: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="182"/>
        <source>Nothing was imported: fix these rows, or choose to skip them.</source>
        <translation>아무것도 가져오지 않았습니다: 이 행들을 고치거나 건너뛰기를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="219"/>
        <source>unknown text encoding {encoding}</source>
        <translation>알 수 없는 텍스트 인코딩 {encoding}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="222"/>
        <source>the text is not valid {encoding} (byte {byte}); choose its encoding</source>
        <translation>텍스트가 올바른 {encoding}이(가) 아닙니다({byte}번째 바이트). 인코딩을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="230"/>
        <source>the file starts with a UTF-16 mark but is not valid UTF-16</source>
        <translation>파일이 UTF-16 표시로 시작하지만 올바른 UTF-16이 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="236"/>
        <source>the file looks like {encoding} text (every other byte is zero) but is not valid {encoding}; choose its encoding</source>
        <translation>파일이 {encoding} 텍스트로 보이지만(한 바이트 걸러 0) 올바른 {encoding}이(가) 아닙니다. 인코딩을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="254"/>
        <source>text is not UTF-8 while the rest of the file is: the file mixes encodings; re-save it as UTF-8</source>
        <translation>파일의 나머지는 UTF-8인데 이 텍스트는 UTF-8이 아닙니다: 파일에 인코딩이 섞여 있습니다. UTF-8로 다시 저장하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="515"/>
        <source>a web page ({title})</source>
        <translation>웹 페이지({title})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="515"/>
        <source>a web page</source>
        <translation>웹 페이지</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="516"/>
        <source>the text {text}</source>
        <translation>텍스트 {text}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="517"/>
        <source>is not a {kind} file but {answer}: the download failed (an invalid key or a limit reached?); download it again</source>
        <translation>{kind} 파일이 아니라 {answer}입니다: 다운로드가 실패했습니다(잘못된 키이거나 한도에 도달?). 다시 다운로드하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="519"/>
        <source>is not a valid {kind} file ({error})</source>
        <translation>올바른 {kind} 파일이 아닙니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4382"/>
        <source>is a folder, not a file</source>
        <translation>파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="539"/>
        <source>cannot be read ({error})</source>
        <translation>읽을 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3497"/>
        <source>the file is empty</source>
        <translation>파일이 비어 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="642"/>
        <source>is a web page{title}, not a CSV file: the download failed or saved the page instead of the file; download it again</source>
        <translation>CSV 파일이 아니라 웹 페이지{title}입니다: 다운로드가 실패했거나 파일 대신 페이지가 저장되었습니다. 다시 다운로드하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="657"/>
        <source>; the file seems to use {delimiter}</source>
        <translation>; 파일은 {delimiter}을(를) 쓰는 것 같습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="658"/>
        <source>only one column found with the delimiter {delimiter}{hint}</source>
        <translation>구분자 {delimiter}(으)로는 열이 하나만 있습니다{hint}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="723"/>
        <source>not a readable CSV file ({error})</source>
        <translation>읽을 수 있는 CSV 파일이 아닙니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="714"/>
        <source>{count} values where the header has {width} (delimiter {delimiter})</source>
        <translation>머리글은 값이 {width}개인데 {count}개입니다(구분자 {delimiter})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="785"/>
        <source>not a date: {value} (use YYYY-MM-DD)</source>
        <translation>날짜가 아닙니다: {value}(YYYY-MM-DD 형식 사용)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="938"/>
        <source> (a number is read as a generation, 2-5, only in a column whose numbers all are generations or one named generation)</source>
        <translation> (숫자는 모든 숫자가 세대 번호인 열이나 generation이라는 이름의 열에서만 세대(2-5)로 읽습니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="943"/>
        <source>{value} is not a known technology (2G, 3G, 4G, 5G, GSM, UMTS, LTE, NR){hint}</source>
        <translation>{value}은(는) 알려진 기술(2G, 3G, 4G, 5G, GSM, UMTS, LTE, NR)이 아닙니다{hint}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="957"/>
        <source>not a list of bearings: {value}</source>
        <translation>방위 목록이 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="964"/>
        <source> (are the longitude and latitude columns swapped?)</source>
        <translation> (경도와 위도 열이 바뀌었나요?)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1063"/>
        <source>the column {column} chosen for {role} is not in the file</source>
        <translation>{role}(으)로 선택한 열 {column}이(가) 파일에 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1437"/>
        <source>the file has a header but no data rows</source>
        <translation>파일에 머리글만 있고 데이터 행이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1217"/>
        <source>longitude</source>
        <translation>경도</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1217"/>
        <source>latitude</source>
        <translation>위도</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1227"/>
        <source>{value} is a {axis} (its hemisphere letter) in the {column} column</source>
        <translation>{value}은(는) {column} 열에 있는 {axis}입니다(반구 문자)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1255"/>
        <source>no coordinate columns found (expected lon/lat, longitude/latitude or x/y, or one column of &apos;lat, lon&apos; pairs or of WKT, WKB or GeoJSON points); columns are: {columns}</source>
        <translation>좌표 열을 찾지 못했습니다(lon/lat, longitude/latitude 또는 x/y, 또는 'lat, lon' 쌍이나 WKT, WKB, GeoJSON 점으로 된 열 하나가 필요합니다). 열: {columns}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1269"/>
        <source>the columns {x}/{y} hold projected coordinates (e.g. {sample}): choose their CRS</source>
        <translation>열 {x}/{y}에 투영 좌표가 있습니다(예: {sample}): 좌표계를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1319"/>
        <source>a WKT point (&apos;POINT (lon lat)&apos;)</source>
        <translation>WKT 점('POINT (lon lat)')</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1319"/>
        <source>a &apos;lat, lon&apos; pair</source>
        <translation>'lat, lon' 쌍</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1321"/>
        <source>a &apos;lon, lat&apos; pair</source>
        <translation>'lon, lat' 쌍</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1323"/>
        <source>not {expected}: {value}</source>
        <translation>{expected}이(가) 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1382"/>
        <source>not a WKB point: {value}</source>
        <translation>WKB 점이 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1383"/>
        <source>not a GeoJSON point: {value}</source>
        <translation>GeoJSON 점이 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1387"/>
        <source>SRID {srid} where the first points have SRID {first}</source>
        <translation>앞의 점들은 SRID {first}인데 SRID {srid}입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1415"/>
        <source>unknown CRS {crs} ({error})</source>
        <translation>알 수 없는 좌표계 {crs}({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1484"/>
        <source>text is not {encoding}; re-save the file as UTF-8</source>
        <translation>텍스트가 {encoding}이(가) 아닙니다. 파일을 UTF-8로 다시 저장하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="280"/>
        <source>missing coordinate</source>
        <translation>좌표가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1571"/>
        <source>{value} is too large for a 64-bit identifier</source>
        <translation>{value}은(는) 64비트 식별자로는 너무 큽니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1572"/>
        <source>not an integer: {value}</source>
        <translation>정수가 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1573"/>
        <source>not a date: {value}</source>
        <translation>날짜가 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="299"/>
        <source>not a number: {value}</source>
        <translation>숫자가 아닙니다: {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1583"/>
        <source>unknown radio {value} (expected GSM, CDMA, UMTS, LTE, NBIOT, NR or a technology such as WCDMA, 4G, LTE-M)</source>
        <translation>알 수 없는 radio {value}(GSM, CDMA, UMTS, LTE, NBIOT, NR 또는 WCDMA, 4G, LTE-M 같은 기술 필요)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1609"/>
        <source> (are the lon and lat columns swapped?)</source>
        <translation> (lon과 lat 열이 바뀌었나요?)</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="284"/>
        <source>{value} is outside [{lo}, {hi}]{hint}</source>
        <translation>{value}이(가) [{lo}, {hi}] 범위를 벗어납니다{hint}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1631"/>
        <source>duplicate cell {radio} {mcc}-{net} area {area} cell {cell} (first on line {first})</source>
        <translation>중복 셀 {radio} {mcc}-{net} area {area} cell {cell}(처음은 {first}행)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1925"/>
        <source>the KML declares a DOCTYPE or ENTITY (external entities, entity expansion): refused for safety; remove the declaration</source>
        <translation>KML에 DOCTYPE 또는 ENTITY 선언(외부 엔터티, 엔터티 확장)이 있습니다: 안전을 위해 거부합니다. 선언을 제거하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4011"/>
        <source>not valid XML ({error})</source>
        <translation>올바른 XML이 아닙니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1934"/>
        <source>KMZ (zip) archive</source>
        <translation>KMZ(zip) 압축 파일</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1935"/>
        <source>{kind} file</source>
        <translation>{kind} 파일</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1935"/>
        <source>file</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1936"/>
        <source>is not a valid {kind}: cut or damaged ({error}){member}</source>
        <translation>올바른 {kind}이(가) 아닙니다: 잘렸거나 손상되었습니다({error}){member}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1939"/>
        <source>not a KML document (its root element is &lt;{element}&gt;)</source>
        <translation>KML 문서가 아닙니다(루트 요소가 &lt;{element}&gt;)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1986"/>
        <source>no geometry</source>
        <translation>도형 없음</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1987"/>
        <source>placemark {name} has {kind}, not a point</source>
        <translation>플레이스마크 {name}은(는) 점이 아니라 {kind}입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1996"/>
        <source> (point {k} of {n})</source>
        <translation> ({n}개 중 {k}번째 점)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1997"/>
        <source>not &apos;lon,lat[,alt]&apos;: {value}{which}</source>
        <translation>'lon,lat[,alt]'이 아닙니다: {value}{which}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2080"/>
        <source>{problem} (in the linked {name})</source>
        <translation>{problem} (연결된 {name}에서)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2099"/>
        <source>{member}the KML only links to places elsewhere (NetworkLink to {href}), which cannot be followed offline: open it in Google Earth and save the linked places as KML/KMZ</source>
        <translation>{member}KML이 다른 곳의 장소에 연결만 하고 있어(NetworkLink: {href}) 오프라인으로 따라갈 수 없습니다: Google Earth에서 열어 연결된 장소를 KML/KMZ로 저장하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2372"/>
        <source>links to {href}: the places it loads cannot be followed offline and are not imported</source>
        <translation>{href}에 연결합니다: 불러오는 장소를 오프라인으로 따라갈 수 없어 가져오지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2105"/>
        <source>the KML holds no placemarks</source>
        <translation>KML에 플레이스마크가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2107"/>
        <source>{member}: the KML</source>
        <translation>{member}: KML</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2107"/>
        <source>the KML</source>
        <translation>KML</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2762"/>
        <source>{problem} (in {member})</source>
        <translation>{problem} ({member}에서)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2253"/>
        <source>track {name}: gx:coord {value} is not &apos;lon lat [alt]&apos;</source>
        <translation>트랙 {name}: gx:coord {value}이(가) 'lon lat [alt]'이 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2258"/>
        <source>track {name} has no position (no gx:coord)</source>
        <translation>트랙 {name}에 위치가 없습니다(gx:coord 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2431"/>
        <source>the text looks like {encoding} (every other byte is zero) but is not valid {encoding}{member}</source>
        <translation>텍스트가 {encoding}(으)로 보이지만(한 바이트 걸러 0) 올바른 {encoding}이(가) 아닙니다{member}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2449"/>
        <source>the XML declares an unknown text encoding {encoding}{member}</source>
        <translation>XML이 알 수 없는 텍스트 인코딩 {encoding}을(를) 선언합니다{member}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2470"/>
        <source>the text is not valid {encoding} as its XML declaration says (byte {byte}){member}</source>
        <translation>텍스트가 XML 선언과 달리 올바른 {encoding}이(가) 아닙니다({byte}번째 바이트){member}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2502"/>
        <source>Vector › Geometry Tools › Centroids</source>
        <translation>벡터 › 도형 도구 › 중심점</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2722"/>
        <source>not a valid KMZ (zip) archive</source>
        <translation>올바른 KMZ(zip) 압축 파일이 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2728"/>
        <source>the KMZ contains no KML file</source>
        <translation>KMZ에 KML 파일이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2733"/>
        <source>its KML would expand to {mb} MB: refused</source>
        <translation>KML의 압축을 풀면 {mb} MB가 됩니다: 거부합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2811"/>
        <source>GDAL&apos;s Python bindings are missing ({error})</source>
        <translation>GDAL의 Python 바인딩이 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2825"/>
        <source>layer {layer} has no CRS (a shapefile without its .prj?): choose its CRS</source>
        <translation>레이어 {layer}에 좌표계가 없습니다(.prj 없는 shapefile?): 좌표계를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2829"/>
        <source>unknown CRS {crs}</source>
        <translation>알 수 없는 좌표계 {crs}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3032"/>
        <source>cannot be opened as vector data ({error})</source>
        <translation>벡터 데이터로 열 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3035"/>
        <source>holds no vector layer</source>
        <translation>벡터 레이어가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3515"/>
        <source>has no layer {layer} (layers: {layers})</source>
        <translation>레이어 {layer}이(가) 없습니다(레이어: {layers})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3057"/>
        <source>the column {column} chosen for {role} is not in layer {layer}</source>
        <translation>{role}(으)로 선택한 열 {column}이(가) 레이어 {layer}에 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3077"/>
        <source>layer {layer} has no geometry and no longitude/latitude columns (its columns: {columns}){more}</source>
        <translation>레이어 {layer}에 도형도 경도/위도 열도 없습니다(열: {columns}){more}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3077"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3077"/>
        <source>; the file&apos;s layers with positions: {layers}</source>
        <translation>; 위치가 있는 파일의 레이어: {layers}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3100"/>
        <source> nor {lon}/{lat} values</source>
        <translation>, {lon}/{lat} 값도 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3101"/>
        <source>feature has no geometry{values}</source>
        <translation>피처에 도형이 없습니다{values}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3128"/>
        <source>is a {kind}, not a point</source>
        <translation>점이 아니라 {kind}입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3641"/>
        <source>layer {layer} holds no features</source>
        <translation>레이어 {layer}에 피처가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3150"/>
        <source>layer {layer}</source>
        <translation>레이어 {layer}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3524"/>
        <source>not a readable OpenStreetMap file ({error})</source>
        <translation>읽을 수 있는 OpenStreetMap 파일이 아닙니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3791"/>
        <source>holds no OpenStreetMap data</source>
        <translation>OpenStreetMap 데이터가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3770"/>
        <source>not an OpenStreetMap file (its root element is &lt;{element}&gt;)</source>
        <translation>OpenStreetMap 파일이 아닙니다(루트 요소가 &lt;{element}&gt;)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3772"/>
        <source>the file declares a DOCTYPE or ENTITY: refused for safety</source>
        <translation>파일에 DOCTYPE 또는 ENTITY 선언이 있습니다: 안전을 위해 거부합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3847"/>
        <source>OSM {kind} {id}: its nodes are not in the file, so it has no position (export it with its nodes, or run the Overpass query with &apos;out center;&apos;)</source>
        <translation>OSM {kind} {id}: 노드가 파일에 없어 위치가 없습니다(노드와 함께 내보내거나 Overpass 쿼리를 'out center;'로 실행하십시오)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3913"/>
        <source>JSON must be UTF-8 text (byte {byte} is not)</source>
        <translation>JSON은 UTF-8 텍스트여야 합니다({byte}번째 바이트가 아님)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3918"/>
        <source>not valid JSON ({error}, column {column})</source>
        <translation>올바른 JSON이 아닙니다({error}, {column}열)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4015"/>
        <source>the file is an error answer of the OpenCelliD API: {error} (code {code})</source>
        <translation>파일이 OpenCelliD API의 오류 응답입니다: {error}(코드 {code})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3951"/>
        <source>not an OpenCelliD API answer (no &quot;cells&quot; list)</source>
        <translation>OpenCelliD API 응답이 아닙니다(&quot;cells&quot; 목록 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4019"/>
        <source>the OpenCelliD answer holds no cells</source>
        <translation>OpenCelliD 응답에 셀이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3955"/>
        <source>not a cell object</source>
        <translation>셀 객체가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3961"/>
        <source>the cells have no {missing} field (fields: {fields})</source>
        <translation>셀에 {missing} 필드가 없습니다(필드: {fields})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4009"/>
        <source>the XML declares a DOCTYPE or ENTITY: refused for safety</source>
        <translation>XML에 DOCTYPE 또는 ENTITY 선언이 있습니다: 안전을 위해 거부합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4013"/>
        <source>not an OpenCelliD API answer (its root element is &lt;{element}&gt;)</source>
        <translation>OpenCelliD API 응답이 아닙니다(루트 요소가 &lt;{element}&gt;)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4015"/>
        <source>no reason given</source>
        <translation>이유 없음</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4023"/>
        <source>the cells have no {missing} attribute (attributes: {attributes})</source>
        <translation>셀에 {missing} 속성이 없습니다(속성: {attributes})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4047"/>
        <source>not an Overpass answer (no &quot;{key}&quot; list)</source>
        <translation>Overpass 응답이 아닙니다(&quot;{key}&quot; 목록 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4068"/>
        <source>OSM {kind} {id}: {reason}</source>
        <translation>OSM {kind} {id}: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4096"/>
        <source>the Overpass answer is incomplete ({remark}): run the query again with a larger [timeout:...] or [maxsize:...], or over a smaller area</source>
        <translation>Overpass 응답이 완전하지 않습니다({remark}): 더 큰 [timeout:...] 또는 [maxsize:...]로, 또는 더 작은 지역에 대해 쿼리를 다시 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4111"/>
        <source>no mobile base station among its {scanned} (looked for man_made=mast|tower|communications_tower with tower:type=communication or communication:mobile_phone, an antenna for mobile phones, or telecom=bts){hint}</source>
        <translation>{scanned} 중에 이동통신 기지국이 없습니다(tower:type=communication 또는 communication:mobile_phone이 있는 man_made=mast|tower|communications_tower, 휴대전화용 안테나, 또는 telecom=bts를 찾음){hint}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4190"/>
        <source>has no position: run the Overpass query with &apos;out center;&apos; (or &apos;out geom;&apos;)</source>
        <translation>위치가 없습니다: Overpass 쿼리를 'out center;'(또는 'out geom;')로 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4251"/>
        <source>has no geometry</source>
        <translation>도형이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4254"/>
        <source>has an empty point</source>
        <translation>빈 점입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4259"/>
        <source>has an unreadable {kind} geometry</source>
        <translation>읽을 수 없는 {kind} 도형입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4384"/>
        <source>not a valid zip archive</source>
        <translation>올바른 zip 압축 파일이 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4394"/>
        <source>the zip holds no station file (CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, XLSX, ODS): it holds {files}</source>
        <translation>zip에 기지국 파일(CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, XLSX, ODS)이 없습니다: 들어 있는 것은 {files}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4394"/>
        <source>the zip holds no station file (CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, XLSX, ODS): it is empty</source>
        <translation>zip에 기지국 파일(CSV, TXT, KML, Shapefile, GeoJSON, GeoPackage, GPX, OSM, XLSX, ODS)이 없습니다: 비어 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4405"/>
        <source>the zip holds {n} station files ({files}){held}: unzip it and import one of them</source>
        <translation>zip에 기지국 파일이 {n}개 있습니다({files}){held}: 압축을 풀고 그중 하나를 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4415"/>
        <source>{member} would expand to {mb} MB: refused</source>
        <translation>{member}의 압축을 풀면 {mb} MB가 됩니다: 거부합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4422"/>
        <source>{member} cannot be extracted: the zip is cut or damaged ({error})</source>
        <translation>{member}을(를) 압축 해제할 수 없습니다: zip이 잘렸거나 손상되었습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4361"/>
        <source>(in {member})</source>
        <translation>({member}에서)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4363"/>
        <source>{member} cannot be extracted ({error})</source>
        <translation>{member}을(를) 압축 해제할 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="266"/>
        <source>lon and lat are both 0: no position (a place or cell exported without its location)</source>
        <translation>lon과 lat가 모두 0입니다: 위치가 없습니다(위치 없이 내보낸 장소나 셀)</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="274"/>
        <source>column is missing</source>
        <translation>열이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="302"/>
        <source>{value} is below {limit}</source>
        <translation>{value}이(가) {limit}보다 작습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="306"/>
        <source>{value} is above {limit}</source>
        <translation>{value}이(가) {limit}보다 큽니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="312"/>
        <source>{value} is not one of {choices}</source>
        <translation>{value}은(는) {choices} 중 하나가 아닙니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/stations.py" line="318"/>
        <source>duplicate id {value}</source>
        <translation>중복 id {value}</translation>
    </message>
    <message>
        <location filename="../plugin/core/distributed.py" line="71"/>
        <source>scheduler {value}: &apos;local:N&apos; needs a whole number of workers</source>
        <translation>스케줄러 {value}: 'local:N'에는 작업자 수를 정수로 입력해야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/distributed.py" line="74"/>
        <source>scheduler {value}: the number of workers must be at least 1</source>
        <translation>스케줄러 {value}: 작업자 수는 1 이상이어야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/distributed.py" line="77"/>
        <source>scheduler {value}: give &apos;local:N&apos; or an address such as tcp://host:8786</source>
        <translation>스케줄러 {value}: 'local:N' 또는 tcp://host:8786 같은 주소를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/mast.py" line="974"/>
        <source>pixel size {size} m is outside 0.05-5 m: the detector needs 0.3-1 m imagery in a projected CRS in metres</source>
        <translation>픽셀 크기 {size} m가 0.05-5 m를 벗어납니다: 탐지기에는 미터 단위 투영 좌표계의 0.3-1 m 영상이 필요합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="334"/>
        <source>the raster CRS is in {units}, not a unit of length: reproject it to a projected CRS in metres</source>
        <translation>래스터 좌표계의 단위가 길이 단위가 아닌 {units}입니다: 미터 단위 투영 좌표계로 재투영하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="334"/>
        <source>unknown units</source>
        <translation>알 수 없는 단위</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="104"/>
        <source>the raster has no coordinate reference system: georeference it first (a projected CRS in metres, e.g. its UTM zone)</source>
        <translation>래스터에 좌표계가 없습니다: 먼저 지리참조하십시오(미터 단위 투영 좌표계, 예: 해당 UTM 구역)</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="107"/>
        <source>the raster is in a geographic CRS (degrees): reproject it to a projected CRS in metres (e.g. its UTM zone) or let the plugin read it at a ground resolution</source>
        <translation>래스터가 지리 좌표계(도 단위)입니다: 미터 단위 투영 좌표계(예: 해당 UTM 구역)로 재투영하거나 플러그인이 지상 해상도로 읽게 하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="111"/>
        <source>pixel size {size} m is outside 0.05-5 m: the detector needs imagery of about 0.3-1 m</source>
        <translation>픽셀 크기 {size} m가 0.05-5 m를 벗어납니다: 탐지기에는 약 0.3-1 m 영상이 필요합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="196"/>
        <source>{path}: cannot be opened ({error})</source>
        <translation>{path}: 열 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="215"/>
        <source>the raster is placed by {n} ground control points only, without a geotransform: warp it first ({how})</source>
        <translation>래스터가 지오트랜스폼 없이 지상기준점 {n}개로만 위치가 정해져 있습니다: 먼저 변환(워프)하십시오({how})</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="215"/>
        <source>gdalwarp, or Raster &gt; Projections &gt; Warp in QGIS</source>
        <translation>gdalwarp 또는 QGIS의 래스터 &gt; 투영 &gt; 변환(워프)</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="220"/>
        <source>the raster has no geotransform (no world file, no georeferencing): georeference it first</source>
        <translation>래스터에 지오트랜스폼이 없습니다(월드 파일도 지리참조도 없음): 먼저 지리참조하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="234"/>
        <source>the raster&apos;s coordinate reference system cannot be read ({error})</source>
        <translation>래스터의 좌표계를 읽을 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="245"/>
        <source>the raster&apos;s geotransform has a zero pixel size</source>
        <translation>래스터의 지오트랜스폼에서 픽셀 크기가 0입니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="248"/>
        <source>its pixels are not square ({u} x {v} map units, axes {skew}° from square): warp it to square pixels first (e.g. gdalwarp)</source>
        <translation>픽셀이 정사각형이 아닙니다({u} x {v} 지도 단위, 축이 직각에서 {skew}° 벗어남): 먼저 정사각형 픽셀로 변환(워프)하십시오(예: gdalwarp)</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/tiling.py" line="363"/>
        <source>the search extent does not overlap the raster</source>
        <translation>검색 범위가 래스터와 겹치지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="48"/>
        <source>ONNX model {file}: {reason}</source>
        <translation>ONNX 모델 {file}: {reason}</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="68"/>
        <source>the file does not exist</source>
        <translation>파일이 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="74"/>
        <source>it cannot be loaded by onnxruntime: {error}</source>
        <translation>onnxruntime으로 불러올 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="85"/>
        <source>it takes {n} inputs ({names}); the detector gives it one image, float32 [1, 3, H, W]</source>
        <translation>입력이 {n}개({names})입니다. 탐지기는 영상 하나, float32 [1, 3, H, W]를 줍니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="93"/>
        <source>its input &apos;{name}&apos; is {shape}; the detector gives it float32 [1, 3, H, W] (one RGB image)</source>
        <translation>입력 '{name}'의 형태가 {shape}입니다. 탐지기는 float32 [1, 3, H, W](RGB 영상 하나)를 줍니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="97"/>
        <source>its input &apos;{name}&apos; is of type {type}; the detector gives it float32 (RGB in 0-1)</source>
        <translation>입력 '{name}'의 자료형이 {type}입니다. 탐지기는 float32(0-1 범위의 RGB)를 줍니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="133"/>
        <source>its outputs are {outputs}; the detector reads one [N, 5] (x1, y1, x2, y2, score) or boxes [N, 4] and scores [N]</source>
        <translation>출력이 {outputs}입니다. 탐지기는 [N, 5](x1, y1, x2, y2, score) 하나, 또는 boxes [N, 4]와 scores [N]를 읽습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="158"/>
        <source>it returned {boxes} boxes but {scores} scores ({outputs})</source>
        <translation>상자 {boxes}개와 점수 {scores}개를 돌려주었습니다({outputs})</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="180"/>
        <source>it fails on a tile {shape} given to its input &apos;{name}&apos;: {error}</source>
        <translation>입력 '{name}'에 준 타일 {shape}에서 실패합니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="186"/>
        <source>its scores run from {low:g} to {high:g}, not probabilities in 0-1 (logits?): end the model with a sigmoid</source>
        <translation>점수가 {low:g}에서 {high:g}까지로 0-1 범위의 확률이 아닙니다(로짓?): 모델 끝에 시그모이드를 두세요</translation>
    </message>
    <message>
        <location filename="../plugin/core/scaling.py" line="98"/>
        <source>population raster {path}: cannot read rows {r0}-{r1}, columns {c0}-{c1} ({detail})</source>
        <translation>인구 래스터 {path}: 행 {r0}-{r1}, 열 {c0}-{c1}을(를) 읽을 수 없습니다({detail})</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2500"/>
        <source> (areas up to {m} m across are read as towers&apos; footprints, at their centroid; these are larger)</source>
        <translation>(폭 {m} m 이하의 면은 철탑 부지로 보고 중심점으로 읽습니다. 이것들은 그보다 큽니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2502"/>
        <source>{what} holds only lines or areas ({held}), not a point: a station is a point{larger}. For towers drawn as areas, make their centroids in QGIS ({menu}) and import those</source>
        <translation>{what}에는 점이 없고 선이나 면만 있습니다({held}): 기지국은 점입니다{larger}. 면으로 그린 철탑은 QGIS에서 중심점을 만든 뒤({menu}) 그것을 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3059"/>
        <source>layer {layer}: </source>
        <translation>레이어 {layer}: </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3062"/>
        <source>layer {layer} has no geometry and no column is chosen for the position (lon and lat, or x and y); its columns: {columns}</source>
        <translation>레이어 {layer}에는 도형이 없고 위치 열(lon과 lat, 또는 x와 y)도 선택되지 않았습니다. 열: {columns}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4106"/>
        <source>save the layer without its osm_id field to import every feature</source>
        <translation>모든 객체를 가져오려면 osm_id 필드 없이 레이어를 저장하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4107"/>
        <source>import them as a GeoJSON point layer</source>
        <translation>GeoJSON 포인트 레이어로 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="95"/>
        <source>Longitude / x column of a CSV or XLSX/ODS sheet (empty: detect)</source>
        <translation>CSV 또는 XLSX/ODS 시트의 경도 / x 열(비우면 자동 감지)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="95"/>
        <source>Latitude / y column of a CSV or XLSX/ODS sheet (empty: detect)</source>
        <translation>CSV 또는 XLSX/ODS 시트의 위도 / y 열(비우면 자동 감지)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="100"/>
        <source>CRS of projected x/y columns (CSV, XLSX/ODS sheet)</source>
        <translation>투영된 x/y 열의 좌표계(CSV, XLSX/ODS 시트)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/computed_raster.py" line="84"/>
        <source>population raster {layer} is computed by QGIS (provider {provider}) and could not be written to a temporary GeoTIFF in {folder} ({error}): check the free space there, or save the layer as a GeoTIFF (Export › Save As…, raw data) and choose that</source>
        <translation>인구 래스터 {layer}은(는) QGIS가 계산하는 래스터(제공자 {provider})이며 {folder}의 임시 GeoTIFF로 쓰지 못했습니다({error}): 그곳의 여유 공간을 확인하거나, 레이어를 GeoTIFF로 저장한 뒤(내보내기 › 다른 이름으로 저장…, 원시 데이터) 그 파일을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/computed_raster.py" line="148"/>
        <source>error {code}</source>
        <translation>오류 {code}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/computed_raster.py" line="122"/>
        <source>Population raster {layer} is computed by QGIS (provider {provider}): its values were written once to a temporary GeoTIFF, read for this run and then removed.</source>
        <translation>인구 래스터 {layer}은(는) QGIS가 계산하는 래스터(제공자 {provider})입니다: 그 값을 임시 GeoTIFF에 한 번 써서 이번 실행에 읽고 삭제했습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="79"/>
        <source>{n} feature drawn as an area no more than {metres} m across (a tower&apos;s footprint, compound or roof) was placed at its centroid; larger areas are not read as stations</source>
        <comment>{n} features drawn as areas no more than {metres} m across (towers&apos; footprints, compounds or roofs) were placed at their centroid; larger areas are not read as stations</comment>
        <translation>
            <numerusform>면적으로 그려진 {metres} m 이하의 지물 {n}개(철탑의 바닥, 부지 또는 옥상)를 그 중심점에 두었습니다. 더 큰 면적은 기지국으로 읽지 않습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/tasks/review_read_task.py" line="92"/>
        <source>Base Station Mapper: reading {layer} for review</source>
        <translation>기지국 매퍼: 검토할 {layer} 읽는 중</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="107"/>
        <source>Table options</source>
        <translation>표 옵션</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="122"/>
        <source>(none): the column is not read for that role, even one whose name suggests it. A table without geometry is placed by lon and lat, or x and y.</source>
        <translation>(없음): 이름이 그 역할을 가리키는 열이라도 그 역할로 읽지 않습니다. 도형이 없는 표는 lon과 lat, 또는 x와 y로 위치를 정합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="320"/>
        <source>zip archive (cannot be read)</source>
        <translation>zip 압축 파일(읽을 수 없음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="325"/>
        <source>KML files in a zip (read as a KMZ)</source>
        <translation>zip 안의 KML 파일(KMZ로 읽음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="452"/>
        <source>{format}, {member} in the zip</source>
        <translation>{format}, zip 안의 {member}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="466"/>
        <source>OpenStreetMap (Overpass JSON)</source>
        <translation>OpenStreetMap(Overpass JSON)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="466"/>
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="468"/>
        <source>OpenCelliD API answer</source>
        <translation>OpenCelliD API 응답</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="470"/>
        <source>zip archive</source>
        <translation>zip 압축 파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="829"/>
        <source>vector file</source>
        <translation>벡터 파일</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="830"/>
        <source>{format} (compressed)</source>
        <translation>{format}(압축됨)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="487"/>
        <source>{format} sheet &apos;{layer}&apos;</source>
        <translation>{format} 시트 '{layer}'</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="489"/>
        <source>{format} layer &apos;{layer}&apos;</source>
        <translation>{format} 레이어 '{layer}'</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="630"/>
        <source>The position needs two columns, lon and lat or x and y (with the CRS of x/y): only {roles} has one.</source>
        <translation>위치에는 lon과 lat, 또는 x와 y(x/y 좌표계와 함께) 두 열이 필요합니다: {roles}에만 열이 있습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="633"/>
        <source>A table without geometry is placed by its columns: choose lon and lat, or x and y (with the CRS of x/y).</source>
        <translation>도형이 없는 표는 열로 위치를 정합니다: lon과 lat, 또는 x와 y(x/y 좌표계와 함께)를 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="408"/>
        <source>{layer} could not be read for review: {error}</source>
        <translation>검토를 위해 {layer}을(를) 읽지 못했습니다: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="476"/>
        <source>Reading {layer} for review was canceled: choose it again to review its candidates.</source>
        <translation>검토할 {layer} 읽기가 취소되었습니다: 후보를 검토하려면 레이어를 다시 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/review_panel.py" line="1238"/>
        <source>Reading {layer}… {percent} %</source>
        <translation>{layer} 읽는 중… {percent} %</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="940"/>
        <source> (WiBro is mobile WiMAX, none of the mobile phone generations 2G-5G: write the station&apos;s own technology, or unknown, or leave the row out)</source>
        <translation> (와이브로는 모바일 WiMAX로, 이동통신 세대 2G-5G 중 어느 것도 아닙니다: 기지국의 실제 기술이나 unknown을 적거나 그 행을 빼십시오)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1098"/>
        <source>{object} has no position: run the Overpass query with &apos;out center;&apos; for the centre of ways and relations</source>
        <translation>{object}에 위치가 없습니다: way와 relation의 중심을 얻으려면 Overpass 쿼리를 'out center;'로 실행하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="107"/>
        <source>The Overpass CSV has ids (&apos;{column}&apos;) but no ::type: an id may be a node&apos;s, a way&apos;s or a relation&apos;s, so the stations are named &apos;OSM object N&apos; with ids of their own, which do not merge with the same objects imported with their type (Overpass JSON, an .osm file); add ::type to the query&apos;s [out:csv(...)] for that</source>
        <translation>Overpass CSV에 id('{column}')는 있지만 ::type이 없습니다: id가 node, way, relation 중 무엇의 것인지 알 수 없으므로 기지국은 'OSM object N'으로 이름 붙고 자체 id를 받습니다. 이 id는 유형과 함께 가져온 같은 객체(Overpass JSON, .osm 파일)와 병합되지 않습니다. 병합하려면 쿼리의 [out:csv(...)]에 ::type을 추가하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="113"/>
        <source>Ids shared by objects of two types (a node and a way of one number) give those stations no OSM id: {ids}</source>
        <translation>두 유형의 객체가 함께 쓰는 id(같은 번호의 node와 way)는 그 기지국에 OSM id를 주지 않습니다: {ids}</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="86"/>
        <source>relation {id} (line {line}: {have} of {total} member ways)</source>
        <translation>relation {id}({line}행: 구성 way {total}개 중 {have}개)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="86"/>
        <source>way {id} (line {line}: {have} of {total} nodes)</source>
        <translation>way {id}({line}행: node {total}개 중 {have}개)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="93"/>
        <source>{n} OSM object is incomplete in the file (downloaded in part, as JOSM keeps a relation whose member ways lie outside the area downloaded): it is placed at the centre of what the file holds of it, which may be off its true place; check it, or download it whole (JOSM: Download members): {objects}{more}</source>
        <comment>{n} OSM objects are incomplete in the file (downloaded in part, as JOSM keeps a relation whose member ways lie outside the area downloaded): each is placed at the centre of what the file holds of it, which may be off its true place; check them, or download them whole (JOSM: Download members): {objects}{more}</comment>
        <translation>
            <numerusform>OSM 객체 {n}개가 파일에 일부만 들어 있습니다(일부만 내려받음: JOSM은 구성 way가 내려받은 영역 밖에 있는 relation도 저장합니다). 각각 파일에 있는 부분의 중심에 놓였으므로 실제 위치에서 벗어났을 수 있습니다. 확인하거나 전체를 내려받으십시오(JOSM: 구성원 내려받기): {objects}{more}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="127"/>
        <source>An OpenCelliD cell export is read by its own columns (radio, mcc, net, area, cell, lon, lat, samples): the cells of one eNodeB, or of one operator and radio within {metres:g} m, are one site at the mean of their positions, in WGS 84. Its columns are not chosen here; the delimiter and encoding apply.</source>
        <translation>OpenCelliD 셀 내보내기는 자체 열(radio, mcc, net, area, cell, lon, lat, samples)로 읽습니다: 한 eNodeB의 셀, 또는 한 사업자·한 무선 방식의 {metres:g} m 이내 셀은 위치 평균(WGS 84)에 놓이는 하나의 사이트가 됩니다. 여기서 열을 고르지 않으며, 구분자와 인코딩은 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="150"/>
        <source>choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="654"/>
        <source>The columns &apos;{x}&apos;/&apos;{y}&apos; hold projected coordinates (e.g. {sample}): choose their CRS in &apos;CRS of x/y&apos;.</source>
        <translation>열 '{x}'/'{y}'에 투영 좌표(예: {sample})가 있습니다: 'x/y 좌표계'에서 좌표계를 선택하십시오.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="414"/>
        <source>{n} station with {field} 0, read as not given (the model&apos;s radius is used): {items}</source>
        <comment>{n} stations with {field} 0, read as not given (the model&apos;s radius is used): {items}</comment>
        <translation>
            <numerusform>{field}이 0인 기지국 {n}개는 값이 없는 것으로 간주합니다(모델의 반경 사용): {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/onnx_model.py" line="63"/>
        <source>The ONNX model needs the Python package onnxruntime, which is not installed. Install it into the Python that QGIS uses (e.g. `{command}`) or use the built-in detector.</source>
        <translation>ONNX 모델에는 Python 패키지 onnxruntime이 필요하지만 설치되어 있지 않습니다. QGIS가 쓰는 Python에 설치하거나(예: `{command}`) 내장 탐지기를 사용하십시오.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/detect/rerank.py" line="298"/>
        <source>re-ranking needs at least {n} reviewed detected candidate, some accepted and some rejected ({reviewed} reviewed, {accepted} accepted)</source>
        <comment>re-ranking needs at least {n} reviewed detected candidates, some accepted and some rejected ({reviewed} reviewed, {accepted} accepted)</comment>
        <translation>
            <numerusform>재순위에는 검토한 탐지 후보가 {n}개 이상 필요하며 수락과 거부가 모두 있어야 합니다(검토 {reviewed}개, 수락 {accepted}개)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/distributed.py" line="172"/>
        <source>tile {i} of {n} failed on the cluster: {error}</source>
        <comment>tile {i} of {n} failed on the cluster: {error}</comment>
        <translation>
            <numerusform>타일 {n}개 중 {i}번째가 클러스터에서 실패했습니다: {error}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/distributed.py" line="176"/>
        <source>tile {i} of {n} was cancelled by the cluster</source>
        <comment>tile {i} of {n} was cancelled by the cluster</comment>
        <translation>
            <numerusform>타일 {n}개 중 {i}번째가 클러스터에서 취소되었습니다</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="392"/>
        <source>{where}the column {column} is chosen for {role} but none for {other}: the position needs both (lon and lat, or x and y)</source>
        <translation>{where}열 {column}을(를) {role}(으)로 선택했지만 {other}에는 선택한 열이 없습니다: 위치에는 둘 다 필요합니다(lon과 lat, 또는 x와 y)</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1072"/>
        <source>no column is chosen for the position (lon and lat, or x and y) and no column holds both coordinates; columns are: {columns}</source>
        <translation>위치 열(lon과 lat, 또는 x와 y)이 선택되지 않았고 두 좌표를 함께 담은 열도 없습니다. 열: {columns}</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="1975"/>
        <source>placemark {name} has {kind}, not a point ({metres} m across, larger than a tower&apos;s footprint)</source>
        <translation>플레이스마크 {name}은(는) 점이 아니라 {kind}입니다(크기 {metres} m, 철탑 바닥보다 큼)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="2777"/>
        <source>the KMZ&apos;s {n} KML file holds no placemarks</source>
        <comment>the KMZ&apos;s {n} KML files hold no placemarks</comment>
        <translation>
            <numerusform>KMZ의 KML 파일 {n}개에 플레이스마크가 없습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="2782"/>
        <source>the KMZ&apos;s {n} KML file</source>
        <comment>the KMZ&apos;s {n} KML files</comment>
        <translation>
            <numerusform>KMZ의 KML 파일 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3113"/>
        <source>is a {kind}, not a point ({metres} m across, larger than a tower&apos;s footprint)</source>
        <translation>점이 아니라 {kind}입니다(크기 {metres} m, 철탑 바닥보다 큼)</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="3553"/>
        <source>{n} feature</source>
        <comment>{n} features</comment>
        <translation>
            <numerusform>피처 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3632"/>
        <source>OSM {kind} {id}: feature has no geometry</source>
        <translation>OSM {kind} {id}: 피처에 도형이 없습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="3643"/>
        <source>{n} feature of layer {layer}</source>
        <comment>{n} features of layer {layer}</comment>
        <translation>
            <numerusform>레이어 {layer}의 피처 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="4078"/>
        <source>{n} element</source>
        <comment>{n} elements</comment>
        <translation>
            <numerusform>요소 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="4108"/>
        <source>; {n} mast or tower carries no such tag (add tower:type=communication, or {other})</source>
        <comment>; {n} masts or towers carry no such tag (add tower:type=communication, or {other})</comment>
        <translation>
            <numerusform>; 철탑 {n}개에는 그런 태그가 없습니다(tower:type=communication을 추가하거나 {other})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="4181"/>
        <source>has member ways whose points are not numbers</source>
        <translation>구성 웨이의 점이 숫자가 아닙니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="4392"/>
        <source>{files} and {n} more</source>
        <comment>{files} and {n} more</comment>
        <translation>
            <numerusform>{files} 외 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="4403"/>
        <source> ({n} of them holds points: {files})</source>
        <comment> ({n} of them hold points: {files})</comment>
        <translation>
            <numerusform>(그중 {n}개에 포인트가 있음: {files})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/radio.py" line="603"/>
        <source>{station}: {error}</source>
        <translation>{station}: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain.py" line="106"/>
        <source>the DEM grid must be north-up (no rotation, rows going south)</source>
        <translation>DEM 격자는 북쪽이 위여야 합니다(회전 없이, 행이 남쪽으로 진행)</translation>
    </message>
    <message>
        <location filename="../plugin/core/terrain_coverage.py" line="151"/>
        <source>GDAL cannot open {source}</source>
        <translation>GDAL이 {source}을(를) 열 수 없습니다</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/export_layers.py" line="109"/>
        <source>{name}: {n} feature</source>
        <comment>{name}: {n} features</comment>
        <translation>
            <numerusform>{name}: 피처 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="238"/>
        <source>Computing the line of sight of {n} station</source>
        <comment>Computing the line of sight of {n} stations</comment>
        <translation>
            <numerusform>기지국 {n}개의 가시선 계산 중…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="18"/>
        <source>The antenna height of {n} placemark was taken from its altitude above the ground (placed &apos;relative to ground&apos;, at the top of the mast); the file gives no height field</source>
        <comment>Antenna heights of {n} placemarks were taken from their altitude above the ground (placed &apos;relative to ground&apos;, at the top of the mast); the file gives no height field</comment>
        <translation>
            <numerusform>플레이스마크 {n}개의 안테나 높이를 지면 기준 고도('지면에 상대적', 철탑 꼭대기에 놓음)에서 가져왔습니다. 파일에 높이 필드가 없습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="38"/>
        <source>{n} placemark recorded as a track that moves was placed at its last position (the distance is that of its farthest position from their mean): {tracks}{more}</source>
        <comment>{n} placemarks recorded as a track that moves were placed at its last position (the distance is that of its farthest position from their mean): {tracks}{more}</comment>
        <translation>
            <numerusform>움직이는 트랙으로 기록된 플레이스마크 {n}개를 트랙의 마지막 위치에 두었습니다(거리는 위치들의 평균에서 가장 먼 위치까지의 거리입니다): {tracks}{more}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="46"/>
        <source>The column &apos;{column}&apos; holds generation numbers, read as technologies: {values} ({n} row)</source>
        <comment>The column &apos;{column}&apos; holds generation numbers, read as technologies: {values} ({n} rows)</comment>
        <translation>
            <numerusform>'{column}' 열에 세대 번호가 있어 기술로 읽었습니다: {values}({n}행)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="61"/>
        <source>The column &apos;{column}&apos; holds how many sectors each site has ({values}), not their bearings: it was not read as azimuths ({n} row left without azimuths, a full disc)</source>
        <comment>The column &apos;{column}&apos; holds how many sectors each site has ({values}), not their bearings: it was not read as azimuths ({n} rows left without azimuths, each a full disc)</comment>
        <translation>
            <numerusform>열 '{column}'에는 방위각이 아니라 각 사이트의 섹터 수({values})가 들어 있어 방위각으로 읽지 않았습니다(방위각 없이 가져온 행 {n}개, 각각 전방향 원)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="73"/>
        <source>{n} value written as &apos;no value&apos; (NA, N/A, NaN, null, -) was read as not given, as an empty cell is: {fields}</source>
        <comment>{n} values written as &apos;no value&apos; (NA, N/A, NaN, null, -) were read as not given, as empty cells are: {fields}</comment>
        <translation>
            <numerusform>'값 없음'으로 쓰인 값(NA, N/A, NaN, null, -) {n}개를 빈 칸처럼 값이 주어지지 않은 것으로 읽었습니다: {fields}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/computed_raster.py" line="88"/>
        <source>population raster {layer} is not a local file GDAL reads by its path (provider {provider}) and could not be written to a temporary GeoTIFF in {folder} ({error}): check that its source answers (a server, a database) and the free space there, or save the layer as a GeoTIFF (Export › Save As…, raw data) and choose that</source>
        <translation>인구 래스터 {layer}은(는) GDAL이 경로로 읽는 로컬 파일이 아니며(제공자 {provider}) {folder}의 임시 GeoTIFF로 쓰지 못했습니다({error}): 그 원본(서버, 데이터베이스)이 응답하는지와 그곳의 여유 공간을 확인하거나, 레이어를 GeoTIFF로 저장한 뒤(내보내기 › 다른 이름으로 저장…, 원시 데이터) 그 파일을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/computed_raster.py" line="122"/>
        <source>Population raster {layer} is not a local file GDAL reads by its path (provider {provider}): its values were read through QGIS, written once to a temporary GeoTIFF, read for this run and then removed.</source>
        <translation>인구 래스터 {layer}은(는) GDAL이 경로로 읽는 로컬 파일이 아닙니다(제공자 {provider}): 그 값을 QGIS로 읽어 임시 GeoTIFF에 한 번 쓰고, 이번 실행에 읽은 뒤 삭제했습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="162"/>
        <source> (and {n} more)</source>
        <comment> (and {n} more)</comment>
        <translation>
            <numerusform> (외 {n}개)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="2497"/>
        <source>{n} polygon</source>
        <comment>{n} polygons</comment>
        <translation>
            <numerusform>폴리곤 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="2497"/>
        <source>{n} line</source>
        <comment>{n} lines</comment>
        <translation>
            <numerusform>선 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/importers.py" line="2497"/>
        <source>{n} other shape</source>
        <comment>{n} other shapes</comment>
        <translation>
            <numerusform>다른 도형 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2915"/>
        <source>{part} after the file name is not understood: give the file, or &apos;file.gpkg|layername=NAME&apos; (or |layerid=N, its number from 0) for one layer of it</source>
        <translation>파일 이름 뒤의 {part}을(를) 이해할 수 없습니다: 파일을 지정하거나, 그 중 한 레이어는 'file.gpkg|layername=NAME'(또는 0부터 센 번호로 |layerid=N)으로 지정하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2932"/>
        <source>has no layer {number} (|layerid= numbers its layers from 0: {layers})</source>
        <translation>레이어 {number}이(가) 없습니다(|layerid=는 레이어를 0부터 셉니다: {layers})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="107"/>
        <source>Read an OpenCelliD-looking CSV as a plain table (cells not grouped into sites)</source>
        <translation>OpenCelliD처럼 보이는 CSV를 일반 표로 읽기(셀을 사이트로 묶지 않음)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="120"/>
        <source>INPUT: {error}</source>
        <translation>INPUT: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="168"/>
        <source>PLAIN_TABLE is not used: {file} is not a CSV (a plain table is read from a CSV only)</source>
        <translation>PLAIN_TABLE은 사용되지 않습니다: {file}은(는) CSV가 아닙니다(일반 표는 CSV에서만 읽습니다)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="171"/>
        <source>X_FIELD, Y_FIELD and CRS are not used: an OpenCelliD cell export is read by its own columns (radio, mcc, net, area, cell, lon, lat, samples), in WGS 84; set PLAIN_TABLE to read a CSV of its rows as a plain table, by them</source>
        <translation>X_FIELD, Y_FIELD, CRS는 사용되지 않습니다: OpenCelliD 셀 내보내기는 자체 열(radio, mcc, net, area, cell, lon, lat, samples)로 WGS 84에서 읽습니다. 그 행들의 CSV를 이 열들로 일반 표로 읽으려면 PLAIN_TABLE을 설정하십시오</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/importstations.py" line="189"/>
        <source>{n} station read ({kind}), {skipped}</source>
        <comment>{n} stations read ({kind}), {skipped}</comment>
        <translation>
            <numerusform>기지국 {n}개 읽음({kind}), {skipped}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/importstations.py" line="189"/>
        <source>{m} bad row skipped</source>
        <comment>{m} bad rows skipped</comment>
        <translation>
            <numerusform>잘못된 행 {m}개 건너뜀</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="364"/>
        <source>{n} station with {field} 0, read as not given (the default antenna height is used): {items}</source>
        <comment>{n} stations with {field} 0, read as not given (the default antenna height is used): {items}</comment>
        <translation>
            <numerusform>{field}이(가) 0인 기지국 {n}개는 값이 없는 것으로 간주합니다(기본 안테나 높이 사용): {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/coverage_io.py" line="373"/>
        <source>{n} station with {field} above {limit} m above ground (an altitude above sea level, or another unit?), read as not given (the default antenna height is used): {items}</source>
        <comment>{n} stations with {field} above {limit} m above ground (an altitude above sea level, or another unit?), read as not given (the default antenna height is used): {items}</comment>
        <translation>
            <numerusform>{field}이(가) 지상 {limit} m를 넘는 기지국 {n}개(해발 고도이거나 다른 단위입니까?)는 값이 없는 것으로 간주합니다(기본 안테나 높이 사용): {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/import_report.py" line="91"/>
        <source> and {n} more</source>
        <comment> and {n} more</comment>
        <translation>
            <numerusform> 외 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="103"/>
        <source>Of an Overpass answer, &apos;out center;&apos; in the query gives the centre of each way and relation from all of it</source>
        <translation>Overpass 응답이라면, 쿼리에 'out center;'를 쓰면 각 웨이와 릴레이션의 중심을 그 전체로부터 구합니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="136"/>
        <source>Read as a plain table (not grouped as OpenCelliD cells)</source>
        <translation>일반 표로 읽기(OpenCelliD 셀로 묶지 않음)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_raster.py" line="75"/>
        <source>{layer} is not a file GDAL reads by its path as QGIS shows it: its values were read through QGIS.</source>
        <translation>{layer}은(는) QGIS에 표시되는 대로 GDAL이 경로로 읽는 파일이 아니므로 값을 QGIS를 통해 읽었습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="652"/>
        <source>Canceled: the project was closed while detecting; nothing was added.</source>
        <translation>취소됨: 탐지 중에 프로젝트가 닫혀 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/dem.py" line="445"/>
        <source>{n} station with {field} 0, read as not given (OBSERVER_HEIGHT is used): {items}</source>
        <comment>{n} stations with {field} 0, read as not given (OBSERVER_HEIGHT is used): {items}</comment>
        <translation>
            <numerusform>{field}이(가) 0인 기지국 {n}개는 값이 없는 것으로 간주합니다(OBSERVER_HEIGHT 사용): {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="240"/>
        <source>{file} has no layer &apos;{layer}&apos; to read stations from (layers: {layers})</source>
        <translation>{file}에 기지국을 읽을 레이어 '{layer}'이(가) 없습니다(레이어: {layers})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/import_dialog.py" line="579"/>
        <source>{layer} ({geometry}, {n} feature)</source>
        <comment>{layer} ({geometry}, {n} features)</comment>
        <translation>
            <numerusform>{layer} ({geometry}, 피처 {n}개)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="654"/>
        <source>Re-rank canceled: the project was closed while re-ranking; nothing was changed.</source>
        <translation>재순위 취소됨: 재순위 계산 중에 프로젝트가 닫혀 아무것도 변경되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="862"/>
        <source>Coverage canceled: the station layer changed while computing; nothing was added.</source>
        <translation>커버리지 계산 취소됨: 계산 중에 기지국 레이어가 바뀌어 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="1227"/>
        <source>Coverage canceled: the project was closed while computing; nothing was added.</source>
        <translation>커버리지 계산 취소됨: 계산 중에 프로젝트가 닫혀 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="497"/>
        <source>Import of {name} canceled: the project was closed while importing; nothing was added.</source>
        <translation>{name} 가져오기 취소됨: 가져오는 중에 프로젝트가 닫혀 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="467"/>
        <source>{name}: the whole layer is too large to search at {resolution:g} m: choose Map view as the extent and zoom in to the area to search.</source>
        <translation>{name}: 레이어 전체는 {resolution:g} m로 탐색하기에 너무 큽니다. 범위로 지도 화면을 선택하고 탐색할 지역으로 확대하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="467"/>
        <source>{name}: the map view is too large to search at {resolution:g} m: zoom in to the area to search.</source>
        <translation>{name}: 지도 화면이 {resolution:g} m로 탐색하기에 너무 큽니다. 탐색할 지역으로 확대하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2774"/>
        <source>layer {layer} holds no placemarks</source>
        <translation>레이어 {layer}에 플레이스마크가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2087"/>
        <source>the KML only links to the file {href}, not found beside it</source>
        <translation>KML이 파일 {href}에 연결만 하고 있는데, 그 파일이 KML 옆에 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2090"/>
        <source>{member}the KML only links to the file {href}, which is not on this computer (nor is {name} beside the KML): copy {name} beside it</source>
        <translation>{member}KML이 이 컴퓨터에 없는 파일 {href}에 연결만 하고 있습니다(KML 옆에도 {name}이(가) 없습니다): {name}을(를) KML 옆에 복사하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2090"/>
        <source>{member}the KML only links to the file {href}, which is not in the KMZ</source>
        <translation>{member}KML이 KMZ에 없는 파일 {href}에 연결만 하고 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2096"/>
        <source>{member}the KML only links to a Google My Maps map ({href}), which cannot be followed offline: in My Maps, export the map to KML/KMZ without &apos;Keep data up to date with network link KML&apos;</source>
        <translation>{member}KML이 Google 내 지도의 지도({href})에 연결만 하고 있어 오프라인으로 따라갈 수 없습니다: 내 지도에서 '네트워크 링크 KML로 데이터를 최신 상태로 유지'를 끄고 KML/KMZ로 내보내십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2186"/>
        <source>its layer {layer} cannot be told apart from the others&apos; placemarks: import the whole file, or save that layer from QGIS as a file of its own</source>
        <translation>레이어 {layer}의 플레이스마크를 다른 레이어의 것과 구별할 수 없습니다: 파일 전체를 가져오거나 QGIS에서 그 레이어를 별도 파일로 저장하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2360"/>
        <source>links to the file {href}, which is not in the KMZ: the places it loads are not imported</source>
        <translation>KMZ에 없는 파일 {href}에 연결합니다: 불러오는 장소를 가져오지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2363"/>
        <source>links to the file {href}, not found beside the KML: the places it loads are not imported</source>
        <translation>KML 옆에 없는 파일 {href}에 연결합니다: 불러오는 장소를 가져오지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2365"/>
        <source>links to the file {href}, which is not on this computer (nor is {name} beside the KML): the places it loads are not imported; copy {name} beside the KML</source>
        <translation>이 컴퓨터에 없는 파일 {href}에 연결합니다(KML 옆에도 {name}이(가) 없습니다): 불러오는 장소를 가져오지 않습니다. {name}을(를) KML 옆에 복사하십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="2369"/>
        <source>links to a Google My Maps map ({href}), which cannot be followed offline: its places are not imported; in My Maps, export the map to KML/KMZ without &apos;Keep data up to date with network link KML&apos;</source>
        <translation>Google 내 지도의 지도({href})에 연결하여 오프라인으로 따라갈 수 없습니다: 그 장소를 가져오지 않습니다. 내 지도에서 '네트워크 링크 KML로 데이터를 최신 상태로 유지'를 끄고 KML/KMZ로 내보내십시오</translation>
    </message>
    <message>
        <location filename="../plugin/core/importers.py" line="3504"/>
        <source>a layer of a bzip2-compressed OpenStreetMap file cannot be chosen: decompress it, or import the whole file</source>
        <translation>bzip2로 압축된 OpenStreetMap 파일에서는 레이어를 고를 수 없습니다: 압축을 풀거나 파일 전체를 가져오십시오</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/import_report.py" line="29"/>
        <source>NetworkLinks naming a file of another computer were followed to the file of that name beside the KML: {links}</source>
        <translation>다른 컴퓨터의 파일을 가리키는 NetworkLink는 KML 옆에 있는 같은 이름의 파일을 읽었습니다: {links}</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/stations.py" line="509"/>
        <source>Import of {name} canceled; nothing was added.</source>
        <translation>{name} 가져오기 취소됨: 아무것도 추가되지 않았습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/detect.py" line="330"/>
        <source>{n} candidate tower found in {name} (confidence &gt;= {c:.2f})</source>
        <comment>{n} candidate towers found in {name} (confidence &gt;= {c:.2f})</comment>
        <translation>
            <numerusform>{name}에서 후보 철탑 {n}개를 찾았습니다(신뢰도 &gt;= {c:.2f})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="361"/>
        <source>{name}: the whole layer (no EXTENT given), {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads: give an EXTENT around the area to search, or a RESOLUTION of {need} m or coarser.</source>
        <translation>{name}: 레이어 전체(EXTENT 없음), {width_km} × {height_km} km는 RESOLUTION {resolution} m에서 {width} × {height} 픽셀로, 한 번의 탐색에서 읽는 {limit} 픽셀보다 많습니다. 탐색할 지역을 EXTENT로 지정하거나 RESOLUTION을 {need} m 이상으로 지정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="365"/>
        <source>{name}: the whole layer (no EXTENT given), {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads, even at the coarsest RESOLUTION ({max} m): give an EXTENT around the area to search.</source>
        <translation>{name}: 레이어 전체(EXTENT 없음), {width_km} × {height_km} km는 RESOLUTION {resolution} m에서 {width} × {height} 픽셀로, 한 번의 탐색에서 읽는 {limit} 픽셀보다 많으며 가장 거친 RESOLUTION({max} m)에서도 그렇습니다. 탐색할 지역을 EXTENT로 지정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="369"/>
        <source>{name}: EXTENT, {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads: give a smaller EXTENT, or a RESOLUTION of {need} m or coarser.</source>
        <translation>{name}: EXTENT {width_km} × {height_km} km는 RESOLUTION {resolution} m에서 {width} × {height} 픽셀로, 한 번의 탐색에서 읽는 {limit} 픽셀보다 많습니다. 더 작은 EXTENT를 지정하거나 RESOLUTION을 {need} m 이상으로 지정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="373"/>
        <source>{name}: EXTENT, {width_km} × {height_km} km, is {width} × {height} pixels at RESOLUTION {resolution} m, more than the {limit} pixels one search reads, even at the coarsest RESOLUTION ({max} m): give a smaller EXTENT.</source>
        <translation>{name}: EXTENT {width_km} × {height_km} km는 RESOLUTION {resolution} m에서 {width} × {height} 픽셀로, 한 번의 탐색에서 읽는 {limit} 픽셀보다 많으며 가장 거친 RESOLUTION({max} m)에서도 그렇습니다. 더 작은 EXTENT를 지정하십시오.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/mergestations.py" line="125"/>
        <source>{n} station in, {m} out.</source>
        <comment>{n} stations in, {m} out.</comment>
        <translation>
            <numerusform>입력 기지국 {n}개, 출력 {m}개.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/mergestations.py" line="125"/>
        <source>{d} duplicate merged.</source>
        <comment>{d} duplicates merged.</comment>
        <translation>
            <numerusform>중복 {d}개를 병합했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="203"/>
        <source>{cells} cell in sight of at least one station.</source>
        <comment>{cells} cells in sight of at least one station.</comment>
        <translation>
            <numerusform>하나 이상의 기지국이 보이는 셀 {cells}개.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/terraincoverage.py" line="203"/>
        <source>At most {n} station sees a cell.</source>
        <comment>At most {n} stations see a cell.</comment>
        <translation>
            <numerusform>한 셀을 보는 기지국은 최대 {n}개입니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/qgis_io/report.py" line="526"/>
        <source>{n} station</source>
        <comment>{n} stations</comment>
        <translation>
            <numerusform>기지국 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="207"/>
        <source>The area to search is {width} × {height} pixels at {resolution:g} m, more than the {limit} pixels one search reads.</source>
        <translation>탐색할 지역은 {resolution:g} m에서 {width} × {height} 픽셀로, 한 번의 탐색에서 읽는 {limit} 픽셀보다 많습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/detection_panel.py" line="529"/>
        <source>{n} candidate from {source} added to {layer}.</source>
        <comment>{n} candidates from {source} added to {layer}.</comment>
        <translation>
            <numerusform>{source}의 후보 {n}개를 {layer}에 추가했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/detection_panel.py" line="532"/>
        <source>{n} found again where the layer already has a station or candidate: not added twice, its sources and seen dates updated ({rejected} rejected before).</source>
        <comment>{n} found again where the layer already has a station or candidate: not added twice, their sources and seen dates updated ({rejected} of them rejected before).</comment>
        <translation>
            <numerusform>레이어에 이미 기지국이나 후보가 있는 위치에서 다시 찾은 {n}개: 중복 추가하지 않고 출처와 관측 날짜를 갱신했습니다(그중 {rejected}개는 이전에 거부됨).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/detection_panel.py" line="539"/>
        <source>{n} still queued was seen more clearly in this image: its confidence, height and evidence are now this image&apos;s.</source>
        <comment>{n} still queued were seen more clearly in this image: their confidence, height and evidence are now this image&apos;s.</comment>
        <translation>
            <numerusform>검토 대기 중인 {n}개가 이 영상에서 더 뚜렷하게 보였습니다: 신뢰도, 높이와 근거를 이 영상의 것으로 바꿨습니다.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="829"/>
        <source>Not re-ranked: {layer} was removed from the project.</source>
        <translation>재순위를 적용하지 않았습니다: {layer}이(가) 프로젝트에서 제거되었습니다.</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/detection_panel.py" line="813"/>
        <source>Re-ranked {n} candidate. Precision of the top {k} reviewed: {change} (cross-validated on {m} decisions)</source>
        <comment>Re-ranked {n} candidates. Precision of the top {k} reviewed: {change} (cross-validated on {m} decisions)</comment>
        <translation>
            <numerusform>후보 {n}개의 순위를 다시 매겼습니다. 검토된 상위 {k}개의 정밀도: {change} (판정 {m}개로 교차 검증)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/review_panel.py" line="1112"/>
        <source>End of the queue: back to the {n} skipped candidate.</source>
        <comment>End of the queue: back to the first of the {n} skipped candidates.</comment>
        <translation>
            <numerusform>대기열의 끝입니다. 건너뛴 후보 {n}개 중 첫 번째로 돌아갑니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/coverage.py" line="640"/>
        <source>{n} station, distances in {crs}</source>
        <comment>{n} stations, distances in {crs}</comment>
        <translation>
            <numerusform>기지국 {n}개, 거리 좌표계 {crs}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/imagery.py" line="420"/>
        <source>{n} imagery layer</source>
        <comment>{n} imagery layers</comment>
        <translation>
            <numerusform>영상 레이어 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/imagery.py" line="423"/>
        <source>{n} imagery layer ({dates})</source>
        <comment>{n} imagery layers ({dates})</comment>
        <translation>
            <numerusform>영상 레이어 {n}개 ({dates})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="444"/>
        <source>{n} station: {status}
{tech}</source>
        <comment>{n} stations: {status}
{tech}</comment>
        <translation>
            <numerusform>기지국 {n}개: {status}
{tech}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="459"/>
        <source>{n} station ({confirmed} confirmed)</source>
        <comment>{n} stations ({confirmed} confirmed)</comment>
        <translation>
            <numerusform>기지국 {n}개(확인됨 {confirmed}개)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="545"/>
        <source>{n} station added to {layer}.</source>
        <comment>{n} stations added to {layer}.</comment>
        <translation>
            <numerusform>{layer}에 기지국 {n}개를 추가했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="545"/>
        <source>{m} existing station updated.</source>
        <comment>{m} existing stations updated.</comment>
        <translation>
            <numerusform>기존 기지국 {m}개를 갱신했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="562"/>
        <source>{n} bad row skipped.</source>
        <comment>{n} bad rows skipped.</comment>
        <translation>
            <numerusform>잘못된 행 {n}개를 건너뛰었습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="715"/>
        <source>{n} candidate</source>
        <comment>{n} candidates</comment>
        <translation>
            <numerusform>후보 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="716"/>
        <source>{n} confirmed</source>
        <comment>{n} confirmed</comment>
        <translation>
            <numerusform>확인됨 {n}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/stations.py" line="717"/>
        <source>{n} rejected</source>
        <comment>{n} rejected</comment>
        <translation>
            <numerusform>거부됨 {n}개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/methods.py" line="49"/>
        <source>areas of {name} (field {field}), each one&apos;s people spread evenly over its area</source>
        <translation>{name}의 구역(필드 {field}), 각 구역의 인구를 면적에 따라 고르게 나눔</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="75"/>
        <source>population areas {source}, feature {fid}: {field} = {value} is not a number (counts are read as 1234, 1,234 or 12 500)</source>
        <translation>인구 구역 {source}, 피처 {fid}: {field} = {value}은(는) 숫자가 아닙니다(인구수는 1234, 1,234 또는 12 500 형식으로 읽습니다)</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="79"/>
        <source>population areas {source}, feature {fid}: {field} = {value} must be a non-negative number</source>
        <translation>인구 구역 {source}, 피처 {fid}: {field} = {value}은(는) 0 이상의 숫자여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="104"/>
        <source>{feature} ({reason})</source>
        <translation>{feature}({reason})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/population_areas.py" line="115"/>
        <source>population areas {source}: {n} feature without a {field} value is not counted: {items}</source>
        <comment>population areas {source}: {n} features without a {field} value are not counted: {items}</comment>
        <translation>
            <numerusform>인구 구역 {source}: {field} 값이 없는 피처 {n}개는 집계되지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/population_areas.py" line="119"/>
        <source>population areas {source}: {n} feature has no area (no polygon, or an empty or flat one): its {people} people are not counted: {items}</source>
        <comment>population areas {source}: {n} features have no area (no polygon, or an empty or flat one): their {people} people are not counted: {items}</comment>
        <translation>
            <numerusform>인구 구역 {source}: 피처 {n}개에 면적이 없어(폴리곤이 없거나 비어 있거나 납작함) 그 인구 {people}명은 집계되지 않습니다: {items}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/core/population_areas.py" line="125"/>
        <source>population areas {source}: {n} feature has an invalid polygon, repaired before its people were spread over it: {items}</source>
        <comment>population areas {source}: {n} features have invalid polygons, repaired before their people were spread over them: {items}</comment>
        <translation>
            <numerusform>인구 구역 {source}: 피처 {n}개의 폴리곤이 유효하지 않아, 인구를 면적에 나누기 전에 복구했습니다: {items}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="218"/>
        <source>population areas {source}: no feature has both an area and a {field} value: no people to spread</source>
        <translation>인구 구역 {source}: 면적과 {field} 값을 모두 가진 피처가 없습니다: 나눌 인구가 없습니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="229"/>
        <source>population areas {source}: the cell size {size} m must be a number above 0</source>
        <translation>인구 구역 {source}: 셀 크기 {size} m는 0보다 큰 숫자여야 합니다</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="236"/>
        <source>population areas {source}: cells of {size} m over {w} x {h} km make {cells} cells, more than {most}: choose cells of {least} m or more</source>
        <translation>인구 구역 {source}: {w} x {h} km 범위에 {size} m 셀을 쓰면 셀이 {cells}개로 {most}개를 넘습니다: {least} m 이상의 셀을 선택하세요</translation>
    </message>
    <message>
        <location filename="../plugin/core/population_areas.py" line="324"/>
        <source>cannot write the population grid {path} ({error})</source>
        <translation>인구 격자 {path}을(를) 쓸 수 없습니다({error})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="79"/>
        <source>Population as areas: POPULATION_AREAS, polygons with a count of people in POPULATION_AREAS_FIELD (census districts, provinces, hexagons; empty: the field named like population, pop or 인구), instead of POPULATION or POPULATION_POINTS (giving it with either is refused). Each polygon's people are spread evenly over its area on cells of RESOLUTION m (0: 1/20 of the smallest radius × SCENARIO_MIN) in the metric CRS, as basestationmapper:populationfromareas does, written to a temporary GeoTIFF (removed after the run) and counted as a raster of people per cell.</source>
        <translation>구역별 인구: POPULATION_AREAS는 POPULATION_AREAS_FIELD에 인구수가 있는 폴리곤입니다(인구조사 구역, 도, 육각형; 비워 두면 population, pop 또는 인구처럼 이름 붙은 필드). POPULATION이나 POPULATION_POINTS 대신 씁니다(둘 중 하나와 함께 주면 거부됩니다). 각 폴리곤의 인구는 basestationmapper:populationfromareas처럼 미터 좌표계에서 RESOLUTION m 셀(0: 가장 작은 반경 × SCENARIO_MIN의 1/20)에 면적에 따라 고르게 나뉘고, 임시 GeoTIFF로 쓰인 뒤(실행 후 삭제) 셀당 인구 래스터로 집계됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="177"/>
        <source>Population areas (polygons with a people count)</source>
        <translation>인구 구역(인구수가 있는 폴리곤)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="180"/>
        <source>Population areas&apos; field of people</source>
        <translation>인구 구역의 인구 필드</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="279"/>
        <source>POPULATION_AREAS_FIELD: choose the field of people of {layer} (none is named like population, pop or 인구; its fields: {fields})</source>
        <translation>POPULATION_AREAS_FIELD: {layer}의 인구 필드를 선택하세요(population, pop 또는 인구처럼 이름 붙은 필드가 없습니다. 필드: {fields})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="283"/>
        <source>POPULATION_AREAS_FIELD not given: the people of {field} are counted</source>
        <translation>POPULATION_AREAS_FIELD가 주어지지 않아 {field}의 인구를 집계합니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="261"/>
        <source>POPULATION_AREAS is given with {given}: give one population source, the raster, the points or the areas</source>
        <translation>POPULATION_AREAS가 {given}와(과) 함께 주어졌습니다: 래스터, 포인트, 구역 중 인구 자료 하나만 주세요</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="264"/>
        <source>No POPULATION, POPULATION_POINTS nor POPULATION_AREAS given: the area covered per region only, the population columns left empty</source>
        <translation>POPULATION, POPULATION_POINTS, POPULATION_AREAS가 모두 없습니다: 지역별 커버 면적만 계산하고 인구 열은 비워 둡니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="347"/>
        <source>PENETRATION {value} is not used: the statistics count no people (no POPULATION, POPULATION_POINTS nor POPULATION_AREAS), so no subscribers are estimated.</source>
        <translation>PENETRATION {value}은(는) 쓰이지 않습니다: 통계가 사람을 세지 않으므로(POPULATION, POPULATION_POINTS, POPULATION_AREAS 모두 없음) 가입자를 추정하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="28"/>
        <source>Population raster from areas (people per polygon)</source>
        <translation>구역별 인구로 인구 래스터 만들기(폴리곤별 인구)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="31"/>
        <source>Turns population given as areas — census districts, provinces with their population, Kontur-style hexagons: polygons with a count of people — into a GeoTIFF of people per cell, which coveragestats, coverage and the dock count as a population raster (in a model: its OUTPUT as coveragestats' POPULATION).
Each polygon's people are spread evenly over its area: a cell gets the share of the polygon's area that lies in it (exact cell fractions), so every person is kept: a polygon smaller than a cell puts its people in the cells it touches, overlapping polygons add up, holes get nobody.
INPUT: polygon layer (any CRS). FIELD: its field of people (text such as 1,234 is read; empty: the field named like population, pop_2020 or 인구). A count that is no number or is negative stops the run naming the feature; features without a count or without an area are not counted and listed in the log; invalid polygons are repaired and listed.
CELL_SIZE: cell size in metres (empty or 0: a tenth of the side of a small polygon, at most 100 m, coarser when the raster would exceed 16 million cells). CRS: a projected CRS in metres for the raster (default: the UTM zone of the layer's centre).
Outputs: OUTPUT (Float64 GeoTIFF), PEOPLE (people counted), CELL_SIZE_M (cell size used).
Example: qgis_process run basestationmapper:populationfromareas -- INPUT=districts.gpkg FIELD=pop_2020 CELL_SIZE=100 OUTPUT=people.tif</source>
        <translation>구역으로 주어진 인구(인구조사 구역, 인구가 있는 도, Kontur식 육각형: 인구수가 있는 폴리곤)를 셀당 인구 GeoTIFF로 바꿉니다. coveragestats, coverage와 도크는 이를 인구 래스터로 집계합니다(모델에서는 이 OUTPUT을 coveragestats의 POPULATION으로).
각 폴리곤의 인구는 면적에 따라 고르게 나뉩니다: 셀은 폴리곤 면적 중 그 셀에 든 비율만큼 받으므로(정확한 셀 비율) 모든 사람이 보존됩니다: 셀보다 작은 폴리곤도 닿는 셀에 인구를 넣고, 겹치는 폴리곤은 더해지며, 구멍에는 아무도 없습니다.
INPUT: 폴리곤 레이어(좌표계 무관). FIELD: 인구 필드(1,234 같은 텍스트도 읽음; 비워 두면 population, pop_2020 또는 인구처럼 이름 붙은 필드). 숫자가 아니거나 음수인 인구수는 피처를 밝히며 실행을 멈추고, 인구수나 면적이 없는 피처는 집계하지 않고 로그에 나열하며, 유효하지 않은 폴리곤은 복구하여 나열합니다.
CELL_SIZE: 셀 크기(m; 비우거나 0이면 작은 폴리곤 변의 1/10, 최대 100 m, 래스터가 1,600만 셀을 넘으면 더 크게). CRS: 래스터의 미터 단위 투영 좌표계(기본: 레이어 중심의 UTM 구역).
출력: OUTPUT(Float64 GeoTIFF), PEOPLE(집계된 인구), CELL_SIZE_M(사용한 셀 크기).
예: qgis_process run basestationmapper:populationfromareas -- INPUT=districts.gpkg FIELD=pop_2020 CELL_SIZE=100 OUTPUT=people.tif</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="51"/>
        <source>Population areas (polygons)</source>
        <translation>인구 구역(폴리곤)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="53"/>
        <source>Field of people</source>
        <translation>인구 필드</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="55"/>
        <source>Cell size (m, empty or 0 = automatic)</source>
        <translation>셀 크기(m, 비우거나 0 = 자동)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="58"/>
        <source>Projected CRS in metres (default: UTM zone of the layer&apos;s centre)</source>
        <translation>미터 단위 투영 좌표계(기본: 레이어 중심의 UTM 구역)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="60"/>
        <source>People per cell</source>
        <translation>셀당 인구</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="61"/>
        <source>People counted</source>
        <translation>집계된 인구</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="62"/>
        <source>Cell size used (m)</source>
        <translation>사용한 셀 크기(m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="67"/>
        <source>INPUT: no polygon layer given</source>
        <translation>INPUT: 폴리곤 레이어가 주어지지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="72"/>
        <source>FIELD: choose the field of people of {layer} (none is named like population, pop or 인구; its fields: {fields})</source>
        <translation>FIELD: {layer}의 인구 필드를 선택하세요(population, pop 또는 인구처럼 이름 붙은 필드가 없습니다. 필드: {fields})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="75"/>
        <source>FIELD not given: the people of {field} are spread</source>
        <translation>FIELD가 주어지지 않아 {field}의 인구를 나눕니다</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="85"/>
        <source>OUTPUT: &apos;{path}&apos; is written as a GeoTIFF: give a name ending in .tif (e.g. {example})</source>
        <translation>OUTPUT: '{path}'은(는) GeoTIFF로 쓰입니다: .tif로 끝나는 이름을 주세요(예: {example})</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/processing/algorithms/populationfromareas.py" line="108"/>
        <source>{people} people of {n} feature spread over {w} x {h} cells of {size} m ({crs})</source>
        <comment>{people} people of {n} features spread over {w} x {h} cells of {size} m ({crs})</comment>
        <translation>
            <numerusform>피처 {n}개의 인구 {people}명을 {size} m 셀 {w} x {h}개에 나누었습니다({crs})</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="101"/>
        <source>the population area layer is missing or invalid</source>
        <translation>인구 구역 레이어가 없거나 유효하지 않습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="104"/>
        <source>population areas {layer}: the layer holds no polygons (areas); choose a layer of districts, provinces or hexagons with a people field</source>
        <translation>인구 구역 {layer}: 레이어에 폴리곤(구역)이 없습니다. 인구 필드가 있는 구역, 도 또는 육각형 레이어를 선택하세요</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="107"/>
        <source>population areas {layer}: no population field chosen</source>
        <translation>인구 구역 {layer}: 인구 필드를 선택하지 않았습니다</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="109"/>
        <source>population area layer</source>
        <translation>인구 구역 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="194"/>
        <source>Population areas {layer}: the people of {field} were spread evenly over each polygon&apos;s area on cells of {size} m ({crs}), written once to a temporary GeoTIFF, read for this run and then removed.</source>
        <translation>인구 구역 {layer}: {field}의 인구를 각 폴리곤 면적에 따라 {size} m 셀({crs})에 고르게 나누어 임시 GeoTIFF로 한 번 쓰고, 이번 실행에 읽은 뒤 삭제했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/population_areas.py" line="201"/>
        <source>population areas {layer} could not be written to a temporary GeoTIFF in {folder} ({error}): check the free space there</source>
        <translation>인구 구역 {layer}을(를) {folder}의 임시 GeoTIFF로 쓸 수 없습니다({error}): 그곳의 여유 공간을 확인하세요</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="221"/>
        <source>Points with a number of people (populated places: counted where they fall), or areas with one (census districts, provinces, hexagons: each one&apos;s people spread evenly over its area).</source>
        <translation>인구수가 있는 포인트(거주지: 놓인 곳에서 집계) 또는 인구수가 있는 구역(인구조사 구역, 도, 육각형: 각 구역의 인구를 면적에 따라 고르게 나눔).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="681"/>
        <source>or population points/areas</source>
        <translation>또는 인구 포인트/구역</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="302"/>
        <source>population points or areas layer</source>
        <translation>인구 포인트 또는 구역 레이어</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="488"/>
        <source>Both a population raster ({raster}) and population areas ({areas}) are chosen: the raster is counted; choose no population raster to count the areas.</source>
        <translation>인구 래스터({raster})와 인구 구역({areas})이 모두 선택되어 래스터로 셉니다. 구역으로 세려면 인구 래스터를 비우세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="124"/>
        <source>Makes the report an analyst hands over: an A4 landscape PDF with the title and date, the map (coverage over the imagery or a plain offline basemap, stations, region borders, legend, scale bar, north arrow, data attributions) and, on page 2, the statistics per region and total with low–high ranges, a bar chart of covered population per region and a methods paragraph (model, radii, DEM and population sources, the acquisition date of each imagery layer). Also a PNG of the map page.
STATIONS: station points. REGIONS + REGION_FIELD: provinces and their name field. POPULATION (raster of people per cell; POPULATION_BAND, band 1 unless given; tick POPULATION_IS_DENSITY for people per km²) or POPULATION_POINTS + POPULATION_FIELD (places with a population count) or POPULATION_AREAS + POPULATION_AREAS_FIELD (polygons with a count of people: census districts, provinces, hexagons; empty field: the one named like population, pop or 인구; each one's people spread evenly over its area as coveragestats does). MODEL, RADIUS (m, 0 = per technology), PENETRATION (subscribers / covered people, 0–1, default 0.27): passed to basestationmapper:coverage and basestationmapper:coveragestats, which the report runs unless COVERAGE (polygons) and STATISTICS (their table) are given. IMAGERY: raster layers drawn under the coverage (their date is read from the layer property basestation_mapper/acquisition_date). DEM: named in the methods. ATTRIBUTION: extra credit text. OUTPUT_PDF, OUTPUT_PNG (optional).
</source>
        <translation>분석가가 전달할 보고서를 만듭니다. A4 가로 PDF에 제목과 날짜, 지도(영상 또는 단순한 오프라인 배경지도 위의 커버리지, 기지국, 지역 경계, 범례, 축척 막대, 방위표, 데이터 출처 표기)를 넣고, 2쪽에는 지역별 및 전체 통계(최소–최대 범위 포함), 지역별 커버 인구 막대 차트, 방법 설명(모델, 반경, DEM과 인구 자료 출처, 각 영상 레이어의 촬영일)을 넣습니다. 지도 페이지의 PNG도 만듭니다.
STATIONS: 기지국 포인트. REGIONS + REGION_FIELD: 도 경계와 그 이름 필드. POPULATION(셀당 인구 래스터; POPULATION_BAND는 지정하지 않으면 밴드 1; km²당 인구이면 POPULATION_IS_DENSITY 선택) 또는 POPULATION_POINTS + POPULATION_FIELD(인구수가 있는 장소) 또는 POPULATION_AREAS + POPULATION_AREAS_FIELD(인구수가 있는 폴리곤: 인구조사 구역, 도, 육각형; 필드를 비우면 population, pop 또는 인구처럼 이름 붙은 필드; 각 폴리곤의 인구는 coveragestats처럼 그 면적에 고르게 나뉨). MODEL, RADIUS(m, 0 = 기술별), PENETRATION(가입자 / 커버 인구, 0–1, 기본값 0.27): basestationmapper:coverage와 basestationmapper:coveragestats에 전달하며, COVERAGE(폴리곤)와 STATISTICS(그 통계표)가 없으면 보고서가 이 두 알고리즘을 실행합니다. IMAGERY: 커버리지 아래에 그릴 래스터 레이어(날짜는 레이어 속성 basestation_mapper/acquisition_date에서 읽음). DEM: 방법 설명에 이름을 표기. ATTRIBUTION: 추가 출처 표기 문구. OUTPUT_PDF, OUTPUT_PNG(선택).
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="143"/>
        <source>Without any population (no POPULATION, POPULATION_POINTS nor POPULATION_AREAS, and no STATISTICS): the statistics are the area covered per region (coveragestats&apos; table with its population columns empty); such a table, computed or given as STATISTICS, is reported with the % of the area covered in page 1&apos;s summary, page 2 titled &apos;Area covered per region&apos; with the area columns only and without the chart of population covered, and the methods saying &apos;Population: none (the area covered only)&apos;, without penetration nor estimated subscribers.
</source>
        <translation>인구 자료가 없을 때(POPULATION, POPULATION_POINTS, POPULATION_AREAS도 STATISTICS도 없음): 통계는 지역별 커버 면적(인구 열이 비어 있는 coveragestats의 표)입니다. 계산했든 STATISTICS로 주었든 이런 표의 보고서는 1쪽 요약에 면적 커버율(%)을 보이고, 2쪽 제목은 '지역별 커버 면적'으로 면적 열만 있고 커버 인구 차트는 없으며, 방법 설명은 '인구: 없음(커버 면적만)'이라고 하고 보급률과 추정 가입자는 없습니다.
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/coveragestats.py" line="74"/>
        <source>Without any population (none of POPULATION, POPULATION_POINTS and POPULATION_AREAS): the area covered per region is counted, on cells of RESOLUTION m over the regions (0: automatic, 1/40 of the smallest radius, coarser past 4 million cells; also the cells of the area with POPULATION_POINTS), and the population columns (population, covered_pop, covered_pop_pct, estimated_subscribers and their ranges) are left empty: NULL in the table, empty in the CSV, as nothing was counted.</source>
        <translation>인구 자료가 없을 때(POPULATION, POPULATION_POINTS, POPULATION_AREAS 모두 없음): 지역별 커버 면적을 지역 위의 RESOLUTION m 셀에서 집계하고(0: 자동, 가장 작은 반경의 1/40, 400만 셀을 넘으면 더 거칠게; POPULATION_POINTS를 줄 때의 면적 셀도 이것), 인구 열(population, covered_pop, covered_pop_pct, estimated_subscribers와 그 범위)은 비워 둡니다: 아무것도 집계하지 않았으므로 표에서는 NULL, CSV에서는 빈 칸입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/export_layers.py" line="39"/>
        <source>Writes vector layers (stations, coverage per station, dissolved coverage, overlap, best server, regions, tables) to one file. The format follows the extension of OUTPUT:
.gpkg GeoPackage, every layer in one file (tables too);
.kmz Google Earth: a folder per layer, semi-transparent fills by technology or overlap count, station placemarks with every attribute in the balloon; .kml the same as plain KML, its station icon a link to maps.google.com;
.geojson one layer, WGS84 (RFC 7946); .shp one layer (field names longer than 10 characters are shortened; the log lists them).
LAYERS: the vector layers. TITLE: KMZ document name (optional).
</source>
        <translation>벡터 레이어(기지국, 기지국별 커버리지, 디졸브된 커버리지, 중첩, 최적 서버, 지역, 테이블)를 하나의 파일로 저장합니다. 형식은 OUTPUT의 확장자를 따릅니다:
.gpkg GeoPackage, 모든 레이어(테이블 포함)를 한 파일에 저장;
.kmz Google Earth: 레이어별 폴더, 기술 또는 중첩 수에 따른 반투명 채우기, 모든 속성을 말풍선에 보여 주는 기지국 장소표시; .kml 같은 내용의 일반 KML, 기지국 아이콘은 maps.google.com 링크;
.geojson 레이어 하나, WGS84(RFC 7946); .shp 레이어 하나(10자보다 긴 필드 이름은 줄여 쓰며, 로그에 목록이 표시됨).
LAYERS: 벡터 레이어. TITLE: KMZ 문서 이름(선택).
</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/importstations.py" line="56"/>
        <source>Reads base stations from a file into a point layer with the station schema (EPSG:4326).

Formats: CSV (delimiter, encoding and lon/lat or x/y columns detected; decimal degrees, DMS such as 39°01'12.3&quot;N, one column of 'lat, lon' pairs or WKT points), OpenCelliD cell exports (radio,mcc,net,area,cell,unit,lon,lat,range,...; also .csv.gz and the API's getInArea JSON or XML; cells are aggregated into sites, technology from radio), KML/KMZ (folders give the operator; every KML in a KMZ is read), GeoJSON/GeoPackage/Shapefile, XLSX/ODS sheets (lon/lat or x/y columns, their cells read as a CSV's), OpenStreetMap .osm/.osm.pbf, Overpass API JSON and overpass-turbo GeoJSON (man_made=mast|tower with tower:type=communication or communication:mobile_phone, telecom=bts, or an antenna for mobile phones); a .zip holding one such file (a shapefile with its sidecar files, a CSV, an XLSX/ODS workbook). A file without extension is known by its content.

INPUT: the file, or one layer of it as QGIS names a layer's source: stations.gpkg|layername=towers, a KML's or KMZ's folder doc.kml|layername=Towers, an OpenStreetMap file's x.osm|layername=points, or a layer by its number from 0, stations.gpkg|layerid=1 (without one, of a file of several layers the point layer of the station fields or named for stations, else the first, is read, the others named in the log; a KML, KMZ or OpenStreetMap file is read whole). MERGE_DISTANCE (m, optional): stations closer than this are merged, keeping every source. SKIP_INVALID: skip bad rows instead of failing (by default a file with bad rows imports nothing and the log lists every bad line with its reason). DELIMITER, ENCODING: a CSV's (empty: detected). X_FIELD, Y_FIELD: the longitude/latitude or x/y columns of a CSV or an XLSX/ODS sheet (empty: detected). CRS: the CRS of the projected x/y columns of a CSV or an XLSX/ODS sheet (also of a layer without one, such as a shapefile without its .prj). STATUS: status of stations the file gives none. SITE_DISTANCE (m): OpenCelliD cells of one operator and radio closer than this are one site. PLAIN_TABLE: read a CSV that looks like an OpenCelliD export as a plain table, each row a station (X_FIELD, Y_FIELD and CRS applying), its cells not grouped into sites.

Example: qgis_process run basestationmapper:importstations -- INPUT=cells.csv MERGE_DISTANCE=150 OUTPUT=stations.gpkg</source>
        <translation>파일에서 기지국을 읽어 기지국 스키마(EPSG:4326)의 포인트 레이어로 만듭니다.

형식: CSV(구분자, 인코딩, 경위도 또는 x/y 열 자동 감지; 십진 도, 39°01'12.3&quot;N 같은 도분초(DMS), '위도, 경도' 쌍 또는 WKT 점 한 열), OpenCelliD 셀 내보내기(radio,mcc,net,area,cell,unit,lon,lat,range,...; .csv.gz와 API의 getInArea JSON 또는 XML도 가능; 셀을 사이트로 묶고 radio에서 기술을 정함), KML/KMZ(폴더가 사업자; KMZ 안의 모든 KML을 읽음), GeoJSON/GeoPackage/Shapefile, XLSX/ODS 시트(경위도 또는 x/y 열, 셀은 CSV의 셀처럼 읽음), OpenStreetMap .osm/.osm.pbf, Overpass API JSON과 overpass-turbo GeoJSON(man_made=mast|tower와 tower:type=communication 또는 communication:mobile_phone, telecom=bts, 또는 휴대전화용 안테나); 이런 파일 하나를 담은 .zip(부속 파일이 모두 들어 있는 shapefile, CSV, XLSX/ODS 통합 문서). 확장자가 없는 파일은 내용으로 형식을 판단합니다.

INPUT: 파일, 또는 QGIS가 레이어 소스를 적는 방식으로 지정한 그 파일의 레이어 하나: stations.gpkg|layername=towers, KML이나 KMZ의 폴더 doc.kml|layername=Towers, OpenStreetMap 파일의 x.osm|layername=points, 또는 0부터 센 레이어 번호 stations.gpkg|layerid=1(지정하지 않으면 레이어가 여러 개인 파일에서는 기지국 필드를 가졌거나 기지국을 뜻하는 이름의 포인트 레이어, 없으면 첫 포인트 레이어를 읽고 나머지는 로그에 이름을 적으며, KML, KMZ, OpenStreetMap 파일은 전체를 읽음). MERGE_DISTANCE(m, 선택): 이 거리보다 가까운 기지국은 모든 출처를 유지한 채 병합합니다. SKIP_INVALID: 실패하는 대신 잘못된 행을 건너뜁니다(기본적으로 잘못된 행이 있는 파일은 아무것도 가져오지 않으며, 로그에 잘못된 줄마다 그 이유가 표시됩니다). DELIMITER, ENCODING: CSV의 구분자와 인코딩(비우면 자동 감지). X_FIELD, Y_FIELD: CSV 또는 XLSX/ODS 시트의 경도/위도 또는 x/y 열(비우면 자동 감지). CRS: CSV 또는 XLSX/ODS 시트의 투영된 x/y 열의 좌표계(좌표계가 없는 레이어, 예를 들어 .prj가 없는 shapefile의 좌표계이기도 함). STATUS: 파일에 상태가 없는 기지국에 줄 상태. SITE_DISTANCE(m): 같은 사업자, 같은 radio의 OpenCelliD 셀 중 이 거리보다 가까운 셀은 하나의 사이트로 봅니다. PLAIN_TABLE: OpenCelliD 내보내기처럼 보이는 CSV를 일반 표로 읽어, 셀을 사이트로 묶지 않고 각 행을 하나의 기지국으로 읽습니다(X_FIELD, Y_FIELD, CRS 적용).

예: qgis_process run basestationmapper:importstations -- INPUT=cells.csv MERGE_DISTANCE=150 OUTPUT=stations.gpkg</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="767"/>
        <source>terrain removes {removed} km²</source>
        <translation>지형으로 {removed} km² 제외</translation>
    </message>
    <message numerus="yes">
        <location filename="../plugin/ui/sections/coverage.py" line="777"/>
        <source>terrain removes {removed} person</source>
        <comment>terrain removes {removed} people</comment>
        <translation>
            <numerusform>지형으로 인구 {removed} 제외</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="261"/>
        <source>Recompute while you edit the station layer, the regions or the population points/areas</source>
        <translation>기지국 레이어, 지역 레이어 또는 인구 포인트/구역 레이어를 편집하는 동안 다시 계산</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="866"/>
        <source>{accepted} accepted and {rejected} rejected detected candidates with features, {min} needed</source>
        <translation>특징이 있는 탐지 후보: 확정 {accepted}개, 거부 {rejected}개 (필요: {min}개 이상)</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/report.py" line="672"/>
        <source>'–' or '{label}'</source>
        <translation>'–' 또는 '{label}'</translation>
    </message>
    <message>
        <location filename="../plugin/qgis_io/values.py" line="189"/>
        <source>{layer}: its properties {fields} hold numbers in some features and text in others, and saving an edit of a GeoJSON file writes them back changed (a date 2016-03-01 as the number 2016): nothing was changed. Save the layer as a GeoPackage (Export › Save Features As…) and work on that copy.</source>
        <translation>{layer}: 속성 {fields}에 어떤 피처에는 숫자가, 다른 피처에는 텍스트가 들어 있어 GeoJSON 파일의 편집을 저장하면 값이 바뀌어 기록됩니다(날짜 2016-03-01이 숫자 2016으로): 아무것도 변경하지 않았습니다. 레이어를 GeoPackage로 저장(내보내기 › 다른 이름으로 피처 저장…)한 뒤 그 사본으로 작업하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/core/detect/mast.py" line="921"/>
        <source>looks over one window may differ only in sun_azimuth and min_confidence</source>
        <translation>한 창에 대한 탐색들은 sun_azimuth와 min_confidence만 서로 다를 수 있습니다</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="376"/>
        <source>Clicked this close, it may be off by {error:.0f}°: a sun 3° off loses about a tenth of the masts, 6° off a third; zoom in or measure a longer shadow.</source>
        <translation>두 클릭이 가까워 {error:.0f}°까지 어긋날 수 있습니다. 태양이 3° 어긋나면 철탑의 약 10분의 1을, 6° 어긋나면 3분의 1을 놓칩니다. 확대하거나 더 긴 그림자에서 측정하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="111"/>
        <source>Sun elevation (degrees above the horizon; tells the masts&apos; heights from their shadows)</source>
        <translation>태양 고도 (지평선 위 각도(도); 그림자로 철탑 높이를 추정)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="165"/>
        <source>The image metadata give a sun elevation of {elevation:.1f}°: heights are told from shadows under a sun at {low:g}-{high:g}° only.</source>
        <translation>영상 메타데이터의 태양 고도는 {elevation:.1f}°입니다: 그림자로 높이를 추정하는 것은 태양 고도 {low:g}-{high:g}°에서만 가능합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="169"/>
        <source>Sun elevation {elevation:.1f}° from the image metadata: the candidates' heights are told from their shadows.</source>
        <translation>영상 메타데이터에서 얻은 태양 고도 {elevation:.1f}°: 후보의 높이를 그림자로 추정합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="174"/>
        <source>SUN_ELEVATION {elevation:g}°: heights are told from shadows under a sun at {low:g}-{high:g}° only; the candidates have the default antenna height.</source>
        <translation>SUN_ELEVATION {elevation:g}°: 그림자로 높이를 추정하는 것은 태양 고도 {low:g}-{high:g}°에서만 가능합니다. 후보에는 기본 안테나 높이가 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="309"/>
        <source>The candidates have the default antenna height ({height:g} m): give SUN_ELEVATION to tell their heights from their shadows.</source>
        <translation>후보에는 기본 안테나 높이({height:g} m)가 적용됩니다: 그림자로 높이를 추정하려면 SUN_ELEVATION을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/options_page.py" line="152"/>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="250"/>
        <source>Sun elevation</source>
        <translation>태양 고도</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="407"/>
        <source>Sun azimuth {azimuth:.1f}° and elevation {elevation:.1f}° from the image metadata ({source}).</source>
        <translation>영상 메타데이터에서 얻은 태양 방위각 {azimuth:.1f}°, 고도 {elevation:.1f}° ({source}).</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="550"/>
        <source>Heights told from the shadows under a sun at {elevation:.0f}°.</source>
        <translation>태양 고도 {elevation:.0f}°에서 그림자로 높이를 추정했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="302"/>
        <source>Sun elevation {elevation:.1f}°: as high as the sun stands at {azimuth:.0f}° on the image date ({date}); the candidates' heights are told from their shadows.</source>
        <translation>태양 고도 {elevation:.1f}°: 영상 촬영 날짜({date})에 태양이 방위 {azimuth:.0f}°에 있을 때의 고도입니다. 후보의 높이를 그림자로 추정합니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="546"/>
        <source>Heights told from the shadows under a sun at {elevation:.0f}°, as high as it stands at that azimuth on the image date ({date}).</source>
        <translation>태양 고도 {elevation:.0f}°에서 그림자로 높이를 추정했습니다. 영상 촬영 날짜({date})에 태양이 그 방위에 있을 때의 고도입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="245"/>
        <source>Sun elevation above the horizon ({low:g}-{high:g}°), from the image metadata or typed: each candidate's antenna height is then its mast's height told from its shadow (length × tan(elevation)). 'unknown': the elevation the sun has at the run's azimuth on the imagery's acquisition date, when it has one; else the default antenna height</source>
        <translation>지평선 위 태양 고도({low:g}-{high:g}°). 영상 메타데이터에서 가져오거나 직접 입력합니다: 고도가 있으면 각 후보의 안테나 높이는 그림자로 추정한 철탑 높이(길이 × tan(고도))가 됩니다. '알 수 없음': 영상에 촬영 날짜가 있으면 그 날 태양이 실행의 방위에 있을 때의 고도를 쓰고, 없으면 기본 안테나 높이를 씁니다</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="127"/>
        <source>Sun searched among the azimuths the sun takes on {date} there ({arc}).</source>
        <translation>{date}에 그곳에서 태양이 지나는 방위({arc}) 안에서만 태양을 탐색했습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/detect.py" line="66"/>
        <source>Finds lattice masts (base stations) in satellite or aerial imagery of about 0.3-1 m and writes them as candidate stations (status candidate, origin detected) for review.

The built-in detector needs no training data: it looks for the long, thin, straight shadow of a mast (length = height / tan(sun elevation), pointing away from the sun), its compact base, and nearby solar panels and equipment shelter, and combines them into a confidence 0-1. The raster is processed in overlapping windows, so any size works with bounded memory.

INPUT: raster layer (RGB, RGB-NIR, palette or a single band: 8 or 16 bit, or Float32 reflectance, 0-1 or × 10,000). Local rasters in a projected CRS in metres or feet are read at their resolution (lengths in ground metres, Web Mercator's scale corrected); web layers (XYZ/WMS) and rasters in degrees are read at RESOLUTION metres in the UTM zone of the extent.
EXTENT: optional area to search (default: the whole raster).
SUN_AZIMUTH: optional, degrees clockwise from north; when empty it is searched over all angles (all shadows of a scene agree on one sun), on a layer with an acquisition date only among the azimuths the sun takes that day there.
SUN_FROM_METADATA: with SUN_AZIMUTH empty, take the sun from the image metadata when they give it (the provider's sun azimuth, or the acquisition time in UTC at the image centre); default off.
SUN_ELEVATION: optional, degrees above the horizon (10-80); when empty, the image metadata's when they give one, else the elevation of the sun at the shadows' azimuth on the layer's acquisition date (the sun passes an azimuth once a day). With it, each candidate's antenna_height_m is its mast's height told from its shadow (length × tan(elevation)) and its notes say so; without it, the default antenna height.
MIN_CONFIDENCE: 0-1, default 0.5.
MIN_SHADOW / MAX_SHADOW: shadow lengths searched, metres (default 8 and 100).
ONNX_MODEL: optional object-detection model (.onnx) used instead of the built-in detector (needs onnxruntime; see the README for its input/output contract).
OUTPUT: points (WGS84) with the full station schema: confidence, source (image), image_date, detector (name and version), features (JSON feature vector, used by re-ranking).

Example: qgis_process run basestationmapper:detect -- INPUT=scene.tif MIN_CONFIDENCE=0.6 SUN_AZIMUTH=150 OUTPUT=candidates.gpkg</source>
        <translation>위성 또는 항공 영상(약 0.3-1 m)에서 격자형 철탑(기지국)을 찾아 검토용 후보 기지국(status candidate, origin detected)으로 기록합니다.

내장 탐지기는 학습 데이터가 필요 없습니다. 철탑의 길고 가늘며 곧은 그림자(길이 = 높이 / tan(태양 고도), 태양 반대 방향), 작은 기초부, 주변의 태양광 패널과 장비 함체를 찾아 0-1 신뢰도로 결합합니다. 래스터는 겹치는 창 단위로 처리되므로 크기와 관계없이 메모리 사용량이 제한됩니다.

INPUT: 래스터 레이어(RGB, RGB-NIR, 팔레트 또는 단일 밴드: 8 또는 16 bit, 또는 Float32 반사율, 0-1 또는 × 10,000). 미터 또는 피트 단위 투영 좌표계의 로컬 래스터는 원래 해상도로 읽고(길이는 지상 미터, 웹 메르카토르의 축척 보정), 웹 레이어(XYZ/WMS)와 도 단위 래스터는 범위의 UTM 존에서 RESOLUTION 미터로 읽습니다.
EXTENT: 검색할 영역(선택, 기본값: 래스터 전체).
SUN_AZIMUTH: 선택, 북쪽에서 시계 방향 각도(도). 비워 두면 모든 각도를 탐색합니다(한 장면의 모든 그림자는 하나의 태양을 따릅니다). 촬영 날짜가 있는 레이어에서는 그 날 그곳에서 태양이 지나는 방위 안에서만 탐색합니다.
SUN_FROM_METADATA: SUN_AZIMUTH가 비어 있을 때, 영상 메타데이터가 태양을 알려 주면 그것을 사용합니다(제공자의 태양 방위각, 또는 영상 중심에서의 UTC 촬영 시각); 기본값은 끔.
SUN_ELEVATION: 선택, 지평선 위 각도(도, 10-80). 비워 두면 영상 메타데이터가 알려 주는 고도를, 그것도 없으면 레이어의 촬영 날짜에 태양이 그림자 방위에 있을 때의 고도를 씁니다(태양은 하루에 한 번 그 방위를 지납니다). 고도가 있으면 각 후보의 antenna_height_m은 그림자로 추정한 철탑 높이(길이 × tan(고도))이고 notes에 그렇게 적힙니다. 없으면 기본 안테나 높이입니다.
MIN_CONFIDENCE: 0-1, 기본값 0.5.
MIN_SHADOW / MAX_SHADOW: 탐색할 그림자 길이, 미터(기본값 8 및 100).
ONNX_MODEL: 내장 탐지기 대신 사용할 객체 탐지 모델(.onnx, 선택; onnxruntime 필요, 입출력 규약은 README 참조).
OUTPUT: 전체 기지국 스키마를 가진 점(WGS84): confidence, source(영상), image_date, detector(이름과 버전), features(재순위에 쓰이는 JSON 특징 벡터).

예: qgis_process run basestationmapper:detect -- INPUT=scene.tif MIN_CONFIDENCE=0.6 SUN_AZIMUTH=150 OUTPUT=candidates.gpkg</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="787"/>
        <source>Not re-ranked: on your {m} decisions, the order learnt from them puts no more confirmed stations in the top {k} than the detector&apos;s confidence ({after:.0%} against {before:.0%}); the confidence is kept. Review more candidates and try again.</source>
        <translation>재순위를 적용하지 않았습니다: 검토한 {m}건에서 학습한 순서가 탐지기 신뢰도보다 상위 {k}개에 확정 기지국을 더 많이 두지 못합니다(탐지기 {before:.0%}, 학습한 순서 {after:.0%}). 신뢰도는 그대로 둡니다. 후보를 더 검토한 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/import_task.py" line="37"/>
        <source>Check {name} for import</source>
        <translation>가져오기 전 {name} 검사</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/import_task.py" line="106"/>
        <source>Read the layers of {name}</source>
        <translation>{name}의 레이어 읽기</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="374"/>
        <source>{format} (reading the file…)</source>
        <translation>{format} (파일 읽는 중…)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="376"/>
        <source>{file} is still being read: its layers and columns are shown when it is read.</source>
        <translation>{file}을(를) 아직 읽는 중입니다. 다 읽으면 레이어와 열이 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="403"/>
        <source>{format} (not read)</source>
        <translation>{format} (읽지 않음)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="405"/>
        <source>Reading {file} was canceled: press Check file to read it.</source>
        <translation>{file} 읽기가 취소되었습니다. 읽으려면 파일 검사를 누르세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="739"/>
        <source>Check canceled.</source>
        <translation>검사가 취소되었습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="743"/>
        <source>Checking {file}… {percent} %</source>
        <translation>{file} 검사 중… {percent}%</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="748"/>
        <source>Cancel check</source>
        <translation>검사 취소</translation>
    </message>
    <message>
        <location filename="../plugin/ui/import_dialog.py" line="773"/>
        <source>No station layer is chosen in the dock: the stations go to a new layer.</source>
        <translation>도크에서 기지국 레이어가 선택되지 않았습니다. 기지국은 새 레이어에 추가됩니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="613"/>
        <source>Until it completes, the coverage and statistics shown are out of date: they are from before your latest changes.</source>
        <translation>계산이 끝날 때까지 표시된 커버리지와 통계는 최신이 아닙니다. 마지막 변경 이전의 결과입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="696"/>
        <source>Coverage canceled: the coverage and statistics shown are out of date, from before your latest changes. Click {button} to compute them again.</source>
        <translation>커버리지 계산이 취소되었습니다. 표시된 커버리지와 통계는 마지막 변경 이전의 것으로 최신이 아닙니다. 다시 계산하려면 {button}을(를) 누르세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="709"/>
        <source>The coverage and statistics shown are out of date: compute them again</source>
        <translation>표시된 커버리지와 통계가 최신이 아닙니다. 다시 계산하세요</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="856"/>
        <source>{summary} (out of date)</source>
        <translation>{summary} (최신 아님)</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/imagery.py" line="269"/>
        <source>Choose a layer (&apos;{name}&apos; is no longer listed as imagery)</source>
        <translation>레이어를 선택하세요('{name}'은(는) 더 이상 영상으로 분류되지 않음)</translation>
    </message>
    <message>
        <location filename="../plugin/core/paths.py" line="37"/>
        <source>QGIS cannot open the GeoPackage {path}: GDAL reads &apos;{escape}&apos; in its path as an escaped character (as &apos;%20&apos; is a space in a web address) and looks for another file. Rename the folder or file without that &apos;%&apos;, or choose another folder.</source>
        <translation>QGIS에서 GeoPackage {path}을(를) 열 수 없습니다. GDAL이 경로의 '{escape}'를 이스케이프된 문자로 읽어(웹 주소에서 '%20'이 공백인 것처럼) 다른 파일을 찾습니다. 해당 '%'가 없도록 폴더나 파일 이름을 바꾸거나 다른 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/core/paths.py" line="80"/>
        <source>{path} is too long for a {format}: {library} reads and writes such files at paths of at most {limit} bytes, and this one takes {length}. Use a shorter folder or file name.</source>
        <translation>{path}은(는) {format}에 너무 깁니다. {library}은(는) 최대 {limit}바이트 경로에서만 이러한 파일을 읽고 쓰며, 이 경로는 {length}바이트입니다. 더 짧은 폴더나 파일 이름을 사용하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/algorithms/report.py" line="88"/>
        <source>STATISTICS: the table &apos;{name}&apos; has none of the columns of the coverage statistics ({wanted}); its columns: {columns}. Give the table basestationmapper:coveragestats writes, as a layer of the run, a GeoPackage, a CSV or an XLSX file: a shapefile cuts its column names to 10 characters.</source>
        <translation>STATISTICS: 테이블 '{name}'에 커버리지 통계 열({wanted})이 하나도 없습니다. 열: {columns}. basestationmapper:coveragestats가 쓰는 테이블을 실행의 레이어, GeoPackage, CSV 또는 XLSX 파일로 지정하세요. Shapefile은 열 이름을 10자로 자릅니다.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="608"/>
        <source>{name}: a raster cannot be a memory layer (&apos;{value}&apos;): give a file name ending in .tif, or TEMPORARY_OUTPUT for a temporary file.</source>
        <translation>{name}: 래스터는 메모리 레이어가 될 수 없습니다('{value}'). .tif로 끝나는 파일 이름을 지정하거나, 임시 파일에는 TEMPORARY_OUTPUT을 지정하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="656"/>
        <source>{name}: {problem}</source>
        <translation>{name}: {problem}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/base.py" line="924"/>
        <source>{name}: a shapefile holds no table without geometry: the table is written as the shapefile&apos;s dBASE file alone, {path}, which QGIS opens as a table.</source>
        <translation>{name}: Shapefile은 도형 없는 테이블을 담을 수 없습니다. 테이블은 Shapefile의 dBASE 파일 {path}만으로 쓰이며, QGIS는 이를 테이블로 엽니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="158"/>
        <source>The {what} '{name}' is unavailable: its data cannot be opened ({source}). Repair it in the Layers panel (right-click it › Repair Data Source…) or choose another layer in the list.</source>
        <translation>{what} '{name}'을(를) 사용할 수 없습니다. 데이터를 열 수 없습니다({source}). 레이어 패널에서 복구하거나(마우스 오른쪽 클릭 › 데이터 소스 복구…) 목록에서 다른 레이어를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/tasks/detect_task.py" line="239"/>
        <source>its file {path} cannot be found: repair it in the Layers panel (right-click it › Repair Data Source…), or add the file again.</source>
        <translation>파일 {path}을(를) 찾을 수 없습니다. 레이어 패널에서 복구하거나(마우스 오른쪽 클릭 › 데이터 소스 복구…) 파일을 다시 추가하세요.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/detection_panel.py" line="619"/>
        <source>{name}: the stations found again could not be updated.</source>
        <translation>{name}: 다시 발견된 기지국을 갱신할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/coverage.py" line="664"/>
        <source>The coverage and statistics shown are out of date: they are from before your latest changes.</source>
        <translation>표시된 커버리지와 통계는 최신이 아닙니다. 마지막 변경 이전의 결과입니다.</translation>
    </message>
    <message>
        <location filename="../plugin/ui/sections/layer_choice.py" line="155"/>
        <source>The {what} '{name}' is unavailable: its file {path} cannot be found. Repair it in the Layers panel (right-click it › Repair Data Source…) or choose another layer in the list.</source>
        <translation>{what} '{name}'을(를) 사용할 수 없습니다. 파일 {path}을(를) 찾을 수 없습니다. 레이어 패널에서 복구하거나(마우스 오른쪽 클릭 › 데이터 소스 복구…) 목록에서 다른 레이어를 선택하세요.</translation>
    </message>
</context>
</TS>
