"""The one cancel signal: ``check()`` callbacks raise :class:`Canceled` when the user canceled."""


class Canceled(Exception):
    """The user canceled the work (tasks, Processing algorithms); nothing is written or applied."""
