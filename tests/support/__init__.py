"""Shared test utilities: import as ``from support.<module> import ...`` (tests/ is on sys.path)."""
