<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>@default</name>
    <message>
      <location filename="../plugin/ui/dock.py" line="29" />
      <source>Base Station Mapper</source>
      <translation>기지국 매퍼</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" line="65" />
      <source>Base Station Mapper panel</source>
      <translation>기지국 매퍼 패널</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" line="65" />
      <source>Show or hide the Base Station Mapper panel</source>
      <translation>기지국 매퍼 패널 표시/숨기기</translation>
    </message>
    <message>
      <location filename="../plugin/ui/dock.py" line="74" />
      <source>Nothing loaded yet: add imagery in the Imagery section, create or import a station layer in Stations, or open the sample data shipped with the plugin.</source>
      <translation>아직 불러온 것이 없습니다. 영상 섹션에서 위성영상을 추가하거나, 기지국 섹션에서 기지국 레이어를 만들거나 가져오거나, 플러그인에 포함된 예제 데이터를 여십시오.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/coverage.py" line="14" />
      <source>Coverage model (technology radii, Okumura-Hata / COST-231, sectors), optional DEM for line of sight, region and population layers, and the statistics table per region. Turn on live to refresh while you edit.</source>
      <translation>커버리지 모델(기술별 반경, Okumura-Hata / COST-231, 섹터), 가시선 분석용 DEM(선택), 지역 및 인구 레이어, 지역별 통계표. 실시간을 켜면 편집하는 동안 자동으로 갱신됩니다.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/coverage.py" line="21" />
      <source>Coverage and statistics</source>
      <translation>커버리지 및 통계</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/detection.py" line="14" />
      <source>Run the tower detector over an imagery layer and extent, then review the candidates one by one: Accept (A), Reject (R), Skip (N), Back (P).</source>
      <translation>영상 레이어와 범위에 대해 철탑 탐지기를 실행한 뒤 후보를 하나씩 검토합니다: 승인(A), 거부(R), 건너뛰기(N), 이전(P).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/detection.py" line="20" />
      <source>Detection and review</source>
      <translation>탐지 및 검토</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/export.py" line="14" />
      <source>Export coverage and station layers (GeoPackage, GeoJSON, Shapefile, KMZ, CSV, GeoTIFF) and a PDF report.</source>
      <translation>커버리지 및 기지국 레이어(GeoPackage, GeoJSON, Shapefile, KMZ, CSV, GeoTIFF)와 PDF 보고서를 내보냅니다.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/export.py" line="20" />
      <source>Export</source>
      <translation>내보내기</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/imagery.py" line="14" />
      <source>Satellite and aerial layers listed by acquisition date. Add a preset (Esri World Imagery, OpenStreetMap), your own XYZ/WMS/WMTS URL or a local GeoTIFF/COG/VRT file, and compare two dates.</source>
      <translation>촬영일 순으로 정렬된 위성·항공 영상 레이어. 사전 설정(Esri World Imagery, OpenStreetMap), 사용자 XYZ/WMS/WMTS 주소 또는 로컬 GeoTIFF/COG/VRT 파일을 추가하고 두 날짜를 비교합니다.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/imagery.py" line="21" />
      <source>Imagery</source>
      <translation>영상</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/stations.py" line="14" />
      <source>The station layer and its defaults (technology, operator, antenna height). Press S to add a station with one click, import OpenCelliD CSV, KML/KMZ, OSM or GeoPackage files, and merge sources.</source>
      <translation>기지국 레이어와 기본값(기술, 사업자, 안테나 높이). S 키를 눌러 클릭 한 번으로 기지국을 추가하고, OpenCelliD CSV, KML/KMZ, OSM, GeoPackage 파일을 가져오고 출처를 병합합니다.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/stations.py" line="21" />
      <source>Stations</source>
      <translation>기지국</translation>
    </message>
  </context>
</TS>