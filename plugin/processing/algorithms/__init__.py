"""One module per Processing algorithm; the provider discovers them all.

A module contributes every subclass of
:class:`~basestation_mapper.plugin.processing.base.BaseStationMapperAlgorithm` it defines.
"""
