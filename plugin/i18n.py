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
    The digits are Python's (rounded half to even, as the command line's: '62' of 62.5), in the locale's signs.
    The text the analyst reads in QGIS (dock, panels, dialogs, message bar, PDF report): never for data written to
    files (CSV, attributes), which keep ``'.'`` decimals."""
    if count:
        try:
            return _whole(int(value), grouped)
        except (TypeError, ValueError, OverflowError):  # NaN, infinity: as a decimal number
            decimals = 0
    value = float(value)
    if decimals is None:
        return _written(format(value, "g"), number_locale(False))
    return _written(format(value, f".{int(decimals)}f"), number_locale(grouped))


#: the whole numbers QLocale.toString writes (PyQt5: qlonglong; past it, 0 or an error)
_QT_WHOLE = range(-(2**63), 2**63)


def _whole(value: int, grouped: bool) -> str:
    """A whole number in the locale's digits and, when ``grouped``, its group separators."""
    locale = number_locale(grouped)
    if value in _QT_WHOLE:
        return locale.toString(value)
    zero = ord(locale.zeroDigit())  # past Qt's integers: Python's digits, in the locale's signs
    digits = "".join(locale.groupSeparator() if c == "," else chr(zero + int(c))
                     for c in format(abs(value), "," if grouped else "d"))
    return locale.negativeSign() + digits if value < 0 else digits


def _written(text: str, locale: QLocale) -> str:
    """``text``, a number as Python writes it (``format(value, spec)``: ``'-1,234.50'``, ``'1.5e-07'``, ``'27%'``),
    written by ``locale``: the same digits (Python's rounding, half to even), in the same form (``'1000000.0'``, not
    Qt's ``'1e+06'``), with the locale's decimal, group, minus and percent signs (group separators as ``locale``
    has them); ``'nan'`` and ``'inf'`` as they are."""
    percent = text.endswith("%")
    plain = (text[:-1] if percent else text).replace(",", "").replace("_", "")
    try:
        value = float(plain)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    exponent = "e" if "e" in plain else "E" if "E" in plain else ""
    mantissa = plain.partition(exponent)[0] if exponent else plain
    out = locale.toString(value, exponent or "f", len(mantissa.partition(".")[2]))
    if plain.startswith("-") and not out.startswith(locale.negativeSign()):  # '-0.0': Python keeps its sign
        out = locale.negativeSign() + out
    return out + locale.percent() if percent else out


#: ``[,][.precision][type]`` of a Python format spec: what :func:`number_spec` writes with :func:`number`
_SPEC = re.compile(r"^(?P<group>[,_]?)(?:\.(?P<precision>\d+))?(?P<kind>[dfFgGeE%]?)$")


def number_spec(value, spec: str = "") -> str:
    """``format(value, spec)`` written with :func:`number`: ``","`` (or ``"d"``) a count, ``",.1f"``/``".1f"`` one
    decimal, ``"g"``/``".3g"`` significant digits, ``".0%"`` a percentage, ``""`` a float as Python writes it
    (``'200.0'``); Python's digits in the locale's signs, group separators (the locale's) where ``spec`` asks for
    them, as Python writes them. Another spec (width, alignment, sign), or a value that is no number, is Python's
    ``format``."""
    match = _SPEC.match(spec)
    if match is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return format(value, spec)
    grouped = bool(match["group"])
    if match["kind"] in ("", "d") and isinstance(value, numbers.Integral):
        return number(value, count=True, grouped=grouped)
    try:
        text = format(value, spec)
    except TypeError:  # a number type that takes no format spec (a Fraction before Python 3.12)
        text = format(float(value), spec)
    return _written(text, number_locale(grouped))


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
