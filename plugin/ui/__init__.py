"""Dock widget, map tools and dialogs."""
