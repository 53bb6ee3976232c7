"""Messages to the user built by the core, in English, translatable by the QGIS side.

The core imports no qgis, so it cannot translate: it builds each warning, note or error text with
:func:`tr`, which returns a :class:`Msg`, a ``str`` holding the English text (the command line and the
logs print it as before) and carrying its English template, its plural and count, and its named
values. ``plugin.i18n.translated`` translates the template in the plugin's translation context and fills
the values (a :class:`Msg` value translated too).

pylupdate5 reads ``tr("...")`` and ``tr("... singular", "... plural", n)`` calls, so the templates land
in the .ts file's context of the plugin's other ``tr`` calls (``constants.TR_CONTEXT``). Values are
given formatted, the template holding plain ``{name}`` fields; ``{n}`` is the count. A number is given as
:func:`num` (``num(x, ",.0f")``, not ``f"{x:,.0f}"``): its text is the English one, and QGIS writes it the way
it writes numbers (its locale's decimal and group separators).
"""

from __future__ import annotations


class Num(str):
    """A number in a message: its English text (``format(value, spec)``: ``num(12345.6, ",.0f")`` is
    ``'12,346'``, the command line and the logs print it as before), with the number and its format spec, so
    that ``plugin.i18n.translated`` writes it as QGIS writes numbers (``'12.346'`` in German: the same digits, the
    locale's signs)."""

    value: float | int
    spec: str

    def __new__(cls, value, spec: str = ""):
        if hasattr(value, "item") and not isinstance(value, (int, float)):  # a numpy scalar: a Python number
            value = value.item()
        self = super().__new__(cls, format(value, spec))
        self.value, self.spec = value, spec
        return self

    def __reduce__(self):  # pickled as a Num (Dask workers, process pools)
        return (Num, (self.value, self.spec))


def num(value, spec: str = "") -> Num:
    """``value`` formatted with the format spec ``spec`` (``","``, ``",.0f"``, ``".1f"``, ``"g"``, ``".0%"``) as a
    message value (:class:`Num`): English text here, the QGIS way in QGIS."""
    return Num(value, spec)


class Msg(str):
    """English text of a message (a ``str``), with what is needed to translate it."""

    template: str
    plural: str | None
    n: int | None
    args: dict
    #: the template is no text to translate (:func:`joined`): only the values are translated
    literal: bool

    def __new__(cls, template: str, plural: str | None = None, n: int | None = None, args: dict | None = None,
                literal: bool = False):
        args = dict(args or {})
        if n is not None:  # the count; given as a number (:func:`num`), {n} is written as that number is
            count = int(n.value) if isinstance(n, Num) else int(n)
            args.setdefault("n", n if isinstance(n, Num) else count)
            n = count
        english = plural if plural is not None and n is not None and n != 1 else template
        self = super().__new__(cls, english.format(**args))
        self.template, self.plural, self.n, self.args, self.literal = template, plural, n, args, literal
        return self

    def __reduce__(self):  # pickled as a Msg (Dask workers, process pools)
        return (Msg, (self.template, self.plural, self.n, self.args, self.literal))


def tr(template: str, plural: str | None = None, n: int | None = None, **args) -> Msg:
    """The message ``template`` (English) filled with ``args``; with a count ``n``, ``template`` is the
    singular and ``plural`` the plural (``{n}`` is the count). Named ``tr`` for pylupdate5."""
    return Msg(template, plural, n, args)


def literal(template: str, **args) -> Msg:
    """A message whose ``template`` is no text to translate, a value and its unit: ``literal("{km} km",
    km=num(x, "g"))``; only its values are translated, its numbers written as QGIS writes them."""
    return Msg(template, args=args, literal=True)


def joined(separator: str, parts) -> Msg:
    """``separator.join(parts)`` as a message: each part (a :class:`Msg` or text) is translated on its own, the
    separator is kept. ``joined("", [a, b])`` puts two messages one after the other."""
    parts = list(parts)
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{p{i}}}" for i in range(len(parts)))
    return Msg(template, args={f"p{i}": part for i, part in enumerate(parts)}, literal=True)


def message_of(exc: BaseException) -> str:
    """The message of an exception: its :class:`Msg` when raised with one, else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)
