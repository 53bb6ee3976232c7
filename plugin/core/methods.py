"""Words of a coverage run's methods (the report's), as core messages: a run stores them in no language and the
report shows them in its own (:func:`..i18n.translated`)."""

from __future__ import annotations

from . import radio
from .messages import Msg, joined, literal, num, tr


def model_words(model: str) -> Msg | str:
    """The name of a coverage model (:data:`.radio.MODEL_PRESET`, ``MODEL_HATA``, ``MODEL_COST231``)."""
    words = {radio.MODEL_PRESET: tr("Technology presets"), radio.MODEL_HATA: tr("Okumura-Hata"),
             radio.MODEL_COST231: tr("COST-231 Hata")}
    return words.get(model, str(model))


def budget_words(frequency_mhz: float, eirp_dbm: float, rx_threshold_dbm: float, environment: str) -> Msg:
    """A link budget: '900 MHz, 58 dBm, -100 dBm, urban'."""
    environments = dict(zip(radio.ENVIRONMENTS, (tr("urban"), tr("suburban"), tr("open"))))
    return joined(", ", (literal("{v} MHz", v=num(float(frequency_mhz), "g")),
                         literal("{v} dBm", v=num(float(eirp_dbm), "g")),
                         literal("{v} dBm", v=num(float(rx_threshold_dbm), "g")),
                         environments.get(environment, str(environment))))


def station_radii_words(given: int, total: int) -> Msg:
    """The radius of ``given`` of ``total`` stations is their own radius_m (all of them, or some, the others' next)."""
    if given == total:
        return tr("each station's own (field radius_m)")
    return tr("each station's own (field radius_m) for {n} of {total}, the others:", n=num(given, ","),
              total=num(total, ","))


def raster_words(name: str, density: bool, band: int = 1, count: int = 1) -> Msg:
    """A population raster, its band when it has several."""
    words = tr("raster {name} (people per km²)", name=name) if density else tr("raster {name}", name=name)
    if count > 1:
        words = joined(", ", (words, tr("band {band} of {count}", band=band, count=count)))
    return words


def points_words(name: str, field: str) -> Msg:
    """Population points."""
    return tr("places of {name} (field {field}), counted where they fall", name=name, field=field)


def areas_words(name: str, field: str) -> Msg:
    """Population areas."""
    return tr("areas of {name} (field {field}), each one's people spread evenly over its area", name=name,
              field=field)


def no_population_words() -> Msg:
    return tr("none (the area covered only)")
