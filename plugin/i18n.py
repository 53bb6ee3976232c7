"""Translation helpers: every user-visible string goes through :func:`tr`."""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .constants import I18N_DIR, PACKAGE_NAME, TR_CONTEXT
from .core.messages import Msg, message_of

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
    translated too). Any other text, or exception, is returned as its ``str``."""
    if isinstance(message, BaseException):
        message = message_of(message)
    if not isinstance(message, Msg):
        return str(message)
    args = {k: translated(v) if isinstance(v, Msg) else v for k, v in message.args.items()}
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
