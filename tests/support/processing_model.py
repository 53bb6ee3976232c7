"""Pieces of Processing models the model tests build."""

from __future__ import annotations


def model_output(child, name: str, output: str) -> None:
    """The output ``output`` of the model's step ``child`` (a QgsProcessingModelChildAlgorithm) made an output
    of the model named ``name``."""
    from qgis.core import QgsProcessingModelOutput

    out = QgsProcessingModelOutput(name)
    out.setChildOutputName(output)
    out.setChildId(child.childId())
    child.setModelOutputs({**child.modelOutputs(), name: out})
