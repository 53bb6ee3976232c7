"""Plumbing shared by the export and report algorithms: feedback callbacks, error mapping."""

from __future__ import annotations

from contextlib import contextmanager

from qgis.core import QgsProcessingException, QgsProcessingParameterBoolean

from ..core.cancel import Canceled
from ..core.safe_write import ExportError
from ..i18n import tr, translated
from .base import BaseStationMapperAlgorithm, canceled

GROUP_ID = "export"


def callbacks(feedback):
    """``(progress(fraction), check())`` for the export functions, bound to a Processing feedback."""

    def progress(fraction: float) -> None:
        if feedback is not None:
            feedback.setProgress(100.0 * max(0.0, min(1.0, fraction)))

    def check() -> None:
        if feedback is not None and feedback.isCanceled():
            raise Canceled()

    return progress, check


@contextmanager
def user_errors():
    """Turn export errors into QgsProcessingException with a clear message (cancel passes through:
    the algorithm returns :func:`..base.canceled`)."""
    try:
        yield
    except ExportError as exc:
        raise QgsProcessingException(translated(exc)) from exc


def edited_target_problem(alg, parameters, context, name: str = "OUTPUT") -> str:
    """Why the file output ``name`` cannot be written now ('' when it can): a layer of the project is
    editing that file (see :func:`..qgis_io.export.refuse_edited_target`). For checkParameterValues,
    which runs on the main thread."""
    from qgis.core import QgsProject

    from ..qgis_io.export import refuse_edited_target

    path = alg.parameterAsFileOutput(parameters, name, context)
    if not path:
        return ""
    try:
        refuse_edited_target(path, context.project() or QgsProject.instance())
    except ExportError as exc:
        return translated(exc)
    return ""


def overwrite_parameter() -> QgsProcessingParameterBoolean:
    return QgsProcessingParameterBoolean(
        "OVERWRITE", tr("Replace existing output files"), defaultValue=False)


def overwrite_help() -> str:
    return tr("OVERWRITE: replace an output file that already exists (default: no — the algorithm stops "
              "with a message and the existing file is left untouched). Files are written to a temporary name "
              "first and moved into place only when complete.")


def fit_parameters(algorithm, wanted: dict) -> dict:
    """The subset of ``wanted`` that ``algorithm`` accepts, with enum values given as text resolved.

    Lets a pipeline pass the parameters it knows (e.g. MODEL='hata') to an algorithm written
    elsewhere: unknown names are dropped, empty values left to the algorithm's defaults, and a
    text value for an enum parameter is matched against its options (case-insensitive).
    """
    from qgis.core import QgsProcessingParameterEnum

    out = {}
    for definition in algorithm.parameterDefinitions():
        name = definition.name()
        if name not in wanted or wanted[name] is None or wanted[name] == "":
            continue
        value = wanted[name]
        if isinstance(definition, QgsProcessingParameterEnum) and isinstance(value, str):
            if value.strip().isdigit():
                value = int(value)
            else:
                options = [o.lower() for o in definition.options()]
                text = value.strip().lower()
                matches = [i for i, o in enumerate(options) if o == text] or [
                    i for i, o in enumerate(options) if text in o]
                if not matches:
                    raise QgsProcessingException(tr("{name}: '{value}' is not one of: {options}").format(
                        name=name, value=value, options=", ".join(definition.options())))
                value = matches[0]
            if definition.usesStaticStrings() and 0 <= value < len(definition.options()):
                value = definition.options()[value]  # an enum of names takes a name
        out[name] = value
    return out


def run_child(alg_id: str, wanted: dict, context, feedback, why: str = "") -> dict:
    """Run ``basestationmapper:<alg_id>`` as a child algorithm; clear message when it is missing."""
    import processing
    from qgis.core import QgsApplication

    from ..constants import PROVIDER_ID

    full_id = f"{PROVIDER_ID}:{alg_id}"
    algorithm = QgsApplication.processingRegistry().algorithmById(full_id)
    if algorithm is None:
        raise QgsProcessingException(tr("This step needs the algorithm {id}{why}, which is not available in this "
                                        "installation.").format(id=full_id, why=f" ({why})" if why else ""))
    params = fit_parameters(algorithm, wanted)
    result = processing.run(full_id, params, context=context, feedback=feedback, is_child_algorithm=True)
    if feedback is not None and feedback.isCanceled():
        raise Canceled()  # a canceled child returns no output
    return result


class SourceExportAlgorithm(BaseStationMapperAlgorithm):
    """An export of one feature source (``INPUT_KEY``) to the file ``OUTPUT``: the file a layer of the project is
    editing refused, the source read through its layer where there is one (the values QGIS reads as NULL, a GeoJSON
    mixing numbers and text), warnings to the log, cancel leaving no file. Subclasses give :meth:`write`."""

    INPUT_KEY = "INPUT"
    #: the layer's name in the messages when the source has none
    DEFAULT_NAME = "layer"
    #: the output giving the number of features written
    COUNT_OUTPUT = "ROWS"

    def write(self, snap, output: str, overwrite: bool, context, progress, check):
        """Write ``snap`` (see :func:`..qgis_io.export.source_snapshot`) to ``output``; returns the ExportResult."""
        raise NotImplementedError

    def checkParameterValues(self, parameters, context):
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        problem = edited_target_problem(self, parameters, context)  # its edits would land on other rows
        return (False, problem) if problem else (True, "")

    def process(self, parameters, context, feedback):
        from ..qgis_io.export import source_snapshot

        key = self.INPUT_KEY
        source = self.parameterAsSource(parameters, key, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, key))
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        overwrite = self.parameterAsBoolean(parameters, "OVERWRITE", context)
        name = self.source_name(parameters, key, context, self.DEFAULT_NAME)
        # the layer behind the source, for the values QGIS reads as NULL (a GeoJSON mixing numbers and text)
        snap = source_snapshot(source, name, self.parameterAsVectorLayer(parameters, key, context))
        progress, check = callbacks(feedback)
        try:
            check()
            with user_errors():
                result = self.write(snap, output, overwrite, context, progress, check)
        except Canceled:
            return canceled(feedback)
        for warning in result.warnings:
            feedback.pushWarning(warning)
        return {"OUTPUT": str(result.path), self.COUNT_OUTPUT: sum(result.layers.values())}
