"""KML and KMZ files written the way Google Earth Pro, Google My Maps and Google Earth on the web export them
(their elements, namespaces, styles and layout, small and synthetic)."""

from __future__ import annotations

import zipfile
from pathlib import Path

GX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" '
           'xmlns:gx="http://www.google.com/kml/ext/2.2" xmlns:kml="http://www.opengis.net/kml/2.2" '
           'xmlns:atom="http://www.w3.org/2005/Atom">\n')
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def earth_pro_kml(link: str = "") -> str:
    """Google Earth Pro's 'Save Place As': a Document named after the file, a StyleMap of pushpins, nested
    folders (operator › technology), LookAt and Camera views with gx:altitudeMode, gx:drawOrder, a point placed
    'relative to ground' at the top of its mast, a MultiGeometry of a point and its link line, a path, and
    (``link``) a NetworkLink to a local file, its absolute path as Earth Pro writes it."""
    network = (f"\t\t<NetworkLink>\n\t\t\t<name>More towers</name>\n\t\t\t<refreshVisibility>0</refreshVisibility>\n"
               f"\t\t\t<flyToView>0</flyToView>\n\t\t\t<Link>\n\t\t\t\t<href>{link}</href>\n\t\t\t</Link>\n"
               f"\t\t</NetworkLink>\n") if link else ""
    return GX_HEAD + f"""<Document>
	<name>Survey 2021.kmz</name>
	<StyleMap id="m_ylw-pushpin">
		<Pair>
			<key>normal</key>
			<styleUrl>#s_ylw-pushpin</styleUrl>
		</Pair>
		<Pair>
			<key>highlight</key>
			<styleUrl>#s_ylw-pushpin_hl</styleUrl>
		</Pair>
	</StyleMap>
	<Style id="s_ylw-pushpin">
		<IconStyle>
			<scale>1.1</scale>
			<Icon>
				<href>files/tower.png</href>
			</Icon>
			<hotSpot x="20" y="2" xunits="pixels" yunits="pixels"/>
		</IconStyle>
	</Style>
	<Folder>
		<name>Survey 2021</name>
		<open>1</open>
{network}		<Folder>
			<name>Koryolink</name>
			<Folder>
				<name>3G</name>
				<Placemark>
					<name>Mast 1</name>
					<Snippet maxLines="0"></Snippet>
					<description><![CDATA[<b>seen</b> from the road]]></description>
					<LookAt>
						<longitude>125.7543</longitude>
						<latitude>39.0392</latitude>
						<altitude>0</altitude>
						<heading>-2.1</heading>
						<tilt>45</tilt>
						<range>812.4</range>
						<gx:altitudeMode>relativeToSeaFloor</gx:altitudeMode>
					</LookAt>
					<TimeStamp><when>2021-05-04</when></TimeStamp>
					<styleUrl>#m_ylw-pushpin</styleUrl>
					<Point>
						<gx:drawOrder>1</gx:drawOrder>
						<coordinates>125.7543,39.0392,0</coordinates>
					</Point>
				</Placemark>
				<Placemark>
					<name>Mast 2</name>
					<Camera>
						<longitude>125.77</longitude>
						<latitude>39.01</latitude>
						<altitude>500</altitude>
						<heading>0</heading>
						<tilt>60</tilt>
						<roll>0</roll>
						<altitudeMode>absolute</altitudeMode>
					</Camera>
					<styleUrl>#m_ylw-pushpin</styleUrl>
					<Point>
						<extrude>1</extrude>
						<altitudeMode>relativeToGround</altitudeMode>
						<coordinates>125.7800,39.0190,35</coordinates>
					</Point>
				</Placemark>
			</Folder>
		</Folder>
		<Placemark>
			<name>Tower with its link</name>
			<styleUrl>#m_ylw-pushpin</styleUrl>
			<MultiGeometry>
				<LineString>
					<tessellate>1</tessellate>
					<coordinates>127.5364,39.9183,0 127.5400,39.9200,0</coordinates>
				</LineString>
				<Point>
					<coordinates>127.5364,39.9183,0</coordinates>
				</Point>
			</MultiGeometry>
		</Placemark>
		<Placemark>
			<name>Road to the hill</name>
			<LineString>
				<coordinates>124.3,40.1,0 124.4,40.2,0</coordinates>
			</LineString>
		</Placemark>
	</Folder>
</Document>
</kml>
"""


def my_maps_kml() -> str:
    """Google My Maps' 'Export to KML/KMZ': icon styles and their StyleMap, a layer named after the sheet it was
    imported from, the sheet's columns as ExtendedData Data (a blank cell an empty value) repeated in the
    description (after the image of a photo added to the place), an 'Untitled layer' of a drawn point and a drawn
    area."""
    def data(values: dict) -> str:
        return "".join(f'          <Data name="{key}">\n            <value>{value}</value>\n          </Data>\n'
                       if value else f'          <Data name="{key}">\n            <value/>\n          </Data>\n'
                       for key, value in values.items())

    def placemark(name, values, lon, lat, photo=""):
        description = "<br>".join(f"{key}: {value}" for key, value in values.items() if key != "gx_media_links")
        if photo:  # a photo added to the place: its image first, its address a column
            description = f'<img src="{photo}" height="200" width="auto" /><br><br>' + description
            values = {"gx_media_links": photo, **values}
        return (f"      <Placemark>\n        <name>{name}</name>\n"
                f"        <description><![CDATA[{description}]]></description>\n"
                f"        <styleUrl>#icon-1899-0288D1</styleUrl>\n        <ExtendedData>\n{data(values)}"
                f"        </ExtendedData>\n        <Point>\n          <coordinates>\n            {lon},{lat},0\n"
                f"          </coordinates>\n        </Point>\n      </Placemark>\n")

    style = ("    <Style id=\"icon-1899-0288D1-{kind}\">\n      <IconStyle>\n        <color>ffd18802</color>\n"
             "        <scale>1</scale>\n        <Icon>\n          <href>images/icon-1.png</href>\n        </Icon>\n"
             "        <hotSpot x=\"32\" xunits=\"pixels\" y=\"64\" yunits=\"insetPixels\"/>\n      </IconStyle>\n"
             "      <LabelStyle>\n        <scale>{label}</scale>\n      </LabelStyle>\n    </Style>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n  <Document>\n'
            "    <name>Base stations survey</name>\n    <description/>\n"
            + style.format(kind="normal", label=0) + style.format(kind="highlight", label=1)
            + "    <StyleMap id=\"icon-1899-0288D1\">\n      <Pair>\n        <key>normal</key>\n"
              "        <styleUrl>#icon-1899-0288D1-normal</styleUrl>\n      </Pair>\n      <Pair>\n"
              "        <key>highlight</key>\n        <styleUrl>#icon-1899-0288D1-highlight</styleUrl>\n"
              "      </Pair>\n    </StyleMap>\n    <Folder>\n      <name>towers.xlsx</name>\n"
            + placemark("Site 101", {"operator": "Koryolink", "technology": "4G", "height": "32",
                                     "azimuth": "0;120;240"}, 125.7543, 39.0392,
                        photo="https://mymaps.usercontent.google.com/hostedimage/m/*/6AXqTz1a")
            + placemark("Site 102", {"operator": "Kangsong", "technology": "3G", "height": "", "azimuth": ""},
                        125.78, 39.019)
            + "    </Folder>\n    <Folder>\n      <name>Untitled layer</name>\n      <Placemark>\n"
              "        <name>Point 3</name>\n        <styleUrl>#icon-1899-0288D1</styleUrl>\n        <Point>\n"
              "          <coordinates>\n            127.5364,39.9183,0\n          </coordinates>\n        </Point>\n"
              "      </Placemark>\n      <Placemark>\n        <name>Coverage area</name>\n"
              "        <styleUrl>#poly-000000-1200-77-nodesc</styleUrl>\n        <Polygon>\n"
              "          <outerBoundaryIs>\n            <LinearRing>\n              <tessellate>1</tessellate>\n"
              "              <coordinates>\n                125.5,39.0,0\n                125.9,39.0,0\n"
              "                125.9,39.3,0\n                125.5,39.0,0\n              </coordinates>\n"
              "            </LinearRing>\n          </outerBoundaryIs>\n        </Polygon>\n      </Placemark>\n"
              "    </Folder>\n  </Document>\n</kml>\n")


def my_maps_network_link_kml() -> str:
    """My Maps' export with 'Keep data up to date with network link KML': a link to the map online only."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n  <Document>\n'
            "    <name>Base stations survey</name>\n    <NetworkLink>\n      <name>Base stations survey</name>\n"
            "      <Link>\n        <href>https://www.google.com/maps/d/kml?mid=1aBcDeFgHiJkLmNoPq&amp;lid=zXcVbNm"
            "</href>\n      </Link>\n    </NetworkLink>\n  </Document>\n</kml>\n")


def earth_web_kml() -> str:
    """Google Earth on the web's project export: gx:CascadingStyle with kml:id, managed StyleMaps, placemarks with
    ids, LookAt with gx:fovy and altitudeMode absolute, a gx:Carousel of photos, points with their ground's
    altitude above the sea (clamped to the ground)."""
    cascading = ("\t<gx:CascadingStyle kml:id=\"__managed_style_{id}\">\n\t\t<Style>\n\t\t\t<IconStyle>\n"
                 "\t\t\t\t<scale>1.2</scale>\n\t\t\t\t<Icon>\n\t\t\t\t\t<href>https://earth.google.com/earth/rpc/cc/"
                 "icon?color=1976d2&amp;id=2000&amp;scale=4</href>\n\t\t\t\t</Icon>\n\t\t\t\t<hotSpot x=\"64\" "
                 "y=\"128\" xunits=\"pixels\" yunits=\"insetPixels\"/>\n\t\t\t</IconStyle>\n\t\t\t<LabelStyle>\n"
                 "\t\t\t</LabelStyle>\n\t\t\t<LineStyle>\n\t\t\t\t<color>ff2dc0fb</color>\n\t\t\t\t<width>6</width>\n"
                 "\t\t\t</LineStyle>\n\t\t\t<PolyStyle>\n\t\t\t\t<color>40ffffff</color>\n\t\t\t</PolyStyle>\n"
                 "\t\t\t<BalloonStyle>\n\t\t\t\t<displayMode>hide</displayMode>\n\t\t\t</BalloonStyle>\n"
                 "\t\t</Style>\n\t</gx:CascadingStyle>\n")

    def placemark(pid, name, lon, lat, alt, extra=""):
        return (f"\t<Placemark id=\"{pid}\">\n\t\t<name>{name}</name>\n{extra}\t\t<LookAt>\n"
                f"\t\t\t<longitude>{lon}</longitude>\n\t\t\t<latitude>{lat}</latitude>\n\t\t\t<altitude>{alt}"
                "</altitude>\n\t\t\t<heading>0</heading>\n\t\t\t<tilt>0</tilt>\n\t\t\t<gx:fovy>35</gx:fovy>\n"
                "\t\t\t<range>1081.6</range>\n\t\t\t<altitudeMode>absolute</altitudeMode>\n\t\t</LookAt>\n"
                "\t\t<styleUrl>#__managed_style_0C6F7C3F6E1D2F0EA1A3</styleUrl>\n"
                f"\t\t<Point>\n\t\t\t<coordinates>{lon},{lat},{alt}</coordinates>\n\t\t</Point>\n\t</Placemark>\n")

    carousel = ("\t\t<description>LTE, three sectors</description>\n\t\t<gx:Carousel>\n"
                "\t\t\t<gx:Image kml:id=\"embedded_image_0A1B\">\n\t\t\t\t<gx:ImageUrl><![CDATA[https://lh3.google"
                "usercontent.com/abc=w400]]></gx:ImageUrl>\n\t\t\t</gx:Image>\n\t\t</gx:Carousel>\n")
    return (GX_HEAD + "<Document>\n\t<name>Towers project</name>\n"
            + cascading.format(id="25E2B6A1F51D2F0EA1A3") + cascading.format(id="1C0E42C3F51D2F0EA1A3")
            + "\t<StyleMap id=\"__managed_style_0C6F7C3F6E1D2F0EA1A3\">\n\t\t<Pair>\n\t\t\t<key>normal</key>\n"
              "\t\t\t<styleUrl>#__managed_style_1C0E42C3F51D2F0EA1A3</styleUrl>\n\t\t</Pair>\n\t\t<Pair>\n"
              "\t\t\t<key>highlight</key>\n\t\t\t<styleUrl>#__managed_style_25E2B6A1F51D2F0EA1A3</styleUrl>\n"
              "\t\t</Pair>\n\t</StyleMap>\n"
            + placemark("04A3E7A1C01D2F0EA1A3", "Rooftop mast", 125.7543, 39.0392, 41.27, carousel)
            + placemark("0B7E2F1AB21D2F0EA1A3", "Hill tower", 127.5364, 39.9183, 512.8)
            + "</Document>\n</kml>\n")


def schema_data_kml() -> str:
    """Typed ExtendedData (Schema and SchemaData, as Google Earth Pro writes a table it imported, displayName
    holding HTML) beside untyped Data in one placemark."""
    return GX_HEAD + """<Document id="root_doc">
<Schema name="towers" id="towers">
	<SimpleField type="string" name="tech"><displayName>&lt;b&gt;Technology&lt;/b&gt;</displayName></SimpleField>
	<SimpleField type="float" name="height"><displayName>Height (m)</displayName></SimpleField>
	<SimpleField type="string" name="operator"></SimpleField>
</Schema>
<Folder><name>towers</name>
	<Placemark>
		<name>A</name>
		<ExtendedData><SchemaData schemaUrl="#towers">
			<SimpleData name="tech">LTE</SimpleData>
			<SimpleData name="height">25</SimpleData>
			<SimpleData name="operator">Koryolink</SimpleData>
		</SchemaData></ExtendedData>
		<Point><coordinates>125.7543,39.0392</coordinates></Point>
	</Placemark>
	<Placemark>
		<name>B</name>
		<ExtendedData>
			<Data name="azimuth"><displayName>Azimuths</displayName><value>90</value></Data>
			<SchemaData schemaUrl="#towers">
				<SimpleData name="tech">UMTS</SimpleData>
				<SimpleData name="height">40</SimpleData>
			</SchemaData>
		</ExtendedData>
		<Point><coordinates>125.78,39.019</coordinates></Point>
	</Placemark>
</Folder>
</Document>
</kml>
"""


def kmz(path: Path, doc: str, others: dict | None = None) -> Path:
    """A KMZ as Google's applications write it: doc.kml first, its images beside it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", doc)
        for name, data in (others or {}).items():
            archive.writestr(name, data)
    return path


def earth_pro_model_kml() -> str:
    """A tower modelled in 3D as Google Earth Pro saves it in a KMZ (its COLLADA model and texture beside
    doc.kml): a Model placed at its Location, the view's LookAt elsewhere, and a pin of a second tower."""
    return GX_HEAD + """<Document>
	<name>Tower models.kmz</name>
	<Folder>
		<name>Kangsong</name>
		<Placemark>
			<name>Lattice tower</name>
			<LookAt>
				<longitude>125.70</longitude>
				<latitude>39.00</latitude>
				<altitude>0</altitude>
				<range>200</range>
				<altitudeMode>relativeToGround</altitudeMode>
			</LookAt>
			<Model id="model_1">
				<altitudeMode>relativeToGround</altitudeMode>
				<Location>
					<longitude>125.7543</longitude>
					<latitude>39.0392</latitude>
					<altitude>0</altitude>
				</Location>
				<Orientation>
					<heading>0</heading>
					<tilt>0</tilt>
					<roll>0</roll>
				</Orientation>
				<Scale>
					<x>1</x>
					<y>1</y>
					<z>1</z>
				</Scale>
				<Link>
					<href>models/tower.dae</href>
				</Link>
				<ResourceMap>
					<Alias>
						<targetHref>../images/steel.jpg</targetHref>
						<sourceHref>steel.jpg</sourceHref>
					</Alias>
				</ResourceMap>
			</Model>
		</Placemark>
		<Placemark>
			<name>Pin</name>
			<Point>
				<coordinates>125.7800,39.0190,0</coordinates>
			</Point>
		</Placemark>
	</Folder>
</Document>
</kml>
"""
