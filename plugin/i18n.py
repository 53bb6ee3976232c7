"""Translation helpers: every user-visible string goes through :func:`tr`."""

from __future__ import annotations

import math
import numbers
import re

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .constants import I18N_DIR, PACKAGE_NAME, TR_CONTEXT
from .core.messages import Msg, Num, message_of

_translator: QTranslator | None = None


def tr(message: str, plural: str | None = None, n: int | None = None) -> str:
    """Translate ``message`` in the plugin's single translation context.

    With a count, ``tr("{n} file written", "{n} files written", n)``: ``message`` is the English singular and
    ``plural`` the English plural (the .ts file's disambiguation); a translation gives the form of its
    language for ``n`` (Qt's numerus forms, one in Korean), English the singular for 1 and the plural
    otherwise. Placeholders are filled by the caller (``.format(n=...)``; ``%n`` is Qt's own). ``plural`` is
    ASCII only: Qt reads a disambiguation as ASCII (put other characters in a placeholder).
    """
    if n is None:
        return QCoreApplication.translate(TR_CONTEXT, message)
    n = int(n)
    text = QCoreApplication.translate(TR_CONTEXT, message, plural, n)
    if plural is not None and n != 1 and text == message.replace("%n", str(n)):  # not translated: English
        return plural.replace("%n", str(n))
    return text


def translated(message) -> str:
    """A message of the core (:class:`.core.messages.Msg`, or an exception raised with one) in the QGIS
    language: its template translated by :func:`tr`, its values filled (a value that is a message
    translated too; a number (:func:`.core.messages.num`), or a float given as it is, written by
    :func:`number_spec`). Any other text, or exception, is returned as its ``str``."""
    if isinstance(message, BaseException):
        message = message_of(message)
    if isinstance(message, Num):
        return number_spec(message.value, message.spec)
    if not isinstance(message, Msg):
        return str(message)
    args = {k: translated(v) if isinstance(v, (Msg, Num)) else LocaleNumber(v) if _fraction(v) else v
            for k, v in message.args.items()}
    if message.literal:
        text = message.template
    elif message.plural is not None:
        text = tr(message.template, message.plural, message.n)
    else:
        text = tr(message.template)
    try:
        return text.format(**args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English text
        return str(message)


def _fraction(value) -> bool:
    """Whether a message value is a number that is no whole number type (a float): written as QGIS writes numbers.
    A whole number given as it is (a line, a band, a feature id) is left as it is."""
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)


def number_locale(grouped: bool = True) -> QLocale:
    """The locale QGIS writes numbers in: ``QLocale()``, the default QGIS sets at startup from Options › General ›
    Locale ("Locale (numbers, date and currency formats)", ``locale/globalLocale``), with its group (thousands)
    separators when ``grouped``. QGIS omits them in its own tables and boxes unless "Show group separator" is ticked,
    numbers meant to be edited or copied; the plugin's are read (a province's 2,345,678 people, 1,203 stations), so
    they are grouped as the English text always was, in the locale's way: '1,203' in English, '1.203' in German,
    '1 203' in French."""
    locale = QLocale()
    omit = QLocale.NumberOption.OmitGroupSeparator
    options = locale.numberOptions()
    locale.setNumberOptions(options & ~omit if grouped else options | omit)
    return locale


def number(value, decimals: int | None = 0, count: bool = False, grouped: bool = True) -> str:
    """``value`` written as QGIS writes numbers (:func:`number_locale`): the locale's decimal separator (``12,5``
    in German) and, when ``grouped``, its group separators. ``decimals`` digits after the decimal separator;
    ``None``: the shortest text of 6 significant digits (Python's ``:g``, never grouped); ``count``: a whole number.
    The text the analyst reads in QGIS (dock, panels, dialogs, message bar, PDF report): never for data written to
    files (CSV, attributes), which keep ``'.'`` decimals."""
    locale = number_locale(grouped and decimals is not None)
    if count:
        try:
            return number_locale(grouped).toString(int(value))
        except (TypeError, ValueError, OverflowError):  # NaN, infinity: as a decimal number
            decimals = 0
    value = float(value)
    if decimals is None:
        return locale.toString(value, "g", 6)
    return locale.toString(value, "f", int(decimals))


#: ``[,][.precision][type]`` of a Python format spec: what :func:`number_spec` writes with :func:`number`
_SPEC = re.compile(r"^(?P<group>[,_]?)(?:\.(?P<precision>\d+))?(?P<kind>[dfFgGeE%]?)$")
#: QLocale::FloatingPointShortest (Qt 5.7): the shortest text that reads back as the same number
_SHORTEST = -128


def number_spec(value, spec: str = "") -> str:
    """``format(value, spec)`` written with :func:`number`: ``","`` (or ``"d"``) a count, ``",.1f"``/``".1f"`` one
    decimal, ``"g"``/``".3g"`` significant digits, ``".0%"`` a percentage; group separators (the locale's) where
    ``spec`` asks for them, as Python writes them. Another spec (width, alignment, sign), or a value that is no
    number, is Python's ``format``."""
    match = _SPEC.match(spec)
    if match is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return format(value, spec)
    precision, kind, grouped = match["precision"], match["kind"], bool(match["group"])
    digits = 6 if precision is None else int(precision)
    if kind in ("", "d") and isinstance(value, numbers.Integral):
        return number(value, count=True, grouped=grouped)
    if kind == "%":
        return number(float(value) * 100, digits, grouped=grouped) + number_locale().percent()
    if kind in ("f", "F"):
        return number(value, digits, grouped=grouped)
    if kind in ("g", "G", "e", "E"):
        return number_locale(grouped).toString(float(value), kind, max(1, digits) if kind in "gG" else digits)
    if kind == "" and precision is None:  # a float as Python writes it: the shortest text that reads back as it,
        locale = number_locale(grouped)  # a whole one with its '.0' ('200.0')
        text = locale.toString(float(value), "g", _SHORTEST)
        if math.isfinite(value) and text.lstrip(locale.negativeSign()).replace(locale.groupSeparator(), "").isdigit():
            text += locale.decimalPoint() + locale.toString(0)
        return text
    return format(value, spec)


class LocaleNumber:
    """A number that a format spec of a template writes as QGIS writes numbers (:func:`number_spec`):
    ``tr("{pct:.0f} % covered").format(pct=LocaleNumber(71.4))`` is ``'71 % covered'``; ``'0,5'`` for
    ``{x:.1f}`` of 0.5 in German. For the templates that hold their number's format (their translations too)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __format__(self, spec: str) -> str:
        return number_spec(self.value, spec)

    def __str__(self) -> str:
        return number_spec(self.value)

    def __repr__(self) -> str:
        return f"LocaleNumber({self.value!r})"


def qgis_locale() -> str:
    """Two-letter language code of the QGIS user interface (``locale/userLocale``)."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        value = settings.value("locale/userLocale", "", type=str)
    else:
        value = settings.value("locale/userLocale", "", type=str) or QLocale.system().name()
    return (value or "en")[0:2]


def install_translator() -> str | None:
    """Install the translator matching the QGIS locale; return the .qm path used, if any."""
    global _translator
    remove_translator()
    locale = qgis_locale()
    qm = I18N_DIR / f"{PACKAGE_NAME}_{locale}.qm"
    if not qm.exists():
        return None
    translator = QTranslator()
    if not translator.load(str(qm)):
        return None
    QCoreApplication.installTranslator(translator)
    _translator = translator
    return str(qm)


def remove_translator() -> None:
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
