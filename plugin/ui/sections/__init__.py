"""The dock's sections, top to bottom in the order of the work."""

from .coverage import CoverageSection
from .detection import DetectionSection
from .export import ExportSection
from .imagery import ImagerySection
from .stations import StationsSection

#: Order of the sections in the dock.
SECTION_CLASSES = (ImagerySection, StationsSection, DetectionSection, CoverageSection, ExportSection)
